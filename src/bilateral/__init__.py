"""bilateral: event data from French and English news on international relations."""
from __future__ import annotations

__version__ = "0.1.0"

from .coder import Coder  # noqa: E402
from .errors import (  # noqa: E402
    BilateralError, GoldFileError, InputError, LexiconError, ModelError, QueryError, StoreError,
)
from .evaluate import Scores, evaluate_file  # noqa: E402
from .export import event_to_plover  # noqa: E402
from .ingest import Problem, read_inputs  # noqa: E402
from .lexicons import load_lexicons  # noqa: E402
from .model import ActorRef, Article, Event, TextInfo  # noqa: E402



def open(path: str = "bilateral.duckdb", *, read_only: bool = True):  # noqa: A001 - bilateral.open(...)
    """Open a store: ``bilateral.open("bilateral.duckdb").events(dyad=("MLI", "RUS"))``."""
    from .store import Store

    return Store(path, read_only=read_only)


__all__ = [
    "ActorRef",
    "Article",
    "BilateralError",
    "Coder",
    "Event",
    "GoldFileError",
    "InputError",
    "QueryError",
    "LexiconError",
    "ModelError",
    "StoreError",
    "Problem",
    "Scores",
    "TextInfo",
    "__version__",
    "evaluate_file",
    "open",
    "event_to_plover",
    "load_lexicons",
    "read_inputs",
]

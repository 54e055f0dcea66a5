"""The DuckDB store: schema and migrations, writing batches, de-duplication, queries.

>>> import bilateral
>>> store = bilateral.open("bilateral.duckdb")
>>> store.events(dyad=("MLI", "RUS")).head()
>>> store.events(dyad="Mali,Russie", actor="Moscou")   # names, adjectives and capitals work as codes do
>>> store.dyad("MLI", "RUS", include_unasserted=True)   # negated, hypothetical and future events counted too
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ..names import resolve_dyad
from . import queries
from .gate import Gate
from .schema import DEFAULT_DB, SCHEMA_VERSION, connect, faults

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "Frame", "Store", "connect", "open_store"]


class Frame(pd.DataFrame):
    """A pandas DataFrame with ``.pl()`` for the same rows as a polars DataFrame."""

    @property
    def _constructor(self):
        return Frame

    def pl(self):
        import polars as pl

        return pl.from_pandas(pd.DataFrame(self))


def _frame(relation) -> Frame:
    return Frame(relation.df())


class Store:
    """An open store. Read-only unless asked otherwise, so queries never block or change it.

    Every method lists and counts asserted events, as every other surface does (the CLI, the API, the
    pages); ``include_unasserted=True`` adds the negated, hypothetical and future ones.
    A damaged file, a full disk or any other fault met while answering raises ``StoreError``.
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = True):
        self.path = str(path)
        self._turn = None  # a read-only store waits for an ingest's batch, and holds off the next (``gate``)
        if read_only:
            self.con, self._turn = Gate(self.path).open_reader()
        else:
            self.con = connect(self.path, read_only=read_only)

    def events(self, *, dyad: tuple[str, str] | str | None = None, actor: str | None = None,
               type: str | None = None, quad: int | None = None, context: str | None = None,
               since: str | date | None = None, until: str | date | None = None, text: str | None = None,
               min_confidence: float | None = None, include_unasserted: bool = False, limit: int | None = None,
               offset: int = 0) -> Frame:
        """De-duplicated events, oldest first, with their evidence and numbers of mentions.

        ``dyad`` (both directions) is a pair or a string, ``actor`` one actor (as actor or recipient);
        each actor a code or a name, adjective or capital in French or English: ``("Mali", "Russia")``,
        ``"MLI,RUS"`` and ``"Mali,Russie"`` select the same events. ``text`` keeps events whose
        evidence, title or an actor's name holds every one of its words (whole words, any case or
        accents); ``min_confidence`` keeps events whose confidence is at least that (every event is
        stored). Asserted events only, unless ``include_unasserted`` (or a ``context`` of negation,
        hypothetical or future); the ``assertion`` column tells them apart."""
        flt = queries.EventFilter.parse(dyad=dyad, actor=actor, type=type, quad=quad, context=context,
                                        since=since, until=until, text=text, min_confidence=min_confidence,
                                        include_unasserted=include_unasserted)
        with faults(self.path):
            return _frame(queries.events(self.con, flt, limit=limit, offset=offset))

    def mentions(self, event_id: str) -> Frame:
        """Every report of one event (article, outlet, sentence, offsets)."""
        with faults(self.path):
            return _frame(queries.mentions(self.con, event_id))

    def dyad(self, a: str, b: str | None = None, *, top: int = 10,
             include_unasserted: bool = False) -> queries.DyadSummary:
        """One pair of actors over time: ``dyad("MLI", "RUS")``, ``dyad("Mali", "Russie")`` or
        ``dyad("Mali,Russie")``; the summary holds the codes. ``.top`` holds the ``top`` most reported
        events: by distinct articles, then outlets, then reports."""
        a, b = resolve_dyad(a if b is None else (a, b))
        with faults(self.path):
            return queries.dyad(self.con, a, b, top=top, include_unasserted=include_unasserted)

    def actors(self, *, include_unasserted: bool = False) -> Frame:
        """Every actor code with the events in which it acts and is acted on, and their reports."""
        with faults(self.path):
            return _frame(queries.actors(self.con, include_unasserted=include_unasserted))

    def corpus(self, *, include_unasserted: bool = False) -> dict:
        """Articles, clusters, events, their reports (``mentions``), first and last dates, runs."""
        with faults(self.path):
            return queries.corpus(self.con, include_unasserted=include_unasserted)

    def sql(self, query: str, params: list | dict | None = None) -> Frame:
        """Any read query on the documented schema."""
        with faults(self.path):
            return _frame(self.con.sql(query, params=params))

    def close(self) -> None:
        Gate.close_reader(self.con, self._turn)
        self._turn = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(path: str | Path = DEFAULT_DB, *, read_only: bool = True) -> Store:
    """Open the store at ``path`` (``bilateral.open`` is this function)."""
    return Store(path, read_only=read_only)

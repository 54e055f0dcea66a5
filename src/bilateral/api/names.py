"""Actor names in English and French for labels and for search, read from the resolver's index
(``bilateral.names``), so that the pages, the API and the CLI know the same names."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..names import ActorIndex, actor_index, fold

__all__ = ["Names", "fold", "names"]


@dataclass(frozen=True)
class Names:
    """Display names per language and every searchable form (folded) of every actor code."""

    display: dict[str, dict[str, str]]
    forms: dict[str, str]
    index: ActorIndex

    def name(self, code: str, lang: str = "en") -> str:
        return self.index.name(code, lang)

    def find(self, query: str, *, limit: int = 10) -> list[str]:
        """Codes ``query`` names as a whole (a code or a form), else the closest ones."""
        exact = self.index.exact(query)
        return list(exact[:limit]) if exact else list(self.index.candidates(query, limit=limit))

    def pair(self, query: str) -> tuple[str, str] | None:
        """Two codes when ``query`` names exactly two actors ("Mali Russie", "MLI-RUS", "Mali and Russia")."""
        readings = self.index.pairs(query)
        return readings[0] if len(readings) == 1 else None


@lru_cache(maxsize=1)
def names() -> Names:
    index = actor_index()
    forms: dict[str, str] = {}
    for form, code, key in index.spellings:
        if len(index.forms[key]) == 1:  # a form two actors share names neither in search
            forms.setdefault(fold(form), code)
    for code in index.display["en"]:
        forms.setdefault(fold(code), code)
    return Names({lang: dict(table) for lang, table in index.display.items()}, forms, index)


"""How much of CAMEO the trigger lexicons cover: code × language × part of speech."""
from __future__ import annotations

from dataclasses import dataclass
from .ontology import load_ontology

POS = ("VERB", "NOUN")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    plover: str  # empty for codes PLOVER does not map (roots 01 and 02)


def cameo_codes() -> tuple[CameoCode, ...]:
    """Every three-digit CAMEO code (``data/cameo_codes.csv``, read and validated with the ontology)."""
    return tuple(CameoCode(*row) for row in load_ontology().codes)


@dataclass(frozen=True)
class Coverage:
    """``counts[(code, lang, pos)]`` = triggers of that exact three-digit code; a row coded with a
    bare root ("07") counts for the root's general code ("070")."""

    codes: tuple[CameoCode, ...]
    langs: tuple[str, ...]
    counts: dict[tuple[str, str, str], int]

    def empty_cells(self) -> list[tuple[str, str, str]]:
        """(code, lang, pos) cells with no trigger, for codes PLOVER maps."""
        return [(c.code, lang, pos) for c in self.codes if c.plover for lang in self.langs for pos in POS
                if not self.counts.get((c.code, lang, pos))]

    def total(self, lang: str) -> int:
        return sum(n for (_, l, _), n in self.counts.items() if l == lang)


def coverage(langs: tuple[str, ...] = ("fr", "en")) -> Coverage:
    from . import load_lexicons

    counts: dict[tuple[str, str, str], int] = {}
    for lang in langs:
        for entries in load_lexicons(lang).triggers.values():
            for entry in entries:
                key = (entry.code3, lang, entry.pos)
                counts[key] = counts.get(key, 0) + 1
    return Coverage(cameo_codes(), langs, counts)

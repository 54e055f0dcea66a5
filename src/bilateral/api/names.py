"""Actor names in English and French, read from the actor lexicons, for labels and for search."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import actor_names, country_rows

# The organisation codes' names in French (the English ones are the lexicons' ``ORG_NAMES``).
_ORG_NAMES_FR = {
    "UNO": "Nations unies", "EUR": "Union européenne", "AFU": "Union africaine", "ECW": "CEDEAO",
    "AES": "Alliance des États du Sahel", "NAT": "OTAN", "IGO": "Autre organisation intergouvernementale",
    "MNC": "Entreprise multinationale", "NGO": "Organisation non gouvernementale", "---": "Acteur inconnu",
}
_SEPARATORS = re.compile(r"\s*(?:[,/&–—]|\s-\s|\bet\b|\band\b)\s*|\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Names:
    """Display names per language and every searchable form (folded) of every actor code."""

    display: dict[str, dict[str, str]]
    forms: dict[str, str]

    def name(self, code: str, lang: str = "en") -> str:
        return self.display.get(lang, self.display["en"]).get(code) or self.display["en"].get(code, code)

    def find(self, query: str, *, limit: int = 10) -> list[str]:
        """Codes whose code or one of whose names matches ``query``: exact matches first, then prefixes."""
        key = fold(query)
        if not key:
            return []
        exact = [code for form, code in self.forms.items() if form == key]
        if len(key) < 3:
            return _unique(exact)[:limit]
        starts = [code for form, code in self.forms.items() if form.startswith(key)]
        inside = [code for form, code in self.forms.items() if key in form]
        return _unique(exact + starts + inside)[:limit]

    def pair(self, query: str) -> tuple[str, str] | None:
        """Two codes when ``query`` names exactly two actors ("Mali Russie", "MLI-RUS", "Mali and Russia")."""
        words = [w for w in _SEPARATORS.split(query.strip()) if w]
        for cut in range(1, len(words)):
            left, right = fold(" ".join(words[:cut])), fold(" ".join(words[cut:]))
            if left in self.forms and right in self.forms and self.forms[left] != self.forms[right]:
                return self.forms[left], self.forms[right]
        return None


def fold(text: str) -> str:
    """Lower case, accents and apostrophe variants removed, spaces collapsed: how forms are compared."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _unique(codes: list[str]) -> list[str]:
    return list(dict.fromkeys(codes))


@lru_cache(maxsize=1)
def names() -> Names:
    english = actor_names()
    french = dict(english)
    forms: dict[str, str] = {}
    for row in country_rows():
        code = row["code"]
        names_fr = row.multi("names_fr")
        if names_fr:
            french[code] = names_fr[0]
        for form in names_fr + row.multi("names_en") + (row["name_en"],):
            forms.setdefault(fold(form), code)
    french.update(_ORG_NAMES_FR)
    for code, name in english.items():
        forms.setdefault(fold(name), code)
        forms.setdefault(fold(french[code]), code)
        forms.setdefault(fold(code), code)
    return Names({"en": english, "fr": french}, forms)

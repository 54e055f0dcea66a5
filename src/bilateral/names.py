"""Actors as people write them: a code, or a country's or organisation's name, adjective or capital
in French or English, resolved to the code — the one resolver behind the CLI, ``Store``, the JSON
API and the pages.

>>> resolve_actor("Moscou"), resolve_actor("cote divoire"), resolve_dyad("Mali,Russie")
('RUS', 'CIV', ('MLI', 'RUS'))

Rules, in order: a code in any case is itself; else a form of the actor lexicons (``countries.csv``:
names, adjectives and demonyms, capitals, seats of power; ``organisations.csv``: every name of the
row that names an organisation code itself, "Union africaine", "ECOWAS", "OTAN") compared by
``name_key`` — case, accents, apostrophes and dots do not count, hyphens are spaces. Partial names
are never guessed: input whose words belong to the names of several actors ("Corée") raises
``AmbiguousActorError``; anything else unknown raises ``UnknownActorError``. Both are
``QueryError`` (exit code 2, HTTP 400) and carry the closest ``candidates``.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .errors import QueryError
from .lexicons import actor_names, country_rows, load_lexicons

__all__ = [
    "ActorIndex", "ActorNameError", "AmbiguousActorError", "Completion", "UnknownActorError", "actor_index",
    "fold", "name_key", "resolve_actor", "resolve_dyad",
]

# The organisation codes' names in French (the English ones are the lexicons' ``ORG_NAMES``).
ORG_NAMES_FR = {
    "UNO": "Nations unies", "EUR": "Union européenne", "AFU": "Union africaine", "ECW": "CEDEAO",
    "AES": "Alliance des États du Sahel", "NAT": "OTAN", "IGO": "Autre organisation intergouvernementale",
    "MNC": "Entreprise multinationale", "NGO": "Organisation non gouvernementale", "---": "Acteur inconnu",
}
COUNTRY_FORMS = ("names_fr", "names_en", "adjectives_fr", "adjectives_en", "capitals", "seats")
SHOWN = 6  # candidates named in an error message; the others are counted
_CUT = 60  # input shown in messages, and compared letter by letter for "did you mean", up to this length
_DROPPED = re.compile(r"['’ʼ`´.]")  # inside a word: "d'Ivoire" is "divoire", "U.N." is "un"
_NOT_WORD = re.compile(r"[\W_]+")
_PAIR_SEPARATORS = re.compile(r"\s*[,;/|]\s*")
_WORD_SEPARATORS = re.compile(r"[\s,;/|&\-‐‑–—]+")
_CONNECTORS = frozenset({"et", "and", "vs"})  # "Mali et Russie", "Mali and Russia"


def fold(text: str) -> str:
    """Lower case, accents and apostrophe variants removed, spaces collapsed (how search compares names)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def name_key(text: str) -> str:
    """How a typed name is compared with the lexicons' forms: folded, apostrophes and dots dropped,
    any other punctuation a space (``"Côte d’Ivoire"``, ``"cote divoire"`` → ``"cote divoire"``)."""
    return " ".join(_NOT_WORD.sub(" ", _DROPPED.sub("", fold(text))).split())


@dataclass(frozen=True)
class Completion:
    """One suggestion for what is being typed: ``value`` fills the box, ``label`` says what it is."""

    value: str
    label: str
    codes: tuple[str, ...]


class ActorNameError(QueryError):
    """A code or name that does not name exactly one actor; ``candidates`` are the closest codes."""

    def __init__(self, message: str, *, candidates: Iterable[str] = (), hint: str | None = None):
        super().__init__(message, hint=hint)
        self.candidates = tuple(candidates)


class UnknownActorError(ActorNameError):
    """Neither an actor code nor a name, adjective or capital the actor lexicons know."""


class AmbiguousActorError(ActorNameError):
    """Input whose words belong to the names of several actors ("Corée": the North or the South)."""


@dataclass(frozen=True)
class ActorIndex:
    """Every actor code with its display names, and every form that names it."""

    display: Mapping[str, Mapping[str, str]]  # language → code → name
    spellings: tuple[tuple[str, str, str], ...]  # (form as the lexicon writes it, code, its key), display names first
    forms: Mapping[str, tuple[str, ...]]  # name_key(form) → the codes it names (one, in today's lexicons)
    joined: Mapping[str, tuple[str, ...]]  # the same keys without spaces: "cote d ivoire" is "cote divoire"

    @classmethod
    def build(cls, display: Mapping[str, Mapping[str, str]], spellings: Iterable[tuple[str, str]]) -> ActorIndex:
        """The index of ``spellings`` (form, code), each code's display names added first (they are
        what completions show)."""
        shown = [(table[code], code) for code in display["en"] if code != "---" for table in display.values()
                 if code in table]
        kept: dict[tuple[str, str], tuple[str, str, str]] = {}
        forms: dict[str, list[str]] = {}
        for form, code in [*shown, *spellings]:
            key = name_key(form)
            if not key:
                continue
            kept.setdefault((key, code), (form, code, key))
            codes = forms.setdefault(key, [])
            if code not in codes:
                codes.append(code)
        joined: dict[str, list[str]] = {}
        for key, codes in forms.items():
            joined.setdefault(key.replace(" ", ""), []).extend(codes)
        return cls(display, tuple(kept.values()), {key: tuple(codes) for key, codes in forms.items()},
                   {key: tuple(dict.fromkeys(codes)) for key, codes in joined.items()})

    # --- names ---------------------------------------------------------------------------------

    def name(self, code: str, lang: str = "en") -> str:
        return self.display.get(lang, self.display["en"]).get(code) or self.display["en"].get(code, code)

    def describe(self, code: str) -> str:
        """``KOR (South Korea, Corée du Sud)``: a candidate as error messages list it."""
        names = list(dict.fromkeys(self.name(code, lang) for lang in ("en", "fr")))
        return f"{code} ({', '.join(names)})"

    # --- resolving -----------------------------------------------------------------------------

    def exact(self, text: str) -> tuple[str, ...]:
        """The codes ``text`` names as a whole: itself if it is a code, else the codes of its form."""
        upper = text.strip().upper()
        if upper in self.display["en"]:
            return (upper,)
        key = name_key(text)
        return self.forms.get(key) or self.joined.get(key.replace(" ", ""), ())

    def resolve(self, text: object) -> str:
        """The one code ``text`` names; raises ``UnknownActorError`` or ``AmbiguousActorError`` with candidates."""
        if not isinstance(text, str):
            raise UnknownActorError(f"actor {text!r} is not text", hint="give a code such as MLI or a name such "
                                                                        "as Mali")
        codes = self.exact(text)
        if len(codes) == 1:
            return codes[0]
        if len(codes) > 1:
            raise self._ambiguous(text, codes)
        holders = self._holders(name_key(text))
        if len(holders) > 1:
            raise self._ambiguous(text, holders)
        candidates = self.candidates(text)
        shown = ", ".join(self.describe(c) for c in candidates)
        raise UnknownActorError(
            f"unknown actor code {_shown(text)}: no country or organisation has that code, or that name, "
            f"adjective or capital in French or English",
            candidates=candidates,
            hint=(f"did you mean {shown}? Otherwise give" if shown else "give")
            + " an ISO 3166-1 alpha-3 code such as MLI or RUS, one of UNO EUR AFU ECW AES NAT IGO MNC NGO, or a "
              "name such as Mali, Russie, Moscow; `bilateral actors` lists the codes in the store")

    def resolve_pair(self, value: object) -> tuple[str, str]:
        """Two codes from ``("Mali", "Russia")``, ``"MLI,RUS"``, ``"Mali,Russie"`` or ``"Mali Russie"``
        (without a comma, the one way of cutting the words into two names)."""
        if isinstance(value, str):
            parts = [p for p in _PAIR_SEPARATORS.split(value.strip()) if p]
            if len(parts) == 1:
                return self._cut_pair(value)
        elif isinstance(value, Sequence):
            parts = list(value)
        else:
            parts = []
        if len(parts) != 2:
            raise QueryError(f"dyad {_shown(value)} is not two actor codes or names",
                             hint="write it like MLI,RUS or Mali,Russie")
        return self.resolve(parts[0]), self.resolve(parts[1])

    def pairs(self, text: str) -> list[tuple[str, str]]:
        """Every way of reading ``text`` as two names of different actors, each named as a whole
        ("Mali Russie", "Guinée-Bissau Mali"); search offers the dyad when there is exactly one."""
        words = [w for w in _WORD_SEPARATORS.split(text.strip()) if w]
        found: list[tuple[str, str]] = []
        if self.exact(text):  # "Guinée Bissau" is one country, not Guinea and Bissau
            return found
        for cut in range(1, len(words)):
            left, right = words[:cut], words[cut:]
            if right[0].lower() in _CONNECTORS:
                right = right[1:]
            codes = self.exact(" ".join(left)), self.exact(" ".join(right))
            if all(len(c) == 1 for c in codes) and codes[0] != codes[1]:
                found.append((codes[0][0], codes[1][0]))
        return list(dict.fromkeys(found))

    def _cut_pair(self, text: str) -> tuple[str, str]:
        whole = self.exact(text)
        if whole:
            raise QueryError(f"dyad {_shown(text)} is not two actor codes or names: it names one actor, "
                             f"{self.describe(whole[0])}",
                             hint="give two, separated by a comma: MLI,RUS or Mali,Russie")
        readings = self.pairs(text)
        if len(readings) == 1:
            return readings[0]
        if len(readings) > 1:
            ways = "; ".join(f"{self.describe(a)} and {self.describe(b)}" for a, b in readings)
            raise AmbiguousActorError(f"dyad {_shown(text)} can be read {len(readings)} ways: {ways}",
                                      candidates=dict.fromkeys(c for pair in readings for c in pair),
                                      hint="put a comma between the two actors, e.g. Mali,Russie")
        words = [w for w in _WORD_SEPARATORS.split(text.strip()) if w]
        if len(words) == 2:  # say which of the two is wrong
            return self.resolve(words[0]), self.resolve(words[1])
        raise QueryError(f"dyad {_shown(text)} is not two actor codes or names",
                         hint="write it like MLI,RUS or Mali,Russie")

    def _ambiguous(self, text: str, codes: Sequence[str]) -> AmbiguousActorError:
        listed = ", ".join(self.describe(c) for c in codes[:SHOWN])
        more = f" and {len(codes) - SHOWN} more" if len(codes) > SHOWN else ""
        example = codes[0]
        unique = next((form for form, code, key in self.spellings if code == example and len(self.forms[key]) == 1),
                      None)
        return AmbiguousActorError(
            f"actor {_shown(text)} is ambiguous: it could be {listed}{more}", candidates=codes,
            hint=f"give the code or a fuller name, e.g. {example}" + (f" or {unique!r}" if unique else ""))

    # --- candidates and completions ------------------------------------------------------------

    def _holders(self, key: str) -> tuple[str, ...]:
        """Codes one of whose forms holds every word of ``key`` as a whole word, shortest forms first."""
        words = key.split()
        if not words:
            return ()
        best: dict[str, int] = {}
        for form, codes in self.forms.items():
            if all(w in form.split() for w in words):
                for code in codes:
                    best[code] = min(best.get(code, len(form)), len(form))
        return tuple(sorted(best, key=lambda c: (best[c], c)))

    def candidates(self, text: str, *, limit: int = 5) -> tuple[str, ...]:
        """The codes ``text`` most likely means: forms holding its words, then forms whose words start
        with its words, then forms spelled nearly like it ("Rusie", "Frnace")."""
        key = name_key(text)
        if not key:
            return ()
        words = key.split()
        ranked: dict[str, tuple[int, float]] = {}

        def offer(codes: Iterable[str], rank: tuple[int, float]) -> None:
            for code in codes:
                ranked[code] = min(ranked.get(code, rank), rank)

        for form, codes in self.forms.items():
            form_words = form.split()
            if all(w in form_words for w in words):
                offer(codes, (0, len(form)))
            elif all(any(f.startswith(w) for f in form_words) for w in words):
                offer(codes, (1, len(form)))
        if len(key) <= _CUT:
            close = difflib.get_close_matches(key, list(self.forms), n=2 * limit, cutoff=0.8)
            for form in close:
                offer(self.forms[form], (2, -difflib.SequenceMatcher(None, key, form).ratio()))
            codes = {code.lower(): code for code in self.display["en"]}
            for near in difflib.get_close_matches(key, list(codes), n=limit, cutoff=0.66):
                offer((codes[near],), (3, -difflib.SequenceMatcher(None, key, near).ratio()))
        return tuple(sorted(ranked, key=lambda c: (ranked[c], c))[:limit])

    def complete(self, text: str, *, lang: str = "en", limit: int = 10) -> tuple[Completion, ...]:
        """Suggestions for a search box: actors one of whose forms starts like ``text`` (or whose words
        start like its words), then, for "Mali Rus", an actor named in full followed by another."""
        if not isinstance(text, str) or len(name_key(text)) < 2:
            return ()
        found = [Completion(form, self._label(code, form, lang), (code,))
                 for code, form in self._starting(name_key(text), lang)]
        words = [w for w in text.split() if w]
        for cut in range(1, len(words)):
            head = self.exact(" ".join(words[:cut]))
            if len(head) != 1 or len(found) >= limit:
                continue
            for code, form in self._starting(name_key(" ".join(words[cut:])), lang):
                if code != head[0]:
                    label = f"{self.name(head[0], lang)} – {self.name(code, lang)} · {head[0]} {code}"
                    found.append(Completion(f"{' '.join(words[:cut])} {form}", label, (head[0], code)))
        return tuple(found[:limit])

    def _starting(self, key: str, lang: str) -> list[tuple[str, str]]:
        """(code, form) for each actor with a form starting like ``key``, the best form of each, best first."""
        if not key:
            return []
        words = key.split()
        names = self._display_keys
        best: dict[str, tuple[tuple, str]] = {}
        for form, code, form_key in self.spellings:
            if form_key == key:
                rank = 0
            elif form_key.startswith(key):
                rank = 1
            elif all(any(f.startswith(w) for f in form_key.split()) for w in words):
                rank = 2
            elif len(key) >= 3 and key in form_key:  # "ivoire" in "cote divoire"
                rank = 3
            else:
                continue
            order = (rank, form_key not in names.get(lang, ()), form_key not in names["any"], len(form), form)
            if code not in best or order < best[code][0]:
                best[code] = (order, form)
        upper = key.upper()
        if upper in self.display["en"]:  # a code typed in full comes first, under its name
            best[upper] = ((-1,), self.name(upper, lang))
        return [(code, form) for code, (_, form) in sorted(best.items(), key=lambda item: item[1][0])]

    @cached_property
    def _display_keys(self) -> dict[str, frozenset[str]]:
        """The keys of the display names, per language and of any language."""
        keys = {lang: frozenset(name_key(n) for n in table.values()) for lang, table in self.display.items()}
        return {**keys, "any": frozenset().union(*keys.values())}

    def _label(self, code: str, form: str, lang: str) -> str:
        name = self.name(code, lang)
        return f"{name} · {code}" if name_key(name) == name_key(form) else f"{form} → {name} · {code}"


def _shown(value: object) -> str:
    """``value`` quoted for a message, cut when long (hostile input is echoed, never at length)."""
    text = value if isinstance(value, str) else repr(value)
    return repr(text if len(text) <= _CUT else text[:_CUT] + "…")


def _organisation_spellings(display: Mapping[str, Mapping[str, str]]) -> list[tuple[str, str]]:
    """Every name of the organisation rows that name a code itself (the row holding "African Union"
    for AFU, with "UA", "AU", "Union africaine"), not its bodies or missions ("Commission de l'UA")."""
    rows: dict[tuple[str, str], list[str]] = {}
    for form, entries in load_lexicons("fr").exact.items():
        for entry in entries:
            if entry.kind == "org" and entry.code in display["en"]:
                rows.setdefault((entry.code, entry.name), []).append(form)
    spellings = []
    for (code, _), forms in rows.items():
        own = {name_key(table[code]) for table in display.values()}
        if own & {name_key(form) for form in forms}:
            spellings += [(form, code) for form in forms]
    return spellings


@lru_cache(maxsize=1)
def actor_index() -> ActorIndex:
    """The index of the actor lexicons, read once per process."""
    english = actor_names()
    french = dict(english)
    spellings: list[tuple[str, str]] = []
    for row in country_rows():
        names_fr = row.multi("names_fr")
        if names_fr:
            french[row["code"]] = names_fr[0]
    french.update(ORG_NAMES_FR)
    display = {"en": english, "fr": french}
    for row in country_rows():
        spellings += [(form, row["code"]) for column in COUNTRY_FORMS for form in row.multi(column)]
    spellings += _organisation_spellings(display)
    return ActorIndex.build(display, spellings)


def resolve_actor(text: str) -> str:
    """The code ``text`` names: ``"rus"``, ``"Russie"``, ``"Russian"``, ``"Moscou"`` → ``"RUS"``."""
    return actor_index().resolve(text)


def resolve_dyad(value: str | Sequence[str]) -> tuple[str, str]:
    """Two codes from a pair (``("Mali", "Russia")``) or a string (``"MLI,RUS"``, ``"Mali,Russie"``)."""
    return actor_index().resolve_pair(value)

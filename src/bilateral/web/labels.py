"""Words for the values the store keeps as codes, and event titles that say who did what to whom.

The store, the API and the exports keep PLOVER's values (``human_security``, ``third-party``, ``GOV``);
the pages show words in the page's language instead. The words are data, in ``i18n/``:
``labels.csv`` (modes, contexts, sectors, how an actor was recognised), ``titles.csv`` (a sentence per
event type, and per type and mode where the mode says more) and ``actor_grammar.csv`` (how a
sentence names each actor code: French gender and number, the English article).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..api.names import names
from .i18n import LANGS, Translator

KINDS = ("mode", "context", "sector", "kind")
FRENCH_FORMS = ("m", "f", "mp", "fp", "none", "um", "uf")
TITLE_FIELDS = ("{a}", "{b}", "{to_b}", "{of_b}")
_VOWELS = tuple("AEIOUÉÈÊÎÏÔÂ")


def _rows(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of ``i18n/<name>`` (``#`` lines are its header), each with every column filled where required."""
    raw = resources.files("bilateral.web").joinpath("i18n", name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO("\n".join(line for line in raw.splitlines() if not line.startswith("#"))))
    if tuple(reader.fieldnames or ()) != columns:
        raise ValueError(f"i18n/{name}: columns must be {','.join(columns)}, not {','.join(reader.fieldnames or ())}")
    return list(reader)


@dataclass(frozen=True)
class Labels:
    """kind → key → language → words."""

    words: dict[str, dict[str, dict[str, str]]]

    def __call__(self, kind: str, key: str, lang: str) -> str:
        """The words for ``key`` (a mode, context, sector or actor kind); a value the table lacks is
        shown as words too (``foo_bar`` → "foo bar"), never as a code."""
        found = self.words.get(kind, {}).get(key)
        if found:
            return found[lang]
        return key.replace("_", " ").replace("-", " ").lower() if key else "–"

    def has(self, kind: str, key: str) -> bool:
        return key in self.words.get(kind, {})


@lru_cache(maxsize=1)
def labels() -> Labels:
    words: dict[str, dict[str, dict[str, str]]] = {kind: {} for kind in KINDS}
    for number, row in enumerate(_rows("labels.csv", ("kind", "key", "en", "fr")), start=2):
        kind, key = row["kind"], row["key"]
        if kind not in KINDS:
            raise ValueError(f"i18n/labels.csv row {number}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if key in words[kind]:
            raise ValueError(f"i18n/labels.csv row {number}: {kind} {key!r} appears twice")
        if not all((row.get(lang) or "").strip() for lang in LANGS):
            raise ValueError(f"i18n/labels.csv row {number}: {kind} {key!r} needs words in every language")
        words[kind][key] = {lang: row[lang] for lang in LANGS}
    return Labels(words)


# ---------------------------------------------------------------------------------------------
# Actors in a sentence
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Grammar:
    """How one actor code is named in a sentence."""

    french: str  # one of FRENCH_FORMS
    english_article: str  # "the" or ""
    french_words: str = ""  # instead of the display name ("acteur inconnu")
    english_words: str = ""

    @property
    def plural(self) -> bool:
        return self.french in ("mp", "fp")


@lru_cache(maxsize=1)
def grammar() -> dict[str, Grammar]:
    found: dict[str, Grammar] = {}
    for number, row in enumerate(_rows("actor_grammar.csv", ("code", "fr", "en", "fr_words", "en_words")), start=2):
        code = row["code"]
        if code in found:
            raise ValueError(f"i18n/actor_grammar.csv row {number}: code {code!r} appears twice")
        if row["fr"] not in FRENCH_FORMS:
            raise ValueError(f"i18n/actor_grammar.csv row {number}: fr {row['fr']!r} is not one of "
                             f"{' '.join(FRENCH_FORMS)}")
        if row["en"] not in ("", "the"):
            raise ValueError(f"i18n/actor_grammar.csv row {number}: en must be 'the' or empty")
        found[code] = Grammar(row["fr"], row["en"], row["fr_words"], row["en_words"])
    return found


@dataclass(frozen=True)
class Named:
    """One actor's forms in a sentence: alone, after "to" (à) and after "of" (de)."""

    plain: str
    to: str
    of: str
    plural: bool


def named(code: str, lang: str) -> Named:
    """``code`` as a sentence names it: FRA → la France, à la France, de la France; MLI → au Mali, du Mali;
    USA → les États-Unis, aux, des; ISR → Israël, à Israël, d'Israël; RUS → Russia, to Russia, of Russia."""
    g = grammar().get(code, Grammar("none", ""))
    if lang == "en":
        words = g.english_words or ((f"{g.english_article} " if g.english_article else "") + names().name(code, "en"))
        return Named(words, f"to {words}", f"of {words}", False)
    name = g.french_words or names().name(code, "fr")
    vowel = name.startswith(_VOWELS) or name[:1].upper() in _VOWELS
    if g.french in ("um", "uf"):
        article = "un" if g.french == "um" else "une"
        return Named(f"{article} {name}", f"à {article} {name}", f"d'{article} {name}", False)
    if g.french == "none":
        return Named(name, f"à {name}", f"d'{name}" if vowel else f"de {name}", False)
    if g.plural:
        return Named(f"les {name}", f"aux {name}", f"des {name}", True)
    if vowel:
        return Named(f"l'{name}", f"à l'{name}", f"de l'{name}", False)
    if g.french == "m":
        return Named(f"le {name}", f"au {name}", f"du {name}", False)
    return Named(f"la {name}", f"à la {name}", f"de la {name}", False)


def _joined(forms: Sequence[str], lang: str) -> str:
    word = " and " if lang == "en" else " et "
    return forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + word + forms[-1]


# ---------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def title_templates() -> dict[str, dict[str, str]]:
    """``TYPE`` or ``TYPE.mode`` → ``en_one`` … ``fr_many`` → template."""
    columns = ("key", "en_one", "en_many", "fr_one", "fr_many")
    found: dict[str, dict[str, str]] = {}
    for number, row in enumerate(_rows("titles.csv", columns), start=2):
        key = row["key"]
        if key in found:
            raise ValueError(f"i18n/titles.csv row {number}: {key!r} appears twice")
        for column in columns[1:]:
            text = row.get(column) or ""
            if not text.startswith("{a}"):
                raise ValueError(f"i18n/titles.csv row {number}: {key} {column} must start with {{a}}")
            try:
                text.format(a="", b="", to_b="", of_b="")
            except (KeyError, IndexError, ValueError) as error:
                raise ValueError(f"i18n/titles.csv row {number}: {key} {column}: unknown field {error}") from None
        found[key] = {column: row[column] for column in columns[1:]}
    return found


def event_title(event_type: str, mode: str, actor_codes: Sequence[str], recipient_codes: Sequence[str],
                lang: str) -> str:
    """"La Russie apporte une aide militaire au Mali": the actors, what they did and to whom, in ``lang``.
    Without a recipient: "La Russie : Aide (militaire)"."""
    t = Translator(lang)
    actors = [named(code, lang) for code in actor_codes] or [named("---", lang)]
    subject = _joined([a.plain for a in actors], lang)
    mode_words = labels()("mode", mode, lang) if mode else ""
    if not recipient_codes:
        what = t("type." + event_type) + (f" ({mode_words})" if mode_words else "")
        return _capital(subject + t("punct.colon") + what)
    recipients = [named(code, lang) for code in recipient_codes]
    templates = title_templates()
    row = templates.get(f"{event_type}.{mode}") if mode else None
    qualified = row is None and bool(mode)
    row = row or templates.get(event_type)
    if row is None:  # a type the table lacks: still words, never a bare code
        return _capital(f"{subject}{t('punct.colon')}{t('type.' + event_type)} → "
                        + _joined([r.plain for r in recipients], lang))
    many = len(actors) > 1 or (lang == "fr" and actors[0].plural)
    text = row[f"{lang}_{'many' if many else 'one'}"].format(
        a=subject, b=_joined([r.plain for r in recipients], lang), to_b=_joined([r.to for r in recipients], lang),
        of_b=_joined([r.of for r in recipients], lang))
    return _capital(text + (f" ({mode_words})" if qualified else ""))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]

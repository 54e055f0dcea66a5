"""Lexicons: versioned data files, validated on load, combined into one ``Lexicons`` per language."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..errors import LexiconError
from ._table import Row, Table, data_dir, read_family, read_table
from .ontology import ORG_CODES, SECTORS, Ontology, load_ontology

__all__ = [
    "LANGUAGES",
    "actor_names",
    "country_rows",
    "ActorEntry",
    "Cue",
    "Lexicons",
    "Ontology",
    "TriggerEntry",
    "load_dependency_map",
    "load_lexicons",
    "load_ontology",
    "data_dir",
]

LANGUAGES = ("fr", "en")
TRIGGER_COLUMNS = ("lemma", "pos", "with", "type", "mode", "context", "cameo", "roles", "note")
COUNTRY_COLUMNS = (
    "code", "name_en", "names_fr", "names_en", "adjectives_fr", "adjectives_en", "capitals", "seats", "un_member",
)
ORG_COLUMNS = ("key", "code", "sector", "names", "note")
PEOPLE_COLUMNS = ("name", "aliases", "code", "sector", "role", "start", "end")
PLACE_COLUMNS = ("name", "code", "kind")
AMBIGUOUS_COLUMNS = ("form", "code", "sector", "cues")
NOT_ACTOR_COLUMNS = ("form", "contains", "note")
TITLE_COLUMNS = ("lemma", "sector", "standalone")
CUE_COLUMNS = ("lemma", "cue", "applies", "note")
CLASS_COLUMNS = ("class", "lemma", "note")
ROLES = frozenset({"agent", "inverse", "symmetric", "patient"})
CLITICS = frozenset({"se", "s'", "s’"})
# words that complete a phrasal verb without saying what it acts on ("hand over", "pull out"): a
# row completed by a content word is the more specific ("handed over two suspects")
PARTICLES = frozenset({"over", "back", "up", "out", "down", "off", "away", "in", "on", "to", "for", "with"})
CUE_KINDS = frozenset({"negation", "future", "hypothetical", "alleged", "intent"})
CUE_APPLIES = frozenset({"self", "child", "governor"})
PLACE_KINDS = frozenset({"city", "town", "region", "site", "border", "base"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    lemma: str
    pos: str
    with_: tuple[str, ...]
    type: str
    mode: str
    context: tuple[str, ...]
    cameo: str
    roles: str
    uid: int  # unique across the language's trigger files, in reading order
    where: str  # file:line, for messages

    @property
    def code3(self) -> str:
        """The three-digit CAMEO code: a bare root ("07") stands for its general code ("070")."""
        return self.cameo[:3] if len(self.cameo) >= 3 else self.cameo + "0"


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """What a surface form can refer to. ``kind`` decides how the resolver uses it."""

    kind: str  # country | capital | seat | adjective | demonym | org | person | place
    code: str
    sector: str
    name: str
    start: date | None = None
    end: date | None = None
    role: str = ""

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    cue: str
    applies: str


@dataclass(frozen=True)
class Lexicons:
    """Everything the coder knows about one language, loaded once and passed around."""

    lang: str
    ontology: Ontology
    triggers: dict[tuple[str, str], tuple[TriggerEntry, ...]]
    # surface form -> entries; ``exact`` forms match case-sensitively, ``folded`` ones lower-cased
    exact: dict[str, tuple[ActorEntry, ...]]
    folded: dict[str, tuple[ActorEntry, ...]]
    titles: dict[str, tuple[str, bool]]
    ambiguous: dict[str, tuple[tuple[str, str, frozenset[str]], ...]]
    cues: tuple[Cue, ...]
    countries: dict[str, str]  # code -> English short name
    version: str
    versions: tuple[tuple[str, str], ...]
    files: tuple[tuple[str, str, int], ...] = ()  # (file relative to data/, version, rows)
    # longer names, lower-cased, that hold an actor's word without naming it ("Latin American")
    not_actors: frozenset[str] = frozenset()

    def cue_lemmas(self, kind: str, applies: str) -> frozenset[str]:
        return frozenset(c.lemma for c in self.cues if c.cue == kind and c.applies == applies)


def _parse_date(table: Table, row: Row, key: str) -> date | None:
    value = row[key]
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise table.error(row, f"{key} {value!r} is not a YYYY-MM-DD date") from None


def _check_code(table: Table, row: Row, code: str, *, allow_unknown: bool = False) -> None:
    ok = (len(code) == 3 and code.isalpha() and code.isupper()) or (allow_unknown and code == "---")
    if not ok:
        raise table.error(row, f"actor code {code!r} must be 3 upper-case letters{' or ---' if allow_unknown else ''}")


def _check_sector(table: Table, row: Row, sector: str) -> None:
    if sector not in SECTORS:
        raise table.error(row, f"sector {sector!r} is not one of {' '.join(sorted(SECTORS))}")


def _load_classes(lang: str) -> tuple[dict[str, frozenset[str]], Table]:
    """Word classes a trigger's ``with`` names as ``@class``: the families of goods, arms or
    money that complete many verbs ("deliver", "send", "ship" … arms), kept in one place so that
    each family grows once for every verb."""
    table = read_table(f"{lang}/classes.csv", CLASS_COLUMNS)
    classes: dict[str, set[str]] = {}
    for row in table.rows:
        name, lemma = row["class"], row["lemma"]
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            raise table.error(row, f"class {name!r} must be lower-case letters and underscores")
        if not lemma or lemma != lemma.lower() or "|" in lemma or lemma.startswith("@"):
            raise table.error(row, f"lemma {lemma!r} must be one lower-case word")
        members = classes.setdefault(name, set())
        if lemma in members:
            raise table.error(row, f"{lemma!r} is already in class {name}")
        members.add(lemma)
    return {name: frozenset(members) for name, members in classes.items()}, table


def _load_triggers(lang: str, onto: Ontology) -> tuple[dict[tuple[str, str], tuple[TriggerEntry, ...]], tuple[Table, ...]]:
    tables = read_family(f"{lang}/triggers.csv", TRIGGER_COLUMNS)
    classes, class_table = _load_classes(lang)
    grouped: dict[tuple[str, str], list[TriggerEntry]] = {}
    seen: dict[tuple[str, str, tuple[str, ...]], str] = {}
    uid = 0
    for table in tables:
        for row in table.rows:
            uid += 1
            entry = _trigger_entry(table, row, onto, uid, classes)
            key = (entry.lemma, entry.pos, entry.with_)
            if key in seen:
                raise table.error(row, f"duplicate trigger {entry.lemma}/{entry.pos} with "
                                       f"{'|'.join(entry.with_) or '(nothing)'} (first at {seen[key]})")
            seen[key] = entry.where
            grouped.setdefault((entry.lemma, entry.pos), []).append(entry)
    # rows with a `with` condition are tried first
    # (among them, rows that set a mode first: "remettre une cargaison de blé" is humanitarian)
    # and a row completed by a content word before one completed only by a clitic or a particle:
    # "se retirer de la CEDEAO" is leaving the organisation, not a withdrawal of troops; "handed
    # over two suspects" is judicial cooperation, not aid)
    ordered = {k: tuple(sorted(v, key=lambda e: (not e.with_, all(w in CLITICS | PARTICLES for w in e.with_), not e.mode,
                                                 e.uid)))
               for k, v in grouped.items()}
    return ordered, (*tables, class_table)


def _trigger_entry(table: Table, row: Row, onto: Ontology, uid: int,
                   classes: dict[str, frozenset[str]]) -> TriggerEntry:
    lemma, pos = row["lemma"], row["pos"]
    if not lemma or lemma != lemma.lower():
        raise table.error(row, f"lemma {lemma!r} must be non-empty and lower case")
    if pos not in ("VERB", "NOUN"):
        raise table.error(row, f"pos {pos!r} must be VERB or NOUN")
    etype = onto.types.get(row["type"])
    if etype is None:
        raise table.error(row, f"type {row['type']!r} is not a PLOVER type")
    if row["mode"] and row["mode"] not in etype.modes:
        raise table.error(row, f"mode {row['mode']!r} is not valid for {etype.name}")
    for ctx in row.multi("context"):
        if ctx not in onto.contexts:
            raise table.error(row, f"context {ctx!r} is not a PLOVER context")
    reason = onto.check_cameo(row["cameo"], etype.name)
    if reason:
        raise table.error(row, reason)
    roles = row["roles"] or "agent"
    if roles not in ROLES:
        raise table.error(row, f"roles {roles!r} must be one of {', '.join(sorted(ROLES))}")
    words: set[str] = set()
    for word in row.multi("with"):
        if word.startswith("@"):
            if word[1:] not in classes:
                raise table.error(row, f"word class {word!r} is not in classes.csv ({', '.join(sorted(classes))})")
            words |= classes[word[1:]]
        else:
            words.add(word.lower())
    with_ = tuple(sorted(words))
    return TriggerEntry(lemma, pos, with_, etype.name, row["mode"], row.multi("context"), row["cameo"], roles,
                        uid, f"{table.path}:{row.line}")


def _add(index: dict[str, list[ActorEntry]], form: str, entry: ActorEntry) -> None:
    bucket = index.setdefault(form, [])
    if entry not in bucket:
        bucket.append(entry)


@dataclass(frozen=True)
class _ActorIndex:
    exact: dict[str, tuple[ActorEntry, ...]]
    folded: dict[str, tuple[ActorEntry, ...]]
    countries: dict[str, str]
    tables: tuple[Table, ...]
    # a name two actors share → ((code, sector, cue words), …), decided by the article's words
    ambiguous: dict[str, tuple[tuple[str, str, frozenset[str]], ...]]
    not_actors: frozenset[str]


def _load_countries(exact: dict, folded: dict) -> tuple[dict[str, str], Table]:
    countries: dict[str, str] = {}
    table = read_table("actors/countries.csv", COUNTRY_COLUMNS)
    for row in table.rows:
        code = row["code"]
        _check_code(table, row, code)
        if code in countries:
            raise table.error(row, f"duplicate country {code}")
        if not row["names_fr"] or not row["names_en"]:
            raise table.error(row, "names_fr and names_en must not be empty")
        countries[code] = row["name_en"]
        for kind, forms in (("country", row.multi("names_fr") + row.multi("names_en")),
                            ("capital", row.multi("capitals")), ("seat", row.multi("seats"))):
            for form in forms:
                _add(exact, form, ActorEntry(kind, code, "GOV", row["name_en"]))
        for form in row.multi("adjectives_fr") + row.multi("adjectives_en"):
            _add(folded, form.lower(), ActorEntry("adjective", code, "", row["name_en"]))
    return countries, table


def _load_organisations(exact: dict, countries: dict[str, str]) -> tuple[Table, ...]:
    tables = read_family("actors/organisations.csv", ORG_COLUMNS)
    keys: set[str] = set()
    for table, row in ((t, r) for t in tables for r in t.rows):
        if row["key"] in keys:
            raise table.error(row, f"duplicate key {row['key']}")
        keys.add(row["key"])
        _check_code(table, row, row["code"], allow_unknown=True)
        if row["code"] not in countries and row["code"] not in ORG_CODES and row["code"] != "---":
            raise table.error(row, f"code {row['code']!r} is neither a country in countries.csv nor one of "
                                   f"{' '.join(sorted(ORG_CODES))}")
        _check_sector(table, row, row["sector"])
        names = row.multi("names")
        if not names:
            raise table.error(row, "names must not be empty")
        for form in names:
            _add(exact, form, ActorEntry("org", row["code"], row["sector"], names[0]))
    return tables


def _load_people(exact: dict) -> tuple[Table, ...]:
    tables = read_family("actors/people.csv", PEOPLE_COLUMNS)
    for table, row in ((t, r) for t in tables for r in t.rows):
        _check_code(table, row, row["code"])
        _check_sector(table, row, row["sector"])
        start, end = _parse_date(table, row, "start"), _parse_date(table, row, "end")
        if start and end and end < start:
            raise table.error(row, f"end {end} is before start {start}")
        entry = ActorEntry("person", row["code"], row["sector"], row["name"], start, end, row["role"])
        for form in (row["name"],) + row.multi("aliases"):
            _add(exact, form, entry)
    return tables


def _load_places(exact: dict) -> tuple[Table, ...]:
    """``actors/places.csv`` (the Sahel in detail) and ``actors/places/*.csv`` (regions and
    French forms written by hand, the world's large towns generated by tools/world_places.py)."""
    tables = read_family("actors/places.csv", PLACE_COLUMNS)
    seen: dict[str, str] = {}
    for table, row in ((t, r) for t in tables for r in t.rows):
        _check_code(table, row, row["code"])
        if row["kind"] not in PLACE_KINDS:
            raise table.error(row, f"kind {row['kind']!r} must be one of {', '.join(sorted(PLACE_KINDS))}")
        if row["name"] in seen:
            raise table.error(row, f"place {row['name']!r} is listed twice (first in {seen[row['name']]})")
        seen[row["name"]] = table.relpath or table.name
        _add(exact, row["name"], ActorEntry("place", row["code"], "", row["name"]))
    return tables


@lru_cache(maxsize=1)
def _load_actors() -> _ActorIndex:
    """The actor files are shared by all languages: read once."""
    exact: dict[str, list[ActorEntry]] = {}
    folded: dict[str, list[ActorEntry]] = {}
    countries, country_table = _load_countries(exact, folded)
    tables = (country_table, *_load_organisations(exact, countries), *_load_people(exact), *_load_places(exact))
    ambiguous, ambiguous_table = _load_ambiguous(exact, folded)
    not_actors, not_actor_table = _load_not_actors(exact, folded)
    return _ActorIndex({k: tuple(v) for k, v in exact.items()}, {k: tuple(v) for k, v in folded.items()},
                       countries, (*tables, ambiguous_table, not_actor_table), ambiguous, not_actors)


def _load_not_actors(exact: dict, folded: dict) -> tuple[frozenset[str], Table]:
    """Longer names that hold an actor's word without naming the actor ("Latin American",
    "océan Indien"). Each row must hold the actor form it names in ``contains`` and must not be an
    actor form itself, so that every row keeps a real word from a wrong reading."""
    table = read_table("actors/not_actors.csv", NOT_ACTOR_COLUMNS)
    forms: set[str] = set()
    for row in table.rows:
        form, inner = row["form"], row["contains"]
        if inner not in exact and inner.lower() not in folded:
            raise table.error(row, f"{inner!r} is not an actor form in the actor files: the row would keep nothing out")
        if not re.search(rf"(?<!\w){re.escape(inner.lower())}(?!\w)", form.lower()):
            raise table.error(row, f"{form!r} does not hold the word {inner!r}")
        if form in exact or form.lower() in folded:
            raise table.error(row, f"{form!r} is itself an actor form: remove it from the actor files or from here")
        if form.lower() in forms:
            raise table.error(row, f"{form!r} is listed twice")
        forms.add(form.lower())
    return frozenset(forms), table


def _load_ambiguous(exact: dict, folded: dict) -> tuple[dict[str, tuple[tuple[str, str, frozenset[str]], ...]], Table]:
    """Names two actors share, keyed as they are matched: names as written, adjectives in lower case."""
    table = read_table("actors/ambiguous.csv", AMBIGUOUS_COLUMNS)
    readings: dict[str, list[tuple[str, str, frozenset[str]]]] = {}
    for row in table.rows:
        form = row["form"]
        entries = exact.get(form) or folded.get(form.lower(), [])
        if form not in exact:
            form = form.lower()
        if not any(e.code == row["code"] and e.sector == row["sector"] for e in entries):
            raise table.error(row, f"no actor {row['code']}/{row['sector']} is named {form!r} in the actor files")
        cues = frozenset(c.lower() for c in row.multi("cues"))
        if not cues:
            raise table.error(row, "cues must not be empty")
        readings.setdefault(form, []).append((row["code"], row["sector"], cues))
    for form, found in readings.items():
        if len(found) < 2:
            raise table.error(None, f"{form!r} has one reading only: an ambiguous name needs two or more")
    return {k: tuple(v) for k, v in readings.items()}, table


def _load_titles(lang: str) -> tuple[dict[str, tuple[str, bool]], Table]:
    table = read_table(f"{lang}/titles.csv", TITLE_COLUMNS)
    titles: dict[str, tuple[str, bool]] = {}
    for row in table.rows:
        if row["lemma"] in titles:
            raise table.error(row, f"duplicate lemma {row['lemma']}")
        _check_sector(table, row, row["sector"])
        if row["standalone"] not in ("yes", "no"):
            raise table.error(row, "standalone must be yes or no")
        titles[row["lemma"]] = (row["sector"], row["standalone"] == "yes")
    return titles, table


def _load_cues(lang: str) -> tuple[tuple[Cue, ...], Table]:
    table = read_table(f"{lang}/cues.csv", CUE_COLUMNS)
    cues = []
    for row in table.rows:
        if row["cue"] not in CUE_KINDS:
            raise table.error(row, f"cue {row['cue']!r} must be one of {', '.join(sorted(CUE_KINDS))}")
        if row["applies"] not in CUE_APPLIES:
            raise table.error(row, f"applies {row['applies']!r} must be one of {', '.join(sorted(CUE_APPLIES))}")
        cues.append(Cue(row["lemma"], row["cue"], row["applies"]))
    return tuple(cues), table


ORG_NAMES = {"UNO": "United Nations", "EUR": "European Union", "AFU": "African Union", "ECW": "ECOWAS",
             "AES": "Alliance of Sahel States", "NAT": "NATO", "IGO": "Other intergovernmental organisation",
             "MNC": "Multinational company", "NGO": "Non-governmental organisation", "---": "Unknown actor"}


def country_rows() -> tuple[Row, ...]:
    """The rows of ``actors/countries.csv`` (every name, adjective and capital of each state), as
    validated and read once for the coder."""
    return _load_actors().tables[0].rows


def actor_names() -> dict[str, str]:
    """Every actor code the coder can emit, with its English name (states, then organisations)."""
    return {**_load_actors().countries, **{code: ORG_NAMES[code] for code in sorted(ORG_CODES | {"---"})}}


@lru_cache(maxsize=4)
def load_dependency_map(lang: str) -> dict[str, str]:
    """Parser label → Universal Dependencies label, for models that do not speak UD."""
    table = read_table(f"{lang}/dependencies.csv", ("label", "ud", "note"))
    mapping: dict[str, str] = {}
    for row in table.rows:
        if not row["label"] or not row["ud"]:
            raise table.error(row, "label and ud must not be empty")
        if row["label"] in mapping:
            raise table.error(row, f"duplicate label {row['label']}")
        mapping[row["label"]] = row["ud"]
    return mapping


@lru_cache(maxsize=4)
def load_lexicons(lang: str) -> Lexicons:
    """Load and validate every lexicon for ``lang``; raises ``LexiconError`` naming the bad row."""
    if lang not in LANGUAGES:
        raise LexiconError(f"no lexicons for language {lang!r}", hint=f"available: {', '.join(LANGUAGES)}")
    onto = load_ontology()
    triggers, trig_tables = _load_triggers(lang, onto)
    trig_table = trig_tables[0]
    actors = _load_actors()
    titles, title_table = _load_titles(lang)
    cues, cue_table = _load_cues(lang)
    own = (*trig_tables, *actors.tables, title_table, cue_table)
    versions = onto.versions + tuple((t.name, t.version) for t in own)
    # the content digest changes with any edit, even one that forgot to bump a version
    digest = hashlib.sha1("".join(onto.digests + tuple(t.digest for t in own)).encode()).hexdigest()[:8]
    version = f"{lang}-{trig_table.version}+{digest}"
    return Lexicons(
        lang=lang,
        ontology=onto,
        triggers=triggers,
        exact=actors.exact,
        folded=actors.folded,
        titles=titles,
        ambiguous=actors.ambiguous,
        not_actors=actors.not_actors,
        cues=cues,
        countries=actors.countries,
        version=version,
        versions=versions,
        files=tuple((t.relpath, t.version, len(t.rows)) for t in own),
    )

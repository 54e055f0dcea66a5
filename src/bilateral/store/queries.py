"""Every question asked of the store, as parameterised SQL. Nothing here formats output.

Filters are validated first (a country code the lexicons do not know, a date that is not a date,
an event type that is not PLOVER's) and raise ``QueryError`` with what to do instead.

One definition of what is counted, for every surface: **asserted events** (``events.assertion``),
unless ``include_unasserted`` asks for the negated, hypothetical and future ones too; reports are
the mentions of the events counted. "Most reported" means reported by the most distinct articles,
then outlets, then reports (``MOST_REPORTED``): one article repeating an event in five sentences
does not outrank three articles.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from datetime import date
from functools import lru_cache

import duckdb

from ..errors import QueryError
from ..lexicons import actor_names, load_ontology
from ..lexicons.ontology import SECTORS
from ..names import resolve_actor, resolve_dyad
from .consolidate import MODALITY

QUADS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# The modalities that make an event unasserted (``events.assertion`` false; see ``store.consolidate``).
# Alleged and historical events are asserted.
UNASSERTED = MODALITY  # the contexts that make an event unasserted, as consolidation sets `assertion`
# "Most reported first", as SQL ORDER BY terms on the events table.
MOST_REPORTED = ("num_articles DESC", "num_outlets DESC", "num_mentions DESC")
EVENT_COLUMNS = (
    "id, date, event, mode, context, actor_code, actor_sector, recipient_code, recipient_sector, "
    "actor_codes, recipient_codes, cameo, quad_code, goldstein, plover_score, assertion, confidence, "
    "num_mentions, num_articles, num_outlets, article_id, url, title, language, sentence_text, trigger, "
    "start, \"end\""
)


def most_reported(alias: str = "") -> str:
    """ORDER BY terms for "most reported first" on events aliased ``alias`` (e.g. ``"e."``)."""
    return ", ".join(alias + term for term in MOST_REPORTED)


def check_code(code: str) -> str:
    """The actor code ``code`` names: a code in any case, or a country's or organisation's name,
    adjective or capital in French or English (``bilateral.names``); else ``QueryError`` with candidates."""
    return resolve_actor(code)


def check_type(event_type: str) -> str:
    value = event_type.strip().upper()
    types = load_ontology().types
    if value not in types:
        raise QueryError(f"unknown event type {event_type!r}", hint="one of " + " ".join(sorted(types)))
    return value


def check_date(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name} {value!r} is not a date", hint="write it YYYY-MM-DD") from None


def check_quad(value: int | None) -> int | None:
    if value is not None and value not in QUADS:
        raise QueryError(f"quad class {value!r} does not exist", hint="1, 2, 3 or 4")
    return value


def check_directed(directed: object, dyad: object) -> bool:
    if directed and not dyad:
        raise QueryError("directed=true needs a dyad", hint="give the dyad as actor,recipient, e.g. RUS,MLI")
    return bool(directed)


def check_outlet(value: str | None) -> str | None:
    """An outlet as the store names it (the host of the article's address, e.g. ``example.org``)."""
    value = (value or "").strip().lower()
    if not value:
        return None
    if len(value) > 200 or not re.fullmatch(r"[\w.\-:]+", value):
        raise QueryError(f"outlet {value[:60]!r} is not an outlet name",
                         hint="a web host such as example.org; /api/dyads/{a}/{b}/outlets lists a dyad's outlets")
    return value


def check_language(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    if not value:
        return None
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise QueryError(f"language {value[:20]!r} is not a language code", hint="an ISO 639-1 code: fr or en")
    return value


def check_sector(value: str | None) -> str | None:
    value = (value or "").strip().upper()
    if not value:
        return None
    if value not in SECTORS:
        raise QueryError(f"unknown sector {value[:20]!r}", hint="one of " + " ".join(sorted(SECTORS)))
    return value


def check_bbox(value: str | tuple[float, ...] | None) -> tuple[float, float, float, float] | None:
    """``west,south,east,north`` in degrees (GeoJSON's order) → four floats; a bad box is a ``QueryError``."""
    if value is None or value == "":
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    try:
        west, south, east, north = (float(part) for part in parts)
    except (TypeError, ValueError):
        raise QueryError(f"bbox {value!r} is not four numbers", hint="west,south,east,north in degrees, "
                                                                      "e.g. -12.3,10.1,4.3,25.0 for Mali") from None
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
        raise QueryError(f"bbox {value!r} is not on Earth", hint="longitudes -180 to 180, latitudes -90 to 90")
    if south > north:
        raise QueryError(f"bbox {value!r} has its south ({south}) above its north ({north})",
                         hint="west,south,east,north in degrees")
    return (west, south, east, north)


def check_confidence(value: float | str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise QueryError(f"min_confidence {value!r} is not a number", hint="a probability between 0 and 1") from None
    if not 0.0 <= number <= 1.0:
        raise QueryError(f"min_confidence {number} is not between 0 and 1",
                         hint="0 keeps every event; the coder's suggested threshold is in data/confidence.csv")
    return number


# ---------------------------------------------------------------------------------------------
# Word search: whole words, whatever their case and accents
# ---------------------------------------------------------------------------------------------

MAX_TERMS = 12  # more words than this in one query are left out: each costs a regular expression per row
_WORD = re.compile(r"\w+")
# Word boundaries that know letters beyond ASCII (RE2's \b does not): "mali" is not inside "somalia".
# A combining mark belongs to the word it follows.
_EDGE_BEFORE, _EDGE_AFTER = r"(?:^|[^\pL\pN\pM_])", r"(?:[^\pL\pN\pM_]|$)"
# Scripts whose letters take accents or case: Latin, Greek, Cyrillic (and their extensions).
_FOLDED_RANGES = ((0x20, 0x250), (0x370, 0x530), (0x1E00, 0x2000))


def fold(text: str) -> str:
    """Lower case without accents or other combining marks: how queries and texts are compared."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.category(c).startswith("M"))


def search_terms(text: str | None) -> tuple[str, ...]:
    """The distinct words of a query, folded: punctuation and regex or SQL syntax separate words, nothing more."""
    return tuple(dict.fromkeys(_WORD.findall(fold(text or ""))))[:MAX_TERMS]


def holds_words(text: str, terms: tuple[str, ...]) -> bool:
    """``text`` holds every term as a whole word, whatever its case and accents (what ``words_match`` asks of
    DuckDB, for text already in Python)."""
    folded_text = fold(text)
    return bool(terms) and all(re.search(rf"(?<!\w){re.escape(t)}(?!\w)", folded_text) for t in terms)


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Each folded character → an RE2 class of every character that folds to it ("e" → "[EeÉéÈè…]")."""
    found: dict[str, list[str]] = {}
    for first, last in _FOLDED_RANGES:
        for char in map(chr, range(first, last)):
            folded_char = fold(char)
            if len(folded_char) == 1:
                found.setdefault(folded_char, []).append(char)
    return {key: "[" + "".join(re.escape(c) for c in chars) + "]" for key, chars in found.items() if len(chars) > 1}


def word_pattern(term: str) -> str:
    """An RE2 pattern finding ``term`` (a folded word) as a whole word in text as it is stored, whatever
    its case and accents, precomposed or written as combining marks. Matching raw text this way is ten
    times faster than folding every row with ``strip_accents(lower(…))`` first."""
    variants = _variants()
    letters = "".join(variants.get(char, re.escape(char)) + r"\pM*" for char in term)
    return _EDGE_BEFORE + letters + _EDGE_AFTER


def words_match(expression: str, terms: tuple[str, ...], prefix: str) -> tuple[str, dict[str, str]]:
    """SQL true when every term is a whole word of ``expression``, and its named parameters ``$<prefix><n>``:
    the terms reach DuckDB as bound patterns built from escaped characters, never as SQL or regex syntax."""
    if not terms:
        return "FALSE", {}
    params = {f"{prefix}{i}": word_pattern(term) for i, term in enumerate(terms)}
    return "(" + " AND ".join(f"regexp_matches({expression}, ${name})" for name in params) + ")", params


def dyad_key(a: str, b: str) -> str:
    """``events.dyad_key`` of the events between ``a`` and ``b`` with one actor and one recipient
    (``consolidate.DYAD_KEY``): the two codes in alphabetical order, ``"MLI|RUS"``."""
    return f"{min(a, b)}|{max(a, b)}"


@dataclass(frozen=True)
class EventFilter:
    """What ``events`` selects. A dyad matches in both directions unless ``directed`` (then its first
    actor acts on its second). ``parse`` takes actors as codes or names, a dyad as a pair or a string
    ("MLI,RUS", "Mali,Russie"); the filter holds codes. ``outlet`` and ``language`` keep the events one of
    whose reports comes from that outlet or is in that language; ``sector`` those whose actor or
    recipient is of that sector.

    Asserted events only unless ``include_unasserted``; a ``context`` filter on one of the modalities
    that make an event unasserted (``UNASSERTED``) selects those events, switch or not."""

    dyad: tuple[str, str] | None = None
    actor: str | None = None
    type: str | None = None
    quad: int | None = None
    context: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    min_confidence: float | None = None
    include_unasserted: bool = False
    directed: bool = False
    outlet: str | None = None
    language: str | None = None
    sector: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north: located events only

    @classmethod
    def parse(cls, *, dyad=None, actor=None, type=None, quad=None, context=None, since=None, until=None,
              text=None, min_confidence=None, include_unasserted=False, directed=False, outlet=None,
              language=None, sector=None, bbox=None) -> "EventFilter":
        since, until = check_date(since, "since"), check_date(until, "until")
        if since and until and until < since:
            raise QueryError(f"until {until} is before since {since}")
        if context is not None and context not in load_ontology().contexts | load_ontology().modality:
            raise QueryError(f"unknown context {context!r}", hint="see PLOVER's list of contexts")
        return cls(
            dyad=resolve_dyad(dyad) if dyad else None,
            actor=check_code(actor) if actor else None, type=check_type(type) if type else None,
            quad=check_quad(quad), context=context, since=since, until=until, text=text or None,
            min_confidence=check_confidence(min_confidence), include_unasserted=bool(include_unasserted),
            directed=check_directed(directed, dyad), outlet=check_outlet(outlet), language=check_language(language),
            sector=check_sector(sector), bbox=check_bbox(bbox),
        )

    @property
    def selects_unasserted(self) -> bool:
        """Negated, hypothetical and future events are selected: asked for, or named by the context filter."""
        return self.include_unasserted or self.context in UNASSERTED

    def where(self) -> tuple[str, dict[str, object]]:
        """The SQL condition on ``events`` and its named parameters (``$f_…``, so that a query may
        add parameters of its own by name)."""
        clauses, params = ["TRUE"], {}
        if self.dyad:
            # The key adds nothing to what is selected (the lists decide), but DuckDB skips the rows
            # of other dyads on it without reading their lists: within a type, events are stored in
            # its order.
            clauses.append("(dyad_key = $f_key OR dyad_key IS NULL)")
            one_way = "(list_contains(actor_codes, $f_a) AND list_contains(recipient_codes, $f_b))"
            clauses.append(one_way if self.directed else f"({one_way} OR "
                           "(list_contains(actor_codes, $f_b) AND list_contains(recipient_codes, $f_a)))")
            params.update(f_a=self.dyad[0], f_b=self.dyad[1], f_key=dyad_key(*self.dyad))
        if self.outlet:
            clauses.append("id IN (SELECT m.event_id FROM mentions m JOIN articles r ON r.id = m.article_id "
                           "WHERE r.outlet = $f_outlet)")
            params["f_outlet"] = self.outlet
        if self.language:
            clauses.append("id IN (SELECT event_id FROM mentions WHERE language = $f_language)")
            params["f_language"] = self.language
        if self.sector:
            clauses.append("(actor_sector = $f_sector OR recipient_sector = $f_sector)")
            params["f_sector"] = self.sector
        if self.actor:
            clauses.append("(list_contains(actor_codes, $f_actor) OR list_contains(recipient_codes, $f_actor))")
            params["f_actor"] = self.actor
        for column, name, value in (("event", "f_type", self.type), ("quad_code", "f_quad", self.quad)):
            if value is not None:
                clauses.append(f"{column} = ${name}")
                params[name] = value
        if self.context:
            clauses.append("list_contains(context, $f_context)")
            params["f_context"] = self.context
        if self.since:
            clauses.append("date >= $f_since")
            params["f_since"] = self.since
        if self.until:
            clauses.append("date <= $f_until")
            params["f_until"] = self.until
        if self.text:
            terms = search_terms(self.text)
            in_text, text_params = words_match("coalesce(title, '') || ' ' || sentence_text", terms, "f_w")
            # an actor read in any report of the event matches by its name or its words ("Rosatom", "Tinubu")
            in_actor, actor_params = words_match("a.name || ' ' || a.text", terms, "f_w")
            clauses.append(f"({in_text} OR id IN (SELECT m.event_id FROM mentions m JOIN mention_actors a "
                           f"ON a.mention_id = m.id WHERE {in_actor}))")
            params.update(text_params, **actor_params)
        if not self.selects_unasserted:
            clauses.append("assertion")
        if self.min_confidence:
            clauses.append("confidence >= $f_confidence")
            params["f_confidence"] = self.min_confidence
        if self.bbox:
            west, south, east, north = self.bbox
            # a box across the antimeridian (west > east) holds the longitudes on either side of it
            joined = "AND" if west <= east else "OR"
            clauses.append(f"(geo_lat BETWEEN $f_south AND $f_north AND (geo_lon >= $f_west {joined} "
                           "geo_lon <= $f_east))")
            params.update(f_west=west, f_south=south, f_east=east, f_north=north)
        return " AND ".join(clauses), params


def events(con: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int | None = None,
           offset: int = 0) -> duckdb.DuckDBPyRelation:
    where, params = flt.where()
    sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} ORDER BY date, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return con.sql(sql, params=params or None)


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    where, params = flt.where()
    return con.execute(f"SELECT count(*) FROM events WHERE {where}", params).fetchall()[0][0]


def mentions(con: duckdb.DuckDBPyConnection, event_id: str) -> duckdb.DuckDBPyRelation:
    """Every report of one event: article, outlet, sentence and offsets."""
    return con.sql(
        "SELECT m.id, m.article_id, a.url, a.title, a.outlet, a.published, m.date, m.sentence, m.start, m.\"end\", "
        "m.trigger, m.sentence_text, m.language FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.event_id = ? ORDER BY m.date, a.published NULLS LAST, m.id", params=[event_id])


@dataclass(frozen=True)
class DyadSummary:
    """One pair of actors over time, as pandas DataFrames: the events ``EventFilter`` counts (asserted ones
    unless ``include_unasserted``)."""

    a: str
    b: str
    totals: dict  # events, mentions (their reports), first, last, cooperation, conflict
    monthly: Any  # month × type × quad: events, mentions
    score: Any  # month: events, goldstein sum and mean, PLOVER score mean
    top: Any  # the most reported events (``MOST_REPORTED``) with their evidence
    include_unasserted: bool = False


def dyad(con: duckdb.DuckDBPyConnection, a: str, b: str, *, top: int = 10,
         include_unasserted: bool = False) -> DyadSummary:
    a, b = check_code(a), check_code(b)
    where, params = EventFilter(dyad=(a, b), include_unasserted=include_unasserted).where()
    totals = con.execute(
        f"SELECT count(*), coalesce(sum(num_mentions), 0), min(date), max(date), "
        f"count(*) FILTER (WHERE quad_code <= 2), count(*) FILTER (WHERE quad_code >= 3) "
        f"FROM events WHERE {where}", params).fetchall()[0]
    monthly = con.sql(
        f"SELECT strftime(date, '%Y-%m') AS month, event, quad_code, count(*) AS events, "
        f"sum(num_mentions) AS mentions FROM events WHERE {where} GROUP BY ALL ORDER BY month, event",
        params=params).df()
    score = con.sql(
        f"SELECT strftime(date, '%Y-%m') AS month, count(*) AS events, sum(goldstein) AS goldstein_sum, "
        f"round(avg(goldstein), 3) AS goldstein_mean, round(avg(plover_score), 3) AS plover_mean "
        f"FROM events WHERE {where} GROUP BY month ORDER BY month", params=params).df()
    top_events = con.sql(
        f"SELECT id, date, event, mode, actor_code, recipient_code, quad_code, goldstein, assertion, "
        f"num_mentions, num_articles, num_outlets, trigger, sentence_text, url, title FROM events WHERE {where} "
        f"ORDER BY {most_reported()}, abs(goldstein) DESC, date, id LIMIT {int(top)}", params=params).df()
    keys = ("events", "mentions", "first", "last", "cooperation", "conflict")
    return DyadSummary(a, b, dict(zip(keys, totals)), monthly, score, top_events,
                       include_unasserted=include_unasserted)


def actors(con: duckdb.DuckDBPyConnection, *, include_unasserted: bool = False) -> duckdb.DuckDBPyRelation:
    """Every actor code in the store with how often it acts and is acted on (in the events counted)."""
    names = actor_names()
    con.register("_actor_names", _names_table(names))
    where = EventFilter(include_unasserted=include_unasserted).where()[0]  # no parameters: no value filter
    return con.sql(
        "WITH counted AS (SELECT actor_codes, recipient_codes, date, num_mentions FROM events "
        f"  WHERE {where}), roles AS ("
        "  SELECT unnest(actor_codes) AS code, 1 AS is_actor, 0 AS is_recipient, date, num_mentions FROM counted "
        "  UNION ALL "
        "  SELECT unnest(recipient_codes), 0, 1, date, num_mentions FROM counted) "
        "SELECT r.code, coalesce(n.name, '') AS name, sum(is_actor)::BIGINT AS as_actor, sum(is_recipient)::BIGINT AS as_recipient, "
        "sum(num_mentions)::BIGINT AS mentions, min(date) AS first, max(date) AS last "
        "FROM roles r LEFT JOIN _actor_names n USING (code) GROUP BY ALL "
        "ORDER BY count(*) DESC, r.code")


def _names_table(names: dict[str, str]):
    import pyarrow as pa

    return pa.table({"code": list(names), "name": list(names.values())})


def corpus(con: duckdb.DuckDBPyConnection, *, include_unasserted: bool = False) -> dict:
    """Size and span of the store: articles, clusters, the events counted, their reports (``mentions``)
    and dates, runs."""
    where = EventFilter(include_unasserted=include_unasserted).where()[0]
    row = con.execute(
        "WITH counted AS (SELECT count(*) AS events, coalesce(sum(num_mentions), 0)::BIGINT AS mentions, "
        f"min(date) AS first, max(date) AS last FROM events WHERE {where}) "
        "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT cluster) FROM articles), "
        "mentions, events, first, last, (SELECT count(*) FROM runs) FROM counted").fetchall()[0]
    return dict(zip(("articles", "clusters", "mentions", "events", "first", "last", "runs"), row))

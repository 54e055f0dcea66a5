"""Place names in a parsed text, with their character offsets and the gazetteer's readings.

The parse already holds what is needed: spaCy's named entities (whatever their label: the small
models call Kharkiv a facility and Rafah a person), widened to the words around them that the
gazetteer knows as one name ("bande de Gaza", "Rafah crossing", "mer Rouge"); proper nouns the
entity recogniser missed, when a locative word introduces them ("à Tessalit"); and the dateline
("BAMAKO (AFP) –"). Nothing here parses again, so the cost is a few dictionary look-ups a sentence.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..lexicons._table import read_table
from .gazetteer import COUNTRY_FEATURES, MAIN, Gazetteer, Place

# labels that are never places
_NOT_PLACES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW", "LANGUAGE",
                         "NORP"})  # a nationality ("Malian") is not a place, whatever town bears the name
_WIDEN_LEFT, _WIDEN_RIGHT = 4, 2  # at most this many words added to an entity to find a longer name
# A proper noun outside the entities, with no locative word before it, is taken for a place when
# one of its readings is a state, a place of bilateral's list, or a town this large: a surname
# that is also a village's name is not a place.
BARE_NAME_POPULATION = 5_000
_ARTICLES = frozenset({"the", "le", "la", "les", "l'", "l’"})
# "BAMAKO (AFP) –", "KYIV, Ukraine (Reuters) -", "PARIS —": the capitals of a dateline
_DATELINE = re.compile(r"^\s*([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .\-]{1,40}?)\s*(?:,\s*[^()\n,–—]{1,30})?\s*"
                       r"(?:\([^()\n]{1,40}\))?\s*[–—-]\s")


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name in the text: ``start``/``end`` are character offsets in the document."""

    text: str
    start: int
    end: int
    sentence: int  # the sentence's number in the document (as events count them)
    cue: str  # the locative word before it ("à", "near"), '' when none
    readings: tuple[tuple[Place, int], ...]  # (place, how the name names it) from the gazetteer
    dateline: bool = False


@lru_cache(maxsize=4)
def cues(lang: str) -> tuple[tuple[str, ...], ...]:
    """The locative cues of ``lang`` as word tuples, longest first."""
    table = read_table("geo_cues.csv", ("lang", "cue"))
    found = {tuple(fold_words(row["cue"])) for row in table.rows if row["lang"] == lang}
    return tuple(sorted(found, key=len, reverse=True))


@lru_cache(maxsize=4)
def _cues_by_length(lang: str) -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
    """The cues of ``lang`` grouped by their number of words, longest first."""
    lengths = sorted({len(cue) for cue in cues(lang)}, reverse=True)
    return tuple((n, frozenset(cue for cue in cues(lang) if len(cue) == n)) for n in lengths)


def fold_words(text: str) -> list[str]:
    return text.lower().replace("’", "'").replace("'", "' ").split()


def _cue(doc: Doc, start: int, lang: str) -> str:
    """The locative cue that ends right before token ``start`` (an article in between is allowed)."""
    before = [t.lower_.replace("’", "'") for t in doc[max(0, start - 6):start]]
    if before and before[-1] in _ARTICLES and before[-1] not in ("l'",):
        before = before[:-1]
    # "près d'Agadez": an elided cue is one token with its apostrophe, split off here
    words = " ".join(before).replace("'", "' ").split()
    for n, same_length in _cues_by_length(lang):
        if len(words) >= n and (cue := tuple(words[len(words) - n:])) in same_length:
            return " ".join(cue).replace("' ", "'")
    return ""


def place_mentions(doc: Doc, gazetteer: Gazetteer, lang: str, *, dateline: bool = True) -> list[PlaceMention]:
    """Every place the gazetteer knows among the names of ``doc``, in text order; no two overlap."""
    sentence_of = _sentence_numbers(doc)
    found: list[PlaceMention] = []
    taken: set[int] = set()
    todo = list(_candidates(doc, lang))
    while todo:
        start, end, bare = todo.pop(0)
        if any(i in taken for i in range(start, end)):
            continue
        span = _widest(doc, start, end, gazetteer)
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        if bare and not _likely_place(gazetteer.lookup(span.text)):
            continue
        if _is_adjective(span.text):  # "Malian" is an alias of a Chinese town: here it is a nationality
            continue
        taken.update(range(span.start, span.end))
        found.append(PlaceMention(span.text, span.start_char, span.end_char, sentence_of[span.start],
                                  _cue(doc, span.start, lang), gazetteer.lookup(span.text)))
        if span.end < end:  # "Paris, Texas" as one entity: Texas is a place too
            rest = next((i for i in range(span.end, end) if not doc[i].is_punct), end)
            if rest < end:
                todo.insert(0, (rest, end, bare))
    if dateline:
        head = dateline_of(doc.text, gazetteer)
        if head is not None:
            found = [m for m in found if m.end <= head.start or m.start >= head.end] + [head]
    return sorted(found, key=lambda m: m.start)


def dateline_of(text: str, gazetteer: Gazetteer) -> PlaceMention | None:
    """The place of a dateline at the start of ``text`` ("BAMAKO (AFP) –"), if the gazetteer knows it."""
    match = _DATELINE.match(text[:120])
    if not match:
        return None
    name = match.group(1).strip()
    readings = gazetteer.lookup(name)
    if not readings or len(name) < 3:
        return None
    return PlaceMention(name, match.start(1), match.start(1) + len(name), 0, "", readings, dateline=True)


def _is_adjective(text: str) -> bool:
    from .resolve import adjectives, fold_word  # resolve imports this module

    return fold_word(text) in adjectives()


def _likely_place(readings: tuple[tuple[Place, int], ...]) -> bool:
    return any(p.feature in COUNTRY_FEATURES or p.pid < 0 or p.geonameid is None
               or (kind == MAIN and p.population >= BARE_NAME_POPULATION) for p, kind in readings)


def _sentence_numbers(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            numbers[i] = n
    return numbers


def _candidates(doc: Doc, lang: str) -> Iterable[tuple[int, int, bool]]:
    """Token ranges that may name a place: entities, then the proper nouns outside them (``bare``
    when no locative word introduces them: those must look like places, see ``BARE_NAME_POPULATION``)."""
    in_entity: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in _NOT_PLACES:
            continue
        in_entity.update(range(ent.start, ent.end))
        start = ent.start + (1 if ent[0].lower_ in _ARTICLES and len(ent) > 1 else 0)
        yield start, ent.end, False
    i = 0
    while i < len(doc):
        token = doc[i]
        if i not in in_entity and token.pos_ == "PROPN" and token.is_title:
            end = i + 1
            while end < len(doc) and end not in in_entity and doc[end].pos_ == "PROPN" and doc[end].is_title:
                end += 1
            yield i, end, not _cue(doc, i, lang)
            i = end
        else:
            i += 1


def _widest(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> Span | None:
    """The longest span around tokens ``start``–``end`` (same sentence) that the gazetteer knows as a
    name. Only words that occur in the multi-word names of the gazetteer's own list are tried
    ("bande de", "camp", "crossing"): a few look-ups per name, not one per neighbouring word."""
    sent = doc[start].sent
    joiners = gazetteer.joiners
    left = 0
    while left < _WIDEN_LEFT and start - left > sent.start and _joins(doc[start - left - 1], joiners):
        left += 1
    right = 0
    while right < _WIDEN_RIGHT and end + right < sent.end and _joins(doc[end + right], joiners):
        right += 1
    best: Span | None = None
    for extra_left in range(left, -1, -1):
        for extra_right in range(right, -1, -1):
            if best is not None and extra_left + extra_right + end - start <= len(best):
                continue
            span = doc[start - extra_left:end + extra_right]
            if span[0].is_punct or span[-1].is_punct:  # "- Egypt" after a dateline is Egypt
                continue
            if gazetteer.lookup(span.text):
                best = span
    if best is None and end - start > 1:
        # "aéroport d'Agadez", "Gao Mali": no name for the whole; its first proper noun the gazetteer knows
        for i in range(start, end):
            if doc[i].pos_ == "PROPN" and gazetteer.lookup(doc[i].text):
                return doc[i:i + 1]
    return best


def _joins(token, joiners: frozenset[str]) -> bool:
    """Whether ``token`` may be part of a longer place name around an entity."""
    return token.text in ("-", "'", "’") or (not token.is_punct and token.lower_.rstrip("'’") in joiners)


def shifted(mentions: Iterable[PlaceMention], *, chars: int, sentences: int) -> list[PlaceMention]:
    """``mentions`` of a piece of a longer document, placed in the whole document."""
    return [replace(m, start=m.start + chars, end=m.end + chars, sentence=m.sentence + sentences)
            for m in mentions]

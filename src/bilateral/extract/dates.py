"""Dates in a sentence ("le 14 octobre", "lundi", "hier", "en 1960", "depuis 2020"; "on October
14", "Monday", "yesterday", "in 1960", "since 2020"), resolved against the document date.

The logic is shared; each language gives its month and weekday names, relative words and the
prepositions that mark a year or a starting point."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class DateWords:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    ordinals: tuple[str, ...]  # words for "first" before a month: "1er", "premier"
    since: str  # regex alternatives for "since"
    in_year: str  # regex alternatives for "in", "during"


FRENCH = DateWords(
    months={"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
            "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12},
    weekdays={"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    relative={"aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "avant-hier": -2, "demain": 1, "après-demain": 2},
    ordinals=("1er", "premier"),
    since=r"depuis(?:\s+l['’]an)?",
    in_year=r"en|dès|durant|pendant l'année|au cours de l'année",
)
ENGLISH = DateWords(
    months={"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
            "september": 9, "october": 10, "november": 11, "december": 12, "jan.": 1, "feb.": 2, "aug.": 8,
            "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12},
    weekdays={"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6},
    relative={"today": 0, "yesterday": -1, "tomorrow": 1},
    ordinals=("1st",),
    since=r"since",
    in_year=r"in|during|throughout",
)
WORDS = {"fr": FRENCH, "en": ENGLISH}


@dataclass(frozen=True, slots=True)
class SentenceDate:
    day: date
    precision: str  # day | month | year
    text: str
    since: bool = False  # "depuis 2020": the act runs from then to the document date


@dataclass(frozen=True)
class _Patterns:
    words: DateWords
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    since_year: re.Pattern[str]
    in_year: re.Pattern[str]
    weekday: re.Pattern[str]
    relative: re.Pattern[str]


@lru_cache(maxsize=4)
def _patterns(lang: str) -> _Patterns:
    w = WORDS[lang]
    month = "|".join(re.escape(m) for m in sorted(w.months, key=len, reverse=True))
    ordinal = "|".join(re.escape(o) for o in w.ordinals)
    relative = "|".join(re.escape(r).replace("'", "['’]") for r in sorted(w.relative, key=len, reverse=True))
    return _Patterns(
        w,
        re.compile(rf"\b({ordinal}|\d{{1,2}})(?:st|nd|rd|th)?\s+({month})(?:\s+(\d{{4}}))?(?![\w])", re.IGNORECASE),
        re.compile(rf"\b({month})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE),
        re.compile(rf"(?:\b({w.since})\s+)?\b({month})\s+(\d{{4}})\b", re.IGNORECASE),
        re.compile(rf"\b(?:{w.since})\s+(\d{{4}})\b", re.IGNORECASE),
        re.compile(rf"\b(?:{w.in_year})\s+(\d{{4}})\b", re.IGNORECASE),
        re.compile(rf"\b({'|'.join(w.weekdays)})\b(?!\s+\d)", re.IGNORECASE),
        re.compile(rf"(?<![\w-])({relative})(?![\w-])", re.IGNORECASE),
    )


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_past(month: int, day: int, ref: date) -> date | None:
    """A day and month without a year: the latest such day on or before the document date,
    unless it is within 31 days after it (announced events)."""
    this_year = _safe(ref.year, month, day)
    if this_year is None:
        return None
    if this_year <= ref + timedelta(days=31):
        return this_year
    return _safe(ref.year - 1, month, day)


def find_date(sentence: str, ref: date, lang: str = "fr") -> SentenceDate | None:
    """The first date expression in ``sentence``, resolved against ``ref`` (the document date)."""
    p = _patterns(lang)
    w = p.words
    candidates: list[tuple[int, SentenceDate]] = []

    def add_day(pos: int, day_text: str, month_text: str, year_text: str | None, text: str) -> None:
        day_num = 1 if day_text.lower() in w.ordinals else int(day_text)
        month = w.months[month_text.lower()]
        resolved = _safe(int(year_text), month, day_num) if year_text else _nearest_past(month, day_num, ref)
        if resolved:
            candidates.append((pos, SentenceDate(resolved, "day", text)))

    for m in p.day_month.finditer(sentence):
        add_day(m.start(), m.group(1), m.group(2), m.group(3), m.group(0))
    for m in p.month_day.finditer(sentence):
        add_day(m.start(), m.group(2), m.group(1), m.group(3), m.group(0))
    for m in p.month_year.finditer(sentence):
        resolved = _safe(int(m.group(3)), w.months[m.group(2).lower()], 1)
        if resolved and not any(abs(pos - m.start()) < 12 for pos, _ in candidates):
            candidates.append((m.start(), SentenceDate(resolved, "month", m.group(0).strip(), bool(m.group(1)))))
    for m in p.since_year.finditer(sentence):
        candidates.append((m.start(), SentenceDate(date(int(m.group(1)), 1, 1), "year", m.group(0), True)))
    for m in p.in_year.finditer(sentence):
        year = int(m.group(1))
        if 1900 <= year <= ref.year + 5 and not any(abs(pos - m.start()) < 15 for pos, _ in candidates):
            candidates.append((m.start(), SentenceDate(date(year, 1, 1), "year", m.group(0))))
    for m in p.relative.finditer(sentence):
        offset = w.relative[m.group(1).lower().replace("’", "'")]
        candidates.append((m.start(), SentenceDate(ref + timedelta(days=offset), "day", m.group(0))))
    for m in p.weekday.finditer(sentence):
        back = (ref.weekday() - w.weekdays[m.group(1).lower()]) % 7
        candidates.append((m.start(), SentenceDate(ref - timedelta(days=back), "day", m.group(0))))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]

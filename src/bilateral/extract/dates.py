"""Dates in a sentence ("le 14 octobre", "lundi", "hier", "en 1960", "depuis 2020"), resolved
against the document date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
}
WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
RELATIVE = {"aujourd'hui": 0, "aujourd’hui": 0, "hier": -1, "avant-hier": -2, "demain": 1, "après-demain": 2}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(1er|premier|\d{{1,2}})\s+({_MONTH})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"\b(?:en|au mois de|mois de|d[eu]puis)?\s*({_MONTH})\s+(\d{{4}})\b", re.IGNORECASE)
_SINCE_YEAR = re.compile(r"\bdepuis\s+(?:l'an\s+|l’an\s+)?(\d{4})\b", re.IGNORECASE)
_IN_YEAR = re.compile(r"\b(?:en|dès|durant|pendant l'année|au cours de l'année)\s+(\d{4})\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b({'|'.join(WEEKDAYS)})\b(?!\s+\d)", re.IGNORECASE)
_RELATIVE = re.compile(r"(?<![\w-])(aujourd['’]hui|avant-hier|après-demain|hier|demain)(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SentenceDate:
    day: date
    precision: str  # day | month | year
    text: str
    since: bool = False  # "depuis 2020": the act runs from then to the document date


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


def find_date(sentence: str, ref: date) -> SentenceDate | None:
    """The first date expression in ``sentence``, resolved against ``ref`` (the document date)."""
    candidates: list[tuple[int, SentenceDate]] = []
    for m in _DAY_MONTH.finditer(sentence):
        day_text = m.group(1).lower()
        day_num = 1 if day_text in ("1er", "premier") else int(day_text)
        month = MONTHS[m.group(2).lower()]
        resolved = _safe(int(m.group(3)), month, day_num) if m.group(3) else _nearest_past(month, day_num, ref)
        if resolved:
            candidates.append((m.start(), SentenceDate(resolved, "day", m.group(0))))
    for m in _MONTH_YEAR.finditer(sentence):
        resolved = _safe(int(m.group(2)), MONTHS[m.group(1).lower()], 1)
        if resolved and not any(abs(pos - m.start()) < 12 for pos, _ in candidates):
            since = m.group(0).lower().lstrip().startswith("depuis")
            candidates.append((m.start(), SentenceDate(resolved, "month", m.group(0).strip(), since)))
    for m in _SINCE_YEAR.finditer(sentence):
        candidates.append((m.start(), SentenceDate(date(int(m.group(1)), 1, 1), "year", m.group(0), True)))
    for m in _IN_YEAR.finditer(sentence):
        year = int(m.group(1))
        if 1900 <= year <= ref.year + 5:
            candidates.append((m.start(), SentenceDate(date(year, 1, 1), "year", m.group(0))))
    for m in _RELATIVE.finditer(sentence):
        offset = RELATIVE[m.group(1).lower().replace("’", "'")]
        candidates.append((m.start(), SentenceDate(ref + timedelta(days=offset), "day", m.group(0))))
    for m in _WEEKDAY.finditer(sentence):
        back = (ref.weekday() - WEEKDAYS[m.group(1).lower()]) % 7
        candidates.append((m.start(), SentenceDate(ref - timedelta(days=back), "day", m.group(0))))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[0])[1]

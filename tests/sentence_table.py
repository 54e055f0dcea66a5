"""Reading the sentence → expected events tables in tests/data and comparing with coded events."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
SYMMETRIC = {"AGREE", "CONSULT", "COOPERATE"}
MODAL = {"negation", "hypothetical", "future"}


@dataclass(frozen=True)
class Expected:
    source: str
    target: str
    type: str
    mode: str | None
    flag: str | None

    @classmethod
    def parse(cls, text: str) -> "Expected":
        fields = text.split()
        extra = dict(f.split("=", 1) for f in fields[3:])
        return cls(fields[0], fields[1], fields[2], extra.get("mode"), extra.get("flag"))

    def matches(self, source: str, target: str, etype: str) -> bool:
        if etype != self.type:
            return False
        return (source, target) == (self.source, self.target) or (
            etype in SYMMETRIC and (target, source) == (self.source, self.target)
        )


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    date: date | None
    events: tuple[Expected, ...]
    xfail: str | None


def load_language(lang: str) -> list[Case]:
    """The main table of a language and the behaviour tables beside it (``behaviour/<lang>_*.yaml``,
    one file per lexicon family), with ids that say which file they come from."""
    cases = load_cases(f"{lang}_sentences.yaml")
    for path in sorted((DATA / "behaviour").glob(f"{lang}_*.yaml")):
        cases += load_cases(str(path.relative_to(DATA)))
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate case ids in the {lang} tables: {', '.join(duplicates)}")
    return cases


def load_cases(name: str) -> list[Case]:
    records = yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or []
    cases = []
    for record in records:
        day = record.get("date")
        if isinstance(day, str):
            day = date.fromisoformat(day)
        cases.append(Case(record["id"], record["text"], day,
                          tuple(Expected.parse(e) for e in record.get("events") or []), record.get("xfail")))
    return cases


def compare(case: Case, events) -> list[str]:
    """Differences between coded events and the expectation, as readable lines (empty = pass)."""
    problems = []
    asserted = []
    modal = []
    for event in events:
        for actor in event.actor:
            for recipient in event.recipient:
                triple = (actor.code, recipient.code, event.event, event.mode, set(event.context))
                (modal if MODAL & set(event.context) else asserted).append(triple)
    used = set()
    for exp in case.events:
        pool = modal if exp.flag else asserted
        hit = None
        for i, (src, tgt, etype, _mode, ctx) in enumerate(pool):
            if (id(pool), i) in used or not exp.matches(src, tgt, etype):
                continue
            if exp.flag and exp.flag not in ctx:
                continue
            hit = i
            break
        if hit is None:
            problems.append(f"missing {exp.source} {exp.target} {exp.type}" + (f" flag={exp.flag}" if exp.flag else ""))
            continue
        used.add((id(pool), hit))
        if exp.mode and pool[hit][3] != exp.mode:
            problems.append(f"{exp.source} {exp.target} {exp.type}: mode {pool[hit][3]!r}, expected {exp.mode!r}")
    for i, (src, tgt, etype, _, _) in enumerate(asserted):
        if (id(asserted), i) in used:
            continue
        if any(exp.matches(src, tgt, etype) for exp in case.events):
            continue  # a second mention of an expected event
        problems.append(f"unexpected {src} {tgt} {etype}")
    return problems

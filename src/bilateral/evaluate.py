"""Scoring coded events against a gold file (the rule in the benchmarks README).

Unit: per story, the set of (source, target, PLOVER type) triples. AGREE, CONSULT and
COOPERATE match in either direction; a gold type ``A|B`` is matched by either; gold events
flagged ``negated_or_hypothetical`` (or ``optional``) are neither required nor penalised;
predicted events whose context holds negation/hypothetical/future are not scored.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .errors import BilateralError, GoldFileError

SYMMETRIC = frozenset({"AGREE", "CONSULT", "COOPERATE"})
HALVES = ("tune", "held")
UNSCORED_CONTEXT = frozenset({"negation", "hypothetical", "future"})


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str
    target: str
    types: tuple[str, ...]
    optional: bool

    @property
    def label(self) -> str:
        return "|".join(self.types)

    def accepts(self, triple: tuple[str, str, str]) -> bool:
        src, tgt, etype = triple
        if etype not in self.types:
            return False
        if (src, tgt) == (self.source, self.target):
            return True
        return etype in SYMMETRIC and (tgt, src) == (self.source, self.target)


@dataclass(frozen=True, slots=True)
class GoldStory:
    id: str
    lang: str
    text: str
    pub_date: date | None
    events: tuple[GoldEvent, ...]
    url: str = ""

    @property
    def half(self) -> str:
        return half_of(self.url or self.id)


def half_of(url: str) -> str:
    """Which half of a gold file a page belongs to: ``tune`` (to improve the coder on) or ``held``
    (only measured). Decided by the page address, so every text of one page falls in one half and
    the split never changes when texts are added."""
    return HALVES[hashlib.sha1(url.encode("utf-8")).digest()[0] % 2]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Scores:
    overall: Counts = field(default_factory=Counts)
    by_lang: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[dict[str, Any]] = field(default_factory=list)
    stories: int = 0
    uncoded: list[str] = field(default_factory=list)  # stories the coder skipped, with the reason

    def as_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "uncoded": self.uncoded,
            "overall": self.overall.as_dict(),
            "by_lang": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
        }


def _code(value: Any) -> str:
    text = str(value or "").strip().upper()[:3]
    return text if text else "---"


def load_gold(path: str | Path) -> list[GoldStory]:
    stories = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldFileError(f"cannot read the gold file: {exc}", where=str(path)) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            events = tuple(
                GoldEvent(_code(e.get("source")), _code(e.get("target")),
                          tuple(t.strip().upper() for t in str(e["type"]).split("|") if t.strip()),
                          bool(e.get("negated_or_hypothetical") or e.get("optional")))
                for e in record.get("events", [])
            )
            pub = record.get("pub_date")
            stories.append(GoldStory(str(record["id"]), str(record.get("lang") or ""), str(record["text"]),
                                     date.fromisoformat(pub[:10]) if pub else None, events,
                                     str(record.get("url") or "")))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise GoldFileError(f"not a gold record ({type(exc).__name__}: {exc})", where=where,
                                hint='each line needs "id", "text" and "events" with "source", "target", "type"') from None
    return stories


def predicted_triples(records: Iterable[dict[str, Any]]) -> dict[str, dict[tuple[str, str, str], str]]:
    """Story id → scored triples → evidence sentence, from PLOVER records."""
    out: dict[str, dict[tuple[str, str, str], str]] = defaultdict(dict)
    for record in records:
        if UNSCORED_CONTEXT & set(record.get("context") or ()):
            continue
        etype = record.get("event")
        etype = (etype[0] if isinstance(etype, list) and etype else etype or "").upper()
        actors = [_code(a.get("code")) for a in record.get("actor") or []] or ["---"]
        recipients = [_code(r.get("code")) for r in record.get("recipient") or []] or ["---"]
        sentence = (record.get("text_info") or {}).get("sentence_text", "")
        for src in actors:
            for tgt in recipients:
                out[str(record.get("story_id"))].setdefault((src, tgt, etype), sentence)
    return out


def _match(required: list[GoldEvent], predicted: list[tuple[str, str, str]]) -> dict[int, int]:
    """Maximum one-to-one matching gold index → predicted index (augmenting paths)."""
    owner: dict[int, int] = {}

    def assign(g: int, seen: set[int]) -> bool:
        for p, triple in enumerate(predicted):
            if p in seen or not required[g].accepts(triple):
                continue
            seen.add(p)
            if p not in owner or assign(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(len(required)):
        assign(g, set())
    return {g: p for p, g in owner.items()}


def score(stories: list[GoldStory], records: Iterable[dict[str, Any]]) -> Scores:
    predicted = predicted_triples(records)
    scores = Scores(stories=len(stories))
    for story in stories:
        triples = predicted.get(story.id, {})
        pred = list(triples)
        required: list[GoldEvent] = []
        for event in story.events:
            if not event.optional and all((e.source, e.target, e.types) != (event.source, event.target, event.types)
                                          for e in required):
                required.append(event)
        matched = _match(required, pred)
        used = set(matched.values())
        buckets = [scores.overall, scores.by_lang[story.lang or "?"]]
        for g, event in enumerate(required):
            hit = g in matched
            for counts in buckets + [scores.by_type[event.label]]:
                if hit:
                    counts.tp += 1
                else:
                    counts.fn += 1
            if not hit:
                scores.errors.append({"kind": "miss", "story": story.id, "lang": story.lang,
                                      "triple": f"{event.source} {event.target} {event.label}", "sentence": story.text})
        for p, triple in enumerate(pred):
            if p in used or any(e.accepts(triple) for e in story.events):
                continue
            for counts in buckets + [scores.by_type[triple[2]]]:
                counts.fp += 1
            scores.errors.append({"kind": "false positive", "story": story.id, "lang": story.lang,
                                  "triple": " ".join(triple), "sentence": triples[triple] or story.text})
    return scores


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"not valid JSON ({exc.msg})", where=f"{path}:{number}") from None
    return records


def _floor(min_confidence: float | None, predictions: str | Path | None) -> float:
    """Coded events are scored as `bilateral code` emits them: at the fitted threshold unless told
    otherwise. A prediction file is scored as given unless a threshold is asked for."""
    if min_confidence is not None:
        return min_confidence
    if predictions is not None:
        return 0.0
    from .extract.confidence import load_model

    return load_model().threshold


def _kept(records: list[dict[str, Any]], floor: float) -> list[dict[str, Any]]:
    return [r for r in records if float(r.get("confidence") or 0.0) >= floor] if floor else records


def _evaluate(gold_path: str | Path, predictions: str | Path | None, coder: Any, half: str | None,
              min_confidence: float | None) -> tuple[Scores, list[GoldStory], list[dict[str, Any]], list[dict[str, Any]]]:
    """(scores, stories, records kept at the threshold, every record)."""
    stories = _stories(gold_path, half)
    uncoded: list[str] = []
    records = load_predictions(predictions) if predictions is not None else code_stories(stories, coder, uncoded)
    kept = _kept(records, _floor(min_confidence, predictions))
    scores = score(stories, kept)
    scores.uncoded = uncoded
    return scores, stories, kept, records


def evaluate_with_causes(gold_path: str | Path, *, predictions: str | Path | None = None, coder: Any = None,
                         half: str | None = None, min_confidence: float | None = None) -> tuple[Scores, dict[str, Any]]:
    """``evaluate_file`` plus each miss classified by cause (see ``CAUSES``)."""
    if coder is None:
        from .coder import Coder

        coder = Coder()
    scores, stories, kept, records = _evaluate(gold_path, predictions, coder, half, min_confidence)
    return scores, miss_causes(stories, kept, coder, records)


def _stories(gold_path: str | Path, half: str | None) -> list[GoldStory]:
    stories = load_gold(gold_path)
    if half is not None:
        if half not in HALVES:
            raise GoldFileError(f"unknown half {half!r}", hint=f"use one of: {', '.join(HALVES)}")
        stories = [s for s in stories if s.half == half]
    return stories


def evaluate_file(gold_path: str | Path, *, predictions: str | Path | None = None, coder: Any = None,
                  half: str | None = None, min_confidence: float | None = None) -> Scores:
    """Score a prediction file, or code the gold texts with ``coder`` (a ``Coder``) and score that.
    ``half`` keeps only the stories of one half of the split by page address (``tune`` or ``held``)."""
    return _evaluate(gold_path, predictions, coder, half, min_confidence)[0]


def code_stories(stories: list[GoldStory], coder: Any = None, uncoded: list[str] | None = None) -> list[dict[str, Any]]:
    """Code the gold texts with ``coder`` (a ``Coder``; a new one when None) into PLOVER records;
    stories the coder skips are appended to ``uncoded`` with the reason."""
    from .export import event_to_plover
    from .model import Article

    if coder is None:
        from .coder import Coder

        coder = Coder()
    skipped = uncoded if uncoded is not None else []
    articles = [Article(id=s.id, text=s.text, date=s.pub_date, lang=s.lang or None, source=s.id) for s in stories]
    return [event_to_plover(e) for e in coder.code(articles, on_problem=lambda p: skipped.append(str(p)))]


CAUSES = ("no trigger", "trigger without actor", "trigger without recipient", "actor resolved to another code",
          "other type", "modality disagrees", "pair found but dropped", "below the confidence threshold")


def _same_pair(src: str, tgt: str, a: str, b: str, symmetric: bool) -> bool:
    return (src, tgt) == (a, b) or (symmetric and (src, tgt) == (b, a))


def miss_cause(gold: GoldEvent, records: list[dict[str, Any]], triggers: list[tuple[str, bool, bool]]) -> str:
    """Why a required gold event was missed, from the story's predicted records (modal ones
    included) and the triggers the coder saw in its text (type, actor found, recipient found)."""
    coded = []
    for record in records:
        etype = str(record.get("event") or "").upper()
        modal = bool(UNSCORED_CONTEXT & set(record.get("context") or ()))
        for a in record.get("actor") or [{}]:
            for r in record.get("recipient") or [{}]:
                coded.append((_code(a.get("code")), _code(r.get("code")), etype, modal))
    symmetric = any(t in SYMMETRIC for t in gold.types)
    if any(t in gold.types and m and _same_pair(s, r, gold.source, gold.target, symmetric) for s, r, t, m in coded):
        return "modality disagrees"
    if any(t not in gold.types and _same_pair(s, r, gold.source, gold.target, True) for s, r, t, _ in coded):
        return "other type"
    if any(t in gold.types and (s == gold.source or r == gold.target or (symmetric and gold.source in (s, r)))
           for s, r, t, _ in coded):
        return "actor resolved to another code"
    typed = [(a, r) for t, a, r in triggers if t in gold.types]
    if not typed:
        return "no trigger"
    if any(a and not r for a, r in typed):
        return "trigger without recipient"
    if any(not a for a, _ in typed):
        return "trigger without actor"
    return "pair found but dropped"


def miss_causes(stories: list[GoldStory], records: list[dict[str, Any]], coder: Any = None,
                everything: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Every required gold event the coder missed, classified by cause, with counts per cause.
    ``everything`` holds the records before the confidence threshold set some aside."""
    if coder is None:
        from .coder import Coder

        coder = Coder()
    by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        by_story[str(record.get("story_id"))].append(record)
    counts = {cause: 0 for cause in CAUSES}
    misses = []
    scored = score(stories, records)
    missed = {(e["story"], e["triple"]) for e in scored.errors if e["kind"] == "miss"}
    for story in stories:
        wanted = [e for e in story.events if (story.id, f"{e.source} {e.target} {e.label}") in missed]
        if not wanted:
            continue
        try:
            triggers = coder.diagnose_text(story.text, lang=story.lang or "fr", date=story.pub_date)
        except BilateralError:
            triggers = []  # a language the coder does not read: nothing was triggered
        for event in wanted:
            cause = miss_cause(event, by_story.get(story.id, []), triggers)
            if everything is not None and cause != "modality disagrees" and any(
                    r.get("story_id") == story.id and not UNSCORED_CONTEXT & set(r.get("context") or ())
                    and any(event.accepts((_code(a.get("code")), _code(b.get("code")), str(r.get("event")).upper()))
                            for a in r.get("actor") or [{}] for b in r.get("recipient") or [{}])
                    for r in everything):
                cause = "below the confidence threshold"
            counts[cause] += 1
            misses.append({"story": story.id, "lang": story.lang, "triple": f"{event.source} {event.target} {event.label}",
                           "cause": cause, "sentence": story.text})
    return {"counts": counts, "misses": misses}

"""Accuracy on every gold file in the shared benchmarks folder, written to benchmarks/RESULTS.md.

    python benchmarks/accuracy.py [--gold-dir ../shared/benchmarks] [--out benchmarks/RESULTS.md]

Codes each gold file once and scores it as `bilateral evaluate` does: the whole file, then each
half of the split by page address (`tune`, which the coder is improved on, and `held`, which is
only measured), overall, per language and per PLOVER type. Then the reliability of the confidence
score: precision per confidence decile and the precision-recall curve over thresholds, on the
tuning and held halves of all files together. Skips cleanly (exit 0) when the folder is absent.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bilateral import Coder, __version__
from bilateral.evaluate import HALVES, UNSCORED_CONTEXT, code_stories, load_gold, score
from bilateral.extract.confidence import load_model
from bilateral.lexicons import load_lexicons

ROOT = Path(__file__).resolve().parent.parent


def _table(scores, *, types: bool = True) -> list[str]:
    lines = ["| slice | TP | FP | FN | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]

    def row(label, c):
        lines.append(f"| {label} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |")

    row("**overall**", scores.overall)
    for lang, counts in sorted(scores.by_lang.items()):
        row(f"language {lang}", counts)
    if types:
        for etype, counts in sorted(scores.by_type.items()):
            row(f"type {etype}", counts)
    return lines


def _halves_table(stories, records) -> list[str]:
    lines = ["| half | stories | TP | FP | FN | precision | recall | F1 | F1 fr | P fr | F1 en | P en |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for half in (None, *HALVES):
        sub = [s for s in stories if half is None or s.half == half]
        sc = score(sub, records)
        c = sc.overall
        per = []
        for lang in ("fr", "en"):
            lc = sc.by_lang.get(lang)
            per += [f"{lc.f1:.3f}", f"{lc.precision:.3f}"] if lc and (lc.tp + lc.fn) else ["–", "–"]
        lines.append(f"| {half or 'all'} | {len(sub)} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.3f} | "
                     f"{c.recall:.3f} | {c.f1:.3f} | {' | '.join(per)} |")
    return lines


def _labelled(stories, records):
    """(confidence, 1 if the asserted predicted triple matches a gold event, else 0)."""
    by_story = {s.id: s for s in stories}
    out = []
    for record in records:
        story = by_story.get(record.get("story_id"))
        if story is None or UNSCORED_CONTEXT & set(record.get("context") or ()):
            continue
        triples = [(a["code"][:3], r["code"][:3], record["event"]) for a in record["actor"] for r in record["recipient"]]
        required = [g for g in story.events if not g.optional]
        if any(g.accepts(t) for g in required for t in triples):
            out.append((record["confidence"], 1))
        elif not any(g.accepts(t) for g in story.events for t in triples):
            out.append((record["confidence"], 0))
    return out


def _reliability(pooled) -> list[str]:
    """Precision per confidence decile and the precision-recall curve, per half."""
    lines = ["### Precision by confidence decile", "",
             "| confidence | events (tune) | precision (tune) | events (held) | precision (held) |",
             "|---|---:|---:|---:|---:|"]
    for d in range(10):
        lo, hi = d / 10, (d + 1) / 10
        cells = []
        for half in HALVES:
            inside = [ok for conf, ok in pooled[half]["labelled"] if lo <= conf < hi or (d == 9 and conf == 1.0)]
            cells += [str(len(inside)), f"{sum(inside) / len(inside):.2f}" if inside else "–"]
        lines.append(f"| {lo:.1f}–{hi:.1f} | {' | '.join(cells)} |")
    lines += ["", "### Precision and recall by threshold (`--min-confidence`)", "",
              "| threshold | P (tune) | R (tune) | F1 (tune) | P (held) | R (held) | F1 (held) |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for t in [i / 10 for i in range(10)]:
        cells = []
        for half in HALVES:
            tp = fp = fn = 0
            for stories, records in pooled[half]["files"]:
                c = score(stories, [r for r in records if r["confidence"] >= t]).overall
                tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            cells += [f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"]
        lines.append(f"| {t:.1f} | {' | '.join(cells)} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", default=str(ROOT.parent / "shared" / "benchmarks"))
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    folder = Path(args.gold_dir)
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not files:
        print(f"no gold files in {folder}: nothing to measure (skipped)")
        return 0
    coder = Coder(today=date(2025, 10, 15))
    lexicons = ", ".join(f"{lang}: {load_lexicons(lang).version}" for lang in ("fr", "en"))
    model = load_model()
    out = [
        "# Accuracy on the gold sets",
        "",
        f"Measured {date.today().isoformat()} with bilateral {__version__} (lexicons {lexicons}; confidence model "
        f"{model.version}, default threshold {model.threshold:.3f}) by `python benchmarks/accuracy.py`, under the "
        "scoring rule of `bilateral evaluate` (see README). Every file is split by page address into a `tune` half, "
        "which the coder is improved on, and a `held` half, which is only measured (`bilateral evaluate --half`). "
        "Events are scored as `bilateral code` emits them, at the default confidence threshold; the last section "
        "shows every threshold.",
        "",
    ]
    pooled = {half: {"labelled": [], "files": []} for half in HALVES}
    for path in files:
        stories = load_gold(path)
        uncoded: list[str] = []
        every = code_stories(stories, coder, uncoded)
        records = [r for r in every if r["confidence"] >= model.threshold]
        scores = score(stories, records)
        print(f"{path.name}: F1 {scores.overall.f1:.3f} (P {scores.overall.precision:.3f}, "
              f"R {scores.overall.recall:.3f}) on {scores.stories} stories")
        out += [f"## {path.name} ({scores.stories} stories)", "", "### Halves", "", *_halves_table(stories, records), "",
                "### Whole file", "", *_table(scores), ""]
        if uncoded:
            out += [f"{len(uncoded)} stories were not coded; their gold events count as misses.", ""]
        for half in HALVES:
            sub = [s for s in stories if s.half == half]
            pooled[half]["labelled"] += _labelled(sub, every)
            pooled[half]["files"].append((sub, every))
    out += ["## Reliability of the confidence score (all files together)", "",
            "Each asserted predicted event is right when its (source, target, type) matches a gold event of its "
            "story; events that only match an optional or hypothetical gold event are left out.", "",
            *_reliability(pooled), ""]
    Path(args.out).write_text("\n".join(out), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

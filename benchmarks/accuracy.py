"""Accuracy on every gold file in the shared benchmarks folder, written to benchmarks/RESULTS.md.

    python benchmarks/accuracy.py [--gold-dir ../shared/benchmarks] [--out benchmarks/RESULTS.md]

Runs the same scoring as `bilateral evaluate` on each `*.jsonl` gold file and writes one table
per file: overall, per language and per PLOVER type, with the coder and lexicon versions and the
date. Skips cleanly (exit 0, a message) when the folder is absent.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bilateral import Coder, __version__, evaluate_file
from bilateral.lexicons import load_lexicons

ROOT = Path(__file__).resolve().parent.parent


def _table(scores) -> list[str]:
    lines = ["| slice | TP | FP | FN | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]

    def row(label, c):
        lines.append(f"| {label} | {c.tp} | {c.fp} | {c.fn} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} |")

    row("**overall**", scores.overall)
    for lang, counts in sorted(scores.by_lang.items()):
        row(f"language {lang}", counts)
    for etype, counts in sorted(scores.by_type.items()):
        row(f"type {etype}", counts)
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
    coder = Coder()
    lexicons = ", ".join(f"{lang}: {load_lexicons(lang).version}" for lang in ("fr", "en"))
    out = [
        "# Accuracy on the gold sets",
        "",
        f"Measured {date.today().isoformat()} with bilateral {__version__} (lexicons {lexicons}) by",
        "`python benchmarks/accuracy.py`, under the scoring rule of `bilateral evaluate` (see README).",
        "",
    ]
    for path in files:
        scores = evaluate_file(path, coder=coder)
        print(f"{path.name}: F1 {scores.overall.f1:.3f} (P {scores.overall.precision:.3f}, "
              f"R {scores.overall.recall:.3f}) on {scores.stories} stories")
        out += [f"## {path.name} ({scores.stories} stories)", "", *_table(scores), ""]
        if scores.uncoded:
            out += [f"{len(scores.uncoded)} stories were not coded; their gold events count as misses.", ""]
    Path(args.out).write_text("\n".join(out), encoding="utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

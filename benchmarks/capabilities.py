"""The capability matrix, measured: pass rates per construction × PLOVER type × language × actor kind.

    python benchmarks/capabilities.py                  # writes benchmarks/CAPABILITIES.md
    python benchmarks/capabilities.py --refresh-gaps   # also rewrites tests/capabilities/known_gaps.yaml
    python benchmarks/capabilities.py --failures       # also prints every failing case with its events

Expands tests/capabilities/templates.yaml (tests/capabilities/generate.py), codes every case (no
pytest), compares with the rules of tests/sentence_table.py and writes the pass rate per cell
(construction × type, per language, actor kinds aggregated), per construction, per type, per actor
kind and overall, with the date and the coder and lexicon versions. Cells marked n/a in the templates
are listed with their reason and never counted.

The pass rates move as the coder improves: `--refresh-gaps` is how the strict xfails of
tests/test_capabilities.py are kept true (review the diff of known_gaps.yaml before committing it).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the test helpers (tests/sentence_table.py, tests/capabilities/) come first on the path: this
# script's own name would otherwise shadow the `capabilities` package
sys.path.insert(0, str(ROOT / "tests"))

from capabilities.generate import KNOWN_GAPS, load, load_known_gaps, write_known_gaps  # noqa: E402
from sentence_table import Case, Expected, compare  # noqa: E402

from bilateral import Coder, __version__  # noqa: E402
from bilateral.lexicons import load_lexicons  # noqa: E402
from bilateral.model import Article  # noqa: E402


def table_case(case) -> Case:
    """A capability case in the shape tests/sentence_table.compare reads."""
    return Case(case.id, case.text, case.date, tuple(Expected.parse(e) for e in case.events), None)


def run(matrix, coder: Coder, batch_size: int = 64) -> dict[str, tuple[list[str], list]]:
    """Case id → (problems, events coded), coding every case once, in batches."""
    events_of = defaultdict(list)
    articles = [Article(id=c.id, text=c.text, date=c.date, lang=c.lang) for c in matrix.cases]
    for start in range(0, len(articles), batch_size):
        for event in coder.code(articles[start:start + batch_size]):
            events_of[event.story_id].append(event)
    return {c.id: (compare(table_case(c), events_of[c.id]), events_of[c.id]) for c in matrix.cases}


def _rate(passed: int, total: int) -> str:
    return f"{passed}/{total} ({100 * passed / total:.0f}%)" if total else "–"


def _pct(passed: int, total: int) -> str:
    return f"{100 * passed / total:.0f}%" if total else "–"


def _event_line(event) -> str:
    actors = ",".join(a.code for a in event.actor) or "-"
    recipients = ",".join(r.code for r in event.recipient) or "-"
    flags = [c for c in event.context if c in ("negation", "hypothetical", "future")]
    return f"{actors}→{recipients} {event.event}" + (f" [{','.join(flags)}]" if flags else "")


def report(matrix, results, seconds: float, lexicons: str) -> list[str]:
    cases = matrix.cases
    ok = {c.id: not results[c.id][0] for c in cases}
    langs = matrix.languages

    def tally(key) -> dict:
        counts: dict = defaultdict(lambda: [0, 0])
        for c in cases:
            k = key(c)
            counts[k][0] += ok[c.id]
            counts[k][1] += 1
        return counts

    overall = tally(lambda c: "all")["all"]
    by_lang = tally(lambda c: c.lang)
    by_construction = tally(lambda c: (c.construction, c.lang))
    by_type = tally(lambda c: (c.type, c.lang))
    by_kind = tally(lambda c: (c.kind, c.lang))
    by_cell = tally(lambda c: (c.construction, c.type, c.lang))
    na = {(n.construction, n.type, n.lang): n.reason for n in matrix.not_applicable
          if len(n.kinds) == len(matrix.kinds)}
    whole_cells = sum(1 for n in matrix.not_applicable if len(n.kinds) == len(matrix.kinds)) // len(langs)

    def both(counts, key) -> tuple[int, int]:
        return (sum(counts[(key, lang)][0] for lang in langs), sum(counts[(key, lang)][1] for lang in langs))

    out = [
        "# Capability matrix",
        "",
        f"Measured {date.today().isoformat()} with bilateral {__version__} (lexicons {lexicons}) by",
        "`python benchmarks/capabilities.py`: every case generated from",
        f"[`tests/capabilities/templates.yaml`](../tests/capabilities/templates.yaml) (version {matrix.version})",
        "is coded and compared with its expected events under the rules of `tests/sentence_table.py`",
        "(an expected event missing, a flag missing, or an asserted event nobody expected fails the case).",
        f"{len(cases)} cases = {len(langs)} languages × {len(matrix.types)} PLOVER types × "
        f"{len(matrix.constructions)} constructions × {len(matrix.kinds)} actor kinds, less the cases marked "
        f"n/a ({whole_cells} type × construction cells per language, and a few actor kinds of some others; "
        f"listed at the end); coded in {seconds:.0f} s.",
        "Each case is named `<lang>-<TYPE>-<construction>-<kind>`; `python tests/capabilities/generate.py`",
        "prints them all.",
        "",
        f"**Overall: {_rate(*overall)}** — " + ", ".join(f"{lang} {_rate(*by_lang[lang])}" for lang in langs),
        "",
        "## Per construction",
        "",
        "Lowest pass rate first.",
        "",
        "| construction | " + " | ".join(langs) + " | both |",
        "|---|" + "---:|" * (len(langs) + 1),
    ]
    def rate_of(name: str) -> float:
        passed, total = both(by_construction, name)
        return passed / max(1, total)

    for name in sorted(matrix.constructions, key=lambda n: (rate_of(n), n)):
        cells = [_rate(*by_construction[(name, lang)]) for lang in langs]
        out.append(f"| `{name}`: {matrix.titles[name]} | " + " | ".join(cells)
                   + f" | {_rate(*both(by_construction, name))} |")
    out += ["", "## Per PLOVER type", "", "| type | " + " | ".join(langs) + " | both |",
            "|---|" + "---:|" * (len(langs) + 1)]
    for etype in matrix.types:
        cells = [_rate(*by_type[(etype, lang)]) for lang in langs]
        out.append(f"| {etype} | " + " | ".join(cells) + f" | {_rate(*both(by_type, etype))} |")
    out += ["", "## Per actor kind", "",
            "The kind of the doer (of the patient in `passive_noagent`); recipients are always states.", "",
            "| actor kind | " + " | ".join(langs) + " | both |", "|---|" + "---:|" * (len(langs) + 1)]
    for kind in matrix.kinds:
        cells = [_rate(*by_kind[(kind, lang)]) for lang in langs]
        out.append(f"| {kind} | " + " | ".join(cells) + f" | {_rate(*both(by_kind, kind))} |")

    short = {t: t for t in matrix.types}
    for lang in langs:
        out += ["", f"## Cells, {lang}: construction × type", "",
                f"Cases passed out of {len(matrix.kinds)} (one per actor kind; fewer where a kind is n/a, shown as "
                f"passed/cases); n/a: the construction is not said for the type.",
                "",
                "| construction | " + " | ".join(short[t] for t in matrix.types) + " | all |",
                "|---|" + ":---:|" * (len(matrix.types) + 1)]
        for name in matrix.constructions:
            cells = []
            for etype in matrix.types:
                if (name, etype, lang) in na:
                    cells.append("n/a")
                else:
                    passed, total = by_cell[(name, etype, lang)]
                    shown = str(passed) if total == len(matrix.kinds) else f"{passed}/{total}"
                    cells.append(f"**{shown}**" if passed == total else shown)
            out.append(f"| `{name}` | " + " | ".join(cells) + f" | {_pct(*by_construction[(name, lang)])} |")
        out.append("| **all** | " + " | ".join(_pct(*by_type[(t, lang)]) for t in matrix.types)
                   + f" | {_pct(*by_lang[lang])} |")

    out += ["", "## What fails most, per construction", "",
            "The most frequent problems (`missing` = an expected event not coded, `unexpected` = an asserted",
            "event nobody expected), with the codes replaced by the slot they fill (A doer, A2 second doer, B and",
            "B2 recipients, C requester, M mediator, S speaker) and the case's own type by T, and one failing",
            "sentence with what was coded.", ""]
    for name in matrix.constructions:
        problems: Counter = Counter()
        example = None
        for c in cases:
            if c.construction != name or ok[c.id]:
                continue
            codes = {code: slot for slot, code in reversed(c.actors)}
            for problem in results[c.id][0]:
                words = [codes.get(w, w) if w != c.type else "T" for w in problem.split()]
                problems[" ".join(words)] += 1
            example = example or c
        if not problems:
            continue
        top = "; ".join(f"{p} ×{n}" for p, n in problems.most_common(4))
        coded = "; ".join(_event_line(e) for e in results[example.id][1]) or "nothing"
        out.append(f"- `{name}`: {top}. E.g. `{example.id}`: “{example.text}” → coded {coded}.")

    out += ["", "## Cells not applicable", "", "| construction | types | actor kinds | reason |", "|---|---|---|---|"]
    reasons = defaultdict(list)
    for n in matrix.not_applicable:
        if n.lang == langs[0]:
            kinds = "all" if len(n.kinds) == len(matrix.kinds) else ", ".join(n.kinds)
            reasons[(n.construction, kinds, n.reason)].append(n.type)
    order = {name: i for i, name in enumerate(matrix.constructions)}
    for (name, kinds, reason), types in sorted(reasons.items(), key=lambda item: order[item[0][0]]):
        out.append(f"| `{name}` | {', '.join(types)} | {kinds} | {reason} |")
    out.append("")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "CAPABILITIES.md"))
    parser.add_argument("--refresh-gaps", action="store_true",
                        help=f"rewrite {KNOWN_GAPS.relative_to(ROOT)} from this run's failing cases")
    parser.add_argument("--failures", action="store_true", help="print every failing case with its events")
    args = parser.parse_args()

    matrix = load()
    coder = Coder()
    lexicons = ", ".join(f"{lang}: {load_lexicons(lang).version}" for lang in matrix.languages)
    started = time.perf_counter()
    results = run(matrix, coder)
    seconds = time.perf_counter() - started
    failing = {c.id: "; ".join(results[c.id][0]) for c in matrix.cases if results[c.id][0]}
    passed = len(matrix.cases) - len(failing)
    print(f"{passed}/{len(matrix.cases)} cases pass ({100 * passed / len(matrix.cases):.1f}%) in {seconds:.0f} s")

    if args.failures:
        for c in matrix.cases:
            if c.id in failing:
                coded = "; ".join(_event_line(e) for e in results[c.id][1]) or "nothing"
                print(f"{c.id}\t{c.text}\n    expected: {' | '.join(c.events) or 'no event'}\n"
                      f"    coded: {coded}\n    problems: {failing[c.id]}")

    Path(args.out).write_text("\n".join(report(matrix, results, seconds, lexicons)), encoding="utf-8")
    print(f"written to {args.out}")

    known = load_known_gaps()
    fixed = sorted(set(known) - set(failing))
    new = sorted(set(failing) - set(known))
    if args.refresh_gaps:
        write_known_gaps(failing, f"Last refreshed {date.today().isoformat()} with bilateral {__version__} "
                                  f"(lexicons {lexicons}): {len(failing)} of {len(matrix.cases)} cases.")
        print(f"{KNOWN_GAPS.relative_to(ROOT)} rewritten: {len(failing)} gaps "
              f"({len(fixed)} no longer failing, {len(new)} new)")
    elif fixed or new:
        print(f"{len(fixed)} known gaps now pass and {len(new)} cases fail that are not known gaps: "
              f"run with --refresh-gaps to update {KNOWN_GAPS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

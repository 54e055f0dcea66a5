"""Terminal views (rich tables) for events and scores."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from .evaluate import Scores
from .model import Event

QUAD_STYLE = {1: "green", 2: "bright_green", 3: "yellow", 4: "red"}


def _actor(refs) -> str:
    return ", ".join(f"{r.code}/{r.sector}" if r.sector else r.code for r in refs)


def _snippet(sentence: str, trigger: str, start: int, width: int = 90) -> str:
    """The sentence around the trigger, trigger in bold, trimmed to about ``width`` characters."""
    pos = sentence.find(trigger)
    if pos < 0:
        return escape(sentence[:width])
    left = max(0, pos - (width - len(trigger)) // 2)
    right = min(len(sentence), left + width)
    left = max(0, right - width)
    before, after = sentence[left:pos], sentence[pos + len(trigger):right]
    return (("…" if left else "") + escape(before) + f"[bold]{escape(trigger)}[/bold]" + escape(after)
            + ("…" if right < len(sentence) else ""))


def _table_width(handle) -> int | None:
    """The terminal's width on a terminal; elsewhere ``COLUMNS`` when set (a pipe into an 80-column
    pager), else 180 so that files and pipes keep whole rows."""
    if handle is None and sys.stdout.isatty():
        return None
    try:
        return max(40, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 180


NARROW = 120  # columns: under this a table of eight columns leaves the evidence a few letters wide


def _print_blocks(console: Console, events: Iterable[Event], handle) -> int:
    """Narrow terminals: one line per event (date, actor → recipient, type, mode, context, story),
    then its evidence wrapped on the lines below, indented."""
    count = 0
    for event in events:
        info = event.text_info
        context = f" ({', '.join(event.context)})" if event.context else ""
        console.print(f"{event.date.isoformat()}  {_actor(event.actor)} → {_actor(event.recipient)}  "
                      f"[{QUAD_STYLE[event.quad_code]}]{event.event}[/]{' ' + event.mode if event.mode else ''}"
                      f"{escape(context)}  [dim]{escape(event.story_id)}[/dim]", overflow="fold")
        console.print(Padding(_snippet(info.sentence_text, info.trigger, info.start), (0, 0, 1, 4)), overflow="fold")
        count += 1
    console.print(f"{count} events")
    if handle:
        handle.close()
    return count


def print_table(events: Iterable[Event], output: str | None = None) -> int:
    """One row per event: story, date, actor → recipient, type, mode, context, evidence."""
    handle = open(output, "w", encoding="utf-8") if output else None
    console = Console(file=handle, width=_table_width(handle))
    if console.width < NARROW:
        return _print_blocks(console, events, handle)
    table = Table(show_lines=False, title="bilateral events", title_justify="left")
    for column in ("story", "date", "actor", "recipient", "event", "mode", "context", "evidence"):
        table.add_column(column, overflow="fold", no_wrap=column not in ("evidence", "context", "story"))
    count = 0
    for event in events:
        info = event.text_info
        table.add_row(
            event.story_id, event.date.isoformat(), _actor(event.actor), _actor(event.recipient),
            f"[{QUAD_STYLE[event.quad_code]}]{event.event}[/]", event.mode, ", ".join(event.context),
            _snippet(info.sentence_text, info.trigger, info.start),
        )
        count += 1
    console.print(table)
    console.print(f"{count} events")
    if handle:
        handle.close()
    return count


def print_scores(scores: Scores, *, show_errors: bool = False) -> None:
    console = Console()
    table = Table(title=f"accuracy on {scores.stories} stories")
    for column in ("slice", "TP", "FP", "FN", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "slice" else "left")

    def row(label: str, counts) -> None:
        table.add_row(label, str(counts.tp), str(counts.fp), str(counts.fn), f"{counts.precision:.3f}",
                      f"{counts.recall:.3f}", f"{counts.f1:.3f}")

    row("overall", scores.overall)
    for lang, counts in sorted(scores.by_lang.items()):
        row(f"lang {lang}", counts)
    for etype, counts in sorted(scores.by_type.items()):
        row(f"type {etype}", counts)
    console.print(table)
    if scores.uncoded:
        console.print(f"{len(scores.uncoded)} stories were not coded (their gold events count as misses), e.g. "
                      f"{scores.uncoded[0]}", highlight=False, markup=False)
    if show_errors:
        for error in scores.errors:
            console.print(f"[bold]{error['kind']}[/bold] {error['story']} ({error['lang']}): {error['triple']}",
                          highlight=False)
            console.print(f"    {error['sentence']}", highlight=False, markup=False)


def print_lexicons(lexicons) -> None:
    """Version and rows of every lexicon file, per language."""
    console = Console()
    for lex in lexicons:
        triggers = sum(len(v) for v in lex.triggers.values())
        console.print(f"[bold]{lex.lang}[/bold] lexicon version {lex.version}: {triggers} triggers, "
                      f"{len(lex.countries)} countries, {len(lex.exact)} names, {len(lex.folded)} adjectives, "
                      f"{len(lex.titles)} titles")
        table = Table(show_header=True, box=None, pad_edge=False)
        for column in ("file", "version", "rows"):
            table.add_column(column, justify="right" if column == "rows" else "left")
        for path, version, rows in lex.files:
            table.add_row(path, version, str(rows))
        console.print(table)


def print_coverage(cov) -> None:
    """CAMEO code × language × (verbs, nouns), then the empty cells of PLOVER-mapped codes."""
    from .lexicons.coverage import POS

    console = Console(width=200 if not sys.stdout.isatty() else None)
    table = Table(title="triggers per CAMEO code", title_justify="left")
    table.add_column("code")
    table.add_column("name", overflow="fold")
    table.add_column("PLOVER")
    for lang in cov.langs:
        for pos in POS:
            table.add_column(f"{lang} {pos.lower()}s", justify="right")
    for code in cov.codes:
        cells = [str(cov.counts.get((code.code, lang, pos), 0)) for lang in cov.langs for pos in POS]
        table.add_row(code.code, code.name, code.plover or "-", *cells)
    console.print(table)
    totals = ", ".join(f"{lang}: {cov.total(lang)} triggers" for lang in cov.langs)
    console.print(totals)
    empty = cov.empty_cells()
    if empty:
        console.print(f"{len(empty)} empty cells for PLOVER-mapped codes:")
        for code, lang, pos in empty:
            console.print(f"  {code} {lang} {pos.lower()}")
    else:
        console.print("no empty cell for a PLOVER-mapped code")


def print_causes(causes: dict, *, show_errors: bool = False) -> None:
    """Misses per cause, then (with ``show_errors``) each miss with its cause."""
    console = Console()
    table = Table(title="misses by cause")
    table.add_column("cause")
    table.add_column("misses", justify="right")
    total = sum(causes["counts"].values()) or 1
    table.add_column("share", justify="right")
    for cause, n in causes["counts"].items():
        table.add_row(cause, str(n), f"{n / total:.0%}")
    console.print(table)
    if show_errors:
        for miss in causes["misses"]:
            console.print(f"[bold]{miss['cause']}[/bold] {miss['story']} ({miss['lang']}): {miss['triple']}", highlight=False)

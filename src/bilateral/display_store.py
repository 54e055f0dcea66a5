"""Terminal views of the store: the ingest progress bar and summary, query results, a dyad."""
from __future__ import annotations

import sys
import time

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, ProgressColumn, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

QUAD_STYLE = {1: "green", 2: "bright_green", 3: "yellow", 4: "red"}
ASSERTED_ONLY = "asserted events only; --include-unasserted adds the negated, hypothetical and future ones"
EVERY_EVENT = "every event, negated, hypothetical and future ones included"


class _Rate(ProgressColumn):
    def render(self, task):
        speed = task.fields.get("rate", 0.0)
        return f"{speed:5.1f} art/s"


class IngestBar:
    """A live bar (articles/s, events, errors, ETA) on a terminal; one line per 5 s elsewhere (logs, CI)."""

    def __init__(self, *, quiet: bool = False, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.quiet = quiet
        self.live = self.console.is_terminal and not quiet
        self._last = 0.0
        self._progress = Progress(
            TextColumn("[bold]ingest"), BarColumn(), TaskProgressColumn(), TextColumn("{task.completed}/{task.total}"),
            _Rate(), TextColumn("{task.fields[mentions]} reports"), TextColumn("{task.fields[problems]} errors"),
            TimeRemainingColumn(), console=self.console, transient=False,
        ) if self.live else None
        self._task = None

    def __enter__(self) -> "IngestBar":
        if self._progress:
            self._progress.start()
            self._task = self._progress.add_task("ingest", total=None, rate=0.0, mentions=0, problems=0)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress:
            self._progress.stop()

    def update(self, state) -> None:
        if self._progress is not None:
            self._progress.update(self._task, total=max(state.total or 0, state.done) or None, completed=state.done,
                                  rate=state.rate, mentions=state.mentions, problems=state.problems)
        elif not self.quiet and time.monotonic() - self._last >= 5:
            self._last = time.monotonic()
            total = f"/{state.total}" if state.total else ""
            print(f"bilateral: ingest {state.done}{total} articles, {state.rate:.1f} articles/s, "
                  f"{state.mentions} reports, {state.problems} errors", file=sys.stderr, flush=True)


def print_summary(summary, db: str, console: Console | None = None) -> None:
    console = console or Console(stderr=True)
    console.print(
        f"bilateral: run {summary.run_id}: read {summary.read} articles in {summary.seconds:.1f} s on "
        f"{summary.workers} worker(s) ({summary.scheduler}); {summary.added} new, {summary.known} already stored, "
        f"{summary.problems} problem(s); {summary.mentions} event reports added. Store {db}: "
        f"{summary.events} events, {summary.clusters} article clusters.", highlight=False, soft_wrap=True)


def print_frame(frame: pd.DataFrame, *, title: str = "", columns: list[str] | None = None,
                console: Console | None = None, noun: str = "rows") -> None:
    console = console or Console(width=None if sys.stdout.isatty() else 180)
    table = Table(title=title or None, title_justify="left")
    columns = columns or list(frame.columns)
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column not in ("evidence", "sentence_text", "name"))
    for record in frame[columns].itertuples(index=False):
        table.add_row(*(escape(_cell(value)) for value in record))
    console.print(table)
    console.print(f"{len(frame)} {noun}", highlight=False)


def print_events(frame: pd.DataFrame, *, include_unasserted: bool = False, console: Console | None = None) -> None:
    """``store.events()`` rows as a table: the assertion flag (yes/no) beside the number of reports."""
    shown = frame.rename(columns={"sentence_text": "evidence", "num_mentions": "reports"}).assign(
        assertion=frame["assertion"].map({True: "yes", False: "no"}))
    print_frame(shown, title=f"events — {EVERY_EVENT if include_unasserted else ASSERTED_ONLY}",
                columns=["date", "event", "mode", "actor_code", "recipient_code", "assertion", "reports", "evidence"],
                console=console, noun="events")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (list, tuple)) or hasattr(value, "tolist") and not isinstance(value, str):
        items = value.tolist() if hasattr(value, "tolist") else value
        return ", ".join(map(str, items)) if isinstance(items, list) else str(items)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def print_dyad(summary, console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else 160)
    totals = summary.totals
    console.print(f"[bold]{summary.a} ↔ {summary.b}[/bold]: {totals['events']} events "
                  f"({totals['mentions']} reports) from {totals['first'] or '—'} to {totals['last'] or '—'}; "
                  f"{totals['cooperation']} cooperative, {totals['conflict']} conflictual", highlight=False)
    console.print(f"[dim]{EVERY_EVENT if summary.include_unasserted else ASSERTED_ONLY}[/dim]", highlight=False)
    if not totals["events"]:
        return
    monthly = summary.monthly.pivot_table(index="month", columns="event", values="events", aggfunc="sum",
                                          fill_value=0)
    quads = summary.monthly.pivot_table(index="month", columns="quad_code", values="events", aggfunc="sum",
                                        fill_value=0)
    table = Table(title="events per month, by type and quad class", title_justify="left")
    table.add_column("month")
    for etype in monthly.columns:
        table.add_column(etype, justify="right")
    for quad in (1, 2, 3, 4):
        table.add_column(f"Q{quad}", justify="right", style=QUAD_STYLE[quad])
    score = summary.score.set_index("month")
    table.add_column("Goldstein", justify="right")
    table.add_column("PLOVER", justify="right")
    for month, row in monthly.iterrows():
        quad_row = [str(int(quads.loc[month].get(q, 0))) if q in quads.columns else "0" for q in (1, 2, 3, 4)]
        table.add_row(month, *(str(int(v)) if v else "·" for v in row.tolist()), *quad_row,
                      f"{score.loc[month, 'goldstein_sum']:+.1f}", f"{score.loc[month, 'plover_mean']:+.2f}")
    console.print(table)
    top = Table(title="most reported events (by articles, then outlets, then reports)", title_justify="left")
    for column in ("date", "event", "actor", "recipient", "articles", "outlets", "reports", "evidence"):
        top.add_column(column, overflow="fold", no_wrap=column != "evidence")
    for row in summary.top.itertuples(index=False):
        evidence = escape(row.sentence_text).replace(escape(row.trigger), f"[bold]{escape(row.trigger)}[/bold]", 1)
        if not row.assertion:
            evidence = "[italic](not asserted)[/italic] " + evidence
        top.add_row(str(row.date)[:10], f"[{QUAD_STYLE[int(row.quad_code)]}]{row.event}[/]", row.actor_code,
                    row.recipient_code, str(row.num_articles), str(row.num_outlets), str(row.num_mentions), evidence)
    console.print(top)

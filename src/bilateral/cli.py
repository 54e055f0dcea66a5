"""Command line: a thin shell over the Python API. Every command's help has an example.

Exit codes: 0 everything was coded; 1 some inputs were skipped (each reported on stderr);
2 bad usage (including a bad query parameter); 3 nothing could be coded; 4 a lexicon, model or
store problem (a locked, damaged or foreign store, a full disk, an export that cannot be written),
always reported on one line.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import (
    BilateralError,
    ExportError,
    ExportWriteError,
    LexiconError,
    ModelError,
    NoStoreError,
    QueryError,
)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_NOTHING, EXIT_SETUP = 0, 1, 2, 3, 4


def _date(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="bilateral")
def main() -> None:
    """bilateral: who did what to whom in news on international relations, with the evidence."""


def _reading_options(func):
    """The options that bound and scope what is read, shared by `code` and `ingest`."""
    for option in reversed([
        click.option("--max-bytes", type=click.IntRange(1), default=10 * 1024 * 1024, show_default=True,
                     help="Largest document accepted (a file, a record, a page); devices and stdin are read "
                          "only this far."),
        click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, metavar="S",
                     help="Seconds to wait for a web server at each step."),
        click.option("--deadline", type=click.FloatRange(min=0.1), default=60.0, show_default=True, metavar="S",
                     help="Seconds for the whole fetch of one page, redirects included."),
        click.option("--follow-links", is_flag=True,
                     help="Follow symbolic links that lead outside an input folder (skipped by default)."),
        click.option("--allow-private", is_flag=True,
                     help="Fetch links found in feeds even when they point at loopback or private addresses."),
    ]):
        func = option(func)
    return func


def _reading(options: dict) -> dict:
    return {key: options[key] for key in ("max_bytes", "timeout", "deadline", "follow_links", "allow_private")}


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write events here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["plover", "jsonl-pretty", "table"]), default="plover",
              show_default=True, help="PLOVER JSON Lines, indented JSON, or a terminal table.")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Language of documents that do not say it themselves (JSONL \"lang\" wins).")
@click.option("--date", "default_date", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none (default: today).")
@_reading_options
@click.option("--batch-size", type=click.IntRange(1), default=16, show_default=True, help="Documents per spaCy batch.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="P",
              help="Only events whose confidence is at least P (default: the threshold fitted with the model, "
                   "data/confidence.csv; 0 for every event).")
def code_cmd(inputs, output, fmt, lang, default_date, batch_size, min_confidence, **reading) -> None:
    """Code documents into events.

    INPUTS are text, Markdown or HTML files, JSON/JSONL files of {"id", "text",
    "title"?, "url"?, "date"?, "lang"?} records, CSV files with a text column, WARC
    archives, URLs of pages or RSS/Atom feeds, directories of files, or - for stdin.

    \b
    Example:
      bilateral code examples/articles.jsonl --format table
      echo "La Russie a livré des blindés au Mali." | bilateral code - --date 2025-10-14
    """
    from .coder import Coder
    from .export import write_plover
    from .ingest import read_inputs

    problems = {"error": 0, "warning": 0, "note": 0}
    coded: set[str] = set()

    def report(problem) -> None:
        problems[problem.severity] = problems.get(problem.severity, 0) + 1
        click.echo(f"bilateral: {problem}", err=True)

    coder = Coder(batch_size=batch_size)
    items = read_inputs(list(inputs), lang=None if lang == "auto" else lang, default_date=default_date,
                        **_reading(reading))

    from .extract.confidence import load_model

    floor = load_model().threshold if min_confidence is None else min_confidence

    def tracked():
        for event in coder.code(items, on_problem=report):
            coded.add(event.story_id)
            if event.confidence >= floor:
                yield event

    if output:
        try:
            Path(output).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise click.BadParameter(f"cannot create the folder for {output}: {exc.strerror}",
                                     param_hint="--output") from None
    try:
        if fmt == "table":
            from .display import print_table

            print_table(tracked(), output)
        else:
            handle = open(output, "w", encoding="utf-8") if output else sys.stdout
            try:
                count = write_plover(tracked(), handle, pretty=fmt == "jsonl-pretty")
            finally:
                if output:
                    handle.close()
            click.echo(f"bilateral: {count} events from {len(coded)} documents with events"
                       f"{f', written to {output}' if output else ''}", err=True)
    except (LexiconError, ModelError) as exc:
        click.echo(f"bilateral: {exc}", err=True)
        sys.exit(EXIT_SETUP)
    if problems["error"]:
        click.echo(f"bilateral: {problems['error']} input item(s) skipped, see the messages above", err=True)
        sys.exit(EXIT_PARTIAL if coder.documents else EXIT_NOTHING)
    if not coder.documents:
        sys.exit(EXIT_NOTHING)


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--predictions", type=click.Path(exists=True, dir_okay=False),
              help="Score this PLOVER JSONL instead of coding the gold texts.")
@click.option("--errors", "show_errors", is_flag=True, help="List every miss and false positive with its sentence.")
@click.option("--half", type=click.Choice(["tune", "held"]),
              help="Score one half of the gold file, split by page address: 'tune' to improve on, 'held' to check.")
@click.option("--by-cause", "by_cause", is_flag=True,
              help="Classify every miss by cause (no trigger, no actor, no recipient, other code, other type, modality).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="P",
              help="Score only events whose confidence is at least P (default: the fitted threshold, as `code`).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_cmd(gold, predictions, show_errors, half, by_cause, min_confidence, as_json) -> None:
    """Precision, recall and F1 against a gold file, overall, per language and per type.

    \b
    Example:
      bilateral evaluate ../shared/benchmarks/news_dev.jsonl --errors
      bilateral evaluate ../shared/benchmarks/news_dev2.jsonl --half held
      bilateral evaluate ../shared/benchmarks/news_dev2.jsonl --half tune --by-cause --errors
    """
    from .evaluate import evaluate_file, evaluate_with_causes

    causes = None
    try:
        if by_cause:
            scores, causes = evaluate_with_causes(gold, predictions=predictions, half=half,
                                                  min_confidence=min_confidence)
        else:
            scores = evaluate_file(gold, predictions=predictions, half=half, min_confidence=min_confidence)
    except BilateralError as exc:
        click.echo(f"bilateral: {exc}", err=True)
        sys.exit(EXIT_SETUP)
    if as_json:
        payload = scores.as_dict()
        if show_errors:
            payload["errors"] = scores.errors
        if causes is not None:
            payload["causes"] = causes
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    from .display import print_causes, print_scores

    print_scores(scores, show_errors=show_errors)
    if causes is not None:
        print_causes(causes, show_errors=show_errors)


@main.command("lexicons")
@click.option("--coverage", "show_coverage", is_flag=True,
              help="Print triggers per CAMEO code, language and part of speech, and list the empty cells.")
def lexicons_cmd(show_coverage: bool) -> None:
    """Validate the lexicons and print their versions and sizes (per language and file).

    \b
    Examples:
      bilateral lexicons
      bilateral lexicons --coverage
    """
    from .display import print_coverage, print_lexicons
    from .lexicons import LANGUAGES, load_lexicons
    from .lexicons.coverage import coverage

    try:
        lexicons = [load_lexicons(lang) for lang in LANGUAGES]
        table = coverage(LANGUAGES) if show_coverage else None
    except LexiconError as exc:
        click.echo(f"bilateral: {exc}", err=True)
        sys.exit(EXIT_SETUP)
    if table is not None:
        print_coverage(table)
        return
    print_lexicons(lexicons)


_DB = click.option("--db", default="bilateral.duckdb", show_default=True, metavar="FILE",
                   help="The DuckDB store.")
# The one switch of every command that lists or counts stored events (the API's include_unasserted).
_INCLUDE_UNASSERTED = click.option(
    "--include-unasserted", is_flag=True,
    help="Also list and count negated, hypothetical and future events (by default only asserted events are).")


def _exit_code(exc: BilateralError) -> int:
    """A bad parameter, a store that is not there or a refused export request is usage (2); a store
    or file fault is setup (4)."""
    if isinstance(exc, (QueryError, NoStoreError)) or (isinstance(exc, ExportError)
                                                       and not isinstance(exc, ExportWriteError)):
        return EXIT_USAGE
    return EXIT_SETUP


def _fail(exc: BilateralError, code: int | None = None) -> None:
    message = " ".join(str(exc).split())  # one line, whatever DuckDB or the system put in the cause
    click.echo(f"bilateral: {message}", err=True)
    sys.exit(_exit_code(exc) if code is None else code)


def _open(db: str):
    from .store import Store

    try:
        return Store(db)
    except BilateralError as exc:
        _fail(exc)


def _store_fault(db: str, exc: BaseException) -> BilateralError:
    from .store.schema import fault

    return fault(db, exc)


@main.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@_DB
@click.option("--workers", type=click.IntRange(1), help="Local Dask workers (default: one per core).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on this remote Dask cluster instead.")
@click.option("--parquet", type=click.Path(file_okay=False), metavar="DIR",
              help="Also write every batch as partitioned Parquet under DIR.")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Force the language of every document.")
@click.option("--date", "default_date", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date for documents that have none.")
@_reading_options
@click.option("--batch-size", type=click.IntRange(1), default=32, show_default=True,
              help="Articles per Dask task (and per transaction).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no summary; problems are still reported.")
@click.option("--init", is_flag=True,
              help="Make --db a bilateral store even though it already holds other tables (someone else's "
                   "DuckDB file); without it such a file is refused.")
def ingest_cmd(inputs, db, workers, scheduler, parquet, lang, default_date, batch_size, quiet, init,
               **reading) -> None:
    """Code documents into the store, in parallel on Dask; re-running adds only what is new.

    INPUTS are files (txt, md, html, json, jsonl, csv, warc.gz), directories, URLs of
    pages or RSS/Atom feeds, or - for stdin.

    \b
    Example:
      bilateral ingest examples/articles.jsonl --db bilateral.duckdb
      bilateral ingest corpus/ --workers 2 --parquet out/parquet
      bilateral ingest news.jsonl --scheduler tcp://10.0.0.5:8786
      bilateral ingest news.jsonl --db shared.duckdb --init
    """
    import duckdb

    from .display_store import IngestBar, print_summary
    from .ingest.run import ingest

    problems = {"error": 0}

    def report(problem) -> None:
        problems[problem.severity] = problems.get(problem.severity, 0) + 1
        click.echo(f"bilateral: {problem}", err=True)

    try:
        with IngestBar(quiet=quiet) as bar:
            summary = ingest(list(inputs), db=db, workers=workers, scheduler=scheduler, parquet=parquet,
                             batch_size=batch_size, lang=None if lang == "auto" else lang,
                             default_date=default_date, init=init, on_problem=report, on_progress=bar.update,
                             **_reading(reading))
    except BilateralError as exc:
        _fail(exc)
    except (duckdb.Error, OSError) as exc:  # a full disk or a damaged file met while writing
        _fail(_store_fault(db, exc))
    if not quiet:
        print_summary(summary, db)
    if summary.problems:
        sys.exit(EXIT_PARTIAL if summary.added or summary.known else EXIT_NOTHING)
    if not (summary.added or summary.known):
        sys.exit(EXIT_NOTHING)


def _query_options(func=None, *, limit: bool = True):
    if func is None:
        return lambda f: _query_options(f, limit=limit)
    for option in reversed([
        click.option("--dyad", nargs=2, metavar="A B", help="Events between A and B, either direction; each a "
                                                            "code or a name, adjective or capital (Mali Russie)."),
        click.option("--actor", metavar="ACTOR", help="Events where ACTOR acts or is acted on: a code (RUS) or a "
                                                      "name, adjective or capital (Russie, Russian, Moscow)."),
        click.option("--type", "etype", metavar="TYPE", help="PLOVER event type, e.g. AID."),
        click.option("--since", metavar="YYYY-MM-DD", help="From this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Up to this date."),
        click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="P",
                     help="Only events whose confidence is at least P (every event is stored)."),
        _INCLUDE_UNASSERTED,
        click.option("--limit", type=click.IntRange(1), help="At most this many events.") if limit else None,
    ]):
        func = option(func) if option else func
    return func


@main.command("events")
@_DB
@_query_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def events_cmd(db, dyad, actor, etype, since, until, min_confidence, include_unasserted, limit, fmt) -> None:
    """List de-duplicated events, with their evidence, number of reports and assertion flag.

    Asserted events only, as `bilateral dyad` counts them; --include-unasserted adds the
    negated, hypothetical and future ones (their `assertion` is false). Actors are codes or
    names in French or English: --dyad Mali Russie is --dyad MLI RUS.

    \b
    Example:
      bilateral events --dyad MLI RUS --since 2025-01-01
      bilateral events --actor RUS --type AID --format csv > aid.csv
      bilateral events --dyad "Côte d'Ivoire" France --include-unasserted
    """
    store = _open(db)
    try:
        frame = store.events(dyad=tuple(dyad) if dyad else None, actor=actor, type=etype, since=since, until=until,
                             min_confidence=min_confidence, include_unasserted=include_unasserted, limit=limit)
    except BilateralError as exc:
        _fail(exc)
    if fmt == "csv":
        # lists joined by ";" and booleans true/false, as `bilateral export --format csv` and the API write them
        frame = frame.assign(**{c: frame[c].map(";".join) for c in ("context", "actor_codes", "recipient_codes")},
                             assertion=frame["assertion"].map({True: "true", False: "false"}))
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False, lines=True), nl=False)
    else:
        from .display_store import print_events

        print_events(frame, include_unasserted=include_unasserted)


@main.command("dyad")
@click.argument("a")
@click.argument("b")
@_DB
@click.option("--top", type=click.IntRange(1), default=10, show_default=True,
              help="How many of the most reported events to show (by distinct articles, then outlets, then reports).")
@_INCLUDE_UNASSERTED
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def dyad_cmd(a, b, db, top, include_unasserted, as_json) -> None:
    """A pair of actors over time: events per month by type and quad class, scores, top events.

    A and B are codes (MLI) or names, adjectives or capitals in French or English (Mali, Russie,
    Moscow); a name several actors share is refused with the candidates. Counts asserted
    events, as `bilateral events` lists them, unless --include-unasserted.

    \b
    Example:
      bilateral dyad MLI RUS
      bilateral dyad Mali Russie --include-unasserted
    """
    store = _open(db)
    try:
        summary = store.dyad(a, b, top=top, include_unasserted=include_unasserted)
    except BilateralError as exc:
        _fail(exc)
    if as_json:
        payload = {"a": summary.a, "b": summary.b, "include_unasserted": summary.include_unasserted,
                   "totals": summary.totals,
                   **{name: json.loads(getattr(summary, name).to_json(orient="records", date_format="iso",
                                                                     force_ascii=False))
                      for name in ("monthly", "score", "top")}}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
        return
    from .display_store import print_dyad

    print_dyad(summary)


@main.command("actors")
@_DB
@_INCLUDE_UNASSERTED
def actors_cmd(db, include_unasserted) -> None:
    """Every actor in the store: how often it acts and is acted on, reports, first and last dates
    (asserted events unless --include-unasserted).

    \b
    Example:
      bilateral actors --db bilateral.duckdb
    """
    from .display_store import print_frame

    try:
        frame = _open(db).actors(include_unasserted=include_unasserted)
    except BilateralError as exc:
        _fail(exc)
    print_frame(frame.rename(columns={"mentions": "reports"}), title="actors", noun="actors")


@main.command("export")
@_DB
@click.option("--format", "fmt", type=click.Choice(["plover", "gdelt", "csv", "parquet"]), default="plover",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (required for parquet).")
@_query_options(limit=False)
def export_cmd(db, fmt, output, dyad, actor, etype, since, until, min_confidence, include_unasserted) -> None:
    """Export the de-duplicated events: PLOVER JSONL, GDELT 2.0 TSV (61 columns), CSV or Parquet.

    The events `bilateral events` lists: asserted ones unless --include-unasserted (CSV and
    Parquet then tell them apart by their `assertion` column, PLOVER by its context).

    \b
    Example:
      bilateral export --format gdelt -o events.tsv
      bilateral export --format parquet -o events.parquet --dyad MLI RUS --include-unasserted
    """
    from .export import export_store
    from .store.queries import EventFilter

    store = _open(db)
    try:
        flt = EventFilter.parse(dyad=tuple(dyad) if dyad else None, actor=actor, type=etype, since=since,
                                until=until, min_confidence=min_confidence, include_unasserted=include_unasserted)
        count = export_store(store.con, fmt, output, flt=flt)
    except BilateralError as exc:
        _fail(exc)
    click.echo(f"bilateral: {count} events exported{f' to {output}' if output else ''}", err=True)


@main.command("serve")
@_DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--cors", "cors", multiple=True, metavar="ORIGIN",
              help="Let web pages of this origin (https://example.org, or * for any) read the API from a browser; "
                   "repeatable. Default: none.")
def serve_cmd(db, host, port, cors) -> None:
    """The dyad dashboard and JSON API over a store, opened read-only.

    \b
    Example:
      bilateral serve --db bilateral.duckdb   # then open http://127.0.0.1:8000/dyad/MLI/RUS
      bilateral serve --cors https://analyst.example.org   # its pages may call /api/ from a browser
    """
    from .api import serve

    _open(db).close()  # a clear message when the store is missing, before the server starts
    try:
        serve(db, host=host, port=port, cors=cors)
    except BilateralError as exc:
        _fail(exc)


# Commands of their own module, which shares the options and helpers above.
from .cli_live import rebuild_cmd, watch_cmd  # noqa: E402

main.add_command(watch_cmd)
main.add_command(rebuild_cmd)

"""Command line: a thin shell over the Python API. Every command's help has an example.

Exit codes: 0 everything was coded; 1 some inputs were skipped (each reported on stderr);
2 bad usage; 3 nothing could be coded; 4 a lexicon or model problem.
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from . import __version__
from .errors import BilateralError, LexiconError, ModelError

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


@main.command("code")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write events here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["plover", "jsonl-pretty", "table"]), default="plover",
              show_default=True, help="PLOVER JSON Lines, indented JSON, or a terminal table.")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Language of documents that do not say it themselves (JSONL \"lang\" wins).")
@click.option("--date", "default_date", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date for documents that carry none (default: today).")
@click.option("--max-bytes", type=int, default=10 * 1024 * 1024, show_default=True, help="Largest document accepted.")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Documents per spaCy batch.")
def code_cmd(inputs, output, fmt, lang, default_date, max_bytes, batch_size) -> None:
    """Code documents into events.

    INPUTS are text, Markdown or HTML files, directories of them, JSONL files of
    {"id", "text", "title"?, "url"?, "date"?, "lang"?} records, or - for stdin.

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
                        max_bytes=max_bytes)

    def tracked():
        for event in coder.code(items, on_problem=report):
            coded.add(event.story_id)
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
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_cmd(gold, predictions, show_errors, as_json) -> None:
    """Precision, recall and F1 against a gold file, overall, per language and per type.

    \b
    Example:
      bilateral evaluate ../shared/benchmarks/news_dev.jsonl --errors
    """
    from .evaluate import evaluate_file

    try:
        scores = evaluate_file(gold, predictions=predictions)
    except BilateralError as exc:
        click.echo(f"bilateral: {exc}", err=True)
        sys.exit(EXIT_SETUP)
    if as_json:
        payload = scores.as_dict()
        if show_errors:
            payload["errors"] = scores.errors
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    from .display import print_scores

    print_scores(scores, show_errors=show_errors)


@main.command("lexicons")
def lexicons_cmd() -> None:
    """Validate the lexicons and print their versions and sizes.

    \b
    Example:
      bilateral lexicons
    """
    from .lexicons import load_lexicons

    try:
        lex = load_lexicons("fr")
    except LexiconError as exc:
        click.echo(f"bilateral: {exc}", err=True)
        sys.exit(EXIT_SETUP)
    click.echo(f"lexicon version {lex.version}")
    for name, version in lex.versions:
        click.echo(f"  {name:<16} {version}")
    triggers = sum(len(v) for v in lex.triggers.values())
    click.echo(f"  {triggers} triggers, {len(lex.countries)} countries, {len(lex.exact)} names, "
               f"{len(lex.folded)} adjectives, {len(lex.titles)} titles")

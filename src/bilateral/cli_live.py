"""Command line of the live store: ``bilateral watch`` (follow sources) and ``bilateral rebuild``.

A thin shell, as ``cli`` is: each command calls one library function and shares ``cli``'s options,
messages and exit codes.
"""
from __future__ import annotations

import sys

import click

from .cli import _DB, EXIT_SETUP, EXIT_USAGE, _date, _fail, _reading, _reading_options
from .errors import BilateralError, InputError


def _every(_ctx, _param, value: str) -> float:
    from .ingest.watch import parse_every

    try:
        seconds = parse_every(value)
    except InputError as exc:
        raise click.BadParameter(f"{exc.message} ({exc.hint})") from None
    if seconds <= 0:
        raise click.BadParameter("the time between cycles must be more than 0")
    return seconds


@click.command("watch")
@click.argument("sources", nargs=-1)
@_DB
@click.option("--every", "every", default="15m", show_default=True, callback=_every, metavar="TIME",
              help="Time from the start of one cycle to the start of the next: 30s, 15m, 1h.")
@click.option("--feeds", "feed_lists", multiple=True, type=click.Path(dir_okay=False), metavar="FILE",
              help="A feed list: one URL a line, # for comments; read again every cycle. Repeatable.")
@click.option("--cycles", type=click.IntRange(1), metavar="N", help="Stop after N cycles (default: never).")
@click.option("--serve", "serve", is_flag=True, help="Also serve the dashboard from this process.")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: the interface to bind.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True,
              help="With --serve: the port.")
@click.option("--workers", type=click.IntRange(1), default=1, show_default=True,
              help="Local Dask workers coding each cycle's new articles.")
@click.option("--lang", type=click.Choice(["fr", "en", "auto"]), default="auto", show_default=True,
              help="Force the language of every document.")
@click.option("--date", "default_date", callback=_date, metavar="YYYY-MM-DD",
              help="Publication date for documents that have none.")
@_reading_options
@click.option("--batch-size", type=click.IntRange(1), default=32, show_default=True,
              help="Articles per Dask task (and per transaction).")
@click.option("-q", "--quiet", is_flag=True, help="No status line per cycle; problems are still reported.")
def watch_cmd(sources, db, every, feed_lists, cycles, serve, host, port, workers, lang, default_date, batch_size,
              quiet, **reading) -> None:
    """Follow RSS/Atom feeds, pages and folders: code what is new every cycle, until stopped.

    SOURCES are feed or page URLs, files and folders (of a folder, only the files that
    are new or changed since the last cycle are read). A feed entry already stored is
    not fetched again; an article is stored once however often it is seen. A source
    that cannot be reached is reported and tried again next cycle. Each cycle is a row
    of the `runs` table (command `watch`). Ctrl-C or SIGTERM stops it; what was stored
    stays stored.

    \b
    Example:
      bilateral watch https://example.org/feed.xml --every 15m --db news.duckdb
      bilateral watch --feeds feeds.txt inbox/ --every 30m --serve --port 8000
    """
    from .ingest.watch import Watcher, watch

    if not sources and not feed_lists:
        click.echo("bilateral: nothing to watch: give SOURCES or --feeds FILE", err=True)
        sys.exit(EXIT_USAGE)

    def report(problem) -> None:
        click.echo(f"bilateral: {problem}", err=True)

    def status(cycle) -> None:
        if not quiet or cycle.summary is None:
            click.echo(f"bilateral watch: {cycle.status()}", err=True)

    try:
        watcher = Watcher(list(sources), db=db, feed_lists=list(feed_lists), workers=workers, batch_size=batch_size,
                          lang=None if lang == "auto" else lang, default_date=default_date, on_problem=report,
                          **_reading(reading))
        watcher.urls()  # a feed list that cannot be read is refused before the first cycle
        done = watch(watcher, every=every, cycles=cycles, on_cycle=status, serve=(host, port) if serve else None)
    except InputError as exc:
        _fail(exc, EXIT_USAGE)
    except BilateralError as exc:
        _fail(exc)
    if not quiet:
        click.echo(f"bilateral watch: stopped after {len(done)} cycle{'s' * (len(done) != 1)}", err=True)
    if done and all(cycle.summary is None for cycle in done):
        sys.exit(EXIT_SETUP)


@click.command("rebuild")
@_DB
def rebuild_cmd(db) -> None:
    """Recompute near-duplicate clusters, events and the de-duplication index from every stored row.

    Every run updates them incrementally, at a cost that follows what it adds; a rebuild
    gives exactly the same result, from scratch (it holds every signature in memory).
    Useful after editing the store by hand, or to check it.

    \b
    Example:
      bilateral rebuild --db bilateral.duckdb
    """
    from .store.consolidate import consolidate
    from .store.gate import Gate

    try:
        with Gate(db).writing() as con:
            done = consolidate(con)
    except BilateralError as exc:
        _fail(exc)
    click.echo(f"bilateral: rebuilt {done.clusters} clusters and {done.events} events from {done.mentions} reports",
               err=True)

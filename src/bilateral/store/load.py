"""Coding articles into a store in this process: the single-machine path, used by tests and notebooks.

``bilateral ingest`` runs the same steps as Dask tasks; see ``bilateral.ingest.run``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import duckdb

from ..coder import Coder
from ..ingest import Problem
from ..ingest.dedup import signature
from ..model import Article, Event
from ..textclean import clean_text
from . import rows, writer
from .consolidate import Consolidation, refresh, refresh_after_failure


def keyed(article: Article) -> tuple[Article, str]:
    """The article under its store id (from its cleaned text and URL), and the id it came with.

    The text and title are cleaned first (``textclean.clean_text``): what is hashed, coded and
    stored is the same string."""
    text, title = clean_text(article.text), clean_text(article.title)
    return replace(article, id=rows.article_key(text, article.url), text=text, title=title), article.id


def code_batch(coder: Coder, batch: list[tuple[Article, str]], run_id: int):
    """Code keyed articles; returns the (articles, mentions, mention_actors) tables and the problems.

    An article that cannot be coded (an unsupported language, a stage that fails on it) is left
    out of the tables and reported among the problems; it never fails the batch.
    """
    problems: list[Problem] = []
    doc_ids: dict[str, str] = {}
    for article, doc_id in batch:
        doc_ids.setdefault(article.id, doc_id)
    article_rows: list[dict] = []
    events: list[Event] = []
    for article, found in coder.code_articles([article for article, _ in batch], on_problem=problems.append):
        article_rows.append(rows.article_row(article, doc_id=doc_ids[article.id], language=article.lang or "",
                                             minhash=signature(article.text), run_id=run_id))
        events += found
    return rows.tables(article_rows, events, run_id), problems


def load_articles(con: duckdb.DuckDBPyConnection, articles: Iterable[Article | Problem], *,
                  coder: Coder | None = None, batch_size: int = 32, command: str = "load",
                  on_problem: Callable[[Problem], None] | None = None) -> Consolidation:
    """Code ``articles`` into the store behind ``con`` (new ones only) and re-consolidate events.

    Articles that cannot be coded (and ``Problem`` items, as ``read_inputs`` yields them) go to
    ``on_problem`` and are not stored. Whatever happens, the run ends recorded as finished or
    failed, and what was stored is consolidated into events (after a failure, as far as it can:
    the next run finishes the job).
    """
    coder = coder or Coder()
    report = on_problem or (lambda problem: None)
    run_id = writer.start_run(con, command=command, inputs=[], lexicons={}, workers=1, scheduler="in-process")
    read = added = mentions = problems = 0
    batch: list[tuple[Article, str]] = []

    def flush() -> None:
        nonlocal added, mentions, problems
        fresh = writer.known_articles(con, [a.id for a, _ in batch])
        todo = [item for item in batch if item[0].id not in fresh]
        if todo:
            tables, found = code_batch(coder, todo, run_id)
            added += writer.write_batch(con, *tables)
            mentions += tables[1].num_rows
            problems += len(found)
            for problem in found:
                report(problem)
        batch.clear()

    def finish(status: str) -> None:
        writer.finish_run(con, run_id, status=status, read=read, added=added, mentions=mentions, problems=problems)

    try:
        for article in articles:
            if isinstance(article, Problem):
                report(article)
                problems += article.severity == "error"
                continue
            read += 1
            try:
                batch.append(keyed(article))
            except Exception as exc:  # a text that cannot even be hashed is that document's problem only
                report(Problem(article.source or article.id, f"could not be read: {type(exc).__name__}: {exc}"))
                problems += 1
                continue
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
        result = refresh(con)
    except BaseException as exc:
        if isinstance(exc, Exception):  # on Ctrl-C stop at once: the next run consolidates
            refresh_after_failure(con)
        finish("failed")
        raise
    finish("finished")
    return result

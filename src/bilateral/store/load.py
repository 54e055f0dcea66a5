"""Coding articles into a store in this process: the single-machine path, used by tests and notebooks.

``bilateral ingest`` runs the same steps as Dask tasks; see ``bilateral.ingest.run``.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import duckdb

from ..coder import Coder
from ..errors import InputError
from ..ingest import Problem
from ..ingest.dedup import signature
from ..model import Article, Event
from . import rows, writer
from .consolidate import Consolidation, consolidate


def keyed(article: Article) -> tuple[Article, str]:
    """The article under its store id (from its normalised text and URL), and the id it came with."""
    return replace(article, id=rows.article_key(article.text, article.url)), article.id


def code_batch(coder: Coder, batch: list[tuple[Article, str]], run_id: int):
    """Code keyed articles; returns the (articles, mentions, mention_actors) tables and the problems."""
    problems: list[Problem] = []
    ready: list[tuple[Article, str]] = []
    for article, doc_id in batch:
        try:
            ready.append((replace(article, lang=coder.language_of(article)), doc_id))
        except InputError as exc:  # an unsupported language: reported, the batch goes on
            problems.append(Problem(article.source or doc_id or article.id, str(exc)))
    events: list[Event] = list(coder.code([article for article, _ in ready]))
    article_rows = [rows.article_row(a, doc_id=d, language=a.lang or "", minhash=signature(a.text), run_id=run_id)
                    for a, d in ready]
    return rows.tables(article_rows, events, run_id), problems


def load_articles(con: duckdb.DuckDBPyConnection, articles: Iterable[Article], *, coder: Coder | None = None,
                  batch_size: int = 32, command: str = "load") -> Consolidation:
    """Code ``articles`` into the store behind ``con`` (new ones only) and re-consolidate events."""
    coder = coder or Coder()
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
        batch.clear()

    for article in articles:
        read += 1
        batch.append(keyed(article))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    result = consolidate(con)
    writer.finish_run(con, run_id, status="finished", read=read, added=added, mentions=mentions, problems=problems)
    return result

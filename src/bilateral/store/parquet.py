"""Partitioned Parquet output of ingest batches, for runs too big for one file.

Each batch becomes one file per table, named by a hash of the articles it holds, under
``DIR/<table>/lang=<xx>/``; DuckDB reads a whole run back with
``read_parquet('DIR/mentions/**/*.parquet', hive_partitioning = true)``.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ("articles", "mentions", "mention_actors")


def write_parts(directory: str | Path, tables: tuple[pa.Table, pa.Table, pa.Table]) -> list[Path]:
    articles, mentions, actors = tables
    if articles.num_rows == 0:
        return []
    ids = sorted(articles.column("id").to_pylist())
    part = hashlib.sha1("\n".join(ids).encode()).hexdigest()[:16]
    languages = dict(zip(articles.column("id").to_pylist(), articles.column("language").to_pylist()))
    mention_language = dict(zip(mentions.column("id").to_pylist(),
                                (languages.get(a, "xx") for a in mentions.column("article_id").to_pylist())))
    written = []
    for name, table, language_of in (
        ("articles", articles, lambda t: t.column("language").to_pylist()),
        ("mentions", mentions, lambda t: [languages.get(a, "xx") for a in t.column("article_id").to_pylist()]),
        ("mention_actors", actors, lambda t: [mention_language.get(m, "xx") for m in t.column("mention_id").to_pylist()]),
    ):
        if table.num_rows == 0:
            continue
        langs = language_of(table)
        for language in sorted(set(langs)):
            mask = pa.array([value == language for value in langs])
            target = Path(directory) / name / f"lang={language}" / f"part-{part}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_suffix(".parquet.tmp")
            pq.write_table(table.filter(mask), temporary)
            os.replace(temporary, target)  # a reader never sees half a file
            written.append(target)
    return written

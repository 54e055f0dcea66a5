"""Incremental de-duplication: the cost of adding 1,000 articles to stores of growing size.

    python benchmarks/dedup.py --articles 20000 100000 --reports-per-article 5 --add 1000

For each size, generates a consolidated store (articles with MinHash signatures, a tenth of them
near-duplicates of another; five reports each over a few thousand actor pairs and event types;
clusters, events and the de-duplication index) that covers ``--per-day`` articles a day — a bigger
store covers more days, as a news archive does. Then one process stores ``--add`` new articles of
the last week (some near-duplicates of stored ones; a tenth of their reports about any earlier
day) in batches of 100, and a fresh process runs the end-of-run consolidation
(``consolidate.refresh``, incremental): its time, the time closing the store then takes (DuckDB's
checkpoint, when the consolidation's own commit did not write it) and that process's peak resident
memory (DuckDB's buffers included) are reported. With ``--full``, a third process times the full
recomputation (``bilateral rebuild``) of the same store, for comparison.

The stores are generated directly (no coding): the coder's speed is ``benchmarks/ingest.py``'s.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

from bilateral.ingest.dedup import NUM_PERM
from bilateral.store import connect, rows
from bilateral.store.consolidate import _rebuild_events, consolidate, refresh
from bilateral.store.incremental import rebuild_index
from bilateral.store.writer import write_batch

TYPES = ["AID", "AGREE", "CONSULT", "SUPPORT", "ACCUSE", "REJECT", "COOPERATE", "THREATEN", "SANCTION", "ASSAULT"]
CODES = [f"C{i:02d}" for i in range(80)]
END = date(2025, 10, 15)
CHUNK = 50_000


def _signatures(rng: np.random.Generator, count: int, stored: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Random signatures; a tenth are copies of another (of ``stored``, or of an earlier row of this
    chunk) with up to 20 of their 128 values changed. Returns the signatures and, per row, the index
    copied (-1: none).

    A copy of this chunk copies an earlier row only: that row is then final, so the copy is a near
    duplicate of it (20 changes leave at least 5 of the 25 bands whole, and 108 of 128 values), and
    the row copied has the smaller id, which is what names a cluster."""
    sigs = rng.integers(0, 2 ** 32, size=(count, NUM_PERM), dtype=np.uint64)
    source = np.full(count, -1)
    own = stored is None or not len(stored)
    pool = sigs[: max(1, count // 2)] if own else stored
    for i in np.nonzero(rng.random(count) < 0.1)[0]:
        j = int(rng.integers(0, len(pool)))
        if own and j >= i:
            continue
        copy = pool[j].copy()
        changed = rng.choice(NUM_PERM, size=int(rng.integers(0, 21)), replace=False)
        copy[changed] = rng.integers(0, 2 ** 32, size=len(changed), dtype=np.uint64)
        sigs[i], source[i] = copy, j
    return sigs, source


def _tables(rng: np.random.Generator, ids: list[str], sigs: np.ndarray, per_article: int, run_id: int,
            span: int, recent: int):
    """Articles published over the last ``recent`` days of ``span`` days ending at ``END``, their
    reports dated then too (a tenth of them about any earlier day of the span)."""
    published = rng.integers(0, recent, len(ids))
    articles = pa.table({
        "id": ids, "doc_id": ids, "url": [f"https://example.org/{i}" for i in ids], "title": ids,
        "outlet": pa.array([f"outlet{int(k)}.org" for k in rng.integers(0, 50, len(ids))]),
        "published": pa.array([END - timedelta(days=int(d)) for d in published]),
        "language": ["fr"] * len(ids), "text": ["texte"] * len(ids), "text_hash": ids, "words": [1] * len(ids),
        "minhash": pa.array([row.astype("<u8").tobytes() for row in sigs], pa.binary()), "run_id": [run_id] * len(ids)})
    count = len(ids) * per_article
    pairs = rng.zipf(1.6, size=(count, 2)) % len(CODES)
    mention_ids = [f"M{a}-{k}" for a in ids for k in range(per_article)]
    days = np.where(rng.random(count) < 0.1, rng.integers(0, span, count), np.repeat(published, per_article))
    mentions = {
        "id": mention_ids, "article_id": [a for a in ids for _ in range(per_article)],
        "date": [END - timedelta(days=int(d)) for d in days], "date_source": ["document"] * count,
        "event": [TYPES[int(t)] for t in rng.zipf(1.5, count) % len(TYPES)], "mode": [""] * count,
        "context": [[] if r > 0.1 else ["negation"] for r in rng.random(count)],
        "actor_codes": [[CODES[int(a)]] for a in pairs[:, 0]],
        "recipient_codes": [[CODES[int(b)]] for b in pairs[:, 1]],
        "cameo": ["070"] * count, "quad_code": [2] * count, "goldstein": [7.0] * count, "plover_score": [5.0] * count,
        "sentence": [k for _ in ids for k in range(per_article)], "start": [0] * count, "end": [5] * count,
        "trigger": ["livré"] * count, "sentence_text": ["phrase"] * count, "language": ["fr"] * count,
        "confidence": [0.9] * count, "coder": ["bench"] * count, "lexicon": ["bench"] * count,
        "run_id": [run_id] * count,
    }
    mentions_table = pa.Table.from_pydict(mentions).select([n for n in rows.MENTIONS.names if n in mentions])
    actors = pa.table({
        "mention_id": mention_ids * 2, "role": ["actor"] * count + ["recipient"] * count, "position": [0] * (2 * count),
        "code": [c[0] for c in mentions["actor_codes"]] + [c[0] for c in mentions["recipient_codes"]],
        "sector": ["GOV"] * (2 * count), "text": ["x"] * (2 * count), "name": ["x"] * (2 * count),
        "start": [-1] * (2 * count), "end": [-1] * (2 * count), "kind": ["country"] * (2 * count)})
    return articles, mentions_table, actors


def generate(path: Path, articles: int, per_article: int, per_day: int, seed: int = 1) -> float:
    """A consolidated store of ``articles`` articles; returns the seconds it took."""
    began = time.monotonic()
    rng = np.random.default_rng(seed)
    con = connect(path)
    clusters: dict[int, int] = {}
    for start in range(0, articles, CHUNK):
        count = min(CHUNK, articles - start)
        sigs, source = _signatures(rng, count, None)
        ids = [f"A{start + i:09d}" for i in range(count)]
        for i, j in enumerate(source):  # a copy joins the cluster of what it copies (ids grow: that is the smallest)
            clusters[start + i] = clusters.get(start + int(j), start + int(j)) if j >= 0 else start + i
        write_batch(con, *_tables(rng, ids, sigs, per_article, 1, span=_span(articles, per_day),
                                  recent=_span(articles, per_day)))
        labels = pa.table({"id": ids, "cluster": [f"A{clusters[start + i]:09d}" for i in range(count)]})
        con.register("_labels", labels)
        con.execute("UPDATE articles SET cluster = l.cluster FROM _labels l WHERE articles.id = l.id")
        con.unregister("_labels")
    con.execute("BEGIN TRANSACTION")
    _rebuild_events(con)
    rebuild_index(con)
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    return time.monotonic() - began


def _span(articles: int, per_day: int) -> int:
    return max(1, articles // per_day)


def add(path: Path, count: int, per_article: int, per_day: int, seed: int = 2) -> dict:
    """Store ``count`` new articles in batches of 100, as a run does before its consolidation."""
    rng = np.random.default_rng(seed)
    con = connect(path)
    stored = [np.frombuffer(blob, dtype="<u8").astype(np.uint64) for (blob,) in con.execute(
        "SELECT minhash FROM articles USING SAMPLE 2000 ROWS").fetchall()]
    sigs, _ = _signatures(rng, count, np.array(stored))
    base = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    ids = [f"B{base + i:09d}" for i in range(count)]
    began = time.monotonic()
    for start in range(0, count, 100):
        write_batch(con, *_tables(rng, ids[start:start + 100], sigs[start:start + 100], per_article, 2,
                                  span=_span(base, per_day), recent=7))
    con.close()
    return {"write_s": time.monotonic() - began}


def consolidation(path: Path, memory_limit: str | None = None) -> dict:
    """Runs in a process of its own: the end-of-run consolidation of what ``add`` stored (with
    DuckDB's ``memory_limit``, when given)."""
    con = connect(path)
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    began = time.monotonic()
    result = refresh(con)
    seconds = time.monotonic() - began
    con.close()  # DuckDB's checkpoint, unless the consolidation's commit already wrote one
    return {"refresh_s": seconds, "close_s": time.monotonic() - began - seconds, "events": result.events,
            "clusters": result.clusters, "peak_rss_mb": _peak_rss_mb()}


def full(path: Path) -> dict:
    con = connect(path)
    began = time.monotonic()
    consolidate(con)
    seconds = time.monotonic() - began
    con.close()
    return {"full_s": seconds, "peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's ``VmHWM``, not ``getrusage``: the latter keeps,
    across the fork and exec that started this process, the peak of the process that started it
    (here the one that generated the store, several times bigger)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--reports-per-article", type=int, default=5)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--per-day", type=int, default=150, help="articles a day in the generated stores")
    parser.add_argument("--full", action="store_true", help="also time a full rebuild of each store")
    parser.add_argument("--memory-limit", metavar="SIZE", help="DuckDB's memory_limit for the consolidation, "
                                                               "e.g. 256MB (default: DuckDB's, 80%% of RAM)")
    parser.add_argument("--keep", metavar="DIR", help="generate the stores here and keep them")
    parser.add_argument("--step", choices=["add", "refresh", "full"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:  # a measurement in a process of its own, for its peak memory
        step = {"add": lambda: add(Path(args.db), args.add, args.reports_per_article, args.per_day),
                "refresh": lambda: consolidation(Path(args.db), args.memory_limit),
                "full": lambda: full(Path(args.db))}[args.step]()
        print(json.dumps(step))
        return
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bilateral-dedup-"))
    folder.mkdir(parents=True, exist_ok=True)
    for size in args.articles:
        path = folder / f"store-{size}.duckdb"
        for stale in (path, Path(f"{path}.wal")):
            stale.unlink(missing_ok=True)
        made = generate(path, size, args.reports_per_article, args.per_day)
        line = {"articles": size, "reports": size * args.reports_per_article, "generate_s": round(made, 1)}
        for step in (["add", "refresh", "full"] if args.full else ["add", "refresh"]):
            out = subprocess.run([sys.executable, __file__, "--step", step, "--db", str(path), "--add", str(args.add),
                                  "--reports-per-article", str(args.reports_per_article),
                                  "--per-day", str(args.per_day)]
                                 + (["--memory-limit", args.memory_limit] if args.memory_limit else []),
                                 check=True, capture_output=True, text=True).stdout
            line.update({f"{step}_{k}" if k == "peak_rss_mb" else k: v for k, v in json.loads(out).items()})
        print(json.dumps({k: round(v, 2) if isinstance(v, float) else v for k, v in line.items()}), flush=True)


if __name__ == "__main__":
    main()

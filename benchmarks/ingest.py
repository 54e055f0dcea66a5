"""Ingest throughput on a local Dask cluster: 2 workers against 1, and memory per worker.

    python benchmarks/ingest.py --articles 3000

Generates the articles (deterministic), ingests them into a fresh store with 1 worker, then with
2, in the same run; reports articles/s (wall clock, and steady state between the first and the
last stored batch, which leaves out cluster start-up and model loading), the ratio, and each
worker's peak resident memory after 1,000 articles and at the end. Writes benchmarks/INGEST.md.

For scale, the same run also measures spaCy alone (the bare French model, no bilateral code) as
Dask tasks on 1 and then 2 workers over the same texts: the speed-up two processes give on this
machine before bilateral adds anything.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles  # noqa: E402

from bilateral.ingest.run import ingest  # noqa: E402


class WorkerMemory:
    """Samples the resident memory of this process's children: the Dask worker processes.

    Processes that never reach ``floor`` bytes (the resource tracker) are not workers and are left out.
    """

    def __init__(self, every: float = 0.25, floor: int = 150_000_000):
        self.every = every
        self.floor = floor
        self.peak: dict[int, int] = {}
        self.marks: dict[str, dict[int, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                if rss >= self.floor or child.pid in self.peak:
                    self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            time.sleep(self.every)

    def mark(self, name: str) -> None:
        self.marks[name] = dict(self.peak)

    def __enter__(self) -> "WorkerMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(corpus: Path, workers: int, batch_size: int, mark_at: int) -> dict:
    stored: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory() as tmp, WorkerMemory() as memory:
        def progress(state) -> None:
            stored.append((time.monotonic(), state.added))
            if state.added >= mark_at and "mark" not in memory.marks:
                memory.mark("mark")

        summary = ingest([str(corpus)], db=Path(tmp) / "bench.duckdb", workers=workers, batch_size=batch_size,
                         today=date(2025, 10, 15), on_progress=progress)
        memory.mark("end")
    (t0, n0), (t1, n1) = stored[0], stored[-1]
    return {
        "workers": workers, "articles": summary.added, "events": summary.events, "seconds": summary.seconds,
        "wall_rate": summary.added / summary.seconds, "steady_rate": (n1 - n0) / (t1 - t0),
        "memory_mark": memory.marks.get("mark", {}), "memory_end": memory.marks["end"],
    }


def _parse(texts: list[str], batch_size: int) -> int:
    from bilateral.nlp import load_model

    nlp = load_model("fr")
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))


def _warm() -> bool:
    from bilateral.nlp import load_model

    load_model("fr")
    return True


def spacy_alone(texts: list[str], workers: int, batch_size: int) -> float:
    """Articles/s of the bare spaCy model as Dask tasks on ``workers`` local workers (models preloaded)."""
    import logging

    from distributed import Client, LocalCluster, wait

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        client.run(_warm)
        start = time.monotonic()
        futures = [client.submit(_parse, texts[i:i + batch_size], 16, pure=False)
                   for i in range(0, len(texts), batch_size)]
        wait(futures)
        return len(texts) / (time.monotonic() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--mark", type=int, default=1000, help="articles at which memory is first read")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("INGEST.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records = articles(args.articles, seed=5)
        words = sum(len(r["text"].split()) for r in records)
        corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        results = [run(corpus, n, args.batch_size, args.mark) for n in (1, 2)]
        texts = [r["text"] for r in records]
        baseline = [spacy_alone(texts, n, args.batch_size) for n in (1, 2)]
    one, two = results
    lines = [
        "# Ingest benchmark", "",
        f"`python benchmarks/ingest.py --articles {args.articles}` on {date.today()}: {args.articles} generated "
        f"French articles ({words} words), batch size {args.batch_size}, local Dask cluster, "
        f"{psutil.cpu_count()} cores.", "",
        "| workers | seconds | articles/s (wall) | articles/s (steady) | events | peak RSS per worker at "
        f"{args.mark} → end (MB) |",
        "|---|---|---|---|---|---|",
    ]
    growth = 0.0
    for result in results:
        peaks = []
        for pid, end in sorted(result["memory_end"].items()):
            start = result["memory_mark"].get(pid, end)
            peaks.append(f"{start / 1e6:.0f} → {end / 1e6:.0f}")
            growth = max(growth, end / start - 1)
        lines.append(f"| {result['workers']} | {result['seconds']:.1f} | {result['wall_rate']:.1f} | "
                     f"{result['steady_rate']:.1f} | {result['events']} | {'; '.join(peaks)} |")
    lines += ["", f"Speed-up with 2 workers: **{two['steady_rate'] / one['steady_rate']:.2f}×** steady state, "
                  f"{two['wall_rate'] / one['wall_rate']:.2f}× wall clock (target ≥ 1.6×).",
              f"spaCy alone (bare fr_core_news_md, same texts, Dask tasks): {baseline[0]:.1f} articles/s on 1 "
              f"worker, {baseline[1]:.1f} on 2: **{baseline[1] / baseline[0]:.2f}×**, the ceiling two processes "
              "give on this machine.",
              f"Largest growth of a worker's peak memory from {args.mark} articles to the end: "
              f"**{growth * 100:.1f}%** (target ≤ 20%).", ""]
    text = "\n".join(lines)
    print(text)
    args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

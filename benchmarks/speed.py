"""Speed of the coder against spaCy alone on the same generated articles (French and English), in one run.

    python benchmarks/speed.py [--articles 300] [--repeat 3]

Prints articles/s and words/s for spaCy's ``fr_core_news_md`` pipeline alone and for the whole
coder (spaCy + bilateral components + extraction), and their ratio. Timings are noisy on shared
machines: both are measured in the same run, alternately, and the best of ``--repeat`` is kept.
First it prints what the lexicons cost on their own: the time to read and validate every file of
a language, and the resident memory that adds to the process.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import articles  # noqa: E402

from bilateral import Article, Coder  # noqa: E402
from bilateral.nlp import load_model  # noqa: E402


def lexicon_cost(lang: str) -> None:
    """Seconds and resident megabytes to load one language's lexicons from their files."""
    import psutil

    from bilateral import lexicons

    for cached in (lexicons.load_lexicons, lexicons.load_ontology, lexicons._load_actors):
        cached.cache_clear()
    process = psutil.Process()
    before = process.memory_info().rss
    start = time.perf_counter()
    lex = lexicons.load_lexicons(lang)
    seconds = time.perf_counter() - start
    added = (process.memory_info().rss - before) / 2**20
    triggers = sum(len(v) for v in lex.triggers.values())
    print(f"[{lang}] lexicons {lex.version}: {triggers} triggers, {len(lex.exact)} names; "
          f"loaded in {seconds:.2f} s, +{added:.0f} MB resident")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lang", choices=["fr", "en", "both"], default="both")
    args = parser.parse_args()
    for lang in (["fr", "en"] if args.lang == "both" else [args.lang]):
        lexicon_cost(lang)
    for lang in (["fr", "en"] if args.lang == "both" else [args.lang]):
        measure(lang, args)


def measure(lang: str, args: argparse.Namespace) -> None:
    records = articles(args.articles, lang=lang)
    words = sum(len(r["text"].split()) for r in records)
    docs = [Article(id=r["id"], text=r["text"], date=date.fromisoformat(r["date"]), lang=lang) for r in records]
    nlp = load_model(lang)
    coder = Coder(batch_size=args.batch_size)
    coder.code_text(records[0]["text"], lang=lang)  # warm-up: loads pipeline and lexicons
    unplaced = Coder(batch_size=args.batch_size, geolocate=False)  # the same coder without geolocation
    unplaced.code_text(records[0]["text"], lang=lang)
    list(nlp.pipe([records[0]["text"]]))

    best_spacy = best_coder = best_unplaced = float("inf")
    events = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe((r["text"] for r in records), batch_size=args.batch_size):
            pass
        best_spacy = min(best_spacy, time.perf_counter() - start)
        start = time.perf_counter()
        events = sum(1 for _ in coder.code(docs))
        best_coder = min(best_coder, time.perf_counter() - start)
        start = time.perf_counter()
        sum(1 for _ in unplaced.code(docs))
        best_unplaced = min(best_unplaced, time.perf_counter() - start)

    n = len(records)
    model = nlp.meta.get("lang", lang) + "_" + nlp.meta.get("name", "")
    print(f"[{lang}] {n} generated articles, {words} words, {events} events; best of {args.repeat} runs")
    print(f"spaCy alone ({model}): {n / best_spacy:8.1f} articles/s  {words / best_spacy:8.0f} words/s")
    print(f"bilateral coder:               {n / best_coder:8.1f} articles/s  {words / best_coder:8.0f} words/s")
    print(f"ratio coder / spaCy time:      {best_coder / best_spacy:8.2f}x  (target <= 1.30x)")
    print(f"geolocation adds:              {100 * (best_coder / best_unplaced - 1):8.1f} %  (coder with / without "
          f"geolocation: {best_coder:.2f} s / {best_unplaced:.2f} s; target <= 5 %)")


if __name__ == "__main__":
    main()

"""Propose new triggers from a spaCy model's word vectors, for a person to review.

    python tools/suggest_triggers.py --lang fr [--type AID] [--per-seed 15] [--min-score 0.55] [-o candidates.csv]

For every trigger of the lexicons (by PLOVER type), the nearest words of the model's vector
table are looked up; a word that is not yet a trigger, whose lemma is a verb or a noun in the
model, and that several seeds of one type point to, becomes a candidate row in the lexicon's
columns, with the CAMEO code of its nearest seed, the seeds that found it and the similarity.
Nothing is added to the lexicons: the output is a review sheet. A reviewer copies the rows they
accept into the right `data/<lang>/triggers/*.csv` file (checking the lemma on a sentence, adding
a `with` condition where the word is ambiguous, and writing the behaviour sentences), then runs
`python -m pytest tests/test_lexicons.py`.

Needs a model with word vectors: fr_core_news_md has them; en_core_web_sm has none, so English
needs a model with vectors (`--model en_core_web_md` once installed).
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict

from bilateral.lexicons import load_lexicons

def candidates(nlp, lex, *, etype: str | None, per_seed: int, min_score: float, min_seeds: int):
    import numpy

    vectors = nlp.vocab.vectors
    if vectors.shape[0] == 0:
        raise SystemExit(f"the model {nlp.meta.get('lang')}_{nlp.meta.get('name')} has no word vectors: "
                         "pass --model with a model that has them (for English, en_core_web_md)")
    known = {lemma for lemma, _ in lex.triggers}
    found: dict[tuple[str, str], dict] = {}
    seeds_by_type: dict[str, list] = defaultdict(list)
    for (lemma, pos), entries in lex.triggers.items():
        if entries and not entries[0].with_ and (etype is None or entries[0].type == etype):
            seeds_by_type[entries[0].type].append((lemma, pos, entries[0]))
    for kind, seeds in sorted(seeds_by_type.items()):
        for lemma, pos, entry in seeds:
            key = nlp.vocab.strings[lemma] if lemma in nlp.vocab.strings else None
            if key is None or key not in vectors:
                continue
            query = numpy.asarray([vectors[key]])
            keys, _, scores = vectors.most_similar(query, n=per_seed)
            for other, score in zip(keys[0], scores[0]):
                word = nlp.vocab.strings[int(other)].lower()
                if score < min_score or word in known or not word.isalpha():
                    continue
                token = nlp(word)[0]
                cand_pos = "VERB" if token.pos_ == "VERB" else "NOUN" if token.pos_ == "NOUN" else None
                if cand_pos is None or token.lemma_.lower() in known:
                    continue
                slot = found.setdefault((token.lemma_.lower(), kind), {
                    "lemma": token.lemma_.lower(), "pos": cand_pos, "type": kind, "mode": entry.mode,
                    "context": "|".join(entry.context), "cameo": entry.cameo, "seeds": [], "score": 0.0})
                slot["seeds"].append(lemma)
                slot["score"] = max(slot["score"], float(score))
    rows = [c for c in found.values() if len(set(c["seeds"])) >= min_seeds]
    return sorted(rows, key=lambda c: (-len(set(c["seeds"])), -c["score"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=["fr", "en"], required=True)
    parser.add_argument("--model", help="spaCy model with word vectors (default: the language's coder model)")
    parser.add_argument("--type", dest="etype", help="only this PLOVER type")
    parser.add_argument("--per-seed", type=int, default=15, help="neighbours looked up per trigger")
    parser.add_argument("--min-score", type=float, default=0.55, help="lowest cosine similarity kept")
    parser.add_argument("--min-seeds", type=int, default=2, help="how many triggers must point to a word")
    parser.add_argument("-o", "--output", help="write the review sheet here (default: stdout)")
    args = parser.parse_args()
    import spacy

    from bilateral.nlp import load_model

    nlp = spacy.load(args.model, exclude=["parser", "ner"]) if args.model else load_model(args.lang)
    rows = candidates(nlp, load_lexicons(args.lang), etype=args.etype, per_seed=args.per_seed,
                      min_score=args.min_score, min_seeds=args.min_seeds)
    handle = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    writer = csv.writer(handle)
    writer.writerow(["accept", "lemma", "pos", "with", "type", "mode", "context", "cameo", "roles", "note"])
    for c in rows:
        seeds = sorted(set(c["seeds"]))
        writer.writerow(["", c["lemma"], c["pos"], "", c["type"], c["mode"], c["context"], c["cameo"], "agent",
                         f"near {', '.join(seeds[:5])} (similarity {c['score']:.2f}); review before use"])
    if args.output:
        handle.close()
    print(f"{len(rows)} candidates for review", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

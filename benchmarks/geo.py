"""Place resolution against a gold file of place names in French and English sentences.

    python benchmarks/geo.py [--gold benchmarks/data/geo_gold.jsonl] [--errors]

Each gold line is a sentence, the place name it holds (``place``, at ``start``) and the place
it means (``expected``: GeoNames id, or null with the name for a place of bilateral's own list
that GeoNames lacks, and the country's ISO3, '' for a sea or strait). The sentence is parsed by
the coder's pipeline; its place names are found and resolved as the coder does, with the actors
the lexicons find in it as the event's actors. A name that is not found, or left unresolved,
counts as wrong. Prints a markdown table: correct country and correct place (GeoNames id), over
all sentences, by language, for the sentences with an ambiguous name and the others, and by
ambiguous name.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from bilateral.extract.actors import find_mentions
from bilateral.geo import open_gazetteer
from bilateral.geo.resolve import Context, named_states, resolve_all
from bilateral.geo.text import place_mentions
from bilateral.lexicons import load_lexicons
from bilateral.nlp import load_pipeline

GOLD = Path(__file__).parent / "data" / "geo_gold.jsonl"
AMBIGUOUS = ("Gao", "Kidal", "Tripoli", "Georgia", "Niger", "Congo", "Paris")


def score(records: list[dict], *, errors: bool = False) -> list[tuple[str, int, int, int, int]]:
    """(group, sentences, correct country, correct place, unresolved) per group."""
    gazetteer = open_gazetteer()
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for record in records:
        lang = record["lang"]
        doc = load_pipeline(lang)(record["text"])
        lex = load_lexicons(lang)
        actors = tuple(sorted({(m.entries[0].code, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                               for m in find_mentions(doc, lex).values()
                               if gazetteer.country(m.entries[0].code) is not None}))
        mentions = place_mentions(doc, gazetteer, lang)
        context = Context(named=named_states(t.lower_ for t in doc), actor_spans=actors)
        resolved = resolve_all(mentions, context, gazetteer)
        start, end = record["start"], record["start"] + len(record["place"])
        found = next((r for r in resolved if r.mention.start < end and start < r.mention.end), None)
        place = found.place if found else None
        expected = record["expected"]
        country_ok = place is not None and place.country == expected["country"]
        if expected["geonameid"] is None:
            place_ok = place is not None and place.geonameid is None and place.name == expected["name"]
        else:
            place_ok = place is not None and place.geonameid == expected["geonameid"]
        keys = ["all", f"lang: {lang}", "ambiguous names" if record["ambiguous"] else "other names"]
        if record["ambiguous"]:
            keys += [f"name: {name}" for name in AMBIGUOUS if name in record["text"] or
                     (name == "Georgia" and "Géorgie" in record["text"])][:1]
        for key in keys:
            tally = groups[key]
            tally[0] += 1
            tally[1] += country_ok
            tally[2] += place_ok
            tally[3] += place is None
        if errors and not place_ok:
            got = "nothing found" if found is None else (
                "unresolved" if place is None else f"{place.name} ({place.country}, {place.geonameid})")
            print(f"{record['id']} {record['place']!r}: expected {expected['name']} ({expected['country']}, "
                  f"{expected['geonameid']}), got {got}", file=sys.stderr)
    order = ["all", "lang: fr", "lang: en", "ambiguous names", "other names"] + [f"name: {n}" for n in AMBIGUOUS]
    return [(key, *groups[key]) for key in order if key in groups]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--errors", action="store_true", help="list the sentences resolved wrongly (stderr)")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    rows = score(records, errors=args.errors)
    seconds = time.perf_counter() - started
    print(f"Place resolution, {len(records)} sentences of {args.gold.name} ({seconds:.0f} s)\n")
    print("| sentences | n | correct country | correct place (GeoNames id) | unresolved |")
    print("|---|---:|---:|---:|---:|")
    for key, n, country, place, unresolved in rows:
        print(f"| {key} | {n} | {100 * country / n:.1f} % | {100 * place / n:.1f} % | {unresolved} |")


if __name__ == "__main__":
    main()

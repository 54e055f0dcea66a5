"""A store for the list routes' tests, written directly with SQL (no spaCy model): enough events for
several pages, asserted and negated ones, a multi-party event, several dyads and actors, and
evidence sentences that a careless CSV or JSON writer would break (commas, quotes, semicolons,
newlines, markup, accents).
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bilateral.store import connect, tallies

FIRST_DAY = date(2024, 1, 1)
AWKWARD = [
    'Le Mali a signé, à Moscou, un accord "historique" ; la Russie livrera du blé.',
    "Une phrase\nsur deux lignes, avec une virgule.",
    "<script>alert('x')</script> Bamako remercie Moscou.",
    "Cédéao ; Niamey ; Ouagadougou — « coopération » renforcée.",
]
# (actor codes, recipient codes, PLOVER type, quad, CAMEO, how many events)
PAIRS = [
    (["MLI"], ["RUS"], "AID", 2, "072", 23),
    (["RUS"], ["MLI"], "AGREE", 1, "057", 6),
    (["FRA"], ["MLI"], "ACCUSE", 3, "112", 9),
    (["RUS"], ["UKR"], "ASSAULT", 4, "190", 7),
    (["NER"], ["FRA"], "REJECT", 3, "128", 4),
    (["MLI", "BFA"], ["RUS"], "CONSULT", 1, "040", 2),
]
NAMES = {"MLI": "Mali", "RUS": "Russia", "FRA": "France", "UKR": "Ukraine", "NER": "Niger", "BFA": "Burkina Faso"}
EVENTS = sum(count for *_, count in PAIRS)


def insert(con, table: str, rows: list[dict]) -> None:
    """Rows (dicts with the same keys) into a table of the store; the tallies of the events are then
    recomputed, as every writer of the store keeps them (``store.tallies``)."""
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in columns)})",
                    [[row[c] for c in columns] for row in rows])
    if table in ("events", "mentions", "articles"):
        tallies.rebuild(con)


def start(path: Path):
    """A new store at ``path`` with one finished run, open."""
    con = connect(path)
    con.execute("INSERT INTO runs (started_at, status, command, inputs, coder_version, lexicons) "
                "VALUES (now(), 'finished', 'test', [], 'test', '{}')")
    return con


def build(path: Path) -> Path:
    """Write the store at ``path``; returns ``path``."""
    con = start(path)
    try:
        insert(con, "articles", [
            {"id": f"A-{n}", "doc_id": f"doc-{n}", "url": f"https://example.org/{n}", "title": f"Dépêche {n}",
             "outlet": "example.org", "published": FIRST_DAY + timedelta(days=n), "language": "fr",
             "text": AWKWARD[n % len(AWKWARD)], "text_hash": f"h{n}", "words": 12, "run_id": 1}
            for n in range(len(AWKWARD))])
        events, mentions, actors = [], [], []
        n = 0
        for actor_codes, recipient_codes, kind, quad, cameo, count in PAIRS:
            for i in range(count):
                key, mention = f"BE-{n:03d}", f"BL-{n:03d}"
                negated = i % 5 == 4
                context = ["military", "negation"] if negated else ["military"]
                sentence = AWKWARD[n % len(AWKWARD)]
                common = {"date": FIRST_DAY + timedelta(days=(n * 7) % 300), "event": kind, "mode": "",
                          "context": context, "actor_codes": actor_codes, "recipient_codes": recipient_codes,
                          "cameo": cameo, "quad_code": quad, "goldstein": 7.4 - quad * 1.5,
                          "plover_score": 5.0 - quad, "start": 0, "end": 2, "trigger": sentence[:2],
                          "sentence_text": sentence, "language": "fr", "confidence": round(0.3 + (n % 7) / 10, 2)}
                mentions.append({**common, "id": mention, "article_id": f"A-{n % len(AWKWARD)}", "event_id": key,
                                 "date_source": "document", "sentence": 0, "coder": "test", "lexicon": "test",
                                 "run_id": 1})
                events.append({**common, "id": key, "actor_code": actor_codes[0], "actor_sector": "GOV",
                               "recipient_code": recipient_codes[0], "recipient_sector": "GOV",
                               "assertion": not negated, "num_mentions": 1 + n % 4, "num_articles": 1,
                               "num_outlets": 1, "mention_id": mention, "article_id": f"A-{n % len(AWKWARD)}",
                               "url": None if n % 9 == 0 else f"https://example.org/{n}", "title": f"Dépêche {n}"})
                for role, codes in (("actor", actor_codes), ("recipient", recipient_codes)):
                    actors += [{"mention_id": mention, "role": role, "position": position, "code": code,
                                "sector": "GOV", "text": code, "name": NAMES[code], "start": -1, "end": -1,
                                "kind": "country"} for position, code in enumerate(codes)]
                n += 1
        insert(con, "mentions", mentions)
        insert(con, "mention_actors", actors)
        insert(con, "events", events)
    finally:
        con.close()
    return path

"""Directed and compared dyads: a dyad split into A→B and B→A, two or three dyads on one timeline, the
outlet, language and sector filters, and the outlets behind a dyad — through the API and the pages.

The store is written with SQL (no spaCy model) from the table below; every expected figure is computed
from that table, so the tests compare each surface with the data. Counting follows the one rule of
every surface: asserted events unless ``include_unasserted``.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bilateral.api import create_app

from helpers import make_client
from list_store import insert, start

# article → (outlet, language)
ARTICLES = {"A-1": ("a.example", "fr"), "A-2": ("b.example", "en"), "A-3": ("a.example", "en"),
            "A-4": ("c.example", "fr")}
# event → (actors, recipients, type, quad, context, actor sector, articles reporting it, date)
EVENTS = {
    "E-aid": (["RUS"], ["MLI"], "AID", 2, ["military"], "MIL", ["A-1", "A-2"], date(2025, 1, 10)),
    "E-coop": (["RUS"], ["MLI"], "COOPERATE", 2, ["economic"], "BUS", ["A-3"], date(2025, 3, 5)),
    "E-support": (["MLI"], ["RUS"], "SUPPORT", 1, ["diplomatic"], "GOV", ["A-1"], date(2025, 2, 1)),
    "E-consult": (["MLI", "BFA"], ["RUS"], "CONSULT", 1, ["diplomatic"], "GOV", ["A-4"], date(2025, 4, 2)),
    "E-future": (["RUS"], ["MLI"], "AID", 2, ["humanitarian", "future"], "GOV", ["A-2"], date(2025, 2, 20)),
    "E-fra": (["FRA"], ["MLI"], "ACCUSE", 3, ["diplomatic"], "GOV", ["A-4"], date(2025, 1, 20)),
    "E-fra2": (["MLI"], ["FRA"], "REJECT", 3, ["diplomatic"], "GOV", ["A-3"], date(2025, 5, 2)),
    "E-dza": (["DZA"], ["MLI"], "ASSAULT", 4, ["military"], "MIL", ["A-1"], date(2025, 4, 8)),
    "E-dza2": (["MLI"], ["DZA"], "PROTEST", 4, ["diplomatic"], "GOV", ["A-4", "A-1"], date(2025, 4, 10)),
}
UNASSERTED = {"negation", "hypothetical", "future"}
NAMES = {"MLI": "Mali", "RUS": "Russia", "BFA": "Burkina Faso", "FRA": "France", "DZA": "Algeria"}


def build(path: Path) -> Path:
    con = start(path)
    try:
        insert(con, "articles", [
            {"id": key, "doc_id": key.lower(), "url": f"https://{outlet}/{key}", "title": f"Dépêche {key}",
             "outlet": outlet, "published": date(2025, 1, 1), "language": lang, "text": "Le Mali et la Russie.",
             "text_hash": key, "words": 5, "run_id": 1} for key, (outlet, lang) in ARTICLES.items()])
        events, mentions, actors = [], [], []
        for key, (actor_codes, recipient_codes, kind, quad, context, sector, articles, day) in EVENTS.items():
            common = {"date": day, "event": kind, "mode": "", "context": context, "actor_codes": actor_codes,
                      "recipient_codes": recipient_codes, "cameo": "040", "quad_code": quad,
                      "goldstein": 4.0 if quad <= 2 else -4.0, "plover_score": 1.0, "start": 3, "end": 7,
                      "trigger": "Mali", "sentence_text": "Le Mali et la Russie.", "confidence": 0.8}
            ids = [f"BL-{key}-{i}" for i in range(len(articles))]
            for i, (mention, article) in enumerate(zip(ids, articles)):
                mentions.append({**common, "id": mention, "article_id": article, "event_id": key,
                                 "language": ARTICLES[article][1], "date_source": "document", "sentence": i,
                                 "coder": "test", "lexicon": "test", "run_id": 1})
                for role, codes in (("actor", actor_codes), ("recipient", recipient_codes)):
                    actors += [{"mention_id": mention, "role": role, "position": p, "code": code,
                                "sector": sector if role == "actor" else "GOV", "text": code, "name": NAMES[code],
                                "start": -1, "end": -1, "kind": "country"} for p, code in enumerate(codes)]
            events.append({**common, "id": key, "language": ARTICLES[articles[0]][1], "actor_code": actor_codes[0],
                           "actor_sector": sector, "recipient_code": recipient_codes[0], "recipient_sector": "GOV",
                           "assertion": not UNASSERTED & set(context), "num_mentions": len(articles),
                           "num_articles": len(set(articles)),
                           "num_outlets": len({ARTICLES[a][0] for a in articles}), "mention_id": ids[0],
                           "article_id": articles[0], "url": f"https://x.example/{key}", "title": f"Dépêche {key}"})
        insert(con, "mentions", mentions)
        insert(con, "mention_actors", actors)
        insert(con, "events", events)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("directions") / "directions.duckdb")
    with make_client(create_app(str(path))) as test_client:
        yield test_client


def expected(source: str, target: str, *, directed: bool = False, every: bool = False, outlet=None, language=None,
             sector=None) -> set[str]:
    """The events of the table the filters keep, computed from the table alone."""
    found = set()
    for key, (actors, recipients, _, _, context, actor_sector, articles, _) in EVENTS.items():
        one_way = source in actors and target in recipients
        if not (one_way or (not directed and target in actors and source in recipients)):
            continue
        if not every and UNASSERTED & set(context):
            continue
        if outlet and outlet not in {ARTICLES[a][0] for a in articles}:
            continue
        if language and language not in {ARTICLES[a][1] for a in articles}:
            continue
        if sector and sector not in (actor_sector, "GOV"):
            continue
        found.add(key)
    return found


def reports(keys: set[str]) -> int:
    return sum(len(EVENTS[k][6]) for k in keys)


def listed(client, **params) -> set[str]:
    body = client.get("/api/events", params={**params, "page_size": 200}).json()
    assert body["total"] == len(body["items"])
    return {item["id"] for item in body["items"]}


# --- directions -----------------------------------------------------------------------------------

@pytest.mark.parametrize("every", [False, True])
def test_directions_split_the_dyad_and_add_up_to_it(client, every):
    params = {"include_unasserted": "true"} if every else {}
    body = client.get("/api/dyads/MLI/RUS/directions", params=params).json()
    summary = client.get("/api/dyads/MLI/RUS", params=params).json()["summary"]
    (ab, ba) = body["directions"]
    assert (ab["source"], ab["target"], ba["source"], ba["target"]) == ("MLI", "RUS", "RUS", "MLI")
    for way in (ab, ba):
        keys = expected(way["source"], way["target"], directed=True, every=every)
        assert (way["events"], way["mentions"]) == (len(keys), reports(keys))
        assert listed(client, dyad=f"{way['source']},{way['target']}", directed="true", **params) == keys
        assert sum(p["events"] for p in way["periods"]) == way["events"]
        # counts are whole numbers in the JSON too (1, not 1.0), as the directed summary gives them
        directed = client.get(f"/api/dyads/{way['source']}/{way['target']}",
                              params={**params, "directed": "true"}).json()["summary"]
        for name in ("events", "mentions", "cooperation", "conflict"):
            assert type(way[name]) is int and way[name] == directed[name]
    assert ab["events"] + ba["events"] == summary["events"] == len(expected("MLI", "RUS", every=every))
    assert ab["mentions"] + ba["mentions"] == summary["mentions"]
    assert [p["period"] for p in ab["periods"]] == [p["period"] for p in ba["periods"]]


def test_directed_dyad_routes_count_one_way(client):
    keys = expected("RUS", "MLI", directed=True)
    assert client.get("/api/dyads/RUS/MLI", params={"directed": "true"}).json()["summary"]["events"] == len(keys)
    periods = client.get("/api/dyads/RUS/MLI/timeline", params={"directed": "true"}).json()["periods"]
    assert sum(p["events"] for p in periods) == len(keys)
    for item in client.get("/api/events", params={"dyad": "RUS,MLI", "directed": "true"}).json()["items"]:
        assert "RUS" in item["actor_codes"] and "MLI" in item["recipient_codes"]


def test_directed_needs_a_dyad(client):
    response = client.get("/api/events", params={"directed": "true"})
    assert response.status_code == 400 and "dyad" in response.json()["error"]["message"]


# --- filters --------------------------------------------------------------------------------------

@pytest.mark.parametrize("filters", [{"outlet": "b.example"}, {"outlet": "a.example"}, {"language": "en"},
                                     {"language": "fr"}, {"sector": "MIL"}, {"sector": "BUS"},
                                     {"outlet": "a.example", "language": "en"}])
def test_outlet_language_and_sector_filters(client, filters):
    keys = expected("MLI", "RUS", **filters)
    assert keys != expected("MLI", "RUS")  # every filter here sets some event aside
    assert listed(client, dyad="MLI,RUS", **filters) == keys
    summary = client.get("/api/dyads/MLI/RUS", params=filters).json()["summary"]
    assert (summary["events"], summary["mentions"]) == (len(keys), reports(keys))
    html = client.get("/dyad/MLI/RUS", params=filters).text
    assert re.search(rf"<dt>Events</dt><dd>{len(keys)}</dd>", html)
    for name, value in filters.items():
        assert f'<option value="{value}" selected>' in html, name
    # the download link keeps the filters
    assert all(f"{name}={value}" in html for name, value in filters.items())


@pytest.mark.parametrize(("name", "value"), [("sector", "XYZ"), ("language", "f1"), ("outlet", "a b")])
def test_bad_filter_values_are_refused(client, name, value):
    response = client.get("/api/dyads/MLI/RUS", params={name: value})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "E600" and name in response.json()["error"]["message"]


# --- outlets --------------------------------------------------------------------------------------

@pytest.mark.parametrize("every", [False, True])
def test_outlets_behind_a_dyad(client, every):
    params = {"include_unasserted": "true"} if every else {}
    body = client.get("/api/dyads/MLI/RUS/outlets", params=params).json()
    keys = expected("MLI", "RUS", every=every)
    want = {}
    for outlet in {o for o, _ in ARTICLES.values()}:
        mine = [(k, a) for k in keys for a in EVENTS[k][6] if ARTICLES[a][0] == outlet]
        if mine:
            want[outlet] = (len({k for k, _ in mine}), len({a for _, a in mine}), len(mine))
    got = {row["outlet"]: (row["events"], row["articles"], row["mentions"]) for row in body["items"]}
    assert got == want and body["total"] == len(want)
    assert [row["events"] for row in body["items"]] == sorted((row["events"] for row in body["items"]), reverse=True)
    html = client.get("/dyad/MLI/RUS", params=params).text
    for outlet in want:
        assert f'<option value="{outlet}">' in html and f">{outlet}</a>" in html


# --- comparison -----------------------------------------------------------------------------------

@pytest.mark.parametrize("every", [False, True])
def test_compare_puts_dyads_on_the_same_periods(client, every):
    params = {"include_unasserted": "true"} if every else {}
    body = client.get("/api/compare", params={"dyads": "MLI-RUS,Mali France,MLI-DZA", **params}).json()
    assert [(d["a"], d["b"]) for d in body["dyads"]] == [("MLI", "RUS"), ("MLI", "FRA"), ("MLI", "DZA")]
    labels = [p["period"] for p in body["dyads"][0]["periods"]]
    assert labels[0] == "2025-01" and labels[-1] == "2025-05" and len(labels) == 5
    for line in body["dyads"]:
        keys = expected(line["a"], line["b"], every=every)
        summary = client.get(f"/api/dyads/{line['a']}/{line['b']}", params=params).json()["summary"]
        assert line["events"] == summary["events"] == len(keys)
        assert [p["period"] for p in line["periods"]] == labels
        by_month = {p["period"]: p["events"] for p in line["periods"]}
        for label in labels:
            assert by_month[label] == sum(1 for k in keys if EVENTS[k][7].strftime("%Y-%m") == label)


@pytest.mark.parametrize("dyads", ["MLI-RUS", "MLI-RUS,RUS MLI", "MLI-RUS,MLI-FRA,MLI-DZA,MLI-BFA", "MLI-RUS,MLI-XXQ"])
def test_compare_refuses_what_it_cannot_draw(client, dyads):
    response = client.get("/api/compare", params={"dyads": dyads})
    assert response.status_code == 400 and response.json()["error"]["code"] == "E600"


def test_compare_page_draws_one_line_per_dyad(client):
    html = client.get("/compare", params={"dyads": "MLI-RUS,MLI-DZA"}).text
    body = client.get("/api/compare", params={"dyads": "MLI-RUS,MLI-DZA"}).json()
    svg = html.split('class="lines"', 1)[1].split("</svg>", 1)[0]
    for line in body["dyads"]:
        key = f"{line['a']}-{line['b']}"
        group = svg.split(f'data-series="{key}"', 1)[1].split("</g>", 1)[0]
        counts = [int(c) for c in re.findall(r'data-count="(\d+)"', group)]
        assert counts == [p["events"] for p in line["periods"]]
        assert re.search(r'<path class="series-line" d="M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+"', group)
    assert 'href="/dyad/MLI/DZA"' in html
    empty = client.get("/compare").text
    assert 'href="/compare?dyads=MLI-RUS,MLI-FRA,MLI-DZA"' in empty and 'class="lines"' not in empty


def test_dyad_page_shows_both_directions(client):
    html = client.get("/dyad/MLI/RUS").text
    for source, target in (("MLI", "RUS"), ("RUS", "MLI")):
        row = html.split(f'<tr data-direction="{source}-{target}">', 1)[1].split("</tr>", 1)[0]
        events = int(re.search(r'<td class="num events">(\d+)</td>', row).group(1))
        assert events == len(expected(source, target, directed=True))
        assert f'href="/dyad/{source}/{target}?directed=true"' in row
    assert html.count('class="series s') == 2 * 2  # two lines, drawn wide and narrow
    one_way = client.get("/dyad/RUS/MLI", params={"directed": "true"}).text
    assert re.search(rf"<dt>Events</dt><dd>{len(expected('RUS', 'MLI', directed=True))}</dd>", one_way)
    assert "directed=true" in one_way.split('class="downloads"', 1)[1].split("</p>", 1)[0]

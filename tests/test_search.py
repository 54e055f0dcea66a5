"""Search (``/api/search`` and ``/search``): whole words whatever their case and accents, actors found by
name, highlighted terms that stay escaped, pages of events and articles, hostile queries.

The store is written directly with SQL (no coder): each event says in its id what it is there for.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from bilateral.api import create_app
from bilateral.store import connect
from bilateral.store.queries import holds_words, search_terms
from bilateral.web.highlight import highlight

from helpers import make_client

PAGE_CAP = 50
FILLER = 23  # Mali events beyond the named ones: enough for three pages of ten

# (event id, actor code, recipient code, sentence, [(code, sector, text, name, kind)] of its one report)
EVENTS = [
    ("E-mali", "MLI", "RUS", "Le Mali a signé un accord avec la Russie.",
     [("MLI", "GOV", "Mali", "Mali", "country"), ("RUS", "GOV", "Russie", "Russia", "country")]),
    ("E-somalia", "SOM", "ETH", "La Somalie accuse l'Éthiopie ; Somalia rejects the claim.",
     [("SOM", "GOV", "Somalie", "Somalia", "country"), ("ETH", "GOV", "Éthiopie", "Ethiopia", "country")]),
    ("E-cedeao", "ECW", "NER", "La Cédéao a condamné le coup d'État au Niger.",
     [("ECW", "IGO", "Cédéao", "CEDEAO", "org"), ("NER", "GOV", "Niger", "Niger", "country")]),
    ("E-rosatom", "RUS", "BFA", "La société russe construira une centrale au Burkina Faso.",
     [("RUS", "BUS", "société russe", "Rosatom", "org"), ("BFA", "GOV", "Burkina Faso", "Burkina Faso", "country")]),
    ("E-tinubu", "NGA", "BEN", "Le président nigérian a reçu son homologue béninois.",
     [("NGA", "GOV", "président nigérian", "Bola Tinubu (president)", "person"),
      ("BEN", "GOV", "béninois", "Benin", "adjective")]),
    ("E-hostile", "MLI", "DZA", "<script>alert('x')</script> Le MALI accuse l'Algérie.",
     [("MLI", "GOV", "MALI", "Mali", "country"), ("DZA", "GOV", "Algérie", "Algeria", "country")]),
] + [(f"E-filler-{i:02d}", "MLI", "FRA", f"Bamako et le Mali répondent à Paris ({i}).",
      [("MLI", "GOV", "Mali", "Mali", "country"), ("FRA", "GOV", "Paris", "France", "capital")])
     for i in range(FILLER)]
MALI_EVENTS = 2 + FILLER  # E-mali, E-hostile and the filler
ARTICLES = [
    ("A-mali", "Mali et Russie", "Le Mali et la Russie signent un accord. Rien sur la Somalie ici."),
    ("A-somalia", "Somalia", "Somalia and Ethiopia: the Somali coast."),
    ("A-hostile", "<script>alert('title')</script> Mali", "Texte <b>gras</b> sur le Mali <script>alert(1)</script>."),
] + [(f"A-filler-{i:02d}", f"Dépêche {i}", f"Le MALI, encore ({i}).") for i in range(12)]


def _insert(con, table: str, rows: list[dict]) -> None:
    columns = list(rows[0])
    quoted = ", ".join(f'"{c}"' for c in columns)
    con.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in columns)})",
                    [[row[c] for c in columns] for row in rows])


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("search") / "search.duckdb"
    con = connect(path)
    day = date(2025, 1, 1)
    try:
        con.execute("INSERT INTO runs (started_at, status, command, inputs, coder_version, lexicons) "
                    "VALUES (now(), 'finished', 'test', [], 'test', '{}')")
        _insert(con, "articles", [
            {"id": key, "doc_id": key.lower(), "url": f"https://example.org/{key}", "title": title, "outlet": "x",
             "published": day + timedelta(days=n), "language": "fr", "text": text, "text_hash": key,
             "words": len(text.split()), "run_id": 1}
            for n, (key, title, text) in enumerate(ARTICLES)])
        mentions, actors, events = [], [], []
        for n, (key, actor, recipient, sentence, named) in enumerate(EVENTS):
            mention = f"M-{key}"
            common = {"date": day + timedelta(days=n), "event": "CONSULT", "mode": "", "context": [],
                      "actor_codes": [actor], "recipient_codes": [recipient], "cameo": "040", "quad_code": 1,
                      "goldstein": 1.0, "plover_score": 1.0, "start": 0, "end": 1, "trigger": "a",
                      "sentence_text": sentence, "language": "fr", "confidence": 0.9}
            mentions.append({**common, "id": mention, "article_id": "A-mali", "event_id": key,
                             "date_source": "document", "sentence": 0, "coder": "test", "lexicon": "test",
                             "run_id": 1})
            events.append({**common, "id": key, "actor_code": actor, "actor_sector": named[0][1],
                           "recipient_code": recipient, "recipient_sector": named[1][1], "assertion": True,
                           "num_mentions": 1, "num_articles": 1, "num_outlets": 1, "mention_id": mention,
                           "article_id": "A-mali", "url": None, "title": None})
            actors += [{"mention_id": mention, "role": "actor" if i == 0 else "recipient", "position": 0,
                        "code": code, "sector": sector, "text": text, "name": name, "start": -1, "end": -1,
                        "kind": kind} for i, (code, sector, text, name, kind) in enumerate(named)]
        _insert(con, "mentions", mentions)
        _insert(con, "mention_actors", actors)
        _insert(con, "events", events)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def client(store_path):
    with make_client(create_app(str(store_path), max_page_size=PAGE_CAP)) as test_client:
        yield test_client


def _search(client, q: str, **params) -> dict:
    response = client.get("/api/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def _event_ids(found: dict) -> set[str]:
    return {e["id"] for e in found["items"]}


def _article_ids(found: dict) -> set[str]:
    return {a["id"] for a in found["articles"]["items"]}


# --- words, case, accents ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Mali", ("mali",)),
    ("  CÉDÉAO, Cédéao ", ("cedeao",)),
    ("l’Algérie (et) .* [x]", ("l", "algerie", "et", "x")),
    ("' OR 1=1 --", ("or", "1")),
    ("%_%'); DROP", ("_", "drop")),
    ("*+?()[]{}|\\^$", ()),
])
def test_search_terms_are_folded_words(text, words):
    assert search_terms(text) == words


@pytest.mark.parametrize(("text", "terms", "found"), [
    ("La Somalie et Somalia", ("mali",), False),
    ("Le MALI, encore", ("mali",), True),
    ("la Cédéao", ("cedeao",), True),
    ("mali_x", ("mali",), False),
])
def test_search_holds_words_at_word_boundaries(text, terms, found):
    assert holds_words(text, terms) is found


def test_search_mali_does_not_match_somalia(client):
    found = _search(client, "Mali", page_size=PAGE_CAP)
    assert "E-somalia" not in _event_ids(found) and {"E-mali", "E-hostile"} <= _event_ids(found)
    assert found["total"] == MALI_EVENTS
    assert "A-somalia" not in _article_ids(found) and {"A-mali", "A-hostile"} <= _article_ids(found)
    assert [a["code"] for a in found["actors"]] == ["MLI"]
    somalia = _search(client, "Somalia")
    assert _event_ids(somalia) == {"E-somalia"} and _article_ids(somalia) == {"A-somalia"}


@pytest.mark.parametrize("q", ["mali", "MALI", "Mâli"])
def test_search_ignores_case_and_accents(client, q):
    assert _search(client, q)["total"] == MALI_EVENTS


@pytest.mark.parametrize("q", ["cedeao", "CÉDÉAO", "Cedeao"])
def test_search_finds_accented_words_without_accents(client, q):
    found = _search(client, q)
    assert _event_ids(found) == {"E-cedeao"}
    assert "ECW" in [a["code"] for a in found["actors"]]


def test_search_needs_every_word(client):
    assert _event_ids(_search(client, "Mali Russie")) == {"E-mali"}
    assert _search(client, "Mali Éthiopie")["total"] == 0


def test_search_filter_on_events_uses_words_too(client):
    body = client.get("/api/events", params={"q": "mali", "page_size": PAGE_CAP}).json()
    assert body["total"] == MALI_EVENTS and "E-somalia" not in {e["id"] for e in body["items"]}


# --- organisations and people -----------------------------------------------------------------

@pytest.mark.parametrize(("q", "code", "name", "event"), [
    ("Rosatom", "RUS", "Rosatom", "E-rosatom"),
    ("rosatom", "RUS", "Rosatom", "E-rosatom"),
    ("Tinubu", "NGA", "Bola Tinubu (president)", "E-tinubu"),
    ("bola tinubu", "NGA", "Bola Tinubu (president)", "E-tinubu"),
])
def test_search_finds_organisations_and_people_by_name(client, q, code, name, event):
    found = _search(client, q)
    assert {"code": code, "name": name, "sector": found["actors"][0]["sector"], "events": 1} in found["actors"]
    # the sentence does not hold the name: the event is found through its actor
    assert _event_ids(found) == {event}


def test_search_page_links_a_named_actor_to_its_events(client):
    html = client.get("/search", params={"q": "Rosatom"}).text
    assert re.search(r'href="/actor/RUS\?q=Rosatom"><mark class="hit">Rosatom</mark></a>', html)
    page = client.get("/actor/RUS", params={"q": "Rosatom"})
    assert page.status_code == 200 and "E-rosatom" in page.text


# --- highlighting -----------------------------------------------------------------------------

def test_highlight_marks_whole_words_whatever_their_accents():
    parts = highlight("La Cédéao et la CEDEAO, pas Cédéaox.", ("cedeao",))
    assert [p.text for p in parts if "hit" in p.kinds] == ["Cédéao", "CEDEAO"]
    decomposed = "Ce\u0301de\u0301ao !"  # accents written as combining marks stay inside the mark
    assert [p.text for p in highlight(decomposed, ("cedeao",)) if p.kinds] == ["Ce\u0301de\u0301ao"]
    assert "".join(p.text for p in highlight(decomposed, ("cedeao",))) == decomposed


def test_highlight_keeps_the_trigger():
    parts = highlight("Le Mali a signé.", ("mali",), "signé")
    assert [(p.text, p.kinds) for p in parts if p.kinds] == [("Mali", ("hit",)), ("signé", ("trigger",))]


def test_search_page_highlights_the_words(client):
    html = client.get("/search", params={"q": "cedeao"}).text
    assert '<mark class="hit">Cédéao</mark>' in html


def test_search_page_highlighting_stays_escaped(client):
    html = client.get("/search", params={"q": "Mali", "page_size": PAGE_CAP}).text
    assert "<script>alert" not in html and "<b>gras" not in html
    assert "(&#39;x&#39;)&lt;/script&gt; Le <mark class=\"hit\">MALI</mark> accuse" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; <mark class=\"hit\">Mali</mark>" in html
    assert '<mark class="hit">Somal' not in html


def test_search_page_query_is_escaped(client):
    html = client.get("/search", params={"q": "<script>alert(1)</script> Mali"}).text
    assert "<script>alert(1)" not in html


# --- pages ------------------------------------------------------------------------------------

def test_search_pages_give_totals_and_links(client):
    first = _search(client, "mali", page_size=10)
    # the events are the list (items, total, next); the articles have a page of their own, with its own next
    assert (first["total"], first["articles"]["total"]) == (MALI_EVENTS, 14)
    assert (first["page"], first["page_size"], first["prev"]) == (1, 10, None)
    assert len(first["items"]) == 10 and len(first["articles"]["items"]) == 10
    assert first["next"].startswith("/api/search?") and "page=2" in first["next"]
    assert first["articles"]["next"] == first["next"]
    second = client.get(first["next"]).json()
    assert second["page"] == 2 and "page=1" in second["prev"]
    assert len(second["articles"]["items"]) == 4 and len(second["items"]) == 10
    assert second["articles"]["next"] is None and "page=3" in second["next"]
    last = client.get(second["next"]).json()
    assert last["next"] is None and len(last["items"]) == MALI_EVENTS - 20 and last["articles"]["items"] == []
    seen = [e["id"] for page in (first, second, last) for e in page["items"]]
    assert len(seen) == len(set(seen)) == MALI_EVENTS
    assert client.get("/api/search", params={"q": "mali", "page": 9}).json()["total"] == MALI_EVENTS


def test_search_keeps_limit_as_the_page_size(client):
    assert len(_search(client, "mali", limit=3)["items"]) == 3
    assert _search(client, "mali")["page_size"] == 20


def test_search_page_size_has_the_api_limits(client):
    response = client.get("/api/search", params={"q": "mali", "page_size": PAGE_CAP + 1})
    assert response.status_code == 400 and "limit" in response.json()["error"]["message"]
    assert client.get("/api/search", params={"q": "mali", "page": 0}).status_code == 422


def test_search_page_has_page_links(client):
    html = client.get("/search", params={"q": "mali", "page_size": 10}).text
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert re.search(r'href="/search\?q=mali&amp;page_size=10&amp;page=2" rel="next"', html)
    french = client.get("/search", params={"q": "mali", "page_size": 10, "page": 2, "lang": "fr"}).text
    assert 'rel="prev"' in french and "Page 2 sur 3" in french


# --- hostile queries --------------------------------------------------------------------------

HOSTILE = ["(", ".*", "[a-", "\\", "\\b", "a{99999}", "$^", "(?i)mali", "' OR 1=1 --", '"; DROP TABLE events; --',
           "%_%", "mali)|(.*", "x" * 200, "é" * 200, "mali " * 40, "a b c d e f g h i j k l m n o p q r s t u v w",
           "\u200b", "💥 mali", "<script>alert(1)</script>", "${f_w0}", "$1", "?", "NULL"]


@pytest.mark.parametrize("q", HOSTILE)
def test_search_hostile_queries_are_never_5xx(client, q):
    for path in ("/api/search", "/search", "/api/events"):
        response = client.get(path, params={"q": q})
        assert response.status_code < 500, (path, q, response.text[:300])
    assert client.get("/api/corpus").json()["events"] == len(EVENTS)


def test_search_without_words_finds_nothing(client):
    for q in ("   ", "!!!", "''"):
        found = _search(client, q)
        assert (found["total"], found["articles"]["total"]) == (0, 0)


def test_search_regex_syntax_is_literal(client):
    found = _search(client, ".*")
    assert (found["total"], found["articles"]["total"]) == (0, 0)
    assert _search(client, "mali)|(.*")["total"] == MALI_EVENTS  # the one word: mali

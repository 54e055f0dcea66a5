"""The HTTP API and the pages over the demo store: every endpoint, its errors, escaping, safety."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from bilateral import Article, read_inputs
from bilateral.api import create_app
from bilateral.api.deps import Cursor
from bilateral.errors import StoreError
from bilateral.store import connect
from bilateral.store.load import load_articles

from helpers import make_client

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
TEMPLATES = Path(__file__).parent.parent / "src" / "bilateral" / "web" / "templates"
PAGE_CAP = 20
HOSTILE = Article(
    id="hostile-markup",
    title="<script>alert('title')</script> Bamako et Alger",
    text=("Le Mali a accusé l'Algérie d'ingérence. <script>alert('text')</script> "
          "Le ministre a dénoncé <b>une provocation</b>."),
    url="javascript:alert('url')",
    date=date(2025, 5, 2),
    lang="fr",
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory, coder) -> Path:
    """The French example articles (the reference case, whose figures these tests know) and a hostile one;
    the English examples are tested in test_demo.py."""
    path = tmp_path_factory.mktemp("api") / "demo.duckdb"
    con = connect(path)
    try:
        articles = [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article) and a.lang == "fr"]
        load_articles(con, [*articles, HOSTILE], coder=coder)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def client(store_path):
    with make_client(create_app(str(store_path), max_page_size=PAGE_CAP)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def mali_russia(client) -> list[dict]:
    return client.get("/api/events", params={"dyad": "MLI,RUS", "page_size": PAGE_CAP}).json()["items"]


# --- JSON API ---------------------------------------------------------------------------------

def test_api_health(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_api_corpus(client):
    corpus = client.get("/api/corpus").json()
    assert corpus["articles"] == 8
    assert corpus["events"] > 20 and corpus["mentions"] >= corpus["events"]
    assert corpus["first"] <= corpus["last"] == "2025-10-15"


def test_api_events_of_a_dyad_in_both_directions(client, mali_russia):
    assert len(mali_russia) == 6  # asserted events: the hypothetical renewables project is left out…
    every = client.get("/api/events", params={"dyad": "MLI,RUS", "include_unasserted": "true"}).json()["items"]
    assert len(every) == 7 and [e["id"] for e in every if not e["assertion"]] == [  # …unless asked for
        e["id"] for e in every if e["id"] not in {m["id"] for m in mali_russia}]
    for event in mali_russia:
        assert {"MLI", "RUS"} <= set(event["actor_codes"]) | set(event["recipient_codes"])
        assert event["trigger"] in event["sentence_text"]
    assert {(e["actor_code"], e["event"]) for e in mali_russia} >= {("RUS", "AID"), ("MLI", "SUPPORT")}
    assert [e["date"] for e in mali_russia] == sorted(e["date"] for e in mali_russia)


def test_api_events_pages_and_orders(client, mali_russia):
    second = client.get("/api/events", params={"dyad": "RUS-MLI", "page": 2, "page_size": 4}).json()
    assert second["total"] == 6 and second["page"] == 2
    assert [e["id"] for e in second["items"]] == [e["id"] for e in mali_russia[4:]]
    newest = client.get("/api/events", params={"dyad": "MLI,RUS", "sort": "-date"}).json()["items"]
    assert newest[0]["date"] == "2025-10-15" and newest[-1]["date"] == "2024-03-20"
    loudest = client.get("/api/events", params={"dyad": "MLI,RUS", "sort": "mentions"}).json()["items"]
    assert loudest[0]["num_mentions"] == max(e["num_mentions"] for e in mali_russia)


@pytest.mark.parametrize(("params", "check"), [
    ({"dyad": "MLI,RUS", "type": "aid"}, lambda e: e["event"] == "AID"),
    ({"dyad": "MLI,RUS", "quad": "1"}, lambda e: e["quad_code"] == 1),
    ({"dyad": "MLI,RUS", "context": "military"}, lambda e: "military" in e["context"]),
    ({"dyad": "MLI,RUS", "context": "hypothetical"}, lambda e: not e["assertion"]),
    ({"dyad": "MLI,RUS", "assertions_only": "true"}, lambda e: e["assertion"]),
    ({"actor": "DZA", "since": "2025-04-01", "until": "2025-04-30"}, lambda e: e["date"].startswith("2025-04")),
    ({"q": "Rosatom"}, lambda e: "Rosatom" in e["sentence_text"]),
])
def test_api_events_filters(client, params, check):
    body = client.get("/api/events", params=params).json()
    assert body["total"] == len(body["items"]) > 0
    assert all(check(e) for e in body["items"])


def test_api_event_detail_lists_every_report(client, mali_russia):
    most = max(mali_russia, key=lambda e: e["num_mentions"])
    detail = client.get(f"/api/events/{most['id']}").json()
    assert detail["event"]["id"] == most["id"]
    assert len(detail["mentions"]) == most["num_mentions"] > 1
    assert {a["role"] for a in detail["actors"]} == {"actor", "recipient"}


def test_api_dyads_ranked_by_volume_and_by_change(client):
    by_volume = client.get("/api/dyads").json()["items"]
    # three pairs tie at six asserted events (Mali–Russia's seventh is hypothetical), in code order
    assert ("MLI", "RUS", 6) in {(d["a"], d["b"], d["events"]) for d in by_volume[:3]}
    assert [d["events"] for d in by_volume] == sorted((d["events"] for d in by_volume), reverse=True)
    by_change = client.get("/api/dyads", params={"by": "change", "months": 12, "limit": 5}).json()["items"]
    assert len(by_change) == 5
    assert [abs(d["change"]) for d in by_change] == sorted((abs(d["change"]) for d in by_change), reverse=True)
    assert all(d["change"] == d["recent"] - d["previous"] for d in by_change)


def test_api_dyad_summary_counts_assertions_only(client):
    body = client.get("/api/dyads/mli/rus").json()
    assert (body["a"], body["b"], body["name_b"]) == ("MLI", "RUS", "Russia")
    summary = body["summary"]
    assert summary["events"] == 6  # the hypothetical renewables project is listed, not counted
    assert summary["conflict"] == 0 and summary["cooperation"] == 6
    assert {t["key"] for t in summary["by_type"]} >= {"AID", "SUPPORT", "AGREE", "COOPERATE"}
    assert "military" in {m["key"] for m in summary["by_mode"]}
    assert "diplomatic" in {c["key"] for c in summary["by_context"]}


def test_api_dyad_timeline_fills_empty_months(client):
    periods = client.get("/api/dyads/MLI/RUS/timeline").json()["periods"]
    assert periods[0]["period"] == "2024-03" and periods[-1]["period"] == "2025-10" and len(periods) == 20
    assert sum(p["events"] for p in periods) == 6
    assert all(sum(p["quads"]) == p["events"] for p in periods)
    years = client.get("/api/dyads/MLI/RUS/timeline", params={"interval": "year"}).json()["periods"]
    assert [p["period"] for p in years] == ["2024", "2025"]


def test_api_actors(client):
    actors = client.get("/api/actors").json()["items"]
    assert {"MLI", "RUS", "DZA"} <= {a["code"] for a in actors}
    mali = client.get("/api/actors/MLI").json()
    assert mali["name"] == "Mali" and mali["summary"]["events"] > 5
    assert {"RUS", "DZA"} <= {p["a"] for p in mali["partners"]} | {p["b"] for p in mali["partners"]}
    timeline = client.get("/api/actors/MLI/timeline", params={"interval": "quarter"}).json()
    assert timeline["interval"] == "quarter" and timeline["periods"][0]["period"].endswith(("Q1", "Q2", "Q3", "Q4"))


def test_api_article_offsets_index_its_text(client):
    article = client.get("/api/articles/mali-russie-65-ans").json()
    assert article["id"].startswith("A-") and article["language"] == "fr"
    text = article["text"]
    assert len(article["mentions"]) >= 6
    for mention in article["mentions"]:
        assert text[mention["start"]:mention["end"]] == mention["trigger"]
    assert any(text[a["start"]:a["end"]] == "Rosatom" for a in article["actors"])
    assert client.get(f"/api/articles/{article['id']}").json()["doc_id"] == "mali-russie-65-ans"


def test_api_search(client):
    found = client.get("/api/search", params={"q": "Rosatom"}).json()
    assert found["total"] >= 1 and found["articles"]["items"]
    pair = client.get("/api/search", params={"q": "Mali et Russie"}).json()
    assert pair["dyad"] == ["MLI", "RUS"]
    assert client.get("/api/search", params={"q": "Algérie"}).json()["actors"][0]["code"] == "DZA"


def test_api_openapi_describes_every_route(client):
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/health", "/api/corpus", "/api/events", "/api/events/{event_id}", "/api/dyads", "/api/dyads/{a}/{b}",
        "/api/dyads/{a}/{b}/timeline", "/api/actors", "/api/actors/{code}", "/api/actors/{code}/timeline",
        "/api/articles/{article_id}", "/api/search", "/api/dyads/{a}/{b}/directions", "/api/dyads/{a}/{b}/outlets",
        "/api/geo",
        "/api/compare",
    }


def test_api_openapi_keeps_the_field_descriptions(client):
    """The records are declared once, in store/views.py; their field descriptions reach the spec."""
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    event = schemas["EventRow"]["properties"]
    assert "negated, hypothetical or future" in event["assertion"]["description"]
    assert "verbal cooperation" in event["quad_code"]["description"]
    assert event["trigger"]["description"] and event["sentence_text"]["description"]
    assert schemas["Period"]["properties"]["quads"]["minItems"] == 4


# --- errors: 4xx with a JSON body, never a 500 ------------------------------------------------

# A bad value (400), a wrong type or range (422), nothing there (404), a wrong method (405): one code each.
KIND_CODES = {400: "E600", 422: "E602", 404: "E604", 405: "E605"}


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/dyads/XXX/RUS", 400, "unknown actor code 'XXX'"),
    ("/api/dyads/MLI/RUS/timeline?since=2025-02-30", 400, "is not a date"),
    ("/api/actors/ZZZ", 400, "unknown actor code"),
    ("/api/events?dyad=MLI,XYZ", 400, "unknown actor code 'XYZ'"),
    ("/api/events?dyad=MLI", 400, "not two actor codes"),
    ("/api/events?actor=MLI'%20--", 400, "unknown actor code"),
    ("/api/events?since=yesterday", 400, "since 'yesterday' is not a date"),
    ("/api/events?until=2024-13-01", 400, "is not a date"),
    ("/api/events?since=2025-01-01&until=2024-01-01", 400, "is before"),
    ("/api/events?type=HUG", 400, "unknown event type"),
    ("/api/events?quad=7", 400, "quad class"),
    ("/api/events?quad=x", 400, "not a number"),
    ("/api/events?context=sports", 400, "unknown context"),
    (f"/api/events?page_size={PAGE_CAP + 1}", 400, f"limit of {PAGE_CAP}"),
    ("/api/events?page=100000", 400, "starts past"),
    ("/api/events?page=0", 422, "page"),
    ("/api/events?page_size=abc", 422, "page_size"),
    ("/api/events?sort=random", 422, "sort"),
    ("/api/events?q=" + "x" * 201, 422, "q"),
    ("/api/dyads?by=size", 422, "by"),
    ("/api/dyads?months=0", 422, "months"),
    ("/api/dyads/MLI/RUS/timeline?interval=week", 422, "interval"),
    ("/api/search", 422, "q"),
    ("/api/events/BE-0000", 404, "no event"),
    ("/api/articles/nowhere", 404, "no article"),
    ("/api/nowhere", 404, "Not Found"),
])
def test_api_errors_are_4xx_with_a_json_body(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == KIND_CODES[status]
    assert words in error["message"]
    assert "hint" in error


def test_api_parameters_are_never_sql(client):
    body = client.get("/api/events", params={"q": "' OR 1=1 --"}).json()
    assert body["total"] == 0
    assert client.get("/api/search", params={"q": "%_%'); DROP TABLE events; --"}).status_code == 200
    assert client.get("/api/corpus").json()["events"] > 0


def test_api_slow_queries_are_interrupted(store_path):
    app = create_app(str(store_path), query_timeout=0.2)

    @app.get("/api/slow")
    def slow(cursor: Cursor) -> dict:
        return {"n": cursor.execute("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3").fetchall()}

    with make_client(app) as test_client:
        response = test_client.get("/api/slow")
        assert response.status_code == 400
        assert "ran longer than 0.2 s" in response.json()["error"]["message"]
        assert test_client.get("/api/health").status_code == 200


# --- safety -----------------------------------------------------------------------------------

def test_store_is_opened_read_only(client):
    cursor = client.app.state.store.cursor()
    with pytest.raises(duckdb.Error, match="read-only"):
        cursor.execute("DELETE FROM events")
    cursor.close()


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        create_app(str(tmp_path / "absent.duckdb"))


def test_serve_binds_loopback_by_default():
    import inspect

    from bilateral.api import serve
    from bilateral.api.server import is_loopback

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and not is_loopback("0.0.0.0")


def test_unknown_host_headers_are_refused(store_path):
    app = create_app(str(store_path), allowed_hosts=["127.0.0.1", "localhost"])
    with make_client(app) as test_client:
        assert test_client.get("http://rebound.example/api/health").status_code == 400
        assert test_client.get("http://127.0.0.1:8000/api/health").status_code == 200


def test_pages_forbid_outside_resources(client):
    response = client.get("/dyad/MLI/RUS")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    for url in re.findall(r'(?:src|href)="([^"]+)"', response.text):
        assert url.startswith(("/", "#", "?")) or "example.org" in url, url  # only the articles' own links leave


@pytest.mark.parametrize("name", ["style.css", "app.js", "favicon.svg"])
def test_static_files_are_served(client, name):
    response = client.get(f"/static/{name}")
    assert response.status_code == 200 and len(response.content) > 100
    text = response.text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in text and "https://" not in text


# --- pages ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def one_event_id(mali_russia) -> str:
    return max(mali_russia, key=lambda e: e["num_mentions"])["id"]


@pytest.mark.parametrize("url", ["/", "/dyad/MLI/RUS", "/dyad/rus/mli?type=AID&quad=&context=&since=&until=&q=",
                                 "/actors", "/actor/MLI", "/article/mali-russie-65-ans", "/search?q=Rosatom",
                                 "/search", "/docs"])
def test_pages_render(client, url):
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in response.text and "<h1" in response.text


def test_page_event(client, one_event_id):
    response = client.get(f"/event/{one_event_id}")
    assert response.status_code == 200
    assert response.text.count('<mark class="trigger">') >= 3


def test_page_dyad_draws_the_timeline_and_lists_evidence(client):
    html = client.get("/dyad/MLI/RUS").text
    bars = re.findall(r'<rect class="bar q(\d)"[^>]*height="([\d.]+)"', html)
    assert bars and all(float(height) > 0 for _, height in bars)
    assert {quad for quad, _ in bars} == {"1", "2"}
    assert 'class="score-point"' in html and 'role="img"' in html
    assert '<mark class="trigger">livré</mark>' in html
    assert 'href="/article/A-' in html and 'href="/event/BE-' in html


def test_page_dyad_filters_come_from_the_url(client):
    html = client.get("/dyad/MLI/RUS", params={"type": "AID"}).text
    listed = re.findall(r'<span class="type q\d"[^>]*>(\w+)</span>', html)
    assert listed and set(listed) == {"AID"}
    assert '<option value="AID" selected>' in html


def test_page_language_switch_is_remembered(store_path):
    with make_client(create_app(str(store_path))) as test_client:
        french = test_client.get("/dyad/MLI/RUS", params={"lang": "fr"})
        assert '<html lang="fr">' in french.text and "Chronologie" in french.text and "Russie" in french.text
        assert french.cookies.get("lang") == "fr" or test_client.cookies.get("lang") == "fr"
        again = test_client.get("/")
        assert '<html lang="fr">' in again.text and "Vue d&#39;ensemble" in again.text
        back = test_client.get("/", params={"lang": "en"})
        assert '<html lang="en">' in back.text


def test_page_language_from_the_browser(client):
    assert '<html lang="fr">' in client.get("/actors", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.8"}).text


def test_page_article_highlights_triggers_and_actors(client):
    html = client.get("/article/mali-russie-65-ans").text
    assert re.search(r'<mark class="trigger"[^>]*>salué</mark>', html)
    assert re.search(r'<mark class="actor"[^>]*>Rosatom</mark>', html)
    assert 'id="t-BL-' in html


def test_page_article_with_markup_renders_it_as_text(client):
    html = client.get("/article/hostile-markup").text
    assert "<script>alert" not in html and "<b>une provocation</b>" not in html
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html
    assert "javascript:" not in html
    api = client.get("/api/articles/hostile-markup").json()
    assert "<script>alert('text')</script>" in api["text"]  # JSON carries the text as it is


@pytest.mark.parametrize(("url", "status"), [("/dyad/XXX/RUS", 400), ("/dyad/MLI/RUS?since=2024-99-01", 400),
                                             ("/dyad/MLI/RUS?page=abc", 422), ("/event/BE-0000", 404),
                                             ("/article/nowhere", 404), ("/nowhere", 404), ("/dyad?a=MLI&b=", 400)])
def test_page_errors_are_html(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert KIND_CODES[status] in response.text


def test_dyad_form_redirects_to_the_dyad_page(client):
    response = client.get("/dyad", params={"a": "mli", "b": "rus"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/dyad/MLI/RUS"


def test_every_message_exists_in_both_languages():
    from bilateral.web.i18n import catalogue

    messages = catalogue()
    assert set(messages["en"]) == set(messages["fr"])
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"t(?:\.plural)?\('([a-z_.\-]+)'[,)]", template.read_text(encoding="utf-8")))
    plural = {k.rsplit(".", 1)[0] for k in messages["en"] if k.endswith((".one", ".other"))}
    missing = sorted(k for k in used if k not in messages["en"] and k not in plural)
    assert not missing, missing


def test_api_wrong_method_is_a_json_405(client):
    response = client.post("/api/health")
    assert response.status_code == 405 and response.json()["error"]["code"] == KIND_CODES[405]


@pytest.mark.parametrize("url", ["/", "/dyad/MLI/RUS", "/actor/MLI", "/actors", "/search?q=Mali", "/api/dyads",
                                 "/api/dyads/MLI/RUS/timeline", "/api/events?page=3", "/api/corpus"])
def test_an_empty_store_answers_every_route(tmp_path, url):
    path = tmp_path / "empty.duckdb"
    connect(path).close()
    with make_client(create_app(str(path))) as test_client:
        assert test_client.get(url).status_code == 200


# --- highlighting: spans may overlap, offsets may be missing ---------------------------------

@pytest.mark.parametrize(("spans", "expected"), [
    ([], [("Moscou a livré", ())]),
    ([(9, 14, "trigger")], [("Moscou a ", ()), ("livré", ("trigger",))]),
    ([(0, 6, "actor"), (9, 14, "trigger")], [("Moscou", ("actor",)), (" a ", ()), ("livré", ("trigger",))]),
    ([(0, 8, "actor"), (7, 14, "trigger")], [("Moscou ", ("actor",)), ("a", ("actor", "trigger")),
                                             (" livré", ("trigger",))]),
    ([(-1, -1, "actor"), (9, 99, "trigger"), (5, 5, "actor")], [("Moscou a livré", ())]),
])
def test_highlight_segments(spans, expected):
    from bilateral.web.highlight import Span, segments

    pieces = segments("Moscou a livré", [Span(start, end, kind, kind) for start, end, kind in spans])
    assert [(p.text, p.kinds) for p in pieces] == expected
    assert "".join(p.text for p in pieces) == "Moscou a livré"


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("Moscou a livré du blé", "livré", ("Moscou a ", "livré", " du blé")),
    ("Il livre, puis a livré", "livré", ("Il livre, puis a ", "livré", "")),
    ("Rien ici", "livré", ("Rien ici", "", "")),
])
def test_trigger_in_sentence(sentence, trigger, expected):
    from bilateral.web.highlight import split_trigger

    assert split_trigger(sentence, trigger) == expected


def test_api_events_min_confidence(client):
    body = client.get("/api/events", params={"dyad": "MLI,RUS"}).json()
    every = body["items"]
    assert body["total"] == len(every)
    cut = sorted(e["confidence"] for e in every)[len(every) // 2]
    kept = client.get("/api/events", params={"dyad": "MLI,RUS", "min_confidence": str(cut)}).json()
    assert 0 < kept["total"] == len(kept["items"]) < len(every)
    assert all(e["confidence"] >= cut for e in kept["items"])
    assert client.get("/api/events", params={"min_confidence": "2"}).status_code in (400, 422)


def test_page_dyad_min_confidence_filter(client):
    every = client.get("/api/events", params={"dyad": "MLI,RUS"}).json()["items"]
    # the page offers these thresholds; take the first that sets some event aside
    cut = next(x for x in ("0.3", "0.5", "0.7", "0.9") if any(e["confidence"] < float(x) for e in every))
    html = client.get("/dyad/MLI/RUS", params={"min_confidence": cut}).text
    assert f'<option value="{cut}" selected>' in html
    kept = client.get("/api/events", params={"dyad": "MLI,RUS", "min_confidence": cut}).json()["total"]
    assert kept == sum(1 for e in every if e["confidence"] >= float(cut)) < len(every)
    listed = re.findall(r'<span class="type q\d"[^>]*>(\w+)</span>', html)
    assert len(listed) == kept

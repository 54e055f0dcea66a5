"""The API and the pages under hostile input: no 5xx for any parameter, the security headers on
every response (errors and crashes included), the error shape, loopback Host headers, long URLs,
and articles with thousands of events."""
from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral.api import create_app
from bilateral.api.security import HEADERS, MAX_URL, is_loopback
from bilateral.store import connect
from bilateral.store.consolidate import consolidate
from bilateral.store.dashboard import _add_months
from bilateral.web.highlight import Segment, Span, segments

from helpers import make_client

SENTENCE = "Le Mali a livré des armes au Niger. "
BIG_MENTIONS = 3000
SECURITY = [name.decode() for name, _ in HEADERS]
LOCAL = "http://127.0.0.1"
FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


# --- a small store, written directly (no spaCy model): four events and one very long article ------

# the columns of a report as first stored; later ones (its location) stay empty here
MENTION_COLUMNS = ("id, article_id, event_id, date, date_source, event, mode, context, actor_codes, recipient_codes, "
                   "cameo, quad_code, goldstein, plover_score, sentence, start, \"end\", trigger, sentence_text, "
                   "language, confidence, coder, lexicon, run_id")

def _fill(con) -> None:
    con.execute("INSERT INTO runs (started_at, finished_at, status, command, inputs, coder_version, lexicons) "
                "VALUES (current_timestamp, current_timestamp, 'finished', 'test', [], 'test', '{}')")
    reports = [("A-1", "d1", "MLI", "RUS", "AID", 2, "072", date(2025, 1, 5)),
               ("A-2", "d2", "RUS", "MLI", "AGREE", 1, "057", date(2025, 3, 2)),
               ("A-3", "d3", "FRA", "MLI", "ACCUSE", 3, "112", date(2024, 11, 20)),
               ("A-4", "<b>d4</b>", "UNO", "MLI", "ASSAULT", 4, "190", date(2023, 6, 30))]
    for i, (article, doc, actor, recipient, event, quad, cameo, day) in enumerate(reports):
        con.execute("INSERT INTO articles (id, doc_id, url, title, outlet, published, language, text, text_hash, "
                    "words, run_id) VALUES (?, ?, ?, ?, 'outlet', ?, 'fr', ?, ?, 8, 1)",
                    [article, doc, f"https://example.org/{article}", f"Title {article}", day, SENTENCE, article])
        con.execute(f"INSERT INTO mentions ({MENTION_COLUMNS}) VALUES (?, ?, NULL, ?, 'document', ?, '', [], [?], [?], ?, ?, 1.0, 2.0, "
                    "0, 10, 15, 'livré', ?, 'fr', 0.9, 'test', 'test', 1)",
                    [f"M-{i}", article, day, event, actor, recipient, cameo, quad, SENTENCE.strip()])
        for role, code, start, end in (("actor", actor, 3, 7), ("recipient", recipient, 29, 34)):
            con.execute("INSERT INTO mention_actors VALUES (?, ?, 0, ?, 'GOV', 'x', ?, ?, ?, 'country')",
                        [f"M-{i}", role, code, code, start, end])
    consolidate(con)
    _add_long_article(con)


def _add_long_article(con) -> None:
    """One article reporting the same event in each of its BIG_MENTIONS sentences."""
    step = len(SENTENCE)
    con.execute("INSERT INTO articles (id, doc_id, url, title, outlet, published, language, text, text_hash, words, "
                "run_id) VALUES ('A-long', 'long', NULL, 'Long', NULL, DATE '2025-01-01', 'fr', ?, 'long', ?, 1)",
                [SENTENCE * BIG_MENTIONS, 8 * BIG_MENTIONS])
    con.execute(f"INSERT INTO mentions ({MENTION_COLUMNS}) SELECT 'M-long-' || lpad(i::VARCHAR, 4, '0'), 'A-long', NULL, DATE '2025-01-01', "
                f"'document', 'AID', 'military', ['military'], ['MLI'], ['NER'], '072', 2, 7.4, 5.0, i, i * {step} + 10, "
                f"i * {step} + 15, 'livré', ?, 'fr', 0.9, 'test', 'test', 1 FROM range({BIG_MENTIONS}) t(i)",
                [SENTENCE.strip()])
    con.execute(f"INSERT INTO mention_actors SELECT 'M-long-' || lpad(i::VARCHAR, 4, '0'), r.role, 0, r.code, 'GOV', "
                f"r.code, r.code, i * {step} + r.s, i * {step} + r.e, 'country' FROM range({BIG_MENTIONS}) t(i), "
                f"(VALUES ('actor', 'MLI', 3, 7), ('recipient', 'NER', 29, 34)) r(role, code, s, e)")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "small.duckdb"
    con = connect(path)
    try:
        _fill(con)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def client(store_path):
    app = create_app(str(store_path), allowed_hosts=["loopback"])
    with make_client(app, base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def assert_sound(response, *, api: bool) -> None:
    """No 5xx, the security headers, and an error in the documented shape."""
    where = f"{response.request.method} {str(response.request.url)[:200]}"
    assert response.status_code < 500, (where, response.text[:500])
    for name in SECURITY:
        assert name in response.headers, (where, name)
    if response.status_code >= 400:
        if api:
            error = response.json()["error"]
            assert set(error) == {"code", "message", "hint"}, where
            assert error["code"].startswith("E") and error["message"], where
        else:
            assert response.headers["content-type"].startswith("text/html"), where
            assert f"{response.status_code}" in response.text, where


# --- what hostile values look like ---------------------------------------------------------------

EDGE_DATES = ["0001-01-01", "9999-12-31", "0000-00-00", "2023-02-29", "2024-02-29", "9999-13-01", "1-1-1",
              "20250101", "2025-W01", "-001-01-01"]
EDGE_NUMBERS = ["0", "-1", "1", "2", "4", "5", "99", "100", "101", "120", "121", "200", "201", "100000",
                str(2**31), str(2**63), str(2**64), str(10**30), "-" + str(10**30), "1e309", "nan", "inf", "-0",
                "0.5", "1.5", "0x10", "1_000", "٣"]
EDGE_TEXT = ["", " ", "MLI", "MLI,RUS", "RUS MLI", "xxx", "%", "_", "'", '"', "\\", "\x00", "\x00\x00",
             "<script>alert(1)</script>", "'; DROP TABLE events; --", "../../etc/passwd", "%2e%2e", "\u202e",
             "\ufeff", "🇲🇱", "Ĳ", "ß" * 300, "x" * 199, "x" * 200, "x" * 201, "x" * 5000, "é" * 2000]
WORST = ["0001-01-01", "9999-12-31", "0000-00-00", "", "-1", str(10**30), "nan", "\x00", "'", "🇲🇱", "x" * 5000]
# No lone surrogates: they cannot be put in a URL (UTF-8 has no encoding for them).
UNICODE = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
HOSTILE = st.one_of(st.sampled_from(EDGE_DATES + EDGE_NUMBERS + EDGE_TEXT), UNICODE,
                    st.integers(min_value=-(2**70), max_value=2**70).map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr),
                    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(str),
                    st.integers(min_value=0, max_value=12_000).map(lambda n: "y" * n))


def _get(client, path: str, query: dict[str, str]):
    url = path + ("?" + urlencode(query) if query else "")
    return client.get(url)


def _fill_path(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(value, safe="") or "-")
    return template


def _api_routes(openapi: dict) -> list[tuple[str, list[dict]]]:
    return [(path, ops["get"].get("parameters", [])) for path, ops in openapi["paths"].items() if "get" in ops]


# --- properties: every route, every parameter ----------------------------------------------------

def test_openapi_lists_the_routes_fuzzed(openapi):
    paths = {path for path, _ in _api_routes(openapi)}
    assert {"/api/events", "/api/dyads", "/api/actors/{code}", "/api/articles/{article_id}", "/api/search"} <= paths


def _fuzz(client, path: str, in_path: list[str], in_query: list[str], *, api: bool) -> None:
    """Ask ``path`` with hostile values for its path parameters and up to four query parameters."""
    @FUZZ
    @given(path_values=st.fixed_dictionaries({name: HOSTILE for name in in_path}),
           query=st.dictionaries(st.sampled_from(in_query or ["unused"]), HOSTILE, max_size=4))
    def check(path_values, query):
        assert_sound(_get(client, _fill_path(path, path_values), query), api=api)

    check()


def test_every_api_route_survives_hostile_parameters(client, openapi):
    for path, parameters in _api_routes(openapi):
        _fuzz(client, path, [p["name"] for p in parameters if p["in"] == "path"],
              [p["name"] for p in parameters if p["in"] == "query"], api=True)


def test_every_api_route_survives_each_parameter_at_its_edges(client, openapi):
    """Deterministic: each parameter alone, with the worst values (whatever the fuzzing draws)."""
    for path, parameters in _api_routes(openapi):
        defaults = {p["name"]: "MLI" if p["name"] in ("a", "code") else "RUS" for p in parameters if p["in"] == "path"}
        for parameter in parameters:
            for value in WORST:
                if parameter["in"] == "path":
                    response = _get(client, _fill_path(path, {**defaults, parameter["name"]: value}), {})
                else:
                    response = _get(client, _fill_path(path, defaults), {parameter["name"]: value})
                assert_sound(response, api=True)


PAGES = ["/", "/dyad/{a}/{b}", "/actor/{code}", "/article/{article_id}", "/search", "/event/{event_id}", "/actors",
         "/dyad", "/docs"]
PAGE_PARAMS = ["page", "page_size", "sort", "interval", "since", "until", "q", "type", "quad", "context",
               "min_confidence", "include_unasserted", "assertions_only", "lang", "limit", "a", "b"]


def test_every_page_survives_hostile_parameters(client):
    for page in PAGES:
        _fuzz(client, page, [part[1:-1] for part in page.split("/") if part.startswith("{")], PAGE_PARAMS,
              api=False)


@pytest.mark.parametrize("url", ["/api/dyads?until=0001-01-01", "/api/actors/MLI?until=0001-01-01",
                                 "/actor/MLI?until=0001-01-01", "/api/dyads?until=9999-12-31&months=120",
                                 "/dyad/MLI/RUS?since=0001-01-01&until=9999-12-31&interval=month",
                                 "/api/dyads/MLI/RUS/timeline?since=0001-01-01&until=0001-01-31"])
def test_dates_at_the_calendars_ends_are_answered(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert_sound(response, api=url.startswith("/api/"))


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 3, 31), -1, date(2025, 2, 28)),
    (date(2024, 3, 31), -1, date(2024, 2, 29)),
    (date(2025, 1, 15), 12, date(2026, 1, 15)),
    (date(1, 1, 1), -12, date.min),
    (date(1, 6, 30), -24, date.min),
    (date(9999, 12, 31), 1, date.max),
])
def test_add_months_clamps_to_the_calendar(day, months, expected):
    assert _add_months(day, months) == expected


# --- crashes, hosts, long URLs ---------------------------------------------------------------------

def test_an_unhandled_error_is_a_500_with_headers_and_the_error_shape(store_path):
    app = create_app(str(store_path))

    @app.get("/api/boom")
    def boom() -> dict:
        raise RuntimeError("a bug")

    @app.get("/boom")
    def boom_page() -> dict:
        raise RuntimeError("a bug")

    with make_client(app) as test_client:
        response = test_client.get("/api/boom")
        assert response.status_code == 500
        assert response.json()["error"]["code"] == "E000" and "a bug" not in response.text  # no internals shown
        assert all(name in response.headers for name in SECURITY)
        page = test_client.get("/boom")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert all(name in page.headers for name in SECURITY)
        assert test_client.get("/api/health").status_code == 200  # the server goes on


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1", True), ("127.0.0.1:8000", True), ("127.1.2.3:80", True), ("localhost", True),
    ("LOCALHOST:8000", True), ("[::1]", True), ("[::1]:8000", True), ("[::ffff:127.0.0.1]:8000", True),
    ("evil.example", False), ("evil.example:8000", False), ("localhost.evil.example", False), ("[::2]:8000", False),
    ("10.0.0.1", False), ("[fe80::1]", False), ("", False), ("127.0.0.1.evil.example", False),
])
def test_loopback_host_headers_are_the_only_ones_answered(client, host, allowed):
    response = client.get("/api/health", headers={"host": host})
    assert (response.status_code == 200) is allowed, response.text
    assert_sound(response, api=True)


def test_serve_on_ipv6_loopback_checks_the_host_header(store_path, monkeypatch):
    import uvicorn

    from bilateral.api import serve

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(app=app, **kwargs))
    serve(str(store_path), host="::1", port=8123)
    assert started["host"] == "::1" and started["h11_max_incomplete_event_size"] > MAX_URL
    with make_client(started["app"], base_url="http://[::1]:8123") as test_client:
        assert test_client.get("/api/health").status_code == 200
        refused = test_client.get("/api/health", headers={"host": "rebound.example"})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "E607"  # a refused host


def test_is_loopback_names_every_loopback_address():
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.255.0.9", "::1", "[::1]", "localhost", "Localhost."))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.1.1.1", "example.org", "[::2]", ""))


@pytest.mark.parametrize("path", ["/api/events", "/search"])
def test_urls_over_the_limit_get_a_414(client, path):
    response = client.get(path, params={"q": "x" * (MAX_URL + 10)})
    assert response.status_code == 414
    assert_sound(response, api=path.startswith("/api/"))
    assert "x" * 100 not in response.text  # the refusal does not echo the query back
    assert client.get(path, params={"q": "x" * 150}).status_code == 200


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_the_real_server_answers_a_100_kb_query_with_a_414(store_path):
    port = _free_port()
    command = Path(sys.executable).parent / "bilateral"
    server = subprocess.Popen([str(command), "serve", "--db", str(store_path), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/api/events?q=" + "x" * 100_000)
        response = connection.getresponse()
        body = response.read()
        assert response.status == 414
        assert b'"code":"E606"' in body and response.getheader("x-content-type-options") == "nosniff"
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- an article reporting thousands of events -----------------------------------------------------

def test_article_mentions_come_a_page_at_a_time(client):
    started = time.monotonic()
    first = client.get("/api/articles/A-long")
    assert first.status_code == 200
    body = first.json()
    assert body["mentions_total"] == BIG_MENTIONS and body["page"] == 1 and len(body["mentions"]) == body["limit"]
    assert {a["mention_id"] for a in body["actors"]} == {m["id"] for m in body["mentions"]}
    assert 'rel="next"' in first.headers["link"] and "page=2" in first.headers["link"]
    last = client.get("/api/articles/A-long", params={"page": 6, "limit": 500})
    assert [m["sentence"] for m in last.json()["mentions"]] == list(range(2500, 3000))
    assert 'rel="prev"' in last.headers["link"] and 'rel="next"' not in last.headers["link"]
    past = client.get("/api/articles/A-long", params={"page": 99})
    assert past.status_code == 200 and past.json()["mentions"] == []
    assert client.get("/api/articles/A-long", params={"limit": 501}).status_code == 422
    assert time.monotonic() - started < 5


def test_article_page_is_fast_and_links_its_pages(client):
    started = time.monotonic()
    response = client.get("/article/A-long", params={"page": 2})
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and elapsed < 3, elapsed
    assert 'href="/article/A-long?page=1" rel="prev"' in response.text
    assert 'href="/article/A-long?page=3" rel="next"' in response.text
    assert "101–200" in response.text and response.text.count('class="anchor"') == 100
    short = client.get("/article/A-1")
    assert short.status_code == 200 and 'rel="next"' not in short.text


# --- highlighting stays exact when it is made fast ------------------------------------------------

def _segments_by_brute_force(text: str, spans: list[Span]) -> list[Segment]:
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    if not valid:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        over = [s for s in valid if s.start <= left and right <= s.end]
        pieces.append(Segment(text[left:right], tuple(dict.fromkeys(s.kind for s in over)),
                              tuple(dict.fromkeys(s.label for s in over)),
                              tuple(s.anchor for s in valid if s.start == left and s.anchor)))
    return pieces


SPANS = st.lists(st.builds(Span, start=st.integers(-2, 40), end=st.integers(-2, 40),
                           kind=st.sampled_from(["trigger", "actor", "recipient"]),
                           label=st.sampled_from(["a", "b", "c"]), anchor=st.sampled_from([None, "t-1", "t-2"])),
                 max_size=12)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(text=st.text(max_size=35), spans=SPANS)
def test_segments_match_the_brute_force_cut(text, spans):
    assert segments(text, spans) == _segments_by_brute_force(text, spans)


def test_segments_of_thousands_of_spans_are_fast():
    text = SENTENCE * BIG_MENTIONS
    step = len(SENTENCE)
    spans = [Span(i * step + 10, i * step + 15, "trigger", "AID", f"t-{i}") for i in range(BIG_MENTIONS)]
    spans += [Span(i * step + 3, i * step + 7, "actor", "MLI") for i in range(BIG_MENTIONS)]
    started = time.monotonic()
    pieces = segments(text, spans)
    assert time.monotonic() - started < 1
    assert "".join(p.text for p in pieces) == text
    assert sum(1 for p in pieces if "trigger" in p.kinds) == BIG_MENTIONS


"""Conventions every API route keeps: unknown query parameters refused by name, one envelope for every
list route with a correct ``next``, a distinct error code per kind of error (documented), CORS only
when asked for, and ``/docs`` showing each route's response fields and an example."""
from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from bilateral.api import create_app, models
from bilateral.api.deps import Cursor
from bilateral.api.errors import ERROR_KINDS
from bilateral.api.security import MAX_URL
from bilateral.errors import QueryError

from helpers import make_client
from list_store import EVENTS, build

PAGE_CAP = 50
ENVELOPE = {"items", "total", "page", "page_size", "next", "prev"}
ORIGIN = "https://analyst.example"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build(tmp_path_factory.mktemp("conventions") / "lists.duckdb")


@pytest.fixture(scope="module")
def client(store_path):
    with make_client(create_app(str(store_path), max_page_size=PAGE_CAP)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def openapi(client) -> dict:
    return client.get("/api/openapi.json").json()


def _page_of(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["page"][0])


def _fill(path: str) -> str:
    values = {"a": "MLI", "b": "RUS", "code": "MLI", "event_id": "BE-000", "article_id": "A-0"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


# --- unknown query parameters -------------------------------------------------------------------

def test_every_route_refuses_an_unknown_parameter_by_name(client, openapi):
    for path, operations in openapi["paths"].items():
        query = {"q": "Mali"} if path == "/api/search" else {}
        response = client.get(_fill(path), params={**query, "tpye": "AID"})
        assert response.status_code == 400, (path, response.text)
        error = response.json()["error"]
        assert error["code"] == "E601" and error["message"] == "unknown parameter 'tpye'", path
        known = [p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        assert all(name in error["hint"] for name in known), (path, error["hint"])


@pytest.mark.parametrize(("url", "name"), [
    ("/api/events?dyad=MLI,RUS&pgae=2", "pgae"),
    ("/api/events?type=AID&type=ACCUSE&format=csv&Format=csv", "Format"),  # names are case-sensitive
    ("/api/dyads?limit=5&top=3", "top"),
    ("/api/health?=x", ""),
    ("/api/corpus?" + "x" * 60 + "=1", "x" * 40 + "…"),
])
def test_unknown_parameter_message_names_it(client, url, name):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == f"unknown parameter {name!r}"


def test_known_parameters_with_empty_values_are_accepted(client):
    """HTML forms send empty fields; the API takes them as "no filter", as before."""
    response = client.get("/api/events", params={"type": "", "quad": "", "since": "", "q": ""})
    unfiltered = client.get("/api/events").json()["total"]  # the asserted events: the default of every list
    assert response.status_code == 200 and response.json()["total"] == unfiltered
    every = client.get("/api/events", params={"type": "", "include_unasserted": "true"})
    assert every.json()["total"] == EVENTS > unfiltered


def test_pages_stay_lenient_with_parameters_they_do_not_take(client):
    for url in ("/dyad/MLI/RUS?utm_source=mail&interval=year", "/actors?sort=x", "/?ref=1", "/search?q=Mali&x=1"):
        assert client.get(url).status_code == 200, url


# --- one envelope for every list route ------------------------------------------------------------

LISTS = [("/api/events", {}), ("/api/events", {"dyad": "MLI,RUS", "sort": "-date"}), ("/api/dyads", {}),
         ("/api/dyads", {"by": "change"}), ("/api/actors", {}), ("/api/search", {"q": "Moscou"}),
         ("/api/dyads/MLI/RUS/outlets", {})]


@pytest.mark.parametrize(("path", "params"), LISTS)
@pytest.mark.parametrize("size", [1, 2, 5, PAGE_CAP])
def test_list_routes_share_the_envelope_and_next_walks_every_page(client, path, params, size):
    response = client.get(path, params={**params, "page_size": size})
    body = response.json()
    assert ENVELOPE <= set(body)
    assert set(body) - ENVELOPE <= ({"q", "actors", "dyad", "articles"} if path == "/api/search" else set())
    total, pages, seen = body["total"], 0, []
    assert (body["page"], body["page_size"], body["prev"]) == (1, size, None)
    while True:
        pages += 1
        assert body["page"] == pages and len(body["items"]) == min(size, total - (pages - 1) * size)
        seen += [json.dumps(item, sort_keys=True) for item in body["items"]]
        if body["next"] is None:
            break
        assert body["next"].startswith(path + "?") and _page_of(body["next"]) == pages + 1
        body = client.get(body["next"]).json()
        assert _page_of(body["prev"]) == pages
    assert pages == max(1, -(-total // size))
    assert len(seen) == len(set(seen)) == total


@pytest.mark.parametrize(("path", "params"), [("/api/events", {}), ("/api/dyads", {}), ("/api/actors", {}),
                                              ("/api/search", {"q": "Moscou"})])
def test_a_page_past_the_last_is_empty_without_next(client, path, params):
    body = client.get(path, params={**params, "page": 40, "page_size": 3}).json()
    assert body["items"] == [] and body["next"] is None and body["total"] > 0
    assert _page_of(body["prev"]) == -(-body["total"] // 3)  # back to the last page


def test_list_routes_declare_the_envelope(openapi):
    for path in ("/api/events", "/api/dyads", "/api/actors", "/api/search"):
        ref = openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        schema = openapi["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert ENVELOPE <= set(schema["properties"]), path
        assert {"text/csv", "application/x-ndjson", "application/vnd.apache.parquet"} <= set(
            openapi["paths"][path]["get"]["responses"]["200"]["content"]), path
        assert "format" in [p["name"] for p in openapi["paths"][path]["get"]["parameters"]], path


def test_dyads_and_actors_keep_their_page_size_limits(client):
    assert client.get("/api/dyads").json()["page_size"] == 20
    assert client.get("/api/dyads", params={"limit": 3}).json()["page_size"] == 3  # the former name
    assert client.get("/api/actors").json()["page_size"] == PAGE_CAP  # the server's default, 50
    for path in ("/api/dyads", "/api/actors"):
        response = client.get(path, params={"page_size": PAGE_CAP + 1})
        assert response.status_code == 400 and response.json()["error"]["code"] == "E600"


# --- one code per kind of error ---------------------------------------------------------------------

def test_each_kind_of_error_has_its_own_code(client, store_path):
    """E603, a query stopped at the time limit, has a test of its own below."""
    codes = [kind.code for kind in ERROR_KINDS]
    assert len(codes) == len(set(codes))
    seen = {
        "E600": client.get("/api/events", params={"dyad": "MLI,XXX"}),
        "E601": client.get("/api/events", params={"dyad_": "MLI,RUS"}),
        "E602": client.get("/api/events", params={"page": 0}),
        "E604": client.get("/api/events/BE-nowhere"),
        "E605": client.post("/api/events"),
        "E606": client.get("/api/events", params={"q": "x" * (MAX_URL + 1)}),
    }
    with make_client(create_app(str(store_path), allowed_hosts=["loopback"])) as guarded:
        seen["E607"] = guarded.get("http://rebound.example/api/health")
    kinds = {kind.code: kind for kind in ERROR_KINDS}
    for code, response in seen.items():
        assert response.json()["error"]["code"] == code, (code, response.text)
        assert response.status_code == kinds[code].status, code


def test_a_query_stopped_at_the_time_limit_has_its_code(store_path):
    app = create_app(str(store_path), query_timeout=0.2)

    @app.get("/api/slow")
    def slow(cursor: Cursor) -> dict:
        return {"n": cursor.execute("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3").fetchall()}

    with make_client(app) as test_client:
        response = test_client.get("/api/slow")
        assert response.status_code == 400 and response.json()["error"]["code"] == "E603"


def test_error_codes_are_documented(client, openapi):
    page = unescape(client.get("/docs", headers={"accept-language": "en"}).text)
    for kind in ERROR_KINDS:
        assert f"<code>{kind.code}</code></td><td>{kind.status}</td>" in page, kind.code
        assert f"`{kind.code}` ({kind.status})" in openapi["info"]["description"], kind.code


def test_pages_show_the_code_of_their_error(client):
    assert "E604" in client.get("/event/BE-nowhere").text
    assert "E600" in client.get("/dyad/MLI/XXX").text


# --- CORS ---------------------------------------------------------------------------------------

def test_no_cors_headers_unless_asked_for(client):
    response = client.get("/api/health", headers={"origin": ORIGIN})
    assert response.status_code == 200
    assert not any(name.startswith("access-control-") for name in response.headers)
    preflight = client.options("/api/events", headers={"origin": ORIGIN, "access-control-request-method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_the_origins_given_only(store_path):
    with make_client(create_app(str(store_path), cors_origins=[ORIGIN])) as test_client:
        allowed = test_client.get("/api/events", params={"format": "csv"}, headers={"origin": ORIGIN})
        assert allowed.headers["access-control-allow-origin"] == ORIGIN
        assert "content-disposition" in allowed.headers["access-control-expose-headers"].lower()
        assert allowed.headers["x-content-type-options"] == "nosniff"  # the security headers stay
        other = test_client.get("/api/events", headers={"origin": "https://elsewhere.example"})
        assert other.status_code == 200 and "access-control-allow-origin" not in other.headers
        preflight = test_client.options("/api/events", headers={"origin": ORIGIN,
                                                                "access-control-request-method": "GET"})
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ORIGIN
        refused = test_client.get("/api/events", params={"tpye": "x"}, headers={"origin": ORIGIN})
        assert refused.status_code == 400 and refused.headers["access-control-allow-origin"] == ORIGIN


@pytest.mark.parametrize("origin", ["example.org", "https://example.org/", "https://example.org/api", "ftp://x.org",
                                    "https://exa mple.org", ""])
def test_cors_origins_are_checked(store_path, origin):
    with pytest.raises(QueryError, match="is not an origin"):
        create_app(str(store_path), cors_origins=[origin])


def test_serve_cors_option(store_path, monkeypatch):
    import uvicorn

    from bilateral.cli import main

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(app=app, **kwargs))
    runner = CliRunner()
    assert "--cors ORIGIN" in runner.invoke(main, ["serve", "--help"]).output
    result = runner.invoke(main, ["serve", "--db", str(store_path), "--cors", ORIGIN, "--cors", "http://localhost:3000"])
    assert result.exit_code == 0, result.output
    with make_client(started["app"], base_url="http://127.0.0.1:8000") as test_client:
        for origin in (ORIGIN, "http://localhost:3000"):
            headers = test_client.get("/api/health", headers={"origin": origin}).headers
            assert headers["access-control-allow-origin"] == origin
    bad = runner.invoke(main, ["serve", "--db", str(store_path), "--cors", "https://example.org/path"])
    assert bad.exit_code == 2 and "is not an origin" in bad.output


# --- /docs: response fields and examples ---------------------------------------------------------

def test_docs_show_response_fields_and_examples(client):
    page = client.get("/docs", headers={"accept-language": "en"}).text
    sections = re.split(r'<section class="route"', page)[1:]
    by_path = {re.search(r"<code>([^<]+)</code></h2>", s).group(1): s for s in sections}
    for path, model in (("/api/events", models.EventList), ("/api/dyads", models.DyadList),
                        ("/api/actors", models.ActorList), ("/api/search", models.SearchResult)):
        section = by_path[path]
        for field in ("items", "total", "page", "page_size", "next"):
            assert f"<code>{field}</code>" in section, (path, field)
        example = re.search(r"<pre><code>(.*?)</code></pre>", section, re.S).group(1)
        model.model_validate(json.loads(unescape(example)))  # the example is a valid answer
        assert "text/csv" in section and "application/vnd.apache.parquet" in section
    assert "<code>items[].assertion</code>" in by_path["/api/events"]
    assert "False when negated" in by_path["/api/events"]
    assert "<pre><code>" in by_path["/api/health"]

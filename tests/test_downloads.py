"""Downloads of the list routes (``?format=csv|json|parquet``): every format of every list route holds
exactly the rows of the JSON list, all pages together, in its order; names and media types; streaming;
errors before the first byte; the pages' download links."""
from __future__ import annotations

import csv
import html
import io
import json
import re

import pyarrow.parquet as pq
import pytest

from bilateral.api import create_app
from bilateral.api import downloads
from bilateral.store.views import EventRow

from helpers import make_client
from list_store import EVENTS, build

PAGE_CAP = 50
EVENT_FIELDS = list(EventRow.__dataclass_fields__)
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/x-ndjson", "parquet": "application/vnd.apache.parquet"}
EXTENSION = {"csv": "csv", "json": "jsonl", "parquet": "parquet"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    return build(tmp_path_factory.mktemp("downloads") / "lists.duckdb")


@pytest.fixture(scope="module")
def client(store_path):
    with make_client(create_app(str(store_path), max_page_size=PAGE_CAP)) as test_client:
        yield test_client


def every_page(client, path: str, params: dict, page_size: int = 7) -> list[dict]:
    """The rows of a JSON list, following ``next`` from the first page to the last."""
    url, rows = None, []
    response = client.get(path, params={**params, "page_size": page_size})
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        rows += body["items"]
        url = body["next"]
        if url is None:
            return rows
        response = client.get(url)


def download(client, path: str, params: dict, fmt: str) -> tuple[list[dict], object]:
    """The rows of a download, parsed the way a reader of that format would."""
    response = client.get(path, params={**params, "format": fmt})
    assert response.status_code == 200, response.text
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline=""))), response
    if fmt == "json":
        lines = response.content.decode("utf-8").splitlines()
        return [json.loads(line) for line in lines], response
    table = pq.read_table(io.BytesIO(response.content))
    rows = [{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()} for row in table.to_pylist()]
    return rows, response


def as_csv(value) -> str:
    """How the CSV download writes a JSON value: lists joined by ';', booleans true/false, null empty."""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def same_rows(downloaded: list[dict], listed: list[dict], fmt: str, fields: list[str]) -> None:
    assert len(downloaded) == len(listed)
    for got, expected in zip(downloaded, listed):
        want = {k: as_csv(expected[k]) for k in fields} if fmt == "csv" else {k: expected[k] for k in fields}
        assert {k: got[k] for k in fields} == want


FORMATS = ["csv", "json", "parquet"]
EVENT_FILTERS = [
    {},
    {"dyad": "MLI,RUS"},
    {"dyad": "RUS-MLI", "sort": "-date"},
    {"actor": "MLI", "assertions_only": "true", "sort": "mentions"},
    {"type": "ACCUSE", "since": "2024-03-01", "until": "2024-10-31"},
    {"context": "negation"},
    {"min_confidence": "0.6", "q": "Moscou"},
]


# --- every format of every list route: exactly the list's rows, all pages ---------------------------

@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params", EVENT_FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_downloads_events_are_the_filtered_list(client, fmt, params):
    listed = every_page(client, "/api/events", params)
    assert listed  # every filter of the table keeps some events
    rows, _ = download(client, "/api/events", params, fmt)
    same_rows(rows, listed, fmt, EVENT_FIELDS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_events_carry_assertion_and_actor_names(client, fmt):
    rows, _ = download(client, "/api/events", {"dyad": "MLI,RUS", "include_unasserted": "true"}, fmt)
    assert {"assertion", "actor_names", "recipient_names"} <= set(rows[0])
    flags = {str(row["assertion"]).lower() for row in rows}
    assert flags == {"true", "false"}  # negated events are listed when asked for, flagged
    asserted, _ = download(client, "/api/events", {"dyad": "MLI,RUS"}, fmt)
    assert {str(row["assertion"]).lower() for row in asserted} == {"true"}  # by default, as the list
    multi = next(row for row in rows if "BFA" in as_csv(row["actor_codes"]))
    assert as_csv(multi["actor_names"]) == "Mali;Burkina Faso"


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_ignore_the_page(client, fmt):
    """A download is every page, whatever page the list showed when its link was followed."""
    rows, _ = download(client, "/api/events", {"page": 3, "page_size": 5, "include_unasserted": "true"}, fmt)
    assert len(rows) == EVENTS


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("params", [{}, {"by": "change", "months": 3}, {"type": "AID"}], ids=["volume", "change", "aid"])
def test_downloads_dyads_are_the_ranked_list(client, fmt, params):
    listed = every_page(client, "/api/dyads", params, page_size=2)
    rows, _ = download(client, "/api/dyads", params, fmt)
    same_rows(rows, listed, fmt, list(listed[0]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_actors_are_the_list(client, fmt):
    listed = every_page(client, "/api/actors", {}, page_size=4)
    assert {a["code"] for a in listed} == {"MLI", "RUS", "FRA", "UKR", "NER", "BFA"}
    rows, _ = download(client, "/api/actors", {}, fmt)
    same_rows(rows, listed, fmt, list(listed[0]))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("q", ["Moscou", "cedeao", "historique accord"])
def test_downloads_search_are_the_events_found(client, fmt, q):
    listed = every_page(client, "/api/search", {"q": q}, page_size=4)
    assert listed
    rows, _ = download(client, "/api/search", {"q": q}, fmt)
    same_rows(rows, listed, fmt, EVENT_FIELDS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_of_nothing_are_valid_files(client, fmt):
    for path, params in (("/api/events", {"dyad": "UKR,NER"}), ("/api/search", {"q": "   "}),
                         ("/api/search", {"q": "introuvable"})):
        rows, response = download(client, path, params, fmt)
        assert rows == []
        if fmt == "csv":
            assert response.text.splitlines()[0].startswith("id,date,event,")
        if fmt == "parquet":
            assert "assertion" in pq.read_schema(io.BytesIO(response.content)).names


def test_downloads_keep_awkward_text_intact(client):
    """Commas, quotes, semicolons, newlines and markup in a sentence survive every format."""
    listed = every_page(client, "/api/events", {})
    texts = {e["sentence_text"] for e in listed}
    assert any("\n" in t for t in texts) and any('"' in t for t in texts)
    for fmt in FORMATS:
        rows, _ = download(client, "/api/events", {}, fmt)
        assert {row["sentence_text"] for row in rows} == texts


# --- names, media types, streaming ------------------------------------------------------------------

@pytest.mark.parametrize(("path", "params", "name"), [
    ("/api/events", {"dyad": "mli,rus"}, "bilateral-events-MLI-RUS"),
    ("/api/events", {"actor": "RUS", "type": "assault"}, "bilateral-events-RUS-ASSAULT"),
    ("/api/events", {}, "bilateral-events"),
    ("/api/dyads", {"by": "change"}, "bilateral-dyads-change"),
    ("/api/actors", {}, "bilateral-actors"),
    ("/api/search", {"q": "Cédéao Niamey"}, "bilateral-search-cedeao-niamey"),
    ("/api/search", {"q": "\"x\";\r\nSet-Cookie: a=b"}, "bilateral-search-x-set-cookie-a-b"),
])
@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_are_named_and_typed(client, path, params, name, fmt):
    response = client.get(path, params={**params, "format": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA[fmt]
    assert response.headers["content-disposition"] == f'attachment; filename="{name}.{EXTENSION[fmt]}"'
    assert response.headers["x-content-type-options"] == "nosniff"  # the security headers, on files too


@pytest.mark.parametrize("fmt", FORMATS)
def test_downloads_stream_one_batch_at_a_time(store_path, monkeypatch, fmt):
    monkeypatch.setattr(downloads, "BATCH_ROWS", 5)
    with make_client(create_app(str(store_path))) as test_client:
        every = {"format": fmt, "include_unasserted": "true"}
        with test_client.stream("GET", "/api/events", params=every) as response:
            assert response.status_code == 200
            pieces = list(response.iter_raw())
    assert len(pieces) > EVENTS // 5  # a piece per batch of five, not one body made in memory
    if fmt == "parquet":
        assert pq.ParquetFile(io.BytesIO(b"".join(pieces))).metadata.num_row_groups == -(-EVENTS // 5)


@pytest.mark.parametrize(("params", "status", "code"), [
    ({"dyad": "MLI,XXX", "format": "csv"}, 400, "E600"),
    ({"format": "xml"}, 422, "E602"),
    ({"format": "csv", "tpye": "AID"}, 400, "E601"),
])
def test_downloads_refused_before_the_first_byte_are_json_errors(client, params, status, code):
    response = client.get("/api/events", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
    assert "content-disposition" not in response.headers


def test_downloads_too_slow_to_start_are_stopped(store_path, monkeypatch):
    def slow(con, flt=None, **kwargs):
        return con.sql("SELECT count(*) FROM range(100000000000) t(i) WHERE i % 7 = 3").to_arrow_reader(10)

    monkeypatch.setattr(downloads.exports, "table_reader", slow)
    with make_client(create_app(str(store_path), query_timeout=0.2)) as test_client:
        response = test_client.get("/api/events", params={"format": "csv"})
        assert response.status_code == 400 and response.json()["error"]["code"] == "E603"
        assert test_client.get("/api/health").status_code == 200


# --- the pages' download links --------------------------------------------------------------------

def _download_links(page_html: str) -> dict[str, str]:
    block = re.search(r'<p class="downloads">(.*?)</p>', page_html, re.S)
    assert block, "no download links"
    return {fmt: html.unescape(url) for url, fmt in re.findall(r'href="([^"]+format=(\w+))"', block.group(1))}


@pytest.mark.parametrize(("page", "api", "params"), [
    ("/dyad/MLI/RUS", "/api/events", {"dyad": "MLI,RUS"}),
    ("/actor/FRA", "/api/events", {"actor": "FRA"}),
])
def test_pages_link_downloads_of_what_they_list(client, page, api, params):
    filters = {"type": "", "context": "military", "assertions_only": "true", "sort": "-date", "page": "2",
               "page_size": "5", "interval": "year", "lang": "fr"}
    links = _download_links(client.get(page, params=filters).text)
    assert set(links) == set(FORMATS)
    for fmt, url in links.items():
        assert url.startswith(api + "?") and "page" not in url and "lang" not in url
        response = client.get(url)
        assert response.status_code == 200 and response.headers["content-type"] == MEDIA[fmt]
    listed = every_page(client, api, {**params, "context": "military", "assertions_only": "true", "sort": "-date"})
    got = list(csv.DictReader(io.StringIO(client.get(links["csv"]).text, newline="")))
    assert [row["id"] for row in got] == [e["id"] for e in listed]


@pytest.mark.parametrize(("page", "expected"), [
    ("/actors", "/api/actors?format=csv"),
    ("/", "/api/dyads?format=csv"),
])
def test_list_pages_link_their_downloads(client, page, expected):
    links = _download_links(client.get(page).text)
    assert links["csv"] == expected
    assert client.get(expected).status_code == 200

"""Located events over the API: ``/api/geo`` (GeoJSON) and the ``bbox`` filter of ``/api/events``."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilateral import Article, read_inputs
from bilateral.api import create_app
from bilateral.errors import QueryError
from bilateral.store import connect
from bilateral.store.load import load_articles
from bilateral.store.queries import EventFilter, check_bbox

from helpers import make_client

EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
MALI = "-12.3,10.1,4.3,25.0"  # west, south, east, north


@pytest.mark.parametrize("value, message", [
    ("1,2,3", "not four numbers"),
    ("a,b,c,d", "not four numbers"),
    ("-200,0,10,10", "not on Earth"),
    ("0,20,10,10", "south"),
    ("nan,0,1,1", "not on Earth"),
])
def test_api_geo_bbox_refuses_a_bad_box(value, message):
    with pytest.raises(QueryError, match=message):
        check_bbox(value)


def test_api_geo_bbox_across_the_antimeridian_keeps_both_sides():
    where, params = EventFilter(bbox=(170.0, -20.0, -170.0, 20.0)).where()
    assert "geo_lon >= $f_west OR geo_lon <= $f_east" in where
    assert check_bbox(MALI) == (-12.3, 10.1, 4.3, 25.0)


@pytest.fixture(scope="module")
def client(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("geo") / "demo.duckdb"
    con = connect(path)
    try:
        load_articles(con, [a for a in read_inputs([str(EXAMPLES)]) if isinstance(a, Article)], coder=coder)
    finally:
        con.close()
    with make_client(create_app(str(path))) as test_client:
        yield test_client


@pytest.mark.slow
def test_api_geo_is_a_feature_collection_of_the_filtered_events(client):
    response = client.get("/api/geo", params={"dyad": "MLI,RUS"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/geo+json")
    found = response.json()
    assert found["type"] == "FeatureCollection" and found["features"]
    events = client.get("/api/events", params={"dyad": "MLI,RUS", "page_size": 100}).json()
    assert {f["properties"]["id"] for f in found["features"]} == {e["id"] for e in events["items"]}
    assert found["total"] == len(found["features"]) and found["unlocated"] == 0
    mine = next(f for f in found["features"] if f["properties"]["place"] == "Bougoula")
    lon, lat = mine["geometry"]["coordinates"]
    assert mine["geometry"]["type"] == "Point" and 10 < lat < 12 and -7 < lon < -5
    assert mine["properties"]["precision"] == "site" and mine["properties"]["quad_code"] in (1, 2, 3, 4)


@pytest.mark.slow
def test_api_geo_events_bbox_keeps_the_events_located_in_it(client):
    every = client.get("/api/events", params={"page_size": 100}).json()["total"]
    inside = client.get("/api/events", params={"bbox": MALI, "page_size": 100}).json()
    assert 0 < inside["total"] < every
    points = client.get("/api/geo", params={"bbox": MALI}).json()["features"]
    assert {f["properties"]["id"] for f in points} == {e["id"] for e in inside["items"]}
    assert all(-12.3 <= f["geometry"]["coordinates"][0] <= 4.3 and 10.1 <= f["geometry"]["coordinates"][1] <= 25
               for f in points)
    bad = client.get("/api/events", params={"bbox": "1,2,3"})
    assert bad.status_code == 400 and "bbox" in bad.json()["error"]["message"]

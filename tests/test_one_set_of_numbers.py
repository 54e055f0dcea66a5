"""One set of numbers: every surface counts one dyad's events and reports the same way.

The store is written with SQL (no spaCy model). Mali–Russia holds six asserted events — one reported
by three articles of three outlets, one by three articles of a single outlet, one repeated in five
sentences of one article, one alleged (alleged events are asserted), a single report, and a
multi-party one (Mali and Burkina Faso → Russia) — and three that are not asserted: negated,
hypothetical (reported twice) and future. Every surface must say 6 events and 15 reports by
default, and 9 events and 19 reports with the switch (``include_unasserted``, ``--include-unasserted``).
"""
from __future__ import annotations

import csv
import inspect
import io
import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilateral.api import create_app
from bilateral.cli import main
from bilateral.store import Store

from helpers import make_client
from list_store import insert, start

PAIR = ("MLI", "RUS")
ASSERTED = (6, 15)  # events, reports
EVERY = (9, 19)
NAMES = {"MLI": "Mali", "RUS": "Russia", "BFA": "Burkina Faso", "FRA": "France"}
# outlet of each article
OUTLETS = {"A-1": "a.example", "A-2": "b.example", "A-3": "c.example", "A-4": "d.example", "A-5": "d.example",
           "A-6": "d.example", "A-7": "e.example", "A-8": "f.example", "A-9": "g.example"}
# event id → (actors, recipients, type, quad, context, articles of its reports, one per report)
EVENTS = {
    "BE-wide": (["RUS"], ["MLI"], "AID", 2, ["military"], ["A-1", "A-2", "A-3"]),
    "BE-one-outlet": (["RUS"], ["MLI"], "COOPERATE", 2, ["economic"], ["A-4", "A-5", "A-6", "A-6"]),
    "BE-repeated": (["MLI"], ["RUS"], "AGREE", 1, ["diplomatic"], ["A-7"] * 5),
    "BE-alleged": (["RUS"], ["MLI"], "ACCUSE", 3, ["diplomatic", "alleged"], ["A-8"]),
    "BE-single": (["MLI"], ["RUS"], "SUPPORT", 1, ["diplomatic"], ["A-8"]),
    "BE-multi": (["MLI", "BFA"], ["RUS"], "CONSULT", 1, ["diplomatic"], ["A-9"]),
    "BE-negated": (["RUS"], ["MLI"], "AID", 2, ["military", "negation"], ["A-8"]),
    "BE-hypothetical": (["MLI"], ["RUS"], "AGREE", 1, ["economic", "hypothetical"], ["A-8", "A-9"]),
    "BE-future": (["RUS"], ["MLI"], "AID", 2, ["humanitarian", "future"], ["A-9"]),
    "BE-france": (["FRA"], ["MLI"], "ACCUSE", 3, ["diplomatic"], ["A-9"]),
    "BE-france-negated": (["FRA"], ["MLI"], "ACCUSE", 3, ["diplomatic", "negation"], ["A-9"]),
}
UNASSERTED = {"negation", "hypothetical", "future"}
FIRST_DAY = date(2025, 1, 6)


def build(path: Path) -> Path:
    con = start(path)
    try:
        insert(con, "articles", [
            {"id": key, "doc_id": key.lower(), "url": f"https://{outlet}/{key}", "title": f"Dépêche {key}",
             "outlet": outlet, "published": FIRST_DAY, "language": "fr", "text": "Le Mali et la Russie. " * 6,
             "text_hash": key, "words": 30, "run_id": 1} for key, outlet in OUTLETS.items()])
        events, mentions, actors = [], [], []
        for n, (key, (actor_codes, recipient_codes, kind, quad, context, articles)) in enumerate(EVENTS.items()):
            day = FIRST_DAY + timedelta(days=9 * n)
            common = {"date": day, "event": kind, "mode": "", "context": context, "actor_codes": actor_codes,
                      "recipient_codes": recipient_codes, "cameo": "040", "quad_code": quad,
                      "goldstein": 4.0 if quad <= 2 else -4.0, "plover_score": 1.0, "start": 3, "end": 7,
                      "trigger": "Mali", "sentence_text": "Le Mali et la Russie.", "language": "fr",
                      "confidence": 0.8}
            ids = [f"BL-{key[3:]}-{i}" for i in range(len(articles))]
            for i, (mention, article) in enumerate(zip(ids, articles)):
                mentions.append({**common, "id": mention, "article_id": article, "event_id": key,
                                 "date_source": "document", "sentence": i, "coder": "test", "lexicon": "test",
                                 "run_id": 1})
                for role, codes in (("actor", actor_codes), ("recipient", recipient_codes)):
                    actors += [{"mention_id": mention, "role": role, "position": p, "code": code, "sector": "GOV",
                                "text": code, "name": NAMES[code], "start": -1, "end": -1, "kind": "country"}
                               for p, code in enumerate(codes)]
            events.append({**common, "id": key, "actor_code": actor_codes[0], "actor_sector": "GOV",
                           "recipient_code": recipient_codes[0], "recipient_sector": "GOV",
                           "assertion": not UNASSERTED & set(context), "num_mentions": len(articles),
                           "num_articles": len(set(articles)), "num_outlets": len({OUTLETS[a] for a in articles}),
                           "mention_id": ids[0], "article_id": articles[0], "url": f"https://x.example/{key}",
                           "title": f"Dépêche {key}"})
        insert(con, "mentions", mentions)
        insert(con, "mention_actors", actors)
        insert(con, "events", events)
    finally:
        con.close()
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    return str(build(tmp_path_factory.mktemp("numbers") / "numbers.duckdb"))


@pytest.fixture(scope="module")
def client(db):
    with make_client(create_app(db)) as test_client:
        yield test_client


def test_the_store_holds_what_the_figures_say(db):
    """The expected figures are those of the rows themselves, so the other tests compare surfaces with
    the data, not with each other only."""
    with Store(db) as store:
        rows = store.sql("SELECT assertion, count(*), sum(num_mentions) FROM events WHERE id <> 'BE-france' "
                         "AND id <> 'BE-france-negated' GROUP BY assertion").values.tolist()
    by_flag = {flag: (count, reports) for flag, count, reports in rows}
    assert by_flag[True] == ASSERTED
    assert (by_flag[True][0] + by_flag[False][0], by_flag[True][1] + by_flag[False][1]) == EVERY


# --- every surface, one dyad ------------------------------------------------------------------------

class _Page(HTMLParser):
    """The visible text of a page, its <dt>/<dd> figures, its tables' rows and its links' labels."""

    def __init__(self, html: str):
        super().__init__()
        self.text: list[str] = []
        self.figures: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.links: list[tuple[str, str]] = []  # (href, aria-label)
        self._cell: list[str] | None = None
        self._term: str | None = None
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "title", "desc"):
            self._skip += 1
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th", "dt", "dd"):
            self._cell = []
        elif tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], attrs.get("aria-label") or ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title", "desc"):
            self._skip -= 1
        elif tag in ("td", "th", "dt", "dd") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self._cell = None
            if tag == "dt":
                self._term = text
            elif tag == "dd" and self._term is not None:
                self.figures[self._term], self._term = text, None
            elif self.rows:
                self.rows[-1].append(text)

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def _number(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def _dyad_row(page: _Page) -> list[str]:
    """The row of the most active dyads' table that names Mali–Russia."""
    header = next(row for row in page.rows if row[:2] == ["Dyad", "Events"])
    row = next(row for row in page.rows if row and "MLI–RUS" in row[0])
    return dict(zip(header, row))


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def surfaces(db: str, client, switch: bool) -> dict[str, tuple[int, int] | int]:
    """Mali–Russia's (events, reports) — or events alone where a surface shows no reports — through every
    surface, asking each for negated, hypothetical and future events too when ``switch``."""
    flag = ["--include-unasserted"] if switch else []
    query = {"include_unasserted": "true"} if switch else {}
    found: dict[str, tuple[int, int] | int] = {}

    with Store(db) as store:
        frame = store.events(dyad=PAIR, include_unasserted=switch)
        found["store.events()"] = (len(frame), int(frame["num_mentions"].sum()))
        totals = store.dyad(*PAIR, include_unasserted=switch).totals
        found["store.dyad().totals"] = (totals["events"], totals["mentions"])

    payload = json.loads(_run("dyad", *PAIR, "--db", db, "--json", *flag))
    found["bilateral dyad --json"] = (payload["totals"]["events"], payload["totals"]["mentions"])
    header = re.search(r"(\d+) events \((\d+) reports\)", _run("dyad", *PAIR, "--db", db, *flag))
    found["bilateral dyad"] = (int(header[1]), int(header[2]))
    lines = _run("events", "--dyad", *PAIR, "--db", db, "--format", "json", *flag).splitlines()
    found["bilateral events --format json"] = (len(lines), sum(json.loads(line)["num_mentions"] for line in lines))
    rows = list(csv.DictReader(io.StringIO(_run("events", "--dyad", *PAIR, "--db", db, "--format", "csv", *flag))))
    found["bilateral events --format csv"] = (len(rows), sum(int(r["num_mentions"]) for r in rows))
    table = _run("events", "--dyad", *PAIR, "--db", db, *flag)
    found["bilateral events"] = int(re.search(r"^(\d+) events$", table, re.M)[1])

    listed = client.get("/api/dyads", params=query).json()["items"]
    pair = next(d for d in listed if (d["a"], d["b"]) == PAIR)
    found["/api/dyads"] = (pair["events"], pair["mentions"])
    summary = client.get("/api/dyads/MLI/RUS", params=query).json()["summary"]
    found["/api/dyads/MLI/RUS"] = (summary["events"], summary["mentions"])
    periods = client.get("/api/dyads/MLI/RUS/timeline", params=query).json()["periods"]
    found["/api/dyads/MLI/RUS/timeline"] = (sum(p["events"] for p in periods), sum(p["mentions"] for p in periods))
    found["/api/events?dyad="] = client.get("/api/events", params={"dyad": "MLI,RUS", **query}).json()["total"]
    download = client.get("/api/events", params={"dyad": "MLI,RUS", "format": "csv", **query}).text
    found["/api/events?format=csv"] = len(list(csv.DictReader(io.StringIO(download))))
    partners = client.get("/api/actors/MLI", params=query).json()["partners"]
    found["/api/actors/MLI partners"] = next((p["events"], p["mentions"]) for p in partners
                                             if {p["a"], p["b"]} == set(PAIR))

    lang = {"lang": "en"}
    page = _Page(client.get("/dyad/MLI/RUS", params={**query, **lang}).text)
    found["dyad page figures"] = (_number(page.figures["Events"]), _number(page.figures["Reports"]))
    found["dyad page list"] = int(re.search(r"\((\d+) events\)", page.visible())[1])
    overview = _Page(client.get("/", params={**query, **lang}).text)
    found["overview most active dyads"] = _number(_dyad_row(overview)["Events"])
    edge = next(label for href, label in overview.links if href == "/dyad/MLI/RUS" and label)
    found["overview network"] = int(re.search(r"(\d+) events?", edge)[1])
    actor = _Page(client.get("/actor/MLI", params={**query, **lang}).text)
    found["actor page partners"] = _number(_dyad_row(actor)["Events"])
    return found


@pytest.mark.parametrize(("switch", "expected"), [(False, ASSERTED), (True, EVERY)], ids=["asserted", "every"])
def test_every_surface_counts_the_dyad_alike(db, client, switch, expected):
    found = surfaces(db, client, switch)
    wrong = {name: value for name, value in found.items()
             if value != (expected if isinstance(value, tuple) else expected[0])}
    assert not wrong, f"expected {expected} (events, reports) everywhere; these differ: {wrong}"


def test_the_switch_has_one_name_everywhere(client):
    spec = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/corpus", "/api/events", "/api/dyads", "/api/dyads/{a}/{b}", "/api/dyads/{a}/{b}/timeline",
                 "/api/actors", "/api/actors/{code}", "/api/actors/{code}/timeline"):
        names = {p["name"] for p in spec[path]["get"]["parameters"]}
        assert "include_unasserted" in names, path
    for command in ("events", "dyad", "actors", "export"):
        assert "--include-unasserted" in _run(command, "--help"), command
    for method in (Store.events, Store.dyad, Store.actors, Store.corpus):
        parameter = inspect.signature(method).parameters["include_unasserted"]
        assert parameter.default is False and parameter.kind is inspect.Parameter.KEYWORD_ONLY, method


def test_the_pages_offer_the_switch_and_keep_it_in_their_links(client):
    off = client.get("/", params={"lang": "en"}).text
    assert "include_unasserted=true" in off  # the overview's link to count every event
    on = client.get("/dyad/MLI/RUS", params={"lang": "en", "include_unasserted": "true"}).text
    assert re.search(r'<input[^>]*name="include_unasserted"[^>]*checked', on)
    downloads = re.search(r'<p class="downloads">(.*?)</p>', on, re.S)[1]
    assert downloads.count("include_unasserted=true") == 3  # CSV, JSON Lines, Parquet


def test_a_modality_filter_selects_those_events_without_the_switch(client, db):
    """Asking for negated events is asking to see them: the filter on one of the three modalities that
    make an event unasserted selects them (and counts them) without the switch."""
    listed = client.get("/api/events", params={"dyad": "MLI,RUS", "context": "negation"}).json()
    assert [e["id"] for e in listed["items"]] == ["BE-negated"]
    summary = client.get("/api/dyads/MLI/RUS", params={"context": "negation"}).json()["summary"]
    assert summary["events"] == 1
    alleged = client.get("/api/events", params={"dyad": "MLI,RUS", "context": "alleged"}).json()
    assert [e["id"] for e in alleged["items"]] == ["BE-alleged"]  # alleged is asserted: no switch needed


def test_every_count_of_the_store_follows_the_switch(client, db):
    """The overview's figures and the actor list count what the dyads count."""
    with Store(db) as store:
        asserted, every = store.corpus(), store.corpus(include_unasserted=True)
        assert (asserted["events"], every["events"]) == (ASSERTED[0] + 1, EVERY[0] + 2)  # + France's
        mali = store.actors().set_index("code").loc["MLI"]
        assert int(mali["as_actor"] + mali["as_recipient"]) == ASSERTED[0] + 1
    assert client.get("/api/corpus").json()["events"] == ASSERTED[0] + 1
    assert client.get("/api/corpus", params={"include_unasserted": "true"}).json()["events"] == EVERY[0] + 2
    page = _Page(client.get("/", params={"lang": "en"}).text)
    assert _number(page.figures["Events"]) == ASSERTED[0] + 1
    actors = client.get("/api/actors", params={"include_unasserted": "true"}).json()["items"]
    mali = next(a for a in actors if a["code"] == "MLI")
    assert mali["as_actor"] + mali["as_recipient"] == EVERY[0] + 2


def test_the_old_switch_still_answers_but_cannot_contradict_the_new_one(client):
    assert client.get("/api/events", params={"dyad": "MLI,RUS", "assertions_only": "true"}).json()["total"] == 6
    refused = client.get("/api/events", params={"assertions_only": "true", "include_unasserted": "true"})
    assert refused.status_code == 400 and "include_unasserted" in refused.json()["error"]["message"]


PAGES = ["/", "/dyad/MLI/RUS", "/actor/MLI", "/actors", "/event/BE-wide", "/article/A-7", "/search?q=Mali"]
# The count words: "events" and "reports" in English, "événements" and "mentions" in French.
WORDS = {"en": ({"Events": "Reports"}, r"\bmentions?\b|\bcitations?\b"),
         "fr": ({"Événements": "Mentions"}, r"\b(?:reports?|rapports?|signalements?|cités?)\b")}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_pages_use_one_pair_of_count_words(client, lang):
    (events, reports), other_words = next(iter(WORDS[lang][0].items())), WORDS[lang][1]
    figures = _Page(client.get("/dyad/MLI/RUS", params={"lang": lang}).text).figures
    assert (_number(figures[events]), _number(figures[reports])) == ASSERTED
    for url in PAGES:
        text = _Page(client.get(url, params={"lang": lang}).text).visible()
        assert not re.search(other_words, text, re.I), (url, re.search(other_words, text, re.I))
    listed = _Page(client.get("/dyad/MLI/RUS", params={"lang": lang, "sort": "mentions"}).text).visible()
    assert re.search(rf"\b5 {reports.lower()}\b", listed)  # the event repeated five times in one article


# --- the assertion flag in `bilateral events` ---------------------------------------------------------

def test_bilateral_events_shows_the_assertion_flag(db):
    rows = list(csv.DictReader(io.StringIO(_run("events", "--dyad", *PAIR, "--db", db, "--format", "csv",
                                                "--include-unasserted"))))
    flags = {r["id"]: r["assertion"] for r in rows}
    assert flags["BE-negated"] == flags["BE-future"] == "false" and flags["BE-wide"] == "true"
    lines = _run("events", "--dyad", *PAIR, "--db", db, "--format", "json", "--include-unasserted").splitlines()
    assert {json.loads(line)["id"]: json.loads(line)["assertion"] for line in lines}["BE-hypothetical"] is False
    table = _run("events", "--dyad", *PAIR, "--db", db, "--include-unasserted")
    header = next(line for line in table.splitlines() if "assertion" in line)
    assert "reports" in header
    assert len(re.findall(r"│ no\b", table)) == 3 and len(re.findall(r"│ yes\b", table)) == 6


# --- "most reported": distinct articles, then outlets, then reports ---------------------------------

ORDER = ["BE-wide", "BE-one-outlet", "BE-repeated"]  # 3 articles of 3 outlets; 3 of 1 outlet; 5 reports in 1


def test_most_reported_ranks_by_articles_then_outlets(db, client):
    with Store(db) as store:
        assert store.dyad(*PAIR, top=3).top["id"].tolist() == ORDER
        assert store.dyad(*PAIR, top=3).top[["num_articles", "num_outlets", "num_mentions"]].values.tolist() == [
            [3, 3, 3], [3, 1, 4], [1, 1, 5]]
    assert [e["id"] for e in json.loads(_run("dyad", *PAIR, "--db", db, "--json", "--top", "3"))["top"]] == ORDER
    listed = client.get("/api/events", params={"dyad": "MLI,RUS", "sort": "mentions", "page_size": 3}).json()
    assert [e["id"] for e in listed["items"]] == ORDER
    download = client.get("/api/events", params={"dyad": "MLI,RUS", "sort": "mentions", "format": "csv"}).text
    assert [row["id"] for row in csv.DictReader(io.StringIO(download))][:3] == ORDER
    page = client.get("/dyad/MLI/RUS", params={"sort": "mentions"}).text
    assert re.findall(r'id="ev-(BE-[\w-]+)"', page)[:3] == ORDER
    text = _run("dyad", *PAIR, "--db", db, "--top", "3")
    top_table = text[text.index("most reported"):]
    assert re.findall(r"│\s*\d{4}-\d\d-\d\d\s*│\s*(\w+)", top_table) == ["AID", "COOPERATE", "AGREE"]


def test_an_article_repeating_an_event_does_not_outrank_three_articles(db):
    """The issue's case, alone: five sentences of one article against three articles."""
    with Store(db) as store:
        frame = store.events(dyad=PAIR)
        repeated = frame.set_index("id").loc["BE-repeated"]
        wide = frame.set_index("id").loc["BE-wide"]
        assert repeated["num_mentions"] > wide["num_mentions"]  # more reports…
        top = store.dyad(*PAIR, top=10).top["id"].tolist()
    assert top.index("BE-wide") < top.index("BE-repeated")  # …yet ranked below

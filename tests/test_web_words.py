"""Words, not codes, on every page in English and French: PLOVER modes, contexts and sectors are shown
in the page's language, never as the values the store keeps ("human_security", "third-party", "GOV",
"(no mode)"), and every event is titled by who did what to whom.

The store is written with SQL (no spaCy model) and holds every PLOVER type with every one of its modes
and without one, every context (modalities included) and every sector, between actors whose names
take different French articles (le Mali, la Russie, les États-Unis, Israël, l'Algérie) and with one
event of two actors.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bilateral.api import create_app
from bilateral.api.names import names
from bilateral.lexicons import load_ontology
from bilateral.lexicons._table import read_table
from bilateral.lexicons.ontology import ORG_CODES, SECTORS
from bilateral.web.i18n import LANGS, catalogue
from bilateral.web.labels import event_title, grammar, labels, named, title_templates

from helpers import make_client
from list_store import insert, start

FIRST_DAY = date(2025, 2, 3)
# (actors, recipients): the first pair takes most events; the others try the French articles
PAIRS = [(["RUS"], ["MLI"]), (["MLI"], ["RUS"]), (["USA"], ["MLI"]), (["DZA"], ["ISR"]),
         (["MLI", "BFA"], ["RUS"]), (["ISR"], ["USA"])]
NO_MODE = ("(no mode)", "(sans mode)")


def _modes() -> list[tuple[str, str]]:
    """Every (type, mode) PLOVER allows, and every type without a mode."""
    types = load_ontology().types
    return [(name, mode) for name in sorted(types) for mode in ("", *sorted(types[name].modes))]


def _contexts() -> list[str]:
    onto = load_ontology()
    return sorted(onto.contexts) + sorted(onto.modality)


def build(path: Path) -> tuple[Path, list[dict]]:
    con = start(path)
    contexts, sectors = _contexts(), sorted(SECTORS)
    events, mentions, actors = [], [], []
    try:
        insert(con, "articles", [
            {"id": f"A-{n}", "doc_id": f"doc-{n}", "url": f"https://example.org/{n}", "title": f"Dépêche {n}",
             "outlet": "example.org", "published": FIRST_DAY + timedelta(days=n), "language": "fr",
             "text": "Phrase de la dépêche.", "text_hash": f"h{n}", "words": 4, "run_id": 1} for n in range(3)])
        for n, (kind, mode) in enumerate(_modes()):
            onto_type = load_ontology().types[kind]
            actor_codes, recipient_codes = PAIRS[0] if n % 3 else PAIRS[n // 3 % len(PAIRS)]
            key, mention, article = f"BE-{n:03d}", f"BL-{n:03d}", f"A-{n % 3}"
            context = [contexts[n % len(contexts)], contexts[(n + 7) % len(contexts)]]
            common = {"date": FIRST_DAY + timedelta(days=n), "event": kind, "mode": mode, "context": context,
                      "actor_codes": actor_codes, "recipient_codes": recipient_codes,
                      "cameo": onto_type.cameo_root + "0", "quad_code": onto_type.quad, "goldstein": 1.0,
                      "plover_score": onto_type.score, "start": 0, "end": 6, "trigger": "Phrase",
                      "sentence_text": "Phrase de la dépêche.", "language": "fr", "confidence": 0.8}
            mentions.append({**common, "id": mention, "article_id": article, "event_id": key,
                             "date_source": "document", "sentence": 0, "coder": "test", "lexicon": "test",
                             "run_id": 1})
            events.append({**common, "id": key, "actor_code": actor_codes[0],
                           "actor_sector": sectors[n % len(sectors)], "recipient_code": recipient_codes[0],
                           "recipient_sector": sectors[(n + 5) % len(sectors)],
                           "assertion": True, "num_mentions": 1, "num_articles": 1, "num_outlets": 1,
                           "mention_id": mention, "article_id": article, "url": f"https://example.org/e{n}",
                           "title": f"Dépêche {n}"})
            for role, codes in (("actor", actor_codes), ("recipient", recipient_codes)):
                actors += [{"mention_id": mention, "role": role, "position": position, "code": code,
                            "sector": sectors[(n + position + (role == "actor")) % len(sectors)],
                            "text": "Rosatom" if n % 4 == 0 else code,
                            "name": "Rosatom" if n % 4 == 0 else names().name(code),
                            "start": -1, "end": -1, "kind": ("country", "org", "person", "title")[n % 4]}
                           for position, code in enumerate(codes)]
        insert(con, "mentions", mentions)
        insert(con, "mention_actors", actors)
        insert(con, "events", events)
    finally:
        con.close()
    return path, events


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build(tmp_path_factory.mktemp("words") / "words.duckdb")


@pytest.fixture(scope="module")
def client(store):
    with make_client(create_app(str(store[0]))) as test_client:
        yield test_client


class VisibleText(HTMLParser):
    """The text a reader of the page's language sees: element text and ``title`` attributes, without
    scripts, styles, ``<code>`` and anything marked as written in another language (the evidence)."""

    SKIP = {"script", "style", "code"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, lang: str):
        super().__init__()
        self.lang, self.stack, self.parts = lang, [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.VOID:
            return
        foreign = "lang" in attrs and tag != "html" and attrs["lang"] != self.lang
        hidden = tag in self.SKIP or foreign or (self.stack and self.stack[-1])
        self.stack.append(bool(hidden))
        if not hidden and attrs.get("title"):
            self.parts.append(attrs["title"])

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)

    @classmethod
    def of(cls, html: str, lang: str) -> str:
        parser = cls(lang)
        parser.feed(html)
        return " ".join(" ".join(parser.parts).split())


def _vocabulary(lang: str) -> str:
    """Every word the pages may say in ``lang``: its messages, labels and titles."""
    texts = list(catalogue()[lang].values())
    texts += [by_lang[lang] for table in labels().words.values() for by_lang in table.values()]
    texts += [row[f"{lang}_{n}"] for row in title_templates().values() for n in ("one", "many")]
    return " ".join(texts)


def raw_values(lang: str) -> tuple[list[str], list[str]]:
    """(words, codes) that must never be read on a page in ``lang``: PLOVER's modes and contexts that
    are not also words of that language's vocabulary ("police" is French and English, "human_security"
    neither), and the sector codes (matched as capitals)."""
    onto = load_ontology()
    values = {mode for t in onto.types.values() for mode in t.modes} | set(_contexts())
    vocabulary = _vocabulary(lang)
    words = sorted(v for v in values
                   if not re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", vocabulary, re.IGNORECASE))
    return words + list(NO_MODE), sorted(SECTORS)


def assert_no_raw_value(html: str, lang: str, where: str) -> None:
    text = VisibleText.of(html, lang)
    words, codes = raw_values(lang)
    found = [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE)]
    found += [c for c in codes if re.search(rf"(?<![\w-]){c}(?![\w-])", text)]
    assert not found, f"{where} ({lang}) shows {found}"


def _pages(client, events) -> list[str]:
    """Every page but /docs, the API's reference, which names the values the API takes and returns."""
    first = events[0]
    pages = ["/", "/actors", "/actor/MLI", "/actor/USA", "/search?q=Rosatom", "/search?q=Dépêche",
             "/dyad/MLI/RUS?page_size=200", "/dyad/MLI/RUS?context=human_security",
             "/dyad/MLI/USA", "/dyad/DZA/ISR", "/dyad/RUS/MLI?directed=true&sector=MIL",
             "/compare?dyads=MLI-RUS,MLI-USA,DZA-ISR", f"/article/{first['article_id']}", "/article/A-1", "/article/A-2"]
    return pages + [f"/event/{e['id']}" for e in events]


def test_store_holds_every_value(store):
    _, events = store
    assert {(e["event"], e["mode"]) for e in events} == set(_modes())
    assert {c for e in events for c in e["context"]} == set(_contexts())
    assert {e["actor_sector"] for e in events} | {e["recipient_sector"] for e in events} == SECTORS


@pytest.mark.parametrize("lang", LANGS)
def test_pages_show_no_raw_value(client, store, lang):
    _, events = store
    for path in _pages(client, events):
        response = client.get(path, params={"lang": lang})
        assert response.status_code == 200, path
        assert_no_raw_value(response.text, lang, path)


@pytest.mark.parametrize("lang", LANGS)
def test_dyad_page_translates_breakdowns_and_filters(client, lang):
    html = client.get("/dyad/MLI/RUS", params={"lang": lang, "page_size": 200}).text.replace("&#39;", "'")
    summary = client.get("/api/dyads/MLI/RUS").json()["summary"]
    words = labels()
    shown = [("mode", row["key"]) for row in summary["by_mode"]] + [("context", row["key"])
                                                                    for row in summary["by_context"]]
    assert ("mode", "") in shown and ("context", "human_security") in shown
    for kind, key in shown:
        assert f">{words(kind, key, lang)}<" in html, (kind, key)
    # the filter still sends the stored value
    assert '<option value="human_security">' + words("context", "human_security", lang) in html


@pytest.mark.parametrize("lang", LANGS)
def test_titles_name_both_actors(client, store, lang):
    _, events = store
    html = client.get("/dyad/MLI/RUS", params={"lang": lang, "page_size": 200}).text
    headlines = [VisibleText.of(h, lang) for h in re.findall(r'<span class="headline">(.*?)</span>', html)]
    listed = [e for e in events if {"MLI", "RUS"} <= set(e["actor_codes"] + e["recipient_codes"])]
    assert len(headlines) == len(listed)
    for headline in headlines:
        assert names().name("MLI", lang) in headline and names().name("RUS", lang) in headline, headline
    for e in events:
        page = client.get(f"/event/{e['id']}", params={"lang": lang}).text
        h1 = VisibleText.of(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1), lang)
        for code in e["actor_codes"] + e["recipient_codes"]:
            assert names().name(code, lang) in h1, (e["id"], h1)


@pytest.mark.parametrize(("lang", "event", "mode", "actors", "recipients", "expected"), [
    ("fr", "AID", "military", ["RUS"], ["MLI"], "La Russie apporte une aide militaire au Mali"),
    ("en", "AID", "military", ["RUS"], ["MLI"], "Russia gives military aid to Mali"),
    ("fr", "SUPPORT", "", ["MLI"], ["RUS"], "Le Mali exprime son soutien à la Russie"),
    ("fr", "COOPERATE", "", ["USA"], ["DZA"], "Les États-Unis coopèrent avec l'Algérie"),
    ("fr", "SANCTION", "expel", ["BFA"], ["FRA"], "Le Burkina expulse des représentants de la France"),
    ("fr", "RETREAT", "withdraw", ["FRA"], ["TCD"], "La France se retire du Tchad"),
    ("fr", "CONSULT", "", ["MLI", "BFA"], ["ISR"], "Le Mali et le Burkina s'entretiennent avec Israël"),
    ("en", "CONSULT", "", ["MLI", "BFA"], ["USA"], "Mali and Burkina Faso hold talks with the United States"),
    ("fr", "AID", "humanitarian", ["RUS"], ["IRQ", "USA"],
     "La Russie envoie une aide humanitaire à l'Irak et aux États-Unis"),
    ("fr", "PROTEST", "hunger", ["MLI"], ["RUS"], "Le Mali proteste contre la Russie (grève de la faim)"),
    ("en", "THREATEN", "", ["RUS"], [], "Russia: Threaten"),
    ("fr", "ASSAULT", "drone", ["---"], ["MLI"], "Un acteur inconnu mène des frappes de drone contre le Mali"),
])
def test_event_title(lang, event, mode, actors, recipients, expected):
    assert event_title(event, mode, actors, recipients, lang) == expected


def test_labels_cover_every_value():
    onto = load_ontology()
    words = labels()
    modes = {mode for t in onto.types.values() for mode in t.modes}
    assert {k for k in words.words["mode"] if k} == modes
    assert set(words.words["context"]) == set(onto.contexts | onto.modality)
    assert set(words.words["sector"]) == SECTORS


def test_titles_name_only_types_and_modes():
    types = load_ontology().types
    for key in title_templates():
        kind, _, mode = key.partition(".")
        assert kind in types and (not mode or mode in types[kind].modes), key
    assert set(types) <= set(title_templates())


def test_every_actor_code_has_its_grammar():
    columns = ("code", "name_en", "names_fr", "names_en", "adjectives_fr", "adjectives_en", "capitals", "seats",
               "un_member")
    countries = {row["code"] for row in read_table("actors/countries.csv", columns).rows}
    missing = sorted((countries | ORG_CODES | {"---"}) - set(grammar()))
    assert not missing
    assert named("MLI", "fr").to == "au Mali" and named("DZA", "fr").of == "de l'Algérie"
    assert named("ISR", "fr").of == "d'Israël" and named("USA", "en").plain == "the United States"

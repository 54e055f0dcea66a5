"""Names, not only codes: everywhere an actor code is accepted (the resolver, ``Store``, the CLI, the
JSON API, the pages), a country's or organisation's name, adjective or capital in French or English
is accepted too; ambiguous and unknown input is refused with the candidates.

The store is written directly with SQL (no spaCy model): six events between a few actors.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilateral.api import create_app
from bilateral.api.names import fold, names
from bilateral.cli import EXIT_USAGE, main
from bilateral.errors import QueryError
from bilateral.names import (
    ActorIndex, AmbiguousActorError, UnknownActorError, actor_index, name_key, resolve_actor, resolve_dyad,
)
from bilateral.store import Store, connect
from bilateral.store.consolidate import consolidate

from helpers import make_client

# (actor, recipient, PLOVER type, quad class, CAMEO code, date)
EVENTS = [
    ("MLI", "RUS", "AID", 2, "072", date(2025, 1, 5)),
    ("RUS", "MLI", "AGREE", 1, "057", date(2025, 3, 2)),
    ("FRA", "MLI", "ACCUSE", 3, "112", date(2024, 11, 20)),
    ("CIV", "FRA", "CONSULT", 1, "040", date(2025, 2, 1)),
    ("AFU", "MLI", "SANCTION", 3, "163", date(2025, 4, 9)),
    ("ECW", "NER", "SANCTION", 3, "163", date(2025, 5, 30)),
]
SENTENCE = "Le Mali a livré des armes à la Russie."


def _fill(con) -> None:
    con.execute("INSERT INTO runs (started_at, finished_at, status, command, inputs, coder_version, lexicons) "
                "VALUES (current_timestamp, current_timestamp, 'finished', 'test', [], 'test', '{}')")
    for i, (actor, recipient, event, quad, cameo, day) in enumerate(EVENTS):
        article = f"A-{i}"
        con.execute("INSERT INTO articles (id, doc_id, url, title, outlet, published, language, text, text_hash, "
                    "words, run_id) VALUES (?, ?, ?, ?, 'example.org', ?, 'fr', ?, ?, 9, 1)",
                    [article, f"doc-{i}", f"https://example.org/{i}", f"Title {i}", day, SENTENCE, article])
        con.execute("INSERT INTO mentions (id, article_id, date, date_source, event, mode, context, actor_codes, "
                    "recipient_codes, cameo, quad_code, goldstein, plover_score, sentence, start, \"end\", trigger, "
                    "sentence_text, language, confidence, coder, lexicon, run_id) VALUES (?, ?, ?, 'document', ?, "
                    "'', [], [?], [?], ?, ?, 1.0, 1.0, 0, 8, 13, 'livré', ?, 'fr', 0.9, 'test', 'test', 1)",
                    [f"M-{i}", article, day, event, actor, recipient, cameo, quad, SENTENCE])
        for position, (role, code) in enumerate((("actor", actor), ("recipient", recipient))):
            con.execute("INSERT INTO mention_actors VALUES (?, ?, 0, ?, 'GOV', ?, ?, ?, ?, 'country')",
                        [f"M-{i}", role, code, code, code, position * 20, position * 20 + 4])
    consolidate(con)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("names") / "names.duckdb"
    con = connect(path)
    try:
        _fill(con)
    finally:
        con.close()
    return str(path)


@pytest.fixture(scope="module")
def store(db):
    with Store(db) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(db):
    with make_client(create_app(db)) as test_client:
        yield test_client


# --- the resolver ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("MLI", "MLI"), ("mli", "MLI"), (" rus ", "RUS"), ("---", "---"),
    ("Mali", "MLI"), ("russie", "RUS"), ("Russia", "RUS"), ("Russian", "RUS"), ("russe", "RUS"),
    ("Moscou", "RUS"), ("Moscow", "RUS"), ("Kremlin", "RUS"), ("malien", "MLI"), ("Bamako", "MLI"),
    ("Côte d'Ivoire", "CIV"), ("Côte d’Ivoire", "CIV"), ("cote divoire", "CIV"), ("COTE D IVOIRE", "CIV"),
    ("ivoirienne", "CIV"), ("Guinée-Bissau", "GNB"), ("guinee bissau", "GNB"), ("Guinée", "GIN"),
    ("Etats-Unis", "USA"), ("U.S.", "USA"), ("Union africaine", "AFU"), ("African Union", "AFU"),
    ("ECOWAS", "ECW"), ("Cédéao", "ECW"), ("cedeao", "ECW"), ("ONU", "UNO"), ("Nations unies", "UNO"),
    ("OTAN", "NAT"), ("Union européenne", "EUR"),
])
def test_names_resolve_codes_names_adjectives_and_capitals(text, code):
    assert resolve_actor(text) == code


def test_names_every_form_of_the_lexicons_resolves_to_its_code():
    index = actor_index()
    wrong = [(form, code, index.exact(form)) for form, code, key in index.spellings
             if len(index.forms[key]) == 1 and index.exact(form) != (code,)]
    assert not wrong, wrong[:10]
    assert len(index.spellings) > 2000  # names, adjectives and capitals of ~200 states, and the organisations


def test_names_bodies_of_an_organisation_do_not_stand_for_it():
    """The row that names AFU itself counts ("UA"), not its commission or the missions of the UN."""
    assert resolve_actor("UA") == "AFU"
    for body in ("Commission de l'Union africaine", "MINUSMA", "Rosatom"):
        with pytest.raises(UnknownActorError):
            resolve_actor(body)


@pytest.mark.parametrize("text", ["Corée", "korea", "Union"])
def test_names_ambiguous_input_lists_its_candidates(text):
    with pytest.raises(AmbiguousActorError) as caught:
        resolve_actor(text)
    error = caught.value
    assert isinstance(error, QueryError) and error.code == "E600"
    assert "ambiguous" in error.message
    if text != "Union":
        assert set(error.candidates) == {"KOR", "PRK"}
        assert "KOR (South Korea, Corée du Sud)" in error.message and "PRK (North Korea" in error.message
    else:
        assert {"AFU", "EUR"} <= set(error.candidates)


def test_names_a_form_several_actors_share_is_ambiguous():
    display = {"en": {"COG": "Republic of the Congo", "COD": "Democratic Republic of the Congo", "MLI": "Mali"},
               "fr": {"COG": "République du Congo", "COD": "République démocratique du Congo", "MLI": "Mali"}}
    index = ActorIndex.build(display, [("Congo", "COG"), ("Congo", "COD"), ("congolais", "COG"),
                                       ("congolais", "COD"), ("Mali", "MLI")])
    with pytest.raises(AmbiguousActorError) as caught:
        index.resolve("CONGO")
    assert set(caught.value.candidates) == {"COG", "COD"}
    assert "COD (Democratic Republic of the Congo, République démocratique du Congo)" in caught.value.message
    with pytest.raises(AmbiguousActorError):
        index.resolve_pair("Mali,congolais")
    assert index.resolve("République du Congo") == "COG"
    # and in the real lexicons, whatever forms they share ("Congo" when it names both Congos)
    lexicons = actor_index()
    for key in [key for key, codes in lexicons.forms.items() if len(codes) > 1]:
        with pytest.raises(AmbiguousActorError) as caught:
            lexicons.resolve(key)
        assert set(caught.value.candidates) == set(lexicons.forms[key])


@pytest.mark.parametrize(("text", "closest"), [("Rusie", "RUS"), ("Frnace", "FRA"), ("Ivoire", "CIV"),
                                               ("Mal", "MLI"), ("MLU", "MLI")])
def test_names_unknown_input_suggests_the_closest(text, closest):
    with pytest.raises(UnknownActorError) as caught:
        resolve_actor(text)
    error = caught.value
    assert error.message.startswith(f"unknown actor code {text!r}")
    assert closest in error.candidates
    assert "did you mean" in error.hint and actor_index().describe(closest) in error.hint


@pytest.mark.parametrize("text", ["", "XYZ", "x" * 5000, "\x00", "<script>", "🇲🇱", 42, None])
def test_names_nonsense_is_unknown_and_echoed_short(text):
    with pytest.raises(UnknownActorError) as caught:
        resolve_actor(text)
    assert len(str(caught.value)) < 700


@pytest.mark.parametrize("value", ["MLI,RUS", "Mali,Russie", "mali ; russia", ("Mali", "Russia"), ["mli", "RUS"],
                                   "Mali Russie", "Mali et Russie", "Mali and Russia", "MLI-RUS", "MLI/RUS",
                                   "malien russe", "Bamako Moscou"])
def test_names_dyad_from_a_pair_or_a_string(value):
    assert resolve_dyad(value) == ("MLI", "RUS")


@pytest.mark.parametrize(("value", "codes"), [("Guinée-Bissau Mali", ("GNB", "MLI")),
                                              ("Côte d'Ivoire France", ("CIV", "FRA")),
                                              ("Union africaine,Cédéao", ("AFU", "ECW"))])
def test_names_dyad_of_names_in_several_words(value, codes):
    assert resolve_dyad(value) == codes


@pytest.mark.parametrize(("value", "error", "words"), [
    ("MLI", QueryError, "is not two actor codes or names"),
    ("Guinée Bissau", QueryError, "names one actor, GNB"),
    ("MLI,RUS,FRA", QueryError, "is not two actor codes or names"),
    (("MLI",), QueryError, "is not two actor codes or names"),
    ("Mali,Narnia", UnknownActorError, "unknown actor code 'Narnia'"),
    ("Mali Corée", AmbiguousActorError, "ambiguous"),
])
def test_names_dyad_errors_say_what_is_wrong(value, error, words):
    with pytest.raises(error) as caught:
        resolve_dyad(value)
    assert words in str(caught.value)


def test_names_keys_ignore_case_accents_apostrophes_and_hyphens():
    assert name_key("Côte d’Ivoire") == name_key("COTE D'IVOIRE") == name_key("cote divoire") == "cote divoire"
    assert name_key("Guinée-Bissau") == "guinee bissau" and name_key("U.N.") == "un"


def test_names_search_index_knows_adjectives_and_capitals():
    assert names().forms[fold("Moscou")] == "RUS" and names().forms[fold("ivoirien")] == "CIV"
    assert names().pair("Bamako et Moscou") == ("MLI", "RUS")
    assert names().pair("Guinée Bissau") is None  # one country, not a pair


def test_names_completions_start_like_what_is_typed():
    index = actor_index()
    moscow = index.complete("Mosc", lang="fr")
    assert moscow[0].value == "Moscou" and moscow[0].codes == ("RUS",) and "Russie" in moscow[0].label
    assert index.complete("russ", lang="en")[0].value == "Russia"
    assert index.complete("MLI", lang="fr")[0].codes == ("MLI",)
    pair = [c for c in index.complete("Mali Rus", lang="fr") if len(c.codes) == 2]
    assert pair and pair[0].value == "Mali Russie" and pair[0].codes == ("MLI", "RUS")
    assert index.complete("m") == () and index.complete("") == ()


# --- Python ---------------------------------------------------------------------------------------

def _ids(frame) -> list[str]:
    return list(frame["id"])


def test_store_events_take_names_as_codes(store):
    by_codes = _ids(store.events(dyad=("MLI", "RUS")))
    assert len(by_codes) == 2
    assert _ids(store.events(dyad=("Mali", "Russia"))) == by_codes
    assert _ids(store.events(dyad="MLI,RUS")) == by_codes
    assert _ids(store.events(dyad="Mali,Russie")) == by_codes
    assert _ids(store.events(dyad="russe malien")) == by_codes
    assert _ids(store.events(actor="Moscou")) == _ids(store.events(actor="RUS"))
    assert _ids(store.events(actor="Union africaine")) == _ids(store.events(actor="AFU")) != []
    assert _ids(store.events(dyad=("cote divoire", "France"))) == _ids(store.events(dyad=("CIV", "FRA"))) != []


def test_store_dyad_takes_names_as_codes(store):
    by_codes = store.dyad("MLI", "RUS")
    for summary in (store.dyad("Mali", "Russie"), store.dyad("Mali,Russie"), store.dyad("malien", "Moscow")):
        assert (summary.a, summary.b) == ("MLI", "RUS")
        assert summary.totals == by_codes.totals and summary.totals["events"] == 2
        assert summary.top["id"].tolist() == by_codes.top["id"].tolist()


def test_store_refuses_ambiguous_and_unknown_actors(store):
    with pytest.raises(AmbiguousActorError):
        store.events(dyad="Corée,Mali")
    with pytest.raises(UnknownActorError, match="did you mean RUS"):
        store.dyad("Rusie", "Mali")


# --- CLI ------------------------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("extra", [(), ("--json",)])
def test_cli_dyad_by_name_prints_what_the_codes_print(db, extra):
    by_codes = run("dyad", "MLI", "RUS", "--db", db, *extra)
    assert by_codes.exit_code == 0, by_codes.output
    for a, b in (("Mali", "Russie"), ("mali", "RUSSIA"), ("Bamako", "Moscou")):
        by_names = run("dyad", a, b, "--db", db, *extra)
        assert by_names.exit_code == 0, by_names.output
        assert by_names.output == by_codes.output
    if extra:
        assert json.loads(by_codes.output)["totals"]["events"] == 2


def test_cli_events_options_take_names(db):
    by_codes = run("events", "--db", db, "--dyad", "CIV", "FRA", "--format", "json")
    by_names = run("events", "--db", db, "--dyad", "Côte d'Ivoire", "France", "--format", "json")
    assert by_codes.exit_code == by_names.exit_code == 0
    assert by_names.output == by_codes.output and "CONSULT" in by_codes.output
    actor = run("events", "--db", db, "--actor", "Cédéao", "--format", "json")
    assert actor.output == run("events", "--db", db, "--actor", "ECW", "--format", "json").output
    assert json.loads(actor.output.splitlines()[0])["actor_code"] == "ECW"


@pytest.mark.parametrize(("args", "words"), [
    (("dyad", "Corée", "Mali"), ["ambiguous", "KOR (South Korea", "PRK (North Korea"]),
    (("dyad", "Narnia", "Mali"), ["unknown actor code 'Narnia'"]),
    (("dyad", "Rusie", "Mali"), ["did you mean RUS (Russia, Russie)"]),
    (("events", "--actor", "Corée"), ["ambiguous", "KOR"]),
    (("export", "--dyad", "Mali", "Frnace"), ["did you mean FRA (France)"]),
])
def test_cli_bad_names_are_usage_errors_with_candidates(db, args, words):
    result = run(*args, "--db", db)
    assert result.exit_code == EXIT_USAGE, result.output
    assert "[E600]" in result.output and all(w in result.output for w in words)


# --- JSON API -------------------------------------------------------------------------------------

def test_api_dyad_takes_names(client):
    by_codes = client.get("/api/dyads/MLI/RUS").json()
    by_names = client.get("/api/dyads/mali/russie")
    assert by_names.status_code == 200
    assert by_names.json() == by_codes and (by_codes["a"], by_codes["b"]) == ("MLI", "RUS")
    timeline = client.get("/api/dyads/Bamako/Moscou/timeline")
    assert timeline.status_code == 200 and timeline.json() == client.get("/api/dyads/MLI/RUS/timeline").json()


@pytest.mark.parametrize(("by_names", "by_codes"), [
    ({"dyad": "Mali,Russie"}, {"dyad": "MLI,RUS"}),
    ({"dyad": "Mali Russia"}, {"dyad": "MLI,RUS"}),
    ({"actor": "moscou"}, {"actor": "RUS"}),
    ({"actor": "Cédéao"}, {"actor": "ECW"}),
])
def test_api_events_take_names(client, by_names, by_codes):
    named = client.get("/api/events", params=by_names)
    assert named.status_code == 200
    assert named.json() == client.get("/api/events", params=by_codes).json() and named.json()["items"]


def test_api_actor_takes_a_name(client):
    found = client.get("/api/actors/russie")
    assert found.status_code == 200 and found.json()["code"] == "RUS"
    assert found.json() == client.get("/api/actors/RUS").json()


@pytest.mark.parametrize(("url", "words"), [
    ("/api/dyads/coree/MLI", ["ambiguous", "KOR (South Korea, Corée du Sud)", "PRK (North Korea"]),
    ("/api/events?dyad=Corée,Mali", ["ambiguous", "KOR", "PRK"]),
    ("/api/actors/union", ["ambiguous", "AFU (African Union, Union africaine)"]),
])
def test_api_ambiguous_name_is_a_400_with_candidates(client, url, words):
    response = client.get(url)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "E600" and set(error) == {"code", "message", "hint"}
    assert all(w in error["message"] for w in words), error


@pytest.mark.parametrize(("url", "quoted", "closest"), [
    ("/api/dyads/rusie/MLI", "'rusie'", "RUS (Russia, Russie)"),
    ("/api/actors/frnace", "'frnace'", "FRA (France)"),
    ("/api/events?dyad=Mali,Narnia", "'Narnia'", None),
])
def test_api_unknown_name_is_a_400_with_the_closest(client, url, quoted, closest):
    response = client.get(url)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith(f"unknown actor code {quoted}")
    if closest:
        assert f"did you mean {closest}" in error["hint"]


# --- pages ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "location"), [
    ("/dyad/mali/russie", "/dyad/MLI/RUS"),
    ("/dyad/Bamako/Moscow?type=AID&lang=fr", "/dyad/MLI/RUS?type=AID&lang=fr"),
    ("/dyad/c%C3%B4te%20d'ivoire/france", "/dyad/CIV/FRA"),
    ("/dyad/rus/mli", "/dyad/RUS/MLI"),
    ("/actor/russie", "/actor/RUS"),
    ("/actor/Union%20africaine?page=1", "/actor/AFU?page=1"),
])
def test_pages_send_names_on_to_the_codes_address(client, url, location):
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 307 and response.headers["location"] == location
    assert client.get(url).status_code == 200


def test_pages_at_the_codes_address_are_not_redirected(client):
    response = client.get("/dyad/MLI/RUS", params={"lang": "en"}, follow_redirects=False)
    assert response.status_code == 200 and "Russia" in response.text


@pytest.mark.parametrize(("params", "location"), [({"a": "Mali", "b": "Russie"}, "/dyad/MLI/RUS"),
                                                  ({"a": "Mali,Russie", "b": ""}, "/dyad/MLI/RUS"),
                                                  ({"a": "cote divoire", "b": "FRA"}, "/dyad/CIV/FRA")])
def test_dyad_form_takes_names(client, params, location):
    response = client.get("/dyad", params=params, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == location


@pytest.mark.parametrize(("url", "words"), [
    ("/dyad/Cor%C3%A9e/MLI", ["ambiguous", "KOR (South Korea", "PRK (North Korea"]),
    ("/actor/rusie", ["did you mean RUS (Russia, Russie)"]),
    ("/dyad?a=Mali&b=Narnia", ["unknown actor code &#39;Narnia&#39;"]),
])
def test_pages_bad_names_show_the_error_with_candidates(client, url, words):
    response = client.get(url)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "E600" in response.text and all(w in response.text for w in words)


# --- completions for the search box --------------------------------------------------------------

def test_complete_route_offers_actors_in_the_pages_language(client):
    french = client.get("/api/complete", params={"q": "Mosc", "lang": "fr"})
    assert french.status_code == 200 and french.headers["content-type"].startswith("application/json")
    assert french.json()["items"][0] == {"value": "Moscou", "label": "Moscou → Russie · RUS", "codes": ["RUS"]}
    english = client.get("/api/complete", params={"q": "cote d", "lang": "en"}).json()["items"]
    assert english[0]["codes"] == ["CIV"] and english[0]["value"] == "Côte d'Ivoire"
    pair = client.get("/api/complete", params={"q": "Mali Rus", "lang": "fr"}).json()["items"]
    assert {"value": "Mali Russie", "label": "Mali – Russie · MLI RUS", "codes": ["MLI", "RUS"]} in pair


@pytest.mark.parametrize("q", ["", "m", "zzzzzz", "<script>", "'; DROP TABLE events; --", "\x00", "é" * 200,
                               "a " * 99])
def test_complete_route_answers_anything_with_a_list(client, q):
    response = client.get("/api/complete", params={"q": q})
    assert response.status_code == 200 and isinstance(response.json()["items"], list)
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_complete_route_refuses_a_long_query_in_the_error_shape(client):
    response = client.get("/api/complete", params={"q": "x" * 201})
    assert response.status_code == 422 and set(response.json()["error"]) == {"code", "message", "hint"}


def test_search_boxes_are_wired_to_the_completions(client):
    html = client.get("/search", params={"q": "Mali"}).text
    assert html.count('list="actor-names"') == 2  # the header's box and the page's
    assert '<datalist id="actor-names" data-complete="/api/complete">' in html
    script = client.get("/static/app.js").text
    assert "data-complete" in script and "fetch(" in script and "innerHTML" not in script
    policy = client.get("/").headers["content-security-policy"]
    assert "connect-src 'self'" in policy  # the script asks this server only


# --- in a browser: the datalist fills as one types (slow; skipped without Chromium) ------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (`apt-get install chromium`)")
def test_browser_search_box_offers_completions(db):
    import socket
    import threading
    import time

    import uvicorn
    from playwright.sync_api import sync_playwright

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
            tab = browser.new_context(locale="fr-FR").new_page()
            errors: list[str] = []
            tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            tab.goto(f"http://127.0.0.1:{port}/")
            tab.locator("#site-q").press_sequentially("Mosc")
            tab.locator("#actor-names option").first.wait_for(state="attached", timeout=5000)
            options = tab.eval_on_selector_all("#actor-names option", "os => os.map(o => [o.value, o.label])")
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert options[0] == ["Moscou", "Moscou → Russie · RUS"]
    assert not errors, errors  # a CSP violation would be reported here

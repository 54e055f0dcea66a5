"""The demo's promise: the Mali–Russia example gives the events the design names, with evidence, and the
English examples give English-coded events on the same relationship."""
from __future__ import annotations

from pathlib import Path

import pytest

from bilateral import read_inputs

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
EXAMPLE_COUNT = sum(1 for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip())


@pytest.fixture(scope="module")
def demo_events(coder):
    return list(coder.code(read_inputs([str(EXAMPLES)])))


@pytest.fixture(scope="module")
def mali_russia(demo_events):
    return [e for e in demo_events if e.story_id == "mali-russie-65-ans"]


def _find(events, actor, recipient, etype, *, mode=None, sector=None, modal=None):
    found = []
    for e in events:
        pairs = {(a.code, r.code) for a in e.actor for r in e.recipient}
        if e.event != etype:
            continue
        if (actor, recipient) not in pairs and not (etype in ("AGREE", "CONSULT", "COOPERATE") and (recipient, actor) in pairs):
            continue
        if mode and e.mode != mode:
            continue
        if sector and not any(a.sector == sector for a in e.actor):
            continue
        if modal is not None and (modal in e.context) is False:
            continue
        found.append(e)
    return found


def test_demo_mali_to_russia_support(mali_russia):
    hits = _find(mali_russia, "MLI", "RUS", "SUPPORT")
    assert hits and all(e.is_assertion for e in hits)
    assert any("partenariat" in e.text_info.sentence_text for e in hits)


def test_demo_russia_military_aid(mali_russia):
    hits = _find(mali_russia, "RUS", "MLI", "AID", mode="military")
    assert any("chars" in e.text_info.sentence_text for e in hits)
    assert any("instructeurs" in e.text_info.sentence_text for e in hits)


def test_demo_russia_humanitarian_aid(mali_russia):
    hits = _find(mali_russia, "RUS", "MLI", "AID", mode="humanitarian")
    assert any("blé" in e.text_info.sentence_text for e in hits)


def test_demo_rosatom_cooperates_as_russian_business(mali_russia):
    hits = _find(mali_russia, "RUS", "MLI", "COOPERATE", sector="BUS")
    assert hits and any("Rosatom" in a.text and a.name == "Rosatom" for e in hits for a in e.actor)


def test_demo_renewables_flagged_hypothetical(mali_russia):
    hits = [e for e in mali_russia if "renouvelables" in e.text_info.sentence_text]
    assert hits and all("hypothetical" in e.context for e in hits)


@pytest.fixture(scope="module")
def english(demo_events):
    languages = {item.id: item.lang for item in read_inputs([str(EXAMPLES)])}
    return [e for e in demo_events if languages[e.story_id] == "en"]


def test_demo_holds_both_languages():
    languages = [item.lang for item in read_inputs([str(EXAMPLES)])]
    assert languages.count("en") >= 4 and languages.count("fr") >= 6


@pytest.mark.parametrize(("actor", "recipient", "etype", "mode", "sector", "word"), [
    ("RUS", "MLI", "AID", "military", None, "armoured vehicles"),
    ("RUS", "MLI", "AID", "military", None, "instructors"),
    ("RUS", "MLI", "AID", "humanitarian", None, "wheat"),
    ("MLI", "RUS", "SUPPORT", None, None, "praised"),
    ("MLI", "RUS", "SUPPORT", None, None, "thanked"),
    ("RUS", "MLI", "COOPERATE", None, "BUS", "Rosatom"),
    ("MLI", "RUS", "AGREE", None, None, "lithium"),
    ("RUS", "MLI", "CONSULT", "visit", None, "Yevkurov"),
])
def test_demo_english_articles_give_english_events(english, actor, recipient, etype, mode, sector, word):
    hits = [e for e in _find(english, actor, recipient, etype, mode=mode, sector=sector)
            if word in e.text_info.sentence_text]
    assert hits and all(e.language == "en" for e in hits) and any(e.is_assertion for e in hits)


def test_demo_english_events_are_sound(english):
    """Every English event is between the countries its article is about, and the planned power plant is
    not an assertion."""
    assert {e.story_id for e in english} == {item.id for item in read_inputs([str(EXAMPLES)]) if item.lang == "en"}
    for e in english:
        codes = {a.code for a in e.actor} | {r.code for r in e.recipient}
        assert codes <= {"MLI", "RUS", "FRA", "NER"}, (e.event, codes, e.text_info.sentence_text)
    plant = [e for e in english if "power plant" in e.text_info.sentence_text and e.event == "COOPERATE"]
    assert plant and all(not e.is_assertion for e in plant)


def test_demo_evidence_offsets_point_at_the_trigger(demo_events):
    texts = {}
    for item in read_inputs([str(EXAMPLES)]):
        texts[item.id] = item.text
    for e in demo_events:
        assert texts[e.story_id][e.text_info.start:e.text_info.end] == e.text_info.trigger


def test_demo_every_example_article_gives_events(demo_events):
    stories = {e.story_id for e in demo_events}
    ids = {item.id for item in read_inputs([str(EXAMPLES)])}
    assert ids == stories and len(ids) >= 6


def test_demo_ingest_then_dyad_prints_the_mali_russia_relationship(tmp_path):
    """What `make demo` runs: ingest the examples into a store, then the MLI–RUS dyad summary."""
    import subprocess
    import sys

    cli = Path(sys.executable).parent / "bilateral"
    db = tmp_path / "demo.duckdb"
    ingest = subprocess.run([str(cli), "ingest", str(EXAMPLES), "--db", str(db), "--workers", "1"],
                            capture_output=True, text=True, timeout=600)
    assert ingest.returncode == 0, ingest.stderr
    assert f"{EXAMPLE_COUNT} new, 0 already stored" in ingest.stderr
    dyad = subprocess.run([str(cli), "dyad", "MLI", "RUS", "--db", str(db)], capture_output=True, text=True,
                          timeout=120)
    assert dyad.returncode == 0, dyad.stderr
    assert "MLI ↔ RUS" in dyad.stdout
    for expected in ("AID", "SUPPORT", "COOPERATE", "AGREE", "des chars", "Rosatom", "2025-10"):
        assert expected in dyad.stdout
    assert "armoured vehicles" in dyad.stdout  # the English examples are counted in the same dyad


def test_demo_gold_example_evaluates_from_a_fresh_clone():
    """The README's `evaluate` example runs on the small gold file shipped in examples/."""
    import json
    import subprocess
    import sys

    gold = EXAMPLES.parent / "gold.jsonl"
    cli = Path(sys.executable).parent / "bilateral"
    done = subprocess.run([str(cli), "evaluate", str(gold), "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    scores = json.loads(done.stdout)
    overall = scores["overall"]
    assert overall["tp"] + overall["fn"] == 7  # eight gold events; the negated one is not scored
    assert overall["f1"] > 0.5


def test_demo_code_text_detects_the_language(coder):
    english = coder.code_text("Russia delivered armoured vehicles to Mali.")
    french = coder.code_text("La Russie a livré des blindés au Mali.")
    for events in (english, french):
        assert [(e.event, e.actor[0].code, e.recipient[0].code) for e in events] == [("AID", "RUS", "MLI")]
    assert english[0].language == "en" and french[0].language == "fr"

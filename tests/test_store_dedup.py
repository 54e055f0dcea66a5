"""Near-duplicate clustering and event consolidation: many reports, one event."""
from __future__ import annotations

from datetime import date

import pytest

from bilateral.ingest.dedup import cluster, signature
from bilateral.model import Article
from bilateral.store import Store, connect
from bilateral.store.consolidate import consolidate, needed
from bilateral.store.load import load_articles

WIRE = ("La Russie a livré quatre hélicoptères de combat au Mali, a annoncé mardi le ministère malien de la "
        "Défense. Les appareils sont arrivés à l'aéroport de Bamako dans la nuit. Selon le communiqué, ils "
        "doivent renforcer les capacités aériennes de l'armée dans le centre du pays, où les attaques se sont "
        "multipliées ces derniers mois. Une cérémonie de réception a eu lieu en présence du ministre.")
REWRITES = [
    WIRE,
    WIRE.replace("a annoncé mardi", "a fait savoir mardi"),
    WIRE.replace("Les appareils sont arrivés", "Ces appareils sont arrivés"),
    WIRE.replace("Une cérémonie de réception a eu lieu", "Une cérémonie officielle s'est tenue"),
    "BAMAKO - " + WIRE.replace("ces derniers mois", "depuis le début de l'année"),
]
OTHER = ("L'Algérie a condamné jeudi la décision du Mali de rappeler son ambassadeur. Le ministère algérien des "
         "Affaires étrangères parle d'une décision regrettable et appelle au dialogue entre les deux voisins.")


def test_dedup_rewrites_of_one_story_share_a_cluster():
    ids = [f"a{i}" for i in range(len(REWRITES))] + ["b"]
    labels = cluster(ids, [signature(t) for t in REWRITES + [OTHER]])
    assert {labels[i] for i in ids[:-1]} == {"a0"}
    assert labels["b"] == "b"


def test_dedup_clusters_do_not_depend_on_order():
    texts = dict(zip(["z", "m", "a", "q"], [REWRITES[0], OTHER, REWRITES[3], REWRITES[1]]))
    forward = cluster(list(texts), [signature(t) for t in texts.values()])
    backward = cluster(list(reversed(texts)), [signature(texts[i]) for i in reversed(texts)])
    assert forward == backward
    assert forward["z"] == forward["q"] == "a" and forward["m"] == "m"


def test_dedup_signature_ignores_case_and_spacing():
    assert signature(WIRE) == signature("  " + WIRE.upper().replace(" ", "   "))
    assert signature(WIRE) != signature(OTHER)


@pytest.fixture(scope="module")
def five_reports(tmp_path_factory, coder_module):
    path = tmp_path_factory.mktemp("dedup") / "five.duckdb"
    con = connect(path)
    outlets = ["journal-a.example", "journal-b.example", "radio-c.example", "agence-d.example", "site-e.example"]
    articles = [Article(id=f"rep-{i}", text=text, url=f"https://{outlet}/afrique/{i}", outlet=outlet,
                        date=date(2025, 3, 4 + (i % 2)), lang="fr")
                for i, (text, outlet) in enumerate(zip(REWRITES, outlets))]
    articles.append(Article(id="other", text=OTHER, url="https://journal-a.example/x", outlet="journal-a.example",
                            date=date(2025, 3, 6), lang="fr"))
    load_articles(con, articles, coder=coder_module)
    con.close()
    return path


@pytest.fixture(scope="module")
def coder_module():
    from bilateral import Coder

    return Coder(today=date(2025, 10, 15))


@pytest.mark.slow
def test_dedup_five_reports_of_one_event_are_one_event_with_five_mentions(five_reports):
    store = Store(five_reports)
    aid = store.events(dyad=("RUS", "MLI"), type="AID")
    assert len(aid) == 1
    event = aid.iloc[0]
    assert (event.actor_code, event.recipient_code) == ("RUS", "MLI")
    assert (event.num_mentions, event.num_articles, event.num_outlets) == (5, 5, 5)
    assert str(event.date)[:10] == "2025-03-04"  # the earliest report's date
    mentions = store.mentions(event.id)
    assert len(mentions) == 5
    assert sorted(mentions.outlet) == sorted({m for m in mentions.outlet})
    assert all("livré" in s for s in mentions.sentence_text)
    clusters = store.sql("SELECT count(DISTINCT cluster) AS n FROM articles WHERE id IN "
                         "(SELECT article_id FROM mentions WHERE event_id = ?)", [event.id]).n[0]
    assert clusters == 1
    other = store.events(dyad=("DZA", "MLI"))
    assert len(other) >= 1 and other.num_mentions.max() == 1


@pytest.mark.slow
def test_dedup_consolidation_is_repeatable(five_reports, tmp_path):
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copy(five_reports, copy)
    con = connect(copy)
    before = con.execute("SELECT * FROM events ORDER BY id").fetchall()
    assert not needed(con)
    consolidate(con)
    assert con.execute("SELECT * FROM events ORDER BY id").fetchall() == before

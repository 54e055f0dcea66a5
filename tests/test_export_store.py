"""Exports of the store's de-duplicated events: PLOVER JSONL, GDELT 2.0 TSV, CSV and Parquet.

A small store is coded once per module from French and English articles written for these tests;
two outlets report the same Russian delivery to Mali, so that event has two mentions.
"""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import bilateral
from bilateral import Article
from bilateral.errors import BilateralError, LexiconError
from bilateral.export import FORMATS, GDELT_COLUMNS, ExportError, export_store, gdelt
from bilateral.lexicons import _table
from bilateral.lexicons.ontology import SECTORS
from bilateral.store import connect
from bilateral.store.exports import TABLE_COLUMNS
from bilateral.store.load import load_articles
from bilateral.store.queries import EventFilter

DELIVERY = ("La Russie a livré des hélicoptères{} au Mali le 3 mars 2025. Le ministre malien des Affaires "
            "étrangères Abdoulaye Diop a salué le soutien de Moscou.")
ARTICLES = [
    Article(id="fr-a", text=DELIVERY.format(""), url="https://a.example/x", outlet="a.example",
            date=date(2025, 3, 4), lang="fr", title="Des hélicoptères russes pour Bamako"),
    Article(id="fr-b", text=DELIVERY.format(" de combat"), url="https://b.example/y", outlet="b.example",
            date=date(2025, 3, 5), lang="fr", title="Hélicoptères de combat russes au Mali"),
    Article(id="en-eu", text="Officials met in Brussels on Wednesday. Markets were calm. The European Union "
            "imposed sanctions on Russia on 5 March 2025.", url="https://c.example/z", outlet="c.example",
            date=date(2025, 3, 6), lang="en", title="EU sanctions"),
    Article(id="fr-fama", text="Les FAMa ont attaqué des jihadistes près de Tombouctou le 4 mars 2025.",
            url="https://d.example/w", outlet="d.example", date=date(2025, 3, 5), lang="fr"),
    # no id and no URL: the story id falls back to the store's id, SOURCEURL stays empty
    Article(id="", text="Rosatom signed an agreement with Mali on 6 March 2025 to mine lithium at Bougoula.",
            date=date(2025, 3, 8), lang="en"),
]
# Exports hold asserted events unless asked (as every surface does); most tests here want the
# hypothetical mining deal too, which carries the cases without a URL or a document id.
EVERY = EventFilter(include_unasserted=True)
PLOVER_KEYS = {"id", "story_id", "date", "event", "mode", "context", "actor", "recipient", "cameo", "quad_code",
               "goldstein", "text_info", "cite_info", "confidence", "coder", "num_mentions", "num_articles",
               "num_outlets"}


@pytest.fixture(scope="module")
def con(coder):
    con = connect(":memory:")
    load_articles(con, ARTICLES, coder=coder)
    yield con
    con.close()


def _event_id(con, event: str) -> str:
    return con.execute("SELECT id FROM events WHERE event = ?", [event]).fetchall()[0][0]


def _gdelt(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", header=None, dtype=str, names=list(GDELT_COLUMNS))


# --- the store ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_export_store_fixture_has_a_twice_reported_event(con):
    rows = con.execute("SELECT event, actor_code, recipient_code, num_mentions, num_outlets FROM events "
                       "ORDER BY date, id").fetchall()
    assert ("AID", "RUS", "MLI", 2, 2) in rows
    assert {row[0] for row in rows} == {"AID", "SUPPORT", "ASSAULT", "SANCTION", "COOPERATE", "AGREE"}


# --- GDELT -------------------------------------------------------------------------------------

def test_export_gdelt_columns_are_gdelts_61_in_order():
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[5] == "Actor1Code" and GDELT_COLUMNS[15] == "Actor2Code"
    assert GDELT_COLUMNS[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert GDELT_COLUMNS[35] == "Actor1Geo_Type" and GDELT_COLUMNS[51] == "ActionGeo_Type"
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")


@pytest.mark.parametrize("day,expected", [
    # values from GDELT's own rows (gdeltPyR events2samps.csv)
    (date(2007, 7, 4), "2007.5041"), (date(2016, 7, 1), "2016.4959"), (date(2017, 6, 1), "2017.4137"),
    (date(2025, 3, 3), "2025.1726"),
])
def test_export_gdelt_fraction_date_as_gdelt_computes_it(day, expected):
    assert gdelt.fraction_date(day) == expected


def test_export_gdelt_global_event_id_is_a_stable_positive_63_bit_integer():
    ids = {gdelt.global_event_id(f"BE-{n:016x}") for n in range(1000)}
    assert len(ids) == 1000
    assert all(0 < i < 2**63 for i in ids)
    assert gdelt.global_event_id("BE-b79682fe2835bc79") == gdelt.global_event_id("BE-b79682fe2835bc79")


def _row(**changes) -> dict:
    row = {"id": "BE-0", "date": date(2025, 10, 14), "actor_code": "UNO", "actor_sector": "IGO",
           "actor_name": "Nations\tunies", "recipient_code": "---", "recipient_sector": "", "recipient_name": "",
           "sentence": 4, "cameo": "0231", "quad_code": 1, "goldstein": 3, "num_mentions": 3, "num_articles": 2,
           "num_outlets": 1, "first_seen": None, "url": None}
    return row | changes


def test_export_gdelt_fields_of_a_hand_made_row():
    fields = dict(zip(GDELT_COLUMNS, gdelt.gdelt_fields(_row(), gdelt.load_roles())))
    assert len(fields) == 61
    assert fields["Actor1Code"] == "UNOIGO"
    assert (fields["Actor1CountryCode"], fields["Actor1KnownGroupCode"], fields["Actor1Type1Code"]) == ("", "UNO", "IGO")
    assert fields["Actor1Name"] == "Nations unies"  # a tab would shift every later column
    assert all(fields[f"Actor2{c}"] == "" for c in ("Code", "Name", "CountryCode", "Type1Code"))
    assert fields["IsRootEvent"] == "0"
    assert (fields["EventCode"], fields["EventBaseCode"], fields["EventRootCode"]) == ("0231", "023", "02")
    assert fields["GoldsteinScale"] == "3.0"
    assert (fields["NumMentions"], fields["NumSources"], fields["NumArticles"]) == ("3", "1", "2")
    assert fields["AvgTone"] == ""
    assert fields["DATEADDED"] == "20251014000000"  # no finished run: the event date at midnight
    assert fields["SOURCEURL"] == ""
    seen = gdelt.gdelt_fields(_row(first_seen=datetime(2025, 10, 15, 8, 30, 5)), gdelt.load_roles())
    assert seen[GDELT_COLUMNS.index("DATEADDED")] == "20251015083005"


@pytest.mark.slow
def test_export_gdelt_lines_have_61_fields(con, tmp_path):
    path = tmp_path / "events.tsv"
    count = export_store(con, "gdelt", path, flt=EVERY)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and len(lines) - 1 == count == 6
    assert all(len(line.split("\t")) == 61 for line in lines[:-1])


@pytest.mark.slow
def test_export_gdelt_russian_aid_to_mali_lands_in_gdelts_columns(con, tmp_path):
    path = tmp_path / "events.tsv"
    export_store(con, "gdelt", path, flt=EVERY)
    frame = _gdelt(path)
    assert frame.shape == (6, 61)
    aid = frame[frame["EventCode"] == "072"]
    assert len(aid) == 1
    row = aid.iloc[0]
    finished = con.execute("SELECT max(finished_at) FROM runs").fetchall()[0][0]
    expected = {
        "GLOBALEVENTID": str(gdelt.global_event_id(_event_id(con, "AID"))),
        "SQLDATE": "20250303", "MonthYear": "202503", "Year": "2025", "FractionDate": "2025.1726",
        "Actor1Code": "RUSGOV", "Actor1Name": "Russia", "Actor1CountryCode": "RUS", "Actor1Type1Code": "GOV",
        "Actor2Code": "MLIGOV", "Actor2Name": "Mali", "Actor2CountryCode": "MLI", "Actor2Type1Code": "GOV",
        "IsRootEvent": "1", "EventCode": "072", "EventBaseCode": "072", "EventRootCode": "07",
        "QuadClass": "2", "GoldsteinScale": "7.0", "NumMentions": "2", "NumSources": "2", "NumArticles": "2",
        "DATEADDED": finished.strftime("%Y%m%d%H%M%S"), "SOURCEURL": "https://a.example/x",
        # the actors' states (FIPS 10-4 codes), and where it happened: "au Mali", at country precision
        "Actor1Geo_Type": "1", "Actor1Geo_FullName": "Russia", "Actor1Geo_CountryCode": "RS",
        "Actor1Geo_ADM1Code": "RS", "Actor1Geo_FeatureID": "2017370",
        "Actor2Geo_Type": "1", "Actor2Geo_FullName": "Mali", "Actor2Geo_CountryCode": "ML",
        "Actor2Geo_ADM1Code": "ML", "Actor2Geo_FeatureID": "2453866",
        "ActionGeo_Type": "1", "ActionGeo_FullName": "Mali", "ActionGeo_CountryCode": "ML",
        "ActionGeo_ADM1Code": "ML", "ActionGeo_FeatureID": "2453866",
    }
    assert {column: row[column] for column in expected} == expected
    points = [f"{who}Geo_{axis}" for who in ("Actor1", "Actor2", "Action") for axis in ("Lat", "Long")]
    assert all(-180 <= float(row[column]) <= 180 for column in points)
    empty = [c for c in GDELT_COLUMNS if c not in expected and c not in points]
    assert row[empty].isna().all(), row[empty].dropna().to_dict()  # AvgTone, ADM2, ethnic, religion, group codes


@pytest.mark.slow
def test_export_gdelt_organisations_unknown_actors_and_root_events(con, tmp_path):
    path = tmp_path / "events.tsv"
    export_store(con, "gdelt", path, flt=EVERY)
    frame = _gdelt(path).set_index("EventCode")
    eu = frame.loc["163"]  # the EU's sanctions on Russia, in the article's third sentence
    assert (eu["Actor1Code"], eu["Actor1KnownGroupCode"], eu["Actor1Type1Code"]) == ("EURIGO", "EUR", "IGO")
    assert pd.isna(eu["Actor1CountryCode"])
    assert (eu["Actor2Code"], eu["Actor2CountryCode"]) == ("RUSGOV", "RUS")
    assert (eu["IsRootEvent"], eu["QuadClass"], eu["GoldsteinScale"]) == ("0", "4", "-4.0")
    attack = frame.loc["190"]  # FAMa against unnamed jihadists: a role without a country
    assert (attack["Actor1Code"], attack["Actor1Type1Code"]) == ("MLIMIL", "MIL")
    assert (attack["Actor2Code"], attack["Actor2Type1Code"]) == ("REB", "REB")
    assert pd.isna(attack["Actor2CountryCode"]) and pd.isna(attack["Actor2Name"])
    mining = frame.loc["061"]  # Rosatom: a business actor; its article has no URL
    assert (mining["Actor1Code"], mining["Actor1Name"], mining["Actor1CountryCode"]) == ("RUSBUS", "Rosatom", "RUS")
    assert pd.isna(mining["SOURCEURL"])


@pytest.mark.slow
def test_export_gdelt_is_deterministic(con, tmp_path):
    export_store(con, "gdelt", tmp_path / "one.tsv")
    export_store(con, "gdelt", tmp_path / "two.tsv")
    assert (tmp_path / "one.tsv").read_bytes() == (tmp_path / "two.tsv").read_bytes()


# --- PLOVER ------------------------------------------------------------------------------------

@pytest.mark.slow
def test_export_plover_one_record_per_event_with_counts(con, tmp_path):
    path = tmp_path / "events.jsonl"
    count = export_store(con, "plover", path, flt=EVERY)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert count == len(records) == 6
    assert all(PLOVER_KEYS <= record.keys() for record in records)
    aid = next(r for r in records if r["event"] == "AID")
    assert aid["id"] == _event_id(con, "AID")
    assert aid["story_id"] == "fr-a"
    assert (aid["date"], aid["mode"], aid["context"], aid["cameo"]) == ("2025-03-03", "military", ["military"], "072")
    assert aid["actor"] == [{"code": "RUS", "sector": "GOV", "text": "Russie", "name": "Russia"}]
    assert aid["recipient"] == [{"code": "MLI", "sector": "GOV", "text": "Mali", "name": "Mali"}]
    assert (aid["quad_code"], aid["goldstein"]) == (2, 7.0)
    assert aid["text_info"] == {"sentence": 0, "start": 12, "end": 17, "trigger": "livré",
                                "sentence_text": "La Russie a livré des hélicoptères au Mali le 3 mars 2025."}
    assert aid["cite_info"] == {"url": "https://a.example/x", "title": "Des hélicoptères russes pour Bamako",
                                "language": "fr"}
    assert aid["coder"]["name"] == "bilateral" and aid["coder"]["version"] == bilateral.__version__
    assert aid["coder"]["lexicon"].startswith("fr-")
    assert (aid["num_mentions"], aid["num_articles"], aid["num_outlets"]) == (2, 2, 2)


@pytest.mark.slow
def test_export_plover_story_id_falls_back_to_the_store_id(con, tmp_path):
    path = tmp_path / "events.jsonl"
    export_store(con, "plover", path, flt=EVERY)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    mining = next(r for r in records if r["event"] == "COOPERATE")
    assert mining["story_id"].startswith("A-")
    assert "hypothetical" in mining["context"]
    assert mining["cite_info"]["url"] == ""
    assert mining["actor"][0]["sector"] == "BUS"


# --- CSV and Parquet ---------------------------------------------------------------------------

@pytest.mark.slow
def test_export_csv_reads_back_with_pandas(con, tmp_path):
    path = tmp_path / "events.csv"
    assert export_store(con, "csv", path, flt=EVERY) == 6
    frame = pd.read_csv(path, dtype={"cameo": str})
    assert tuple(frame.columns) == TABLE_COLUMNS
    aid = frame[frame["event"] == "AID"].iloc[0]
    assert (aid["cameo"], aid["actor_names"], aid["recipient_names"], aid["num_mentions"]) == ("072", "Russia", "Mali", 2)
    assert aid["url"] == "https://a.example/x"
    mining = frame[frame["event"] == "COOPERATE"].iloc[0]
    assert mining["context"] == "economic;natural_resource;hypothetical"
    assert not mining["assertion"]


@pytest.mark.slow
def test_export_parquet_reads_back_with_duckdb_and_keeps_lists(con, tmp_path):
    path = tmp_path / "events.parquet"
    path.write_bytes(b"an older export")
    assert export_store(con, "parquet", path, flt=EVERY) == 6
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]  # no temporary file left
    reader = duckdb.connect()
    rows = reader.execute(f"SELECT event, cameo, context, actor_names, num_mentions FROM read_parquet('{path}') "
                          "ORDER BY date, id").fetchall()
    reader.close()
    assert len(rows) == 6
    assert ("AID", "072", ["military"], ["Russia"], 2) in rows
    assert ("COOPERATE", "061", ["economic", "natural_resource", "hypothetical"], ["Rosatom"], 1) in rows


@pytest.mark.slow
def test_export_parquet_needs_a_file(con, tmp_path):
    for out in (None, "-"):
        with pytest.raises(ExportError, match="cannot go to stdout"):
            export_store(con, "parquet", out)
    with pytest.raises(ExportError, match="is a folder"):
        export_store(con, "parquet", tmp_path)
    with pytest.raises(ExportError, match="does not exist"):
        export_store(con, "parquet", tmp_path / "missing" / "events.parquet")


# --- filters, stdout, errors -------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["plover", "gdelt", "csv"])
def test_export_text_formats_go_to_stdout(con, capsys, fmt):
    count = export_store(con, fmt, "-", flt=EVERY)
    lines = capsys.readouterr().out.splitlines()
    assert count == 6
    assert len(lines) == count + (fmt == "csv")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_filter_selects_the_dyad(con, tmp_path, fmt):
    flt = EventFilter.parse(dyad=("MLI", "RUS"), include_unasserted=True)
    assert export_store(con, fmt, tmp_path / f"dyad.{fmt}", flt=flt) == 4  # AID, SUPPORT, AGREE, COOPERATE
    asserted = EventFilter.parse(dyad=("MLI", "RUS"))
    assert export_store(con, fmt, tmp_path / f"asserted.{fmt}", flt=asserted) == 3  # not the hypothetical COOPERATE
    assert export_store(con, fmt, tmp_path / f"aid.{fmt}", flt=EventFilter.parse(type="AID")) == 1


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_export_without_a_filter_holds_the_asserted_events(con, tmp_path, fmt):
    """``export_store`` without a filter exports what ``bilateral export`` and every other surface count."""
    path = tmp_path / f"events.{fmt}"
    assert export_store(con, fmt, path) == 5
    assert export_store(con, fmt, tmp_path / f"every.{fmt}", flt=EVERY) == 6
    if fmt == "csv":
        frame = pd.read_csv(path, dtype={"cameo": str})
        assert frame["assertion"].all() and "COOPERATE" not in set(frame["event"])


@pytest.mark.slow
def test_export_unknown_format_is_refused(con, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'xml'") as info:
        export_store(con, "xml", tmp_path / "events.xml")
    assert isinstance(info.value, BilateralError)
    assert not (tmp_path / "events.xml").exists()


# --- the sector → CAMEO role table (data/cameo_roles.csv) ---------------------------------------

def test_export_cameo_roles_cover_every_sector():
    roles = gdelt.load_roles()
    assert roles.keys() == SECTORS
    assert (roles["GOV"], roles["MIL"], roles["BUS"], roles["CVL"]) == ("GOV", "MIL", "BUS", "CVL")
    assert roles["MED"] == "HLH" and roles["JRN"] == "MED"  # PLOVER renamed CAMEO's two codes
    assert roles["UNK"] == ""


@pytest.fixture()
def roles_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(_table.data_dir(), target)
    monkeypatch.setattr(_table, "data_dir", lambda: target)
    gdelt.load_roles.cache_clear()
    yield target / "cameo_roles.csv"
    gdelt.load_roles.cache_clear()


def _rewrite(path: Path, old: str, new: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("old,new,message", [
    ("GOV,GOV,", "GVT,GOV,", "sector 'GVT'"),
    ("GOV,GOV,", "GOV,gov,", "role 'gov'"),
    ("GOV,GOV,", "GOV,GOVT,", "role 'GOVT'"),
    ("UNK,,unknown sector: no role", "GOV,GOV,", "sector GOV appears twice"),
    ("GOV,GOV,", "GOV,GOV", "cells"),
])
def test_export_cameo_roles_schema_rejects(roles_copy, old, new, message):
    line = _rewrite(roles_copy, old, new)
    with pytest.raises(LexiconError) as info:
        gdelt.load_roles()
    assert message in str(info.value)
    assert f"cameo_roles.csv:{line}" in str(info.value)


def test_export_cameo_roles_missing_sector_rejected(roles_copy):
    _rewrite(roles_copy, "SOC,CVL,social groups: CAMEO has no civil-society role; CVL is the nearest", "")
    with pytest.raises(LexiconError, match="no row for sector SOC"):
        gdelt.load_roles()


def test_export_cameo_roles_need_a_provenance_header(roles_copy):
    _rewrite(roles_copy, "# version: 1.0.0", "")
    with pytest.raises(LexiconError, match="provenance header lacks version"):
        gdelt.load_roles()

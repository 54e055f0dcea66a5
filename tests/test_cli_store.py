"""The store commands: events, dyad, actors — output, formats and errors."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilateral import read_inputs
from bilateral.cli import EXIT_USAGE, main
from bilateral.store import connect
from bilateral.store.load import load_articles

EXAMPLES = Path(__file__).parent.parent / "examples" / "articles.jsonl"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(tmp_path_factory, coder):
    path = tmp_path_factory.mktemp("cli") / "store.duckdb"
    con = connect(path)
    load_articles(con, read_inputs([str(EXAMPLES)]), coder=coder)
    con.close()
    return str(path)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_store_events_dyad_as_csv(db):
    result = run("events", "--db", db, "--dyad", "RUS", "MLI", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and all({r["actor_code"], r["recipient_code"]} == {"MLI", "RUS"} for r in rows)
    military = [r for r in rows if r["event"] == "AID" and r["mode"] == "military" and r["date"] == "2025-10-15"]
    assert len(military) == 1  # tanks and instructors, reported the same day: one event, two reports,
    assert military[0]["num_mentions"] == "2" and "chars" in military[0]["sentence_text"]  # the first as evidence
    assert any(r["event"] == "AID" and r["mode"] == "humanitarian" for r in rows)  # wheat stays apart
    assert all(int(r["num_mentions"]) >= 1 for r in rows)


def test_cli_store_events_filters_combine(db):
    result = run("events", "--db", db, "--actor", "RUS", "--type", "AID", "--since", "2025-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(r["event"] == "AID" and r["date"] >= "2025-01-01" for r in records)
    assert all("RUS" in r["actor_codes"] + r["recipient_codes"] for r in records)


def test_cli_store_events_table(db):
    result = run("events", "--db", db, "--dyad", "MLI", "RUS")
    assert result.exit_code == 0
    assert "COOPERATE" in result.output and "assertion" in result.output
    assert re.search(r"^\d+ events$", result.output, re.M)


@pytest.mark.parametrize("args, message", [
    (("events", "--dyad", "MLI", "XYZ"), "unknown actor code 'XYZ'"),
    (("events", "--type", "HUG"), "unknown event type 'HUG'"),
    (("events", "--since", "2025-13-01"), "since '2025-13-01' is not a date"),
    (("events", "--since", "2025-05-01", "--until", "2025-01-01"), "is before since"),
    (("dyad", "MLI", "ZZZ"), "unknown actor code 'ZZZ'"),
])
def test_cli_store_bad_query_is_a_usage_error(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == EXIT_USAGE
    assert message in result.output and "[E600]" in result.output


def test_cli_store_missing_store_says_how_to_make_one(tmp_path):
    result = run("events", "--db", str(tmp_path / "none.duckdb"))
    assert result.exit_code == EXIT_USAGE  # a wrong --db path is a usage error
    assert "no store at" in result.output and "bilateral ingest" in result.output


def test_cli_store_dyad_json_and_actors(db):
    result = run("dyad", "mli", "rus", "--db", db, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["a"] == "MLI" and payload["totals"]["events"] >= 4
    assert {row["event"] for row in payload["monthly"]} >= {"AID", "SUPPORT"}
    assert all(row["goldstein_sum"] > 0 for row in payload["score"])
    actors = run("actors", "--db", db)
    assert actors.exit_code == 0 and "Mali" in actors.output and "Russia" in actors.output


def test_cli_store_export_gdelt_and_parquet(db, tmp_path):
    result = run("export", "--db", db, "--format", "gdelt", "--dyad", "MLI", "RUS")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    parquet = tmp_path / "mli-rus.parquet"
    result = run("export", "--db", db, "--format", "parquet", "-o", str(parquet), "--type", "AID")
    assert result.exit_code == 0, result.output
    import duckdb

    types = duckdb.sql(f"SELECT DISTINCT event FROM read_parquet('{parquet}')").fetchall()
    assert types == [("AID",)]
    refused = run("export", "--db", db, "--format", "parquet")
    assert refused.exit_code == EXIT_USAGE and "cannot go to stdout" in refused.output


def test_cli_store_text_search_is_literal(db):
    from bilateral.store import Store

    with Store(db) as store:
        assert len(store.events(text="livré")) >= 2
        assert store.events(text="%").empty  # a wildcard in LIKE, but no evidence sentence holds one
        assert store.events(text="l_vré").empty


def test_cli_store_min_confidence_filters_at_read(db):
    every = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv").output)))
    confidences = sorted(float(r["confidence"]) for r in every)
    assert len(set(confidences)) > 1  # the model tells events apart
    cut = confidences[len(confidences) // 2]
    kept = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--format", "csv",
                                               "--min-confidence", str(cut)).output)))
    assert kept and len(kept) < len(every)
    assert all(float(r["confidence"]) >= cut for r in kept)
    assert {r["id"] for r in kept} == {r["id"] for r in every if float(r["confidence"]) >= cut}
    exported = run("export", "--db", db, "--format", "plover", "--min-confidence", str(cut))
    assert exported.exit_code == 0
    assert sum(1 for line in exported.output.splitlines() if line.startswith("{")) == len(kept)
    refused = run("events", "--db", db, "--min-confidence", "1.5")
    assert refused.exit_code == EXIT_USAGE

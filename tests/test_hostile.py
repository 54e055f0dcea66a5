"""The hostile-input corpus through `code`, `ingest` (twice) and the Python API.

Whatever the corpus holds, the good documents are coded, each bad one is reported once, the run
ends with exit 1, and a second `ingest` adds nothing and leaves events for everything stored.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from hostile_corpus import BAD, GOOD, OUTSIDE, WARNED, build

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("hostile"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "bilateral"), *args], capture_output=True, timeout=600)


def dyads(events) -> set[tuple[str, str, str]]:
    return {(e["event"], a["code"], r["code"]) for e in events for a in e["actor"] for r in e["recipient"]}


def check_reports(stderr: str) -> None:
    """Every bad item in exactly one error line; warnings stay warnings; nothing raw, no traceback."""
    assert "Traceback" not in stderr
    assert "\x1b" not in stderr, "a terminal escape from a file name reached the terminal"
    errors = [line for line in stderr.splitlines() if line.startswith("bilateral: error:")]
    for part, why in BAD:
        hits = [line for line in errors if part in line]
        assert len(hits) == 1, f"{why}: expected one error naming {part!r}, got {hits}"
    for part, why in WARNED:
        assert not [line for line in errors if part in line], f"{why}: reported as an error"
        assert any(part in line for line in stderr.splitlines() if "warning" in line), f"{why}: not reported"
    assert len(errors) == len(BAD), "\n".join(errors)


def test_code_codes_the_good_and_reports_each_bad_one_once(corpus):
    done = run("code", str(corpus.folder), "--date", "2025-10-14", "--min-confidence", "0")
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 1, stderr
    events = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    found = dyads(events)
    missing = {key: why for key, why in GOOD.items() if key not in found}
    assert not missing, missing
    assert OUTSIDE not in found, "the symlink to a file outside the folder was followed"
    check_reports(stderr)


def stored(db: Path) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT count(*) FROM articles").fetchone()[0],
            "unclustered": con.execute("SELECT count(*) FROM articles WHERE cluster IS NULL").fetchone()[0],
            "orphans": con.execute("SELECT count(*) FROM mentions WHERE event_id IS NULL").fetchone()[0],
            "dyads": set(con.execute(
                "SELECT DISTINCT event, a.code, r.code FROM events, unnest(actor_codes) AS a(code), "
                "unnest(recipient_codes) AS r(code)").fetchall()),
            "runs": con.execute("SELECT status, articles_added FROM runs ORDER BY id").fetchall(),
        }
    finally:
        con.close()


def test_ingest_twice_stores_the_good_once_and_ends_with_events(corpus, tmp_path):
    db = tmp_path / "store.duckdb"
    first = run("ingest", str(corpus.folder), "--db", str(db), "--date", "2025-10-14", "--workers", "1", "-q")
    check_reports(first.stderr.decode("utf-8"))
    assert first.returncode == 1
    after_first = stored(db)
    assert set(GOOD) <= after_first["dyads"] and OUTSIDE not in after_first["dyads"]
    second = run("ingest", str(corpus.folder), "--db", str(db), "--date", "2025-10-14", "--workers", "1", "-q")
    check_reports(second.stderr.decode("utf-8"))
    assert second.returncode == 1
    after_second = stored(db)
    assert after_second["articles"] == after_first["articles"]
    assert after_second["runs"][-1] == ("finished", 0)
    assert [status for status, _ in after_second["runs"]] == ["finished", "finished"]
    assert after_second["unclustered"] == 0 and after_second["orphans"] == 0
    assert after_second["dyads"] == after_first["dyads"]


def test_python_api_codes_the_good_and_reports_each_bad_one_once(corpus):
    from bilateral import Coder
    from bilateral.ingest import read_inputs

    problems = []
    coder = Coder(today=date(2025, 10, 15))
    events = list(coder.code(read_inputs([str(corpus.folder)], default_date=date(2025, 10, 14)),
                             on_problem=problems.append))
    found = {(e.event, a.code, r.code) for e in events for a in e.actor for r in e.recipient}
    assert set(GOOD) <= found and OUTSIDE not in found
    errors = [str(p) for p in problems if p.severity == "error"]
    for part, why in BAD:
        assert len([line for line in errors if part in line]) == 1, (why, errors)
    assert len(errors) == len(BAD)


def test_coder_takes_any_python_string():
    from bilateral import Coder

    text = "La Russie \ud83d a livré des blindés\x00 au Mali.\x1b[0m"
    events = Coder(today=date(2025, 10, 15)).code_text(text, date=date(2025, 10, 14))
    assert [(e.event, e.actor[0].code, e.recipient[0].code) for e in events] == [("AID", "RUS", "MLI")]
    assert not re.search("[\ud800-\udfff\x00\x1b]", events[0].text_info.sentence_text)

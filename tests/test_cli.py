"""The command line: output formats, stdin, bad input and exit codes, documented options."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from bilateral.cli import main

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parent.parent


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_cli_code_stdin_plover():
    result = run("code", "-", "--date", "2024-04-18", "--lang", "fr",
                 input="Le Burkina Faso a expulsé trois diplomates français.")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["actor"][0]["code"], r["recipient"][0]["code"], r["event"]) for r in records] == [("BFA", "FRA", "COERCE")]
    record = records[0]
    for key in ("id", "story_id", "date", "event", "mode", "context", "actor", "recipient", "cameo", "quad_code",
                "goldstein", "text_info", "cite_info", "confidence", "coder"):
        assert key in record
    assert record["date"] == "2024-04-18"
    assert record["text_info"]["trigger"] == "expulsé"
    assert record["coder"]["lexicon"].startswith("fr-")


def test_cli_code_table_and_output_file(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("La Russie a livré des blindés au Mali.", encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = run("code", str(src), "-o", str(out), "--date", "2025-10-14", "--lang", "fr")
    assert result.exit_code == 0
    assert json.loads(out.read_text().splitlines()[0])["event"] == "AID"
    table = run("code", str(src), "--format", "table", "--lang", "fr")
    assert "AID" in table.stdout and "RUS" in table.stdout and "MLI" in table.stdout


def test_cli_code_table_fits_an_80_column_terminal(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("La Russie a livré des blindés et des hélicoptères de combat au Mali, a annoncé mercredi le "
                   "ministère malien de la Défense dans un communiqué lu à la télévision nationale.", encoding="utf-8")
    result = CliRunner().invoke(main, ["code", str(src), "--format", "table", "--lang", "fr", "--date", "2025-10-15"],
                                env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("RUS/GOV → MLI/GOV" in line and "AID" in line for line in lines)
    # the evidence is wrapped whole words on its own lines, not cut into a column a few letters wide
    assert "livré des blindés" in " ".join(line.strip() for line in lines)
    wide = CliRunner().invoke(main, ["code", str(src), "--format", "table", "--lang", "fr", "--date", "2025-10-15"],
                              env={"COLUMNS": "160"}, catch_exceptions=False)
    assert "┃ evidence" in wide.stdout and max(len(line) for line in wide.stdout.splitlines()) <= 160


def test_cli_code_partial_failure_exit_1(tmp_path):
    (tmp_path / "good.txt").write_text("Le Niger a expulsé l'ambassadeur de France.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": "Le Mali a condamné la France."}\n{oops\n',
                                           encoding="utf-8")
    result = run("code", str(tmp_path), "--lang", "fr")
    assert result.exit_code == 1
    assert "empty.txt: empty document" in result.stderr
    assert "broken.jsonl:2: not valid JSON" in result.stderr
    stories = {json.loads(line)["story_id"] for line in result.stdout.splitlines()}
    assert stories == {"good", "x"}


def test_cli_code_nothing_coded_exit_3(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert run("code", str(tmp_path / "empty.txt")).exit_code == 3


def test_cli_code_bad_date_is_usage_error():
    result = CliRunner().invoke(main, ["code", "-", "--date", "14/10/2025"], input="x")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_cli_code_unsupported_language_reported(tmp_path):
    (tmp_path / "de.txt").write_text("Die Bundesregierung hat heute neue Sanktionen gegen Russland beschlossen.",
                                     encoding="utf-8")
    result = run("code", str(tmp_path / "de.txt"))
    assert result.exit_code == 3
    assert "language 'de' is not supported" in result.stderr


def test_cli_evaluate_scores_a_gold_file(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "lang": "fr", "pub_date": "2025-10-14",
                                "text": "La Russie a livré des blindés au Mali.",
                                "events": [{"source": "RUS", "target": "MLI", "type": "AID"}]}) + "\n"
                    + json.dumps({"id": "g2", "lang": "fr", "pub_date": None,
                                  "text": "Le pays compte vingt millions d'habitants.", "events": []}) + "\n",
                    encoding="utf-8")
    result = run("evaluate", str(gold), "--json")
    scores = json.loads(result.stdout)
    assert scores["overall"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert scores["by_lang"]["fr"]["tp"] == 1
    table = run("evaluate", str(gold), "--errors")
    assert "overall" in table.stdout


def test_cli_lexicons_command():
    result = run("lexicons")
    assert result.exit_code == 0 and "lexicon version fr-" in result.stdout


def test_cli_every_command_and_option_is_documented():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"bilateral {name}" in readme, f"command {name} is not in the README"
        assert "Example" in (command.help or ""), f"command {name} has no example in its help"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("-") and opt not in ("-h", "--help"):
                    assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", readme), f"{name} {opt} undocumented"


def test_cli_code_every_kind_of_bad_input_in_one_run(tmp_path):
    """Each bad item gets one message naming it; the good ones are coded; exit code 1."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text("La Russie a livré des blindés au Mali.", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Le Mali a condamné la France à Ménaka.".encode("latin-1"))
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "docs.jsonl").write_text('{"id": "j1", "text": "Le Niger a expulsé l\'ambassadeur de France."}\n'
                                       '{"id": "j2", "text": \n', encoding="utf-8")
    (folder / "page.html").write_text("<html><head><script>alert('La France a attaqué le Mali')</script></head>"
                                      "<body><p>Le Burkina Faso a expulsé trois diplomates français.</p></body></html>",
                                      encoding="utf-8")
    result = run("code", str(folder), "--lang", "fr", "--date", "2025-01-10")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()

    def one(fragment):
        hits = [line for line in lines if fragment in line]
        assert len(hits) == 1, (fragment, lines)
        return hits[0]

    assert "empty document" in one("empty.txt")
    assert "binary" in one("binary.txt")
    assert "not valid UTF-8" in one("latin1.txt")
    assert "over the 10 MB limit" in one("huge.txt")
    assert "not valid JSON" in one("docs.jsonl:2")
    assert "<script>" in one("page.html")
    coded = {json.loads(line)["story_id"] for line in result.stdout.splitlines()}
    assert coded == {"good", "latin1", "j1", "page"}
    assert not any("attaqué" in line for line in result.stdout.splitlines())


def test_cli_evaluate_one_half(tmp_path):
    from bilateral.evaluate import half_of

    urls = [f"https://example.org/{i}" for i in range(20)]
    tune = next(u for u in urls if half_of(u) == "tune")
    held = next(u for u in urls if half_of(u) == "held")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": f"g{i}", "lang": "fr", "url": url, "pub_date": "2025-10-14",
                                          "text": "La Russie a livré des blindés au Mali.",
                                          "events": [{"source": "RUS", "target": "MLI", "type": "AID"}]})
                              for i, url in enumerate((tune, held))) + "\n", encoding="utf-8")
    assert json.loads(run("evaluate", str(gold), "--json").stdout)["stories"] == 2
    for half in ("tune", "held"):
        assert json.loads(run("evaluate", str(gold), "--half", half, "--json").stdout)["stories"] == 1


def test_cli_lexicons_coverage_table():
    from bilateral.lexicons.coverage import cameo_codes, coverage

    result = run("lexicons", "--coverage")
    assert result.exit_code == 0
    table = coverage()
    for code in cameo_codes():
        assert code.code in result.stdout
    # every cell the table counts is a trigger of that code, language and part of speech
    from bilateral.lexicons import load_lexicons

    fr = load_lexicons("fr")
    verbs_072 = sum(1 for es in fr.triggers.values() for e in es if e.pos == "VERB" and e.cameo == "072")
    assert table.counts.get(("072", "fr", "VERB"), 0) == verbs_072 > 0
    assert ("072", "fr", "VERB") not in table.empty_cells()

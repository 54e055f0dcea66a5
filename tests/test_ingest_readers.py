"""Reading inputs: every bad item is reported by name, everything else still comes through."""
from __future__ import annotations

import json
from datetime import date

from bilateral.ingest import Problem, read_inputs
from bilateral.model import Article


def _split(items):
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    return articles, problems


def test_ingest_text_file_uses_stem_as_id(tmp_path):
    (tmp_path / "note.txt").write_text("La Russie a livré des blindés au Mali.", encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(tmp_path / "note.txt")], default_date=date(2025, 1, 2))))
    assert problems == []
    assert articles[0].id == "note" and articles[0].date == date(2025, 1, 2)


def test_ingest_empty_file_reported(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    _, problems = _split(list(read_inputs([str(tmp_path / "empty.txt")])))
    assert len(problems) == 1 and "empty document" in problems[0].message
    assert problems[0].item.endswith("empty.txt") and problems[0].severity == "error"


def test_ingest_binary_file_reported(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    articles, problems = _split(list(read_inputs([str(tmp_path / "image.txt")])))
    assert articles == []
    assert "binary" in problems[0].message


def test_ingest_invalid_utf8_read_as_cp1252_with_warning(tmp_path):
    (tmp_path / "latin.txt").write_bytes("Le Mali a condamné l'attaque près de Ménaka.".encode("cp1252"))
    articles, problems = _split(list(read_inputs([str(tmp_path / "latin.txt")])))
    assert problems[0].severity == "warning" and "not valid UTF-8" in problems[0].message
    assert "Ménaka" in articles[0].text


def test_ingest_oversized_file_skipped_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse 50 MB file
    (tmp_path / "small.txt").write_text("Le Niger a expulsé l'ambassadeur de France.", encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(tmp_path)])))
    assert [a.id for a in articles] == ["small"]
    assert "52.4 MB is over the 10 MB limit" in problems[0].message


def test_ingest_jsonl_broken_line_skipped_others_kept(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a", "text": "Premier texte.", "date": "2024-03-01", "lang": "fr"}),
        '{"id": "b", "text": "cassé',
        json.dumps({"id": "c", "text": ""}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "d", "text": "Quatrième texte.", "date": "hier"}),
    ]), encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(path)], default_date=date(2024, 5, 5))))
    assert [a.id for a in articles] == ["a", "d"]
    assert articles[0].date == date(2024, 3, 1) and articles[1].date == date(2024, 5, 5)
    items = {p.item.rsplit(":", 1)[1]: p for p in problems}
    assert "not valid JSON" in items["2"].message
    assert "no \"text\"" in items["3"].message
    assert "must be an object" in items["4"].message
    assert items["5"].severity == "warning" and "not YYYY-MM-DD" in items["5"].message


def test_ingest_jsonl_lang_wins_over_option(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Some text.", "lang": "en"}) + "\n"
                    + json.dumps({"id": "b", "text": "Un texte."}) + "\n", encoding="utf-8")
    articles, _ = _split(list(read_inputs([str(path)], lang="fr")))
    assert [a.lang for a in articles] == ["en", "fr"]


def test_ingest_html_scripts_removed_title_and_date_kept(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("""<!doctype html><html><head><title>Bamako et Moscou</title>
<meta property="article:published_time" content="2025-10-14T08:00:00Z">
<script>var livraison = "La France a attaqué le Mali";</script><style>p {color: red}</style></head>
<body><nav>Accueil</nav><article><h1>Bamako et Moscou</h1><p>La Russie a livré des blindés au Mali.</p>
<script>document.write("sanctions")</script></article></body></html>""", encoding="utf-8")
    articles, problems = _split(list(read_inputs([str(page)])))
    assert problems[0].severity == "note" and "removed 3 <script>/<style>" in problems[0].message
    article = articles[0]
    assert article.title == "Bamako et Moscou" and article.date == date(2025, 10, 14)
    assert "La Russie a livré des blindés au Mali." in article.text
    assert "attaqué" not in article.text and "sanctions" not in article.text and "Accueil" not in article.text


def test_ingest_missing_path_reported(tmp_path):
    _, problems = _split(list(read_inputs([str(tmp_path / "nope.txt")])))
    assert "no such file" in problems[0].message

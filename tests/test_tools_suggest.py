"""tools/suggest_triggers.py proposes words from the vectors; it never edits the lexicons."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("suggest_triggers", ROOT / "tools" / "suggest_triggers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tools_suggest_proposes_new_words_only():
    from bilateral.lexicons import data_dir, load_lexicons
    from bilateral.nlp import load_model

    before = {p: p.stat().st_mtime for p in data_dir().rglob("*.csv")}
    lex = load_lexicons("fr")
    rows = _tool().candidates(load_model("fr"), lex, etype="AID", per_seed=10, min_score=0.6, min_seeds=2)
    assert rows, "the French vectors should suggest something for AID"
    known = {lemma for lemma, _ in lex.triggers}
    assert all(r["lemma"] not in known and r["type"] == "AID" and len(set(r["seeds"])) >= 2 for r in rows)
    assert all(lex.ontology.check_cameo(r["cameo"], r["type"]) is None for r in rows)
    assert {p: p.stat().st_mtime for p in data_dir().rglob("*.csv")} == before


def test_tools_suggest_refuses_a_model_without_vectors():
    from bilateral.lexicons import load_lexicons
    from bilateral.nlp import load_model

    with pytest.raises(SystemExit, match="no word vectors"):
        _tool().candidates(load_model("en"), load_lexicons("en"), etype=None, per_seed=5, min_score=0.5, min_seeds=2)

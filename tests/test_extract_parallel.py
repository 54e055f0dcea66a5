"""The same fact written in French and in English gives the same event (one engine, two languages)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sentence_table import Expected

pytestmark = pytest.mark.slow
PAIRS = yaml.safe_load((Path(__file__).parent / "data" / "parallel_sentences.yaml").read_text(encoding="utf-8"))


def _triples(events):
    return {(a.code, r.code, e.event) for e in events if e.is_assertion for a in e.actor for r in e.recipient}


@pytest.mark.parametrize("pair", PAIRS, ids=[p["id"] for p in PAIRS])
def test_extract_parallel_same_event_in_both_languages(coder, pair):
    expected = Expected.parse(pair["event"])
    french = _triples(coder.code_text(pair["fr"], lang="fr"))
    english = _triples(coder.code_text(pair["en"], lang="en"))
    assert any(expected.matches(*t) for t in french), (pair["fr"], french)
    assert any(expected.matches(*t) for t in english), (pair["en"], english)
    assert {t for t in french if expected.matches(*t)} == {t for t in english if expected.matches(*t)}

"""English sentences → expected events (tests/data/en_sentences.yaml): behaviour as a table."""
from __future__ import annotations

import pytest

from sentence_table import compare, load_cases

CASES = load_cases("en_sentences.yaml")

pytestmark = pytest.mark.slow


def _param(case):
    marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_extract_en_sentence(coder, case):
    events = coder.code_text(case.text, date=case.date, lang="en", id=case.id)
    problems = compare(case, events)
    assert not problems, f"{case.text}\n" + "\n".join(problems)


def test_extract_en_table_covers_every_plover_type():
    from bilateral.lexicons import load_ontology

    types = {e.type for c in CASES if not c.xfail for e in c.events}
    assert set(load_ontology().types) <= types


def test_extract_en_table_has_no_event_sentences():
    assert sum(1 for c in CASES if not c.events and not c.xfail) >= 20


def test_extract_en_table_is_mostly_passing():
    assert sum(1 for c in CASES if not c.xfail) >= 120

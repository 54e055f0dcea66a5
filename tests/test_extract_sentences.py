"""French and English sentences → expected events (tests/data/<lang>_sentences.yaml and
tests/data/behaviour/<lang>_*.yaml): behaviour as tables."""
from __future__ import annotations

import pytest

from sentence_table import compare, load_language

TABLES = {lang: load_language(lang) for lang in ("fr", "en")}

pytestmark = pytest.mark.slow


def _params():
    for lang, cases in TABLES.items():
        for case in cases:
            marks = [pytest.mark.xfail(reason=case.xfail, strict=True)] if case.xfail else []
            yield pytest.param(lang, case, id=f"{lang}-{case.id}", marks=marks)


@pytest.mark.parametrize("lang,case", list(_params()))
def test_extract_sentence(coder, lang, case):
    events = coder.code_text(case.text, date=case.date, lang=lang, id=case.id)
    problems = compare(case, events)
    assert not problems, f"{case.text}\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", list(TABLES))
def test_extract_table_covers_every_plover_type(lang):
    from bilateral.lexicons import load_ontology

    types = {e.type for c in TABLES[lang] if not c.xfail for e in c.events}
    assert set(load_ontology().types) <= types


@pytest.mark.parametrize("lang", list(TABLES))
def test_extract_table_has_no_event_sentences(lang):
    assert sum(1 for c in TABLES[lang] if not c.events and not c.xfail) >= 20


@pytest.mark.parametrize("lang", list(TABLES))
def test_extract_table_is_mostly_passing(lang):
    assert sum(1 for c in TABLES[lang] if not c.xfail) >= 120

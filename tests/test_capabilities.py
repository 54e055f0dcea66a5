"""The capability matrix (tests/capabilities/): every PLOVER type × construction × language × actor
kind, generated from templates and compared with the rules of tests/sentence_table.py.

Cases listed in tests/capabilities/known_gaps.yaml are strict xfails: they must fail, with the
reason recorded there, so that the list stays true. When the coder improves, refresh the list with
`python benchmarks/capabilities.py --refresh-gaps` (which also rewrites benchmarks/CAPABILITIES.md).
"""
from __future__ import annotations

import pytest

from capabilities.generate import load, load_known_gaps
from sentence_table import Case, Expected, compare

MATRIX = load()
GAPS = load_known_gaps()


def _table_case(case) -> Case:
    return Case(case.id, case.text, case.date, tuple(Expected.parse(e) for e in case.events), None)


def _params():
    for case in MATRIX.cases:
        reason = GAPS.get(case.id)
        marks = [pytest.mark.slow]
        if reason:
            marks.append(pytest.mark.xfail(reason=f"known gap: {reason}", strict=True))
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_capability(coder, case):
    events = coder.code_text(case.text, date=case.date, lang=case.lang, id=case.id)
    problems = compare(_table_case(case), events)
    assert not problems, f"{case.text}\n" + "\n".join(problems)


def test_matrix_is_deterministic():
    from capabilities.generate import TEMPLATES, _load

    _load.cache_clear()
    again = load(TEMPLATES)
    assert [(c.id, c.text, c.events) for c in again.cases] == [(c.id, c.text, c.events) for c in MATRIX.cases]


def test_matrix_covers_every_cell():
    """Each language × type × construction is either generated for every applicable actor kind or
    marked n/a with a reason, and the size stays manageable."""
    from bilateral.lexicons import load_ontology

    assert set(MATRIX.types) == set(load_ontology().types)
    generated = {(c.lang, c.type, c.construction, c.kind) for c in MATRIX.cases}
    left_out = {(n.lang, n.type, n.construction, k) for n in MATRIX.not_applicable for k in n.kinds}
    assert all(n.reason.strip() for n in MATRIX.not_applicable)
    for lang in MATRIX.languages:
        for etype in MATRIX.types:
            for name in MATRIX.constructions:
                for kind in MATRIX.kinds:
                    cell = (lang, etype, name, kind)
                    assert (cell in generated) != (cell in left_out), cell
    assert 1000 <= len(MATRIX.cases) <= 4000


def test_cases_are_well_formed():
    for case in MATRIX.cases:
        assert "{" not in case.text and "}" not in case.text, case.id
        assert case.id == f"{case.lang}-{case.type}-{case.construction}-{case.kind}"
        for line in case.events:
            expected = Expected.parse(line)
            assert expected.source != expected.target, case.id  # recipients are never the doer's country


def test_known_gaps_name_existing_cases():
    ids = {c.id for c in MATRIX.cases}
    unknown = sorted(set(GAPS) - ids)
    assert not unknown, f"known_gaps.yaml names cases that no longer exist: {unknown[:10]}"
    assert all(reason.strip() for reason in GAPS.values())

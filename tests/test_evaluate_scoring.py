"""The scoring rule of the benchmarks README, as small tables."""
from __future__ import annotations

import json

import pytest

from bilateral.errors import GoldFileError
from bilateral.evaluate import GoldEvent, GoldStory, load_gold, score


def story(*events, id="s1", lang="fr"):
    return GoldStory(id, lang, "texte", None, tuple(
        GoldEvent(s, t, tuple(ty.split("|")), opt) for s, t, ty, opt in events))


def pred(src, tgt, etype, *, story="s1", context=()):
    return {"story_id": story, "event": etype, "actor": [{"code": src}] if src else [],
            "recipient": [{"code": tgt}] if tgt else [], "context": list(context),
            "text_info": {"sentence_text": "phrase"}}


def counts(scores):
    return scores.overall.tp, scores.overall.fp, scores.overall.fn


def test_evaluate_exact_match():
    assert counts(score([story(("RUS", "MLI", "AID", False))], [pred("RUS", "MLI", "AID")])) == (1, 0, 0)


def test_evaluate_direction_matters_except_symmetric_types():
    gold = [story(("RUS", "MLI", "AID", False), ("MLI", "RUS", "AGREE", False))]
    got = score(gold, [pred("MLI", "RUS", "AID"), pred("RUS", "MLI", "AGREE")])
    assert counts(got) == (1, 1, 1)


def test_evaluate_alternative_types_and_no_fp_for_the_other_alternative():
    gold = [story(("---", "MLI", "COERCE|ASSAULT", False))]
    got = score(gold, [pred(None, "MLI", "ASSAULT"), pred("", "MLI", "COERCE")])
    assert counts(got) == (1, 0, 0)


def test_evaluate_optional_gold_neither_required_nor_penalised():
    gold = [story(("RUS", "MLI", "AID", True))]
    assert counts(score(gold, [])) == (0, 0, 0)
    assert counts(score(gold, [pred("RUS", "MLI", "AID")])) == (0, 0, 0)


def test_evaluate_modal_predictions_not_scored():
    gold = [story(("RUS", "MLI", "AID", False))]
    got = score(gold, [pred("RUS", "MLI", "AID", context=["military", "hypothetical"]), pred("FRA", "MLI", "AID", context=["future"])])
    assert counts(got) == (0, 0, 1)


def test_evaluate_identical_gold_counts_once_and_one_to_one():
    gold = [story(("RUS", "MLI", "AID", False), ("RUS", "MLI", "AID", False), ("RUS", "BFA", "AID", False))]
    got = score(gold, [pred("RUS", "MLI", "AID")])
    assert counts(got) == (1, 0, 1)


def test_evaluate_multi_actor_events_expand_to_pairs():
    gold = [story(("FRA", "NER", "SANCTION", False), ("USA", "NER", "SANCTION", False))]
    record = pred("FRA", "NER", "SANCTION")
    record["actor"].append({"code": "USAGOV"})
    assert counts(score(gold, [record])) == (2, 0, 0)


def test_evaluate_story_without_gold_counts_all_fp_and_languages_split():
    gold = [story(id="a", lang="fr"), story(("MLI", "DZA", "ACCUSE", False), id="b", lang="en")]
    got = score(gold, [pred("MLI", "RUS", "SUPPORT", story="a"), pred("MLI", "DZA", "ACCUSE", story="b")])
    assert (got.by_lang["fr"].fp, got.by_lang["en"].tp) == (1, 1)
    assert got.by_type["SUPPORT"].fp == 1 and got.by_type["ACCUSE"].tp == 1
    assert got.overall.precision == 0.5 and got.overall.recall == 1.0
    assert round(got.overall.f1, 4) == 0.6667
    assert [e["kind"] for e in got.errors] == ["false positive"]


def test_evaluate_bad_gold_line_names_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x", "events": []}) + "\n" + '{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match=r"gold.jsonl:2"):
        load_gold(path)


def test_evaluate_split_by_page_keeps_a_page_in_one_half(tmp_path):
    from bilateral.evaluate import HALVES, evaluate_file, half_of

    urls = [f"https://example.org/news/{i}" for i in range(40)]
    halves = {half_of(u) for u in urls}
    assert halves == set(HALVES)  # both halves get pages
    assert all(half_of(u) == half_of(u) for u in urls)  # and the split is stable
    gold = tmp_path / "gold.jsonl"
    lines = []
    for i, url in enumerate(urls[:6]):
        for part in range(2):  # two texts of each page
            lines.append(json.dumps({"id": f"{i}-{part}", "lang": "fr", "url": url, "text": "t",
                                     "events": [{"source": "RUS", "target": "MLI", "type": "AID"}]}))
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    preds = tmp_path / "pred.jsonl"
    preds.write_text("", encoding="utf-8")
    sizes = {h: evaluate_file(gold, predictions=preds, half=h).overall.fn for h in HALVES}
    expected = {h: 2 * sum(1 for u in urls[:6] if half_of(u) == h) for h in HALVES}
    assert sizes == expected and sum(sizes.values()) == 12
    with pytest.raises(GoldFileError, match="unknown half"):
        evaluate_file(gold, predictions=preds, half="middle")

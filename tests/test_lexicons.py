"""Schema tests: every lexicon file loads, and a malformed row is rejected with file and line."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bilateral.errors import LexiconError
from bilateral.lexicons import _table, load_lexicons, load_ontology


def test_lexicons_ontology_has_16_types_and_37_contexts():
    onto = load_ontology()
    assert len(onto.types) == 16
    assert len(onto.contexts) == 37
    assert onto.goldstein("072") == 7.0
    assert onto.quad("190") == 4
    assert onto.check_cameo("072", "AID") is None
    assert onto.check_cameo("084", "RETREAT") is None
    assert onto.check_cameo("081", "RETREAT") is not None
    assert onto.check_cameo("120", "AID") is not None


def test_lexicons_french_load_and_are_large():
    lex = load_lexicons("fr")
    triggers = [e for entries in lex.triggers.values() for e in entries]
    assert len(triggers) >= 300
    assert {e.type for e in triggers} == set(lex.ontology.types)
    assert {e.pos for e in triggers} == {"VERB", "NOUN"}
    assert len(lex.countries) >= 193
    assert lex.version.startswith("fr-")


def test_lexicons_english_load_and_are_large():
    from bilateral.lexicons import load_dependency_map

    lex = load_lexicons("en")
    triggers = [e for entries in lex.triggers.values() for e in entries]
    assert len(triggers) >= 300
    assert {e.type for e in triggers} == set(lex.ontology.types)
    assert lex.version.startswith("en-")
    assert load_dependency_map("en")["dobj"] == "obj"
    assert lex.titles["minister"][0] == "GOV"


def test_lexicons_unknown_language_rejected():
    with pytest.raises(LexiconError, match="no lexicons for language 'xx'"):
        load_lexicons("xx")


@pytest.mark.parametrize("form,code", [
    ("Mali", "MLI"), ("Russie", "RUS"), ("Moscou", "RUS"), ("Kremlin", "RUS"), ("Bamako", "MLI"),
    ("CEDEAO", "ECW"), ("Rosatom", "RUS"), ("FAMa", "MLI"), ("Bougoula", "MLI"), ("Niamey", "NER"),
    ("Élysée", "FRA"), ("Côte d'Ivoire", "CIV"), ("Burkina Faso", "BFA"), ("Union africaine", "AFU"),
    ("Moscow", "RUS"), ("Algiers", "DZA"), ("ECOWAS", "ECW"), ("Ivory Coast", "CIV"), ("Sergei Lavrov", "RUS"),
])
def test_lexicons_french_names_resolve(form, code):
    lex = load_lexicons("fr")
    assert form in lex.exact, form
    assert lex.exact[form][0].code == code


@pytest.mark.parametrize("form,code", [
    ("malien", "MLI"), ("maliennes", "MLI"), ("russes", "RUS"), ("ivoirien", "CIV"), ("nigérienne", "NER"),
    ("nigérian", "NGA"), ("burkinabè", "BFA"), ("algériens", "DZA"), ("malian", "MLI"), ("russian", "RUS"),
    ("ivorian", "CIV"),
])
def test_lexicons_french_adjectives_resolve(form, code):
    assert load_lexicons("fr").folded[form][0].code == code


def test_lexicons_people_are_dated():
    from datetime import date

    from bilateral.extract.actors import pick_entry

    lex = load_lexicons("fr")
    lavrov = lex.exact["Sergueï Lavrov"]
    assert pick_entry(lavrov, date(2025, 10, 14)).code == "RUS"
    putin = lex.exact["Vladimir Poutine"]
    roles = {pick_entry(putin, date(2010, 1, 1)).role, pick_entry(putin, date(2025, 1, 1)).role}
    assert len(roles) == 2  # prime minister in 2010, president in 2025


def test_lexicons_titles_have_sectors():
    titles = load_lexicons("fr").titles
    assert titles["ministre"] == ("GOV", False)
    assert titles["armée"][0] == "MIL"
    assert titles["jihadiste"] == ("REB", True)


# --- malformed files are rejected, naming file and line ---------------------------------------

@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    target = tmp_path / "data"
    shutil.copytree(_table.data_dir(), target)
    monkeypatch.setattr(_table, "data_dir", lambda: target)
    _clear_caches()
    yield target
    _clear_caches()


def _clear_caches():
    from bilateral import lexicons

    for cached in (lexicons.load_lexicons, lexicons.load_ontology, lexicons._load_actors):
        cached.cache_clear()


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("row,message", [
    ("zzlivrer,VERB,,GIVE,,,072,agent,", "not a PLOVER type"),
    ("zzlivrer,VERB,,AID,bogus,,072,agent,", "mode 'bogus'"),
    ("zzlivrer,VERB,,AID,,militaire,072,agent,", "context 'militaire'"),
    ("zzlivrer,VERB,,AID,,,120,agent,", "CAMEO 120 is REJECT"),
    ("zzlivrer,VERB,,AID,,,12,agent,", "CAMEO root 12"),
    ("zzlivrer,ADV,,AID,,,072,agent,", "pos 'ADV'"),
    ("Zzlivrer,VERB,,AID,,,072,agent,", "lower case"),
    ("zzlivrer,VERB,,AID,,,072,sideways,", "roles 'sideways'"),
    ("zzlivrer,VERB,,AID,,,072", "cells"),
    ("zzlivrer,VERB,@nosuchclass,AID,,,072,agent,", "word class '@nosuchclass'"),
])
def test_lexicons_trigger_schema_rejects(data_copy, row, message):
    line = _append(data_copy / "fr" / "triggers.csv", row)
    with pytest.raises(LexiconError) as info:
        load_lexicons("fr")
    assert message in str(info.value)
    assert f"triggers.csv:{line}" in str(info.value)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_lexicons_word_classes_expand_in_with(lang):
    lex = load_lexicons(lang)
    from bilateral.lexicons import CLASS_COLUMNS
    from bilateral.lexicons._table import read_table

    classes = read_table(f"{lang}/classes.csv", CLASS_COLUMNS)
    arms = {row["lemma"] for row in classes.rows if row["class"] == "arms"}
    assert len(arms) >= 30
    verb = {"fr": "livrer", "en": "deliver"}[lang]
    military = [e for e in lex.triggers[(verb, "VERB")] if e.mode == "military"]
    assert military and arms <= set(military[0].with_)
    assert not any(w.startswith("@") for entries in lex.triggers.values() for e in entries for w in e.with_)


def test_lexicons_duplicate_trigger_rejected(data_copy):
    _append(data_copy / "fr" / "triggers.csv", "zzlivrer,VERB,,AID,,,072,agent,")
    _append(data_copy / "fr" / "triggers.csv", "zzlivrer,VERB,,AID,,,072,agent,")
    with pytest.raises(LexiconError, match="duplicate trigger"):
        load_lexicons("fr")


@pytest.mark.parametrize("file,row,message", [
    ("actors/people.csv", "Jean Test,,MLI,GOV,president,2020-05-01,2019-01-01", "before start"),
    ("actors/people.csv", "Jean Test,,MLI,GOV,president,2020-13-01,", "not a YYYY-MM-DD"),
    ("actors/people.csv", "Jean Test,,mli,GOV,president,2020-01-01,", "actor code"),
    ("actors/organisations.csv", "zz-test,RUS,XYZ,Zztest,", "sector 'XYZ'"),
    ("actors/places.csv", "Zzville,MLI,planet", "kind 'planet'"),
    ("fr/titles.csv", "zzchef,GOV,maybe", "standalone"),
    ("fr/cues.csv", "zzpeut,doubt,child,", "cue 'doubt'"),
    ("fr/classes.csv", "Arms,fusil,", "class 'Arms'"),
    ("fr/classes.csv", "arms,Fusil,", "one lower-case word"),
    ("fr/classes.csv", "arms,fusil|obus,", "one lower-case word"),
    ("fr/classes.csv", "arms,arme,", "already in class arms"),
])
def test_lexicons_actor_schema_rejects(data_copy, file, row, message):
    line = _append(data_copy / file, row)
    with pytest.raises(LexiconError) as info:
        load_lexicons("fr")
    assert message in str(info.value)
    assert f"{Path(file).name}:{line}" in str(info.value)


def test_lexicons_missing_provenance_rejected(data_copy):
    path = data_copy / "fr" / "titles.csv"
    path.write_text("\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("# provenance")))
    with pytest.raises(LexiconError, match="provenance"):
        load_lexicons("fr")


def test_lexicons_version_changes_with_content(data_copy):
    before = load_lexicons("fr").version
    _clear_caches()
    _append(data_copy / "fr" / "titles.csv", "zzchef,GOV,no")
    assert load_lexicons("fr").version != before


def test_lexicons_organisation_code_must_exist(data_copy):
    line = _append(data_copy / "actors" / "organisations.csv", "zz-test,XYZ,BUS,Zztest,")
    with pytest.raises(LexiconError, match="neither a country") as info:
        load_lexicons("fr")
    assert f"organisations.csv:{line}" in str(info.value)


def test_lexicons_family_files_extend_the_main_file(data_copy):
    folder = data_copy / "fr" / "triggers"
    folder.mkdir(exist_ok=True)
    extra = folder / "zz_test.csv"
    extra.write_text("# lexicon: fr-triggers-zz\n# version: 1.0.0\n# description: test\n# provenance: test\n"
                     "lemma,pos,with,type,mode,context,cameo,roles,note\n"
                     "zzlivrer,VERB,,AID,military,,072,agent,\n", encoding="utf-8")
    lex = load_lexicons("fr")
    assert lex.triggers[("zzlivrer", "VERB")][0].where.endswith("zz_test.csv:6")
    assert any(path.endswith("zz_test.csv") for path, _, _ in lex.files)
    _clear_caches()
    _append(extra, "livrer,VERB,,AID,,,072,agent,")  # already in the main file
    with pytest.raises(LexiconError, match="duplicate trigger livrer/VERB") as info:
        load_lexicons("fr")
    assert "zz_test.csv:7" in str(info.value) and "first at" in str(info.value)


def test_lexicons_people_folder_is_read(data_copy):
    folder = data_copy / "actors" / "people"
    folder.mkdir(exist_ok=True)
    (folder / "zz_test.csv").write_text(
        "# lexicon: people-zz\n# version: 1.0.0\n# description: test\n# provenance: test\n"
        "name,aliases,code,sector,role,start,end\nZorbo Zanteli,Zanteli,ZMB,GOV,president,2021-01-01,\n",
        encoding="utf-8")
    lex = load_lexicons("fr")
    assert lex.exact["Zanteli"][0].code == "ZMB"


def test_lexicons_cameo_codes_table_is_complete():
    from bilateral.lexicons import load_ontology
    from bilateral.lexicons.coverage import cameo_codes

    codes = cameo_codes()
    roots = {c.code[:2] for c in codes}
    assert roots == set(load_ontology().roots)  # all twenty roots
    assert len({c.code for c in codes}) == len(codes)
    assert all(c.code.endswith("0") or c.code[:2] + "0" in {d.code for d in codes} for c in codes)


def test_lexicons_people_aliases_never_name_two_countries_at_once():
    """A bare alias shared by people of two countries must not be in office at the same time, or a
    surname would stand for either."""
    from bilateral.lexicons import _load_actors

    clashes = []
    for form, entries in _load_actors().exact.items():
        people = [e for e in entries if e.kind == "person"]
        for i, a in enumerate(people):
            for b in people[i + 1:]:
                if a.code == b.code or a.name == b.name:
                    continue
                overlap = (a.start or date.min) <= (b.end or date.max) and (b.start or date.min) <= (a.end or date.max)
                if overlap:
                    clashes.append((form, a.name, a.code, b.name, b.code))
    assert not clashes, clashes[:10]


def test_lexicons_people_names_are_not_places_or_organisations():
    from bilateral.lexicons import _load_actors

    mixed = [(form, sorted({e.kind for e in entries})) for form, entries in _load_actors().exact.items()
             if any(e.kind == "person" for e in entries) and any(e.kind in ("place", "org", "country", "capital")
                                                                   for e in entries)]
    assert not mixed, mixed[:10]


def test_lexicons_ambiguous_names_need_a_reading_in_the_actor_files(data_copy):
    _append(data_copy / "actors" / "ambiguous.csv", "RSF,FRA,GOV,paris")
    with pytest.raises(LexiconError, match="no actor FRA/GOV is named 'RSF'"):
        load_lexicons("fr")


def test_lexicons_cover_every_plover_mapped_cameo_code_in_both_languages():
    from bilateral.lexicons.coverage import coverage

    table = coverage()
    assert table.empty_cells() == []
    assert all(table.total(lang) >= 2000 for lang in ("fr", "en"))


def test_lexicons_not_actor_rows_must_hold_a_real_actor_word(data_copy):
    _append(data_copy / "actors" / "not_actors.csv", "Atlantic Ocean,Atlantic,no actor is named Atlantic")
    with pytest.raises(LexiconError, match="'Atlantic' is not an actor form"):
        load_lexicons("en")


def test_lexicons_not_actor_rows_must_not_be_actors_themselves(data_copy):
    _append(data_copy / "actors" / "not_actors.csv", "Burkina Faso,Burkina Faso,")
    with pytest.raises(LexiconError, match="'Burkina Faso' is itself an actor form"):
        load_lexicons("en")


def test_lexicons_not_actor_forms_are_loaded_lower_cased():
    lex = load_lexicons("fr")
    assert "latin american" in lex.not_actors and "golfe de guinée" in lex.not_actors
    assert not {form for form in lex.not_actors if form in lex.folded}

from __future__ import annotations

from datetime import date

import pytest

from bilateral.extract import find_date

REF = date(2025, 10, 15)  # a Wednesday


@pytest.mark.parametrize("sentence,expected,precision", [
    ("Le 14 octobre 2025 marque le 65e anniversaire.", date(2025, 10, 14), "day"),
    ("Le ministre a signé le 14 octobre.", date(2025, 10, 14), "day"),
    ("Le sommet s'est tenu le 1er juillet.", date(2025, 7, 1), "day"),
    ("La visite a eu lieu le 20 décembre.", date(2024, 12, 20), "day"),  # later in the year → last year
    ("Les relations ont été établies en 1960.", date(1960, 1, 1), "year"),
    ("La CEDEAO a levé les sanctions en juillet 2022.", date(2022, 7, 1), "month"),
    ("Le ministre est arrivé hier à Bamako.", date(2025, 10, 14), "day"),
    ("Il repartira demain.", date(2025, 10, 16), "day"),
    ("Les deux chefs d'État se sont parlé lundi.", date(2025, 10, 13), "day"),
    ("Le texte a été adopté mercredi.", date(2025, 10, 15), "day"),
])
def test_extract_dates_resolve_against_document_date(sentence, expected, precision):
    found = find_date(sentence, REF)
    assert found is not None and found.day == expected and found.precision == precision


def test_extract_dates_since_keeps_the_span():
    found = find_date("Depuis 2020, Moscou a livré des blindés.", REF)
    assert found.since and found.day == date(2020, 1, 1)


def test_extract_dates_none_without_expression():
    assert find_date("La Russie a livré des blindés au Mali.", REF) is None


@pytest.mark.parametrize("sentence,expected,precision", [
    ("Russia delivered the tanks on October 14, 2025.", date(2025, 10, 14), "day"),
    ("The minister signed it on 14 October.", date(2025, 10, 14), "day"),
    ("The talks took place on Monday.", date(2025, 10, 13), "day"),
    ("The envoy arrived in Bamako yesterday.", date(2025, 10, 14), "day"),
    ("Relations were established in 1960.", date(1960, 1, 1), "year"),
    ("ECOWAS lifted the sanctions in July 2022.", date(2022, 7, 1), "month"),
])
def test_extract_dates_english(sentence, expected, precision):
    found = find_date(sentence, REF, "en")
    assert found is not None and found.day == expected and found.precision == precision


def test_extract_dates_english_since():
    found = find_date("Since 2020, Moscow has delivered armoured vehicles.", REF, "en")
    assert found.since and found.day == date(2020, 1, 1)

"""Property tests: whatever bytes a file holds and whatever string the coder is given, nothing
escapes but the project's own documented errors, and what comes out is clean and consistent.

The budgets are fixed (``derandomize``) so that `make test` runs the same examples every time.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilateral import Article, Coder
from bilateral.errors import BilateralError
from bilateral.ingest import Problem, read_inputs
from bilateral.textclean import clean_text

UNCLEAN = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".csv", ".tsv", ".md", ".warc", ".warc.gz"]
READERS = settings(max_examples=150, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Pieces that steer the readers into their structured paths, shuffled with noise.
FRAGMENTS = st.sampled_from([
    b"{", b"}", b"[", b"]", b'"text": ', b'"id": ', b'"\\ud83d"', b'"\\u0000"', b",", b"\n", b"\r\n", b"\x00",
    b"\xff\xfe", b"\xef\xbb\xbf", b"<html>", b"<div>", b"</div>", b"<p>", b"text,id\n", b'"', b";", b"\t",
    b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n", b"\x1f\x8b\x08", "La Russie a livré des blindés au Mali.".encode(),
    "é".encode("cp1252"), "\ud83d".encode("utf-8", "surrogatepass"), b"\\", b"9" * 40,
])
CONTENT = st.one_of(st.binary(max_size=2000), st.lists(st.one_of(FRAGMENTS, st.binary(max_size=8)), max_size=60)
                    .map(b"".join))


@READERS
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES))
def test_readers_turn_any_bytes_into_clean_articles_or_problems(tmp_path_factory, content, suffix):
    folder = tmp_path_factory.mktemp("any")
    path = folder / f"input{suffix}"
    path.write_bytes(content)
    for item in read_inputs([str(path)], max_bytes=100_000):
        assert isinstance(item, (Article, Problem))
        if isinstance(item, Article):
            assert item.text.strip()
            assert not UNCLEAN.search(item.text), repr(item.text)
            for value in (item.id, item.title, item.url, item.source, item.outlet):
                value.encode("utf-8")  # storable and printable: no lone surrogate anywhere
        else:
            str(item).encode("utf-8")
            assert not UNCLEAN.search(str(item).replace("\n", " "))


@pytest.fixture(scope="module")
def coder():
    return Coder(today=date(2025, 10, 15))


TEXTS = st.lists(st.one_of(
    st.sampled_from(["La Russie a livré des blindés au Mali. ", "Moscou ", "a condamné ", "l'attaque ", "du Niger ",
                     "contre ", "le 14 octobre ", "« ", " »", "\n\n", "il ", "les deux pays ", "Bamako ", ", ",
                     "Russia sent troops to Mali. ", "\ud83d", "\x00", "\u0301", "\ufeff", "\u202e"]),
    st.text(max_size=12)), max_size=40).map("".join)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXTS, lang=st.sampled_from(["fr", "en"]))
def test_the_coder_takes_any_string_and_its_offsets_point_at_the_cleaned_text(coder, text, lang):
    problems = []
    try:
        events = list(coder.code([Article(id="any", text=text, lang=lang, date=date(2025, 10, 14))],
                                 on_problem=problems.append))
    except BilateralError:
        return
    for event in events:
        info = event.text_info
        assert not UNCLEAN.search(info.sentence_text)
        assert info.sentence_text.strip()
        assert clean_text(text)[info.start:info.end] == info.trigger
        assert info.trigger in info.sentence_text
        for actor in event.actor + event.recipient:
            assert actor.code
            actor.text.encode("utf-8")

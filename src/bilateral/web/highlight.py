"""Marking spans of text (triggers, actors) without ever building HTML: the templates escape."""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..store.queries import fold


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` is a ``kind`` (trigger, actor, recipient); ``anchor`` names its first segment."""

    start: int
    end: int
    kind: str
    label: str
    anchor: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kinds: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """Cut ``text`` at every span boundary; each piece knows the spans covering it (they may overlap).

    Spans outside the text or empty (an inferred actor has offsets -1) are left out. Each span is
    placed on the pieces it covers (found by bisection), so thousands of spans stay fast.
    """
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    if not valid:
        return [Segment(text)] if text else []
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    covering: list[list[Span]] = [[] for _ in range(len(cuts) - 1)]
    anchored: list[list[str]] = [[] for _ in range(len(cuts) - 1)]
    for span in valid:  # in the order given, which is the order of kinds and labels in a piece
        first, last = bisect_left(cuts, span.start), bisect_left(cuts, span.end)
        for piece in range(first, last):
            covering[piece].append(span)
        if span.anchor:
            anchored[first].append(span.anchor)
    return [
        Segment(text[left:right], tuple(dict.fromkeys(s.kind for s in over)),
                tuple(dict.fromkeys(s.label for s in over)), tuple(anchors))
        for (left, right), over, anchors in zip(pairwise(cuts), covering, anchored)
    ]


def split_trigger(sentence: str, trigger: str) -> tuple[str, str, str]:
    """(before, trigger, after): the trigger's first occurrence as a whole word, else anywhere."""
    if not trigger:
        return sentence, "", ""
    found = re.search(rf"(?<!\w){re.escape(trigger)}(?!\w)", sentence) or re.search(re.escape(trigger), sentence)
    if not found:
        return sentence, "", ""
    return sentence[:found.start()], found.group(0), sentence[found.end():]


def word_spans(text: str, terms: Iterable[str]) -> list[Span]:
    """Where each search term (a folded word, see ``store.queries.search_terms``) stands in ``text`` as a
    whole word, whatever its case and accents: "cedeao" marks "Cédéao"."""
    pattern = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    if not pattern or not text:
        return []
    # Fold character by character, remembering where each folded character came from, so that a
    # match in the folded text maps back onto the original characters.
    folded, origin = [], []
    for index, char in enumerate(text):
        piece = fold(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    found = re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", "".join(folded))
    # a match ends where the next folded character starts: accents written as combining marks stay inside
    return [Span(origin[m.start()], origin[m.end()] if m.end() < len(origin) else len(text), "hit", m.group(0))
            for m in found if m.end() > m.start()]


def highlight(text: str | None, terms: Iterable[str], trigger: str = "") -> list[Segment]:
    """``text`` cut into segments marking the search terms (kind ``hit``) and the trigger (kind ``trigger``,
    placed as ``split_trigger`` places it). Segments carry plain text: the templates escape it."""
    text = text or ""
    spans = word_spans(text, terms)
    before, found, _ = split_trigger(text, trigger)
    if found:
        spans.insert(0, Span(len(before), len(before) + len(found), "trigger", trigger))
    return segments(text, spans)

"""Actor mentions in a parsed sentence, and the actors a phrase refers to.

Pure functions over a spaCy ``Doc`` and the lexicons: nothing is stored on the Doc.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from ..lexicons import ActorEntry, Lexicons
from ..model import ActorRef
from ..nlp import ACTOR_KEY
from .grammar import Grammar

STATE_KINDS = frozenset({"country", "capital", "seat"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token indices
    end: int
    text: str
    entries: tuple[ActorEntry, ...]

    @property
    def kind(self) -> str:
        return self.entries[0].kind


def find_mentions(doc: Doc, lex: Lexicons) -> dict[int, Mention]:
    """Token index → the lexicon mention covering it."""
    out: dict[int, Mention] = {}
    for span in doc.spans.get(ACTOR_KEY, []):
        if span.label_ == "exact":
            entries = lex.exact.get(span.text) or lex.exact.get(_title_case(span.text), ())
        else:
            entries = lex.folded.get(span.text.lower(), ())
        if not entries:
            continue
        mention = Mention(span.start, span.end, span.text, entries)
        for i in range(span.start, span.end):
            out[i] = mention
    return out


def _title_case(text: str) -> str:
    # headline capitals (RUSSIE) are matched through their upper-case variant; map back
    return text[:1] + text[1:].lower() if text.isupper() else text


def pick_entry(entries: tuple[ActorEntry, ...], day: date) -> ActorEntry:
    """The entry that holds on ``day``; for people, the office held then, else the nearest one."""
    if len(entries) == 1:
        return entries[0]
    holding = [e for e in entries if e.holds_on(day)]
    if holding:
        return holding[0]

    def distance(entry: ActorEntry) -> int:
        if entry.start and day < entry.start:
            return (entry.start - day).days
        if entry.end and day > entry.end:
            return (day - entry.end).days
        return 0

    return min(entries, key=distance)


class ActorFinder:
    """Resolves a token (the head of an argument phrase) to the actors it stands for."""

    def __init__(
        self, doc: Doc, lex: Lexicons, grammar: Grammar, day: date, previous: ActorRef | None,
        mentions: dict[int, Mention],
    ):
        self.doc = doc
        self.lex = lex
        self.g = grammar
        self.day = day
        self.previous = previous
        self.mentions = mentions

    # --- references -------------------------------------------------------------------------
    def ref(self, mention: Mention, sector: str | None = None, title: Token | None = None) -> ActorRef:
        entry = pick_entry(mention.entries, self.day)
        start_tok = self.doc[min(mention.start, title.i) if title is not None else mention.start]
        end_tok = self.doc[max(mention.end - 1, title.i) if title is not None else mention.end - 1]
        text = self.doc[start_tok.i : end_tok.i + 1].text
        if sector is None:
            sector = entry.sector or "GOV"
            if entry.kind == "adjective" and self.doc[mention.start].text[:1].isupper():
                sector = "CVL"  # a demonym used as a noun: "les Maliens"
        name = entry.name if entry.kind != "person" else f"{entry.name} ({entry.role})"
        return ActorRef(entry.code, sector, text, name, start_tok.idx, end_tok.idx + len(end_tok.text))

    def mention_of(self, token: Token) -> Mention | None:
        return self.mentions.get(token.i)

    # --- phrases ----------------------------------------------------------------------------
    def of_phrase(self, token: Token, *, places: bool = True, deep: bool = True) -> list[ActorRef]:
        """The actors a phrase headed by ``token`` names; coordinated heads give one actor each."""
        found: list[ActorRef] = []
        for head in (token, *token.conjuncts):
            if head.i < token.i and head is not token and token.dep_ == "conj":
                continue  # conjuncts are collected from the first head only
            ref = self._one(head, places=places, deep=deep)
            if ref is not None and ref not in found:
                found.append(ref)
        return found

    def _one(self, token: Token, *, places: bool, deep: bool) -> ActorRef | None:
        mention = self.mention_of(token)
        if mention is not None:
            if mention.kind == "place" and not places:
                return None
            if mention.kind == "adjective":
                return self.ref(mention, self._title_sector(token.head) if token.dep_ in self.g.adjective else None)
            return self.ref(mention)
        lemma = token.lemma_.lower()
        title = self.lex.titles.get(lemma)
        if title is not None:
            sector, standalone = title
            owner = self._owner(token)
            if owner is not None:
                return self.ref(owner, sector, title=token)
            if standalone:
                return ActorRef("---", sector, token.text, "", token.idx, token.idx + len(token.text))
            return None
        if self._is_anaphor(token):
            return self.previous
        if token.dep_ in self.g.relative or lemma in ("qui", "lequel", "laquelle"):
            return None
        if deep:
            owner = self._owner(token)
            if owner is not None and (places or owner.kind != "place"):
                return self.ref(owner)
        return None

    def _owner(self, token: Token) -> Mention | None:
        """A country, organisation or person attached to a noun: "ministre malien", "armée du Mali",
        "ministre, Abdoulaye Diop", "son homologue russe"."""
        order = (self.g.apposition, self.g.adjective, self.g.nominal_mod, self.g.name_part)
        for deps in order:
            for child in token.children:
                if child.dep_ not in deps:
                    continue
                mention = self.mention_of(child)
                if mention is not None and mention.kind != "place":
                    return mention
                if deps is self.g.nominal_mod and self.lex.titles.get(child.lemma_.lower()):
                    nested = self._owner(child)  # "le chef de la diplomatie malienne"
                    if nested is not None:
                        return nested
        return None

    def _title_sector(self, token: Token) -> str | None:
        title = self.lex.titles.get(token.lemma_.lower())
        return title[0] if title else None

    def _is_anaphor(self, token: Token) -> bool:
        if token.lower_ in self.g.pronouns and token.dep_ in (self.g.subject | self.g.passive_subject):
            return True
        return token.lower_ in self.g.anaphoric_adjectives and any(c.lower_ in ("ce", "cette", "ces") for c in token.children)

    def last_named(self, sent_start: int, sent_end: int) -> ActorRef | None:
        """The actor named last in a sentence (for "ce dernier" in the next one)."""
        last = None
        for i in range(sent_start, sent_end):
            mention = self.mentions.get(i)
            if mention is not None and mention.kind != "place" and i == mention.start:
                tok = self.doc[i]
                sector = None
                if mention.kind == "adjective" and tok.dep_ in self.g.adjective:
                    sector = self._title_sector(tok.head)
                last = self.ref(mention, sector)
        return last

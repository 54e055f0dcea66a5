"""Actor mentions in a parsed sentence, and the actors a phrase refers to.

Pure functions over a spaCy ``Doc`` and the lexicons: nothing is stored on the Doc.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy
from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from ..lexicons import ActorEntry, Lexicons
from ..model import ActorRef
from ..nlp import ACTOR_KEY
from ..nlp.components import ATTRIBUTION
from .grammar import Grammar

# Groups of a society that, unnamed, belong to the state acting on them.
DOMESTIC_SECTORS = frozenset({"CVL", "JRN", "OPP", "EDU", "LAB", "REL", "PTY", "MED", "AGR"})
# Sectors whose unnamed members belong to the country where they are ("police in Kayes",
# "rebels in the north of Mali"): rebels of a country are coded with it, as PLOVER does.
LOCATED_SECTORS = DOMESTIC_SECTORS | {"COP", "REB"}
# Nouns that name a group by its members' marker: "opposition groups", "union members".
COLLECTIVES = frozenset({"group", "member", "movement", "coalition", "supporter", "leader", "activist", "organisation",
                         "organization", "groupe", "membre", "mouvement", "coalition", "partisan"})
# the words of ATTRIBUTION as ``Doc.to_array(LOWER)`` holds them
_ATTRIBUTION_KEYS = numpy.array(sorted(hash_string(word) for word in ATTRIBUTION), dtype="uint64")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token indices
    end: int
    text: str
    entries: tuple[ActorEntry, ...]

    @property
    def kind(self) -> str:
        return self.entries[0].kind


def attributed_tokens(doc: Doc) -> set[int]:
    """Tokens that only say who reports: "selon l'ONU", "according to Reuters", "d'après Kiev",
    and a credit line in brackets naming a news outlet ("(Avec AFP)", "(Reuters)")."""
    out: set[int] = set()
    # the words are found in the array of lower-case forms: no Token is made for the others
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), _ATTRIBUTION_KEYS)).tolist():
        tok = doc[i]
        if tok.dep_ == "case" and tok.head.i != tok.i:
            out.update(t.i for t in tok.head.subtree)  # "selon l'ONU": the phrase it marks
        else:
            out.update(t.i for t in tok.subtree)  # "according to the ministry": the word heads it
    return out


def _credit_line(doc: Doc, start: int, end: int) -> bool:
    """A bracketed credit ("(AFP)", "(Avec Reuters)"): an opening bracket just before, a closing
    one just after, at most a word like "avec"/"with" in between."""
    before = [t for t in doc[max(0, start - 2): start]]
    return bool(before) and any(t.text == "(" for t in before) and end < len(doc) and doc[end].text == ")"


def find_mentions(doc: Doc, lex: Lexicons) -> dict[int, Mention]:
    """Token index → the lexicon mention covering it. Who reports is not a mention: the source of
    a report ("selon l'ONU", "according to Reuters", "(Avec AFP)") is never a participant."""
    out: dict[int, Mention] = {}
    attributed = attributed_tokens(doc)
    words: set[str] | None = None
    for span in doc.spans.get(ACTOR_KEY, []):
        if span.start in attributed or span.label_ == "none":
            continue
        if span.label_ == "exact":
            entries = lex.exact.get(span.text) or lex.exact.get(_title_case(span.text), ())
        else:
            entries = lex.folded.get(span.text.lower(), ())
        if not entries:
            continue
        if entries[0].sector == "JRN" and _credit_line(doc, span.start, span.end):
            continue
        shared = span.text if span.label_ == "exact" else span.text.lower()
        if shared in lex.ambiguous:
            if words is None:
                words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
            entries = _disambiguate(entries, lex.ambiguous[shared], words)
            if not entries:
                continue
        mention = Mention(span.start, span.end, span.text, entries)
        for i in range(span.start, span.end):
            out[i] = mention
    return out


def _disambiguate(entries: tuple[ActorEntry, ...], readings: tuple[tuple[str, str, frozenset[str]], ...],
                  words: set[str]) -> tuple[ActorEntry, ...]:
    """The reading of a shared name ("RSF": Sudan's paramilitaries or the press-freedom group)
    whose cue words the article uses most; none when no reading is clearly best."""
    hits = sorted(((len(cues & words), code, sector) for code, sector, cues in readings), reverse=True)
    if not hits[0][0] or (len(hits) > 1 and hits[1][0] == hits[0][0]):
        return ()
    _, code, sector = hits[0]
    return tuple(e for e in entries if e.code == code and e.sector == sector)


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
        self, doc: Doc, lex: Lexicons, grammar: Grammar, day: date, mentions: dict[int, Mention],
        *, last_named: ActorRef | None = None, last_subject: ActorRef | None = None,
        last_other: ActorRef | None = None, attributed: frozenset[int] | set[int] = frozenset(),
    ):
        self.doc = doc
        self.lex = lex
        self.g = grammar
        self.day = day
        self.mentions = mentions
        self.last_named = last_named  # for "ce dernier"
        self.last_subject = last_subject  # for "il", "elle"
        self.last_other = last_other  # for an object pronoun: "elle l'a abattu"
        # words that only say who reports ("selon les médias d'État"): no participant is read in them
        self.attributed = attributed
        self.trigger_types: dict[int, str] = {}  # token index → event type, set per sentence

    # --- references -------------------------------------------------------------------------
    def ref(self, mention: Mention, sector: str | None = None, title: Token | None = None) -> ActorRef:
        entry = pick_entry(mention.entries, self.day)
        first = min(mention.start, title.i) if title is not None else mention.start
        last = max(mention.end - 1, title.i) if title is not None else mention.end - 1
        start_tok, end_tok = self.doc[first], self.doc[last]
        text = self.doc[first : last + 1].text if last - first < 12 else f"{start_tok.text} … {end_tok.text}"
        kind = "title" if title is not None else entry.kind
        if entry.kind == "adjective" and mention.start > 0 and self.doc[mention.start - 1].lower_ in self.g.minority_markers:
            # "ethnic Russians in Moldova": a minority belongs to the state it lives in (settled
            # against the other party or the place when the pair is made)
            kind = "domestic"
        if sector is None:
            sector = entry.sector or "GOV"
            word = self.doc[mention.start]
            if entry.kind == "adjective" and word.pos_ in ("NOUN", "PROPN") and word.dep_ not in self.g.adjective:
                sector = "CVL"  # a demonym used as a noun: "les Maliens", "Malians"
        name = entry.name if entry.kind != "person" else f"{entry.name} ({entry.role})"
        return ActorRef(entry.code, sector, text, name, start_tok.idx, end_tok.idx + len(end_tok.text), kind)

    def mention_of(self, token: Token) -> Mention | None:
        return self.mentions.get(token.i)

    # --- phrases ----------------------------------------------------------------------------
    def of_phrase(self, token: Token, *, places: bool = True, deep: bool = False) -> list[ActorRef]:
        """The actors a phrase headed by ``token`` names; coordinated heads give one actor each.

        Titles ("le ministre malien") always resolve; ``deep`` also looks through an ordinary
        noun to the actor it belongs to ("l'ingérence de Washington")."""
        found: list[ActorRef] = []
        heads = [token] + [c for c in token.conjuncts if c.i > token.i] if token.dep_ != "conj" else [token]
        named = self.mention_of(token)
        if token.dep_ != "conj" and named is not None and named.end - named.start > 1:
            # "l'Arabie saoudite et l'Iran": the parser may hang the next conjunct on another word
            # of a name of several words
            heads += [c for i in range(named.start, named.end) if i != token.i
                      for c in self.doc[i].children if c.dep_ == "conj" and c.i >= named.end and c not in heads]
        if self.mention_of(token) is not None and self.mention_of(token).kind in ("country", "org", "capital"):
            # "Mali, Burkina Faso and Niger" parsed as an apposition followed by a coordination
            for child in token.children:
                # or as a bare modifier ("Varsovie, Berlin et Stockholm" with Berlin an nmod)
                listed = child.dep_ in self.g.nominal_mod and child.i > token.i and self.doc[child.i - 1].text == "," \
                    and not any(c.dep_ in self.g.case for c in child.children) \
                    and self.mention_of(child) is not None and self.mention_of(child).kind in ("country", "org", "capital")
                if (child.dep_ in self.g.apposition or listed) and self.mention_of(child) is not None:
                    heads += [child, *[c for c in child.conjuncts if c.i > child.i]]
        if self.mention_of(token) is None and self.lex.titles.get(token.lemma_.lower()):
            # "le président kényan X, le Premier ministre éthiopien Y et le président français Z":
            # a list of office holders parsed as appositions of the first
            for child in token.children:
                if child.dep_ in self.g.apposition and child.i > token.i and self.lex.titles.get(child.lemma_.lower()):
                    heads += [child, *[c for c in child.conjuncts if c.i > child.i]]
                elif child.dep_ in self.g.apposition and child.i > token.i:
                    # "le président russe Vladimir Poutine et son homologue azerbaïdjanais Ilham
                    # Aliyev": the second office holder coordinated with the first one's name
                    heads += [c for c in child.conjuncts if c.i > child.i
                              and (self.lex.titles.get(c.lemma_.lower()) or self.mention_of(c) is not None)]
        for head in heads:
            for ref in self._one(head, places=places, deep=deep):
                if ref not in found:
                    found.append(ref)
        return found

    def _one(self, token: Token, *, places: bool, deep: bool) -> list[ActorRef]:
        if token.i in self.attributed:
            return []
        mention = self.mention_of(token)
        if mention is not None:
            return self._named(token, mention, places)
        if token.pos_ == "NOUN" and token.lemma_.lower() in self.g.relation_nouns:
            # "Moscow's ally in Bamako" is Mali, "son allié russe" Russia, and "Moscow's ally" alone
            # no one known: whose ally it is never names it
            named = [self.ref(self.mentions[c.i]) for c in token.children if c.i > token.i
                     and (c.dep_ in self.g.apposition or c.dep_ in self.g.name_part)
                     and self.mentions.get(c.i) is not None and self.mentions[c.i].kind != "place"]
            if named:
                return named  # "its neighbour Iran", "son allié, la Russie": the one named beside it
            located = self._located(token, "GOV")
            if located is not None:
                return [located]
            return [self.ref(self.mentions[c.i]) for c in token.children if c.dep_ in self.g.adjective
                    and self.mentions.get(c.i) is not None and self.mentions[c.i].kind == "adjective"]
        title = self.lex.titles.get(token.lemma_.lower())
        if title is not None and self._in_unknown_name(token):
            return []  # "the National Liberation Army": a word of a name we do not know, not a title
        if token.pos_ == "PROPN" and title is not None:
            named = self._titled_name(token)  # "Defence Secretary Tom King": King is a name here
            if named is not None:
                return [named]
        if title is not None:
            # "les deux chefs d'État", "the two leaders": the last two states named
            pair = self._pair_in_context(token) if self._group_count(token) and not self._owners(token) else []
            return pair or self._titled(token, title)
        anaphor = self._anaphor(token)
        if anaphor is not None:
            return [anaphor]
        pair = self._pair_in_context(token)
        if pair:
            return pair
        if token.lemma_.lower() in self.g.state_nouns and token.pos_ == "NOUN":
            focus = self._state_in_context(token)  # "le pays", "the country"
            if focus is not None:
                return [focus]
        if token.pos_ == "PROPN":
            named = self._titled_name(token)
            if named is not None:
                return [named]
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        if places and token.lemma_.lower() in self.g.area_nouns:
            # "from the Tigray region", "dans la région du Tigré", "the town of Kidal": the area is
            # the place its name says
            named = [self._named(c, self.mentions[c.i], places) for c in token.children
                     if c.i in self.mentions and self.mentions[c.i].kind in ("place", "capital", "country")
                     and (c.dep_ in ("compound", *self.g.apposition, *self.g.name_part) or (
                         c.dep_ in self.g.nominal_mod and _case_of(c, self.g) in self.g.source_case | {""}))]
            if named:
                return named[0]
        group = self._marked_group(token)
        if group is not None:
            return [group]
        if deep:
            return self._owned_or_counted(token, places)
        # a thing marked with a country adjective stands for that country: "aux avions maliens",
        # and so with a country's name before it in English: "on the Rwanda border"
        return [self.ref(self.mentions[c.i]) for c in token.children
                if self.mentions.get(c.i) is not None and (
                    (c.dep_ in self.g.adjective and self.mentions[c.i].kind == "adjective")
                    or (c.dep_ == "compound" and c.i < token.i and token.pos_ == "NOUN"
                        and self.mentions[c.i].kind == "country"))]

    def _named(self, token: Token, mention: Mention, places: bool) -> list[ActorRef]:
        """A token inside a lexicon mention: a country, an organisation, a person, a place."""
        if mention.kind == "place" and not places:
            return []
        if mention.kind in ("capital", "place", "seat") and self._names_a_text(token):
            return []
        if mention.kind != "adjective":
            return [self.ref(mention)]
        if token.pos_ in ("NOUN", "PROPN"):
            for child in token.children:
                # "Bosnian Croats", "Syrian Kurds": a people named by the state it lives in
                resident = self.mention_of(child)
                if child.dep_ in self.g.adjective and resident is not None and resident.kind == "adjective" \
                        and resident is not mention:
                    return [self.ref(resident, "CVL")]
        return [self.ref(mention, self._title_sector(token.head) if token.dep_ in self.g.adjective else None)]

    def _names_a_text(self, token: Token) -> bool:
        """A town that names a text or a process: "l'accord d'Alger", "les accords de Minsk", "the
        Paris climate agreement", "the Astana format"; no party is named by it."""
        head = token
        while head.dep_ == "compound" and head.head.i != head.i:  # "the Paris climate agreement"
            head = head.head
        if head.i == token.i:
            if not (token.dep_ in self.g.nominal_mod and token.head.i < token.i
                    and any(c.dep_ in self.g.case and c.lower_ in ("de", "d'", "d’", "of") for c in token.children)):
                return False
            head = token.head
        if head.lemma_.lower() not in self.g.text_nouns and head.lower_ not in self.g.text_nouns:
            return False
        # "l'accord de Moscou avec Kiev": with a partner named, the town is a party
        return not any(_case_of(c, self.g) in self.g.strong_case | self.g.between_case for c in head.children)

    def _titled(self, token: Token, title: tuple[str, bool]) -> list[ActorRef]:
        """A title noun ("minister", "journalistes"): its owner's, where it is, or unnamed."""
        sector, standalone = title
        owners = self._owners(token)
        if owners:
            return [self.ref(owner, sector, title=token) for owner in owners]
        if token.pos_ not in ("NOUN", "PROPN"):
            return []
        if sector in LOCATED_SECTORS:
            located = self._located(token, sector)
            if located is not None:
                return [located]
        if token.lemma_.lower() in self.g.state_nouns | self.g.ruling_words | self.g.institution_nouns:
            # "la junte au pouvoir à Niamey", "the junta in power in Bamako", "le gouvernement à
            # Bamako", "the foreign ministry in Beijing": those who rule where they are named
            located = self._located(token, sector) or next(
                (ref for c in token.children if c.lemma_.lower() in self.g.ruling_words and c.i > token.i
                 and (ref := self._ruled_from(c, sector)) is not None), None)
            if located is not None:
                return [replace(located, start=token.idx, text=self.doc[token.i: token.i + 1].text + " … " + located.text.split()[-1])]
        end = token.idx + len(token.text)
        if self._unnamed_police(token, sector):
            # "la police", "les forces de l'ordre", "riot police" doing something: the force of
            # the country where it acts, once the clause says where (settled when the pair is made)
            located = self._located(token, "COP")  # "security forces in Guinea"
            return [located or ActorRef("---", "COP", token.text, "", token.idx, end, "domestic")]
        if standalone and sector not in DOMESTIC_SECTORS:
            return [ActorRef("---", sector, token.text, "", token.idx, end, "title")]
        if token.lemma_.lower() in self.g.captive_nouns and not self._is_doer(token):
            return []  # "a libéré des otages": whose they are is not said ("prisoners rioted" still act)
        if sector in DOMESTIC_SECTORS:
            # journalists, opponents, students with no country named: the acting state's own
            # (settled when the pair is made)
            return [ActorRef("---", sector, token.text, "", token.idx, end, "domestic")]
        focus = self._state_in_context(token, sector)
        return [focus] if focus is not None else []

    def _in_unknown_name(self, token: Token) -> bool:
        """A capitalised word inside an organisation's name of several words that names no actor
        of the lexicons ("National Liberation Army", "Front populaire"); "the Nigerian Army" names one."""
        if token.pos_ != "PROPN" or token.ent_type_ != "ORG":
            return False
        name = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        return name is not None and len(name) > 1 and all(self.mention_of(t) is None for t in name)

    def _unnamed_police(self, token: Token, sector: str) -> bool:
        """A police force with no country, as the doer of the clause (its subject or agent)."""
        police = sector == "COP" or (sector == "MIL" and any(
            c.lemma_.lower() in self.g.police_words for c in token.children
            if c.dep_ in self.g.nominal_mod or c.dep_ in self.g.name_part or c.dep_ in self.g.adjective))
        return police and self._is_doer(token)

    def _is_doer(self, token: Token) -> bool:
        """The noun is who does what its clause says: its subject or agent."""
        return token.dep_ in self.g.subject or token.dep_ in self.g.agent or (
            token.dep_ in self.g.oblique | self.g.nominal_mod and _case_of(token, self.g) in self.g.agent_case)

    def _marked_group(self, token: Token) -> ActorRef | None:
        """A group named by a marker word: "des positions jihadistes", "opposition groups"."""
        for child in token.children:
            marker = self.lex.titles.get(child.lemma_.lower())
            if (child.dep_ in self.g.adjective or child.dep_ in self.g.name_part) and marker and marker[1]:
                # an armed group with no state
                return ActorRef("---", marker[0], f"{token.text} {child.text}", "", token.idx,
                                token.idx + len(token.text), "title")
            if child.dep_ in self.g.name_part and marker and marker[0] in DOMESTIC_SECTORS \
                    and token.lemma_.lower() in COLLECTIVES:
                # "opposition groups", "union members": a group of a society, as its marker says
                located = self._located(token, marker[0])
                return located or ActorRef("---", marker[0], f"{child.text} {token.text}", "", child.idx,
                                           token.idx + len(token.text), "domestic")
        return None

    def _owned_or_counted(self, token: Token, places: bool) -> list[ActorRef]:
        owners = self._owners(token, through=4)
        if owners:
            return [self.ref(owner) for owner in owners if places or owner.kind != "place"]
        for child in token.children:
            # "des milliers de Maliens", "thousands of protesters": the people counted
            if child.dep_ in self.g.nominal_mod and _case_of(child, self.g) in self.g.source_case:
                counted = self._one(child, places=places, deep=False)
                if counted:
                    return counted
        return []

    def _owners(self, token: Token, *, nested: bool = True, through: int = 2) -> list[Mention]:
        """``_attached`` without the towns that name a text ("the Minsk agreements")."""
        return [m for m in self._attached(token, nested=nested, through=through)
                if m.kind not in ("capital", "place", "seat")
                or not any(self._names_a_text(self.doc[i]) for i in range(m.start, m.end))]

    def _attached(self, token: Token, *, nested: bool = True, through: int = 2) -> list[Mention]:
        """Countries, organisations or people attached to a noun: "ministre malien", "armée du
        Mali", "ministre, Abdoulaye Diop", "son homologue russe", "les chefs de la diplomatie du
        Mali, du Burkina Faso et du Niger". ``through`` ordinary nouns may stand between
        ("les dirigeants de la Communauté … (CEDEAO)")."""
        # adjectives and compounds together: "French and UN forces" (amod + compound)
        order = (self.g.apposition, self.g.adjective | self.g.name_part, self.g.nominal_mod)
        for child in token.children:
            # "US-led forces", "Vietnamese-led troops", "les forces dirigées par la France": led by whom
            if child.lemma_.lower() in self.g.leading_verbs and (child.dep_ in self.g.adjective or child.dep_ == "acl"):
                leaders = [m for gc in child.children if (m := self.mention_of(gc)) is not None
                           and m.kind in ("country", "org", "capital", "adjective")]
                if leaders:
                    return leaders
        for child in token.children:
            # a named organisation or person beside the noun says more than an adjective:
            # "la société d'État russe Rosatom"
            mention = self.mention_of(child)
            if mention is not None and mention.kind in ("org", "person") and child.i > token.i and (
                    child.dep_ in self.g.apposition or child.dep_ in self.g.name_part or child.dep_ in ("nsubj", "dep")):
                return [mention]
        for deps in order:
            found: list[Mention] = []
            for child in token.children:
                if child.dep_ not in deps:
                    continue
                if deps is self.g.nominal_mod and (_case_of(child, self.g) in self.g.locative_case or (
                        _case_of(child, self.g) in self.g.between_case and token.lemma_.lower() in self.g.captive_nouns)):
                    # "l'ambassadeur de Chine à Bamako": Bamako is where, not whose; "un échange de
                    # prisonniers entre Israël et le Hamas": those between are the parties, not whose
                    continue
                nodes = self._enumeration(child)
                if deps is self.g.nominal_mod and self.mention_of(child) is None and not self.lex.titles.get(child.lemma_.lower()):
                    # "les ministres des Affaires étrangères du Mali, du Burkina Faso …": the list
                    # may hang on the ministry's name
                    for grandchild in child.children:
                        if grandchild.dep_ in deps and _case_of(grandchild, self.g) in self.g.source_case:
                            nodes += self._enumeration(grandchild)
                for node in nodes:
                    mention = self.mention_of(node)
                    if mention is not None and mention.kind != "place" and mention not in found:
                        found.append(mention)
            if found:
                return found
        for child in token.children:
            if child.dep_ not in self.g.nominal_mod or _case_of(child, self.g) not in self.g.source_case:
                continue
            if nested and self.lex.titles.get(child.lemma_.lower()):
                inner = self._owners(child)  # "le chef de la diplomatie malienne"
            elif through:
                inner = self._owners(child, through=through - 1)  # "le traité de création de l'AES"
            else:
                inner = []
            if inner:
                return inner
        return []

    def _ruled_from(self, word: Token, sector: str) -> ActorRef | None:
        """The state of the capital or country in a locative phrase on "au pouvoir", "in power"."""
        for child in word.children:
            mention = self.mention_of(child)
            if mention is not None and mention.kind in ("country", "capital") \
                    and _case_of(child, self.g) in self.g.locative_case:
                return self.ref(mention, "GOV")  # those in power are its government (a junta is GOV)
        return None

    def _located(self, token: Token, sector: str) -> ActorRef | None:
        """A group of a society named by where it is: "opposition groups in Togo",
        "demonstrators in Niamey" are of the country they are in (a state's own people)."""
        for child in token.children:
            # "Kidal rebels": a region named before the group
            region = child.dep_ in self.g.name_part and child.i < token.i
            if not region and (child.dep_ not in self.g.nominal_mod or _case_of(child, self.g) not in self.g.locative_case):
                continue
            mention = self.mention_of(child)
            if region and (mention is None or mention.kind != "place"):
                continue
            if mention is not None and mention.kind in ("country", "capital", "place"):
                ref = self.ref(mention, sector)
                return ActorRef(ref.code, sector, self.doc[token.i: child.i + 1].text, ref.name, token.idx,
                                child.idx + len(child.text), "title")
        return None

    def _titled_name(self, token: Token) -> ActorRef | None:
        """A person missing from the lexicon, known by the title and nationality before the name:
        "Portuguese President Mario Soares", "British Defence Secretary Tom King"."""
        sector = None
        around = self.g.name_part | self.g.adjective | self.g.nominal_mod
        frontier = [c for c in token.children if c.dep_ in around and self.g.locative_case.isdisjoint(
            {g.lower_ for g in c.children if g.dep_ in self.g.case})]
        for _ in range(2):
            nxt = []
            for node in frontier:
                title = self.lex.titles.get(node.lemma_.lower())
                if title is not None and sector is None:
                    sector = title[0]
                mention = self.mention_of(node)
                if mention is not None and mention.kind in ("adjective", "country", "org"):
                    if sector is None:
                        sector = next((self.lex.titles[c.lemma_.lower()][0] for c in frontier
                                       if c.lemma_.lower() in self.lex.titles), None)
                    if sector is not None:
                        ref = self.ref(mention, sector)
                        return ActorRef(ref.code, sector, self.doc[min(node.i, token.i): token.i + 1].text,
                                        token.text, self.doc[min(node.i, token.i)].idx, token.idx + len(token.text), "title")
                nxt.extend(c for c in node.children if c.dep_ in around)
            frontier = nxt
        return None

    def _enumeration(self, token: Token) -> list[Token]:
        """A country and the ones listed with it, also when the parser hangs the list on the first
        name ("du Burkina Faso, du Mali et du Niger" → Mali under Burkina, Niger under Mali)."""
        nodes = [token]
        frontier = [token]
        while frontier:
            node = frontier.pop()
            if self.mention_of(node) is None:
                continue
            for other in (*node.conjuncts, *[c for c in node.children if c.dep_ in self.g.nominal_mod
                                              and _case_of(c, self.g) in self.g.source_case]):
                if other not in nodes and self.mention_of(other) is not None:
                    nodes.append(other)
                    frontier.append(other)
        return nodes

    def _title_sector(self, token: Token) -> str | None:
        title = self.lex.titles.get(token.lemma_.lower())
        return title[0] if title else None

    def _anaphor(self, token: Token) -> ActorRef | None:
        if token.lower_ in self.g.pronouns and token.dep_ in (self.g.subject | self.g.passive_subject):
            return self.last_subject or self.last_named
        if token.lower_ in self.g.object_pronouns and token.pos_ == "PRON" and token.dep_ in self.g.obj:
            return self._object_before(token) or self.last_other
        if token.lower_ in self.g.anaphoric_adjectives and any(c.lower_ in ("ce", "cette", "ces") for c in token.children):
            return self.last_named
        return None

    def _object_before(self, token: Token) -> ActorRef | None:
        """"met Abiy Ahmed and urged him to …", "a reçu Poutine et l'a remercié": an object pronoun
        stands for the nearest person or state named earlier in its sentence as an object, not
        as a subject."""
        for i in range(token.i - 1, token.sent.start - 1, -1):
            mention = self.mentions.get(i)
            if mention is None or i in self.attributed:
                continue
            head = self.doc[i]
            title = self.lex.titles.get(head.head.lemma_.lower()) if mention.kind == "adjective" else None
            if title is not None and head.dep_ in self.g.adjective:
                head = head.head  # "son homologue nigérien": the office holder the adjective places
            elif mention.kind not in ("person", "country", "capital", "org"):
                continue
            while head.dep_ in self.g.name_part and head.head.i != head.i:
                head = head.head
            if head.dep_ in self.g.subject or head.dep_ in self.g.passive_subject:
                return None
            return self._titled(head, title)[0] if title is not None else self.ref(mention)
        return None

    # --- the article as context ------------------------------------------------------------
    def _states_before(self, token: Token) -> list[tuple[str, str]]:
        """(code, name) of every state the article named before ``token``, in order."""
        out: list[tuple[str, str]] = []
        seen: set[int] = set()
        for i in range(0, token.i):
            mention = self.mentions.get(i)
            if mention is None or id(mention) in seen:
                continue
            seen.add(id(mention))
            entry = mention.entries[0]
            if entry.kind in ("country", "capital", "seat", "adjective", "person") and entry.code in self.lex.countries:
                out.append((entry.code, self.lex.countries[entry.code]))
        return out

    def _definite(self, token: Token) -> bool:
        return any(c.dep_ == "det" and c.lower_ in self.g.definite for c in token.children)

    def _state_in_context(self, token: Token, sector: str = "GOV") -> ActorRef | None:
        """"le gouvernement", "la junte", "the country", "les autorités", "l'armée" with no owner
        named: the state that was the subject of the sentence before, else the state the article
        is about when one clearly is (named at least twice, and twice as often as any other). An
        institution keeps its own sector: "l'armée" is the state's military."""
        lemma = token.lemma_.lower()
        if lemma not in self.g.state_nouns and lemma not in self.g.institution_nouns and lemma not in self.g.office_nouns:
            return None
        if lemma in self.g.state_nouns:
            sector = "GOV"
        if lemma in self.g.office_nouns and any(
                self.mention_of(c) is not None or self.lex.titles.get(c.lemma_.lower(), ("GOV",))[0] != "GOV"
                for c in token.children if c.dep_ not in ("det", "punct", "case")):
            return None  # "le chef des rebelles", "the opposition leader": the office of someone else
        if not self._definite(token) or token.lower_ in ("pays", "countries") and token.morph.get("Number") == ["Plur"]:
            return None
        if token.dep_ not in self.g.subject | self.g.passive_subject:
            return None  # "told the junta to step down": an object may be the other side's; left out
        last = self.last_subject
        if last is not None and last.code in self.lex.countries and last.sector in ("GOV", "MIL") \
                and last.start < token.idx:
            return ActorRef(last.code, sector, token.text, self.lex.countries[last.code], token.idx,
                            token.idx + len(token.text), "context")
        counts: dict[str, int] = {}
        names: dict[str, str] = {}
        for code, name in self._states_before(token):
            counts[code] = counts.get(code, 0) + 1
            names[code] = name
        if not counts:
            return None
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        best, n = ranked[0]
        if len(ranked) > 1 and not (n >= 2 and n >= 2 * ranked[1][1]):
            return None
        return ActorRef(best, sector, token.text, names[best], token.idx, token.idx + len(token.text), "context")

    def _pair_in_context(self, token: Token) -> list[ActorRef]:
        """"les deux pays", "the two sides", "both countries": the last two states named before;
        "les trois pays", "all three", "the three governments": the last three."""
        count = self._group_count(token)
        if count is None:
            return []
        # "Qatar urged both sides to …": the ones acted on are not who acts on them
        verb = token.head if token.dep_ not in self.g.subject | self.g.passive_subject else None
        acting = {r.code for c in (verb.children if verb is not None and verb.i != token.i else ())
                  if c.dep_ in self.g.subject and c.i < token.i
                  for r in (self.of_phrase(c, places=False) if c.i in self.mentions else [])}
        recent: list[tuple[str, str]] = []
        for code, name in reversed(self._states_before(token)):
            if code in acting:
                continue
            if all(code != c for c, _ in recent):
                recent.append((code, name))
            if len(recent) == count:
                break
        if len(recent) < count:
            return []
        end = token.idx + len(token.text)
        return [ActorRef(code, "GOV", token.text, name, token.idx, end, "context") for code, name in reversed(recent)]

    def _group_count(self, token: Token) -> int | None:
        """How many states a counted group names: a state noun with its number ("les deux pays",
        "the three countries"), or a number standing alone after "all"/"tous les"/"les" ("all
        three were suspended", "les trois ont quitté")."""
        paired = token.lemma_.lower() in self.g.pair_nouns or token.lower_ in self.g.pair_nouns
        if not paired and token.pos_ != "NUM":
            return None
        numbers = dict(self.g.group_numbers)
        marks = [c for c in token.children if c.dep_ in ("nummod", "det", "amod", "predet")]
        if paired:
            if any(c.lower_ in self.g.pair_words for c in marks):
                return 2
            counted = [numbers[c.lower_] for c in marks if c.lower_ in numbers]
            return counted[0] if counted else None
        if token.lower_ in numbers and token.dep_ in self.g.subject | self.g.passive_subject \
                and any(c.lower_ in self.g.group_determiners for c in token.children):
            return numbers[token.lower_]
        return None

    def is_unresolved_subject(self, token: Token) -> bool:
        """An explicit subject that names no actor ("les pluies", "les images"): no event."""
        if token.i in self.trigger_types:
            return False  # "a car bomb killed …": the event itself, its doer unnamed
        return token.pos_ in ("NOUN", "PROPN") and not self.of_phrase(token, deep=True)

    def sentence_memory(self, sent) -> tuple[ActorRef | None, ActorRef | None, ActorRef | None]:
        """(last named actor, subject actor, last actor other than the subject) of a sentence,
        for the next sentence's anaphora. Read from the end, so only the last mentions are resolved."""
        starts = [i for i in range(sent.end - 1, sent.start - 1, -1)
                  if (m := self.mentions.get(i)) is not None and i == m.start]
        last = None
        for i in starts:
            mention = self.mentions[i]
            if mention.kind == "place":
                continue
            tok = self.doc[i]
            if mention.kind == "capital" and _case_of(tok, self.g) in self.g.locative_case:
                continue
            if tok.dep_ in self.g.nominal_mod or tok.dep_ in self.g.adjective:
                refs = self.of_phrase(tok.head) if self.lex.titles.get(tok.head.lemma_.lower()) else []
                if refs:
                    last = refs[0]
                    break
            refs = self.of_phrase(tok)
            if refs:
                last = refs[0]
                break
        subject = None
        for tok in sent:
            if tok.dep_ in self.g.subject and tok.head.dep_ == "ROOT":
                refs = self.of_phrase(tok, places=False)
                subject = refs[0] if refs else None
                break
        else:
            # "Ouagadougou leur reproche …" parsed with the name as the root: the name that opens a
            # sentence with no subject is what it is about
            root = sent.root
            if root.i == sent.start and self.mentions.get(root.i) is not None:
                refs = self.of_phrase(root, places=False)
                subject = refs[0] if refs else None
        other = None
        for i in starts:
            if self.mentions[i].kind in ("place", "capital"):
                continue
            ref = self.of_phrase(self.doc[i], places=False)
            if ref and (subject is None or ref[0].code != subject.code):
                other = ref[0]
                break
        return last, subject, other


def _case_of(token: Token, grammar: Grammar) -> str:
    for child in token.children:
        if child.dep_ in grammar.case:
            return child.lower_
    return ""


"""spaCy components that mark actor mentions and event triggers from the lexicons.

They follow spaCy's own components (e.g. ``span_ruler``): configuration as keyword-only
arguments, ``__call__`` matches then sets annotations (``doc.spans``), nothing hard-wired.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import POS, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..extract.grammar import GRAMMARS
from ..extract.clauses import wished_clause
from ..lexicons import Lexicons, TriggerEntry, load_lexicons

ACTOR_KEY = "bilateral_actors"
TRIGGER_KEY = "bilateral_triggers"
# Token tags that may carry a trigger of the given lexicon part of speech.
TRIGGER_POS = {"VERB": ("VERB", "ADJ", "AUX"), "NOUN": ("NOUN",)}
TRIGGER_TAGS = frozenset(tag for tags in TRIGGER_POS.values() for tag in tags)


class ActorMarker:
    """Marks every lexicon actor form (countries, capitals, seats, adjectives, organisations,
    people, places) as a span in ``doc.spans[spans_key]``; the longest match wins. A longer name
    that holds an actor's word without naming it ("Latin American", "océan Indien") is marked with
    the label ``none``, so that it wins over the word inside and is then read as no actor."""

    def __init__(self, nlp: Language, name: str, *, lang: str, spans_key: str = ACTOR_KEY):
        self.name = name
        self.spans_key = spans_key
        lex = load_lexicons(lang)
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact.add("exact", list(nlp.tokenizer.pipe(_with_variants(lex.exact))))
        self.folded.add("folded", list(nlp.tokenizer.pipe(sorted(lex.folded))))
        self.folded.add("none", list(nlp.tokenizer.pipe(sorted(lex.not_actors))))
        self.none_id = nlp.vocab.strings["none"]

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="exact") for _, s, e in self.exact(doc)]
        spans += [Span(doc, s, e, label="none" if key == self.none_id else "folded")
                  for key, s, e in self.folded(doc)]
        doc.spans[self.spans_key] = filter_spans(spans)
        return doc


def _with_variants(forms: Iterable[str]) -> list[str]:
    """Exact forms plus their all-capitals spelling (headlines write MALI, RUSSIE)."""
    out = set()
    for form in forms:
        out.add(form)
        if len(form) > 3:
            out.add(form.upper())
    return sorted(out)


class TriggerMarker:
    """Marks tokens whose lemma is a lexicon trigger; the span's ``kb_id`` is the lexicon line."""

    def __init__(self, nlp: Language, name: str, *, lang: str, spans_key: str = TRIGGER_KEY, depth: int = 2):
        self.name = name
        self.spans_key = spans_key
        self.depth = depth
        self.lex: Lexicons = load_lexicons(lang)
        # every reading the lexicon holds, per part of speech: a word none of whose possible
        # readings is there needs no look at its sentence
        self.known = {pos: frozenset(r for r, p in self.lex.triggers if p == pos) for pos in TRIGGER_POS}
        self.tags = numpy.array(sorted(int(POS_IDS[tag]) for tag in TRIGGER_TAGS), dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        # words inside a name are not events: "Communauté économique …", "Economic Cooperation"
        named = {i for span in doc.spans.get(ACTOR_KEY, []) if len(span) > 1 for i in range(span.start, span.end)}
        # only the tags that may carry a trigger are read (two in five words)
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(POS), self.tags)).tolist():
            if i in named:
                continue
            token = doc[i]
            entry = self.match(token)
            if entry is not None:
                spans.append(Span(doc, token.i, token.i + 1, label=entry.type, kb_id=str(entry.uid)))
        doc.spans[self.spans_key] = spans
        return doc

    def match(self, token: Token) -> TriggerEntry | None:
        tag = token.pos_
        if tag not in TRIGGER_TAGS:
            return None
        lemma = verb_lemma(token) if tag in ("VERB", "AUX") else token.lemma_.lower()
        near: dict[bool, set[str]] = {}
        for pos, tags in TRIGGER_POS.items():
            if not self._may_read(token, tag, lemma, pos):
                continue
            if tag not in tags and not (pos == "VERB" and noun_verb_lemmas(token)):
                continue
            for reading in self._readings(token, lemma, pos):
                for entry in self.lex.triggers.get((reading, pos), ()):
                    if not entry.with_:
                        return entry
                    # a meeting set as the clause's circumstance completes only a meeting ("met
                    # on the sidelines of the summit"), never another act ("lors d'une rencontre
                    # avec X, A a accepté les conditions" accepts no meeting)
                    adjuncts = entry.type == "CONSULT"
                    if adjuncts not in near:
                        near[adjuncts] = _near_lemmas(token, self.depth, adjuncts=adjuncts)
                    if near[adjuncts].intersection(entry.with_):
                        return entry
        return None

    def _may_read(self, token: Token, tag: str, lemma: str, pos: str) -> bool:
        """Whether a reading of ``token`` as ``pos`` could be in the lexicon, from its word and
        lemma alone: every reading ``_readings`` gives is among these guesses."""
        known = self.known[pos]
        if pos == "NOUN":
            return tag == "NOUN" and lemma in known
        word = token.lower_
        if tag == "NOUN":
            return not known.isdisjoint(_present_guesses(word))
        return lemma in known or ((tag == "ADJ" or lemma.endswith("ant")) and not (
            known.isdisjoint(_gerund_guesses(word)) and known.isdisjoint(_participle_guesses(word))))

    @staticmethod
    def _readings(token: Token, lemma: str, pos: str) -> Iterator[str]:
        """The lemma, then for a verb tagged otherwise ("en menaçant de …", "ont gelé son aide"
        tagged adjectives with themselves as lemma) the verbs of the gerund or participle,
        tried only when no reading of the lemma itself matched."""
        if pos == "VERB" and token.pos_ == "NOUN":
            yield from noun_verb_lemmas(token)
            return
        yield lemma
        if pos == "VERB" and (token.pos_ == "ADJ" or (token.lang_ == "fr" and lemma.endswith("ant"))):
            yield from gerund_lemmas(token)
            yield from participle_lemmas(token)


def gerund_lemmas(token: Token) -> list[str]:
    """Infinitives a French gerund may come from, when the tagger missed it ("en menaçant" →
    menacer, "en rompant" → rompre, "en agissant" → agir): only after "en"."""
    word = token.lower_
    if token.doc.lang_ != "fr" or not word.endswith("ant") or token.i == 0 or token.doc[token.i - 1].lower_ != "en":
        return []
    return _gerund_guesses(word)


def _gerund_guesses(word: str) -> list[str]:
    if not word.endswith("ant"):
        return []
    stem = word[:-3]
    if stem.endswith("ç"):
        stem = stem[:-1] + "c"
    elif stem.endswith("ge"):
        stem = stem[:-1]
    guesses = [stem + "er", stem + "re"]
    if stem.endswith("iss"):
        guesses.append(stem[:-2] + "r")  # "agissant" → agir
    return guesses


def noun_verb_lemmas(token: Token) -> list[str]:
    """Infinitives of a French present-tense verb the tagger took for a noun with a subject
    ("Pékin sanctionne des entreprises" → sanctionner): a noun never has a subject of its own."""
    if token.doc.lang_ != "fr" or token.pos_ != "NOUN" or token.i == 0:
        return []
    before = token.doc[token.i - 1]
    subject = any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
    # a headline with no verb at all, the word right after a name: "La Turquie expulse trois diplomates"
    headline = before.pos_ == "PROPN" and before.ent_type_ in ("LOC", "PER", "ORG") and not any(
        t.pos_ in ("VERB", "AUX") for t in token.sent)
    if not subject and not headline:
        return []
    return _present_guesses(token.lower_)


def _present_guesses(word: str) -> list[str]:
    for ending in ("ent", "e"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            return [word[: -len(ending)] + "er"]
    return []


def participle_lemmas(token: Token) -> list[str]:
    """Infinitives a French past participle may come from, when the tagger took it for an
    adjective after "avoir" ("ont gelé" → geler, "a rompu" → rompre, "a trahi" → trahir): only
    with the auxiliary avoir, which makes a compound tense and never an adjective."""
    if token.doc.lang_ != "fr" or token.pos_ != "ADJ" or not any(
            c.dep_.startswith("aux") and c.lemma_.lower() == "avoir" for c in token.children):
        return []
    return _participle_guesses(token.lower_)


def _participle_guesses(word: str) -> list[str]:
    for ending in ("ées", "és", "ée", "é"):
        if word.endswith(ending):
            return [word[: -len(ending)] + "er"]
    for ending in ("ies", "is", "ie", "i"):
        if word.endswith(ending):
            return [word[: -len(ending)] + "ir"]
    for ending in ("ues", "us", "ue", "u"):
        if word.endswith(ending):
            return [word[: -len(ending)] + "re", word[: -len(ending)] + "oir"]
    return []


def verb_lemma(token: Token) -> str:
    """The lemma of a verb, repairing the lookup lemmatizer's misses on regular -er verbs
    ("participe" → "participer", "exploitent" → "exploiter")."""
    lemma = token.lemma_.lower()
    if token.doc.lang_ != "fr" or token.pos_ not in ("VERB", "AUX") or lemma.endswith(("er", "ir", "re", "oir")):
        return lemma
    for ending in ("ent", "es", "e"):
        if lemma.endswith(ending) and len(lemma) > len(ending) + 2:
            return lemma[: -len(ending)] + "er"
    return lemma


# Words that open a source-of-report phrase ("according to the ministry", "selon l'accord"):
# nothing in it completes a trigger.
ATTRIBUTION = frozenset({"according", "selon", "d'après", "d’après"})
# Relations that open another clause: its words belong to another event ("struck Gaza, …, which
# had signed a deal" does not strike a deal).
OTHER_CLAUSE = frozenset({"advcl", "parataxis", "acl:relcl", "relcl", "conj", "punct"})


def _near_lemmas(token: Token, depth: int, *, adjuncts: bool = False) -> set[str]:
    """Lemmas (and lower-cased forms) of the token's dependents down to ``depth`` levels, within
    its own clause and outside source-of-report phrases; outside circumstance phrases ("lors de",
    "during") too unless ``adjuncts``."""
    found: set[str] = set()
    skip = ATTRIBUTION if adjuncts or token.lang_ not in GRAMMARS else ATTRIBUTION | GRAMMARS[token.lang_].adjunct_markers
    # a light verb with an object is completed by it, not by its subject: "an attack … will carry
    # severe consequences" carries out no attack (but "une livraison d'armes est arrivée" delivers)
    light = token.lang_ in GRAMMARS and verb_lemma(token) in GRAMMARS[token.lang_].light_verbs \
        and any(c.dep_ in ("obj", "dobj") for c in token.children)
    frontier = [token]
    for _ in range(depth):
        nxt = []
        for tok in frontier:
            top = tok.i == token.i
            for child in tok.children:
                dep = child.dep_
                if top and dep == "advcl" and wished_clause(child):
                    # "pushed for the EU to impose", "plaide pour que l'UE impose": the wish's
                    # marks complete the verb that asks it
                    found.update(c.lower_ for c in child.children if c.dep_ == "mark")
                if dep in OTHER_CLAUSE or (light and top and dep in ("nsubj", "csubj")):
                    continue
                lower = child.lower_
                if lower in skip or any(c.lower_ in skip for c in child.children if c.dep_ in ("case", "prep")):
                    continue
                found.add(child.lemma_.lower())
                found.add(lower)
                if dep == "xcomp" and child.i > token.i and child.tag_ == "VBG":
                    # "denied attacking the port", "admitted shelling the depot": what a gerund under
                    # the trigger acts on is that act's, and completes no reading of the trigger (an
                    # infinitive may: "threatened to cut its aid")
                    continue
                nxt.append(child)
        frontier = nxt
    return found


class SentenceConstraints:
    """Constrains the parser's sentence boundaries: a paragraph break always starts a sentence,
    and a sentence only starts after final punctuation (the parser otherwise splits inside long
    names: "Apollinaire Joachimson | Kyélem de Tambèla")."""

    def __init__(self, name: str, *, final: str):
        self.name = name
        self.final = tuple(final)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        # Read and written as one array: setting ``Token.is_sent_start`` checks the whole Doc
        # each time, which made long documents quadratic.
        starts = doc.to_array([SENT_START]).astype("int64")
        previous = None
        for token in doc:
            if previous is not None:
                if previous.is_space and "\n" in previous.text:
                    starts[token.i] = 1
                elif not token.is_space and not previous.text.endswith(self.final) and not previous.is_space:
                    starts[token.i] = -1
            previous = token
        doc.from_array([SENT_START], starts.astype("uint64"))  # -1 wraps, as spaCy stores it
        return doc


@Language.factory("bilateral_sentences", default_config={"final": ".!?…»\"”:;"})
def make_sentence_constraints(nlp: Language, name: str, final: str) -> SentenceConstraints:
    return SentenceConstraints(name, final=final)


@Language.factory("bilateral_actors", default_config={"lang": "fr", "spans_key": ACTOR_KEY})
def make_actor_marker(nlp: Language, name: str, lang: str, spans_key: str) -> ActorMarker:
    return ActorMarker(nlp, name, lang=lang, spans_key=spans_key)


@Language.factory("bilateral_triggers", default_config={"lang": "fr", "spans_key": TRIGGER_KEY, "depth": 2})
def make_trigger_marker(nlp: Language, name: str, lang: str, spans_key: str, depth: int) -> TriggerMarker:
    return TriggerMarker(nlp, name, lang=lang, spans_key=spans_key, depth=depth)

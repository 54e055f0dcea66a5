"""Clause shapes the argument reader and the modality reader both need: participle clauses that
share their subject, events set as the circumstance of a clause, the main clause's subject."""
from __future__ import annotations

from spacy.tokens import Token

CLAUSE_DEPS = frozenset({"ccomp", "advcl", "parataxis", "acl", "acl:relcl", "csubj"})


def present_participle(verb: Token) -> bool:
    """A gerund or present participle ("appelant", "urging")."""
    form = verb.morph.get("VerbForm")
    return "Ger" in form or ("Part" in form and ("Pres" in verb.morph.get("Tense") or "Prog" in verb.morph.get("Aspect")))


def trailing_participle(verb: Token) -> bool:
    """"fired on the crowd, killing two students": a present participle after its head's clause
    shares its subject."""
    return present_participle(verb) and verb.i > verb.head.i


def apposed_participle(verb: Token) -> bool:
    """"a critiqué les manœuvres chinoises, appelant Pékin à …": a present participle set off by a
    comma after its clause, which the parser hung on the object noun, is the subject's second act."""
    return (verb.dep_ == "acl" and trailing_participle(verb) and verb.i > 0
            and verb.doc[verb.i - 1].text == "," and verb.head.head.i != verb.head.i
            and verb.head.head.pos_ in ("VERB", "AUX"))


def adjunct_of_clause(noun: Token, markers: frozenset[str]) -> bool:
    """"Lors d'une rencontre avec …, X a …", "During talks with …, X …": an event noun introduced
    by a circumstance word a few words before it. Read on the surface, because parsers often hang
    such a fronted phrase badly."""
    for tok in noun.doc[max(noun.sent.start, noun.i - 3): noun.i]:
        if tok.lower_ in markers:
            return all(t.pos_ not in ("VERB", "AUX") for t in noun.doc[tok.i + 1: noun.i])
    return False


def framed(noun: Token, phrases: tuple[tuple[str, ...], ...]) -> bool:
    """"Dans le cadre de l'accord de défense …", "under the 2015 deal": an event noun set as the
    frame of its clause, read on the surface: one of ``phrases`` ends at most four words before it,
    with only determiners, numbers, adjectives and nouns of its phrase in between."""
    sent_start = noun.sent.start
    for end in range(noun.i - 1, max(sent_start, noun.i - 5) - 1, -1):
        between = noun.doc[end + 1: noun.i]
        if any(t.pos_ not in ("DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON") or t.dep_ == "nsubj" for t in between):
            return False
        for phrase in phrases:
            start = end - len(phrase) + 1
            if start >= sent_start and tuple(t.lower_ for t in noun.doc[start: end + 1]) == phrase:
                return True
    return False


def main_subject(noun: Token) -> Token | None:
    """The subject of the sentence's main clause outside ``noun``'s phrase (a clause the parser hung
    on the noun is not part of its phrase)."""
    # "Lors d'une rencontre avec les dirigeants de l'Algérie, Bamako a annoncé …": the parser may
    # make the main clause a relative of a noun deep in the fronted phrase
    clauses = [c for c in noun.subtree if (c.dep_ in CLAUSE_DEPS and c.i != noun.i) or (c.dep_ == "conj" and c.head.i == noun.i)]
    inside = {t.i for t in noun.subtree} - {t.i for c in clauses for t in c.subtree}
    verbs = [t for t in noun.sent if (t.pos_ in ("VERB", "AUX") and t.i not in inside) or t.dep_ == "ROOT"]
    for verb in sorted(verbs, key=lambda t: (t.dep_ != "ROOT", abs(t.i - noun.i))):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubj:pass") and child.i not in inside and "Rel" not in child.morph.get("PronType"):
                return child
    return None


def misparsed_relative(verb: Token) -> bool:
    """"l'accord qu'il avait signé": the parser may take the relative pronoun for a conjunction and
    hang the clause on the main verb; it follows the noun and its verb has no object of its own."""
    if verb.dep_ != "ccomp" or any(c.dep_ in ("obj", "dobj") for c in verb.children):
        return False
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("que", "qu'", "qu’")]
    if not marks or marks[0].i == 0:
        return False
    before = verb.doc[marks[0].i - 1]
    return before.pos_ == "NOUN" and before.head.i == verb.head.i


SUBJECT_DEPS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})


def wished_clause(verb: Token) -> bool:
    """A clause that names an act wished for, not one done: an English infinitive with a subject of
    its own ("wants the EU to impose", "called for the EU to impose", "pressed for NATO to
    deploy") or a French "pour que" clause ("plaide pour que l'UE impose")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    children = list(verb.children)
    if verb.lang_ == "en":
        return any(c.dep_ in SUBJECT_DEPS for c in children) and any(
            c.lower_ == "to" and c.dep_ in ("aux", "mark") and c.i < verb.i for c in children)
    marks = {c.lower_ for c in children if c.dep_ == "mark" and c.i < verb.i}
    return bool(marks & {"que", "qu'", "qu’"}) and bool(marks & {"pour", "afin"})

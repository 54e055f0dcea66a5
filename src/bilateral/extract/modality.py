"""Modality of an event: negated, future, hypothetical, alleged — written into PLOVER ``context``."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..lexicons import Lexicons
from .clauses import adjunct_of_clause, apposed_participle, trailing_participle, wished_clause
from .grammar import GRAMMARS

# A trigger under another event of these types is not asserted: "appelle la Russie à livrer",
# "menace d'expulser", "s'engage à livrer", "refuse de signer", "accuse Moscou d'avoir livré".
GOVERNING_TYPES = {
    "REQUEST": ("hypothetical",),
    "THREATEN": ("hypothetical",),
    "AGREE": ("hypothetical",),
    "REJECT": ("negation",),
    "ACCUSE": ("alleged", "hypothetical"),
    "SANCTION": ("negation",),  # "suspend son aide": the aid is not given
}
CLAUSE_STOP = frozenset({"ROOT", "parataxis", "ccomp", "acl:relcl"})
NAME_TYPES = frozenset({"PER", "PERSON", "LOC", "GPE", "ORG"})
# of those, the ones whose "that"-clause is not asserted either
CONTENT_GOVERNING_TYPES = frozenset({"REQUEST", "THREATEN", "REJECT"})


@dataclass(frozen=True)
class ModalityCues:
    child: dict[str, frozenset[str]]  # cue kind -> lemmas attached to the trigger or its verb
    governor: dict[str, frozenset[str]]
    self_: dict[str, frozenset[str]]
    future_endings: tuple[str, ...] = ()
    adjunct_markers: frozenset[str] = frozenset()
    purpose_marks: frozenset[str] = frozenset()
    purpose_heads: frozenset[str] = frozenset()

    @classmethod
    def from_lexicons(cls, lex: Lexicons) -> "ModalityCues":
        kinds = ("negation", "future", "hypothetical", "alleged", "intent")
        return cls(
            {k: lex.cue_lemmas(k, "child") for k in kinds},
            {k: lex.cue_lemmas(k, "governor") for k in kinds},
            {k: lex.cue_lemmas(k, "self") for k in kinds},
            GRAMMARS[lex.lang].future_endings,
            GRAMMARS[lex.lang].adjunct_markers,
            GRAMMARS[lex.lang].purpose_marks,
            GRAMMARS[lex.lang].purpose_heads,
        )

    def is_purpose(self, verb: Token) -> bool:
        """An infinitive clause of purpose: "a envoyé des troupes pour soutenir …", "se sont réunis
        afin de finaliser …", "sent troops to support …", "met in order to sign …". A perfect
        infinitive gives a reason, not an aim ("condamné pour avoir attaqué"), and a subordinator
        a circumstance ("before signing")."""
        if verb.pos_ not in ("VERB", "AUX") or verb.head.i == verb.i:
            return False
        if verb.head.lower_ in self.purpose_heads and verb.dep_ in ("acl", "obl:arg", "obl", "xcomp", "advcl"):
            return True
        if verb.dep_ not in ("advcl", "acl"):
            return False
        marks = [c for c in verb.children if c.dep_ in ("mark", "aux") and c.i < verb.i]
        if any(c.lemma_.lower() in ("avoir", "être", "have", "be") for c in marks):
            return False
        if verb.lang_ == "en" and any(c.dep_ == "mark" for c in marks):
            return False
        return any(c.lower_ in self.purpose_marks for c in marks) and (
            verb.lang_ != "en" or "Inf" in verb.morph.get("VerbForm") or verb.tag_ == "VB")

    def is_future(self, token: Token) -> bool:
        if "Fut" in token.morph.get("Tense"):
            return True
        return (token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm")
                and token.lower_.endswith(self.future_endings) and not token.lemma_.lower().endswith(self.future_endings))


def _shares_subject_only(verb: Token) -> bool:
    """A participle or gerund clause after its head's clause ("a condamné l'attaque, appelant
    Bamako à …", "criticised China, urging Beijing to …") is a second act of the same subject,
    not the content of the first: nothing of the head's modality or type passes into it."""
    if apposed_participle(verb):
        return True
    if verb.dep_ != "advcl" or verb.pos_ not in ("VERB", "AUX"):
        return False
    # a subordinator ("after accusing") makes it a circumstance
    return trailing_participle(verb) and not any(c.dep_ == "mark" for c in verb.children)


def _circumstance(verb: Token) -> bool:
    """A verb clause set as the time of its governor by a subordinator ("after blaming the rebels",
    "après avoir accusé Kiev", "since signing"): it is not what the governor is about."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    marks = GRAMMARS[verb.lang_].circumstance_marks
    if any(c.dep_ in ("mark", "case", "prep", "advmod") and c.lower_ in marks and c.i < verb.i for c in verb.children):
        return True
    return verb.dep_ == "pcomp" and verb.head.lower_ in marks


def _meeting_about(token: Token, head: Token, trigger_types: dict[int, str], grammar) -> bool:
    """``token`` is the topic of a meeting: "négociations sur le retrait", "discuté d'un accord",
    "renewed negotiations on a pullback" (the topic hung on the verb that carries the meeting)."""
    if not any(c.dep_ in ("case", "prep") and c.lower_ in grammar.topic_case for c in token.children):
        return False
    if trigger_types.get(head.i) == "CONSULT":
        return True
    return head.pos_ in ("VERB", "AUX") and any(
        c.dep_ in grammar.obj and trigger_types.get(c.i) == "CONSULT" for c in head.children)


def _governors(token: Token, limit: int = 4) -> list[Token]:
    chain = []
    current = token
    for _ in range(limit):
        if current.dep_ in CLAUSE_STOP or current.head.i == current.i or _shares_subject_only(current) \
                or _circumstance(current):
            break
        coordinated = current.dep_ == "conj"
        current = current.head
        if coordinated:
            continue  # a coordinated verb is a sibling, not a governor
        if current.pos_ in ("VERB", "AUX") and current.ent_type_ in NAME_TYPES:
            break  # a name the tagger took for a verb ("Narendra Modi s'est rendu …") governs nothing
        chain.append(current)
        if current.pos_ == "VERB" and current.dep_ not in ("xcomp", "acl", "obj", "obl:arg", "obl:mod", "nmod"):
            # a finite verb closes the clause the trigger belongs to (but keep climbing one
            # more step through "pourrait participer", "envisage de livrer")
            if current.dep_ in ("ROOT", "conj", "ccomp", "advcl"):
                break
    return chain


def modality(token: Token, cues: ModalityCues, trigger_types: dict[int, str]) -> tuple[str, ...]:
    """Modal contexts of the event triggered by ``token``; ``trigger_types`` maps token index →
    event type of the other triggers of the sentence."""
    found: list[str] = []

    def add(*kinds: str) -> None:
        for kind in kinds:
            if kind == "intent" and "hypothetical" not in found:
                found.append("hypothetical")  # a pledged act has not happened yet
            if kind not in found:
                found.append(kind)

    lemma = token.lemma_.lower()
    for kind, lemmas in cues.self_.items():
        if lemma in lemmas:
            add(kind)
    # the trigger's own verb group: itself, its auxiliaries, and for a noun the verb it depends on
    group = [token]
    if token.pos_ == "NOUN" and token.head.i != token.i and token.head.pos_ in ("VERB", "AUX"):
        group.append(token.head)
    if token.pos_ in ("VERB", "AUX"):
        # "Le Niger dément avoir arrêté …": the tagger took the verb for an adjective and hung it
        # on the subject; a negation cue just before the verb group still negates it
        before = token.i - 1
        while before >= token.sent.start and token.doc[before].dep_.startswith("aux"):
            before -= 1
        word = token.doc[before] if before >= token.sent.start else None
        if word is not None and word.pos_ not in ("VERB", "AUX") and word.lower_ in cues.child["negation"] \
                and word.head.i < token.i and word.lower_ not in ("pas", "plus", "jamais", "not", "never"):
            add("negation")
    if any(cues.is_purpose(member) for member in group):
        add("hypothetical")  # the aim of another act: not done yet, and no pledge either
    if any(wished_clause(member) for member in group):
        add("hypothetical")  # "wants the EU to impose", "plaide pour que l'UE impose": wished for
    clause = next((m for m in group if m.dep_ == "ccomp" and m.head.i != m.i), None)
    if clause is not None and clause.head.lemma_.lower() in cues.governor["hypothetical"]:
        add("hypothetical")  # "souhaite que l'UE impose", "hopes that Iran will comply"
    for member in group:
        morph = member.morph
        auxes = [c for c in member.children if c.dep_.startswith("aux")]
        if cues.is_future(member) or any(cues.is_future(a) for a in auxes):
            add("future")
        if "Cnd" in morph.get("Mood") or any("Cnd" in a.morph.get("Mood") for a in auxes):
            add("hypothetical")
            if auxes:  # "aurait livré": the journalistic conditional reports an allegation
                add("alleged")
        for child in member.children:
            child_lemma = child.lemma_.lower()
            for kind, lemmas in cues.child.items():
                if child_lemma in lemmas or child.lower_ in lemmas:
                    if kind == "negation" and child_lemma == "plus" and not any(c.lower_ in ("ne", "n'") for c in member.children):
                        continue
                    add(kind)
    # governing words and events: "envisage de livrer", "appelle à livrer", "projet de coopération";
    # a meeting set as the circumstance of the clause is not its content ("lors d'une rencontre avec …")
    # a meeting before the clause's act is its circumstance too ("après consultation avec X, A a
    # promis …"); other acts after "après"/"after" keep their governor ("halted aid after the coup")
    after = GRAMMARS[token.lang_].circumstance_marks
    adjunct = token.pos_ == "NOUN" and (adjunct_of_clause(token, cues.adjunct_markers - after) or (
        trigger_types.get(token.i) == "CONSULT" and adjunct_of_clause(token, cues.adjunct_markers)))
    grammar = GRAMMARS[token.lang_]
    if token.pos_ == "NOUN" and token.head.i != token.i and _meeting_about(token, token.head, trigger_types, grammar):
        add("hypothetical")  # "talks on a troop pullback": what a meeting is about is not yet done
    for governor in ([] if adjunct else _governors(token)):
        g_lemma = governor.lemma_.lower()
        if governor.i == token.head.i and token.lemma_.lower() in grammar.expressive_nouns \
                and g_lemma in grammar.light_verbs and token.dep_ in grammar.obj:
            continue  # "offered its condolences": offering them is the act
        if token.pos_ == "NOUN" and grammar.adopts(g_lemma, trigger_types.get(token.i)) and (
                governor.i == token.head.i or (
                token.head.lemma_.lower() in grammar.measure_nouns and token.head.head.i == governor.i)):
            continue  # "EU leaders agreed new sanctions": adopting a measure is taking it, not pledging it
        if governor.i == token.head.i and token.pos_ == "NOUN" and token.dep_ in grammar.subject:
            # the active subject of a verb of planning, asking or threatening is not what is
            # planned, asked or threatened: "l'accord prévoit un corridor", "the offensive
            # threatens the truce"; only its tense and mood pass ("les sanctions entreront …")
            if "Fut" in governor.morph.get("Tense") or cues.is_future(governor):
                add("future")
            if "Cnd" in governor.morph.get("Mood"):
                add("hypothetical")
            continue
        for kind, lemmas in cues.governor.items():
            if g_lemma in lemmas:
                add(kind)
                if "Cnd" in governor.morph.get("Mood"):
                    add("hypothetical")
        if governor.i in trigger_types:
            add(*GOVERNING_TYPES.get(trigger_types[governor.i], ()))

        if "Fut" in governor.morph.get("Tense"):
            add("future")
        if "Cnd" in governor.morph.get("Mood"):
            add("hypothetical")
        if any(c.lemma_.lower() in cues.child["negation"] and c.lemma_.lower() != "plus" for c in governor.children) and governor.pos_ == "VERB":
            add("negation")
    # what a demand, a threat or a denial says in its own clause is not what happened: "demanded
    # that Tehran release the journalists", "exige que la France retire ses troupes", "denied that
    # its troops had crossed the border" (what a plain report says stays asserted: "said that …")
    if token.dep_ == "xcomp" and token.pos_ == "VERB":
        # "salue l'engagement de l'Inde à soutenir le Ghana": the parser hangs the infinitive on
        # the verb, past the noun that governs it
        for noun in token.head.children:
            if noun.dep_ in ("obj", "dobj") and noun.pos_ == "NOUN" and noun.i < token.i:
                for kind, lemmas in cues.governor.items():
                    if noun.lemma_.lower() in lemmas:
                        add(kind)
    if _ruled_out(token, grammar):
        add("negation")  # "a exclu toute levée des sanctions", "ruled out lifting sanctions"
    governing = content_governor(token, trigger_types)
    if governing is not None:
        add(*GOVERNING_TYPES[governing])
    return tuple(found)


def _ruled_out(token: Token, grammar) -> bool:
    """The act is the object of a verb that rules it out."""
    head = token.head
    if head.i == token.i or head.pos_ not in ("VERB", "AUX") or token.dep_ not in grammar.obj | {"xcomp"}:
        return False
    lemma = head.lemma_.lower()
    lemmas = {lemma, *(f"{lemma} {c.lower_}" for c in head.children if c.dep_ in ("prt", "compound:prt"))}
    return bool(lemmas & grammar.ruling_out_verbs)


def content_governor(token: Token, trigger_types: dict[int, str]) -> str | None:
    """The type of the demand, threat or denial whose "that"-clause holds ``token``, if any."""
    clause = token
    for _ in range(8):
        if clause.dep_ in CLAUSE_STOP or clause.head.i == clause.i:
            break
        clause = clause.head
    if clause.dep_ == "ccomp" and trigger_types.get(clause.head.i) in CONTENT_GOVERNING_TYPES:
        return trigger_types[clause.head.i]
    return None

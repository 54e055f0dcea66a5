"""Who did it and to whom: the actor and recipient of a trigger, read off the dependency parse."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..lexicons import TriggerEntry
from ..model import ActorRef
from .actors import ActorFinder

# Nouns whose "de X" names who undergoes the act, not who does it: "l'expulsion des diplomates".
PATIENT_TYPES = frozenset({"COERCE", "ASSAULT", "SANCTION", "CONCEDE", "RETREAT"})
# Verbs whose subject receives what a nominal event gives: "le Mali a reçu une livraison".
RECEIVING_LEMMAS = frozenset({"recevoir", "obtenir", "bénéficier", "réceptionner", "acquérir", "acheter", "accueillir"})


@dataclass(frozen=True, slots=True)
class Arguments:
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    via: str  # how they were found, for the confidence score and --explain


def _case(token: Token, finder: ActorFinder) -> str:
    for child in token.children:
        if child.dep_ in finder.g.case or child.dep_ == "fixed":
            return child.lower_
    return ""


def _merge(*groups: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for group in groups:
        for ref in group:
            if ref not in out:
                out.append(ref)
    return out


def _is_passive(verb: Token, finder: ActorFinder) -> bool:
    return any(c.dep_ in finder.g.passive_aux or c.dep_ in finder.g.passive_subject for c in verb.children)


def clause_subject(verb: Token, finder: ActorFinder, *, hops: int = 3) -> tuple[list[ActorRef], bool]:
    """The subject actors of a verb, climbing through xcomp/conj chains ("a décidé de livrer")
    and relative clauses ("la Russie, qui a livré"). Returns (actors, passive)."""
    g = finder.g
    current = verb
    for _ in range(hops + 1):
        passive = _is_passive(current, finder)
        for child in current.children:
            if child.dep_ in g.subject or child.dep_ in g.passive_subject:
                if child.lower_ in ("qui", "lequel", "laquelle") and current.dep_ in g.relative:
                    return finder.of_phrase(current.head, places=False), passive
                return finder.of_phrase(child, places=False), passive
        if current.dep_ in g.relative:
            return finder.of_phrase(current.head, places=False), passive
        if current.dep_ in g.inherit_subject and current.head is not current:
            current = current.head
            continue
        break
    return [], False


def _agent(verb: Token, finder: ActorFinder) -> list[ActorRef]:
    for child in verb.children:
        if child.dep_ in finder.g.agent or (child.dep_ in finder.g.oblique and _case(child, finder) in finder.g.agent_case):
            return finder.of_phrase(child, places=False)
    return []


def _prepositional(
    head: Token, finder: ActorFinder, cases: frozenset[str], *, depth: int = 2, places: bool = True
) -> list[ActorRef]:
    """Actors in prepositional phrases under ``head`` introduced by one of ``cases``."""
    g = finder.g
    found: list[ActorRef] = []
    frontier = [head]
    for _ in range(depth):
        nxt = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in g.relative or child.dep_ in ("ccomp", "advcl", "parataxis", "acl"):
                    continue
                if child.dep_ in g.oblique or child.dep_ in g.nominal_mod or child.dep_ in ("obl:arg", "obl:mod"):
                    if _case(child, finder) in cases:
                        found = _merge(found, finder.of_phrase(child, places=places))
                nxt.append(child)
        frontier = nxt
    return found


def _objects(verb: Token, finder: ActorFinder) -> list[ActorRef]:
    return _merge(*[finder.of_phrase(c, places=False) for c in verb.children if c.dep_ in finder.g.obj])


def _origin(head: Token, finder: ActorFinder) -> list[ActorRef]:
    """Who a thing comes from: "des blindés russes", "des armes de la Russie"."""
    g = finder.g
    found: list[ActorRef] = []
    for child in head.children:
        if child.dep_ in g.adjective and finder.mention_of(child) is not None:
            found = _merge(found, finder.of_phrase(child, places=False))
        elif child.dep_ in g.nominal_mod or child.dep_ in g.obj:
            if _case(child, finder) in g.source_case or child.dep_ in g.obj:
                found = _merge(found, finder.of_phrase(child, places=False))
                for grandchild in child.children:
                    if grandchild.dep_ in g.adjective and finder.mention_of(grandchild) is not None:
                        found = _merge(found, finder.of_phrase(grandchild, places=False))
    return found


def verb_arguments(verb: Token, entry: TriggerEntry, finder: ActorFinder) -> Arguments:
    g = finder.g
    subject, passive = clause_subject(verb, finder)
    recipients_direct = _objects(verb, finder)
    recipients_prep = _prepositional(verb, finder, g.recipient_case, places=False)
    if entry.roles == "inverse":
        givers = _merge(_prepositional(verb, finder, g.source_case | g.agent_case, depth=1),
                        *[_origin(c, finder) for c in verb.children if c.dep_ in g.obj])
        if passive:
            return Arguments(tuple(_agent(verb, finder)), tuple(subject), "inverse-passive")
        return Arguments(tuple(givers or recipients_direct), tuple(subject), "inverse")
    if passive:
        agent = _agent(verb, finder)
        patient = subject if subject else []
        recipients = _merge(recipients_prep, patient) if entry.type not in PATIENT_TYPES else _merge(patient, recipients_prep)
        return Arguments(tuple(agent), tuple(recipients or _places(verb, finder)), "passive")
    recipients = _merge(recipients_direct, recipients_prep)
    if not recipients_direct:
        # "a livré des blindés au Mali" where the parser hangs "au Mali" on the object
        for child in verb.children:
            if child.dep_ in g.obj:
                recipients = _merge(recipients, _prepositional(child, finder, g.recipient_case, places=False))
    return Arguments(tuple(subject), tuple(recipients or _places(verb, finder)), "active")


def noun_arguments(noun: Token, entry: TriggerEntry, finder: ActorFinder) -> Arguments:
    g = finder.g
    own_source: list[ActorRef] = []
    own_patient: list[ActorRef] = []
    for child in noun.children:
        case = _case(child, finder)
        if child.dep_ in g.adjective and finder.mention_of(child) is not None:
            refs = finder.of_phrase(child, places=False)
            (own_patient if entry.type in PATIENT_TYPES and entry.type != "ASSAULT" else own_source).extend(refs)
        elif child.dep_ in g.nominal_mod and case in g.agent_case:
            own_source.extend(finder.of_phrase(child, places=False))
        elif child.dep_ in g.nominal_mod and case in g.source_case:
            refs = finder.of_phrase(child, places=False)
            if entry.type in PATIENT_TYPES:
                own_patient.extend(refs)
            elif refs:
                own_source.extend(refs)
            else:
                own_source.extend(_origin(child, finder))  # "la livraison de blindés russes"
    recipients = _merge(own_patient, _prepositional(noun, finder, g.recipient_case, places=False))
    via = "nominal"
    governor = noun.head if noun.head is not noun else None
    actors = list(own_source)
    if governor is not None and governor.pos_ in ("VERB", "AUX") and noun.dep_ in (g.obj | g.subject | g.passive_subject | g.oblique):
        verb_subject, passive = clause_subject(governor, finder)
        receiving = governor.lemma_.lower() in RECEIVING_LEMMAS
        if noun.dep_ in g.obj or noun.dep_ in g.oblique:
            if receiving:
                recipients = _merge(recipients, verb_subject)
            elif not actors:
                actors = verb_subject
                via = "nominal-governor"
            if not recipients:
                recipients = _prepositional(governor, finder, g.recipient_case, depth=1, places=False)
        elif passive and not actors:
            actors = _agent(governor, finder)
            via = "nominal-passive"
    if not recipients:
        recipients = _places(noun, finder) or (_places(governor, finder) if governor is not None else [])
    return Arguments(tuple(actors), tuple(recipients), via)


def _places(head: Token, finder: ActorFinder) -> list[ActorRef]:
    """Fallback when the recipient is only a place ("à Bougoula"): the place's country."""
    return _prepositional(head, finder, finder.g.recipient_case, depth=3, places=True)


def arguments(token: Token, entry: TriggerEntry, finder: ActorFinder) -> Arguments:
    if entry.pos == "NOUN":
        return noun_arguments(token, entry, finder)
    return verb_arguments(token, entry, finder)

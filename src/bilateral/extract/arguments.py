"""Who did it and to whom: the actor and recipient of a trigger, read off the dependency parse."""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from ..lexicons import TriggerEntry
from ..model import ActorRef
from ..nlp.components import verb_lemma
from .actors import DOMESTIC_SECTORS, ActorFinder
from .dates import WORDS as DATE_WORDS
from .clauses import CLAUSE_DEPS, adjunct_of_clause, apposed_participle, main_subject, misparsed_relative, trailing_participle, \
    wished_clause

SYMMETRIC_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# Verbs whose object did what the nominal event in their complement says: "remercie Moscou pour
# la livraison", "accuse Paris de l'attaque".
CREDITING_TYPES = frozenset({"SUPPORT", "ACCUSE"})
# acts that may be done in answer to another party's: "in retaliation for US tariffs"
APPLICATION_TYPES = frozenset({"REJECT", "SUPPORT"})
ANSWERING_TYPES = frozenset({"SANCTION", "COERCE", "ASSAULT", "THREATEN", "REJECT", "PROTEST", "MOBILIZE"})
# what one party's act may draw from another: "prompting a protest from Moscow"
REACTION_TYPES = frozenset({"ACCUSE", "PROTEST", "REJECT", "THREATEN", "SANCTION", "SUPPORT"})
# names a relative pronoun may stand for when the parser lost the clause ("le Soudan, qui accuse …")
ANTECEDENT_KINDS = frozenset({"country", "capital", "seat", "org", "person"})
# Verbs whose embedded clause names the recipient: "refuse de recevoir la délégation".
EMBEDDING_TYPES = frozenset({"REJECT", "REQUEST", "AGREE", "THREATEN"})
# Speakers who may address their own state ("the opposition demanded that the president resign").
SOCIETY = DOMESTIC_SECTORS | {"REB", "UAF", "NGO", "ELI"}
# Acts whose unnamed doer is the state where they happen, when the victims are foreigners, and
# measures that fall on the population of the place they are taken in ("lifted the curfew in Gao").
SITED_TYPES = frozenset({"ASSAULT", "COERCE", "CONCEDE"})
# Appraisals and appeals, which a participle after a message or a meeting addresses to its addressee
ADDRESSED_TYPES = frozenset({"SUPPORT", "ACCUSE", "REQUEST"})
# Acts done to the other side of a meeting they are set in ("a signé un accord lors d'une rencontre
# avec X", "pledged support during talks with X"). A criticism, threat or withdrawal voiced during
# a meeting need not be aimed at the host, so those never take the meeting's partner.
MEETING_TYPES = frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "REJECT"})


@dataclass(frozen=True, slots=True)
class Arguments:
    actors: tuple[ActorRef, ...]
    recipients: tuple[ActorRef, ...]
    via: str  # how they were found: feeds the confidence score
    subject_unresolved: bool = False  # the clause has a subject that names no actor
    participants: tuple[ActorRef, ...] = ()  # "entre X et Y", for symmetric events
    located: bool = False  # the recipients are only where it happened ("à Bamako")
    where: tuple[ActorRef, ...] = ()  # where it happened, for unnamed victims of an unnamed actor
    site: tuple[ActorRef, ...] = ()  # where it happened, for an attack or arrest by someone unnamed


def _extent(token: Token) -> tuple[int, int]:
    """The character offsets a token's phrase spans in the document."""
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def _time_word(token: Token) -> bool:
    """A day, a month or "hier"/"yesterday": when, never whom."""
    words = DATE_WORDS.get(token.lang_)
    lower = token.lower_
    return words is not None and (lower in words.weekdays or lower in words.months or lower in words.relative)


def merge(*groups: list[ActorRef]) -> list[ActorRef]:
    out: list[ActorRef] = []
    for group in groups:
        for ref in group:
            if ref not in out:
                out.append(ref)
    return out


class ArgumentReader:
    """Reads arguments for one sentence's triggers with a shared ``ActorFinder``."""

    def __init__(self, finder: ActorFinder):
        self.f = finder
        self.g = finder.g

    # --- small helpers ----------------------------------------------------------------------
    def case(self, token: Token) -> str:
        for child in token.children:
            if child.dep_ in self.g.case:
                return child.lower_
        return ""

    def is_passive(self, verb: Token) -> bool:
        participle = "Part" in verb.morph.get("VerbForm") and "Past" in verb.morph.get("Tense")
        if verb_lemma(verb) in self.g.etre_verbs and not any(
                c.dep_ in self.g.agent or (c.dep_ in self.g.oblique and self.case(c) in self.g.agent_case)
                for c in verb.children):
            return False  # "sont convenus d'un accord", "sont parvenus à …": a compound tense, not a passive
        return any(c.dep_ in self.g.passive_aux for c in verb.children) or (verb.dep_ == "acl" and participle) or (
            # a headline: "French drones shot down by Nigerian army", a past form with an agent and no auxiliary
            "Past" in verb.morph.get("Tense") and verb.i == verb.head.i and any(c.dep_ in self.g.agent for c in verb.children)
            and not any(c.dep_.startswith("aux") for c in verb.children))

    def subject_token(self, verb: Token) -> tuple[Token | None, Token]:
        """The subject of ``verb`` and the verb that carries it, climbing through xcomp/conj chains
        and infinitive adverbials ("a décidé de livrer", "sont arrivés pour former")."""
        current = verb
        for _ in range(4):
            subjects = [c for c in current.children if c.dep_ in self.g.subject or c.dep_ in self.g.passive_subject]
            if subjects and all(c.lower_ in self.g.distributive for c in subjects) and current.dep_ == "xcomp":
                current = current.head  # "Varsovie et Berlin vont chacun expulser": the governing verb's subject
                continue
            if subjects:
                # two subjects is a misparsed apposition ("la société russe Rosatom participe"):
                # the name says more than the description
                named = [c for c in subjects if (m := self.f.mention_of(c)) is not None and m.kind in ("org", "person")]
                return (named or subjects)[0], current
            if current.dep_ == "xcomp" and current.head.i != current.i:
                # object control: "tell the junta to step down", "appelle la Russie à livrer"
                controller = [c for c in current.head.children if c.dep_ in self.g.obj and c.i < current.i
                              and c.lower_ not in self.g.distributive]
                if not controller:
                    controller = [c for c in current.head.children if c.dep_ in self.g.oblique and c.i < current.i
                                  and self.case(c) in self.g.control_case]
                if controller:
                    return controller[0], current
            if current.dep_ == "pcomp" and current.head.pos_ == "ADP" and current.head.head.pos_ in ("VERB", "AUX") \
                    and current.head.head.i != current.head.i:
                governor = current.head.head
                controller = [c for c in governor.children if c.dep_ in self.g.obj and c.i < current.i]
                if current.head.lower_ in ("against", "from", "into", "of", "for") and controller:
                    # "warned NATO against deploying": NATO would deploy; "accused Israel of striking",
                    # "thanked Russia for delivering": the one accused or thanked did it
                    return controller[0], current
                current = governor  # "surprised observers by signing …": the signer is the subject
                continue
            if apposed_participle(current) and (
                    (self.f.mention_of(current.head) is None and current.head.lemma_.lower() not in self.f.lex.titles)
                    or current.head.dep_ in self.g.obj
                    or (current.head.dep_ in self.g.oblique and self.case(current.head) in ("", "à", "au", "to"))
                    or (current.head.dep_ == "conj" and current.head.pos_ == "PROPN")):
                # "a adressé un message à son homologue, Sergueï Lavrov, saluant …": hung on the
                # person addressed, the participle is still the subject's second act
                current = current.head.head
                continue
            if self._gerund(current):
                # "a créé la surprise en rompant …", "en menaçant de …" (tagged an adjective and hung
                # on a noun): a gerund always shares its clause's subject
                governor = current.head
                while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
                    governor = governor.head
                if governor.i != current.i and governor.pos_ in ("VERB", "AUX"):
                    current = governor
                    continue
            if current.dep_ == "acl" and "Inf" in current.morph.get("VerbForm") and current.head.pos_ == "NOUN":
                # "Russia's decision to leave", "la décision russe de quitter", "la volonté du Mali
                # de diversifier": whoever the noun belongs to does what follows
                for child in current.head.children:
                    mention = self.f.mention_of(child)
                    # "Poland's decision to close", "the decision by Niger to expel"
                    owned = (child.dep_ in self.g.nominal_mod | {"nmod:poss", "poss"} and (
                        self.case(child) in self.g.possessive_case | self.g.agent_case or (
                            self.case(child) in self.g.source_case and child.i < current.i))) or child.dep_ in self.g.adjective
                    if owned and mention is not None and mention.kind != "place":
                        return child, current
            inherits = current.dep_ in self.g.inherit_subject or (
                current.dep_ == "advcl" and ("Inf" in current.morph.get("VerbForm") or trailing_participle(current)
                                             or self._perfect_infinitive(current))
            ) or (current.dep_ == "acl" and current.head.dep_ == "ROOT" and current.head.pos_ in ("NOUN", "ADJ"))
            if inherits and current.head.i != current.i:
                current = current.head
                continue
            if current.dep_ == "acl" and "Inf" in current.morph.get("VerbForm") and current.head.pos_ in ("VERB", "AUX"):
                current = current.head  # "menace de claquer", the infinitive hung on the verb as a modifier
                continue
            if current.dep_ == "acl" and "Inf" in current.morph.get("VerbForm") and current.head.head.i != current.head.i:
                current = current.head.head  # "ont instruit la police de procéder à …": the instructing subject
                continue
            break
        return self._misattached_subject(current), current

    @staticmethod
    def _perfect_infinitive(verb: Token) -> bool:
        """"après avoir accusé …", "sans avoir consulté …": a participle under an infinitive
        auxiliary has no subject of its own."""
        return any(c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") for c in verb.children)

    def _gerund(self, verb: Token) -> bool:
        """"en rompant", "by delivering" read as a gerund: a mark of the gerund before a word in -ant/-ing."""
        return verb.head.i != verb.i and verb.dep_ in ("advcl", "acl", "obl", "nmod") and any(
            c.dep_ in ("mark", "case") and c.lower_ in self.g.gerund_marks and c.i == verb.i - 1 for c in verb.children) \
            and verb.lower_.endswith(("ant", "ing"))

    def _misattached_subject(self, verb: Token) -> Token | None:
        """Repair for long sentences the parser gets wrong: with no subject, an actor phrase left of
        the verb hanging on it as a bare modifier ("Le 9 janvier les dirigeants de la CEDEAO ont
        infligé …" parsed as a date modifier) stands for the subject."""
        for child in verb.children:
            if child.i < verb.i and child.dep_ == "compound" and self.f.mention_of(child) is not None \
                    and verb.i == verb.head.i:
                return child  # a headline: "Canada visit to South Africa" tagged as a verb with a compound
            if child.i >= verb.i or child.dep_ not in ("obl:mod", "nmod", "obl", "dep", "dislocated"):
                continue
            if self.case(child) and self.case(child) not in self.g.source_case:
                continue
            for node in child.subtree:
                if node.i >= verb.i:
                    break
                if node.dep_ in self.g.nominal_mod | {"obl:mod", "dep"} and node.pos_ in ("NOUN", "PROPN"):
                    if self.f.lex.titles.get(node.lemma_.lower()) or self.f.mention_of(node) is not None:
                        if not self.case(node) or node.i == child.i:
                            return node
        return self._fronted_subject(verb)

    def _fronted_subject(self, verb: Token) -> Token | None:
        """"Under the auspices of the AU, Ethiopia and Eritrea signed …": the parser may hang the
        subject on a fronted phrase; the names between the last comma and a finite verb that has no
        subject are its subject."""
        if verb.dep_ != "ROOT" or "Fin" not in verb.morph.get("VerbForm") and verb.pos_ != "VERB":
            return None
        start = verb.i - 1
        while start > verb.sent.start and verb.doc[start].text not in (",", ";", ":"):
            start -= 1
        span = [t for t in verb.doc[start + 1: verb.i] if t.dep_ not in ("aux", "aux:pass", "aux:tense", "advmod", "neg")]
        # a name the tagger took for a verb ("Nasser Bourita") is still a name
        if not span or start == verb.sent.start or any(t.pos_ in ("VERB", "AUX") and t not in span[-1:]
                                                       and self.f.mention_of(t) is None for t in span):
            return None
        named = [t for t in span if self.f.mention_of(t) is not None and self.f.mention_of(t).kind in
                 ("country", "capital", "org", "person", "seat")]
        if not named:  # "…, the Iranian foreign minister lifted …": an office with its state
            named = [t for t in span if t.pos_ in ("NOUN", "PROPN") and self.f.lex.titles.get(t.lemma_.lower())
                     and self.f.of_phrase(t, places=False)]
        return named[0] if named else None

    def reciprocal(self, verb: Token) -> bool:
        """"se sont mutuellement accusés", "s'accusent réciproquement", "accused each other"."""
        words = self.g.reciprocal_words
        if any(c.lower_ in words for c in verb.children):
            return True
        after = verb.doc[verb.i + 1: min(verb.i + 3, verb.sent.end)]
        return " ".join(t.lower_ for t in after) in words

    def _clause_on_name(self, verb: Token) -> Token | None:
        """The name a finite verb was hung on as a modifier ("La Russie expulse deux diplomates"
        parsed as "Russie" with a clause, "Narendra Modi s'est rendu" with the name as root): the
        name is its subject."""
        if any(c.dep_ in self.g.subject for c in verb.children):
            return None
        head = verb.head
        if verb.pos_ == "NOUN":
            # a verb tagged a noun ("Ankara sanctionne des entreprises"): the name just before it
            before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
            if before is not None and self.f.mention_of(before) is not None:
                return before
            return head if head.i < verb.i and self.f.mention_of(head) is not None else None
        # "Le Premier ministre indien Narendra Modi s'est entretenu …": the name tagged a verb, and
        # the clause hung on it as an adverbial
        on_name_verb = verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX") and head.ent_type_ in ("PER", "PERSON") \
            and not any(c.dep_ == "mark" for c in verb.children)
        if (verb.dep_ not in ("acl", "dep") and not on_name_verb) or head.i >= verb.i or self.f.mention_of(head) is None:
            return None
        if "Fin" in verb.morph.get("VerbForm") or any(c.dep_ == "aux:tense" for c in verb.children):
            return head
        return None

    def subject(self, verb: Token) -> tuple[list[ActorRef], bool, Token]:
        """(subject actors, unresolved explicit subject?, verb carrying the subject)."""
        named = self._clause_on_name(verb)
        if named is not None:
            return self.f.of_phrase(named, places=False), False, verb
        token, carrier = self.subject_token(verb)
        if carrier.dep_ in self.g.relative and (token is None or token.lower_ in self.g.relative_pronouns):
            if carrier.head.lower_ in self.g.clause_antecedents:
                # "a signé un accord avec le Somaliland, ce qui a provoqué l'ire de Mogadiscio":
                # "ce qui" stands for the clause before; whoever did it caused what follows
                main = carrier.head
                while main.head.i != main.i and main.pos_ not in ("VERB", "AUX"):
                    main = main.head
                return (self.subject(main)[0] if main.i != carrier.i else []), False, carrier
            return self.f.of_phrase(carrier.head, places=False, deep=True), False, carrier
        if token is not None and token.lower_ in self.g.relative_pronouns and token.i > 0:
            # "le Soudan, qui accuse …" parsed as a clause of the main verb: the name before the
            # comma is the antecedent
            before = token.doc[token.i - 2] if token.doc[token.i - 1].text == "," and token.i > 1 else token.doc[token.i - 1]
            mention = self.f.mention_of(before)
            if mention is not None and mention.kind in ANTECEDENT_KINDS:
                return [self.f.ref(mention)], False, carrier
        extra: list[ActorRef] = []
        if carrier.dep_ == "conj" and carrier.head.pos_ in ("PROPN", "NOUN") and carrier.head.i < carrier.i:
            # "Ouagadougou et Moscou ont conclu": the parser made the first subject the head
            extra = self.f.of_phrase(carrier.head, places=False)
        if token is None:
            return extra, False, carrier
        if token.lower_ in self.g.pronouns and carrier.dep_ == "ccomp" and carrier.head.i != carrier.i:
            # "Algeria announced that it has closed …": the pronoun is the announcer
            outer, _, _ = self.subject(carrier.head)
            if outer:
                return outer, False, carrier
        if token.lower_ in self.g.pronouns and carrier.dep_ in self.g.relative:
            # "Sudan cut ties with the UAE, which it accuses of …": the pronoun of a clause on an
            # object is the main clause's subject (never the antecedent itself)
            governor = carrier.head
            while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
                governor = governor.head
            if governor.pos_ in ("VERB", "AUX"):
                outer, _, _ = self.subject(governor)
                named = {r.code for r in self.f.of_phrase(carrier.head, places=False)}
                if outer and not {r.code for r in outer} & named:
                    return outer, False, carrier
        refs = merge(extra, self.f.of_phrase(token, places=False, deep=True))
        if not refs and carrier.dep_ == "xcomp" and carrier.head.i != carrier.i and token.head.i == carrier.head.i \
                and any("Yes" in c.morph.get("Poss") for c in token.children) \
                and (self.f.lex.titles.get(token.lemma_.lower()) or ("", False))[0] in ("MIL", "COP"):
            # "a ordonné à ses troupes de se rapprocher", "ordered its troops to withdraw": forces
            # told to act by their owner act for the one who gives the order
            outer, _, _ = self.subject(carrier.head)
            if outer:
                return outer, False, carrier
        listed = self._headline_list(token)
        if listed:
            refs = merge(listed, refs)
        if token.dep_ == "conj":
            # a subject found inside a misparsed coordination brings the names listed after it
            refs = merge(refs, *[self.f.of_phrase(c, places=False) for c in token.conjuncts if c.i > token.i])
        for other in carrier.children:
            # a second subject is usually a misparsed apposition or coordination: keep both
            if other.i != token.i and other.dep_ in self.g.subject | self.g.passive_subject:
                refs = merge(refs, self.f.of_phrase(other, places=False))
        # "le groupe russe Rosatom": the nationality of a named organisation or person is no
        # second party beside it
        named = {r.code for r in refs if r.kind in ("org", "person")}
        refs = [r for r in refs if r.kind != "adjective" or r.code not in named]
        return refs, not refs and self.f.is_unresolved_subject(token), carrier

    def _headline_list(self, token: Token) -> list[ActorRef]:
        """"Pakistan, Afghanistan agree to truce": names listed with commas at the head of a
        sentence, before its subject, are subjects with it (a headline's "and" is a comma)."""
        doc, start = token.doc, token.sent.start
        found: list[ActorRef] = []
        i = token.i
        while i - 2 >= start and doc[i - 1].text == ",":
            mention = self.f.mention_of(doc[i - 2])
            if mention is None or mention.kind not in ("country", "capital", "org") or doc[i - 2].head.i == i - 1:
                return []
            found.insert(0, self.f.ref(mention))
            i = mention.start
        return found if found and i == start else []

    def agent(self, verb: Token) -> list[ActorRef]:
        for child in verb.children:
            if child.dep_ in self.g.agent or (child.dep_ in self.g.oblique | self.g.nominal_mod and self.case(child) in self.g.agent_case):
                return self.f.of_phrase(child, places=False, deep=True)
        if not self.is_passive(verb):
            return []
        for child in verb.children:
            # "a été accordée à l'Espagne par le Bénin": the parser may hang the agent on the
            # phrase before it
            if child.dep_ in self.g.oblique | self.g.obj | self.g.passive_subject:
                for grandchild in child.children:
                    if grandchild.dep_ in self.g.nominal_mod and self.case(grandchild) in self.g.agent_case:
                        return self.f.of_phrase(grandchild, places=False, deep=True)
        return []

    def prepositional(self, head: Token, cases: frozenset[str], *, locative: bool = False, deep: bool = False) -> list[ActorRef]:
        """Actors in prepositional dependents of ``head`` introduced by one of ``cases``.
        Capitals and places after a locative preposition ("à Bamako") count only with ``locative``."""
        found: list[ActorRef] = []
        for child in head.children:
            if not (child.dep_ in self.g.oblique or child.dep_ in self.g.nominal_mod):
                continue
            case = self.case(child)
            if case not in cases:
                continue
            refs = self.f.of_phrase(child, places=locative, deep=deep and case not in self.g.locative_case)
            if not locative and case in self.g.locative_case:
                refs = [r for r in refs if r.kind not in ("capital", "place")]
            found = merge(found, refs)
        return found

    def between(self, head: Token) -> list[ActorRef]:
        """"entre le Mali et la Russie": the participants, from the head or its object/participle."""
        found: list[ActorRef] = []
        frontier = [head]
        for level in range(3):  # "l'accord de défense conclu entre Ankara et Niamey", "un échange de prisonniers entre …"
            nxt = []
            for node in frontier:
                for child in node.children:
                    if (child.dep_ in self.g.oblique or child.dep_ in self.g.nominal_mod) and self.case(child) in self.g.between_case:
                        found = merge(found, self.f.of_phrase(child, places=False))
                    elif (child.dep_ in self.g.obj or child.dep_ == "acl" or child.dep_ in self.g.nominal_mod) and not (
                            level and self.case(child) in self.g.topic_case - self.g.source_case):
                        # deeper down, what a thing is about holds no party of it ("un accord sur la
                        # frontière entre le Niger et le Burkina")
                        nxt.append(child)
            if found:
                break
            frontier = nxt
        if len(found) < 2:
            # headlines and long names defeat the parser ("Ratification du traité de libre-échange
            # entre le Japon et le Canada"): read the "entre …" list on the surface
            surface = self._between_surface(head)
            if len(merge(found, surface)) >= 2:
                return merge(found, surface)
        return found

    def _between_surface(self, head: Token) -> list[ActorRef]:
        """In a headline (no finite verb), the actors listed after "entre"/"between" a few words
        after ``head``, up to the next verb or strong punctuation, with no verb or other event
        before the preposition."""
        doc, end = head.doc, head.sent.end
        if any(t.pos_ == "AUX" or (t.pos_ == "VERB" and "Fin" in t.morph.get("VerbForm")) for t in head.sent):
            return []  # a sentence with a finite verb is parsed well enough; this is for headlines
        start = None
        for tok in doc[head.i + 1: min(end, head.i + 10)]:
            if tok.pos_ in ("VERB", "AUX") or tok.text in (":", ";", "(", "—") or tok.i in self.f.trigger_types:
                return []  # the list belongs to another event ("lors d'une rencontre entre …")
            if tok.lower_ in self.g.between_case:
                start = tok.i + 1
                break
        if start is None:
            return []
        refs: list[ActorRef] = []
        for tok in doc[start:end]:
            if tok.pos_ in ("VERB", "AUX") or tok.text in (":", ";", ".", "(", "—", "»", '"'):
                break
            mention = self.f.mention_of(tok)
            if mention is None or tok.i != mention.start or mention.kind == "place":
                continue
            # "l'armée nigériane": the title noun the adjective marks holds the actor
            holder = tok.head if mention.kind == "adjective" and self.f.lex.titles.get(tok.head.lemma_.lower()) else tok
            refs = merge(refs, self.f.of_phrase(holder, places=False) or [self.f.ref(mention)])
        return refs

    def deep_prepositional(self, head: Token, cases: frozenset[str], *, depth: int = 3) -> list[ActorRef]:
        """Recipients further down the clause, nearest first, not crossing into other clauses."""
        frontier = [c for c in head.children if c.dep_ not in CLAUSE_DEPS]
        for _ in range(depth):
            found: list[ActorRef] = []
            nxt = []
            for node in frontier:
                case = self.case(node)
                if case in cases:
                    refs = self.f.of_phrase(node, places=False)
                    if case in self.g.locative_case:
                        refs = [r for r in refs if r.kind not in ("capital", "place")]
                    found = merge(found, refs)
                nxt.extend(c for c in node.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in self.g.subject)
            if found:
                return found
            frontier = nxt
        return []

    def clause_actors(self, verb: Token, *, depth: int = 4) -> list[ActorRef]:
        """Last resort for a misparsed clause: the first actor after the verb inside its own
        clause (not its subject, not another clause), read breadth-first."""
        frontier = [c for c in verb.children if c.i > verb.i and c.dep_ not in CLAUSE_DEPS
                    and c.dep_ not in self.g.subject and c.dep_ not in self.g.passive_subject]
        for _ in range(depth):
            nxt = []
            for node in sorted(frontier, key=lambda t: t.i):
                if self.case(node) in self.g.locative_case and self.f.mention_of(node) is not None:
                    continue
                refs = [r for r in self.f.of_phrase(node, places=False) if r.kind not in ("capital", "place")]
                if refs:
                    return refs
                nxt.extend(c for c in node.children if c.dep_ not in CLAUSE_DEPS)
            frontier = nxt
        return []

    def objects(self, verb: Token, *, skip: frozenset[str] = frozenset(), places: bool = False) -> list[ActorRef]:
        """Actors named by the verb's objects; objects whose lemma is in ``skip`` (the noun that
        completes the trigger: "réaffirme son soutien") are not recipients themselves."""
        # a name the parser made a predicate ("a averti Kiev qu'…" parsed Kiev as xcomp) is an object
        objects = [c for c in verb.children
                   if (c.dep_ in self.g.obj or (c.dep_ == "xcomp" and c.pos_ == "PROPN" and c.i > verb.i
                                                and self.f.mention_of(c) is not None))
                   and c.lemma_.lower() not in skip]
        # "a accusé dimanche la Chine de …": the parser may take the day for the object and hang
        # the object on it
        objects += [o for c in objects if _time_word(c) for o in c.children
                    if o.dep_ in self.g.obj | self.g.apposition | {"nmod"} and o.i > c.i
                    and not any(k.dep_ in ("case", "prep") for k in o.children)]
        # "a libéré samedi trois otages israéliens": or make both adjuncts of the verb, the object
        # a bare noun right after the day
        days = [c for c in verb.children if _time_word(c) and c.dep_ in self.g.oblique and c.i > verb.i]
        objects += [o for d in days for o in verb.children if o.dep_ in self.g.oblique and o.i > d.right_edge.i
                    and all(t.pos_ in ("DET", "NUM", "ADJ") for t in o.doc[d.right_edge.i + 1: o.i])
                    and o.pos_ in ("NOUN", "PROPN") and not _time_word(o)
                    and not any(k.dep_ in ("case", "prep") for k in o.children)] if not objects else []
        found = merge(*[self.f.of_phrase(c, places=places, deep=True) for c in objects])
        named = self._clause_on_name(verb) if not found else None
        if named is not None:
            # "La Russie expulse deux diplomates britanniques": the object hung on the name too
            found = merge(*[self.f.of_phrase(c, places=places, deep=True) for c in (*named.children, *verb.children)
                            if c.i > verb.i and c.dep_ in self.g.nominal_mod and self.case(c) in ("", "des", "du")])
        return found or self._relative_object(verb)

    def _relative_object(self, verb: Token) -> list[ActorRef]:
        """The antecedent of an object relative pronoun: "the UAE, which it accuses of …", "les
        Émirats, qu'il accuse de …" (also when the parser made "qu'" a conjunction after the comma)."""
        doc = verb.doc
        for child in verb.children:
            if child.i > verb.i or child.lower_ not in self.g.object_relatives:
                continue
            if child.dep_ in self.g.obj and verb.dep_ in self.g.relative:
                return self.f.of_phrase(verb.head, places=False)
            if child.i >= 2 and doc[child.i - 1].text == "," and child.dep_ not in self.g.subject | self.g.passive_subject \
                    and not any(c.dep_ in self.g.obj for c in verb.children):
                mention = self.f.mention_of(doc[child.i - 2])
                if mention is not None and mention.kind in ANTECEDENT_KINDS:
                    return [self.f.ref(mention)]
        return []

    def origin(self, head: Token) -> list[ActorRef]:
        """Who a thing comes from: "des blindés russes", "des armes de la Russie"."""
        found: list[ActorRef] = []
        for child in head.children:
            if child.dep_ in self.g.adjective and self.f.mention_of(child) is not None:
                found = merge(found, self.f.of_phrase(child, places=False))
            elif child.dep_ in self.g.nominal_mod and self.case(child) in self.g.source_case:
                found = merge(found, self.f.of_phrase(child, places=False, deep=True))
        return found

    def places(self, head: Token) -> list[ActorRef]:
        """Fallback when the recipient is only a place ("à Bougoula"): the place's country."""
        cases = self.g.recipient_case | self.g.locative_case
        found = [r for r in self.prepositional(head, cases, locative=True) if r.kind != "domestic"]
        if not found:
            for child in head.children:
                if child.dep_ in self.g.obj or child.dep_ in self.g.oblique or child.dep_ in self.g.nominal_mod:
                    # a thing's maker one phrase down is not where: "à l'aide de drones turcs"
                    found = merge(found, [r for r in self.prepositional(child, cases | self.g.source_case, locative=True)
                                          if r.kind not in ("domestic", "adjective")])
        return found

    def site(self, head: Token, *, depth: int = 3) -> list[ActorRef]:
        """Where an act happened: the first country, capital or place named in a locative phrase
        of ``head``'s clause ("in the town of Ansongo in eastern Mali"), nearest first."""
        frontier = [c for c in head.children if c.dep_ not in CLAUSE_DEPS and c.dep_ not in self.g.subject]
        for _ in range(depth):
            nxt = []
            for node in frontier:
                if self.case(node) in self.g.locative_case:
                    for t in node.subtree:
                        mention = self.f.mention_of(t)
                        if mention is not None and mention.kind in ("country", "capital", "place", "adjective"):
                            return [self.f.ref(mention)]
                nxt.extend(c for c in node.children if c.dep_ not in CLAUSE_DEPS)
            frontier = nxt
        return []

    # --- verbs ------------------------------------------------------------------------------
    def verb(self, verb: Token, entry: TriggerEntry) -> Arguments:
        args = self._verb(verb, entry)
        if args.actors and (not args.recipients or args.located) and entry.type in MEETING_TYPES:
            partners = self._meeting_partners(verb, args.actors)
            if partners:
                return replace(args, recipients=tuple(partners), via="meeting-adjunct", located=False)
        if args.recipients and entry.type not in SYMMETRIC_TYPES \
                and {r.code for r in args.recipients} <= {r.code for r in self._meeting_partners(verb, (), before=True)} \
                and (entry.type not in MEETING_TYPES
                     or not {r.code for r in args.recipients} <= {r.code for r in self._meeting_partners(verb, ())}):
            # "During a meeting with X, A condemned the attack", "after talks with X, A reopened its
            # border": the parser's reach into the meeting found its partner, whom a criticism, or
            # an act that follows the talks, need not be aimed at
            return replace(args, recipients=())
        if args.actors and args.recipients:
            return args
        for child in verb.children:
            # "le soutien de Moscou aux autorités maliennes a été réaffirmé": the event noun that
            # completes the trigger carries the arguments the verb lacks
            if (child.dep_ in self.g.obj or child.dep_ in self.g.passive_subject) and child.i in self.f.trigger_types \
                    and child.lemma_.lower() in entry.with_:
                inner = self.noun(child, entry)
                return Arguments(args.actors or inner.actors, args.recipients or inner.recipients, args.via,
                                 args.subject_unresolved, args.participants or inner.participants, args.located)
        return args

    def _verb(self, verb: Token, entry: TriggerEntry) -> Arguments:
        g = self.g
        subject, unresolved, carrier = self.subject(verb)
        if entry.type in SYMMETRIC_TYPES and verb.dep_ == "parataxis" and verb.head.pos_ in ("NOUN", "PROPN") \
                and verb.head.i < verb.i:
            # "un haut responsable turc, Yaşar Güler, avait rencontré Ilham Aliev": the parser hung the
            # meeting on the person before it; for a meeting, whoever the noun names takes part
            subject = merge(self.f.of_phrase(verb.head, places=False), subject)
        passive = self.is_passive(verb) or bool(subject and carrier is not verb and self.is_passive(carrier))
        if passive and self._clause_on_name(verb) is not None and not any(c.dep_ in g.passive_aux for c in verb.children):
            passive = False  # "Narendra Modi s'est rendu à Moscou": a compound tense hung on the name
        if self.reciprocal(verb) or (entry.type in ("ACCUSE", "THREATEN") and len({a.code for a in subject}) >= 2 and any(
                c.lower_ in ("se", "s'", "s’") for c in verb.children) and not self.prepositional(verb, g.recipient_case)
                and not self.objects(verb)):
            # "la Chine et les Philippines se sont mutuellement accusées": no passive, and each of
            # the parties named together acts on the other
            if passive and not subject:
                subject = self.f.of_phrase(carrier, places=False) if carrier is not verb else merge(*[
                    self.f.of_phrase(c, places=False) for c in verb.children if c.dep_ in g.passive_subject])
            return Arguments(tuple(subject), (), "reciprocal", unresolved)
        if not passive and entry.type == "COERCE" and verb.dep_ == "ROOT" and verb.tag_ in ("VBD", "VBN") \
                and any(c.dep_ in g.subject and c.pos_ == "NOUN" and c.i < verb.i for c in verb.children) \
                and not any(c.dep_ in g.obj for c in verb.children) and not any(t.dep_.startswith("aux") for t in verb.sent):
            # a headline "Two Malian journalists detained in Niger": a past form of an act done to
            # someone, with no object and no auxiliary, is a passive without its auxiliary
            passive = True
        cases = g.recipient_case | (g.source_case if entry.type == "RETREAT" else frozenset())
        topics: frozenset[str] = frozenset()
        undone = False
        if entry.type == "RETREAT" and entry.mode != "release":  # "retire ses troupes": its own; "quitte Bamako": the place left
            # "allow UN inspectors in": access is granted to whoever the object names
            kinds = ("country", "capital", "place", "seat") + (("org",) if entry.mode == "access" else ())
            direct = [r for r in self.objects(verb, places=True) if r.kind in kinds]
        else:
            completing = frozenset(c.lemma_.lower() for c in verb.children if c.dep_ in g.obj and c.i in self.f.trigger_types)
            # "discussed the war against the RSF", "ont évoqué les frappes sur Gaza": an act talked
            # about is the topic of the talks, and whom it is aimed at takes no part in them
            topics = frozenset(c.lemma_.lower() for c in verb.children if c.dep_ in g.obj and entry.type == "CONSULT"
                               and c.lemma_.lower() not in entry.with_ and c.lower_ not in entry.with_
                               and (self.f.trigger_types.get(c.i, "CONSULT") != "CONSULT"
                                    or self._topic_noun(c)))
            direct = self.objects(verb, skip=(completing & frozenset(entry.with_)) | topics)
            if not direct and entry.type == "ASSAULT":
                # "la Russie a bombardé Kharkiv", "struck Gaza": a town attacked is its country
                # attacked (a town of the attacker's own country names no other party)
                own = {a.code for a in subject}
                direct = [r for r in self.objects(verb, places=True) if r.kind in ("place", "capital")
                          and r.code not in own]
        if entry.type in CREDITING_TYPES:
            # "a condamné l'arrestation de deux Français par l'Iran": an act condemned or praised
            # with its doer named is the doer's, not its victims' ("reaffirmed Washington's
            # support" names the support it completes, not another act)
            doers = merge(*[self.f.of_phrase(doer, places=False, deep=True) for c in verb.children
                            if c.dep_ in g.obj and self.f.trigger_types.get(c.i, entry.type) != entry.type
                            and (doer := self._named_doer(c)) is not None])
            if not doers and not passive and any(c.dep_ in g.obj and c.i in self.f.trigger_types for c in verb.children):
                # "a dénoncé l'expulsion de ses diplomates par le Burkina Faso" with "par" hung on the
                # active verb: the by-phrase is the doer of the act condemned
                doers = merge(*[self.f.of_phrase(c, places=False) for c in verb.children if c.i > verb.i and (
                    c.dep_ in g.agent or (c.dep_ in g.oblique and self.case(c) in g.agent_case))])
            if doers:
                direct = doers
            elif entry.type == "ACCUSE" and any(c.dep_ in g.obj and self.f.trigger_types.get(c.i) in ("ASSAULT", "PROTEST")
                                                for c in verb.children):
                # "condemned the attack on peacekeepers in southern Lebanon": an attack condemned
                # with no attacker named accuses no one named; its victims and its place are not
                direct = [r for r in direct if r.kind == "adjective" or not any(
                    c.dep_ in g.obj and c.i in self.f.trigger_types and c.idx < r.start <= c.right_edge.idx
                    for c in verb.children)]  # "the Israeli attack", "l'attaque israélienne": who did it
                undone = not direct
        completers = [c for c in verb.children if c.dep_ in g.obj and c.lemma_.lower() in entry.with_
                      and c.i in self.f.trigger_types]
        aimed = entry.type in SITED_TYPES and any(self.case(c) in g.strong_case - g.locative_case
                                                  for x in (verb, *completers) for c in x.children)
        if aimed:
            # "une offensive contre les jihadistes au Mali": with a target named, "au Mali" is where
            cases = cases - g.locative_case
        preps = self.prepositional(verb, cases)
        for child in completers:
            # the noun completing the trigger carries the recipient: "lève ses sanctions contre le Mali"
            preps = merge(preps, self.prepositional(child, cases))
        participants = tuple(self.between(verb))
        # parties of a shared act already named ("Armenia and Azerbaijan signed a deal at the White
        # House") make where it happened no party of it
        parties = len({a.code for a in subject} | {p.code for p in participants}) >= 2 \
            and (entry.type in SYMMETRIC_TYPES or entry.roles == "symmetric")
        if parties:
            preps = merge(*[self.prepositional(x, cases - g.locative_case) for x in (verb, *completers)])
        if entry.roles == "inverse":
            # the host or receiver is named, not read through what it owns ("la levée de l'embargo
            # de la CEDEAO a été accueillie …" is no visit by the CEDEAO)
            token, _ = self.subject_token(verb)
            if token is not None and subject and not self.f.of_phrase(token, places=False):
                subject = []
            if passive:
                return Arguments(tuple(subject), tuple(self.agent(verb) or self.places(verb)), "inverse-passive",
                                 participants=participants)
            givers = merge(self.prepositional(verb, g.source_case | g.agent_case | g.recipient_case),
                           *[self.origin(c) for c in verb.children if c.dep_ in g.obj],
                           *[self.prepositional(c, g.recipient_case) for c in verb.children if c.dep_ in g.obj])
            return Arguments(tuple(givers or direct), tuple(subject), "inverse", unresolved, participants)
        if verb.dep_ == "acl" and passive and not subject:
            # "deux hélicoptères livrés par la Russie": the noun is the thing; a receiving verb
            # above it names the recipient
            recipients = preps
            noun = verb.head
            if noun.dep_ == "ROOT" and entry.type in ("COERCE", "ASSAULT") and entry.roles != "inverse":
                # a headline "Three Chinese nationals arrested in Nigeria": the noun is who undergoes
                # it, and the place is where
                patients = self.f.of_phrase(noun, places=False, deep=True)
                if patients:
                    recipients = patients
            if not recipients and noun.head.lemma_.lower() in g.receiving_verbs and noun.dep_ in g.obj:
                recipients = self.subject(noun.head)[0]
            return Arguments(tuple(self.agent(verb)), tuple(recipients or self.places(verb)), "participle")
        if entry.type == "SANCTION" and entry.mode == "expel":
            # "la Guinée a été suspendue de l'Union africaine", "suspended from ECOWAS": a member is
            # put out of a body, which acts when no one else is named; a reading completed by the
            # preposition alone needs that body ("suspended imports from France", "suspendu de
            # ses fonctions" are no such act)
            bodies = [r for r in self.prepositional(verb, g.source_case) if r.kind == "org"]
            if not bodies and entry.with_ and set(entry.with_) <= g.source_case:
                return Arguments((), (), "passive" if passive else "active")
            if passive and bodies and subject and not self.agent(verb):
                return Arguments(tuple(bodies), tuple(subject), "passive", participants=participants)
        if passive:
            patients = subject
            if not patients and entry.type in ("REJECT", "ACCUSE", "SUPPORT"):
                # "la décision a été critiquée par la Cédéao": the one who took it, told before
                patients = self._claim_told_before(verb, self.agent(verb), entry, passive=True)
            recipients = merge(patients, preps) if entry.type in ("COERCE", "ASSAULT", "SANCTION", "CONCEDE") else merge(preps, patients)
            return Arguments(tuple(self.agent(verb)), tuple(recipients or self.places(verb)), "passive",
                             participants=participants)
        if direct:  # "condamne la France au Mali": the à-phrase is where, not whom
            preps = self.prepositional(verb, cases - self.g.locative_case)
        recipients = merge(direct, preps) or ([] if undone else self._further_recipients(
            verb, entry, cases - g.locative_case if parties else cases, subject, parties=parties))
        several = len(subject) + len(participants) >= 2 and entry.type in SYMMETRIC_TYPES
        accused = undone or self._unknown_accused(entry, [c for c in verb.children if c.dep_ in g.obj])
        if not recipients and entry.type not in ("RETREAT", "MOBILIZE") and not several and not parties and not aimed \
                and not accused:
            recipients = self.clause_actors(verb)
        if not recipients and entry.type in ADDRESSED_TYPES and apposed_participle(verb) and carrier is not verb:
            # "a adressé un message à son homologue russe, Sergueï Lavrov, saluant un partenariat":
            # an appraisal with no one named in it is addressed to whom the main clause addresses
            own = {a.code for a in subject}
            recipients = [r for r in self.clause_actors(carrier) if r.code not in own]
        if entry.type == "CONSULT" and topics:
            recipients = self._outside_topics(verb, topics, recipients)
        if not recipients and entry.type in ("REJECT", "ACCUSE", "SUPPORT"):
            recipients = self._claim_told_before(verb, subject, entry)
        if not recipients and entry.type in ANSWERING_TYPES:
            recipients = self._answered(verb, subject)
        located = not recipients
        if not recipients and carrier is not verb and not aimed and not parties and not undone:
            recipients = self.places(carrier)
        if not aimed and not parties and not undone:  # a target named but not known is no reason to take the place for it
            recipients = recipients or self.places(verb)
        if entry.type == "CONSULT" and topics:
            recipients = self._outside_topics(verb, topics, recipients)
        if entry.type == "CONSULT":
            recipients = self._partners_first(verb, recipients)
        applicants = self._applicants(verb) if entry.type in APPLICATION_TYPES else []
        if applicants:
            recipients = applicants
        own = {a.code for a in subject}
        if any(r.kind == "context" and r.code in own for r in recipients):
            # "Qatar and Egypt, which mediated the truce, urged both sides …": a phrase read from
            # the context that comes back to the subject itself was read wrong
            recipients = [r for r in recipients if r.kind != "context"]
        return Arguments(tuple(subject), tuple(recipients), "active", unresolved, participants, located)

    def _applicants(self, verb: Token) -> list[ActorRef]:
        """Whose bid to join a body the verb's object is: "l'adhésion de la Suède à l'OTAN",
        "Ukraine's bid to join the EU"; blocking or backing it acts on them, not on the body."""
        g = self.g
        found: list[ActorRef] = []
        for noun in verb.children:
            if noun.dep_ not in g.obj or noun.lemma_.lower() not in g.application_nouns:
                continue
            owners = [c for c in noun.children if c.dep_ in g.nominal_mod and (
                c.dep_ == "nmod:poss" or self.case(c) in g.possessive_case
                or (self.case(c) in g.source_case and c.i > noun.i))]
            if owners:  # "la candidature de la Russie et de l'Algérie", the second owner hung on the bid
                owners += [c for c in noun.children if c.dep_ == "conj" and self.case(c) in g.source_case]
            found = merge(found, *[self.f.of_phrase(c, places=False) for c in owners])
        return found

    def _adjunct_subject(self, noun: Token) -> Token | None:
        """The subject of the clause a fronted meeting is the circumstance of; the parser may hang
        that subject on the meeting noun ("Lors d'une rencontre avec X, le Qatar a remis …")."""
        subject = main_subject(noun)
        root = noun.sent.root
        if subject is None and root.i > noun.i and root.pos_ in ("VERB", "AUX"):
            subject = self._fronted_subject(root)
        return subject

    def _meeting_partners(self, verb: Token, actors: tuple[ActorRef, ...], *, before: bool = False) -> list[ActorRef]:
        """"Lors d'une rencontre avec X, A a signé …", "A pledged support during talks with X": the
        partner named by a meeting set as the circumstance of ``verb``'s own clause (the one whose
        subject the meeting borrows), when the clause names no recipient itself. A meeting before
        the act ("après des entretiens avec X, A a rouvert sa frontière") names it only with ``before``."""
        g = self.g
        token, _ = self.subject_token(verb)
        if token is None or self.is_passive(verb):
            return []
        own = {a.code for a in actors}
        for noun in verb.sent:
            if noun.pos_ != "NOUN" or self.f.trigger_types.get(noun.i) != "CONSULT" \
                    or not adjunct_of_clause(noun, g.adjunct_markers if before else g.adjunct_markers - g.circumstance_marks) \
                    or getattr(self._adjunct_subject(noun), "i", None) != token.i:
                continue
            partners = self.prepositional(noun, g.strong_case, deep=True)
            after = noun.doc[noun.i + 1] if noun.i + 1 < noun.sent.end else None
            if not partners and after is not None and after.dep_ in g.case and after.lower_ in g.strong_case:
                partners = self.f.of_phrase(after.head, places=False, deep=True)  # partner hung on the verb
            partners = [r for r in partners if r.code not in own and r.kind not in ("capital", "place")]
            if partners:
                return partners
        return []

    def _outside_topics(self, verb: Token, topics: frozenset[str], recipients: list[ActorRef]) -> list[ActorRef]:
        """Who is named inside what talks are about takes no part in them: "discussed the situation
        in Mali", "ont discuté de la guerre contre les FSR"."""
        inside = [_extent(t) for t in verb.children if t.dep_ in self.g.obj and t.lemma_.lower() in topics]
        # "renégocier le contrat d'uranium avec la France": a partner hung on the topic stays one
        partners = [_extent(t) for t in verb.subtree
                    if t.dep_ in self.g.nominal_mod | self.g.oblique and self.case(t) in self.g.partner_case]
        return [r for r in recipients if not any(a <= r.start < b for a, b in inside)
                or any(a <= r.start < b for a, b in partners)]

    def _partners_first(self, verb: Token, recipients: list[ActorRef]) -> list[ActorRef]:
        """Talks with someone named ("avec le président égyptien", "with Sisi") are with them; a
        place phrase of the same verb is where or what about ("a discuté de la guerre au Soudan
        avec …"), not a second partner."""
        def spans(cases: frozenset[str]) -> list[tuple[int, int]]:
            return [_extent(t) for t in verb.children if t.dep_ in self.g.oblique and self.case(t) in cases]
        partners, places = spans(self.g.partner_case), spans(self.g.locative_case)
        if not partners or not any(a <= r.start < b for r in recipients for a, b in partners):
            return recipients
        return [r for r in recipients if not any(a <= r.start < b for a, b in places)]

    def _topic_noun(self, noun: Token) -> bool:
        """An ordinary noun talked about ("la situation au Mali", "the war against the RSF"), not
        one that names who takes part (a name, a title, "le pays", "les deux chefs d'État")."""
        lemma = noun.lemma_.lower()
        return noun.pos_ == "NOUN" and noun.i not in self.f.trigger_types and self.f.mention_of(noun) is None \
            and lemma not in self.f.lex.titles and lemma not in self.g.state_nouns and lemma not in self.g.pair_nouns \
            and lemma not in self.g.relation_nouns

    def _answered(self, verb: Token, subject: list[ActorRef]) -> list[ActorRef]:
        """"imposed tariffs in retaliation for US tariffs", "a expulsé … en réponse aux sanctions
        américaines": a hostile act done in answer to another is aimed at whoever did that one."""
        own = {a.code for a in subject}
        # the parser may hang the answer on the object: "a expulsé trois diplomates en réponse aux …"
        hung = [c for o in verb.children if o.dep_ in self.g.obj for c in o.children if c.dep_ in self.g.nominal_mod]
        for child in (*verb.children, *hung):
            if (child.dep_ not in self.g.oblique and child not in hung) or child.lemma_.lower() not in self.g.answer_nouns:
                continue
            acts = [c for c in child.children if c.dep_ in self.g.nominal_mod]
            found = [r for a in acts for r in self.f.of_phrase(a, places=False, deep=True) if r.code not in own]
            if found:
                return found
        return []

    def _told_by_relative(self, noun: Token, cases: frozenset[str]) -> list[ActorRef]:
        """Whom an act named by ``noun`` falls on, as a relative clause on it tells: "les sanctions
        qui frappent le Niger", "l'aide qui bénéficie au Mali" (the relative's own subject aside)."""
        found: list[ActorRef] = []
        for clause in noun.children:
            if clause.dep_ not in self.g.relative or clause.pos_ not in ("VERB", "AUX"):
                continue
            found = merge(found, *[self.f.of_phrase(c, places=True, deep=True) for c in clause.children
                                   if c.dep_ in self.g.obj and c.pos_ != "PRON"],
                          self.prepositional(clause, cases))
        return found

    def _claim_told_before(self, verb: Token, subject: list[ActorRef], entry: TriggerEntry, *,
                           passive: bool = False) -> list[ActorRef]:
        """"The Philippines accused China of … Beijing rejected the claim": a claim rejected with no
        author named ("the claim", "ces accusations") is the one told before, made by the subject
        of the sentence before, when that is another party; so is a decision judged ("Argentina
        called the decision an outrage", "Paris a regretté cette décision"). Recorded as found in
        context."""
        last = self.f.last_subject
        if last is None or not subject or last.code in {a.code for a in subject} or last.code == "---":
            return []
        nouns = self.g.claim_nouns if entry.type == "REJECT" else self.g.decision_nouns
        judged = self.g.passive_subject if passive else self.g.obj  # "the decision was condemned by …"
        for obj in verb.children:
            if obj.dep_ not in judged or (obj.lemma_.lower() not in nouns and obj.lower_ not in nouns):
                continue
            if not any(c.dep_ == "det" for c in obj.children) or any(
                    c.dep_ in self.g.nominal_mod | self.g.adjective | {"nmod:poss", "poss"} for c in obj.children):
                return []  # "rejected Congo's claims", "des accusations américaines": the author is named
            return [replace(last, text=obj.text, start=obj.idx, end=obj.idx + len(obj.text), kind="context")]
        return []

    def _unknown_accused(self, entry: TriggerEntry, objects: list[Token]) -> bool:
        """"accused the West of pushing Ukraine to escalate": the one accused is named by a noun
        that names no known actor, so no other party of the clause is the one accused."""
        return entry.type == "ACCUSE" and entry.mode == "allege" and any(
            c.pos_ in ("NOUN", "PROPN") and c.i not in self.f.trigger_types for c in objects)

    def _further_recipients(self, verb: Token, entry: TriggerEntry, cases: frozenset[str],
                            subject: list[ActorRef], *, parties: bool = False) -> list[ActorRef]:
        """Recipients the parser hung further down the clause, tried nearest first. When the
        parties of a shared act are named (``parties``), whom the act is about is none of them:
        "Egypt, Qatar and Turkey agreed to press Israel" is no agreement with Israel."""
        g = self.g
        objects = [c for c in verb.children if c.dep_ in g.obj]
        # "a livré des blindés au Mali" with "au Mali" on the object; "les sanctions imposées au Mali"
        recipients = merge(*[self.prepositional(c, cases) for c in objects],
                           *[self.prepositional(a, cases) for c in objects for a in c.children if a.dep_ == "acl"])
        if self._unknown_accused(entry, objects):
            return recipients
        if not recipients:
            # "a dénoncé l'accord de défense qui le liait à la France", "scrapped the deal it had
            # signed with Iran": a text's other party is named in the clause that tells the text
            ended = objects
            if entry.with_ and set(entry.with_) <= g.cessation_nouns:
                # "a mis fin à l'accord qui le liait à la France", "put an end to the pact": what
                # is ended hangs on the verb or on the end itself
                ended = objects + [r for h in (verb, *objects) for r in h.children
                                   if (r.dep_ in g.oblique or r.dep_ in g.nominal_mod) and r.i > verb.i]
            recipients = merge(*[self.prepositional(r, cases) for c in ended
                                 if c.lemma_.lower() in g.text_nouns or c.lower_ in g.text_nouns
                                 for r in (*c.children, *verb.children) if (r.dep_ in g.relative and r.head.i == c.i)
                                 or (r.head.i == verb.i and misparsed_relative(r) and r.i > c.i)])
        if not recipients and entry.type not in CREDITING_TYPES:
            # "a levé les sanctions qui frappaient le Niger", "lifted the sanctions that hit Niger":
            # the act in the object is told by its relative clause, which names whom it falls on
            recipients = merge(*[self._told_by_relative(c, cases) for c in objects if c.i in self.f.trigger_types])
        if not recipients:
            # "a boycotté le sommet organisé par le Tchad": the one behind the thing acted on
            recipients = merge(*[self.agent(a) for c in objects for a in c.children if a.dep_ == "acl"])
        if not recipients:  # "livrer des avions de combat au Burkina Faso", "au" under "combat", or under
            # the last of coordinated goods ("des blindés et des hélicoptères de combat au Mali")
            goods = objects + [j for c in objects for j in c.conjuncts if j.i > c.i]
            recipients = merge(*[self.deep_prepositional(c, cases, depth=2) for c in goods])
        if not recipients:
            recipients = self.deep_prepositional(verb, g.strong_case | (g.source_case if entry.type == "RETREAT" else frozenset()))
        if not recipients and entry.type in EMBEDDING_TYPES | {"ACCUSE"} and not parties:
            recipients = self._embedded_recipients(verb, entry, subject)
        return recipients

    def _embedded_recipients(self, verb: Token, entry: TriggerEntry, subject: list[ActorRef]) -> list[ActorRef]:
        """Who a refusal, demand or promise is about: "refuse de recevoir la délégation de la
        CEDEAO", "refusing to lift the curfew on Palestinians", "demanded that the US cancel …"."""
        g = self.g
        recipients: list[ActorRef] = []
        for child in verb.children:
            if child.dep_ == "xcomp":
                recipients = merge(recipients, self.objects(child), self.prepositional(child, g.recipient_case))
                if not recipients:
                    recipients = self.deep_prepositional(child, g.recipient_case, depth=2)
                if not recipients:  # "ruled out lifting sanctions on Caracas": whom the goods are on
                    recipients = merge(*[self.prepositional(o, g.recipient_case, locative=True) for o in child.children
                                         if o.dep_ in g.obj])
                if not recipients:
                    recipients = self._conditioned(child, subject)
            elif (child.dep_ == "ccomp" and entry.type in ("REQUEST", "ACCUSE", "THREATEN")) or (
                    child.dep_ == "advcl" and entry.type == "REQUEST" and wished_clause(child)):
                # "pressed for NATO to deploy", "plaide pour que l'UE impose": whom the wish is on
                # the speaker is not its own addressee; its government is ("the opposition demanded
                # that the president resign")
                own = {(a.code, a.sector) for a in subject} | {(a.code, "") for a in subject if a.sector not in SOCIETY}
                addressees = [r for c in child.children if c.dep_ in g.subject or c.dep_ in g.passive_subject
                              for r in self.f.of_phrase(c, places=False, deep=True)
                              if (r.code, r.sector) not in own and (r.code, "") not in own]
                recipients = merge(recipients, addressees)
                if not recipients and entry.type == "THREATEN":
                    # "warned that any attack would carry severe consequences for Iran": the price
                    # that completes the warning names whom it is for
                    stakes = [o for o in child.children if o.dep_ in g.obj and o.lemma_.lower() in g.stake_nouns]
                    if stakes:
                        recipients = merge(*[self.prepositional(o, g.recipient_case) for o in stakes],
                                           self.prepositional(child, g.recipient_case))
        if not recipients and entry.type == "THREATEN":
            recipients = self._conditioned(verb, subject)  # the condition may hang on the threat itself
        return recipients

    def _conditioned(self, verb: Token, subject: list[ActorRef]) -> list[ActorRef]:
        """Whom a threat is aimed at: the one who must meet its condition ("threatened to strike
        unless the government resigned")."""
        own = {a.code for a in subject}
        for child in verb.children:
            if child.dep_ == "advcl" and any(m.lower_ in self.g.condition_marks for m in child.children):
                return [r for c in child.children if c.dep_ in self.g.subject
                        for r in self.f.of_phrase(c, places=False, deep=True) if r.code not in own]
        return []

    # --- nouns ------------------------------------------------------------------------------
    def noun(self, noun: Token, entry: TriggerEntry) -> Arguments:
        g = self.g
        patient_noun = entry.roles == "patient" or entry.type == "COERCE" or (entry.type == "RETREAT" and entry.mode == "release")
        sources: list[ActorRef] = []
        patients: list[ActorRef] = []
        # dependents of the noun, and phrases the parser hung on its adjectives ("les exercices
        # conjoints de l'Algérie et de la Russie")
        dependents = [*noun.children, *[gc for c in noun.children if c.dep_ in g.adjective
                                        for gc in c.children if gc.dep_ in g.nominal_mod]]
        # "the expulsion of three French diplomats by Burkina Faso": the by-phrase may hang on the
        # patient
        dependents += [gc for c in noun.children if c.dep_ in g.nominal_mod for gc in c.children
                       if gc.dep_ in g.nominal_mod and self.case(gc) in g.agent_case]
        # with its doer named by "par"/"by", "'s" or "from", the genitive of an act names what it
        # is done to ("le rejet par X du plan de Y"); a gift's genitive is the goods, whose origin
        # is no recipient
        doer = self._named_doer(noun) if not patient_noun and entry.roles != "inverse" and entry.type != "RETREAT" else None
        # "son retrait de la Cédéao", "its withdrawal from ECOWAS": a possessive pronoun is the
        # doer (the clause's subject, found below), so the genitive names what the act is about
        owned = entry.roles != "inverse" and any("Yes" in c.morph.get("Poss") and c.pos_ in ("DET", "PRON")
                                                  for c in noun.children)
        named_doer = doer is not None
        acted_on = named_doer and entry.type != "AID"
        if acted_on:
            # "le rejet par le Venezuela du plan …": the parser may hang the object on the agent
            dependents += self._hung_on_agent(noun)
        # "l'attaque du Maroc contre la Mauritanie": with a target named, the genitive is the attacker
        aimed = entry.type == "ASSAULT" and bool(self.prepositional(noun, g.strong_case))
        genitive_patient = patient_noun and any(c.dep_ in g.nominal_mod and self.case(c) in g.source_case - g.agent_case
                                                and c.i > noun.i for c in noun.children)
        for child in dependents:
            case = self.case(child)
            if acted_on and child.dep_ in g.nominal_mod and case in g.object_case:
                patients.extend(self._object_owners(child, places=entry.type == "ASSAULT"))
            elif named_doer and child.dep_ in g.nominal_mod and case in g.object_case:
                continue  # "Ghana's delivery of Chinese trucks": the maker gives nothing
            elif named_doer and child.dep_ in g.adjective and child.i > doer.i > noun.i:
                # "la livraison par la Chine de drones turcs", the adjective hung on the event noun
                if acted_on:
                    patients.extend(self.f.of_phrase(child, places=False))
            elif (child.dep_ in g.adjective or child.dep_ in g.name_part) and self.f.mention_of(child) is not None:
                # "des blindés russes", "the ECOWAS embargo"; with who undergoes it named by the
                # genitive, the modifier of an act done to someone is its doer ("Tokyo boycott of
                # Pakistani goods", "the Malian expulsion of French diplomats")
                (patients if patient_noun and not genitive_patient else sources).extend(self.f.of_phrase(child, places=False))
            elif child.dep_ in g.nominal_mod and (case in g.agent_case or case in g.possessive_case):
                sources.extend(self.f.of_phrase(child, places=False, deep=True))
            elif child.dep_ in g.nominal_mod and case in g.source_case:
                direct = self.f.of_phrase(child, places=True)
                # a capital after "de" is where for a withdrawal or an attack ("l'attaque de
                # Bamako"), and who otherwise ("les accusations de Bamako")
                sited = entry.type == "RETREAT" or (entry.type == "ASSAULT" and not aimed)
                where = ("capital", "place") if sited else ("place",)
                located = [r for r in direct if r.kind in where]
                direct = [r for r in direct if r not in located]
                if located and entry.type in ("RETREAT", "ASSAULT"):
                    patients.extend(located)  # "le retrait de Bamako", "l'attaque de Kidal"
                if direct and (patient_noun or owned or (sited and all(r.kind == "country" for r in direct))):
                    patients.extend(direct)  # "l'expulsion des diplomates", "le retrait du Mali", "the invasion of Kuwait"
                elif direct:
                    sources.extend(direct)  # "la visite de Lavrov"
                elif not located:
                    origin = self.origin(child)  # "la livraison de blindés russes", "l'aide de la France"
                    # "l'annulation (d'une partie) de la dette du Tchad": whose debt it is receives the relief
                    owed = [n for n in (child, *child.children) if n.lemma_.lower() in g.debt_nouns
                            and (n is child or (n.dep_ in g.nominal_mod and self.case(n) in g.source_case))]
                    if owed:
                        patients.extend(self.origin(owed[0]))
                        origin = []
                    if not origin and entry.type == "CONCEDE":
                        # "the end of EU sanctions", "of Britain's sanctions": who ends a measure is
                        # who imposed it (not whom a border is shared with)
                        origin = [r for c in child.children if self.f.mention_of(c) is not None and (
                                      c.dep_ in g.adjective | g.name_part or (c.dep_ in g.nominal_mod and self.case(c)
                                                                              in g.source_case | g.possessive_case))
                                  for r in self.f.of_phrase(c, places=False)]
                    sources.extend(origin)
        for child in noun.children:
            if child.dep_ == "acl":  # "l'embargo imposé par la CEDEAO au Niger"
                sources = merge(sources, self.agent(child))
                patients = merge(patients, self.prepositional(child, g.recipient_case))
        patients = merge(patients, self._targets(noun))
        if noun.head.i != noun.i and noun.head.lemma_.lower() in g.measure_nouns:
            patients = merge(patients, self._targets(noun.head))  # "un paquet de sanctions, ciblant …"
        # "le soutien à l'action de la CEDEAO": a noun's own recipient phrase may name its owner
        recipients = merge(patients, self.prepositional(noun, g.recipient_case, deep=True))
        participants = self.between(noun)
        if not participants and entry.roles == "symmetric" and noun.head.i != noun.i \
                and noun.head.pos_ in ("VERB", "AUX") and (noun.dep_ in g.subject or noun.dep_ in g.passive_subject):
            # "des affrontements ont éclaté entre l'armée tchadienne et l'armée soudanaise",
            # "fighting broke out between …": the parties of a reciprocal act hang on the verb it
            # is the subject of
            participants = [p for c in noun.head.children
                            if (c.dep_ in g.oblique or c.dep_ in g.nominal_mod) and self.case(c) in g.between_case
                            for p in self.f.of_phrase(c, places=False)]
        # a shared act between parties named ("the signing of the accord between Armenia and
        # Azerbaijan at the White House"): where it happened is no party of it
        shared = (entry.type in SYMMETRIC_TYPES or entry.roles == "symmetric") and len({p.code for p in participants}) >= 2
        cases = g.recipient_case - g.locative_case if shared else g.recipient_case
        if shared:
            recipients = merge(patients, self.prepositional(noun, cases, deep=True))
        if entry.roles == "inverse":
            # "Mali's purchase of Turkish drones", "l'achat par le Mali de drones turcs": the buyer
            # receives, the goods' origin gives
            buyers = [r for r in sources if r.kind != "adjective"]
            givers = merge([r for r in sources if r.kind == "adjective"],
                           *[self.origin(c) for c in noun.children if c.dep_ in g.nominal_mod])
            sources = [r for r in givers if r not in buyers]
            recipients = merge(buyers, recipients)
        if not sources and (not patient_noun or patients):
            # a headline predicate: "Nairobi support for Iran", the doer parsed as the noun's subject
            # (also of an act whose genitive names who undergoes it: "Japan boycott of Kenyan goods")
            sources = [r for c in noun.children if c.dep_ in g.subject and c.i < noun.i
                       for r in self.f.of_phrase(c, places=False, deep=True)]
        actors = list(sources)
        via = "nominal"
        if not actors and entry.type in SYMMETRIC_TYPES and adjunct_of_clause(noun, g.adjunct_markers):
            subject = self._adjunct_subject(noun)
            if subject is not None:
                actors = self.f.of_phrase(subject, places=False, deep=True)
                after = noun.doc[noun.i + 1] if noun.i + 1 < noun.sent.end else None
                if not recipients and after is not None and after.dep_ in g.case and after.lower_ in g.strong_case:
                    # "pendant ses entretiens avec le président X": the parser hung the partner on the verb
                    recipients = self.f.of_phrase(after.head, places=False, deep=True)
                if actors:
                    return Arguments(tuple(actors), tuple(recipients), "nominal-adjunct", participants=tuple(participants))
        governor = noun.head if noun.head.i != noun.i else None
        if governor is not None and noun.dep_ in g.nominal_mod and governor.dep_ in g.obj | g.oblique \
                and _time_word(governor) and governor.head.pos_ in ("VERB", "AUX"):
            # "ont entamé lundi des manœuvres conjointes": the day parsed as the object, the act hung on it
            noun, governor = governor, governor.head
        if governor is not None and (noun.dep_ in g.nominal_mod or (
                noun.dep_ == "compound" and governor.lemma_.lower() in g.measure_nouns)) and (
                governor.lemma_.lower() in g.measure_nouns or self._counted_time(governor)
                or (governor.lemma_.lower() in g.phase_nouns and governor.i < noun.i)
                or (governor.lemma_.lower() in g.carrier_nouns and noun.lemma_.lower() in g.expressive_nouns)
                or (governor.lemma_.lower() in g.cessation_nouns and entry.type == "SANCTION" and governor.i < noun.i)):
            # "un nouveau paquet de sanctions contre la Russie": the package carries the arguments
            recipients = merge(recipients, self.prepositional(governor, g.recipient_case, deep=True))
            actors = merge(actors, [r for c in governor.children if c.dep_ in g.nominal_mod
                                    and self.case(c) in g.agent_case for r in self.f.of_phrase(c, places=False)])
            noun = governor
            governor = governor.head if governor.head.i != governor.i else None
        if governor is not None and noun.dep_ in g.nominal_mod and governor.lemma_.lower() in g.responsibility_nouns \
                and governor.dep_ in g.obj and governor.head.pos_ in ("VERB", "AUX"):
            # "the Houthis claimed responsibility for a drone attack": who claims it did it
            noun = governor
            governor = governor.head
        if not actors and governor is not None and governor.pos_ in ("VERB", "AUX") and noun.dep_ in g.obj \
                and not self.is_passive(governor):
            # "a dénoncé l'expulsion de ses diplomates par le Burkina Faso", the by-phrase hung on
            # the active verb: it names the doer of the act in the object
            actors = merge(*[self.f.of_phrase(c, places=False) for c in governor.children if c.i > noun.i and (
                c.dep_ in g.agent or (c.dep_ in g.oblique and self.case(c) in g.agent_case))])
            if actors:
                via = "nominal"
        if governor is not None and governor.pos_ in ("VERB", "AUX"):
            actors, recipients, via = self._from_governor(noun, governor, entry, actors, recipients)
        if not recipients and actors and entry.type in MEETING_TYPES and governor is not None \
                and governor.pos_ in ("VERB", "AUX"):
            # "Lors d'une rencontre avec X, A a adressé ses félicitations …": the meeting's partner
            recipients = self._meeting_partners(governor, tuple(actors))
        if not recipients:
            recipients = self.deep_prepositional(noun, cases, depth=3)
        own = {a.code for a in actors}
        if (doer is not None or entry.type == "RETREAT") and actors and {r.code for r in recipients} <= own:
            # "Bénin : retrait des troupes de Pretoria": the genitive was the doer, the topic is the other side
            topic = self._headline_topic(noun, actors)
            if topic:
                recipients = topic
        located = not recipients
        if not recipients and not shared:
            recipients = self.places(noun) or (self.places(governor) if governor is not None else [])
        return Arguments(tuple(actors), tuple(recipients), via, participants=tuple(participants), located=located)

    def _named_doer(self, noun: Token) -> Token | None:
        """The phrase in which an event noun names its doer, when it cannot be its object: "par X",
        "by X", "X's", "from X"."""
        g = self.g
        doer_cases = g.agent_case | g.possessive_case | (g.source_case - g.object_case)
        found = next((c for c in noun.children if c.dep_ in g.nominal_mod and self.case(c) in doer_cases
                      and self.f.of_phrase(c, places=False, deep=True)), None)
        if found is None:
            # "l'arrestation de deux Français par l'Iran": the by-phrase hung on the patient
            found = next((gc for c in noun.children if c.dep_ in g.nominal_mod for gc in c.children
                          if gc.dep_ in g.nominal_mod and self.case(gc) in g.agent_case
                          and self.f.of_phrase(gc, places=False, deep=True)), None)
        return found

    def _headline_topic(self, noun: Token, actors: list[ActorRef]) -> list[ActorRef]:
        """"Mali : livraison d'armes par la Russie": in a headline whose act names its doer, the
        state set before the colon is the one it falls on."""
        head = noun.head
        own = {a.code for a in actors}
        sent = noun.sent
        if head.i == noun.i and sent.start > 1 and noun.doc[sent.start - 1].text == ":":
            # the parser made "Pologne :" a sentence of its own
            before = noun.doc[sent.start - 1].sent
            if len(before) <= 5:
                found: list[ActorRef] = []
                for tok in before:
                    mention = self.f.mention_of(tok)
                    if mention is not None and tok.i == mention.start and mention.kind != "place":
                        found = merge(found, [r for r in self.f.of_phrase(tok, places=False) if r.code not in own])
                return found
        if head.i == noun.i or head.i > noun.i or head.dep_ != "ROOT" or head.pos_ not in ("PROPN", "NOUN") \
                or not any(t.text == ":" for t in noun.doc[head.i + 1: noun.i]):
            return []
        return [r for r in self.f.of_phrase(head, places=False) if r.code not in own]

    def _hung_on_agent(self, noun: Token) -> list[Token]:
        """"le rejet par le Venezuela du plan de paix": a genitive after the agent, hung on it by
        the parser, that is a thing and not part of the agent's name ("le président du Niger")."""
        g = self.g
        found = []
        for agent in noun.children:
            if agent.dep_ not in g.nominal_mod or self.case(agent) not in g.agent_case:
                continue
            own = {r.code for r in self.f.of_phrase(agent, places=False, deep=True)}
            for child in agent.children:
                if child.i > agent.i and child.dep_ in g.nominal_mod and self.case(child) in g.object_case \
                        and self.f.mention_of(child) is None and not self.f.lex.titles.get(child.lemma_.lower()) \
                        and not {r.code for r in self.f.of_phrase(child, places=False, deep=True)} & own:
                    found.append(child)
        return found

    def _object_owners(self, thing: Token, *, places: bool) -> list[ActorRef]:
        """Whom an act falls on, from the phrase naming what it is done to: "of Morocco's peace
        plan", "de positions burkinabè", "du sommet organisé par le Venezuela"."""
        refs = self.f.of_phrase(thing, places=places, deep=True)
        if self.f.mention_of(thing) is None:
            # a city owning a thing is often where it was made: "l'accord d'Alger", "the Minsk accords"
            refs = [r for r in refs if r.kind != "capital"]
        if not refs:
            refs = merge(*[self.agent(a) for a in thing.children if a.dep_ == "acl"])
        return [r for r in refs if r.kind != "domestic"]

    def _counted_time(self, word: Token) -> bool:
        """"une semaine de manœuvres", "three days of talks": a stretch of time counted or taken
        whole, which carries the act it measures."""
        return word.lemma_.lower() in self.g.duration_nouns and any(
            c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an", "une", "un")) for c in word.children)

    def _targets(self, noun: Token) -> list[ActorRef]:
        """"des frappes visant Israël", "sanctions targeting Russian banks", "attacks aimed at
        Kyiv": a participle of aiming on an event noun names its target."""
        found: list[ActorRef] = []
        for child in noun.children:
            if child.dep_ in ("acl", "advcl") and child.lemma_.lower() in self.g.targeting_verbs \
                    and not self.is_passive(child) or (child.dep_ == "acl" and child.lemma_.lower() == "aim"):
                found = merge(found, self.objects(child), self.prepositional(child, self.g.recipient_case))
        return found

    def _from_governor(self, noun: Token, verb: Token, entry: TriggerEntry, actors: list[ActorRef],
                       recipients: list[ActorRef]) -> tuple[list[ActorRef], list[ActorRef], str]:
        """A nominal event inside a clause: "Moscou a annoncé la livraison …", "le Mali a reçu une
        livraison …", "a remercié Moscou pour l'envoi …", "ont été tués dans une embuscade"."""
        g = self.g
        via = "nominal"
        subject, _, _ = self.subject(verb)
        passive = self.is_passive(verb)
        governor_type = self.f.trigger_types.get(verb.i)
        if noun.dep_ in g.oblique and governor_type in CREDITING_TYPES and not actors:
            return self.objects(verb), recipients, "nominal-credited"
        lemma = verb_lemma(verb)
        if lemma in g.causing_verbs and noun.dep_ in g.obj and entry.type in REACTION_TYPES and not passive:
            # "Azerbaijan detained Russians, prompting a protest from Moscow", "Israël a frappé
            # Doha, suscitant la condamnation du Qatar": who reacts acts on who caused it
            reactors = actors or self.prepositional(verb, g.source_case | g.agent_case)
            own = {r.code for r in reactors}
            return reactors, [r for r in subject if r.code not in own], "nominal-reaction"
        light = lemma in g.light_verbs or g.adopts(lemma, entry.type)
        if governor_type is not None and governor_type != entry.type and not light:
            return actors, recipients, via  # "a condamné l'attaque": the condemner did not attack
        if governor_type == entry.type and noun.dep_ in g.oblique and not actors and not passive:
            # "retaliated with drone attacks targeting Israel": the verb's subject does the act it names
            return subject, recipients or self.prepositional(verb, g.recipient_case), "nominal-governor"
        if noun.dep_ in g.obj or (noun.dep_ in g.oblique and (light or lemma in g.receiving_verbs)):
            if passive:
                if not actors:
                    actors = self.agent(verb)
                    via = "nominal-passive"
                recipients = merge(recipients, subject) if entry.type in ("ASSAULT", "COERCE") else recipients
            elif lemma in g.receiving_verbs:
                recipients = merge(recipients, subject)
            elif not actors:
                actors = subject
                via = "nominal-governor"
            if not recipients:
                recipients = self.prepositional(verb, g.recipient_case)
        elif (noun.dep_ in g.subject or noun.dep_ in g.passive_subject) and passive and not actors:
            actors = self.agent(verb)
            via = "nominal-passive"
        return actors, recipients, via

    def read(self, token: Token, entry: TriggerEntry) -> Arguments:
        if entry.pos == "NOUN" and token.dep_ in self.g.name_part and token.head.lemma_.lower() in self.g.light_nouns:
            token = token.head  # "led a mediation bid between …": the effort carries the arguments
        # "a téléphoné", tagged a noun: a word with an auxiliary and a subject is a verb
        misread = entry.pos == "NOUN" and any(c.dep_.startswith("aux") for c in token.children) \
            and any(c.dep_ in self.g.subject for c in token.children)

        args = self.noun(token, entry) if entry.pos == "NOUN" and not misread else self.verb(token, entry)
        unnamed = all(a.kind == "domestic" and a.code == "---" for a in args.actors)
        unplaced_force = any(a.code == "---" and a.sector in ("COP", "MIL") for a in args.actors)
        if (entry.type in SITED_TYPES and (not args.actors or not args.recipients or args.located or unplaced_force)) or \
                (args.actors and unnamed and entry.type == "PROTEST"):
            # "two Canadian engineers were killed in Niger", "two Britons were arrested in Mali"
            head = token.head if entry.pos == "NOUN" and token.head.i != token.i else token
            events = [c for c in token.children if c.dep_ in self.g.subject and c.i in self.f.trigger_types]
            site = self.site(token) or self.site(head) or [r for e in events for r in self.site(e)]
            # "a car bomb near Gao killed two engineers": the event noun is the subject
            args = replace(args, site=tuple(site), via="event-subject" if events and not args.actors else args.via)
        if args.recipients and all(r.kind == "domestic" for r in args.recipients):
            # "the JNIM attack … killed dozens of people": the people are of the place
            head = token.head if entry.pos == "NOUN" and token.head.i != token.i else token
            return replace(args, where=tuple(self.places(token) or self.places(head)))
        return args

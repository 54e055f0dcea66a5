"""Doc → events: triggers, arguments, modality and dates put together into frozen ``Event``s."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from ..lexicons import Lexicons, TriggerEntry
from ..model import ActorRef, Article, Event, TextInfo
from ..nlp import TRIGGER_KEY
from ..nlp.components import participle_lemmas, verb_lemma
from .actors import LOCATED_SECTORS, ActorFinder, attributed_tokens, find_mentions
from .people import learn_people
from .arguments import SITED_TYPES, SYMMETRIC_TYPES, ArgumentReader, Arguments, merge
from .dates import find_date
from .grammar import GRAMMARS, Grammar
from .confidence import ConfidenceModel, features, load_model
from .clauses import adjunct_of_clause, framed, misparsed_relative
from .modality import ModalityCues, content_governor, modality

UNKNOWN = ActorRef("---", "", "", "")
# Types whose doer is often unnamed ("le camp a été attaqué"): code them with actor "---".
UNNAMED_ACTOR_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types that make sense without a recipient ("les troupes se sont retirées", "troops were
# massed"). Other types need one: an accusation, a refusal or an attack aimed at nobody we can
# name says nothing about a dyad ("a refusé de commenter", "les pluies ont frappé"); protests
# without a named target are aimed at the protesters' own government (see ``pairs``).
# None since analysts code a build-up or a withdrawal only against whom or from where it is made
# ("massed troops on the border with Ukraine", "withdrew from Mali"); one aimed at nobody named
# says nothing about a dyad and would only put an unknown party on the dashboard.
NO_RECIPIENT_TYPES: frozenset[str] = frozenset()
# Two parts of one state acting on each other make an event only when it is force: a coup, an
# arrest, a mutiny ("soldiers detained the president"); "the Armenian army denied …" is no
# Armenia → Armenia rejection.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
INTERNAL_FORCE_TYPES = frozenset({"COERCE", "ASSAULT"})
FORCE_SECTORS = frozenset({"MIL", "COP"})
# Unnamed groups of a society may act without a country only where that is their part:
# protesters protest; "journalists denounced" names nobody's journalists.
DOMESTIC_ACTOR_TYPES = frozenset({"PROTEST"})
HISTORICAL_AFTER = timedelta(days=366)
# PLOVER codes a promised or announced act by what it promises: AGREE for cooperation, THREATEN
# for coercion ("will withdraw its troops unless …", "threatened to expel"). The act itself is
# kept too, flagged future or hypothetical.
PROMISED_AS = {
    **{t: ("AGREE", "030") for t in ("AID", "CONSULT", "SUPPORT", "COOPERATE", "CONCEDE")},
    **{t: ("AGREE", "030") for t in ("RETREAT",)},  # "will release the hostages", "willing to withdraw"
    **{t: ("THREATEN", "130") for t in ("SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST")},
}
THREAT = ("THREATEN", "130")
# An announced refusal to concede or agree is a rejection (CAMEO 12: "refuse to yield", "reject a
# proposal"): "said it would not accept the ceasefire terms", "will not lift the sanctions". The
# act itself is kept too, flagged negation; "has not lifted the sanctions" announces nothing.
REFUSED_AS = {"CONCEDE": ("REJECT", "124"), "AGREE": ("REJECT", "120"), "RETREAT": ("REJECT", "124")}
# An announced rupture or expulsion is the act itself ("va expulser 35 diplomates", "announced it
# will cut ties"): the announcement is what a state does, so it is asserted, not a threat. A
# condition ("unless …") or a governing threat still makes it one.
ANNOUNCED_ACTS = frozenset({("SANCTION", ""), ("SANCTION", "withdraw"), ("SANCTION", "discontinue"),
                            ("SANCTION", "expel"), ("COERCE", "deport")})


@dataclass(frozen=True)
class CoderContext:
    """Everything ``events_of`` needs besides the Doc; built once per language and process."""

    lex: Lexicons
    grammar: Grammar
    cues: ModalityCues
    coder: tuple[tuple[str, str], ...]
    by_line: dict[int, TriggerEntry]
    confidence: ConfidenceModel

    @classmethod
    def build(cls, lex: Lexicons, coder: tuple[tuple[str, str], ...]) -> "CoderContext":
        by_line = {e.uid: e for entries in lex.triggers.values() for e in entries}
        return cls(lex, GRAMMARS[lex.lang], ModalityCues.from_lexicons(lex), coder, by_line, load_model())


def _event_id(story_id: str, offset: int, actor: ActorRef, recipient: ActorRef, etype: str) -> str:
    key = f"{story_id}|{offset}|{actor.code}|{recipient.code}|{etype}"
    return "BL-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def shifted(event: Event, *, chars: int, sentences: int) -> Event:
    """``event``, read in a piece of a document that starts ``chars`` characters and ``sentences``
    sentences into it, placed in the whole document: offsets, sentence number and id are the ones
    the event has when the document is read in one go."""
    if not chars and not sentences:
        return event

    def moved(ref: ActorRef) -> ActorRef:
        return ref if ref.start < 0 else replace(ref, start=ref.start + chars, end=ref.end + chars)

    info = event.text_info
    info = replace(info, sentence=info.sentence + sentences, start=info.start + chars, end=info.end + chars)
    actors, recipients = tuple(map(moved, event.actor)), tuple(map(moved, event.recipient))
    return replace(event, id=_event_id(event.story_id, info.start, actors[0], recipients[0], event.event),
                   text_info=info, actor=actors, recipient=recipients)


def _distinct(a: ActorRef, b: ActorRef) -> bool:
    return a.code != b.code or (a.code != "---" and a.sector != b.sector)


def _settle(recipient: ActorRef, actor: ActorRef, where: tuple[ActorRef, ...] = (),
            states: frozenset[str] | dict | None = None) -> ActorRef:
    """An unnamed group of a society ("des journalistes", "opposition candidates") acted on by a
    state belongs to that state: domestic repression is coded X→X, as PLOVER does. People named
    only by where they are ("killed 20 people in Gao") are of that place. An organisation has no
    society of its own: "the UN called on both parties" names no one of the UN."""
    if recipient.kind != "domestic":
        return recipient
    if where and recipient.code == "---" and actor.code != "---":
        return replace(recipient, code=where[0].code)
    if states is not None and actor.code not in states:
        return recipient
    return replace(recipient, code=actor.code if actor.code != "---" else recipient.code)


def _settle_actor(actor: ActorRef, states: list[ActorRef]) -> ActorRef:
    """An unnamed group of a society ("opposition groups", "journalists") acting on a state is
    that state's own: citizens against their government are coded X→X, as PLOVER does."""
    if actor.kind != "domestic" or len({s.code for s in states}) != 1:
        return actor
    return replace(actor, code=states[0].code, kind="title")


def _society_actors(args: Arguments, entry: TriggerEntry, ctx: CoderContext) -> list[ActorRef]:
    """The actors, with unnamed groups of a society given the country they belong to: where they
    protest ("prisoners rioted at a jail in Bamako"), or the state they act on. Groups left without
    a country act only where that is their part (protests)."""
    actors = list(args.actors)
    site = [r for r in args.site if r.code in ctx.lex.countries]
    hosts = {r.code for r in (*args.site, *args.where) if r.code in ctx.lex.countries}
    if entry.type in SITED_TYPES and len(hosts) == 1:
        # "À Lomé, la police a dispersé …", "police fired tear gas … in Nairobi": the force of the
        # country where it acts
        actors = [replace(a, code=next(iter(hosts)), kind="title") if a.kind == "domestic" and a.code == "---"
                  and a.sector == "COP" else a for a in actors]
    if entry.type in DOMESTIC_ACTOR_TYPES and len({r.code for r in site}) == 1:
        actors = [replace(a, code=site[0].code, kind="title") if a.kind == "domestic" and a.code == "---" else a
                  for a in actors]
    states = [r for r in args.recipients if r.code in ctx.lex.countries and r.kind != "domestic"]
    actors = [_settle_actor(a, states) for a in actors]
    return [a for a in actors if a.kind != "domestic" or entry.type in DOMESTIC_ACTOR_TYPES or a.code != "---"]


# What only a state does to people on its soil: an arrest, a ban, a curfew by someone unnamed is
# that state's ("une trentaine de personnes ont été placées en détention à Cotonou").
STATE_ONLY_MODES = frozenset({"arrest", "restrict", "curfew", "censor", "martial-law"})


def _unnamed_doer(args: Arguments, recipients: list[ActorRef], ctx: CoderContext,
                  entry: TriggerEntry | None = None) -> tuple[list[ActorRef], list[ActorRef]]:
    """An attack or arrest by someone unnamed: foreigners hit in a country are that country's
    doing ("two Britons were arrested in Mali", "Canadian engineers were killed in Niger"), as PLOVER
    codes them; people of the country arrested or banned there are its own state's doing (X→X);
    anything else keeps the unknown actor."""
    host = {r.code for r in args.site if r.code in ctx.lex.countries}
    foreign = [r for r in recipients if r.code not in host and r.code != "---" and r.kind != "domestic"]
    if len(host) == 1 and foreign and args.via != "active":
        return [replace(next(r for r in args.site if r.code in host), kind="site")], foreign
    if len(host) == 1 and not foreign and entry is not None and entry.type == "COERCE" \
            and entry.mode in STATE_ONLY_MODES and args.via != "active":
        state = replace(next(r for r in args.site if r.code in host), sector="GOV", kind="site", start=-1, end=-1)
        return [state], [replace(r, code=state.code, sector=r.sector if r.sector not in ("", "GOV") else "CVL")
                         for r in recipients]
    return [UNKNOWN], recipients


def _own_territory(args: Arguments, actors: list[ActorRef], recipients: list[ActorRef]) -> list[ActorRef]:
    """A measure a state takes on its own territory falls on its population: "imposed a curfew in
    northern Mali", "lifted the state of emergency in Tillabéri"."""
    own = {a.code for a in actors}
    recipients = [replace(r, sector="CVL") if r.kind in ("country", "capital", "place") and r.sector == "GOV"
                  and r.code in own else r for r in recipients]
    if not recipients:
        recipients = [replace(r, sector="CVL", kind="place") for r in args.site if r.code in own][:1]
    return recipients


# what a stopped act becomes: aid taken away is a sanction (CAMEO 162), cooperation ended reduces
# relations (160)
STOPPED_AS = {"AID": "162", "COOPERATE": "160"}


def _stopped(token: Token, entry: TriggerEntry, grammar: Grammar) -> TriggerEntry:
    """An act named as the object of a verb that stops it ("phased out its aid to Mali", "a gelé
    son aide militaire à l'Éthiopie", "ended its cooperation with Niger") is its opposite: the
    giver takes it away. Checked on the parse, for every stopping verb, rather than row by row."""
    if entry.pos != "NOUN" or entry.type not in STOPPED_AS:
        return entry
    if token.dep_ in grammar.nominal_mod and token.head.i != token.i and token.head.lemma_.lower() in grammar.cessation_nouns \
            and token.head.i < token.i:
        # "la fin de la coopération militaire avec les États-Unis", "the suspension of US aid"
        return replace(entry, type="SANCTION", mode="discontinue", cameo=STOPPED_AS[entry.type])
    if token.dep_ not in grammar.obj:
        return entry
    verb = token.head
    guesses = participle_lemmas(verb)  # "ont gelé" tagged an adjective
    lemmas = {verb_lemma(verb), *guesses}
    if (verb.pos_ not in ("VERB", "AUX") and not guesses) or not lemmas & grammar.cessation_verbs \
            or any(c.dep_ in ("prt", "compound:prt") and c.lower_ in grammar.reversing_particles for c in verb.children):
        return entry
    return replace(entry, type="SANCTION", mode="discontinue", cameo=STOPPED_AS[entry.type])


def _ended_fighting(token: Token, entry: TriggerEntry, grammar: Grammar) -> TriggerEntry:
    """"Mettre fin à" and "put an end to" take their sense from what they end: a relation ended is
    a sanction ("a mis fin à sa coopération avec la France"), fighting ended a ceasefire ("ont mis
    fin aux combats", "to put an end to the war"), read on the parse rather than row by row."""
    if entry.pos != "VERB" or entry.type != "SANCTION" or not entry.with_ or not set(entry.with_) <= grammar.cessation_nouns:
        return entry
    ends = [c for c in token.children if c.lemma_.lower() in grammar.cessation_nouns]
    ended = [t for e in ends for t in (*e.children, *token.children)
             if t.dep_ in grammar.nominal_mod | grammar.oblique and t.i > e.i]
    # "trois jours de combats": the fighting may be counted
    ended += [g for t in ended for g in t.children if g.dep_ in grammar.nominal_mod]
    if not any(t.lemma_.lower() in grammar.fighting_nouns or t.lower_ in grammar.fighting_nouns for t in ended):
        if any(t.lemma_.lower() in grammar.protest_nouns or t.lower_ in grammar.protest_nouns for t in ended):
            return replace(entry, **PROTEST_ENDED)  # "ont mis fin à leur grève": read as the protest
        return entry
    return replace(entry, type="RETREAT", mode="ceasefire", cameo="087", context=("military",), roles="symmetric")


def _governor(token: Token) -> Token:
    """The word a noun depends on, past an English preposition ("the end of the strike")."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.i != head.i:
        return head.head
    return head


def _ending(word: Token, grammar: Grammar) -> bool:
    """Whether a word stops a protest: a verb that ends it ("called off", "a levé") or a noun of
    cessation ("la fin de la grève", "the end of the boycott")."""
    if word.pos_ in ("NOUN", "PROPN"):
        lemma = word.lemma_.lower()
        return lemma in grammar.cessation_nouns or lemma in grammar.protest_ending_verbs
    lemmas = {verb_lemma(word), *participle_lemmas(word)}
    lemmas |= {f"{lemma} {c.lower_}" for lemma in tuple(lemmas) for c in word.children
               if c.dep_ in ("prt", "compound:prt")}
    return bool(lemmas & grammar.protest_ending_verbs)


def _ended_protest(token: Token, entry: TriggerEntry, grammar: Grammar) -> bool:
    """A protest its holders stop ("the union called off the strike", "les syndicats ont levé la
    grève", "la fin du boycott") is a concession, not a protest; which protest words, and which
    words stop them, are the grammar's."""
    if entry.pos != "NOUN" or entry.type != "PROTEST" or token.head.i == token.i:
        return False
    head = _governor(token)
    if _ending(head, grammar):
        return True
    # "ont mis fin à leur grève", "put an end to the boycott": the end is the verb's object
    return head.pos_ in ("VERB", "AUX") and any(c.dep_ in grammar.obj and c.lemma_.lower() in grammar.cessation_nouns
                                                for c in head.children)


def _ends_protest(token: Token, entry: TriggerEntry, grammar: Grammar) -> bool:
    """A trigger that stops a protest named below it ("ont suspendu la grève", "la fin de son
    boycott"): it tells the concession, read as the protest it ends (who holds it, against whom)."""
    if entry.type == "PROTEST" or not _ending(token, grammar):
        return False
    below = [c for c in token.children if c.dep_ in grammar.obj | grammar.nominal_mod | {"prep"}]
    below += [g for c in below if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(c.lemma_.lower() in grammar.protest_nouns for c in below)


CONCESSION = dict(type="CONCEDE", mode="", cameo="080", context=(), roles="agent")
PROTEST_ENDED = dict(type="PROTEST", mode="", cameo="141", context=(), roles="agent")


def _mutual_truce(token: Token, entry: TriggerEntry, args: Arguments, grammar: Grammar) -> TriggerEntry:
    """A ceasefire that two named sides accept or declare together, with no one else named ("la
    Thaïlande et le Cambodge ont accepté un cessez-le-feu", "Israel and Hamas declared a truce"),
    is an agreement between them; one they keep is not ("respected the ceasefire")."""
    sides = {a.code for a in args.actors if a.code != "---"}
    if entry.type != "RETREAT" or entry.mode != "ceasefire" or len(sides) < 2 or (args.recipients and not args.located) \
            or not set(entry.with_) & grammar.truce_nouns or verb_lemma(token) in grammar.keeping_verbs:
        return entry
    return replace(entry, type="AGREE", mode="", roles="symmetric", cameo="030", context=("military",))


def _rioting(token: Token, entry: TriggerEntry, grammar: Grammar) -> TriggerEntry:
    """An attack whose doers are a crowd is a violent protest ("des manifestants ont pris d'assaut
    l'ambassade de France", "protesters attacked the embassy"), not an act of war."""
    if entry.type != "ASSAULT" or entry.pos != "VERB":
        return entry
    doers = [c for c in token.children if c.dep_ in grammar.subject]
    if not doers or not all(d.lemma_.lower() in grammar.crowd_nouns or d.lower_ in grammar.crowd_nouns for d in doers):
        return entry
    return replace(entry, type="PROTEST", mode="riot", cameo="145", context=())


def _joint_exercise(token: Token, entry: TriggerEntry, args: Arguments, grammar: Grammar) -> TriggerEntry:
    """Exercises two or more states hold together, aimed at no one named, are military cooperation
    ("Kenya and Uganda launched war games near the border"); one state's drills around another
    stay a show of force."""
    sides = {a.code for a in args.actors if a.code != "---"}
    if entry.type != "MOBILIZE" or entry.pos != "NOUN" or token.lemma_.lower() not in grammar.exercise_nouns \
            or len(sides) < 2 or args.recipients:
        return entry
    return replace(entry, type="COOPERATE", mode="", roles="symmetric", cameo="062", context=("military",))


def _sent_abroad(token: Token, entry: TriggerEntry, args: Arguments, grammar: Grammar) -> TriggerEntry:
    """Troops or police sent to a country named as where they go ("deployed police officers to
    Haiti", "a déployé des troupes au Mozambique") are military aid to it, as CAMEO 072 counts
    troops; forces massed at a border, near a country or into it stay a mobilisation."""
    if entry.type != "MOBILIZE" or entry.mode not in ("troops", "police") or entry.pos != "VERB":
        return entry
    own = {a.code for a in args.actors}
    states = {r.start: r for r in args.recipients if r.kind == "country" and r.code not in own and r.start >= 0}
    for child in token.children:
        if child.dep_ in grammar.oblique and child.idx in states and any(
                c.dep_ in grammar.case and c.lower_ in grammar.destination_case for c in child.children):
            return replace(entry, type="AID", mode="military", cameo="072", context=("military",))
    return entry


# CAMEO's offers to mediate (039) and mediation (045): whoever does them is a third party to those
# they stand between
MEDIATION_CODES = frozenset({"039", "045"})


def _symmetric_pairs(args: Arguments, entry: TriggerEntry, actors: list[ActorRef],
                     recipients: list[ActorRef]) -> list[tuple[ActorRef, ActorRef]]:
    """The pairs of a reciprocal act: every participant with every other, once."""
    people = []
    for ref in actors + list(args.participants) + recipients:
        if all(_distinct(ref, other) for other in people):
            people.append(ref)
    if len(people) < 2:
        return []
    if actors and args.participants and not recipients:
        parties = [p for i, p in enumerate(args.participants) if all(_distinct(p, q) for q in args.participants[:i])]
        if entry.type == "CONSULT" or entry.cameo in MEDIATION_CODES:
            # "l'UA a mené une médiation entre l'Algérie et le Mali": the mediator meets each party
            # ("a offert sa médiation entre le Niger et le Bénin": and offers it to each);
            # talks a host holds between parties ("hosted talks between Israel and Hamas") are
            # also the parties' own
            met = [(a, p) for a in actors for p in args.participants if _distinct(a, p)]
            return met + (list(combinations(parties, 2)) if entry.mode == "multilateral" else [])
        # "l'échange de prisonniers entre Kiev et Moscou, négocié par les Émirats": the act is the
        # parties'; who brokered it is no party to it
        return list(combinations(parties, 2))
    if len(actors) == 1 and not args.participants:
        return [(actors[0], r) for r in people[1:]]
    return list(combinations(people, 2))


def pairs(args: Arguments, entry: TriggerEntry, ctx: CoderContext) -> list[tuple[ActorRef, ActorRef]]:
    """Actor × recipient pairs; symmetric events pair every participant with every other."""
    recipients = list(args.recipients)
    actors = _society_actors(args, entry, ctx)
    host = {r.code for r in args.site if r.code in ctx.lex.countries}
    if len(host) == 1 and entry.type in SITED_TYPES:
        # "dispersés par les forces de l'ordre" at Lomé: unnamed police or soldiers are the force
        # of the country where they act
        actors = [replace(a, code=next(iter(host))) if a.code == "---" and a.sector in ("COP", "MIL") else a
                  for a in actors]
    if args.located and len({a.code for a in actors} | {p.code for p in args.participants}) >= 2:
        recipients = []  # "se sont rencontrés à Niamey": where the parties met, not with whom
    elif args.located and entry.type in SYMMETRIC_TYPES and entry.mode != "visit":
        # "le sommet de la CEDEAO à Abuja": a capital is the venue; a site still names its
        # country ("Rosatom exploite un gisement à Bougoula")
        recipients = [r for r in recipients if r.kind != "capital"]
    if entry.type in SYMMETRIC_TYPES and entry.roles != "symmetric" and len(actors) > 1 and not args.participants:
        # "l'Égypte, le Qatar et les États-Unis ont proposé une trêve": co-authors of an offer or a
        # visit act on whom it is made to, not on each other (reciprocal words are `symmetric`)
        return [(a, r) for a in actors for r in recipients if _distinct(a, r) and _internal_ok(a, r, entry.type)]
    if entry.type == "CONSULT" and entry.lemma in ctx.grammar.mediation_words and len({a.code for a in actors}) >= 2:
        # "Egypt and Qatar are mediating between Israel and Hamas", "Qatar and Egypt brokered a
        # ceasefire between …": each broker meets each party, as one broker does; the brokers
        # named together are not a pair of the talks
        parties = [p for i, p in enumerate([*recipients, *args.participants])
                   if all(_distinct(p, q) for q in [*recipients, *args.participants][:i])
                   and all(_distinct(p, a) for a in actors)]
        return [(a, p) for a in actors for p in parties]
    if entry.type in SYMMETRIC_TYPES or entry.roles == "symmetric":
        found = _symmetric_pairs(args, entry, actors, recipients)
        if entry.type not in SYMMETRIC_TYPES and (len(actors) > 1 or args.participants):
            # "fighting between Armenian and Azerbaijani forces", "le Tchad et le Soudan se sont
            # affrontés": parties named together each act on the other, and a reciprocal act other
            # than a meeting, an agreement or cooperation is coded both ways ("Kenya skirmished
            # with Somalia" names who acts)
            found += [(b, a) for a, b in found]
        return found
    if args.participants and not recipients:
        recipients = list(args.participants)
    if not actors:
        if not recipients or entry.type not in UNNAMED_ACTOR_TYPES or args.subject_unresolved \
                or any(a.kind == "domestic" and a.sector == "COP" for a in args.actors):
            return []  # nobody named, or a police force we cannot place
        actors, recipients = _unnamed_doer(args, recipients, ctx, entry)
    if entry.type in SITED_TYPES:
        recipients = _own_territory(args, actors, recipients)
        if recipients and all(r.kind == "place" and r.sector == "CVL" for r in recipients) and all(
                a.kind == "title" and a.sector in LOCATED_SECTORS and a.code in {r.code for r in recipients}
                for a in actors):
            return []  # "l'offensive des rebelles vers Kidal": a group placed by the town it acts on names no dyad
    if not recipients and entry.type == "PROTEST":
        # a protest with no named target is aimed at the protesters' own government; a state's
        # boycott aimed at nobody named says nothing
        # (an organisation has no government of its own: "AU boycott of the summit" names no target)
        return [(a, ActorRef(a.code, "GOV", "", a.name, kind="country")) for a in actors
                if a.code != "---" and a.kind != "org" and a.code in ctx.lex.countries
                and (a.sector not in STATE_SECTORS or a.kind == "adjective")]
    if not recipients:
        if entry.type not in NO_RECIPIENT_TYPES:
            return []
        recipients = [UNKNOWN]
    found = [(a, _settle(r, a, args.where, ctx.lex.countries)) for a in actors for r in recipients]
    if args.where and all(r.code == "---" for _, r in found):
        found = [(a, w) for a in actors for w in args.where]
    return [(a, r) for a, r in found if _distinct(a, r) and not (r.kind == "domestic" and r.code == "---")
            and _internal_ok(a, r, entry.type) and not (r.start >= 0 and r.start == a.start)]


def _internal_ok(actor: ActorRef, recipient: ActorRef, etype: str) -> bool:
    """Same-country pairs: a state's own society acted on (X→X, as PLOVER codes repression), or
    force between parts of the state; not one organ of a state answering another."""
    if actor.code != recipient.code or actor.code == "---":
        return True
    both_state = (actor.sector or "GOV") in STATE_SECTORS and (recipient.sector or "GOV") in STATE_SECTORS
    return not both_state or etype in INTERNAL_FORCE_TYPES


@dataclass(frozen=True)
class _Site:
    """Where events are being read: the article, the sentence, its date."""

    article: Article
    ctx: CoderContext
    number: int
    sent: Span
    day: date
    date_source: str

    def event(self, token: Token, etype: str, mode: str, context: tuple[str, ...], cameo: str,
              actor: ActorRef, recipient: ActorRef, signs: tuple[str, ...]) -> Event:
        onto = self.ctx.lex.ontology
        info = onto.types[etype]
        return Event(
            id=_event_id(self.article.id, token.idx, actor, recipient, etype),
            story_id=self.article.id,
            date=self.day,
            event=etype,
            mode=mode,
            context=context,
            actor=(actor,),
            recipient=(recipient,),
            cameo=cameo,
            quad_code=info.quad,
            goldstein=onto.goldstein(cameo),
            plover_score=info.score,
            text_info=TextInfo(self.number, token.idx, token.idx + len(token.text), token.text, self.sent.text.strip()),
            url=self.article.url,
            title=self.article.title,
            language=self.ctx.lex.lang,
            confidence=self.ctx.confidence(signs),
            features=signs,
            date_source=self.date_source,
            coder=self.ctx.coder,
        )


def _reported_future(token: Token, grammar: Grammar) -> bool:
    """"said it would boycott the summit": the future of reported speech announces an act."""
    clause = token.head if token.dep_ == "conj" else token
    return clause.dep_ == "ccomp" and any(
        c.dep_.startswith("aux") and c.lemma_.lower() in grammar.reported_future for c in token.children)


def _conditional(token: Token, grammar: Grammar) -> bool:
    """The act is promised on a condition the other side must meet ("unless …")."""
    return any(c.dep_ == "advcl" and any(m.lower_ in grammar.threat_marks for m in c.children)
               for c in token.children)


def _announced_as(token: Token, entry: TriggerEntry, modal: list[str], trigger_types: dict[int, str],
                  grammar: Grammar) -> tuple[str, str] | None:
    """The (type, CAMEO) an announced act is coded as besides the act itself: a promise of
    cooperation is AGREE, of coercion THREATEN ("will withdraw unless …" too); an announced
    refusal to concede is REJECT. None when nothing is announced."""
    announced = "intent" in modal or "future" in modal or _reported_future(token, grammar)
    if not announced or content_governor(token, trigger_types) == "REQUEST":
        return None  # "said Ethiopia must be ready to negotiate": a demand on it, no pledge of its own
    if "negation" in modal:
        refused = REFUSED_AS.get(entry.type)
        return refused if refused is not None and "REJECT" not in trigger_types.values() else None
    if entry.type not in PROMISED_AS:
        return None
    return THREAT if _conditional(token, grammar) else PROMISED_AS[entry.type]


def _absorbed(token: Token, entries: dict[int, TriggerEntry], grammar: Grammar) -> bool:
    """A noun that only completes another trigger's phrase ("lever les sanctions") is not an event;
    a meeting set as the clause's circumstance completes nothing ("lors d'une rencontre avec X, A a
    refusé …" refuses no meeting)."""
    if adjunct_of_clause(token, grammar.adjunct_markers):
        return False
    node = token
    for _ in range(2):
        if node.head.i == node.i:
            return False
        node = node.head
        other = entries.get(node.i)
        if other is not None and token.lemma_.lower() in other.with_:
            return True
    return False


def _restated(token: Token, entry: TriggerEntry, entries: dict[int, TriggerEntry], grammar: Grammar) -> bool:
    """A noun that names the same act as its verb is not a second event: "killed four people in
    an attack" (a subject noun keeps its own event: it may be the only one with a doer)."""
    head = entries.get(token.head.i) if token.head.i != token.i else None
    aimed = any(c.lemma_.lower() in grammar.targeting_verbs for c in token.children if c.dep_ in ("acl", "advcl"))
    # "retaliated with drone attacks targeting Israel": a noun that names its own target says more
    return head is not None and head.type == entry.type and head.pos == "VERB" and token.dep_ in grammar.oblique \
        and not aimed


def _approves_measure(token: Token, entry: TriggerEntry, entries: dict[int, TriggerEntry], grammar: Grammar) -> bool:
    """"L'UE a approuvé un paquet de sanctions contre la Russie": approving or adopting a measure
    is taking it; the measure noun is the event, the approval is not a second one (still less
    a SUPPORT of the country the measure falls on)."""
    lemma = token.lemma_.lower()
    if entry.pos != "VERB" or entry.type not in ("SUPPORT", "AGREE") or (
            lemma not in grammar.approval_verbs and lemma not in grammar.measure_verbs):
        return False
    for child in token.children:
        # "agreed on a new package of sanctions", "sont convenus d'un paquet de sanctions"
        topic = child.dep_ in grammar.oblique and any(c.dep_ == "case" and c.lower_ in grammar.topic_case
                                                       for c in child.children)
        if child.dep_ not in grammar.obj and child.dep_ not in grammar.passive_subject and not topic:
            continue
        nodes = [child] + ([c for c in child.children if c.dep_ in grammar.nominal_mod | {"compound"}]
                           if child.lemma_.lower() in grammar.measure_nouns else [])
        if any(n.i in entries and entries[n.i].type != entry.type and grammar.adopts(lemma, entries[n.i].type)
               for n in nodes):
            return True
    return False


def _standing_text(token: Token, entry: TriggerEntry, entries: dict[int, TriggerEntry], grammar: Grammar) -> bool:
    """An agreement named as a text that exists, not as one being made: "l'accord entre X et Y
    expire", "the ceasefire deal between X and Y collapsed", "critics of the agreement between X
    and Y", "la mise en œuvre des accords". Its clause tells something about it, so it is no act of
    agreeing; it is one when the clause tells it made or coming into force ("a été signé",
    "took effect", "l'annonce d'un accord"), what it provides ("l'accord … prévoit"), or when a
    participle of making hangs on it."""
    if entry.pos != "NOUN" or entry.type != "AGREE":
        return False
    if token.lemma_.lower() not in grammar.text_nouns and token.lower_ not in grammar.text_nouns:
        return False
    if any(c.i in entries for c in token.children if c.dep_ == "acl" or c.dep_ in grammar.relative):
        return False  # "l'accord signé vendredi entre …", "the deal reached on Friday"
    head = token.head
    if head.i == token.i or head.i in entries:
        return False
    if token.dep_ in grammar.subject or token.dep_ in grammar.passive_subject:
        return head.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and head.lemma_.lower() not in grammar.coming_verbs \
            and head.lemma_.lower() not in grammar.content_verbs
    if token.dep_ in grammar.nominal_mod:
        return head.pos_ == "NOUN" and head.lemma_.lower() not in grammar.coming_nouns \
            and head.lower_ not in grammar.coming_nouns
    return False


def _describes_antecedent(token: Token, entries: dict[int, TriggerEntry], grammar: Grammar) -> bool:
    """A verb in a relative clause on an event noun tells that event, and is none of its own:
    "les sanctions qui frappaient le Niger", "the strikes that hit Gaza" (the noun is the event;
    its relative names whom it falls on)."""
    if token.dep_ not in grammar.relative or token.head.i == token.i or token.head.i not in entries:
        return False
    subjects = [c for c in token.children if c.dep_ in grammar.subject]
    return all("Rel" in c.morph.get("PronType") or c.lower_ in grammar.relative_pronouns for c in subjects) \
        and bool(subjects)


def _background_relative(token: Token, grammar: Grammar) -> bool:
    """A relative clause in the pluperfect tells what lies behind the news, not the news: "a
    dénoncé l'accord qu'il avait signé avec l'UE", "scrapped the deal Obama had signed with Iran",
    "la Russie, qui avait livré des hélicoptères au Mali, …"."""
    if token.pos_ not in ("VERB", "AUX") or (token.dep_ not in grammar.relative and not misparsed_relative(token)):
        return False
    for aux in token.children:
        if not aux.dep_.startswith("aux") or aux.dep_ in grammar.passive_aux:
            continue
        if token.lang_ == "en" and aux.lower_ in ("had", "'d", "’d") and token.tag_ == "VBN":
            return True
        if token.lang_ == "fr" and aux.lemma_.lower() in ("avoir", "être") and "Imp" in aux.morph.get("Tense") \
                and "Part" in token.morph.get("VerbForm"):
            return True
    return False


def _classifier(token: Token, grammar: Grammar) -> bool:
    """An event noun used to classify another noun is not an event: "avions de combat",
    "hélicoptères d'attaque" (no determiner, hanging on a noun with "de"), "combat helicopters"."""
    if token.head.pos_ not in ("NOUN", "PROPN") or token.head.lemma_.lower() in grammar.measure_nouns:
        return False  # "un paquet de sanctions" counts sanctions, it does not classify a package
    if token.lemma_.lower() in grammar.expressive_nouns or token.lower_ in grammar.expressive_nouns:
        return False  # "un message de félicitations", "une lettre de condoléances": what it says
    if token.dep_ == "compound":
        return token.head.lemma_.lower() not in grammar.light_nouns  # "a mediation effort" is a mediation
    if token.dep_ != "nmod":
        return False
    children = list(token.children)
    return any(c.dep_ == "case" and c.lower_ in grammar.classifier_case for c in children) and not any(
        c.dep_ == "det" for c in children)


Observer = Callable[[TriggerEntry, Arguments], None]


def events_of(doc: Doc, article: Article, ctx: CoderContext, *, today: date,
              observe: Observer | None = None) -> Iterator[Event]:
    """Every event in ``doc`` (the parsed ``article``), sentence by sentence. ``observe``, when
    given, sees every trigger with the arguments read for it (for error analysis)."""
    doc_date = article.date or today
    triggers: dict[int, list[Span]] = {}
    for span in doc.spans.get(TRIGGER_KEY, []):
        triggers.setdefault(span.sent.start, []).append(span)
    mentions = learn_people(doc, ctx.lex, ctx.grammar, doc_date, find_mentions(doc, ctx.lex))
    memory: tuple[ActorRef | None, ActorRef | None, ActorRef | None] = (None, None, None)
    attributed = attributed_tokens(doc)
    for number, sent in enumerate(doc.sents):
        sent_date = find_date(sent.text, doc_date, ctx.lex.lang)
        dated = sent_date is not None and not sent_date.since
        site = _Site(article, ctx, number, sent, sent_date.day if dated else doc_date,
                     "sentence" if dated else "document")
        finder = ActorFinder(doc, ctx.lex, ctx.grammar, site.day, mentions, last_named=memory[0],
                             last_subject=memory[1], last_other=memory[2], attributed=attributed)
        found = triggers.get(sent.start, [])
        if found:
            time_modality = []
            if dated and site.day < doc_date - HISTORICAL_AFTER:
                time_modality.append("historical")
            if dated and site.day > doc_date:
                time_modality.append("future")
            yield from _mediated(site, list(_sentence_events(site, found, finder, time_modality, observe)), finder)
        named, subject, other = finder.sentence_memory(sent)
        memory = (named or memory[0], subject, other)


# What a mediator brokers: the parties of these acts meet the mediator (CONSULT, third-party).
# An agreement, a measure or a partnership named as the frame of a clause is in force, not done
# now ("dans le cadre de l'accord de défense", "under the 2015 deal"); an attack one "comes under" is.
FRAMED_TYPES = frozenset({"AGREE", "COOPERATE", "AID", "SANCTION", "CONSULT", "SUPPORT"})
MEDIATED_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "RETREAT", "CONCEDE"})


def _mediators(site: _Site, finder: ActorFinder) -> list[tuple[Token, list[ActorRef]]]:
    """Who brokered what the sentence says: "sous l'égide de l'ONU", "brokered by Qatar",
    "grâce à la médiation de l'Algérie", "under the auspices of the AU"."""
    g = site.ctx.grammar
    reader = ArgumentReader(finder)
    found = []
    for tok in site.sent:
        if tok.lemma_.lower() not in g.mediation_words and tok.lower_ not in g.mediation_words:
            continue
        if tok.pos_ == "NOUN" and not any(c.dep_ in g.case and c.lower_ in g.mediation_case for c in tok.children):
            continue  # "a accepté la médiation du Togo": the mediation is what is accepted, not a broker
        refs = reader.agent(tok) if tok.pos_ in ("VERB", "AUX") else []
        if not refs:
            refs = merge(*[finder.of_phrase(c, places=False) for c in tok.children
                           if c.dep_ in g.nominal_mod and reader.case(c) in g.source_case])
        if not refs and tok.pos_ == "NOUN":
            # "sous médiation chinoise", "under Qatari mediation": the broker named by its adjective
            refs = [r for c in tok.children if c.dep_ in g.adjective
                    for r in finder.of_phrase(c, places=False) if r.kind == "adjective"]
        if refs:
            found.append((tok, refs))
    return found


def _mediated(site: _Site, events: list[Event], finder: ActorFinder) -> list[Event]:
    """A mediator is a third party who meets each side, not a signatory: its events with the
    parties become CONSULT (third-party), one per party."""
    mediators = _mediators(site, finder) if events else []
    if not mediators:
        return events
    # a party acting in the sentence is no broker, even when the parser lists it with one
    # ("Under the auspices of the AU, Ethiopia and Eritrea signed …" parsed as one coordination)
    # (the broker named first is kept; names the parser coordinated with it are kept only when
    # they are no party of the sentence's events)
    acting = {r.code for e in events for r in (*e.actor, *e.recipient)}
    mediators = [(tok, refs[:1] + [r for r in refs[1:] if r.code not in acting]) for tok, refs in mediators]
    codes = {r.code for _, refs in mediators for r in refs}
    kept = [e for e in events if not (e.event in MEDIATED_TYPES and e.event != "CONSULT" and (
        e.actor[0].code in codes or e.recipient[0].code in codes))]
    parties: list[ActorRef] = []
    for event in kept:
        if event.event in MEDIATED_TYPES:
            for ref in (*event.actor, *event.recipient):
                if ref.code not in codes and ref.code != "---" and all(ref.code != p.code for p in parties):
                    parties.append(ref)
    done = {(e.actor[0].code, e.recipient[0].code, e.event) for e in kept}
    out = list(kept)
    for token, refs in mediators:
        for mediator in refs:
            for party in parties:
                if {(mediator.code, party.code, "CONSULT"), (party.code, mediator.code, "CONSULT")} & done:
                    continue
                done.add((mediator.code, party.code, "CONSULT"))
                signs = ("via:mediation", "pos:NOUN" if token.pos_ == "NOUN" else "pos:VERB", "type:CONSULT")
                out.append(site.event(token, "CONSULT", "third-party", ("diplomatic",), "045", mediator, party, signs))
    return out


def _sentence_events(site: _Site, found: list[Span], finder: ActorFinder, time_modality: list[str],
                     observe: Observer | None = None) -> Iterator[Event]:
    ctx = site.ctx
    entries = {span.start: ctx.by_line[int(span.kb_id_)] for span in found}
    finder.trigger_types = {i: e.type for i, e in entries.items()}
    reader = ArgumentReader(finder)
    seen: set[tuple[str, str, str]] = set()
    words = sum(1 for t in site.sent if not t.is_punct and not t.is_space)
    for span in found:
        token = span[0]
        entry = entries[token.i]
        if entry.pos == "NOUN" and (_absorbed(token, entries, ctx.grammar) or _classifier(token, ctx.grammar)
                                    or _restated(token, entry, entries, ctx.grammar)
                                    or _standing_text(token, entry, entries, ctx.grammar)):
            continue
        if entry.pos == "NOUN" and entry.type in FRAMED_TYPES and framed(token, ctx.grammar.framing_phrases):
            continue
        if _approves_measure(token, entry, entries, ctx.grammar) or _background_relative(token, ctx.grammar) \
                or (entry.pos == "VERB" and _describes_antecedent(token, entries, ctx.grammar)):
            continue
        # a protest its holders stop is read as the protest (who holds it, against whom) and told as
        # their concession, by the word that stops it when that is a trigger, else by the protest word
        ended_protest = _ended_protest(token, entry, ctx.grammar)
        if ended_protest and _governor(token).i in entries:
            continue
        if _ends_protest(token, entry, ctx.grammar):
            entry, ended_protest = replace(entry, **PROTEST_ENDED), True
        original = entry
        entry = _ended_fighting(token, _stopped(token, entry, ctx.grammar), ctx.grammar)
        ended_protest = ended_protest or (entry.type == "PROTEST" and original.type != "PROTEST")
        entry = _rioting(token, entry, ctx.grammar)
        args = reader.read(token, entry)
        if ended_protest and any(a.sector in FORCE_SECTORS for a in args.actors):
            continue  # police ending a sit-in concede nothing
        entry = _joint_exercise(token, _mutual_truce(token, entry, args, ctx.grammar), args, ctx.grammar)
        entry = _sent_abroad(token, entry, args, ctx.grammar)
        if args.via == "reciprocal":
            entry = replace(entry, roles="symmetric")
        if observe is not None:
            observe(entry, args)
        modal = list(modality(token, ctx.cues, finder.trigger_types))
        modal_cues = tuple(modal)
        modal += [m for m in time_modality if m not in modal]
        found_pairs = pairs(args, entry, ctx)
        if ended_protest:
            entry = replace(entry, **CONCESSION)
        parties = len({ref.code for pair in found_pairs for ref in pair})
        if (entry.type, entry.mode) in ANNOUNCED_ACTS and "future" in modal and not {"negation", "hypothetical", "intent"} \
                & set(modal) and not _conditional(token, ctx.grammar):
            modal = [m for m in modal if m != "future"]
        derived = _announced_as(token, entry, modal, finder.trigger_types, ctx.grammar)
        modal = [m for m in modal if m != "intent"]
        if derived is not None:
            as_type, as_cameo = derived
            speakers = {a.code for a in args.actors}
            for actor, recipient in found_pairs:
                if actor.code == "---" or actor.kind == "site" or (actor.code, recipient.code, as_type) in seen:
                    continue  # a promise or a refusal needs someone who makes it
                if not speakers:
                    break  # no one named makes the promise: "l'accord négocié …" promises nothing
                if actor.code not in speakers:
                    if recipient.code not in speakers:
                        continue  # a promise binds who makes it, not every pair of a meeting it announces
                    actor, recipient = recipient, actor
                if as_type == "AGREE" and entry.type == "RETREAT" and "intent" not in modal_cues \
                        and actor.sector in ("MIL", "COP"):
                    continue  # "French soldiers will leave Senegal": a timetable, not a pledge
                if as_type in SYMMETRIC_TYPES and (recipient.code, actor.code, as_type) in seen:
                    continue  # a reciprocal act promised both ways is one pledge between them
                seen.add((actor.code, recipient.code, as_type))
                yield site.event(token, as_type, "", tuple(entry.context), as_cameo, actor, recipient,
                                 features(args, entry, actor, recipient, token_idx=token.idx, sentence_words=words,
                                          derived=True, parties=parties))
        mode = entry.mode
        if not mode and entry.type == "CONSULT" and len({a.code for p in found_pairs for a in p}) >= 3:
            mode = "multilateral"  # three or more parties meeting
        cameo = entry.cameo if len(entry.cameo) >= 3 else entry.code3
        for actor, recipient in found_pairs:
            if (actor.code, recipient.code, entry.type) in seen:
                continue
            seen.add((actor.code, recipient.code, entry.type))
            yield site.event(token, entry.type, mode, tuple(entry.context) + tuple(modal), cameo, actor, recipient,
                             features(args, entry, actor, recipient, token_idx=token.idx, sentence_words=words,
                                      derived=False, parties=parties))

"""Doc → events: triggers, arguments, modality and dates put together into frozen ``Event``s."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import combinations

from spacy.tokens import Doc, Span, Token

from ..lexicons import Lexicons, TriggerEntry
from ..model import ActorRef, Article, Event, TextInfo
from ..nlp import TRIGGER_KEY
from .actors import ActorFinder, find_mentions
from .arguments import SYMMETRIC_TYPES, ArgumentReader, Arguments
from .dates import find_date
from .grammar import GRAMMARS, Grammar
from .modality import ModalityCues, modality

UNKNOWN = ActorRef("---", "", "", "")
# Types whose doer is often unnamed ("le camp a été attaqué"): code them with actor "---".
UNNAMED_ACTOR_TYPES = frozenset({"ASSAULT", "COERCE"})
# Types that make sense without a recipient ("les troupes se sont retirées", "troops were
# massed"). Other types need one: an accusation, a refusal or an attack aimed at nobody we can
# name says nothing about a dyad ("a refusé de commenter", "les pluies ont frappé"); protests
# without a named target are aimed at the protesters' own government (see ``pairs``).
NO_RECIPIENT_TYPES = frozenset({"MOBILIZE", "RETREAT"})
# Unnamed groups of a society may act without a country only where that is their part:
# protesters protest; "journalists denounced" names nobody's journalists.
DOMESTIC_ACTOR_TYPES = frozenset({"PROTEST"})
HISTORICAL_AFTER = timedelta(days=366)
# PLOVER codes a promised or announced act by what it promises: AGREE for cooperation, THREATEN
# for coercion ("will withdraw its troops unless …", "threatened to expel"). The act itself is
# kept too, flagged future or hypothetical.
PROMISED_AS = {
    **{t: ("AGREE", "030") for t in ("AID", "CONSULT", "SUPPORT", "COOPERATE", "CONCEDE")},
    **{t: ("THREATEN", "130") for t in ("SANCTION", "COERCE", "ASSAULT", "MOBILIZE")},
}


@dataclass(frozen=True)
class CoderContext:
    """Everything ``events_of`` needs besides the Doc; built once per language and process."""

    lex: Lexicons
    grammar: Grammar
    cues: ModalityCues
    coder: tuple[tuple[str, str], ...]
    by_line: dict[int, TriggerEntry]

    @classmethod
    def build(cls, lex: Lexicons, coder: tuple[tuple[str, str], ...]) -> "CoderContext":
        by_line = {e.line: e for entries in lex.triggers.values() for e in entries}
        return cls(lex, GRAMMARS[lex.lang], ModalityCues.from_lexicons(lex), coder, by_line)


def _event_id(story_id: str, offset: int, actor: ActorRef, recipient: ActorRef, etype: str) -> str:
    key = f"{story_id}|{offset}|{actor.code}|{recipient.code}|{etype}"
    return "BL-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _distinct(a: ActorRef, b: ActorRef) -> bool:
    return a.code != b.code or (a.code != "---" and a.sector != b.sector)


def _settle(recipient: ActorRef, actor: ActorRef) -> ActorRef:
    """An unnamed group of a society ("des journalistes", "opposition candidates") acted on by a
    state belongs to that state: domestic repression is coded X→X, as PLOVER does."""
    if recipient.kind != "domestic":
        return recipient
    return replace(recipient, code=actor.code if actor.code != "---" else "---")


def pairs(args: Arguments, entry: TriggerEntry, ctx: CoderContext) -> list[tuple[ActorRef, ActorRef]]:
    """Actor × recipient pairs; symmetric events pair every participant with every other."""
    actors = [a for a in args.actors if a.kind != "domestic" or entry.type in DOMESTIC_ACTOR_TYPES]
    recipients = list(args.recipients)
    if args.located and len({a.code for a in actors} | {p.code for p in args.participants}) >= 2:
        recipients = []  # "se sont rencontrés à Niamey": where the parties met, not with whom
    elif args.located and entry.type in SYMMETRIC_TYPES and entry.mode != "visit":
        # "le sommet de la CEDEAO à Abuja": a capital is the venue; a site still names its
        # country ("Rosatom exploite un gisement à Bougoula")
        recipients = [r for r in recipients if r.kind != "capital"]
    if entry.type in SYMMETRIC_TYPES or entry.roles == "symmetric":
        people = []
        for ref in actors + list(args.participants) + recipients:
            if all(_distinct(ref, other) for other in people):
                people.append(ref)
        if len(people) < 2:
            return []
        if actors and args.participants and not recipients:
            # "l'UA a mené une médiation entre l'Algérie et le Mali": the mediator meets each party
            return [(a, p) for a in actors for p in args.participants if _distinct(a, p)]
        if len(actors) == 1 and not args.participants:
            return [(actors[0], r) for r in people[1:]]
        return list(combinations(people, 2))
    if args.participants and not recipients:
        recipients = list(args.participants)
    if not actors:
        if not recipients or entry.type not in UNNAMED_ACTOR_TYPES or args.subject_unresolved:
            return []
        actors = [UNKNOWN]
    if not recipients and entry.type == "PROTEST":
        # a protest with no named target is aimed at the protesters' own government
        return [(a, ActorRef(a.code, "GOV", "", a.name, kind="country")) for a in actors if a.code != "---"]
    if not recipients:
        if entry.type not in NO_RECIPIENT_TYPES:
            return []
        recipients = [UNKNOWN]
    found = [(a, _settle(r, a)) for a in actors for r in recipients]
    if args.where and all(r.code == "---" for _, r in found):
        found = [(a, w) for a in actors for w in args.where]
    return [(a, r) for a, r in found if _distinct(a, r) and not (r.kind == "domestic" and r.code == "---")]


def _confidence(args: Arguments, entry: TriggerEntry, actor: ActorRef, recipient: ActorRef, modal: tuple[str, ...]) -> float:
    score = 0.35
    score += 0.25 if actor.code != "---" else 0.0
    score += 0.2 if recipient.code != "---" else 0.0
    score += 0.1 if entry.pos == "VERB" else 0.05
    score += 0.1 if args.via in ("active", "passive", "inverse") else 0.0
    score -= 0.1 if modal else 0.0
    return round(max(0.05, min(score, 0.99)), 2)


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
              actor: ActorRef, recipient: ActorRef, confidence: float) -> Event:
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
            confidence=confidence,
            date_source=self.date_source,
            coder=self.ctx.coder,
        )


def _absorbed(token: Token, entries: dict[int, TriggerEntry]) -> bool:
    """A noun that only completes another trigger's phrase ("lever les sanctions") is not an event."""
    node = token
    for _ in range(2):
        if node.head is node:
            return False
        node = node.head
        other = entries.get(node.i)
        if other is not None and token.lemma_.lower() in other.with_:
            return True
    return False


def _classifier(token: Token, grammar: Grammar) -> bool:
    """An event noun used to classify another noun is not an event: "avions de combat",
    "hélicoptères d'attaque" (no determiner, hanging on a noun with "de"), "combat helicopters"."""
    if token.head.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.dep_ == "compound":
        return True
    if token.dep_ != "nmod":
        return False
    children = list(token.children)
    return any(c.dep_ == "case" and c.lower_ in grammar.classifier_case for c in children) and not any(
        c.dep_ == "det" for c in children)


def events_of(doc: Doc, article: Article, ctx: CoderContext, *, today: date) -> Iterator[Event]:
    """Every event in ``doc`` (the parsed ``article``), sentence by sentence."""
    doc_date = article.date or today
    triggers: dict[int, list[Span]] = {}
    for span in doc.spans.get(TRIGGER_KEY, []):
        triggers.setdefault(span.sent.start, []).append(span)
    mentions = find_mentions(doc, ctx.lex)
    memory: tuple[ActorRef | None, ActorRef | None, ActorRef | None] = (None, None, None)
    for number, sent in enumerate(doc.sents):
        sent_date = find_date(sent.text, doc_date, ctx.lex.lang)
        dated = sent_date is not None and not sent_date.since
        site = _Site(article, ctx, number, sent, sent_date.day if dated else doc_date,
                     "sentence" if dated else "document")
        finder = ActorFinder(doc, ctx.lex, ctx.grammar, site.day, mentions, last_named=memory[0],
                             last_subject=memory[1], last_other=memory[2])
        found = triggers.get(sent.start, [])
        if found:
            time_modality = []
            if dated and site.day < doc_date - HISTORICAL_AFTER:
                time_modality.append("historical")
            if dated and site.day > doc_date:
                time_modality.append("future")
            yield from _sentence_events(site, found, finder, time_modality)
        named, subject, other = finder.sentence_memory(sent)
        memory = (named or memory[0], subject, other)


def _sentence_events(site: _Site, found: list[Span], finder: ActorFinder, time_modality: list[str]) -> Iterator[Event]:
    ctx = site.ctx
    entries = {span.start: ctx.by_line[int(span.kb_id_)] for span in found}
    finder.trigger_types = {i: e.type for i, e in entries.items()}
    reader = ArgumentReader(finder)
    seen: set[tuple[str, str, str]] = set()
    for span in found:
        token = span[0]
        entry = entries[token.i]
        if entry.pos == "NOUN" and (_absorbed(token, entries) or _classifier(token, ctx.grammar)):
            continue
        args = reader.read(token, entry)
        modal = list(modality(token, ctx.cues, finder.trigger_types))
        modal += [m for m in time_modality if m not in modal]
        found_pairs = pairs(args, entry, ctx)
        promised = ("intent" in modal or "future" in modal) and "negation" not in modal
        modal = [m for m in modal if m != "intent"]
        if promised and entry.type in PROMISED_AS and PROMISED_AS[entry.type][0] not in finder.trigger_types.values():
            as_type, as_cameo = PROMISED_AS[entry.type]
            for actor, recipient in found_pairs:
                if actor.code == "---" or (actor.code, recipient.code, as_type) in seen:
                    continue  # a promise needs someone who promises
                seen.add((actor.code, recipient.code, as_type))
                yield site.event(token, as_type, "", tuple(entry.context), as_cameo, actor, recipient,
                                 _confidence(args, entry, actor, recipient, ()))
        mode = entry.mode
        if not mode and entry.type == "CONSULT" and len({a.code for p in found_pairs for a in p}) >= 3:
            mode = "multilateral"  # three or more parties meeting
        cameo = entry.cameo if len(entry.cameo) >= 3 else entry.cameo + "0"
        for actor, recipient in found_pairs:
            if (actor.code, recipient.code, entry.type) in seen:
                continue
            seen.add((actor.code, recipient.code, entry.type))
            yield site.event(token, entry.type, mode, tuple(entry.context) + tuple(modal), cameo, actor, recipient,
                             _confidence(args, entry, actor, recipient, tuple(modal)))

"""Doc → events: triggers, arguments, modality and dates put together into frozen ``Event``s."""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from spacy.tokens import Doc, Span

from ..lexicons import Lexicons, TriggerEntry
from ..model import ActorRef, Article, Event, TextInfo
from ..nlp import TRIGGER_KEY
from .actors import ActorFinder, find_mentions
from .arguments import Arguments, arguments
from .dates import find_date
from .grammar import GRAMMARS, Grammar
from .modality import ModalityCues, modality

UNKNOWN = ActorRef("---", "", "", "")
# Types whose doer is often unnamed ("le camp a été attaqué"): code them with actor "---".
UNNAMED_ACTOR_TYPES = frozenset({"ASSAULT", "COERCE"})
HISTORICAL_AFTER = timedelta(days=366)


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


def _pairs(args: Arguments, entry: TriggerEntry, ctx: CoderContext) -> list[tuple[ActorRef, ActorRef]]:
    actors, recipients = list(args.actors), list(args.recipients)
    if not recipients and (entry.roles == "symmetric" or entry.type in ("AGREE", "CONSULT", "COOPERATE")) and len(actors) > 1:
        return list(combinations(actors, 2))
    if not actors:
        if not recipients or entry.type not in UNNAMED_ACTOR_TYPES:
            return []
        actors = [UNKNOWN]
    if not recipients:
        if ctx.lex.ontology.types[entry.type].requires_recipient:
            return []
        recipients = [UNKNOWN]
    pairs = []
    for actor in actors:
        for recipient in recipients:
            if actor.code == recipient.code and (actor.sector == recipient.sector or "---" == actor.code):
                continue
            pairs.append((actor, recipient))
    return pairs


def _confidence(args: Arguments, entry: TriggerEntry, actor: ActorRef, recipient: ActorRef, modal: tuple[str, ...]) -> float:
    score = 0.35
    score += 0.25 if actor.code != "---" else 0.0
    score += 0.2 if recipient.code != "---" else 0.0
    score += 0.1 if entry.pos == "VERB" else 0.05
    score += 0.1 if args.via in ("active", "passive", "inverse") else 0.0
    score -= 0.1 if modal else 0.0
    return round(max(0.05, min(score, 0.99)), 2)


def events_of(doc: Doc, article: Article, ctx: CoderContext, *, today: date) -> Iterator[Event]:
    """Every event in ``doc`` (the parsed ``article``), sentence by sentence."""
    onto = ctx.lex.ontology
    doc_date = article.date or today
    triggers: dict[int, list[Span]] = {}
    for span in doc.spans.get(TRIGGER_KEY, []):
        triggers.setdefault(span.sent.start, []).append(span)
    previous: ActorRef | None = None
    mentions = find_mentions(doc, ctx.lex)
    for number, sent in enumerate(doc.sents):
        found = triggers.get(sent.start, [])
        sent_date = find_date(sent.text, doc_date)
        day = doc_date if sent_date is None or sent_date.since else sent_date.day
        finder = ActorFinder(doc, ctx.lex, ctx.grammar, day, previous, mentions)
        if found:
            types_here = {span.start: span.label_ for span in found}
            seen: set[tuple[str, str, str]] = set()
            for span in found:
                entry = ctx.by_line[int(span.kb_id_)]
                token = span[0]
                args = arguments(token, entry, finder)
                modal = list(modality(token, ctx.cues, types_here))
                if sent_date is not None and not sent_date.since:
                    if sent_date.day < doc_date - HISTORICAL_AFTER and "historical" not in modal:
                        modal.append("historical")
                    if sent_date.day > doc_date and "future" not in modal:
                        modal.append("future")
                etype = onto.types[entry.type]
                cameo = entry.cameo if len(entry.cameo) >= 3 else entry.cameo + "0"
                for actor, recipient in _pairs(args, entry, ctx):
                    key = (actor.code, recipient.code, entry.type)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield Event(
                        id=_event_id(article.id, token.idx, actor, recipient, entry.type),
                        story_id=article.id,
                        date=day,
                        event=entry.type,
                        mode=entry.mode,
                        context=tuple(entry.context) + tuple(modal),
                        actor=(actor,) if actor.code != "---" or actor.sector else (UNKNOWN,),
                        recipient=(recipient,),
                        cameo=cameo,
                        quad_code=etype.quad,
                        goldstein=onto.goldstein(cameo),
                        plover_score=etype.score,
                        text_info=TextInfo(number, token.idx, token.idx + len(token.text), token.text, sent.text.strip()),
                        url=article.url,
                        title=article.title,
                        language=ctx.lex.lang,
                        confidence=_confidence(args, entry, actor, recipient, tuple(modal)),
                        date_source="document" if sent_date is None or sent_date.since else "sentence",
                        coder=ctx.coder,
                    )
        previous = finder.last_named(sent.start, sent.end) or previous

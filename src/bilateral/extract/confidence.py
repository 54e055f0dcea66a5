"""How sure an event is: the estimated probability that an analyst would code it.

A logistic model over a few facts of how the event was read (how its arguments were found, how
specific its trigger is, what kind of names its parties are, how long the sentence is, how far
the parties stand from the trigger). Its weights are data (``data/confidence.csv``), fitted on the
tuning halves of the dev files by ``benchmarks/confidence.py``; nothing here is tuned by hand.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ..lexicons import TriggerEntry
from ..lexicons._table import read_table
from ..model import ActorRef
from .arguments import Arguments

KINDS = ("country", "capital", "seat", "adjective", "org", "person", "title", "place", "site", "domestic")


def _distance_bin(token_idx: int, ref: ActorRef) -> str:
    if ref.start < 0:
        return "inferred"
    gap = min(abs(ref.start - token_idx), abs(ref.end - token_idx))
    return "near" if gap <= 25 else "mid" if gap <= 90 else "far"


def features(args: Arguments, entry: TriggerEntry, actor: ActorRef, recipient: ActorRef, *, token_idx: int,
             sentence_words: int, derived: bool, parties: int) -> tuple[str, ...]:
    """The binary features of one event, as names (``via:active``, ``pos:NOUN``, …)."""
    length = "short" if sentence_words <= 20 else "medium" if sentence_words <= 40 else "long"
    found = [
        f"via:{args.via}",
        f"pos:{entry.pos}",
        f"type:{entry.type}",
        f"length:{length}",
        f"actor:{actor.kind if actor.kind in KINDS else 'other'}",
        f"recipient:{recipient.kind if recipient.kind in KINDS else 'other'}",
        f"actor-distance:{_distance_bin(token_idx, actor)}",
        f"recipient-distance:{_distance_bin(token_idx, recipient)}",
    ]
    if entry.with_:
        found.append("trigger:phrase")  # the trigger needs a completing word: more specific
    if len(entry.cameo) >= 3 and not entry.cameo.endswith("0"):
        found.append("trigger:fine-code")
    if actor.code == "---":
        found.append("actor:unknown")
    if recipient.code == "---":
        found.append("recipient:unknown")
    if actor.code == recipient.code:
        found.append("pair:same-country")
    if derived:
        found.append("derived")  # a promise or refusal read off an announced act
    if parties > 2:
        found.append("parties:many")
    if args.located:
        found.append("recipient:located")
    return tuple(found)


@dataclass(frozen=True)
class ConfidenceModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # the default --min-confidence: best F1 on the tuning halves
    version: str

    def __call__(self, names: tuple[str, ...]) -> float:
        z = self.bias + sum(self.weights.get(n, 0.0) for n in names)
        return round(1.0 / (1.0 + math.exp(-z)), 3)


@lru_cache(maxsize=1)
def load_model() -> ConfidenceModel:
    """The fitted weights of ``data/confidence.csv`` (rows ``feature,weight``; the special rows
    ``(bias)`` and ``(threshold)``)."""
    table = read_table("confidence.csv", ("feature", "weight"))
    weights: dict[str, float] = {}
    bias, threshold = 0.0, 0.0
    for row in table.rows:
        try:
            value = float(row["weight"])
        except ValueError:
            raise table.error(row, f"weight {row['weight']!r} is not a number") from None
        if row["feature"] == "(bias)":
            bias = value
        elif row["feature"] == "(threshold)":
            if not 0.0 <= value <= 1.0:
                raise table.error(row, "the threshold is a probability between 0 and 1")
            threshold = value
        else:
            weights[row["feature"]] = value
    return ConfidenceModel(weights, bias, threshold, table.version)

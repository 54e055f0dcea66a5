"""Which place a name means, given the article it is in.

Each reading of a name gets a weight: a prior (how much a reader would expect it with no
context: a state more than a town, a large town more than a small one, a place's own name more
than an alias) times a factor for each piece of context that points to its country: the
countries of the event's actors, the countries the article names (by name or adjective), the
dateline's country, and the other places of the article (their country, and their first-level
division: "Paris" near "Texas"). A reading whose share of the weights is at least ``CLEAR`` is
taken. When none is, but the readings that carry that share lie in one country, the place is kept at
country precision; otherwise it is left unresolved rather than guessed.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import COUNTRY_FEATURES, MAIN, Gazetteer, Place, fold
from .text import PlaceMention

CLEAR = 0.75  # the share of the weights a reading needs to be taken
CONFIDENT = 0.9  # the share a place needs to be context for the others
STATE_PRIOR = 2e7  # a state weighs as a town of this many inhabitants
AREA_PRIOR = 2e5  # the least a region, site or project place weighs
ALIAS = 0.1  # an alternate name counts this much less than a place's own name
CAPITAL = 2.0  # a capital is named for its government too: more often than its size says
DIVISION_PRIOR = 0.05  # a state or province of this many inhabitants is named as often as a town 20 times smaller
ACTOR = 50.0  # the country of one of the event's actors
NAMED = 40.0  # a country the article names, or the dateline's, or another place's
DIVISION = 30.0  # another place of the article lies in the same first-level division


@dataclass(frozen=True, slots=True)
class Context:
    """What an article says about where it is."""

    actors: frozenset[str] = frozenset()  # ISO3 of the event's (or the article's) actors
    named: frozenset[str] = frozenset()  # ISO3 of the states the article names or qualifies
    places: frozenset[str] = frozenset()  # ISO3 of other places confidently resolved
    divisions: frozenset[tuple[str, str]] = frozenset()  # (ISO3, admin1) of those places
    # actors read from the text, as (ISO3, start, end): an actor does not vouch for the place name
    # that names it ("Georgia signed…" says nothing about which Georgia)
    actor_spans: tuple[tuple[str, int, int], ...] = ()

    # (codes, span starts, spans in start order, spans per code): built once per article
    index: tuple = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.index:
            ordered = sorted(self.actor_spans, key=lambda s: (s[1], s[2]))
            count: dict[str, int] = {}
            for code, _, _ in ordered:
                count[code] = count.get(code, 0) + 1
            object.__setattr__(self, "index", (frozenset(count), [s[1] for s in ordered], ordered, count))

    def actors_for(self, mention: PlaceMention) -> frozenset[str]:
        """The actors' states, less a state whose every mention is this place name ("Georgia
        signed…" says nothing about which Georgia); read through a start-ordered index, so that an
        article with thousands of names stays linear."""
        codes, starts, spans, count = self.index
        hi = bisect_left(starts, mention.end)
        covered: dict[str, int] = {}
        for code, start, end in spans[max(0, hi - _LONGEST_SCAN):hi]:
            if start < mention.end and mention.start < end:
                covered[code] = covered.get(code, 0) + 1
        if not covered:
            return self.actors | codes
        return self.actors | frozenset(c for c in codes if covered.get(c, 0) < count[c])

    def placed(self, places: frozenset[str], divisions: frozenset[tuple[str, str]]) -> Context:
        return Context(self.actors, self.named, places, divisions, self.actor_spans, self.index)


# spans overlapping a place name start at most this many actor spans before its end (actor names
# do not nest deeper than that)
_LONGEST_SCAN = 16


@dataclass(frozen=True, slots=True)
class Resolution:
    """A mention with the place it names: ``place`` is None when it stays unresolved; when only its
    country is clear, ``place`` is that country and ``narrowed`` False."""

    mention: PlaceMention
    place: Place | None
    share: float
    narrowed: bool = True
    alternatives: tuple[Place, ...] = field(default=(), compare=False)


def prior(place: Place, kind: int) -> float:
    if place.feature in COUNTRY_FEATURES:
        weight = STATE_PRIOR
    elif place.feature.startswith("PPL"):
        weight = (place.population + 1000) * (CAPITAL if place.feature == "PPLC" else 1.0)
    elif place.feature == "ADM1" and place.population:
        weight = max(place.population * DIVISION_PRIOR, AREA_PRIOR)
    else:
        weight = max(place.population, AREA_PRIOR)
    return weight * (1.0 if kind == MAIN else ALIAS)


def weight(place: Place, kind: int, context: Context, actors: frozenset[str] | None = None) -> float:
    w = prior(place, kind)
    if place.country:
        if place.country in (context.actors if actors is None else actors):
            w *= ACTOR
        if place.country in context.named:
            w *= NAMED
        if place.country in context.places:
            w *= NAMED
        if place.admin1 and (place.country, place.admin1) in context.divisions:
            w *= DIVISION
    return w


def resolve(mention: PlaceMention, context: Context, gazetteer: Gazetteer) -> Resolution:
    readings = mention.readings
    if not readings:
        return Resolution(mention, None, 0.0)
    actors = context.actors_for(mention)
    weights = [(weight(place, kind, context, actors), place) for place, kind in readings]
    total = sum(w for w, _ in weights) or 1.0
    weights.sort(key=lambda item: (-item[0], item[1].pid))
    best_w, best = weights[0]
    others = tuple(p for _, p in weights[1:4])
    if best_w / total >= CLEAR:
        return Resolution(mention, best, best_w / total, alternatives=others)
    by_country: dict[str, float] = {}
    for w, place in weights:
        by_country[place.country] = by_country.get(place.country, 0.0) + w
    country, share = max(by_country.items(), key=lambda item: item[1])
    if country and share / total >= CLEAR:
        state = gazetteer.country(country)
        if state is not None:
            return Resolution(mention, state, share / total, narrowed=False, alternatives=others)
    return Resolution(mention, None, best_w / total, alternatives=(best, *others))


def resolve_all(mentions: Sequence[PlaceMention], context: Context, gazetteer: Gazetteer) -> list[Resolution]:
    """Resolve the places of one article, each in the light of the others.

    A first pass uses the actors, the named states and the dateline; the places it resolves
    confidently then become context for every other name (never for a name spelled the same way,
    which would vouch for itself)."""
    dateline = [m for m in mentions if m.dateline]
    first = [resolve(m, context, gazetteer) for m in mentions]
    if dateline:
        head = next(r for r in first if r.mention.dateline)
        if head.place is not None and head.place.country:
            context = Context(context.actors, context.named | {head.place.country}, context.places,
                              context.divisions, context.actor_spans)
            first = [resolve(m, context, gazetteer) for m in mentions]
    sure = [(fold(r.mention.text), r.place) for r in first
            if r.place is not None and r.share >= CONFIDENT and r.place.country]
    if not sure:
        return first
    # what the sure places say, and what each name alone says: a name's context is the rest
    total_countries: Counter[str] = Counter()
    total_divisions: Counter[tuple[str, str]] = Counter()
    own_countries: dict[str, Counter[str]] = defaultdict(Counter)
    own_divisions: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for name, place in sure:
        total_countries[place.country] += 1
        own_countries[name][place.country] += 1
        if place.admin1 and place.feature not in COUNTRY_FEATURES:
            total_divisions[(place.country, place.admin1)] += 1
            own_divisions[name][(place.country, place.admin1)] += 1
    contexts: dict[str, Context | None] = {}
    out = []
    for r in first:
        key = fold(r.mention.text)
        if key not in contexts:
            own_c, own_d = own_countries.get(key, Counter()), own_divisions.get(key, Counter())
            countries = frozenset(c for c, n in total_countries.items() if n > own_c[c])
            divisions = frozenset(d for d, n in total_divisions.items() if n > own_d[d])
            contexts[key] = context.placed(countries, divisions) if countries else None
        local = contexts[key]
        out.append(r if local is None else resolve(r.mention, local, gazetteer))
    return out


@lru_cache(maxsize=4)
def adjectives() -> dict[str, str]:
    """Folded adjective or demonym → the one state it qualifies ('' for one that several share, like
    "congolais")."""
    from ..lexicons import COUNTRY_COLUMNS
    from ..lexicons._table import read_table

    seen: dict[str, set[str]] = {}
    for row in read_table("actors/countries.csv", COUNTRY_COLUMNS).rows:
        for form in (*row.multi("adjectives_fr"), *row.multi("adjectives_en")):
            seen.setdefault(fold(form), set()).add(row["code"])
    return {form: next(iter(codes)) if len(codes) == 1 else "" for form, codes in seen.items()}


# ``fold`` of the words of articles: every article folds all its words, and most are the same
# few thousand words
fold_word = lru_cache(maxsize=65_536)(fold)


def named_states(words: Iterable[str]) -> frozenset[str]:
    """The states an article qualifies by adjective or demonym ("malien", "Lebanese"). States it
    names outright are places, and vouch for the others once resolved (``resolve_all``)."""
    states = adjectives()
    return frozenset(states[key] for key in (fold_word(w) for w in words) if states.get(key))

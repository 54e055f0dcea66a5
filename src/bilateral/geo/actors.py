"""Where an actor is, for GDELT's ActorNGeo columns: the town that named it, else its state."""
from __future__ import annotations

from .gazetteer import COUNTRY_FEATURES, Gazetteer, Place
from .resolve import prior

# how the coder named an actor: a capital or seat of power ("Moscou", "Koulouba") is a place
PLACE_KINDS = frozenset({"capital", "seat", "place"})


def actor_place(gazetteer: Gazetteer, code: str, text: str, kind: str) -> Place | None:
    """The place of an actor coded ``code`` and named ``text``: the town of that name in that state
    when a place named it, else the state itself; None for an organisation or an unknown actor."""
    state = gazetteer.country(code)
    if state is None:
        return None
    if kind in PLACE_KINDS and text:
        towns = [(prior(p, k), p) for p, k in gazetteer.lookup(text)
                 if p.country == code and p.feature not in COUNTRY_FEATURES]
        if towns:
            return max(towns, key=lambda item: (item[0], -item[1].pid))[1]
    return state

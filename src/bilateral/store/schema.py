"""Opening a store file and bringing its schema up to date with versioned migrations.

Each ``migrations/NNNN_name.sql`` file is applied once, in order, inside one transaction, and
recorded in ``schema_migrations``; a file newer than this version of bilateral is refused.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

from ..errors import StoreError

DEFAULT_DB = "bilateral.duckdb"


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("bilateral.store").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            number, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(number), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


SCHEMA_VERSION = migrations()[-1][0]


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``path``, migrated to the current schema unless read-only."""
    path = str(path)
    if read_only and path != ":memory:" and not Path(path).exists():
        raise StoreError(f"no store at {path}", hint="create one with `bilateral ingest PATH… --db " + path + "`")
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.IOException as exc:
        raise StoreError(f"cannot open {path}: {exc}",
                         hint="another process may be writing to it; wait for it to finish") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path} is not a bilateral store (DuckDB says: {exc})") from exc
    if read_only:
        _check_version(con, path)
    else:
        migrate(con, path)
    return con


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def _check_version(con: duckdb.DuckDBPyConnection, path: str) -> None:
    version = current_version(con)
    if version == 0:
        raise StoreError(f"{path} is not a bilateral store (no schema_migrations table)")
    if version != SCHEMA_VERSION:
        raise StoreError(f"{path} has schema version {version}, this bilateral reads {SCHEMA_VERSION}",
                         hint="open it once for writing (e.g. `bilateral ingest --db " + path + "`) to migrate it"
                         if version < SCHEMA_VERSION else "upgrade bilateral")


def migrate(con: duckdb.DuckDBPyConnection, path: str = "") -> int:
    """Apply the migrations this store lacks; returns the schema version reached."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
    version = current_version(con)
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path or 'the store'} has schema version {version}, newer than this bilateral "
                         f"({SCHEMA_VERSION})", hint="upgrade bilateral")
    for number, name, sql in migrations():
        if number <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [number, name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {number:04d}_{name} failed on {path or 'the store'}: {exc}") from exc
        version = number
    return version

"""Opening a store file and bringing its schema up to date with versioned migrations.

Each ``migrations/NNNN_name.sql`` file is applied once, in order, inside one transaction, and
recorded in ``schema_migrations``; a file newer than this version of bilateral is refused.
"""
from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from ..errors import NoStoreError, StoreError, os_cause

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


# Opening a store never installs or loads a DuckDB extension: a path that would need one (a SQLite
# file, an http:// or s3:// address, MotherDuck) is refused instead of reaching the network.
CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_BYTES = 3 * 4096  # DuckDB's file header and its two database headers, before the first block
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_SERVICES = ("md:", "motherduck:")
_LOCK = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
_LOCK_PID = re.compile(r"\(PID (\d+)\)")
_DAMAGE = ("corrupt", "could not read enough bytes", "checksum", "not a valid duckdb database")


def connect(path: str | Path, *, read_only: bool = False, init: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``path``, migrated to the current schema unless read-only.

    A DuckDB file that holds tables but is not a bilateral store is refused for writing unless
    ``init`` is true (then bilateral's tables are added beside its own). Every problem, from a
    locked or damaged file to a full disk, is a ``StoreError`` naming the file and the cause.
    """
    path = str(path)
    _check_path(path, read_only=read_only)
    try:
        con = duckdb.connect(path, read_only=read_only, config=CONFIG)
    except duckdb.Error as exc:
        raise _open_error(path, exc) from exc
    try:
        _check_size(con, path)
        if read_only:
            _check_version(con, path)
        else:
            if not init:
                _check_foreign(con, path)
            migrate(con, path)
    except BaseException as exc:
        con.close()
        if isinstance(exc, (duckdb.Error, OSError)):
            raise fault(path, exc) from exc
        raise
    return con


def _check_path(path: str, *, read_only: bool) -> None:
    """Refuse, before DuckDB sees it, a path that is not a local store file."""
    if path == ":memory:" or path.startswith(":memory:"):
        return
    if _REMOTE.match(path) or path.lower().startswith(_SERVICES):
        raise StoreError(f"{path} is not a file on this machine",
                         hint="bilateral keeps its store in a local DuckDB file: give a path such as bilateral.duckdb")
    file = Path(path)
    if file.is_dir():
        raise StoreError(f"{path} is a folder", hint=f"give a file name, such as {file / DEFAULT_DB}")
    if not file.exists():
        if read_only:
            raise NoStoreError(f"no store at {path}",
                             hint="create one with `bilateral ingest PATH… --db " + path + "`")
        return
    try:
        with open(file, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {os_cause(exc)}", hint=_os_hint(exc)) from exc
    if head == SQLITE_MAGIC:
        raise StoreError(f"{path} is a SQLite database, not a bilateral store",
                         hint="give the path of a DuckDB store, or a new file name to create one")


def _check_size(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """A file shorter than the blocks in use that its header counts was cut short (a copy interrupted,
    a full disk). Free blocks are not counted: DuckDB truncates those at the end of the file."""
    if path.startswith(":memory:") or not Path(path).is_file():
        return
    block_size, blocks, free = con.execute(
        "SELECT block_size, total_blocks, free_blocks FROM pragma_database_size()").fetchall()[0]
    expected, size = HEADER_BYTES + block_size * (blocks - free), Path(path).stat().st_size
    if blocks and size < expected:
        raise StoreError(f"{path} is truncated: {size:,} bytes of the {expected:,} it should hold",
                         hint="the file is damaged: restore it from a copy, or rebuild it with `bilateral ingest`")


def _check_foreign(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """Someone else's DuckDB file (tables, no ``schema_migrations``) is not migrated without being asked."""
    tables = [name for (name,) in con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_catalog = current_database() ORDER BY 1").fetchall()]
    if not tables or any(name.endswith(".schema_migrations") for name in tables):
        return
    shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
    raise StoreError(f"{path} is a DuckDB database but not a bilateral store (it holds {shown})",
                     hint="give another file name, or add --init (init=True) to make this file a bilateral "
                          "store: bilateral's tables are added beside its own")


def _open_error(path: str, exc: duckdb.Error) -> StoreError:
    text = str(exc)
    if _LOCK.search(text):
        return StoreError(f"{path} is in use by another process", hint=lock_hint(text))
    if "not a valid duckdb database" in text.lower():
        return StoreError(f"{path} is not a DuckDB database (nor a bilateral store)",
                          hint="give the path of a store made by `bilateral ingest`, or a new file name")
    return fault(path, exc)


def lock_hint(message: str) -> str:
    """What to do about DuckDB's conflicting-lock ``message``: which process holds the file, and how
    to free it (a server holds it until stopped; an ingest, until it finishes)."""
    found = _LOCK_PID.search(message)
    if not found:
        return "another process holds it: wait for it to finish, or stop it"
    pid = int(found.group(1))
    try:
        import psutil

        command = psutil.Process(pid).cmdline()
    except Exception:  # gone since, not ours to inspect, or psutil missing: say what DuckDB said
        return f"process {pid} holds it: wait for it to finish, or stop it"
    shown = _shorten(" ".join(_readable(command)) or f"process {pid}")
    words = {Path(part).name for part in command}
    if "serve" in words:
        return (f"`{shown}` (PID {pid}) is a dashboard server, which holds the store until it stops: "
                f"stop it (Ctrl-C in its terminal, or `kill {pid}`), then run this again")
    if "ingest" in words:
        return f"`{shown}` (PID {pid}) is filling the store: wait for it to finish, then run this again"
    return f"`{shown}` (PID {pid}) has it open: close it or wait for it to finish, then run this again"


def _readable(command: list[str]) -> list[str]:
    """``/venv/bin/python3 /venv/bin/bilateral serve …`` → ``bilateral serve …``."""
    parts = list(command)
    if parts and Path(parts[0]).name.startswith("python") and len(parts) > 1:
        parts = parts[1:]
    if parts and "/" in parts[0]:
        parts[0] = Path(parts[0]).name
    return parts


def _shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def fault(path: str, exc: BaseException) -> StoreError:
    """A ``StoreError`` for a DuckDB or operating-system error met while using the store at ``path``."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError):
        return StoreError(f"cannot use {path}: {os_cause(exc)}", hint=_os_hint(exc))
    text = " ".join(str(exc).split())
    lowered = text.lower()
    if "no space left on device" in lowered:
        return StoreError(f"cannot write {path}: no space left on device (DuckDB says: {_shorten(text, 200)})",
                          hint="free space on that disk, or give --db a file on another disk, then run again")
    if any(word in lowered for word in _DAMAGE):
        return StoreError(f"{path} is damaged (DuckDB says: {_shorten(text, 200)})",
                          hint="restore it from a copy, or rebuild it with `bilateral ingest`")
    if "permission denied" in lowered or "read-only file system" in lowered:
        return StoreError(f"cannot use {path} (DuckDB says: {_shorten(text, 200)})",
                          hint="check the file's and its folder's permissions")
    return StoreError(f"{path} could not answer (DuckDB says: {_shorten(text, 200)})")


def _os_hint(exc: OSError) -> str | None:
    return {
        errno.ENOSPC: "free space on that disk, or use a file on another disk",
        errno.EACCES: "check the file's and its folder's permissions",
        errno.EPERM: "check the file's and its folder's permissions",
        errno.EROFS: "that disk is mounted read-only: use a file on another disk",
    }.get(exc.errno or 0)


@contextmanager
def faults(path: str) -> Iterator[None]:
    """Turn a DuckDB or operating-system error inside the block into a ``StoreError`` on ``path``.

    An interrupted query (a time limit) is left as it is: it is not a fault of the store.
    """
    try:
        yield
    except duckdb.InterruptException:
        raise
    except (duckdb.Error, OSError) as exc:
        raise fault(path, exc) from exc


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
    if version == SCHEMA_VERSION and (missing := _missing(con)):
        raise StoreError(f"{path} lacks migration{'s' * (len(missing) > 1)} "
                         f"{', '.join(f'{number:04d}' for number in missing)} of this bilateral",
                         hint="open it once for writing (e.g. `bilateral ingest --db " + path + "`) to migrate it")
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
    applied = _applied(con)
    for number, name, sql in migrations():
        # By number, not by the highest applied: a migration shipped later with a lower number
        # than one already applied (made in parallel) is applied all the same.
        if number in applied:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            _fill(con, number)
            con.execute("INSERT INTO schema_migrations VALUES (?, ?, current_timestamp)", [number, name])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the transaction is gone with the failure (a full disk): the error below says why
            if "no space left on device" in str(exc).lower():
                raise fault(path or "the store", exc) from exc
            raise StoreError(f"migration {number:04d}_{name} failed on {path or 'the store'}: {exc}") from exc
        version = max(version, number)
    return version


def _fill(con: duckdb.DuckDBPyConnection, number: int) -> None:
    """The step of a migration that is computed rather than written in SQL: 0005 fills the tallies from
    the stored events with the code that keeps them afterwards (``tallies.rebuild``)."""
    if number == 5:
        from .tallies import rebuild

        rebuild(con)


def _applied(con: duckdb.DuckDBPyConnection) -> set[int]:
    return {number for (number,) in con.execute("SELECT version FROM schema_migrations").fetchall()}


def _missing(con: duckdb.DuckDBPyConnection) -> list[int]:
    """Shipped migrations a store at the current version has not applied."""
    applied = _applied(con)
    return [number for number, _, _ in migrations() if number not in applied]

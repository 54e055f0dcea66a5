"""Reading lexicon files: CSV with a ``# key: value`` provenance header."""
from __future__ import annotations

import csv
import io
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import LexiconError

REQUIRED_META = ("lexicon", "version", "description", "provenance")


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values[key]

    def multi(self, key: str) -> tuple[str, ...]:
        """A ``|``-separated cell as a tuple, blanks dropped."""
        return tuple(v.strip() for v in self.values.get(key, "").split("|") if v.strip())


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    path: str
    meta: dict[str, str]
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    digest: str = ""
    relpath: str = ""  # relative to the data folder, as shown to users

    @property
    def version(self) -> str:
        return self.meta["version"]

    def error(self, row: Row | None, message: str) -> LexiconError:
        where = f"{self.path}:{row.line}" if row else self.path
        return LexiconError(message, where=where, hint="fix the row; see data/README.md for the schema")


def data_dir() -> Path:
    return Path(str(resources.files("bilateral") / "data"))


def read_family(relpath: str, columns: tuple[str, ...]) -> tuple[Table, ...]:
    """A lexicon file and the files that extend it: ``fr/triggers.csv`` then every
    ``fr/triggers/*.csv`` in name order (one file per region, CAMEO root or theme, each with its
    own provenance header). The main file must exist; the folder is optional."""
    main = read_table(relpath, columns)
    folder = data_dir() / relpath[: -len(".csv")]
    extra = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    return (main, *(read_table(str(path.relative_to(data_dir())), columns) for path in extra))


def read_table(relpath: str, columns: tuple[str, ...]) -> Table:
    """Read one lexicon file from the package's data folder and check its header and columns."""
    path = data_dir() / relpath
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError("lexicon file is missing", where=str(path)) from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"not valid UTF-8 ({exc.reason} at byte {exc.start})", where=str(path)) from None
    meta: dict[str, str] = {}
    body: list[tuple[int, str]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.startswith("#"):
            if not body and ":" in line:
                key, _, value = line[1:].partition(":")
                meta[key.strip()] = value.strip()
            continue
        if line.strip():
            body.append((number, line))
    missing = [key for key in REQUIRED_META if key not in meta]
    if missing:
        raise LexiconError(f"provenance header lacks {', '.join(missing)}", where=str(path))
    if not body:
        raise LexiconError("no header row", where=str(path))
    reader = csv.reader(io.StringIO("\n".join(line for _, line in body)))
    records = list(reader)
    header = tuple(cell.strip() for cell in records[0])
    if header != columns:
        raise LexiconError(f"columns are {list(header)}, expected {list(columns)}", where=f"{path}:{body[0][0]}")
    rows = []
    for (number, _), record in zip(body[1:], records[1:]):
        if len(record) != len(columns):
            raise LexiconError(
                f"row has {len(record)} cells, expected {len(columns)}", where=f"{path}:{number}"
            )
        rows.append(Row(number, {c: v.strip() for c, v in zip(columns, record)}))
    digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()
    return Table(meta["lexicon"], str(path), meta, columns, tuple(rows), digest, relpath)

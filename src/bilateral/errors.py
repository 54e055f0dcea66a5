"""Errors raised by bilateral.

Every user-facing error has a stable code (``E###``), says what was wrong, where, and what to
do about it.  ``BilateralError`` is the root so callers can catch everything from one place.
"""
from __future__ import annotations

import errno

__all__ = [
    "BilateralError",
    "InputError",
    "LexiconError",
    "ModelError",
    "GoldFileError",
    "StoreError",
    "NoStoreError",
    "QueryError",
    "IngestError",
    "ExportError",
    "ExportWriteError",
    "os_cause",
]


class BilateralError(Exception):
    """Root of every error bilateral raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [f"[{self.code}]"]
        if self.where:
            parts.append(f"{self.where}:")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(BilateralError):
    """A document or input file that cannot be read or coded."""

    code = "E100"


class LexiconError(BilateralError):
    """A lexicon file that breaks its schema."""

    code = "E200"


class ModelError(BilateralError):
    """A spaCy model that is missing or cannot be loaded."""

    code = "E300"


class GoldFileError(BilateralError):
    """A gold or prediction file that does not follow the evaluation format."""

    code = "E400"


class StoreError(BilateralError):
    """A database file that cannot be opened, migrated or queried as asked."""

    code = "E500"


class NoStoreError(StoreError):
    """A store file that does not exist: the ``--db`` path is wrong, a usage error."""

    code = "E501"


class QueryError(BilateralError):
    """A query parameter that makes no sense (unknown country code, bad date, bad type)."""

    code = "E600"


class IngestError(BilateralError):
    """An ingest run that cannot go on (no Dask scheduler at that address)."""

    code = "E700"


class ExportError(BilateralError):
    """An export that cannot be written as asked (unknown format, Parquet to stdout, missing folder)."""

    code = "E800"


class ExportWriteError(ExportError):
    """An export file the system would not let us write (disk full, read-only folder)."""

    code = "E810"


def os_cause(exc: OSError) -> str:
    """What the operating system said, in words and by its errno name: ``no space left on device (ENOSPC)``."""
    name = errno.errorcode.get(exc.errno or 0)
    words = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    words = words[:1].lower() + words[1:]
    return f"{words} ({name})" if name else words

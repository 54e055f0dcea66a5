"""Where an export goes: a file, written atomically (a temporary file, then a rename), or stdout."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import ExportError

Output = str | os.PathLike | None


def is_stdout(out: Output) -> bool:
    return out is None or str(out) == "-"


@contextmanager
def atomic_path(out: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` when the block succeeds, removed if it fails.

    Readers never see a half-written file, and a failed export leaves an older file as it was.
    """
    target = Path(out)
    if target.is_dir():
        raise ExportError(f"{target} is a folder", hint=f"give a file name, such as {target / 'events.parquet'}")
    if not target.parent.is_dir():
        raise ExportError(f"the folder {target.parent} does not exist", where=str(target), hint="create it first")
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def text_output(out: Output) -> Iterator[IO[str]]:
    """A UTF-8 text handle on ``out`` (a path), or on stdout when ``out`` is ``None`` or ``'-'``."""
    if is_stdout(out):
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(out) as temporary, open(temporary, "w", encoding="utf-8", newline="") as handle:
        yield handle

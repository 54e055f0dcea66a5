"""Where an export goes: a file, written atomically (a temporary file, then a rename), or stdout.

The temporary file sits beside the target as ``.{name}.{pid}.tmp``. It is removed when the export
fails, is interrupted (Ctrl-C) or is terminated (SIGTERM); one left by a process killed outright
(SIGKILL, a power cut) is removed by the next export to the same target once its process is gone.
"""
from __future__ import annotations

import errno
import os
import re
import signal
import stat
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import ExportError, ExportWriteError, os_cause

Output = str | os.PathLike | None
_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")


def is_stdout(out: Output) -> bool:
    return out is None or str(out) == "-"


def temporary_name(target: Path, pid: int | None = None) -> Path:
    return target.with_name(f".{target.name}.{os.getpid() if pid is None else pid}.tmp")


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Remove the temporaries of ``target`` whose process no longer runs; returns what was removed."""
    import psutil

    removed = []
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return removed
    for path in siblings:
        found = _TEMPORARY.match(path.name)
        if not found or found["name"] != target.name:
            continue
        pid = int(found["pid"])
        if pid == os.getpid() or psutil.pid_exists(pid):
            continue  # still being written (perhaps by another thread of this process)
        try:
            path.unlink()
        except OSError:
            continue  # not ours to remove (a read-only folder): the export itself will say so
        removed.append(path)
    return removed


def is_special(target: Path) -> bool:
    """A device or a pipe (``/dev/stdout``, a FIFO): written in place, never replaced by a rename."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def atomic_path(out: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed to ``out`` when the block succeeds, removed if it fails.

    Readers never see a half-written file, and a failed export leaves an older file as it was. A
    device or a pipe is written directly (renaming onto ``/dev/full`` would replace the device).
    """
    target = Path(out)
    if target.is_dir():
        raise ExportError(f"{target} is a folder", hint=f"give a file name, such as {target / 'events.parquet'}")
    if not target.parent.is_dir():
        raise ExportError(f"the folder {target.parent} does not exist", where=str(target), hint="create it first")
    if is_special(target):
        yield target
        return
    remove_stale_temporaries(target)
    temporary = temporary_name(target)
    try:
        with _terminate_as_exit():
            yield temporary
            os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Within the block, SIGTERM raises ``SystemExit(143)`` so that ``finally`` clauses run.

    Only where the default handler (which ends the process without cleaning up) is in place, and
    only in the main thread (the only one that may set handlers).
    """
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def terminate(signum, _frame) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextmanager
def text_output(out: Output) -> Iterator[IO[str]]:
    """A UTF-8 text handle on ``out`` (a path), or on stdout when ``out`` is ``None`` or ``'-'``."""
    if is_stdout(out):
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(out) as temporary, open(temporary, "w", encoding="utf-8", newline="") as handle:
        yield handle


def write_error(out: Output, exc: OSError) -> ExportWriteError:
    """An ``ExportWriteError`` for ``exc`` met while writing ``out``, naming the cause."""
    where = "stdout" if is_stdout(out) else str(out)
    return ExportWriteError(f"cannot write {where}: {os_cause(exc)}", hint=_WRITE_HINTS.get(exc.errno or 0))


_FOLDER_HINT = "write it to a folder you may write to, or change the folder's permissions"
_WRITE_HINTS = {errno.ENOSPC: "free space on that disk, or write the export to another disk",
                errno.EACCES: _FOLDER_HINT, errno.EPERM: _FOLDER_HINT,
                errno.EROFS: "that disk is mounted read-only: write the export elsewhere"}

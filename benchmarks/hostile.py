"""Time and peak memory of `bilateral code` on hostile input: bombs, endless files, huge stdin.

    python benchmarks/hostile.py [--bomb-gb 4] [--stdin-mb 200] [--cases bomb,zero,stdin,divs,long]

Each case runs `bilateral code` in its own process; its peak resident memory is read from the
kernel when it ends (``wait4``), so nothing of this script is counted. The targets: each of the
bomb, ``/dev/zero`` and stdin cases under 1 GB and 30 s. A case still running after
``--timeout`` seconds, or past ``--memory-mb`` resident, is killed and shown as such. Also shown:
a document of 990,000 characters of prose (coded in spaCy-sized pieces) and 100,000 nested
``<div>``.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EXAMPLES = ROOT / "examples" / "articles.jsonl"


def measure(args: list[str], *, stdin_bytes: int = 0, timeout: float,
            memory_mb: float) -> tuple[float, float, int | None]:
    """(seconds, peak MB, exit code or None if killed) of one `bilateral` run."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "bilateral"), *args], stdin=subprocess.PIPE if stdin_bytes else None,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin_bytes:
        threading.Thread(target=_feed, args=(proc, stdin_bytes), daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=_watch, args=(proc, timeout, memory_mb, stop), daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return seconds, usage.ru_maxrss / 1024, None if killed else proc.returncode


def _watch(proc: subprocess.Popen, timeout: float, memory_mb: float, stop: threading.Event) -> None:
    """Kill the run past ``timeout`` seconds or ``memory_mb`` resident, before it takes the machine down."""
    import psutil

    deadline = time.monotonic() + timeout
    try:
        process = psutil.Process(proc.pid)
        while not stop.wait(0.05):
            if time.monotonic() > deadline or process.memory_info().rss > memory_mb * 2**20:
                proc.send_signal(signal.SIGKILL)
                return
    except psutil.NoSuchProcess:
        return


def _feed(proc: subprocess.Popen, size: int) -> None:
    line = ("Le ministre a reçu son homologue pour parler de la météo et du commerce. " * 13 + "\n").encode()
    sent = 0
    try:
        while sent < size:
            proc.stdin.write(line * 1000)
            sent += len(line) * 1000
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader stopped at its limit: what is being measured


def warc_bomb(path: Path, inflated: int) -> None:
    """A gzip member that inflates to one WARC header line of ``inflated`` bytes."""
    block = b"a" * 2**22
    with gzip.open(path, "wb", compresslevel=6) as out:
        out.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Filler: ")
        for _ in range(inflated // len(block)):
            out.write(block)


def prose(path: Path, chars: int) -> None:
    texts = [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    parts, size = [], 0
    while size < chars:
        for text in texts:
            parts.append(text)
            size += len(text) + 2
    path.write_text("\n\n".join(parts)[:chars], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-gb", type=float, default=4.0)
    parser.add_argument("--stdin-mb", type=int, default=200)
    parser.add_argument("--cases", default="bomb,zero,stdin,divs,long")
    parser.add_argument("--timeout", type=float, default=120, help="Kill a case after this many seconds.")
    parser.add_argument("--memory-mb", type=float, default=3000, help="Kill a case past this resident memory.")
    args = parser.parse_args()
    cases = args.cases.split(",")
    limits = {"timeout": args.timeout, "memory_mb": args.memory_mb}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "bomb" in cases:
            bomb = folder / "bomb.warc.gz"
            warc_bomb(bomb, int(args.bomb_gb * 2**30))
            label = f"{bomb.stat().st_size / 2**20:.1f} MB .warc.gz inflating to {args.bomb_gb:g} GB"
            rows.append((label, *measure(["code", str(bomb)], **limits)))
        if "zero" in cases:
            rows.append(("/dev/zero", *measure(["code", "/dev/zero"], **limits)))
        if "stdin" in cases:
            rows.append((f"{args.stdin_mb} MB of text on stdin",
                         *measure(["code", "-", "--lang", "fr"], stdin_bytes=args.stdin_mb * 2**20,
                                  **limits)))
        if "divs" in cases:
            page = folder / "divs.html"
            page.write_text("<html><body>" + "<div>" * 100_000 + "<p>La Russie a livré des blindés au Mali.</p>"
                            + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
            rows.append(("100,000 nested <div>", *measure(["code", str(page), "--lang", "fr"], **limits)))
        if "long" in cases:
            long = folder / "long.txt"
            prose(long, 990_000)
            rows.append(("990,000 characters of French prose",
                         *measure(["code", str(long), "--lang", "fr"], **limits)))
    print(f"{'case':<44} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
    for label, seconds, peak, code in rows:
        print(f"{label:<44} {seconds:>8.1f} {peak:>8.0f} {'killed' if code is None else code:>5}")


if __name__ == "__main__":
    main()

"""The hostile-input corpus: good documents mixed with poison pills, bombs and odd files.

The small files live in ``tests/data/hostile/``; what is large, or cannot be kept in git (file
names that are not UTF-8, symlinks, a compression bomb, a document over spaCy's limit), is
written by ``build`` at test time. ``GOOD`` says which event each good document must give, by
its dyad (every good document has its own), so that a run can be checked whatever ids the
readers choose; ``BAD`` names the items that must be reported as errors, once each.
"""
from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "data" / "hostile"

# (event, actor, recipient) each good document must give, whatever it was read from.
GOOD = {
    ("AID", "RUS", "MLI"): "russie-mali.txt: plain UTF-8 text",
    ("AGREE", "KEN", "ETH"): "records.jsonl:1, a good line before the bad ones",
    ("ACCUSE", "CHN", "PHL"): "records.jsonl:2, a lone surrogate (half an emoji) in the text",
    ("AID", "JPN", "NPL"): "records.jsonl:4, NUL and BEL characters in the text",
    ("AID", "TUR", "TCD"): "tchad-turquie.txt: UTF-16 with a byte-order mark",
    ("AGREE", "SEN", "TUR"): "senegal-turquie.json: Windows-1252, not UTF-8",
    ("COERCE", "NER", "FRA"): "a file name that is not valid UTF-8",
    ("AGREE", "CIV", "GHA"): "table.csv: a Windows-1252 row after the first 64 KB",
    ("SANCTION", "BFA", "UKR"): "table.csv: the row after it",
    ("AGREE", "DZA", "TUN"): "long-report.txt: the first paragraph of a document over 1,000,000 characters",
    ("AID", "MAR", "LBY"): "long-report.txt: its last paragraph",
}

# Items that must be reported as errors, once each: (a part of the name as printed, why).
BAD = [
    ("records.jsonl:3", "a JSONL line nested 1,200 levels deep"),
    ("nested.json", "a JSON object nested 1,500 levels deep"),
    ("binary.jsonl", "binary data named .jsonl"),
    ("bomb.warc.gz", "a compressed archive that inflates to one endless line"),
    ("vide\\n\\x1b[2J.txt", "an empty file whose name holds a newline and a terminal escape"),
]

# Items reported as warnings, never as errors.
WARNED = [
    ("senegal-turquie.json", "read as Windows-1252"),
    ("table.csv", "a row read as Windows-1252"),
    ("link-outside.txt", "a symlink leaving the folder, not followed"),
]

OUTSIDE = ("AID", "EGY", "ISR")  # the symlink's target: must never be read


@dataclass(frozen=True)
class Corpus:
    folder: Path
    outside: Path  # a file outside the folder, reachable by a symlink from inside it


def build(root: Path, *, long_chars: int = 1_050_000, bomb_bytes: int = 256 * 2**20) -> Corpus:
    """Write the corpus under ``root/corpus`` (and a file outside it) and return where."""
    folder = root / "corpus"
    folder.mkdir(parents=True)
    for fixture in FIXTURES.iterdir():
        shutil.copy(fixture, folder / fixture.name)
    (folder / os.fsdecode(b"rapport-\xff.txt")).write_text("Le Niger a expulsé l'ambassadeur de France.\n",
                                                           encoding="utf-8")
    (folder / "vide\n\x1b[2J.txt").write_bytes(b"")
    _table(folder / "table.csv")
    (folder / "long-report.txt").write_text(long_report(long_chars), encoding="utf-8")
    _bomb(folder / "bomb.warc.gz", bomb_bytes)
    outside = root / "secret.txt"
    outside.write_text("L'Égypte a envoyé de l'aide humanitaire à Israël.\n", encoding="utf-8")
    (folder / "link-outside.txt").symlink_to(outside)
    return Corpus(folder, outside)


def _table(path: Path) -> None:
    """A CSV whose first 64 KB are UTF-8 and whose later rows are not all."""
    rows = ["id,lang,date,text"]
    filler = " ".join(f"Relevé {n} : temps sec, vents faibles, aucune pluie attendue." for n in range(40))
    rows += [f"meteo-{n},fr,2025-10-14,\"Bulletin {n}. {filler}\"" for n in range(30)]
    head = ("\n".join(rows) + "\n").encode("utf-8")
    assert len(head) > 65536
    tail = ("civ-gha,fr,2025-10-14,La Côte d'Ivoire a signé un accord avec le Ghana.\n".encode("cp1252")
            + "bfa-ukr,fr,2025-10-14,Le Burkina Faso a rompu ses relations diplomatiques avec l'Ukraine.\n"
            .encode("utf-8"))
    path.write_bytes(head + tail)


def long_report(chars: int) -> str:
    """A report longer than ``chars``: an event, an annex of figures, another event."""
    first = "L'Algérie a signé un accord de coopération avec la Tunisie le 14 octobre 2025.\n\n"
    last = "\n\nLe Maroc a envoyé de l'aide humanitaire à la Libye."
    rows, size, n = [], len(first) + len(last), 0
    while size < chars:
        row = f"Annexe, tableau {n // 40}, ligne {n % 40} : quantités 48213,75 ; 99120,50 ; 31877,25 ; 70034,00.\n"
        rows.append(row)
        size += len(row)
        n += 1
    return first + "".join(rows) + last


def _bomb(path: Path, inflated: int) -> None:
    """The benchmark's compression bomb (``benchmarks/hostile.py``), made the same way."""
    sys.path.insert(0, str(FIXTURES.parents[2] / "benchmarks"))
    try:
        from hostile import warc_bomb
    finally:
        sys.path.pop(0)
    warc_bomb(path, inflated)

"""The PLOVER and CAMEO tables (types, modes, contexts, CAMEO roots), loaded from data files."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ._table import read_table

SECTORS = frozenset(
    "GOV MIL COP JUD LEG REB SPY BUS MED JRN CVL NGO IGO PTY OPP EDU REL LAB AGR REF ELI UAF PRM CRM UNK PRE SOC".split()
)
ORG_CODES = frozenset("UNO EUR AFU ECW AES NAT IGO MNC NGO".split())


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    quad: int
    score: float
    cameo_root: str
    requires_recipient: bool
    modes: frozenset[str]


@dataclass(frozen=True, slots=True)
class CameoRoot:
    root: str
    name: str
    goldstein: float
    quad: int
    plover: frozenset[str]


@dataclass(frozen=True, slots=True)
class Ontology:
    types: dict[str, EventType]
    roots: dict[str, CameoRoot]
    contexts: frozenset[str]
    modality: frozenset[str]
    versions: tuple[tuple[str, str], ...]
    digests: tuple[str, ...] = ()
    # three-digit code → the PLOVER types it maps to, where the codes table says (PLOVER files a
    # few codes under another type than their root: 057 signing is AGREE, 055 apologising and
    # 085 easing economic sanctions are CONCEDE)
    code_types: dict[str, frozenset[str]] = field(default_factory=dict)
    # every three-digit CAMEO code with its name and PLOVER type(s) as written ("" for roots 01, 02)
    codes: tuple[tuple[str, str, str], ...] = ()

    def check_cameo(self, code: str, event_type: str) -> str | None:
        """Return a reason when ``code`` is not a CAMEO code that maps to ``event_type``."""
        if not code.isdigit() or len(code) not in (2, 3, 4):
            return f"CAMEO code {code!r} must be 2 to 4 digits"
        root = self.roots.get(code[:2])
        if root is None:
            return f"CAMEO root {code[:2]!r} does not exist"
        mapped = self.code_types.get(code[:3])
        if mapped:
            return None if event_type in mapped else f"CAMEO {code[:3]} is {'|'.join(sorted(mapped))}, not {event_type}"
        if code[:2] == "08" and len(code) >= 3:
            expected = "CONCEDE" if code[2] in "0123" else "RETREAT"
            return None if expected == event_type else f"CAMEO {code} is {expected}, not {event_type}"
        if event_type not in root.plover:
            return f"CAMEO root {code[:2]} maps to {'|'.join(sorted(root.plover)) or 'no PLOVER type'}, not {event_type}"
        return None

    def goldstein(self, code: str) -> float:
        return self.roots[code[:2]].goldstein

    def quad(self, code: str) -> int:
        return self.roots[code[:2]].quad


@lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    types_table = read_table(
        "plover_types.csv", ("type", "quad", "score", "cameo_root", "requires_recipient", "modes")
    )
    types = {}
    for row in types_table.rows:
        types[row["type"]] = EventType(
            row["type"], int(row["quad"]), float(row["score"]), row["cameo_root"],
            row["requires_recipient"] == "yes", frozenset(row.multi("modes")),
        )
    if len(types) != 16:
        raise types_table.error(None, f"expected the 16 PLOVER types, found {len(types)}")
    roots_table = read_table("cameo_roots.csv", ("root", "name", "goldstein", "quad", "plover"))
    roots = {
        row["root"]: CameoRoot(row["root"], row["name"], float(row["goldstein"]), int(row["quad"]),
                               frozenset(row.multi("plover")))
        for row in roots_table.rows
    }
    contexts_table = read_table("plover_contexts.csv", ("context", "kind"))
    general = frozenset(r["context"] for r in contexts_table.rows if r["kind"] == "general")
    modality = frozenset(r["context"] for r in contexts_table.rows if r["kind"] == "modality")
    codes_table = read_table("cameo_codes.csv", ("code", "name", "plover"))
    code_types: dict[str, frozenset[str]] = {}
    codes = tuple((row["code"], row["name"], row["plover"]) for row in codes_table.rows)
    for row in codes_table.rows:
        code = row["code"]
        if len(code) != 3 or not code.isdigit() or code[:2] not in roots:
            raise codes_table.error(row, f"code {code!r} must be three digits under a CAMEO root")
        mapped = frozenset(row.multi("plover"))
        unknown = mapped - set(types)
        if unknown:
            raise codes_table.error(row, f"{' '.join(sorted(unknown))} is not a PLOVER type")
        if not mapped and roots[code[:2]].plover:
            raise codes_table.error(row, f"root {code[:2]} maps to a PLOVER type; plover must not be empty")
        if mapped:
            code_types[code] = mapped
    tables = (types_table, roots_table, contexts_table, codes_table)
    versions = tuple((t.name, t.version) for t in tables)
    digests = tuple(t.digest for t in tables)
    return Ontology(types, roots, general, modality, versions, digests, code_types, codes)

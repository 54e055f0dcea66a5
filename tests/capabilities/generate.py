"""The capability matrix: tests/capabilities/templates.yaml expanded into cases.

One case per language × PLOVER type × construction × actor kind, with the id
``<lang>-<TYPE>-<construction>-<kind>`` (``fr-AID-passive_agent-capital``). Expansion is
deterministic: the actors, filler and phrases of a case are drawn with a generator seeded by a hash of
(type, construction, kind), so the French and English cases of a cell use the same countries and a
case's sentence does not move when other templates are added.

    python tests/capabilities/generate.py            # prints every case: id, sentence, expected events
    python tests/capabilities/generate.py --summary  # counts per language, construction and type

The file of known gaps (``known_gaps.yaml`` beside this one) is read and written here too; it is
rewritten from a run by ``python benchmarks/capabilities.py --refresh-gaps``.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates.yaml"
KNOWN_GAPS = HERE / "known_gaps.yaml"
ROLES = ("A", "A2", "B", "B1", "B2", "P", "S", "C", "M")
VOWELS = tuple("aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÉÈÊÎÔÛ")
SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z_]+))?\}")
AND = {"fr": "et", "en": "and"}


class Missing(LookupError):
    """A template needs a form the filler or an actor does not have: try the next filler."""


@dataclass(frozen=True)
class CapabilityCase:
    id: str
    lang: str
    type: str
    construction: str
    kind: str
    text: str
    date: date
    events: tuple[str, ...]  # "SOURCE TARGET TYPE [flag=…]", as in tests/data/*_sentences.yaml
    filler: str
    actors: tuple[tuple[str, str], ...]  # (slot, code) of every actor the sentence names


@dataclass(frozen=True)
class NotApplicable:
    lang: str
    type: str
    construction: str
    reason: str
    kinds: tuple[str, ...]  # the actor kinds left out (all of them for most cells)


@dataclass(frozen=True)
class Matrix:
    version: str
    languages: tuple[str, ...]
    types: tuple[str, ...]
    constructions: tuple[str, ...]
    titles: dict[str, str]
    kinds: tuple[str, ...]
    cases: tuple[CapabilityCase, ...]
    not_applicable: tuple[NotApplicable, ...]


# ---------------------------------------------------------------- actors

def _view(entry: dict, lang: str, kind: str, phrases: dict) -> dict:
    """Every form of an actor in one language, the derived ones included (``que``, ``rel``,
    ``poss`` defaults, ``appos``); ``code`` and ``mil`` come from the entry."""
    forms = dict(entry.get(lang) or {})
    forms["code"] = entry["code"]
    forms["mil"] = bool(entry.get("mil"))
    if "nom" in forms:
        if lang == "fr":
            forms.setdefault("que", "que " + forms["nom"])
        else:
            forms.setdefault("rel", "which")
            forms.setdefault("poss", "its")
        if kind == "person":
            forms["appos"] = f"{forms['title']}, {forms['nom']},"
        elif kind in (phrases.get("appositive", {}).get(lang) or {}):
            forms["appos"] = f"{forms['nom']}, {phrases['appositive'][lang][kind]},"
    return forms


def _coordinated(first: dict, second: dict, lang: str) -> dict:
    """ "B and B2" in every form both have: "au Mali et au Niger", "Mali's and Niger's"."""
    joined = {}
    for key, value in first.items():
        if key in ("code", "mil") or key not in second or not isinstance(value, str):
            continue
        joined[key] = f"{value} {AND[lang]} {second[key]}"
    if lang == "fr":
        joined["g"] = "mp" if "m" in (first.get("g", "") + second.get("g", "")) else "fp"
    joined["code"] = f"{first['code']}+{second['code']}"
    return joined


def _in_domain(entry: dict, domain: str) -> bool:
    return domain == "any" or "domain" not in entry or domain in entry["domain"]


# ---------------------------------------------------------------- rendering

def _render(template: str, resolve) -> str:
    text = template
    for _ in range(6):
        new = SLOT.sub(lambda m: resolve(m.group(1), m.group(2)), text)
        if new == text:
            break
        text = new
    if SLOT.search(text):
        raise ValueError(f"unresolved slot in {text!r}")
    return text[:1].upper() + text[1:]


def _filler_form(filler: dict, name: str, lang: str, roles: dict) -> str:
    defaults = {"pp_neg": "pp", "pp_pl": "pp", "past_pl": "past", "pp_coord": "pp", "past_coord": "past"}
    if name in defaults and name not in filler:
        name = defaults[name]
    if name == "de_inf" and "de_inf" not in filler:
        if "inf" not in filler:
            raise Missing("inf")
        if filler["inf"].startswith(VOWELS) or filler["inf"].startswith("h"):
            raise ValueError(f"filler {filler['id']!r} needs a de_inf (elision before {filler['inf']!r})")
        return "de " + filler["inf"]
    if name not in filler:
        raise Missing(name)
    value = filler[name]
    if isinstance(value, dict):  # agreement with the patient: {ms: …, fs: …}
        gender = (roles.get("P") or {}).get("g")
        if gender not in value:
            raise Missing(f"{name}/{gender}")
        value = value[gender]
    return value


def _expected(lines: list[str], etype: str, spec: dict, roles: dict, construction: str) -> tuple[str, ...]:
    out = []
    for line in lines:
        source, target, kind, *extra = line.split()
        if kind == "T":
            kind = etype
        elif kind == "PROMISE":
            kind = spec.get("promise")
            if kind is None:
                continue
            if construction == "future" and spec.get("military_timetable") and roles["A"].get("mil"):
                continue
        codes = [r if r == "---" else roles[r]["code"] for r in (source, target)]
        out.append(" ".join([*codes, kind, *extra]))
    return tuple(out)


def _events_for(construction: dict, name: str, spec: dict, filler: dict, variant: dict) -> list[str]:
    if name in (filler.get("expect") or {}):
        return filler["expect"][name]
    if spec.get("unnamed_doer") and "events_unnamed_doer" in construction:
        return construction["events_unnamed_doer"]
    if spec.get("future_is_act") and "events_future_is_act" in construction:
        return construction["events_future_is_act"]
    return variant["events"]


def _pick(rng: random.Random, pool: list[dict], avoid: set[str]) -> dict:
    choices = [e for e in pool if e["code"] not in avoid]
    if not choices:
        raise ValueError(f"no actor left outside {sorted(avoid)}")
    return rng.choice(choices)


def _one_case(data: dict, lang: str, etype: str, name: str, kind: str) -> CapabilityCase:
    spec = data["types"][etype]
    construction = data["constructions"][name]
    phrases = data["phrases"]
    actors = data["actors"]
    rng = random.Random(zlib.crc32(f"{etype}|{name}|{kind}".encode()))
    domain = spec.get("domain", "any")
    pool = [e for e in actors[kind] if _in_domain(e, domain)]
    a = rng.choice(pool)
    a2 = _pick(rng, pool, {a["code"]})
    b = _pick(rng, actors["state"], {a["code"], a2["code"]})
    b2 = _pick(rng, actors["state"], {a["code"], a2["code"], b["code"]})
    taken = {a["code"], b["code"], a2["code"], b2["code"]}
    s, c, m = (_pick(rng, data[pool_name], taken) for pool_name in ("speakers", "requesters", "mediators"))
    chosen = {"scene": rng.choice(phrases["scene"][lang]), "main": rng.choice(phrases["main"][lang])}
    fillers = data["fillers"][etype][lang]
    start = rng.randrange(len(fillers))

    roles = {"A": _view(a, lang, kind, phrases), "A2": _view(a2, lang, kind, phrases),
             "B": _view(b, lang, "state", phrases), "B2": _view(b2, lang, "state", phrases),
             "S": _view(s, lang, "third", phrases), "C": _view(c, lang, "third", phrases),
             "M": _view(m, lang, "third", phrases)}
    if construction.get("coordinated_recipients"):
        roles["B1"] = roles["B"]
        roles["B"] = _coordinated(roles["B"], roles["B2"], lang)
    roles["P"] = roles[construction.get("patient", "B")]
    variant = construction.get("symmetric") if spec.get("symmetric") and "symmetric" in construction else construction

    tried = []
    for filler in fillers[start:] + fillers[:start]:
        if "doers" in filler and construction.get("patient") != "A" and kind not in filler["doers"]:
            tried.append(f"{filler['id']} (not for a {kind})")
            continue
        used: set[str] = set()

        def resolve(slot: str, field: str | None, filler=filler, used=used) -> str:
            if slot == "V":
                return _filler_form(filler, field, lang, roles)
            if slot == "pred":
                key = filler.get("np_g" if lang == "fr" else "np_num")
                if key is None:
                    raise Missing("np_g/np_num")
                return phrases["pred"][lang][key]
            if slot in chosen:
                return chosen[slot]
            if slot in roles:
                forms = roles[slot]
                if (field or "nom") not in forms:
                    raise Missing(f"{slot}.{field}")
                used.add(construction.get("patient", "B") if slot == "P" else slot)
                return forms[field or "nom"]
            raise ValueError(f"unknown slot {{{slot}}} in construction {name}")

        try:
            text = _render(variant[lang], resolve)
        except Missing as missing:
            tried.append(f"{filler['id']} ({missing})")
            continue
        lines = _events_for(construction, name, spec, filler, variant)
        if construction.get("coordinated_recipients") and used & {"B", "B1"}:
            used -= {"B", "B1"}
            used |= {"B", "B2"}
        events_roles = dict(roles)
        if construction.get("coordinated_recipients"):
            events_roles["B"] = _view(b, lang, "state", phrases)
        return CapabilityCase(
            id=f"{lang}-{etype}-{name}-{kind}", lang=lang, type=etype, construction=name, kind=kind,
            text=text, date=data["date"], events=_expected(lines, etype, spec, events_roles, name),
            filler=filler["id"],
            actors=tuple((r, events_roles[r]["code"]) for r in ROLES if r in used))
    raise ValueError(f"{lang}-{etype}-{name}-{kind}: no filler fits the template ({'; '.join(tried)}); "
                     f"add the forms or mark the cell n/a")


# ---------------------------------------------------------------- the matrix

@lru_cache(maxsize=4)
def _load(path: str) -> Matrix:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    day = data["date"]
    data["date"] = day if isinstance(day, date) else date.fromisoformat(str(day))
    languages = tuple(data["languages"])
    types = tuple(data["types"])
    kinds = tuple(data["kinds"])
    names = tuple(data["constructions"])
    cases, not_applicable = [], []
    for lang in languages:
        for etype in types:
            for name in names:
                na = (data["constructions"][name].get("na") or {}).get(etype)
                left_out = tuple(kinds)
                if isinstance(na, dict):
                    left_out = tuple(k for k in kinds if k in na["kinds"])
                    na = na["reason"]
                if na:
                    not_applicable.append(NotApplicable(lang, etype, name, na, left_out))
                for kind in kinds:
                    if not na or kind not in left_out:
                        cases.append(_one_case(data, lang, etype, name, kind))
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate case ids")
    return Matrix(version=str(data["version"]), languages=languages, types=types, constructions=names,
                  titles={n: data["constructions"][n].get("title", n) for n in names}, kinds=kinds,
                  cases=tuple(cases), not_applicable=tuple(not_applicable))


def load(path: Path | str = TEMPLATES) -> Matrix:
    """The expanded matrix (cached per path)."""
    return _load(str(Path(path).resolve()))


def load_known_gaps(path: Path | str = KNOWN_GAPS) -> dict[str, str]:
    """Case id → what the coder gets wrong, for the cases known to fail."""
    path = Path(path)
    if not path.exists():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


def write_known_gaps(gaps: dict[str, str], measured: str, path: Path | str = KNOWN_GAPS) -> None:
    """Rewrite the known gaps file: one line per failing case id, sorted, with its problems."""
    header = [
        "# Known gaps of the capability matrix: case id -> what the coder gets wrong (the problems",
        "# tests/sentence_table.compare reports). tests/test_capabilities.py marks these cases as strict",
        "# xfails: a case listed here that passes fails the suite, so the list stays true.",
        "# Written by `python benchmarks/capabilities.py --refresh-gaps` from a run; review the diff.",
        f"# {measured}",
    ]
    body = yaml.safe_dump(dict(sorted(gaps.items())), allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text("\n".join(header) + "\n" + (body if gaps else "{}\n"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summary", action="store_true", help="counts instead of the cases")
    parser.add_argument("--lang", help="only this language")
    parser.add_argument("--type", help="only this PLOVER type")
    parser.add_argument("--construction", help="only this construction")
    args = parser.parse_args(argv)
    matrix = load()
    cases = [c for c in matrix.cases if (not args.lang or c.lang == args.lang)
             and (not args.type or c.type == args.type)
             and (not args.construction or c.construction == args.construction)]
    if args.summary:
        whole = sum(len(n.kinds) == len(matrix.kinds) for n in matrix.not_applicable)
        print(f"{len(cases)} cases; n/a: {whole} cells (language x type x construction), "
              f"{len(matrix.not_applicable) - whole} more for some actor kinds")
        for label, key in (("language", "lang"), ("construction", "construction"), ("type", "type")):
            counts = Counter(getattr(c, key) for c in cases)
            print(f"per {label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        return 0
    for case in cases:
        print(f"{case.id}\t{case.text}\t{' | '.join(case.events) or '(no event)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

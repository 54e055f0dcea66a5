"""Latency of the HTTP API on a generated store, one client at a time and under concurrent clients.

    python benchmarks/api.py [--events 1000000] [--requests 200] [--downloads 20] [--clients 50 200]
                             [--seconds 30] [--keep FILE] [--no-write]

The store is generated with SQL alone (no coding): about 150 states, the 16 PLOVER types with
their modes and contexts, ten years of dates, and skewed dyads (a few pairs carry most of the
events, as in real news). Its events are written in the order ``consolidate`` writes them: type,
dyad, date; then its tallies are computed (``store.tallies``), as a rebuild does. A store kept from
an earlier version (``--keep``) is migrated first, which computes them. The app is served as ``bilateral serve`` serves it, by uvicorn in a process of its
own on 127.0.0.1, and called over HTTP with keep-alive.

One client: each endpoint is called ``--requests`` times, interleaved with the others, after a
warm-up. Downloads are timed apart: a filter of the busiest dyad that keeps about ``DOWNLOAD_ROWS``
events (10,000), downloaded whole in each format (``format=csv|json|parquet``) ``--downloads``
times, and the time until the first ``DOWNLOAD_ROWS`` rows of the unfiltered CSV download (every
event) have arrived.

Concurrent clients (``--clients N…``): N clients, each sending its next request as soon as the
previous one is answered, for ``--seconds``; every request is drawn at random (seeded) from a mix
of what a dashboard asks (``load_mix``): a dyad's summary, timeline, events and page, for one of the
1,000 busiest dyads drawn by the square root of its events, either direction, sometimes with a
filter (a date, a type, one direction, the unasserted events); event pages of a type and context;
an actor's timeline, among the 100 most active; the rankings and the actor list; dates on the first
of a month or on any day, pages 1 to 5, so that few answers repeat and a cache of answers alone
would not help. Requests started in the first seconds, while every client connects, are not
counted; the server's CPU time is read from its process. The tables (milliseconds) are printed and
written to ``benchmarks/API.md``.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import httpx
import pyarrow as pa

from bilateral.lexicons import actor_names, load_ontology
from bilateral.lexicons.ontology import ORG_CODES
from bilateral.store import connect

HERE = Path(__file__).parent
TARGET_MS = 100.0  # one client: the dyad summary and the event pages
LOAD_TARGETS_MS = {"api": 500.0, "html": 1000.0}  # p95 under 50 concurrent clients
RAMP_SECONDS = 3.0  # requests started before this, while the clients connect, are not counted
MIX_DYADS = 1000  # the dyads the concurrent clients ask about (the busiest)
MIX_ACTORS = 100  # the actors whose timelines they ask for (the most active)
DOWNLOAD_TARGET_MS = 2000.0
DOWNLOAD_ROWS = 10_000
FORMATS = ("csv", "json", "parquet")
STATES = 150
FIRST_DAY = date(2016, 1, 1)
DAYS = 3653  # ten years
# The more frequent types first: the generator draws low ranks more often.
TYPE_ORDER = ("CONSULT", "SUPPORT", "AGREE", "COOPERATE", "ACCUSE", "REQUEST", "AID", "REJECT", "COERCE",
              "ASSAULT", "PROTEST", "THREATEN", "SANCTION", "RETREAT", "CONCEDE", "MOBILIZE")


# The states the generator draws most often come first; the rest follow in code order.
BUSY = ("USA", "RUS", "CHN", "FRA", "UKR", "ISR", "IRN", "TUR", "GBR", "DEU", "IND", "MLI", "DZA", "NER", "BFA")


def _states() -> list[str]:
    codes = sorted(code for code in actor_names() if code not in ORG_CODES and code != "---")
    ordered = [c for c in BUSY if c in codes] + [c for c in codes if c not in BUSY]
    return ordered[:STATES]


def _types() -> pa.Table:
    onto = load_ontology()
    rows = [onto.types[name] for name in TYPE_ORDER]
    return pa.table({
        "t": list(range(len(rows))),
        "event": [r.name for r in rows],
        "quad_code": pa.array([r.quad for r in rows], pa.int8()),
        "cameo": [r.cameo_root for r in rows],
        "goldstein": [onto.goldstein(r.cameo_root) for r in rows],
        "plover_score": [r.score for r in rows],
        "modes": [sorted(r.modes) or [""] for r in rows],
    })


# A deterministic pseudo-random number in [0, 1) per (row, stream), whatever the thread count.
_RND = "CREATE MACRO rnd(i, k) AS (hash(i * 1000003 + k) % 1000000007) / 1000000007.0"

_EVENTS = """
CREATE TEMP TABLE gen AS
WITH draws AS (
    SELECT i,
           floor(? * pow(rnd(i, 1), 2.6))::INT AS a,
           floor((? - 1) * pow(rnd(i, 2), 2.2))::INT AS step,
           least(15, floor(16 * pow(rnd(i, 3), 1.7)))::INT AS t,
           floor(? * pow(rnd(i, 4), 0.8))::INT AS day,
           rnd(i, 5) AS r5, rnd(i, 6) AS r6, rnd(i, 7) AS r7
    FROM range(?) r(i)
)
SELECT d.i, s1.code AS actor, s2.code AS recipient, ty.event, ty.quad_code, ty.cameo, ty.goldstein,
       ty.plover_score, ty.modes[1 + floor(d.r5 * len(ty.modes))::INT] AS mode,
       CASE WHEN d.r6 < 0.04 THEN [c.context, 'hypothetical'] WHEN d.r6 < 0.06 THEN [c.context, 'negation']
            ELSE [c.context] END AS context,
       (DATE '{first}' + d.day::INT) AS date,
       1 + floor(40 * pow(d.r7, 9))::INT AS num_mentions
FROM draws d
JOIN states s1 ON s1.n = d.a
JOIN states s2 ON s2.n = (d.a + 1 + d.step) % ?
JOIN types ty ON ty.t = d.t
JOIN contexts c ON c.n = floor(rnd(d.i, 8) * (SELECT count(*) FROM contexts))::INT
"""

_ARTICLES = """
INSERT INTO articles BY NAME
SELECT 'A-' || lpad(j::VARCHAR, 12, '0') AS id, 'gen-' || j AS doc_id,
       'https://example.org/gen/' || j AS url, 'Generated article ' || j AS title,
       'outlet-' || (j % 40) AS outlet, min(date) AS published, 'en' AS language,
       string_agg(actor || ' ' || lower(event) || ' ' || recipient || ' in generated wire copy.', ' '
                  ORDER BY i) AS text,
       md5(j::VARCHAR) AS text_hash, 40 AS words, 'A-' || lpad(j::VARCHAR, 12, '0') AS cluster,
       'benchmark' AS source, 1 AS run_id
FROM (SELECT *, i // 5 AS j FROM gen) GROUP BY j
"""

_MENTIONS = """
INSERT INTO mentions BY NAME
SELECT 'BM-' || i AS id, 'A-' || lpad((i // 5)::VARCHAR, 12, '0') AS article_id, 'BE-' || i AS event_id,
       date, 'document' AS date_source, event, mode, context, [actor] AS actor_codes,
       [recipient] AS recipient_codes, cameo, quad_code, goldstein, plover_score, (i % 5)::INT AS sentence,
       0 AS start, 2 AS "end", actor AS trigger,
       actor || ' ' || lower(event) || ' ' || recipient || ' in generated wire copy.' AS sentence_text,
       'en' AS language, 0.9 AS confidence, 'bench' AS coder, 'bench' AS lexicon, 1 AS run_id
FROM gen
"""

_EVENTS_INSERT = """
INSERT INTO events BY NAME
SELECT 'BE-' || i AS id, date, event, mode, context, actor AS actor_code, 'GOV' AS actor_sector,
       recipient AS recipient_code, 'GOV' AS recipient_sector, [actor] AS actor_codes,
       [recipient] AS recipient_codes, cameo, quad_code, goldstein, plover_score,
       NOT list_has_any(context, ['negation', 'hypothetical', 'future']) AS assertion, 0.9 AS confidence,
       num_mentions, least(num_mentions, 5) AS num_articles, least(num_mentions, 3) AS num_outlets,
       'BM-' || i AS mention_id, 'A-' || lpad((i // 5)::VARCHAR, 12, '0') AS article_id,
       'https://example.org/gen/' || (i // 5) AS url, 'Generated article ' || (i // 5) AS title,
       'en' AS language, actor || ' ' || lower(event) || ' ' || recipient || ' in generated wire copy.'
           AS sentence_text, actor AS trigger, 0 AS start, 3 AS "end",
       least(actor, recipient) || '|' || greatest(actor, recipient) AS dyad_key
FROM gen ORDER BY event, dyad_key, date, id
"""

_ACTORS = """
INSERT INTO mention_actors BY NAME
SELECT 'BM-' || i AS mention_id, role, 0 AS position, code, 'GOV' AS sector, code AS text, code AS name,
       -1 AS start, -1 AS "end", 'country' AS kind
FROM gen, LATERAL (VALUES ('actor', actor), ('recipient', recipient)) v(role, code)
"""


def build_store(path: Path, events: int) -> None:
    """Write a store of ``events`` generated events (with their articles, mentions and actors) at ``path``."""
    con = connect(path)
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(_RND)
        con.register("states_arrow", pa.table({"n": list(range(STATES)), "code": _states()}))
        con.execute("CREATE TEMP TABLE states AS SELECT * FROM states_arrow")
        con.register("types", _types())
        contexts = sorted(load_ontology().contexts)
        con.register("contexts", pa.table({"n": list(range(len(contexts))), "context": contexts}))
        con.execute(_EVENTS.format(first=FIRST_DAY.isoformat()), [STATES, STATES, DAYS, events, STATES])
        con.execute("INSERT INTO runs (started_at, finished_at, status, command, inputs, coder_version, lexicons) "
                    "VALUES (now(), now(), 'finished', 'benchmarks/api.py', [], 'bench', '{}')")
        for sql in (_ARTICLES, _MENTIONS, _EVENTS_INSERT, _ACTORS):
            con.execute(sql)
        from bilateral.store import tallies

        tallies.rebuild(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def busiest_dyads(path: Path, n: int) -> list[tuple[str, str, int]]:
    """The ``n`` dyads with the most events, the busiest first, with their numbers of events."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "SELECT least(actor_code, recipient_code) AS a, greatest(actor_code, recipient_code) AS b, count(*) "
            "FROM events GROUP BY a, b ORDER BY count(*) DESC, a, b LIMIT ?", [n]).fetchall()
    finally:
        con.close()


def start_server(path: Path) -> tuple[subprocess.Popen, str]:
    """``bilateral serve`` over ``path`` in a process of its own (so that the clients here do not share
    its interpreter), and its base URL once it answers."""
    port = _free_port()
    code = ("import sys; from bilateral.api.server import serve; "
            "serve(sys.argv[1], port=int(sys.argv[2]), log_level='warning')")
    process = subprocess.Popen([sys.executable, "-c", code, str(path), str(port)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode})")
        try:
            if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not answer within 120 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def endpoints(a: str, b: str) -> dict[str, str]:
    return {
        "health (trivial)": "/api/health",
        "dyad summary": f"/api/dyads/{a}/{b}",
        "dyad timeline": f"/api/dyads/{a}/{b}/timeline",
        "event page: dyad + quad + since, page 2": f"/api/events?dyad={a},{b}&quad=4&since=2019-01-01&page=2",
        "event page: type + context + since, page 3": "/api/events?type=ASSAULT&context=military&since=2022-01-01&page=3",
        "dyad list: by change, page 2": "/api/dyads?by=change&page=2",
        "actor list, page 2": "/api/actors?page=2",
        "dyad page (HTML)": f"/dyad/{a}/{b}",
    }


def download_filter(path: Path, a: str, b: str) -> tuple[str, int]:
    """The ``since`` date from which the dyad ``a``–``b`` has about ``DOWNLOAD_ROWS`` events, and their number."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        pair = ("((list_contains(actor_codes, $a) AND list_contains(recipient_codes, $b)) OR "
                "(list_contains(actor_codes, $b) AND list_contains(recipient_codes, $a)))")
        found = con.execute(f"SELECT date FROM events WHERE {pair} ORDER BY date DESC LIMIT 1 OFFSET $n",
                            {"a": a, "b": b, "n": DOWNLOAD_ROWS - 1}).fetchall()
        since = found[0][0] if found else date.min
        rows = con.execute(f"SELECT count(*) FROM events WHERE {pair} AND date >= $since",
                           {"a": a, "b": b, "since": since}).fetchall()[0][0]
        return since.isoformat(), rows
    finally:
        con.close()


def _rows(fmt: str, body: bytes) -> int:
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(pa.BufferReader(body)).metadata.num_rows
    lines = body.count(b"\n")
    return lines - 1 if fmt == "csv" else lines


def measure_downloads(base: str, url: str, requests: int, warmup: int = 2) -> dict[str, tuple[list[float], int, int]]:
    """Per format: milliseconds per whole download of ``url``, its rows and its bytes (formats interleaved)."""
    timings: dict[str, list[float]] = {fmt: [] for fmt in FORMATS}
    sizes: dict[str, tuple[int, int]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for round_ in range(warmup + requests):
            for fmt in FORMATS:
                start = time.perf_counter()
                response = client.get(f"{url}&format={fmt}")
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{url}: HTTP {response.status_code} {response.text[:300]}")
                if round_ >= warmup:
                    timings[fmt].append(elapsed)
                sizes[fmt] = (_rows(fmt, response.content), len(response.content))
    return {fmt: (timings[fmt], *sizes[fmt]) for fmt in FORMATS}


def first_rows_of_everything(base: str, rows: int, requests: int) -> list[float]:
    """Milliseconds until the first ``rows`` rows of the unfiltered CSV download have arrived (then it is dropped)."""
    timings = []
    with httpx.Client(base_url=base, timeout=300) as client:
        for _ in range(requests):
            start = time.perf_counter()
            lines = 0
            with client.stream("GET", "/api/events?format=csv") as response:
                for piece in response.iter_bytes():
                    lines += piece.count(b"\n")
                    if lines > rows:
                        break
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def measure(base: str, paths: dict[str, str], requests: int, warmup: int = 5) -> dict[str, list[float]]:
    """Milliseconds per request, each endpoint called in turn so that all see the same machine load."""
    timings: dict[str, list[float]] = {name: [] for name in paths}
    with httpx.Client(base_url=base, timeout=60) as client:
        for round_ in range(warmup + requests):
            for name, path in paths.items():
                start = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{path}: HTTP {response.status_code} {response.text[:300]}")
                if round_ >= warmup:
                    timings[name].append(elapsed)
    return timings


# What the concurrent clients ask: (name, whether it is an HTML page, the path drawn from a random source).
Draw = tuple[str, bool, Callable[[random.Random], str]]


def actors_of(path: Path, n: int) -> list[str]:
    """The ``n`` codes that take part in the most events."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [code for (code,) in con.execute(
            "SELECT code FROM (SELECT unnest(list_concat(actor_codes, recipient_codes)) AS code FROM events) "
            "GROUP BY code ORDER BY count(*) DESC, code LIMIT ?", [n]).fetchall()]
    finally:
        con.close()


def load_mix(dyads: list[tuple[str, str, int]], actors: list[str]) -> list[Draw]:
    """The requests of a dashboard's users, each with its parameters drawn at random: a dyad drawn with
    a weight that is the square root of its events (the busy ones are asked more, every one is asked),
    either direction; dates as the date boxes and presets give them (the first day of a month, or any
    day); pages 1 to 5; now and then a filter (a type, a quad class, one direction, the unasserted
    events too)."""
    contexts = ("military", "diplomatic", "economic", "human_security", "natural_resource")
    weights = [n ** 0.5 for *_, n in dyads]

    def dyad(rnd: random.Random) -> tuple[str, str]:
        a, b, _ = rnd.choices(dyads, weights)[0]
        return (a, b) if rnd.random() < 0.5 else (b, a)

    def since(rnd: random.Random) -> str:
        day = 1 if rnd.random() < 0.6 else rnd.randint(2, 28)
        return f"{rnd.randint(2016, 2025)}-{rnd.randint(1, 12):02d}-{day:02d}"

    def extra(rnd: random.Random) -> str:
        """No filter (most often), or one of those the dyad page offers."""
        pick = rnd.random()
        if pick < 0.6:
            return ""
        if pick < 0.75:
            return f"&since={since(rnd)}"
        if pick < 0.85:
            return f"&type={rnd.choice(TYPE_ORDER)}"
        if pick < 0.93:
            return "&include_unasserted=true"
        return "&directed=true"

    def summary(rnd: random.Random) -> str:
        a, b = dyad(rnd)
        return f"/api/dyads/{a}/{b}?" + extra(rnd)[1:]

    def timeline(rnd: random.Random) -> str:
        a, b = dyad(rnd)
        return f"/api/dyads/{a}/{b}/timeline?interval={rnd.choice(('month', 'quarter', 'year'))}" + extra(rnd)

    def events_of_dyad(rnd: random.Random) -> str:
        a, b = dyad(rnd)
        quad = f"&quad={rnd.randint(1, 4)}" if rnd.random() < 0.5 else ""
        return f"/api/events?dyad={a},{b}{quad}&since={since(rnd)}&page={rnd.randint(1, 5)}"

    def events_of_type(rnd: random.Random) -> str:
        return (f"/api/events?type={rnd.choice(TYPE_ORDER[:10])}&context={rnd.choice(contexts)}"
                f"&since={since(rnd)}&page={rnd.randint(1, 5)}")

    def actor(rnd: random.Random) -> str:
        return f"/api/actors/{rnd.choice(actors)}/timeline?interval={rnd.choice(('month', 'year'))}"

    def page(rnd: random.Random) -> str:
        a, b = dyad(rnd)
        return f"/dyad/{a}/{b}?page={rnd.randint(1, 5)}" + extra(rnd)

    return [
        ("dyad summary", False, summary),
        ("dyad timeline", False, timeline),
        ("event page: dyad + quad + since", False, events_of_dyad),
        ("event page: type + context + since", False, events_of_type),
        ("actor timeline", False, actor),
        ("dyad list: by change", False, lambda rnd: f"/api/dyads?by=change&page={rnd.randint(1, 5)}"),
        ("actor list", False, lambda rnd: f"/api/actors?page={rnd.randint(1, 3)}"),
        ("dyad page (HTML)", True, page),
    ]


def mix_note(dyads: list[tuple[str, str, int]], actors: list[str]) -> str:
    """What ``load_mix`` draws from, in words, for the report."""
    return (f"Each request is drawn (seeded) from eight kinds, equally often: a dyad's summary, timeline, page of "
            f"events (a quad class half the time, a start date) and dashboard page (HTML); event pages of a type "
            f"and a context from a start date; an actor's timeline; a page of the dyad ranking by change; a page "
            f"of the actor list. The dyad is one of the {len(dyads):,} busiest ({dyads[-1][2]:,} to {dyads[0][2]:,} "
            f"events each), drawn with a weight that is the square root of its events, either way round; the "
            f"actor one of the {len(actors)} most active. Four summaries, timelines and pages in ten carry a "
            f"filter: a start date, a type, the unasserted events too, or one direction. Dates are the first of a "
            f"month (as the date presets give them) six times in ten, any day otherwise; pages 1 to 5. Figures "
            f"that the tallies hold no trace of (a start date that is not the first of a month) are read from the "
            f"events.")


def _outcome(response: httpx.Response) -> str:
    """``"200"``, or the status and the API's error code (``"400 E603"``)."""
    if response.status_code == 200:
        return "200"
    try:
        return f"{response.status_code} {response.json()['error']['code']}"
    except (ValueError, KeyError, TypeError):  # an HTML page's error names its code in the page
        found = re.search(r"\bE\d{3}\b", response.text)
        return f"{response.status_code} {found.group()}" if found else str(response.status_code)


async def _client(client: httpx.AsyncClient, mix: list[Draw], rnd: random.Random, start: float, end: float,
                  found: list[tuple[str, bool, float, float, str]]) -> None:
    while (sent := time.perf_counter()) < end:
        name, html, path = rnd.choice(mix)
        try:
            outcome = _outcome(await client.get(path(rnd)))
        except httpx.HTTPError as exc:
            outcome = type(exc).__name__
        found.append((name, html, sent - start, (time.perf_counter() - sent) * 1000, outcome))


async def _load(base: str, clients: int, seconds: float, mix: list[Draw],
                seed: int) -> list[tuple[str, bool, float, float, str]]:
    found: list[tuple[str, bool, float, float, str]] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(*(_client(client, mix, random.Random(seed * 1000 + n), start,
                                       start + RAMP_SECONDS + seconds, found) for n in range(clients)))
    return found


def measure_load(base: str, clients: int, seconds: float, mix: list[Draw], server: int, seed: int = 1) -> dict:
    """``clients`` clients for ``seconds`` (after the ramp): every counted request's (name, html, start,
    ms, outcome), the requests per second, the load average before and after, and the CPU seconds the
    server process (``server``, its pid) spent per request answered and per second of the run."""
    import psutil

    process = psutil.Process(server)
    before, cpu = os.getloadavg()[0], process.cpu_times()
    started = time.perf_counter()
    found = asyncio.run(_load(base, clients, seconds, mix, seed))
    wall, used = time.perf_counter() - started, process.cpu_times()
    after = os.getloadavg()[0]
    spent = used.user - cpu.user + used.system - cpu.system
    counted = [row for row in found if row[2] >= RAMP_SECONDS]
    return {"clients": clients, "seconds": seconds, "rows": counted, "rate": len(counted) / seconds,
            "load": (before, after), "cpu_per_request": spent / max(1, len(found)), "cores": spent / wall}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def report(timings: dict[str, list[float]], *, events: int, dyad: tuple[str, str, int], load: tuple[float, float],
           seconds: float, downloads: dict[str, tuple[list[float], int, int]], download_url: str,
           first_rows: list[float], loads: list[dict], command: str, mix: str = "") -> str:
    base = statistics.median(timings["health (trivial)"])
    lines = [
        "# HTTP API latency",
        "",
        (f"Measured {date.today().isoformat()} by `python benchmarks/api.py {command}` on a generated store of "
         f"{events:,} events (about {STATES} states, 16 PLOVER types, ten years, skewed dyads; the busiest dyad, "
         f"{dyad[0]}–{dyad[1]} with {dyad[2]:,} events, is the one asked for one client at a time). Served as "
         f"`bilateral serve` serves it (uvicorn, one process) on 127.0.0.1 and called by httpx with keep-alive "
         f"from another process. Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
         f"Python {platform.python_version()}, DuckDB {duckdb.__version__}. Load averages count any other work "
         "on the machine."),
        "",
        "## One client",
        "",
        (f"{len(timings['health (trivial)'])} requests per endpoint, interleaved; load average {load[0]:.1f} before, "
         f"{load[1]:.1f} after. Target: p95 ≤ {TARGET_MS:.0f} ms for the dyad summary and the event pages."),
        "",
        "| endpoint | p50 ms | p95 ms | max ms | p50 − health p50 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 95)
        lines.append(f"| {name} | {p50:.1f} | {p95:.1f} | {max(values):.1f} | {p50 - base:+.1f} |")
    if loads and mix:
        lines += ["", "## What the concurrent clients ask", "", mix]
    for found in loads:
        lines += ["", *load_report(found)]
    lines += [
        "",
        "## Downloads",
        "",
        (f"`{download_url}&format=…` (the busiest dyad since a date that keeps about {DOWNLOAD_ROWS:,} events), "
         f"each format downloaded whole {len(next(iter(downloads.values()))[0])} times, interleaved, one client. "
         f"Target: p95 ≤ {DOWNLOAD_TARGET_MS / 1000:.0f} s."),
        "",
        "| format | rows | MB | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fmt, (values, rows, size) in downloads.items():
        lines.append(f"| {fmt} | {rows:,} | {size / 1e6:.1f} | {statistics.median(values):.1f} | "
                     f"{percentile(values, 95):.1f} | {max(values):.1f} |")
    if first_rows:
        lines += ["", (f"Unfiltered CSV download (all {events:,} events): the first {DOWNLOAD_ROWS:,} rows arrived after "
                       f"p50 {statistics.median(first_rows):.0f} ms, max {max(first_rows):.0f} ms "
                       f"({len(first_rows)} downloads). DuckDB selects and sorts every row before the first is sent, "
                       f"so this grows with the store, not with the rows wanted.")]
    lines += ["", f"Store generated and measured in {seconds:.0f} s.", ""]
    return "\n".join(lines)


def load_report(found: dict) -> list[str]:
    """The section of one concurrent run: per request kind, then API and HTML pages as a whole."""
    rows = found["rows"]
    failed: dict[str, int] = {}
    for *_, outcome in rows:
        if outcome != "200":
            failed[outcome] = failed.get(outcome, 0) + 1
    statuses = ", ".join(f"{n} × {outcome}" for outcome, n in sorted(failed.items()))
    lines = [
        f"## {found['clients']} concurrent clients",
        "",
        (f"{len(rows):,} requests in {found['seconds']:.0f} s ({found['rate']:.0f} a second), "
         f"{sum(failed.values())} not answered 200{f' ({statuses})' if failed else ''}; load average {found['load'][0]:.1f} before, {found['load'][1]:.1f} after. Targets at 50 clients: "
         f"API p95 ≤ {LOAD_TARGETS_MS['api']:.0f} ms, HTML pages p95 ≤ {LOAD_TARGETS_MS['html']:.0f} ms."),
    ]
    lines += ["", (f"The server spent {found['cpu_per_request'] * 1000:.0f} ms of CPU per request answered, "
                   f"{found['cores']:.2f} of the {os.cpu_count()} cores on average.")]
    if found["rate"]:
        lines += ["", (f"Each client waits for its answer before asking again, so the mean time a request takes is "
                       f"about the number of clients over the rate answered ({found['clients']} ÷ {found['rate']:.0f} "
                       f"≈ {found['clients'] / found['rate']:.1f} s): under this load it is set by how many requests "
                       f"the machine answers a second, more than by any one query.")]
    if any(outcome.endswith(" E603") for outcome in failed):
        lines += ["", "E603: the server stopped the request at its time limit on database work (10 s)."]
    lines += [
        "",
        "| requests | count | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
    ]
    groups: dict[str, list[float]] = {}
    for name, _, _, ms, _ in rows:
        groups.setdefault(name, []).append(ms)
    groups["**all API requests**"] = [ms for _, html, _, ms, _ in rows if not html]
    groups["**all HTML pages**"] = [ms for _, html, _, ms, _ in rows if html]
    for name, values in groups.items():
        if values:
            lines.append(f"| {name} | {len(values):,} | {statistics.median(values):.0f} | "
                         f"{percentile(values, 95):.0f} | {max(values):.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--downloads", type=int, default=20, help="Downloads per format.")
    parser.add_argument("--first-rows", type=int, default=3,
                        help="Unfiltered downloads timed to their first 10,000 rows (0: none).")
    parser.add_argument("--clients", type=int, nargs="*", default=[50, 200],
                        help="Numbers of concurrent clients, one run each (none: no concurrent run).")
    parser.add_argument("--seconds", type=float, default=30.0, help="Length of each concurrent run.")
    parser.add_argument("--keep", metavar="FILE", help="Build (or reuse) the store here instead of a temp file.")
    parser.add_argument("--no-write", action="store_true", help="Print the table only; leave API.md alone.")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.duckdb"
        if not path.exists():
            print(f"generating {args.events:,} events into {path} …", file=sys.stderr)
            build_store(path, args.events)
        else:
            connect(path).close()  # migrated to this version's schema if it is older
        dyads = busiest_dyads(path, MIX_DYADS)
        actors = actors_of(path, MIX_ACTORS)
        dyad = dyads[0]
        since, _ = download_filter(path, dyad[0], dyad[1])
        download_url = f"/api/events?dyad={dyad[0]},{dyad[1]}&since={since}"
        process, base = start_server(path)
        try:
            before = os.getloadavg()[0]
            timings = measure(base, endpoints(dyad[0], dyad[1]), args.requests)
            after = os.getloadavg()[0]
            loads = []
            for clients in args.clients:
                print(f"{clients} concurrent clients for {args.seconds:.0f} s …", file=sys.stderr)
                loads.append(measure_load(base, clients, args.seconds, load_mix(dyads, actors), process.pid))
            downloads = measure_downloads(base, download_url, args.downloads)
            first_rows = first_rows_of_everything(base, DOWNLOAD_ROWS, args.first_rows)
        finally:
            stop_server(process)
    text = report(timings, events=args.events, dyad=dyad, load=(before, after), seconds=time.perf_counter() - started,
                  downloads=downloads, download_url=download_url, first_rows=first_rows, loads=loads,
                  command=" ".join(sys.argv[1:]) or f"--events {args.events}", mix=mix_note(dyads, actors))
    print(text)
    if not args.no_write:
        (HERE / "API.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

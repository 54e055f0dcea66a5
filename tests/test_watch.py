"""``bilateral watch``: cycles over a local feed server, an outage in the middle, clean stops, kill -9."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from bilateral.errors import InputError
from bilateral.ingest.watch import Watcher, parse_every, read_feed_list, watch
from bilateral.store import connect
from bilateral.store.gate import Gate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TODAY = date(2025, 10, 15)
STORIES = [
    ("Blindés pour Bamako", "La Russie a livré des blindés au Mali le 14 octobre 2025."),
    ("Ambassadeur rappelé", "Le Niger a rappelé son ambassadeur en France le 13 octobre 2025."),
    ("Accord de pêche", "Le Sénégal a signé un accord de pêche avec la Mauritanie le 12 octobre 2025."),
]


class FeedSite:
    """A news site on 127.0.0.1: an RSS feed of the first ``published`` stories, each story's page,
    and a switch that takes the whole site down (every request answers 503)."""

    def __init__(self) -> None:
        self.published, self.down, self.hits = 0, False, {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                if site.down:
                    self.send_error(503, "Service Unavailable")
                    return
                if self.path == "/feed.xml":
                    self._send("application/rss+xml", site.feed())
                elif self.path.startswith("/story/") and self.path[7:].isdigit() and int(self.path[7:]) < len(STORIES):
                    title, text = STORIES[int(self.path[7:])]
                    page = (f"<html><head><title>{title}</title></head><body>"
                            f"<article><h1>{title}</h1><p>{text}</p></article></body></html>")
                    self._send("text/html; charset=utf-8", page)
                else:
                    self.send_error(404)

            def _send(self, kind: str, body: str) -> None:
                data = body.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def feed(self) -> str:
        items = "".join(f"<item><title>{title}</title><link>{self.base}/story/{i}</link>"
                        f"<pubDate>Tue, 14 Oct 2025 0{i}:00:00 GMT</pubDate></item>"
                        for i, (title, _) in enumerate(STORIES[:self.published]))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Site</title>'
                f"<link>{self.base}/</link>{items}</channel></rss>")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    made = FeedSite()
    yield made
    made.close()


def test_every_is_read_in_seconds_minutes_hours_and_days():
    assert [parse_every(text) for text in ("15m", "30s", "2h", "1d", "90", "1.5m")] == [900, 30, 7200, 86400, 90, 90]
    with pytest.raises(InputError, match="not a length of time"):
        parse_every("soon")


def test_a_feed_list_keeps_urls_and_skips_comments(tmp_path):
    listed = tmp_path / "feeds.txt"
    listed.write_text("# world news\nhttps://example.org/feed.xml\n\n  https://example.net/rss  # le flux\n",
                      encoding="utf-8")
    assert read_feed_list(listed) == ["https://example.org/feed.xml", "https://example.net/rss"]
    listed.write_text("https://example.org/feed.xml\nnews.xml\n", encoding="utf-8")
    with pytest.raises(InputError, match="feeds.txt:2"):
        read_feed_list(listed)


def test_a_folder_gives_only_its_new_or_changed_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Un.", encoding="utf-8")
    watcher = Watcher([str(inbox)], db=tmp_path / "s.duckdb")
    assert [f.name for f in watcher.changed_files([])] == ["a.txt"]
    assert watcher.changed_files([]) == []
    (inbox / "b.txt").write_text("Deux.", encoding="utf-8")
    (inbox / "a.txt").write_text("Un, modifié.", encoding="utf-8")
    assert sorted(f.name for f in watcher.changed_files([])) == ["a.txt", "b.txt"]


def test_feed_entries_already_stored_are_known(tmp_path):
    db = tmp_path / "s.duckdb"
    con = connect(db)
    con.execute("INSERT INTO articles (id, url, language, text, text_hash, words, run_id) "
                "VALUES ('A', 'https://example.org/1', 'fr', 'x', 'h', 1, 1)")
    con.close()
    watcher = Watcher(["https://example.org/feed.xml"], db=db)
    links = ["https://example.org/1", "https://example.org/2"]
    assert watcher.known_links(links) == {"https://example.org/1"}
    assert watcher.known_links(links) == set(links), "links read by an earlier cycle are known too"


@pytest.mark.slow
def test_three_cycles_one_with_the_feed_down_store_each_entry_once(tmp_path, site):
    db = tmp_path / "watched.duckdb"
    problems, seen = [], []

    def between(cycle) -> None:  # what the site does before the next cycle
        seen.append(cycle)
        site.down = len(seen) == 1
        site.published = 3

    site.published = 2
    watcher = Watcher([site.base + "/feed.xml"], db=db, workers=1, today=TODAY, allow_private=True,
                      on_problem=problems.append)
    cycles = watch(watcher, every=0, cycles=3, on_cycle=between)
    assert [c.number for c in cycles] == [1, 2, 3]
    first, outage, third = cycles
    assert first.summary.added == 2 and not first.unreachable
    assert outage.summary is not None and outage.summary.added == 0, outage.error
    assert outage.unreachable == (site.base + "/feed.xml",)
    assert any("503" in str(p) for p in problems)
    assert "unreachable: " + site.base + "/feed.xml" in outage.status()
    assert third.summary.added == 1 and not third.unreachable
    assert site.hits["/story/0"] == 1 and site.hits["/story/1"] == 1, "stored entries are not fetched again"
    with duckdb.connect(str(db), read_only=True) as con:
        urls = sorted(row[0] for row in con.execute("SELECT url FROM articles").fetchall())
        runs = con.execute("SELECT command, status, articles_added FROM runs ORDER BY id").fetchall()
        events = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    assert urls == [f"{site.base}/story/{i}" for i in range(3)]
    assert runs == [("watch", "finished", 2), ("watch", "finished", 0), ("watch", "finished", 1)]
    assert events >= 3


def _watch_cli(*args: str) -> subprocess.Popen:
    return subprocess.Popen([str(BIN / "bilateral"), "watch", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_between_cycles_stops_the_watch_cleanly(tmp_path, sig):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = _watch_cli(str(inbox), "--db", str(tmp_path / "s.duckdb"), "--every", "1h")
    line = proc.stderr.readline()
    assert "cycle 1" in line and "0 new articles" in line, line
    proc.send_signal(sig)
    rest = proc.stderr.read()
    assert proc.wait(30) == 0, rest
    assert "stopped after 1 cycle" in rest


@pytest.mark.slow
def test_watch_serve_answers_from_the_same_process_and_shows_each_cycle(tmp_path):
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = _watch_cli(str(inbox), "--db", str(tmp_path / "s.duckdb"), "--every", "1h", "--serve", "--port", str(port))
    try:
        assert "cycle 1" in proc.stderr.readline()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/corpus", timeout=30) as answer:
            corpus = json.loads(answer.read())
        assert corpus["runs"] == 1 and corpus["articles"] == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        assert proc.wait(30) == 0, rest


def _generated(path: Path, count: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import articles
    finally:
        sys.path.pop(0)
    with path.open("w", encoding="utf-8") as out:
        for record in articles(count, seed=5):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _rows(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {"articles": con.execute("SELECT id, cluster FROM articles ORDER BY id").fetchall(),
                "mentions": con.execute("SELECT id, event_id FROM mentions ORDER BY id").fetchall(),
                "events": con.execute("SELECT * FROM events ORDER BY id").fetchall()}


@pytest.mark.slow
def test_a_watch_killed_mid_cycle_loses_no_stored_row(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _generated(inbox / "news.jsonl", 120)
    clean = tmp_path / "clean.duckdb"
    subprocess.run([str(BIN / "bilateral"), "ingest", str(inbox), "--db", str(clean), "--workers", "1",
                    "--batch-size", "4", "-q"], check=True, capture_output=True)
    db = tmp_path / "killed.duckdb"
    proc = _watch_cli(str(inbox), "--db", str(db), "--batch-size", "4", "--every", "1h")
    try:
        deadline = time.monotonic() + 300
        stored = 0
        while stored == 0:
            assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.5)
            if db.exists():
                con, handle = Gate(db).open_reader()
                stored = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
                Gate.close_reader(con, handle)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with duckdb.connect(str(db), read_only=True) as con:
        after_kill = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        assert con.execute("SELECT command, status FROM runs").fetchall() == [("watch", "running")]
    assert stored <= after_kill < 120, "every committed batch is still there, and the kill landed mid-cycle"
    again = _watch_cli(str(inbox), "--db", str(db), "--batch-size", "4", "--cycles", "1")
    assert again.wait(600) == 0, again.stderr.read()
    assert _rows(db) == _rows(clean)

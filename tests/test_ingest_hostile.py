"""Hostile and odd input never stops a run: each bad item is one Problem naming it, the good items
beside it are still read, memory and time stay bounded. Web tests talk only to 127.0.0.1."""
from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bilateral.ingest import Problem, estimate_total, read_inputs
from bilateral.ingest.base import MAX_JSON_DEPTH
from bilateral.model import Article

from helpers import no_proxy  # noqa: F401 - an autouse fixture

MALI = "La Russie a livré des hélicoptères au Mali. Le gouvernement malien a remercié Moscou."
NIGER = "Le Niger a expulsé l'ambassadeur de France. Paris a dénoncé une décision injustifiée."


def _read(*inputs, **options):
    items = list(read_inputs([i if isinstance(i, str) else str(i) for i in inputs], **options))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Problem)]


def _errors(problems):
    return [p for p in problems if p.severity == "error"]


def _encodable(article: Article) -> None:
    for value in (article.id, article.text, article.title, article.url, article.source, article.outlet):
        value.encode("utf-8")  # raises on a lone surrogate


# --- 1. text cleaned at the door --------------------------------------------------------------------

def test_ingest_hostile_lone_surrogates_in_records(tmp_path):
    half = "\\ud83d"  # half an emoji, as JSON escapes it
    (tmp_path / "a.jsonl").write_text(
        f'{{"text": "Bamako {half} et Moscou\\u0007", "title": "T{half}", "url": "https://x.fr/{half}", '
        f'"outlet": "O{half}"}}\n'
        f'{{"id": "i{half}", "text": "{MALI}"}}\n', encoding="utf-8")
    (tmp_path / "b.json").write_text(f'[{{"text": "Niamey {half}", "lang": "fr{half}"}}]', encoding="utf-8")
    articles, problems = _read(tmp_path)
    assert problems == []
    assert len(articles) == 3
    for article in articles:
        _encodable(article)
    first = articles[0]
    assert first.text == "Bamako \ufffd et Moscou" and first.id.startswith("doc-")
    assert articles[1].id == "i\ufffd"


# --- 2. names shown escaped, file names that are not UTF-8 ------------------------------------------

def test_ingest_hostile_file_names(tmp_path):
    folder = os.fsencode(tmp_path)
    for name in (b"bad\xff.txt", b"line\nbreak.txt", b"\x1b[2Jclear.txt"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(MALI.encode())
    with open(os.path.join(folder, b"empty\xfe\x1b[31m.txt"), "wb") as handle:
        handle.write(b"  ")
    articles, problems = _read(tmp_path)
    assert len(articles) == 3
    for article in articles:
        _encodable(article)
    assert sorted(a.id for a in articles) == ["\\x1b[2Jclear", "bad\\xff", "line\\nbreak"]
    assert any(a.url.endswith("/bad%FF.txt") for a in articles)
    (problem,) = problems
    shown = str(problem)
    shown.encode("utf-8")
    assert "\x1b" not in shown and "empty\\xfe\\x1b[31m.txt" in shown and "empty document" in shown


# --- 3. JSON nested deeper than the limit -----------------------------------------------------------

def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_ingest_hostile_deep_json(tmp_path):
    jsonl = tmp_path / "deep.jsonl"
    jsonl.write_text(json.dumps({"text": MALI}) + "\n" + f'{{"text": "x", "a": {_deep(5000)}}}\n'
                     + f'{{"text": "ok", "a": {_deep(MAX_JSON_DEPTH - 1)}}}\n' + json.dumps({"text": NIGER}) + "\n",
                     encoding="utf-8")
    listed = tmp_path / "deep.json"
    listed.write_text(f'[{{"text": "{MALI}"}}, {{"text": "x", "a": {_deep(5000)}}}, '
                      f'{{"text": "y", "a": {_deep(MAX_JSON_DEPTH + 1)}}}, {{"text": "{NIGER}"}}]', encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text(f'{{"text": "x", "a": {_deep(100_000)}}}', encoding="utf-8")
    articles, problems = _read(jsonl, listed, single)
    assert [a.text for a in articles] == [MALI, "ok", NIGER, MALI, NIGER]
    assert [p.item for p in problems] == [f"{jsonl}:2", f"{listed}:[1]", f"{listed}:[2]", str(single)]
    assert all(f"nested more than {MAX_JSON_DEPTH} levels" in p.message for p in _errors(problems))
    assert estimate_total([str(tmp_path)]) == 4 + 1 + 1  # JSONL lines, then 1 for each unparsable JSON


# --- 4. bombs and unbounded reads -------------------------------------------------------------------

def test_ingest_hostile_device_read_with_a_bound(tmp_path):
    (tmp_path / "good.txt").write_text(MALI, encoding="utf-8")
    started = time.monotonic()
    articles, problems = _read("/dev/zero", tmp_path / "good.txt", max_bytes=1_000_000)
    assert time.monotonic() - started < 5
    assert [a.text for a in articles] == [MALI]
    assert [p.item for p in problems] == ["/dev/zero"] and "more than the 1 MB limit" in problems[0].message


def test_ingest_hostile_fifo_without_writer_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    articles, problems = _read(fifo)
    assert articles == [] and [p.item for p in problems] == [str(fifo)] and "empty" in problems[0].message


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BufferedReader(io.BytesIO(data))


def test_ingest_hostile_stdin_streamed(monkeypatch):
    lines = [json.dumps({"id": "a", "text": MALI}), '{"text": "' + "x" * 3000 + '"}', json.dumps({"id": "b", "text": NIGER})]
    monkeypatch.setattr(sys, "stdin", _Stdin(("\n\n" + "\n".join(lines) + "\n").encode()))
    articles, problems = _read("-", max_bytes=1000)
    assert [a.id for a in articles] == ["a", "b"]
    assert [p.item for p in problems] == ["<stdin>:4"] and "over the 0.001 MB limit" in problems[0].message

    monkeypatch.setattr(sys, "stdin", _Stdin(b"plain text " * 1000))
    articles, problems = _read("-", max_bytes=1000)
    assert articles == [] and [p.item for p in problems] == ["<stdin>"] and "0.001 MB limit" in problems[0].message

    monkeypatch.setattr(sys, "stdin", _Stdin(MALI.encode("utf-16")))
    articles, problems = _read("-")
    assert problems == [] and [a.text for a in articles] == [MALI]


def test_ingest_hostile_jsonl_line_over_limit_not_held(tmp_path):
    path = tmp_path / "long.jsonl"
    with path.open("wb") as handle:
        handle.write(json.dumps({"id": "a", "text": MALI}).encode() + b"\n")
        handle.write(b'{"text": "')
        for _ in range(20):
            handle.write(b"x" * 1_000_000)
        handle.write(b'"}\n' + json.dumps({"id": "b", "text": NIGER}).encode() + b"\n")
    articles, problems = _read(path, max_bytes=1_000_000)
    assert [a.id for a in articles] == ["a", "b"]
    assert [p.item for p in problems] == [f"{path}:2"] and "line of 20.0 MB is over the 1 MB limit" in problems[0].message


def test_ingest_hostile_csv_row_over_limit(tmp_path):
    path = tmp_path / "wide.csv"
    cells = ",".join(['"' + "y" * 600 + '"'] * 2)  # each field under the limit, the row over it
    path.write_text(f"id,text,extra\nm,{MALI},\nw,{cells}\nn,{NIGER},\n", encoding="utf-8")
    articles, problems = _read(path, max_bytes=1000)
    assert [a.id for a in articles] == ["m", "n"]
    assert [p.item for p in problems] == [f"{path}:row 3"] and "over the 0.001 MB limit" in problems[0].message


def test_ingest_hostile_deep_html(tmp_path):
    levels = 100_000
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * levels + "<p>Au fond.</p>" + "</div>" * levels
                                        + "<p>Le Mali a signé.</p></body></html>", encoding="utf-8")
    (tmp_path / "spans.html").write_text("<html><body>" + "<span><b>" * levels + "Le Niger a voté.</body></html>",
                                         encoding="utf-8")
    (tmp_path / "good.html").write_text(f"<html><body><p>{MALI}</p></body></html>", encoding="utf-8")
    started = time.monotonic()
    articles, problems = _read(tmp_path)
    assert time.monotonic() - started < 5
    assert [a.id for a in articles] == ["deep", "good", "spans"]
    assert "Au fond." in articles[0].text and "Le Mali a signé." in articles[0].text
    assert "Le Niger a voté." in articles[2].text and articles[1].text == MALI
    assert sorted((p.item.rsplit("/", 1)[1], p.severity) for p in problems) == [("deep.html", "warning"),
                                                                                ("spans.html", "warning")]


def _warc_record(headers: bytes, body: bytes) -> bytes:
    return gzip.compress(b"WARC/1.0\r\n" + headers + b"Content-Length: %d\r\n\r\n" % len(body) + body + b"\r\n\r\n")


def _good_warc() -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + MALI.encode())
    return _warc_record(b"WARC-Type: response\r\nWARC-Target-URI: https://example.org/mali\r\n"
                        b"WARC-Date: 2025-10-16T09:30:00Z\r\nContent-Type: application/http; msgtype=response\r\n", http)


def _write_bomb(path: Path, inflated: int, byte: bytes) -> None:
    """A gzip member starting a WARC record whose header line never ends."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = byte * (1 << 20)
    with path.open("wb") as handle:
        handle.write(_good_warc())
        handle.write(packer.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Bomb: "))
        for _ in range(inflated >> 20):
            handle.write(packer.compress(block))
        handle.write(packer.flush())


def test_ingest_hostile_warc_header_bomb(tmp_path, capfd):
    bomb = tmp_path / "bomb.warc.gz"
    _write_bomb(bomb, 200 << 20, b"a")
    assert bomb.stat().st_size < 1_000_000
    (tmp_path / "good.warc.gz").write_bytes(_good_warc())
    started = time.monotonic()
    articles, problems = _read(tmp_path, max_bytes=1_000_000)
    assert time.monotonic() - started < 10
    assert [a.text for a in articles] == [MALI, MALI]  # the record before the bomb, and the other archive
    assert [p.item for p in problems] == [str(bomb)]
    assert "record headers over 1 MB" in problems[0].message and "1 record(s) before it" in problems[0].message
    assert capfd.readouterr().err == ""


def test_ingest_hostile_warc_warnings_become_problems(tmp_path, capfd):
    path = tmp_path / "lying.warc"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + NIGER.encode()
    lying = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/niger\r\n"
             b"Content-Type: application/http; msgtype=response\r\n"
             b"Content-Length: %d\r\n\r\n" % (len(http) - 5) + http + b"\r\n\r\n")
    path.write_bytes(lying + gzip.decompress(_good_warc()))
    articles, problems = _read(path)
    assert capfd.readouterr().err == ""
    assert [p.severity for p in problems] == ["warning"] and "Content-Length" in problems[0].message
    assert MALI in [a.text for a in articles]


_MEASURE = textwrap.dedent("""
    import resource, sys, time
    from bilateral.ingest import read_inputs
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    items = list(read_inputs(sys.argv[1:], max_bytes=1_000_000))
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base
    print(len(items), grown // 1024, round(time.monotonic() - started, 2))
""")


@pytest.mark.slow
def test_ingest_hostile_bombs_stay_small(tmp_path):
    """Peak memory of a fresh process reading a 1 GB-inflating archive, /dev/zero and a 50 MB line."""
    _write_bomb(tmp_path / "bomb.warc.gz", 1 << 30, b"\0")
    with (tmp_path / "line.jsonl").open("wb") as handle:
        handle.write(b'{"text": "' + b"z" * 50_000_000 + b'"}\n')
    for target in ("bomb.warc.gz", "line.jsonl", "/dev/zero"):
        done = subprocess.run([sys.executable, "-c", _MEASURE, str(tmp_path / target)], capture_output=True,
                              text=True, timeout=60, check=True)
        count, megabytes, seconds = done.stdout.split()
        assert int(count) >= 1 and int(megabytes) < 100 and float(seconds) < 30, (target, done.stdout)


# --- 5. a deadline for each fetch -------------------------------------------------------------------

class _Drip(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/page"):
            body = f"<html><body><p>{MALI}</p></body></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/feed":
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                    f"<item><title>Un</title><link>{base}/page1</link><description>{NIGER}</description></item>"
                    f"<item><title>Deux</title><link>http://localhost:{self.server.server_address[1]}/page2</link>"
                    "</item></channel></rss>").encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        try:  # /drip: one byte every 0.3 s, forever
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/drip-headers":
                for _ in range(200):
                    self.wfile.write(b"X-Slow: 1\r\n")
                    self.wfile.flush()
                    time.sleep(0.3)
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass  # the client hung up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_ingest_hostile_dripping_server_cut_at_deadline(server):
    started = time.monotonic()
    articles, problems = _read(f"{server}/drip", f"{server}/drip-headers", f"{server}/page", timeout=5, deadline=1.5)
    elapsed = time.monotonic() - started
    assert 3 <= elapsed < 6
    assert [a.url for a in articles] == [f"{server}/page"]
    assert [p.item for p in problems] == [f"{server}/drip", f"{server}/drip-headers"]
    assert all("no complete answer within 1.5 s" in p.message for p in problems)


# --- 6. scope: links out of a folder, feed links to private addresses -------------------------------

def test_ingest_hostile_symlinks_out_of_the_folder(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    (inside / "sub").mkdir(parents=True)
    (outside / "more").mkdir(parents=True)
    (inside / "sub" / "a.txt").write_text(MALI, encoding="utf-8")
    (outside / "secret.txt").write_text(NIGER, encoding="utf-8")
    (outside / "more" / "b.txt").write_text(NIGER, encoding="utf-8")
    (inside / "secret.txt").symlink_to(outside / "secret.txt")
    (inside / "more").symlink_to(outside / "more")
    (inside / "again").symlink_to(inside / "sub")  # inside: not read twice
    (inside / "sub" / "loop").symlink_to(inside)  # a loop
    (outside / "more" / "back").symlink_to(outside)  # a loop once followed
    articles, problems = _read(inside)
    assert [a.source for a in articles] == [str(inside / "sub" / "a.txt")]
    assert sorted(p.item for p in problems) == [str(inside / "more"), str(inside / "secret.txt")]
    assert all(p.severity == "warning" and "--follow-links" in p.message for p in problems)
    articles, problems = _read(inside, follow_links=True)
    assert problems == []
    assert sorted(a.source for a in articles) == sorted(str(p) for p in (
        inside / "more" / "b.txt", inside / "more" / "back" / "secret.txt", inside / "secret.txt",
        inside / "sub" / "a.txt"))
    assert estimate_total([str(inside)]) == 1 and estimate_total([str(inside)], follow_links=True) == 4


def test_ingest_hostile_feed_links_to_private_addresses(server):
    feed = f"{server}/feed"
    articles, problems = _read(feed)
    assert [a.text for a in articles] == [NIGER]  # the summary stands in for the refused page
    assert [(p.item.rsplit("/", 1)[1], p.severity) for p in problems] == [("page1", "warning"), ("page2", "error")]
    assert all("private or reserved address" in p.message and "--allow-private" in p.message for p in problems)
    articles, problems = _read(feed, allow_private=True)
    assert problems == [] and [a.text for a in articles] == [MALI, MALI]
    articles, problems = _read(f"{server}/page")  # a URL the user gives is fetched
    assert problems == [] and len(articles) == 1


# --- 7. encodings, binary data, progress estimate ---------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_ingest_hostile_utf16_with_bom(tmp_path, encoding):
    bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
    (tmp_path / "a.txt").write_bytes(bom + MALI.encode(encoding))
    (tmp_path / "b.jsonl").write_bytes(bom + (json.dumps({"id": "j", "text": NIGER}, ensure_ascii=False)
                                              + "\r\n").encode(encoding))
    (tmp_path / "c.csv").write_bytes(bom + f"id,text\r\nc,{NIGER}\r\n".encode(encoding))
    (tmp_path / "d.json").write_bytes(bom + json.dumps([{"id": "d", "text": MALI}], ensure_ascii=False).encode(encoding))
    articles, problems = _read(tmp_path)
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("a", MALI), ("j", NIGER), ("c", NIGER), ("d", MALI)]


def test_ingest_hostile_json_not_utf8_read_as_cp1252(tmp_path):
    path = tmp_path / "latin.json"
    path.write_bytes(json.dumps([{"id": "n", "text": NIGER}, {"id": "m", "text": MALI}],
                                ensure_ascii=False).encode("cp1252"))
    articles, problems = _read(path)
    assert [(a.id, a.text) for a in articles] == [("n", NIGER), ("m", MALI)]
    assert [(p.item, p.severity) for p in problems] == [(str(path), "warning")]
    assert "read as Windows-1252" in problems[0].message


def test_ingest_hostile_csv_not_utf8_far_in(tmp_path):
    path = tmp_path / "mixed.csv"
    filler = "".join(f"r{i},Le Tchad a reçu une délégation numéro {i}.\n" for i in range(2000))
    path.write_bytes(f"id,text\n{filler}".encode() + f"m,{MALI}\nn,{NIGER}\n".encode("cp1252"))
    assert path.stat().st_size > 65536
    articles, problems = _read(path)
    assert [a.id for a in articles[-2:]] == ["m", "n"] and len(articles) == 2002
    assert articles[-1].text == NIGER
    assert [(p.item, p.severity) for p in problems] == [(str(path), "warning")] and "line 2002" in problems[0].message


def test_ingest_hostile_binary_jsonl_is_one_problem(tmp_path):
    (tmp_path / "blob.jsonl").write_bytes((b"\x00\x01\x02\n" * 50) + bytes(range(256)))
    (tmp_path / "good.jsonl").write_text(json.dumps({"text": MALI}) + "\n", encoding="utf-8")
    articles, problems = _read(tmp_path)
    assert [a.text for a in articles] == [MALI]
    assert len(problems) == 1 and problems[0].item.endswith("blob.jsonl") and "binary" in problems[0].message


def test_estimate_total_never_raises(tmp_path):
    (tmp_path / "deep.json").write_text(_deep(100_000), encoding="utf-8")
    (tmp_path / "blob.jsonl").write_bytes(b"\xff\x00" * 100)
    (tmp_path / "locked.csv").write_text("text\nUn.\n", encoding="utf-8")
    (tmp_path / "locked.csv").chmod(0)
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "dangling.jsonl").symlink_to(tmp_path / "nowhere")
    total = estimate_total([str(tmp_path), "bad\x00name", str(tmp_path / "missing.csv"), "/dev/zero"])
    assert isinstance(total, int) and total >= 2

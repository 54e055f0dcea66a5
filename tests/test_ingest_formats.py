"""Reading JSON, CSV/TSV, web archives, web pages and feeds: good items come through, every bad one
is reported by its place, and nothing stops the run. Web tests talk only to a server on 127.0.0.1."""
from __future__ import annotations

import gzip
import io
import json
import socket
import threading
import time
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bilateral import __version__
from bilateral.ingest import Problem, estimate_total, read_inputs
from bilateral.ingest import records as records_module
from bilateral.model import Article

from helpers import no_proxy  # noqa: F401 - an autouse fixture

MALI = "La Russie a livré des hélicoptères au Mali. Le gouvernement malien a remercié Moscou."
NIGER = "Le Niger a expulsé l'ambassadeur de France. Paris a dénoncé une décision injustifiée."
CHINA = "China signed a trade agreement with Kenya. Nairobi welcomed the new port investment."


def _split(items):
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, Problem)]
    return articles, problems


def _read(*inputs, **options):
    return _split(list(read_inputs([str(i) for i in inputs], **options)))


def _page(title: str, text: str, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in text.split(".") if sentence.strip())
    return (f"<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title} | Le Quotidien</title>"
            f"{meta}</head><body><nav><a href=\"/\">Accueil</a> <a href=\"/monde\">Monde</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Mentions légales - Abonnez-vous</footer></body></html>")


# --- JSON -----------------------------------------------------------------------------------------

def test_ingest_json_list_good_and_bad_entries(tmp_path):
    path = tmp_path / "docs.json"
    path.write_text(json.dumps([
        {"id": "mali", "text": MALI, "url": "https://www.lemonde.fr/afrique/mali.html", "date": "2025-10-14",
         "lang": "fr"},
        "not an object",
        {"id": "empty", "text": "  "},
        {"id": "niger", "text": NIGER, "url": "https://www.rfi.fr/niger", "outlet": "RFI", "date": "hier"},
        {"text": CHINA, "title": "China and Kenya"},
    ], ensure_ascii=False), encoding="utf-8")
    articles, problems = _read(path, default_date=date(2025, 1, 1))
    assert [a.id for a in articles[:2]] == ["mali", "niger"] and articles[2].id.startswith("doc-")
    assert [a.outlet for a in articles] == ["lemonde.fr", "RFI", ""]
    assert articles[0].date == date(2025, 10, 14) and articles[1].date == date(2025, 1, 1)
    assert articles[2].title == "China and Kenya" and articles[0].source == f"{path}:[0]"
    by_item = {p.item: p for p in problems}
    assert set(by_item) == {f"{path}:[1]", f"{path}:[2]", f"{path}:[3]"}
    assert "must be an object" in by_item[f"{path}:[1]"].message
    assert "no \"text\"" in by_item[f"{path}:[2]"].message
    assert by_item[f"{path}:[3]"].severity == "warning"


def test_ingest_json_single_object(tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"id": "one", "text": MALI, "lang": "fr"}), encoding="utf-8")
    articles, problems = _read(path)
    assert problems == [] and [a.id for a in articles] == ["one"]


@pytest.mark.parametrize(("content", "item", "message"), [
    ('[{"id": "a", "text": "Le Mali a rappelé son ambassadeur."}, {"id": "b", "text": "cassé}, {"id": "c"}]',
     ":[1]", "not valid JSON"),
    ('[{"id": "a", "text": "Le Mali a rappelé son ambassadeur."} {"id": "b"}]', ":[1]", "Expecting ','"),
    ('[{"id": "a", "text": "Le Mali a rappelé son ambassadeur."},', ":[1]", "not valid JSON"),
])
def test_ingest_json_broken_list_keeps_entries_before(tmp_path, content, item, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    articles, problems = _read(path)
    assert [a.id for a in articles] == ["a"]
    assert [p.item for p in problems] == [f"{path}{item}"] and message in problems[0].message


@pytest.mark.parametrize(("content", "message"), [
    ("", "empty file"),
    ('"just a string"', "must hold one object"),
    ('{"id": "a", "text": "Un."}\n{"id": "b", "text": "Deux."}\n', "named .jsonl"),
])
def test_ingest_json_file_level_problems(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    articles, problems = _read(path)
    assert articles == [] and [p.item for p in problems] == [str(path)] and message in problems[0].message


def test_ingest_json_list_read_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(records_module, "_CHUNK", 7)  # every value straddles several reads
    entries = [{"id": f"d{i}", "text": f"Le Tchad a reçu {i} « délégués » du Soudan.\n", "n": 12345 * i}
               for i in range(40)] + [123456789, {"id": "last", "text": "Fin."}]
    path = tmp_path / "many.json"
    path.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    articles, problems = _read(path)
    assert [a.id for a in articles] == [f"d{i}" for i in range(40)] + ["last"]
    assert articles[7].text == entries[7]["text"]
    assert [p.item for p in problems] == [f"{path}:[40]"]


@pytest.mark.parametrize("chunk", [1 << 20, 7], ids=["in-memory", "streamed"])
def test_ingest_json_entry_over_limit_skipped(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(records_module, "_CHUNK", chunk)
    tricky = "x" * 3000 + ' "cité" [entre crochets], {accolades} \\ fin'  # separators inside the string
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"id": "a", "text": "Court."}, {"id": "b", "text": tricky, "tags": [[1], {"k": 2}]},
                                {"id": "c", "text": "Après."}], ensure_ascii=False), encoding="utf-8")
    articles, problems = _read(path, max_bytes=1000)
    assert [a.id for a in articles] == ["a", "c"]
    assert [p.item for p in problems] == [f"{path}:[1]"] and "entry over the 0.001 MB limit" in problems[0].message


def test_ingest_jsonl_outlet_from_url_or_record(tmp_path):
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "text": MALI, "url": "https://www.jeuneafrique.com/mali"},
        {"id": "b", "text": NIGER, "url": "https://www.rfi.fr/niger", "outlet": "Radio France Internationale"},
        {"id": "c", "text": CHINA},
    ]), encoding="utf-8")
    articles, _ = _read(path)
    assert [a.outlet for a in articles] == ["jeuneafrique.com", "Radio France Internationale", ""]


# --- CSV and TSV ----------------------------------------------------------------------------------

def test_ingest_csv_columns_and_aliases(tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text(
        "ID,Title,Body,URL,Published,Lang\n"
        f'mali,"Bamako, Moscou","{MALI}",https://www.lemonde.fr/mali,2025-10-14T08:00:00Z,fr\n'
        f'china,,"{CHINA}\nSecond paragraph, with a comma.",,,en\n', encoding="utf-8-sig")  # as Excel writes it
    articles, problems = _read(path, default_date=date(2025, 1, 1))
    assert problems == []
    mali, china = articles
    assert (mali.id, mali.title, mali.date, mali.lang, mali.outlet) == (
        "mali", "Bamako, Moscou", date(2025, 10, 14), "fr", "lemonde.fr")
    assert china.text.endswith("Second paragraph, with a comma.") and china.date == date(2025, 1, 1)
    assert mali.source == f"{path}:row 2" and china.url == ""


def test_ingest_csv_semicolons_and_tsv(tmp_path):
    (tmp_path / "fr.csv").write_text(f"id;texte;outlet\nniger;{NIGER};Le Sahel\n", encoding="utf-8")
    (tmp_path / "en.tsv").write_text(f"id\tcontent\nchina\t{CHINA}\n", encoding="utf-8")
    articles, problems = _read(tmp_path)
    assert problems == []
    assert [(a.id, a.outlet) for a in articles] == [("china", ""), ("niger", "Le Sahel")]
    assert articles[1].text == NIGER


def test_ingest_csv_without_text_column_is_one_problem(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("id,headline,summary\n1,a,b\n2,c,d\n", encoding="utf-8")
    articles, problems = _read(path)
    assert articles == [] and len(problems) == 1
    assert "no text column" in problems[0].message and "'headline', 'summary'" in problems[0].message


def test_ingest_csv_bad_rows_reported_by_number(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        "id,text,date\n"
        f"a,{MALI.split('.')[0]},2025-10-14\n"      # row 2: good
        "b,,2025-10-14\n"                          # row 3: empty text
        "c,Le Tchad a fermé sa frontière\n"        # row 4: a field missing
        "\n"                                       # row 5: blank, ignored
        "d,Le Ghana a signé un accord,14/10/2025\n"  # row 6: date not ISO: warning, kept
        f"e,\"{'x' * 300}\",2025-10-14\n"          # row 7: field over the limit
        "f,Le Bénin a rappelé son ambassadeur,2025-10-15\n", encoding="utf-8")
    articles, problems = _read(path, max_bytes=200)
    assert [a.id for a in articles] == ["a", "d", "f"]
    by_item = {p.item.rsplit(":", 1)[1]: p for p in problems}
    assert set(by_item) == {"row 3", "row 4", "row 6", "row 7"}
    assert "no \"text\"" in by_item["row 3"].message
    assert "2 fields where the header has 3" in by_item["row 4"].message
    assert by_item["row 6"].severity == "warning"
    assert "over the 0.0002 MB limit" in by_item["row 7"].message  # the whole row is bounded, not each field


def test_ingest_csv_windows_1252_and_empty(tmp_path):
    (tmp_path / "latin.csv").write_bytes(f"text\n{NIGER}\n".encode("cp1252"))
    (tmp_path / "empty.csv").write_bytes(b"")
    articles, problems = _read(tmp_path)
    assert [a.text for a in articles] == [NIGER]
    assert {(p.item.rsplit("/", 1)[1], p.severity) for p in problems} == {("latin.csv", "warning"),
                                                                           ("empty.csv", "error")}


# --- web archives ---------------------------------------------------------------------------------

def _response(writer, url, status, content_type, body, *, encoding=None, day="2025-10-16T09:30:00Z"):
    headers = [("Content-Type", content_type)] + ([("Content-Encoding", encoding)] if encoding else [])
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": day})


def _archive(gzipped: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    request = StatusAndHeaders("GET /afrique/mali HTTP/1.1", [("Host", "www.lemonde.fr")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://www.lemonde.fr/afrique/mali", "request",
                                                  payload=io.BytesIO(b""), http_headers=request))
    writer.write_record(_response(writer, "https://www.lemonde.fr/afrique/mali", "200 OK", "text/html; charset=utf-8",
                                  _page("Hélicoptères pour Bamako", MALI, "2025-10-14").encode()))
    writer.write_record(_response(writer, "https://www.lemonde.fr/absent", "404 Not Found", "text/html",
                                  b"<html><body><p>Page introuvable</p></body></html>"))
    writer.write_record(_response(writer, "https://www.rfi.fr/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"))
    writer.write_record(_response(writer, "https://www.rfi.fr/fr/niger", "200 OK", "text/html",
                                  gzip.compress(_page("Niamey expulse l'ambassadeur", NIGER).encode()),
                                  encoding="gzip"))
    return buffer.getvalue()


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_ingest_warc_reads_html_responses_only(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    path.write_bytes(_archive(gzipped))
    articles, problems = _read(path, default_date=date(2025, 1, 1))
    assert problems == []
    mali, niger = articles
    assert (mali.id, mali.url, mali.outlet) == ("https://www.lemonde.fr/afrique/mali",) * 2 + ("lemonde.fr",)
    assert mali.title == "Hélicoptères pour Bamako" and mali.date == date(2025, 10, 14)  # the page's own date
    assert "La Russie a livré des hélicoptères au Mali." in mali.text
    assert "Accueil" not in mali.text and "Mentions légales" not in mali.text
    assert niger.date == date(2025, 10, 16) and niger.outlet == "rfi.fr"  # no date in the page: WARC-Date
    assert "Le Niger a expulsé l'ambassadeur de France." in niger.text
    assert mali.source == f"{path}#record 2" and niger.source == f"{path}#record 5"


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_ingest_warc_truncated_keeps_records_before(tmp_path, gzipped):
    data = _archive(gzipped)
    path = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    path.write_bytes(data[:len(data) - 200])  # inside the last response
    articles, problems = _read(path)
    assert [a.url for a in articles] == ["https://www.lemonde.fr/afrique/mali"]
    assert len(problems) == 1 and problems[0].item == str(path)
    assert "truncated web archive" in problems[0].message and "4 record(s) before it were read" in problems[0].message


def test_ingest_warc_page_without_text_and_garbage_file(tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(_response(writer, "https://www.rfi.fr/photo", "200 OK", "text/html",
                                  b"<html><head><title>Photo</title></head><body><img src='a.jpg'></body></html>"))
    writer.write_record(_response(writer, "https://www.rfi.fr/fr/chine", "200 OK", "text/plain; charset=utf-8",
                                  CHINA.encode()))
    (tmp_path / "menu.warc.gz").write_bytes(buffer.getvalue())
    (tmp_path / "garbage.warc").write_bytes(b"this is not a web archive\n" * 10)
    articles, problems = _read(tmp_path)
    assert [a.text for a in articles] == [CHINA]
    by_item = {p.item.rsplit("/", 1)[1]: p.message for p in problems}
    assert "no article text" in by_item["menu.warc.gz#record 1"]
    assert "not a web archive" in by_item["garbage.warc"]


# --- web pages and feeds --------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Le Quotidien - Afrique</title><link>{base}/</link>
<item><title>Des hélicoptères russes pour le Mali</title><link>{base}/articles/mali.html</link>
  <pubDate>Tue, 14 Oct 2025 08:00:00 GMT</pubDate></item>
<item><title>Niamey expulse l'ambassadeur</title><link>/articles/niger.html</link>
  <pubDate>Wed, 15 Oct 2025 10:00:00 GMT</pubDate></item>
<item><title>Accord commercial</title><link>{base}/missing</link>
  <pubDate>Thu, 16 Oct 2025 07:00:00 GMT</pubDate><description>&lt;p&gt;{china}&lt;/p&gt;</description></item>
<item><title>Panne</title><link>{base}/broken</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sahel</title><id>urn:sahel</id>
<updated>2025-10-16T00:00:00Z</updated>
<entry><title>Moscou et Bamako</title><id>urn:1</id><link href="{base}/articles/mali.html"/>
  <updated>2025-10-13T12:00:00Z</updated></entry>
<entry><title>Niger</title><id>urn:2</id><link href="{base}/articles/niger.html"/>
  <published>2025-10-15T10:00:00Z</published><updated>2025-10-15T11:00:00Z</updated></entry>
</feed>"""


def _handler(routes: dict[str, tuple[int, str, bytes]], agents: list[str]) -> type[BaseHTTPRequestHandler]:
    class Site(BaseHTTPRequestHandler):
        def do_GET(self):
            agents.append(self.headers.get("User-Agent", ""))
            status, content_type, body = routes.get(self.path, (404, "text/html", b"<p>Introuvable</p>"))
            if self.path == "/slow":
                time.sleep(0.6)
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", body.decode())
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Site


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the client that timed out on /slow has hung up before the answer


@dataclass(frozen=True)
class _Served:
    base: str
    agents: list[str]


@pytest.fixture(scope="module")
def site():
    routes: dict[str, tuple[int, str, bytes]] = {}
    agents: list[str] = []
    server = _QuietServer(("127.0.0.1", 0), _handler(routes, agents))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes.update({
        "/rss.xml": (200, "application/rss+xml", RSS.format(base=base, china=CHINA).encode()),
        "/atom": (200, "text/xml", ATOM.format(base=base).encode()),  # a feed recognised by its content
        "/articles/mali.html": (200, "text/html; charset=utf-8",
                                _page("Bamako et Moscou", MALI, "2025-10-12T08:00:00Z").encode()),
        "/articles/niger.html": (200, "text/html", _page("Niger et France", NIGER).encode()),
        "/broken": (500, "text/html", b"<p>Erreur interne</p>"),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
        "/old-address": (301, "text/html", b"/articles/niger.html"),
        "/slow": (200, "text/html", _page("Lent", CHINA).encode()),
    })
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield _Served(base, agents)
    server.shutdown()
    server.server_close()


def test_ingest_url_html_page(site):
    articles, problems = _read(f"{site.base}/articles/mali.html", default_date=date(2025, 1, 1))
    assert problems == []
    (article,) = articles
    assert article.url == article.id == f"{site.base}/articles/mali.html" and article.outlet == "127.0.0.1"
    assert article.title == "Bamako et Moscou" and article.date == date(2025, 10, 12)
    assert "La Russie a livré des hélicoptères au Mali." in article.text and "Accueil" not in article.text
    assert site.agents[-1] == f"bilateral/{__version__}"


def test_ingest_url_errors_name_the_url_and_status(site):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    inputs = [f"{site.base}/{page}" for page in ("missing", "broken", "logo.png")]
    inputs += [closed, f"{site.base}/articles/niger.html"]
    articles, problems = _read(*inputs)
    assert [a.url for a in articles] == [f"{site.base}/articles/niger.html"]
    assert [p.item for p in problems] == inputs[:4]
    assert "HTTP 404" in problems[0].message and "HTTP 500" in problems[1].message
    assert "not a web page" in problems[2].message and "cannot fetch" in problems[3].message


def test_ingest_url_redirect_followed_and_timeout_reported(site):
    articles, problems = _read(f"{site.base}/old-address", f"{site.base}/slow", timeout=0.2)
    assert [a.url for a in articles] == [f"{site.base}/articles/niger.html"]
    assert [p.item for p in problems] == [f"{site.base}/slow"] and "no answer within 0.2 s" in problems[0].message


def test_ingest_url_page_over_limit(site):
    articles, problems = _read(f"{site.base}/articles/mali.html", max_bytes=100)
    assert articles == [] and problems[0].item == f"{site.base}/articles/mali.html"
    assert "over the 0.0001 MB limit" in problems[0].message


def test_ingest_rss_feed_entries_fetched_with_fallbacks(site):
    articles, problems = _read(f"{site.base}/rss.xml", default_date=date(2025, 1, 1), allow_private=True)
    mali, niger, china = articles
    assert (mali.title, mali.date) == ("Des hélicoptères russes pour le Mali", date(2025, 10, 14))  # entry wins
    assert "La Russie a livré des hélicoptères au Mali." in mali.text
    assert niger.url == f"{site.base}/articles/niger.html" and niger.date == date(2025, 10, 15)
    assert china.text == CHINA and china.url == f"{site.base}/missing" and china.date == date(2025, 10, 16)
    warning, error = problems
    assert warning.item == f"{site.base}/missing" and warning.severity == "warning"
    assert "HTTP 404" in warning.message and "summary" in warning.message
    assert error.item == f"{site.base}/broken" and error.severity == "error"
    assert "HTTP 500" in error.message and "no summary" in error.message


def test_ingest_atom_feed_sniffed_from_content(site):
    articles, problems = _read(f"{site.base}/atom", allow_private=True)
    assert problems == []
    assert [(a.title, a.date) for a in articles] == [("Moscou et Bamako", date(2025, 10, 13)),
                                                     ("Niger", date(2025, 10, 15))]


# --- counting and walking -------------------------------------------------------------------------

def test_estimate_total_counts_without_parsing(tmp_path, site):
    (tmp_path / "a.jsonl").write_text('{"text": "Un."}\n\n{"text": "Deux."}\n{"text": "Trois."}', encoding="utf-8")
    (tmp_path / "b.csv").write_text("id,text\n1,Un.\n2,Deux.\n\n", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps([{"text": "Un."}] * 4), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({"text": "Seul."}), encoding="utf-8")
    (tmp_path / "e.txt").write_text(MALI, encoding="utf-8")
    (tmp_path / "f.html").write_text(_page("Niger", NIGER), encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert estimate_total([str(tmp_path)]) == 3 + 2 + 4 + 1 + 1 + 1
    assert estimate_total([str(tmp_path / "e.txt"), str(tmp_path / "nope.txt")]) == 1
    assert estimate_total([str(tmp_path), f"{site.base}/rss.xml"]) is None
    (tmp_path / "crawl.warc.gz").write_bytes(_archive())
    assert estimate_total([str(tmp_path)]) is None


def test_ingest_directory_walk_includes_new_formats(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "json", "text": MALI}]), encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"id,text\ncsv,{NIGER}\n", encoding="utf-8")
    (tmp_path / "c.tsv").write_text(f"id\ttext\ntsv\t{CHINA}\n", encoding="utf-8")
    (tmp_path / "d.warc.gz").write_bytes(_archive())
    (tmp_path / "e.gz").write_bytes(gzip.compress(b"not read"))
    articles, problems = _read(tmp_path)
    assert problems == []
    assert [a.id for a in articles] == ["json", "csv", "tsv", "https://www.lemonde.fr/afrique/mali",
                                        "https://www.rfi.fr/fr/niger"]

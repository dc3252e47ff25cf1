"""A real HTTP server on 127.0.0.1 serving the hand-written test site under ``tests/site/``.

Static pages are fragments (a few ``key: value`` lines, ``---``, then the article's HTML) wrapped
in one layout with a menu and a footer, as real sites are. Dynamic paths produce the awkward
cases a crawler meets: redirects and loops, a slow page, a huge one, a 429 with Retry-After, a
fake and a real PDF, a windows-1251 page declared as UTF-8, a page that changes and one that
disappears. Under ``/hostile/`` are pages that once stopped a crawl for good or held it up: a
redirect to ``javascript:``, a tiny page whose markup breaks the metadata extractor, a PDF that
breaks pypdf, gzip and binary bytes served as HTML, and a server that trickles one byte at a
time. Every request is recorded with its headers and time.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

SITE = Path(__file__).resolve().parent / "site"


@dataclass
class Request:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    time: float


@dataclass
class SiteState:
    """What the dynamic pages answer; tests flip these between crawls."""

    changing_version: int = 1
    vanished: bool = False
    slow_seconds: float = 3.0
    trickle_seconds: float = 0.1
    """Pause between two bytes of ``/hostile/trickle.html``."""
    limited_answered: int = 0
    generated_pages: int = 300
    generated_latency: float = 0.0
    """Seconds a generated page takes to answer, as a distant server's pages do."""
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]


def render(fragment: str) -> bytes:
    """Wrap a page fragment in the site layout (a whole page, ``<!DOCTYPE html>…``, as it is:
    the mirror of a government site under ``gov/`` has its own layout on each page)."""
    if fragment.lstrip().lower().startswith("<!doctype html"):
        return fragment.encode("utf-8")
    head, _, body = fragment.partition("---\n")
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    page = (SITE / "layout.html").read_text(encoding="utf-8")
    for key in ("title", "date", "lang"):
        page = page.replace("{" + key + "}", meta.get(key, ""))
    return page.replace("{body}", body).encode("utf-8")


def make_pdf(
    pages: list[str], title: str, *, created: str = "20230915120000Z", author: str = ""
) -> bytes:
    """A small valid PDF with one line of Helvetica text per page (offsets computed), its
    ``/CreationDate`` ``created`` and ``/Author`` ``author``."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * n} 0 R" for n in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for n, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + 2 * n} 0 R "
            "/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    info_number = len(objects) + 1
    by = f" /Author ({author})" if author else ""
    objects.append(f"<< /Title ({title}) /CreationDate (D:{created}){by} >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_number} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


PDF_PAGES = [
    "Annual report on asylum procedures. Page one: refugee status determination.",
    "Page two: detention of asylum seekers and access to lawyers.",
]


GOV_REPORT_PAGES = [
    "Access to asylum in Azerbaijan. Asylum seekers from Afghanistan, Iran and Syria wait "
    "years for a decision on refugee status, and many live without documents in Baku.",
    "Detention of asylum seekers at the border continues; lawyers report that people are "
    "held without access to legal aid and that appeals against refusals are rarely heard.",
    "The foundation recommends that the State Migration Service register every asylum "
    "application within days and issue identity documents to asylum seekers at once.",
]
"""The NGO report of the government site's mirror, as its PDF twin holds it (one page each);
``tests/site/gov/en/report-2020.html`` holds the same text."""


class SiteHandler(BaseHTTPRequestHandler):
    """Serves the site; ``self.server.state`` holds the dynamic state."""

    server: SiteServer

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        return

    def do_GET(self) -> None:
        state = self.server.state
        with state.lock:
            state.requests.append(Request(self.path, dict(self.headers), time.monotonic()))
        path = urlsplit(self.path).path
        if path.startswith("/gen/"):
            return self.generated(path)
        route = getattr(
            self,
            "route_" + path.strip("/").replace("/", "_").replace(".", "_").replace("-", "_"),
            None,
        )
        if route is not None:
            route()
        else:
            self.static(path)

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        # the crawler may have given up waiting (the slow page): exactly what is tested
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send(status, b"", "text/html", Location=location)

    def static(self, path: str) -> None:
        file = (SITE / path.lstrip("/")).resolve()
        if not file.is_file() or SITE not in file.parents or file.name == "layout.html":
            return self.send(404, b"<h1>Not found</h1>", "text/html")
        if file.suffix == ".txt":
            return self.send(200, file.read_bytes(), "text/plain; charset=utf-8")
        if file.suffix == ".xml":
            body = file.read_bytes().replace(b"{base}", self.server.url.encode())
            return self.send(200, body, "application/xml")
        body = render(file.read_text(encoding="utf-8"))
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", "text/html", ETag=etag)
        return self.send(200, body, "text/html; charset=utf-8", ETag=etag)

    def generated(self, path: str) -> None:
        """A generated site of ``state.generated_pages`` pages, each linking to the next few.

        Pages are small real-looking reports, so a crawl of thousands runs in seconds; the
        crawl benchmark and the kill-and-resume test use it.
        """
        tail = path.removeprefix("/gen/")
        total = self.server.state.generated_pages
        if not tail.isdigit() or int(tail) >= total:
            return self.send(404, b"<h1>Not found</h1>", "text/html")
        n = int(tail)
        time.sleep(self.server.state.generated_latency)
        links = "".join(
            f'<li><a href="/gen/{m}">Report {m}</a></li>' for m in range(n + 1, min(n + 4, total))
        )
        fragment = (
            f"title: Monitoring report {n}\n"
            f"date: 2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}\nlang: en\n---\n"
            f"<p>Report {n} documents detention conditions, access to lawyers and the treatment "
            f"of asylum seekers in facility number {n}. Monitors visited {n % 17 + 2} cells and "
            f"interviewed {n % 23 + 5} detainees about food, medical care and family visits.</p>"
            f"<ul>{links}</ul>"
        )
        return self.send(200, render(fragment), "text/html; charset=utf-8")

    def route_old_address(self) -> None:
        self.redirect(301, "/en/detention.html")

    def route_loop_a(self) -> None:
        self.redirect(302, "/loop-b")

    def route_loop_b(self) -> None:
        self.redirect(302, "/loop-a")

    def route_slow_html(self) -> None:
        time.sleep(self.server.state.slow_seconds)
        self.send(200, render("title: Slow\n---\n<p>Too late.</p>"), "text/html")

    def route_huge_html(self) -> None:
        paragraph = "<p>" + "Padding text about nothing in particular. " * 50 + "</p>\n"
        self.send(200, render("title: Huge\n---\n" + paragraph * 200), "text/html")

    def route_limited_html(self) -> None:
        state = self.server.state
        with state.lock:
            state.limited_answered += 1
            first = state.limited_answered == 1
        if first:
            return self.send(429, b"slow down", "text/plain", Retry_After="1")
        fragment = (
            "title: Rate-limited statement on deportations\ndate: 2024-02-02\nlang: en\n---\n"
            "<p>The ministry announced new deportation procedures for rejected asylum "
            "seekers; lawyers warn about the lack of appeal rights and legal aid.</p>"
        )
        return self.send(200, render(fragment), "text/html; charset=utf-8")

    def route_fake_pdf(self) -> None:
        self.send(200, b"This server error page is not a PDF at all.", "application/pdf")

    def route_report_pdf(self) -> None:
        self.send(200, make_pdf(PDF_PAGES, "Annual report 2023"), "application/pdf")

    def route_gov_en_report_2020_pdf(self) -> None:
        body = make_pdf(
            GOV_REPORT_PAGES,
            "Access to asylum in Azerbaijan",
            created="20261122101500Z",  # re-saved years after publication
            author="Caspian Research Foundation",
        )
        self.send(200, body, "application/pdf")

    def route_data_zip(self) -> None:
        self.send(200, b"PK\x03\x04 not really a zip", "application/zip")

    def route_ru_cp1251_html(self) -> None:
        fragment = (
            "title: Архив: задержания журналистов\ndate: 2010-04-05\nlang: ru\n---\n"
            "<p>В 2010 году правозащитники зафиксировали задержания журналистов и активистов. "
            "Задержанных беженцев держали в изоляторе без доступа к адвокату.</p>"
        )
        body = render(fragment).decode().encode("cp1251", "xmlcharrefreplace")
        self.send(200, body, "text/html; charset=utf-8")

    def route_en_changing_html(self) -> None:
        version = self.server.state.changing_version
        fragment = (
            f"title: Monthly update\ndate: 2024-0{version}-01\nlang: en\n---\n"
            f"<p>Update number {version}: the situation of internally displaced persons "
            f"{'remains difficult' if version == 1 else 'has improved after new housing'} "
            "according to monitors who visited collective centres this month.</p>"
        )
        self.send(200, render(fragment), "text/html; charset=utf-8")

    def route_hostile_js_redirect(self) -> None:
        self.redirect(302, "javascript:alert(1)")

    def route_hostile_control_html(self) -> None:
        body = b"<html><body><math><title><math>\x0b Detention report, Baku 2024\x0b<html></body>"
        self.send(200, body, "text/html; charset=utf-8")

    def route_hostile_broken_pdf(self) -> None:
        """A PDF whose damaged trailer makes pypdf raise ``AttributeError``."""
        pdf = make_pdf(PDF_PAGES, "Annual report 2023").replace(b"trailer\n", b"trailer5")
        self.send(200, pdf, "application/pdf")

    def route_hostile_gzip_html(self) -> None:
        """A page compressed twice by a misconfigured server: gzip bytes, no Content-Encoding."""
        page = render("title: Compressed\n---\n<p>" + "Detention and torture. " * 40 + "</p>")
        self.send(200, gzip.compress(page), "text/html; charset=utf-8")

    def route_hostile_binary_html(self) -> None:
        body = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
        self.send(200, body, "text/html")

    def route_hostile_trickle_html(self) -> None:
        """A valid page sent one byte at a time, each within any read timeout."""
        body = render("title: Trickle\n---\n<p>" + "One byte at a time. " * 5 + "</p>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(self.server.state.trickle_seconds)

    def route_en_vanishing_html(self) -> None:
        if self.server.state.vanished:
            return self.send(410, b"<h1>Gone</h1>", "text/html")
        fragment = (
            "title: Statement on the closure of a shelter\ndate: 2024-01-10\nlang: en\n---\n"
            "<p>The shelter for women asylum seekers in Baku will close at the end of the "
            "month, leaving forty residents without accommodation.</p>"
        )
        return self.send(200, render(fragment), "text/html; charset=utf-8")


class SiteServer(ThreadingHTTPServer):
    """The server with its state; ``url`` is its base URL."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.state = SiteState()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[Request]:
        with self.state.lock:
            return list(self.state.requests)

    def reset(self) -> None:
        """Forget requests and put the dynamic pages back to their first state."""
        with self.state.lock:
            self.state.requests.clear()
        self.state.changing_version = 1
        self.state.vanished = False
        self.state.limited_answered = 0


@pytest.fixture(scope="session")
def site_server() -> Iterator[SiteServer]:
    """The test site, served for the whole session (tests call ``reset()`` as they need)."""
    server = SiteServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def serve_forever_in_process() -> None:
    """Run the site in this process, printing its URL (for benchmarks and manual checks)."""
    server = SiteServer()
    print(server.url, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve_forever_in_process()

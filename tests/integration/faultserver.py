"""A local HTTP server that misbehaves on purpose, one fault per path.

It stands in for the real web's throttling, broken connections, slow servers, redirect
traps, compression bombs, mislabelled charsets and types. Every page it serves is a
synthetic test page from fictional outlets. It listens on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.integration.pdfs import build
from tests.integration.wirefaults import WIRE_ROUTES

ARTICLE = (
    "Synthetic test page of the fictional Harbour Gazette. "
    "The mayor said the harbour “will reopen before the summer season” and that the "
    "council had “no plan to sell the old quay”. Fishermen met on Tuesday to discuss "
    "the repairs, which are expected to take six weeks. "
)
QUOTE = "will reopen before the summer season"
# Spanish and Swedish with letters outside ASCII, for the charset cases.
ACCENTED = ("Página de prueba sintética del ficticio Diario del Puerto. El señor alcalde dijo "
            "que «la reunión del año será en Málaga» y que nadie pagará más. "
            "Över år möttes de på ön för att tala om hamnen. ")
ACCENTED_QUOTE = "la reunión del año será en Málaga"


def page(title: str, body: str, extra_head: str = "") -> str:
    paras = "".join(f"<p>{body}</p>" for _ in range(3))
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}"
            f"</title>{extra_head}</head><body><header><nav>Home · Local · Sport</nav></header>"
            f"<article><h1>{title}</h1>{paras}</article>"
            f"<footer>Synthetic test page. © Harbour Gazette (fictional)</footer></body></html>")


PAGE = page("Harbour to reopen", ARTICLE)


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a real text layer (Helvetica, WinAnsi)."""
    stream = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(
        f"({_pdf_escape(line)}) '" for line in lines) + " ET"
    content = stream.encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Title (Synthetic test report) /Author (Fictional Port Authority) "
        b"/CreationDate (D:20260301120000Z) >>",
    ]
    return build(objects, trailer=b"/Info 6 0 R ", version="1.4")


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


PDF = make_pdf(["Synthetic test report of the fictional Port Authority.",
                "The harbour will reopen before the summer season.",
                "Repairs to the old quay are expected to take six weeks."])


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes, gzipped: about a thousandth of that on the wire."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    parts = [z.compress(chunk) for _ in range(size >> 20)]
    parts.append(z.flush())
    return b"".join(parts)


class FaultServer:
    """The server and what it has seen: ``hits[path]`` counts requests per path."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self.routes: dict[str, Callable[[_Handler], None]] = {}
        server = self

        class Handler(_Handler):
            fault = server

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def count(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    def _seen(self, path: str, headers: dict[str, str]) -> int:
        with self._lock:
            self.hits[path] += 1
            self.requests.append((path, headers))
            return self.hits[path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients here hang up on purpose (resets, caps, deadlines)


class _Handler(BaseHTTPRequestHandler):
    fault: FaultServer
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm the second waits
    # for the client's delayed ACK (40 ms on Linux), which is no fault the tests mean.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        n = self.fault._seen(path, dict(self.headers.items()))
        handler = self.fault.routes.get(path) or _ROUTES.get(path)
        if handler is None:
            self.send(404, "text/html", page("Not here", "Synthetic test page: no such page."))
            return
        # The client may give up on purpose (size cap, deadline).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            handler(self, n) if _takes_count(handler) else handler(self)  # type: ignore[call-arg]

    def send(self, status: int, ctype: str | None, body: str | bytes,
             headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def reset(self) -> None:
        """Close with a TCP reset instead of an answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


def _takes_count(handler: Callable[..., None]) -> bool:
    return handler.__code__.co_argcount == 2


# --- routes: (handler) or (handler, n) where n counts requests to this path, from 1 ------------

HTML = "text/html; charset=utf-8"


def _ok(h: _Handler) -> None:
    h.send(200, HTML, PAGE)


def _flaky(h: _Handler, n: int) -> None:
    if n == 1:
        h.send(500, "text/plain", "Synthetic test page: internal error")
    else:
        h.send(200, HTML, PAGE)


def _busy(h: _Handler, n: int) -> None:
    if n == 1:
        h.send(503, "text/plain", "busy", {"Retry-After": "7"})
    else:
        h.send(200, HTML, PAGE)


def _busy_long(h: _Handler) -> None:
    h.send(503, "text/plain", "down for maintenance", {"Retry-After": "3600"})


def _down(h: _Handler) -> None:
    h.send(503, "text/plain", "busy")


def _throttled(h: _Handler, n: int) -> None:
    if n <= 2:
        h.send(429, "text/plain", "slow down", {"Retry-After": "2"})
    else:
        h.send(200, HTML, PAGE)


def _throttled_always(h: _Handler) -> None:
    h.send(429, "text/plain", "slow down")


def _reset(h: _Handler) -> None:
    h.reset()


def _reset_once(h: _Handler, n: int) -> None:
    if n == 1:
        h.reset()
    else:
        h.send(200, HTML, PAGE)


def _drip(h: _Handler) -> None:
    body = PAGE.encode()
    h.send_response(200)
    h.send_header("Content-Type", HTML)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    for i in range(len(body)):
        h.wfile.write(body[i:i + 1])
        h.wfile.flush()
        time.sleep(0.05)


def _loop_a(h: _Handler) -> None:
    h.send(302, "text/plain", "", {"Location": "/loop-b"})


def _loop_b(h: _Handler) -> None:
    h.send(301, "text/plain", "", {"Location": "/loop-a"})


def _chain(h: _Handler) -> None:
    # /chain?n=K redirects K times, then serves the page.
    k = int(h.path.split("n=", 1)[1]) if "n=" in h.path else 0
    if k > 0:
        h.send(302, "text/plain", "", {"Location": f"/chain?n={k - 1}"})
    else:
        h.send(200, HTML, PAGE)


def _to_private(h: _Handler) -> None:
    h.send(302, "text/plain", "", {"Location": "http://10.20.30.40/admin"})


def _to_metadata(h: _Handler) -> None:
    h.send(307, "text/plain", "", {"Location": "http://169.254.169.254/latest/meta-data/"})


def _to_file(h: _Handler) -> None:
    h.send(302, "text/plain", "", {"Location": "file:///etc/passwd"})


@functools.cache
def bomb() -> bytes:
    """64 MB of zeros gzipped to about 64 KB; made once (it takes a moment)."""
    return gzip_bomb(64 << 20)


def _bomb(h: _Handler) -> None:
    h.send(200, HTML, bomb(), {"Content-Encoding": "gzip"})


def _big(h: _Handler) -> None:
    size = 50 << 20
    h.send_response(200)
    h.send_header("Content-Type", "text/plain; charset=utf-8")
    h.send_header("Content-Length", str(size))
    h.end_headers()
    _stream_zeros(h, size)


def _big_unlabelled(h: _Handler) -> None:
    # No Content-Length: only counting while reading can stop it.
    size = 50 << 20
    h.send_response(200)
    h.send_header("Content-Type", "text/plain; charset=utf-8")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True
    _stream_zeros(h, size, b"a")


def _stream_zeros(h: _Handler, size: int, fill: bytes = b" ") -> None:
    chunk = fill * (1 << 20)
    sent = 0
    while sent < size:
        h.wfile.write(chunk)
        sent += len(chunk)


def _latin1_as_utf8(h: _Handler) -> None:
    h.send(200, "text/html; charset=utf-8",
           page("Diario del Puerto", ACCENTED).replace('<meta charset="utf-8">', "")
           .encode("latin-1"))


def _utf8_as_latin1(h: _Handler) -> None:
    h.send(200, "text/html; charset=iso-8859-1",
           page("Diario del Puerto", ACCENTED).replace('<meta charset="utf-8">', "")
           .encode("utf-8"))


def _octet_html(h: _Handler) -> None:
    h.send(200, "application/octet-stream", PAGE)


def _pdf_as_html(h: _Handler) -> None:
    h.send(200, "text/html", PDF)


def _pdf(h: _Handler) -> None:
    h.send(200, "application/pdf", PDF)


def _empty(h: _Handler) -> None:
    h.send(200, HTML, b"")


def _image(h: _Handler) -> None:
    h.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64))


def _zip(h: _Handler) -> None:
    h.send(200, "application/zip", b"PK\x03\x04" + bytes(64))


def _gzip_page(h: _Handler) -> None:
    h.send(200, HTML, gzip.compress(PAGE.encode()), {"Content-Encoding": "gzip"})


def _deflate_page(h: _Handler) -> None:
    z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as some servers do
    h.send(200, HTML, z.compress(PAGE.encode()) + z.flush(), {"Content-Encoding": "deflate"})


def _bot_wall(h: _Handler) -> None:
    h.send(403, HTML, page("Just a moment...", "Synthetic test page. Checking your browser "
                                               "before accessing. Please complete the CAPTCHA."))


def _challenge_503(h: _Handler) -> None:
    h.send(503, HTML, page("Just a moment...", "Synthetic test page. Checking your browser "
                                               "before accessing the site."))


def _bot_wall_200(h: _Handler) -> None:
    h.send(200, HTML, page("Are you a robot?", "Synthetic test page. Please verify you are "
                                               "human to continue."))


def _paywall(h: _Handler) -> None:
    teaser = ("Synthetic test page of the fictional Coastal Ledger. The council met on "
              "Monday to discuss the quay. ")
    body = (f"<!DOCTYPE html><html><head><title>Quay plans</title></head><body><article>"
            f"<h1>Quay plans</h1><p>{teaser}</p><div class=\"paywall\"><p>Subscribe to "
            f"continue reading. Already a subscriber? Log in.</p></div></article></body></html>")
    h.send(200, HTML, body)


def _soft404(h: _Handler) -> None:
    h.send(200, HTML, "<!DOCTYPE html><html><head><title>Page not found | Harbour Gazette"
                      "</title></head><body><h1>Page not found</h1><p>Synthetic test page. "
                      "The page you requested does not exist.</p></body></html>")


def _truncated(h: _Handler) -> None:
    ld = ('<script type="application/ld+json">{"@context": "https://schema.org", '
          '"@type": "NewsArticle", "headline": "Harbour to reopen", "wordCount": 1800}'
          "</script>")
    h.send(200, HTML, page("Harbour to reopen", ARTICLE, ld))


def _not_found(h: _Handler) -> None:
    h.send(404, HTML, page("Not found", "Synthetic test page: no such article."))


_ETAG = '"v1-synthetic"'


def _etag(h: _Handler) -> None:
    if h.headers.get("If-None-Match") == _ETAG:
        h.send_response(304)
        h.send_header("ETag", _ETAG)
        h.end_headers()
        return
    h.send(200, HTML, PAGE, {"ETag": _ETAG, "Last-Modified": "Mon, 02 Mar 2026 10:00:00 GMT"})


def _edited(h: _Handler, n: int) -> None:
    # The second visit finds the quote edited: the page changed between captures.
    text = ARTICLE if n == 1 else ARTICLE.replace("before the summer", "after the summer")
    h.send(200, HTML, page("Harbour to reopen", text))


def _gone(h: _Handler) -> None:
    h.send(301, "text/plain", "", {"Location": "/"})


def _home(h: _Handler) -> None:
    h.send(200, HTML, page("Harbour Gazette", "Synthetic test page: the front page of a "
                                              "fictional newspaper, with today's headlines. "
                           * 20))


def _wayback(h: _Handler) -> None:
    h.send(200, HTML, PAGE)


_ROUTES: dict[str, Callable[..., None]] = {
    "/": _home, "/news/2026/03/02/harbour-to-reopen": _gone,
    "/web/20260302101500/https://harbour-gazette.example/a": _wayback,
    "/ok": _ok, "/flaky": _flaky, "/busy": _busy, "/busy-long": _busy_long, "/down": _down,
    "/throttled": _throttled, "/throttled-always": _throttled_always, "/reset": _reset,
    "/reset-once": _reset_once, "/drip": _drip, "/loop-a": _loop_a, "/loop-b": _loop_b,
    "/chain": _chain, "/to-private": _to_private, "/to-metadata": _to_metadata,
    "/to-file": _to_file, "/bomb": _bomb, "/big": _big, "/big-unlabelled": _big_unlabelled,
    "/latin1-as-utf8": _latin1_as_utf8, "/utf8-as-latin1": _utf8_as_latin1,
    "/octet-html": _octet_html, "/pdf-as-html": _pdf_as_html, "/pdf": _pdf, "/empty": _empty,
    "/image": _image, "/zip": _zip, "/gzip": _gzip_page, "/deflate": _deflate_page,
    "/bot-wall": _bot_wall, "/bot-wall-200": _bot_wall_200, "/challenge-503": _challenge_503,
    "/paywall": _paywall,
    "/soft404": _soft404, "/truncated": _truncated, "/not-found": _not_found, "/etag": _etag,
    "/edited": _edited, **WIRE_ROUTES,
}


class DelayServer:
    """Answers every request after ``delay`` seconds; records how many were in flight.

    Bound to one loopback address each (127.0.0.2, 127.0.0.3, ...), several of these stand
    in for several hosts.
    """

    def __init__(self, host: str = "127.0.0.1", delay: float = 0.2) -> None:
        self.delay = delay
        self.in_flight = 0
        self.max_in_flight = 0
        self.starts: list[float] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                    server.starts.append(time.monotonic())
                time.sleep(server.delay)
                with server._lock:
                    server.in_flight -= 1
                body = PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", HTML)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = _QuietServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

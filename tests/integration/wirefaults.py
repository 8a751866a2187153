"""Faults in the HTTP framing itself, for the fault server: headers trickled one byte a
second, a header line over http.client's 64 KB limit, more header lines than it takes.

Each handler writes the answer by hand; the pages are synthetic test pages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["WIRE_ROUTES"]

_BODY = b"<!DOCTYPE html><html><body><p>Synthetic test page.</p></body></html>"


def _header_trickle(h: Any) -> None:
    # The status line at once, then one header byte a second for a minute: every read
    # gets something, so no socket timeout ever fires.
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    h.wfile.flush()
    for byte in b"X-Synthetic-Slow: " + b"z" * 60:
        h.wfile.write(bytes([byte]))
        h.wfile.flush()
        time.sleep(1.0)
    h.close_connection = True


def _long_header(h: Any) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\nX-Synthetic-Long: " + b"a" * 70_000 + b"\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(_BODY) + _BODY)
    h.close_connection = True


def _many_headers(h: Any) -> None:
    lines = b"".join(b"X-Synthetic-%d: x\r\n" % i for i in range(150))
    h.wfile.write(b"HTTP/1.1 200 OK\r\n" + lines + b"Content-Length: %d\r\n\r\n" % len(_BODY)
                  + _BODY)
    h.close_connection = True


def _bad_status(h: Any) -> None:
    h.wfile.write(b"HTTP/1.1 OK-ish\r\nContent-Length: 0\r\n\r\n")
    h.close_connection = True


WIRE_ROUTES: dict[str, Callable[..., None]] = {
    "/header-trickle": _header_trickle, "/long-header": _long_header,
    "/many-headers": _many_headers, "/bad-status": _bad_status,
}

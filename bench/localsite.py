"""A local web site for the benches: pages served from memory on 127.0.0.1."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["serve", "serve_elsewhere"]


@contextmanager
def serve(pages: Mapping[str, tuple[bytes, str]]) -> Iterator[str]:
    """Serve ``pages`` (path -> (body, content type)) on 127.0.0.1; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            got = pages.get(path)
            if got is None:
                self.send_error(404)
                return
            body, ctype = got
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_elsewhere(make: Callable[[], Mapping[str, tuple[bytes, str]]]) -> Iterator[str]:
    """Like ``serve``, from another process that makes the pages itself: a bench measuring
    its own memory must not count the site's. ``make`` must be a module-level function."""
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_serve_forever, args=(make, send), daemon=True)
    proc.start()
    try:
        yield receive.recv()
    finally:
        proc.kill()
        proc.join()


def _serve_forever(make: Callable[[], Mapping[str, tuple[bytes, str]]], send: object) -> None:
    with serve(make()) as base:
        send.send(base)  # type: ignore[attr-defined]
        threading.Event().wait()

"""A wall-clock limit on one attempt at a URL, enforced by closing its socket.

Socket timeouts bound the wait for each read, not the whole answer: a server that sends the
status line and then one header byte per second never lets a read time out, and ``requests``
checks nothing while it reads the headers. A ``Watchdog`` is armed around an attempt; the
connections used while it is armed register their socket with it (``watched.WatchedConnection``,
through a context variable, so threads fetching other URLs are not affected), and when the
time is up a timer thread shuts those sockets down. The reading thread then sees the
connection end, and the fetcher, seeing ``fired``, reports a timeout.

Through a proxy, requests uses its own proxy manager: the watchdog does not see those
sockets, and only the checks between body reads bound the time.
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading

__all__ = ["Watchdog", "watch"]

_CURRENT: contextvars.ContextVar[Watchdog | None] = contextvars.ContextVar(
    "provenance_watchdog", default=None)


class Watchdog:
    """Shuts down the sockets registered with it once ``seconds`` have passed; a context
    manager that arms it for the current thread's requests."""

    def __init__(self, seconds: float) -> None:
        self.seconds = max(0.0, seconds)
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._token: contextvars.Token[Watchdog | None] | None = None

    def __enter__(self) -> Watchdog:
        self._token = _CURRENT.set(self)
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        if self._token is not None:
            _CURRENT.reset(self._token)
        with self._lock:
            self._sockets.clear()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.fired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # shutdown, not close: the reading thread's recv returns at once with nothing (the end
    # of the stream), while the descriptor stays valid until its owner closes it.
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def watch(sock: socket.socket) -> None:
    """Have the watchdog armed in this thread, if any, watch ``sock``."""
    watchdog = _CURRENT.get()
    if watchdog is not None:
        watchdog.watch(sock)

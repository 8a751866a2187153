"""urllib3 connections and a requests adapter whose sockets a ``watchdog.Watchdog`` can cut.

Apart from ``watchdog`` so that runs which never go online never import the HTTP library.
"""

from __future__ import annotations

import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from provenance.fetch.watchdog import watch

__all__ = ["WatchedConnection", "WatchingAdapter"]


class WatchedConnection:
    """Mixin for urllib3 connections: the socket of each request is watched, when a
    watchdog is armed in the requesting thread (a kept-alive connection is watched too)."""

    sock: socket.socket | None

    def connect(self) -> None:
        super().connect()  # type: ignore[misc]
        self._watch()

    def getresponse(self) -> Any:
        self._watch()
        return super().getresponse()  # type: ignore[misc]

    def _watch(self) -> None:
        if self.sock is not None:
            watch(self.sock)


class _WatchedHTTPConnection(WatchedConnection, HTTPConnection):
    pass


class _WatchedHTTPSConnection(WatchedConnection, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class WatchingAdapter(HTTPAdapter):
    """A requests adapter whose direct connections a ``Watchdog`` can cut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool,
                                                   "https": _WatchedHTTPSPool}

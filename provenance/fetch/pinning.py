"""HTTP connections that go only to an address the guard has just vetted.

``requests`` hands a host name to urllib3, which looks it up again when it connects; a check
made before the request therefore vets one DNS answer and the connection may use another
(DNS rebinding). Here the lookup and the check happen inside the connection itself: every new
connection resolves the name once (``urlsafety.vet_host``), refuses it if any answer is not a
public address, and connects to the vetted addresses only. Nothing else changes: the request
still names the host, so the Host header, TLS SNI and certificate verification are for the
name in the URL, and timeouts, streaming and keep-alive are urllib3's own. A kept-alive
connection was vetted when it was made.

Through a proxy the proxy looks the target up, so no client can pin it; ``PinningAdapter``
only guards direct connections (requests routes proxied ones through its own proxy manager)
and the fetcher checks the target before each hop as well.
"""

from __future__ import annotations

import logging
import socket
import sys
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.poolmanager import PoolManager
from urllib3.util import connection as util_connection

from provenance.fetch.urlsafety import Resolve, vet_host
from provenance.fetch.watched import WatchedConnection

__all__ = ["PinningAdapter"]

log = logging.getLogger(__name__)


class _Pinned:
    """Mixin for urllib3 connections: ``_new_conn`` vets the name, then connects to it."""

    # Set on each instance by _PinningPoolManager (through the pool's connection keywords).
    _resolve: Resolve

    def __init__(self, *args: Any, resolve: Resolve, **kwargs: Any) -> None:
        self._resolve = resolve
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        conn: Any = self
        host = conn._dns_host
        try:
            vetted = vet_host(host, conn.port, self._resolve)
        except (socket.gaierror, UnicodeError) as exc:
            reason = exc if isinstance(exc, socket.gaierror) else socket.gaierror(str(exc))
            raise NameResolutionError(conn.host, conn, reason) from exc
        error: OSError | None = None
        for _family, address in vetted:
            try:
                # An address literal: create_connection looks nothing up.
                sock = util_connection.create_connection(
                    (address, conn.port), conn.timeout, source_address=conn.source_address,
                    socket_options=conn.socket_options)
            except OSError as exc:
                log.debug("connecting to %s (%s) failed: %s", host, address, exc)
                error = exc
                continue
            sys.audit("http.client.connect", conn, conn.host, conn.port)
            return sock
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out. "
                                            f"(connect timeout={conn.timeout})") from error
        raise NewConnectionError(conn, f"Failed to establish a new connection: {error}") \
            from error


class _PinnedHTTPConnection(_Pinned, WatchedConnection, HTTPConnection):
    pass


class _PinnedHTTPSConnection(_Pinned, WatchedConnection, HTTPSConnection):
    pass


class _PinningPoolManager(PoolManager):
    def __init__(self, *args: Any, resolve: Resolve, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._resolve = resolve

    def _new_pool(self, scheme: str, host: str, port: int,
                  request_context: dict[str, Any] | None = None) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        # Per pool rather than through connection_pool_kw: urllib3 keys its pools on those
        # keywords and rejects ones it does not know.
        pool.ConnectionCls = _PinnedHTTPSConnection if scheme == "https" \
            else _PinnedHTTPConnection
        pool.conn_kw = {**pool.conn_kw, "resolve": self._resolve}
        return pool


class PinningAdapter(HTTPAdapter):
    """A requests adapter whose direct connections go only to vetted public addresses.

    ``resolve`` has the signature of ``socket.getaddrinfo``. A refused address surfaces as
    ``urlsafety.AddressRefused`` from the request; a name that does not resolve as requests'
    usual ConnectionError."""

    # Kept if pickled. Declared as requests declares it on HTTPAdapter (a list, not a
    # ClassVar), so the override matches its base.
    __attrs__: list[str] = [*HTTPAdapter.__attrs__, "_resolve"]  # noqa: RUF012

    def __init__(self, resolve: Resolve = socket.getaddrinfo, **kwargs: Any) -> None:
        self._resolve = resolve  # before super().__init__, which builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        self._pool_connections, self._pool_maxsize, self._pool_block = (connections, maxsize,
                                                                        block)
        self.poolmanager = _PinningPoolManager(num_pools=connections, maxsize=maxsize,
                                               block=block, resolve=self._resolve,
                                               **pool_kwargs)

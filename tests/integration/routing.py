"""A small test network: public addresses that lead to servers on loopback.

The address guard refuses loopback, so a test that wants the guard to let a host through
must give that host a public address, and no test may reach the real one. ``LoopbackNetwork``
makes a connection to a chosen public address and port arrive at a server on 127.0.0.1
instead (the socket is really connected; only its destination is translated), can answer
the system resolver for chosen names, and records every address a test connected to.

It wraps whatever ``socket.getaddrinfo`` and ``socket.socket.connect`` are when installed
(in this suite, the conftest's loopback-only guards), so anything it does not route still
fails a test that tries to leave loopback.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

import pytest

Resolve = Callable[..., list[tuple[Any, ...]]]


class LoopbackNetwork:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # (public address, port) -> (loopback address, port)
        self.routes: dict[tuple[str, int], tuple[str, int]] = {}
        # name -> resolver answering the system's lookups for it (as a DNS server would)
        self.names: dict[str, Resolve] = {}
        # every (address, port) an internet socket was asked to connect to, before routing
        self.connected: list[tuple[str, int]] = []
        inner_getaddrinfo, inner_connect = socket.getaddrinfo, socket.socket.connect

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host in self.names:
                return self.names[host](host, port, *args, **kwargs)
            if any(host == address for address, _ in self.routes):
                # An address literal: the answer is the address itself, no lookup.
                family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 \
                    else socket.AF_INET
                return [(family, socket.SOCK_STREAM, 6, "", (host, int(port)))]
            return inner_getaddrinfo(host, port, *args, **kwargs)

        def connect(sock: socket.socket, address: Any) -> Any:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
                where = (str(address[0]), int(address[1]))
                self.connected.append(where)
                if where in self.routes:
                    return inner_connect(sock, self.routes[where])
            return inner_connect(sock, address)

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(socket.socket, "connect", connect)

    def route(self, public: str, port: int, to_port: int, to: str = "127.0.0.1") -> None:
        """Connections to ``public``:``port`` reach ``to``:``to_port``."""
        self.routes[(public, port)] = (to, to_port)


def answers(*addresses: str) -> Resolve:
    """A resolver (``socket.getaddrinfo``'s signature) answering ``addresses`` for any name."""
    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0)) if ":" in a
                else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]
    return resolve

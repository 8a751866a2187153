"""Refuse URLs a document should not make us fetch: other schemes and non-public addresses.

A document is untrusted input. Without a guard, a link in it could make the tool read local
files (``file:``), talk to services on the user's own machine or network (``127.0.0.1``,
``192.168.x.x``, a cloud metadata address ``169.254.169.254``), and store the answer in a
report. The check runs before the first request and again on every redirect hop.

The host is resolved here and each address it resolves to is tested; the connection then
resolves it again, so a DNS server that answers differently within milliseconds could still
slip past. That narrow window is accepted: closing it needs a connection pinned to the
checked address, which ``requests`` does not offer.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .errors import FetchError

__all__ = ["address_problem", "check_url"]

_SCHEMES = frozenset({"http", "https"})


Resolve = Callable[..., list[tuple[Any, ...]]]


def check_url(url: str, allow_private: bool = False,
              resolve: Resolve = socket.getaddrinfo) -> None:
    """Raise FetchError when ``url`` is not http(s) or its host is not a public address.

    ``resolve`` has the signature of ``socket.getaddrinfo`` (tests give a host a public
    address without a DNS server)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _SCHEMES:
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        raise FetchError(url, f"unsupported scheme {shown}: only http and https are fetched")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in the URL")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "invalid port in the URL") from None
    if allow_private:
        return
    literal = _literal(host)
    if literal is not None:
        problem = address_problem(literal)
        if problem:
            raise FetchError(url, f"private address refused: {host} is {problem} "
                                  "(--allow-private lifts this)")
        return
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"DNS failure: cannot resolve {host}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        problem = address_problem(address)
        if problem:
            raise FetchError(url, f"private address refused: {host} resolves to {address}, "
                                  f"{problem} (--allow-private lifts this)")


def address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``address`` is not a public one ("a loopback address", ...), or None."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    # Order matters: loopback and link-local are also "private" to ipaddress.
    checks = (("is_loopback", "a loopback address"), ("is_link_local", "a link-local address"),
              ("is_multicast", "a multicast address"), ("is_unspecified", "an unspecified address"),
              ("is_reserved", "a reserved address"), ("is_private", "a private address"))
    for attr, words in checks:
        if getattr(address, attr):
            return words
    if not address.is_global:
        return "not a public address"
    return None


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None

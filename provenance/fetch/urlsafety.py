"""Refuse URLs a document should not make us fetch: other schemes and non-public addresses.

A document is untrusted input. Without a guard, a link in it could make the tool read local
files (``file:``), talk to services on the user's own machine or network (``127.0.0.1``,
``192.168.x.x``, a cloud metadata address ``169.254.169.254``), and store the answer in a
report. The check runs before the first request and again on every redirect hop.

A name must be vetted by the same lookup the connection then uses: if the check and the
connection each asked DNS, a server answering a public address to the first question and
``127.0.0.1`` to the second (DNS rebinding) would get past it. ``vet_host`` resolves once and
returns the addresses it vetted; the fetcher's connections (``pinning``) connect to those and
nothing else. ``check_url`` with ``resolve=None`` checks only what needs no lookup, for callers
whose connections vet the name themselves.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.urls import parse_url, scheme_of, url_problem

__all__ = ["AddressRefused", "address_problem", "check_url", "vet_host"]

_SCHEMES = frozenset({"http", "https"})


Resolve = Callable[..., list[tuple[Any, ...]]]


class AddressRefused(Exception):
    """A host's address is not a public one; ``reason`` is the sentence a reader gets.

    Deliberately not an OSError: raised inside a connection, it must not be taken for a
    network fault and retried by the HTTP library."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_url(url: str, allow_private: bool = False,
              resolve: Resolve | None = socket.getaddrinfo) -> None:
    """Raise FetchError when ``url`` is not http(s) or its host is not a public address.

    ``resolve`` has the signature of ``socket.getaddrinfo`` (tests give a host a public
    address without a DNS server). With ``resolve=None`` a name is not looked up: only the
    scheme, the port and an address written in the URL are checked, and the caller's
    connection must vet the name (``vet_host``) when it connects."""
    scheme = scheme_of(url)
    if scheme not in _SCHEMES:
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        raise FetchError(url, f"unsupported scheme {shown}: only http and https are fetched",
                         kind=FetchFailure.REFUSED)
    parsed = parse_url(url)
    if parsed is None:
        raise FetchError(url, url_problem(url) or "not a URL", kind=FetchFailure.REFUSED)
    host = parsed.host
    port = parsed.port or (443 if scheme == "https" else 80)
    if allow_private or (resolve is None and _literal(host) is None):
        return
    try:
        vet_host(host, port, resolve or socket.getaddrinfo)
    except AddressRefused as exc:
        raise FetchError(url, exc.reason, kind=FetchFailure.REFUSED) from None
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(url, f"DNS failure: cannot resolve {host}",
                         kind=FetchFailure.DNS) from exc


def vet_host(host: str, port: int,
             resolve: Resolve = socket.getaddrinfo) -> tuple[tuple[int, str], ...]:
    """The (family, address) pairs ``host`` resolves to, from one lookup, all public.

    Raises AddressRefused when any answer is not a public address (one private address
    among public ones is enough: the connection could pick it), and what ``resolve`` raises
    (``socket.gaierror``) when the name does not resolve."""
    literal = _literal(host)
    if literal is not None:
        problem = address_problem(literal)
        if problem:
            raise AddressRefused(f"private address refused: {host} is {problem} "
                                 "(--allow-private lifts this)")
        family = socket.AF_INET6 if literal.version == 6 else socket.AF_INET
        return ((family, str(literal)),)
    vetted: dict[str, int] = {}
    for info in resolve(host, port, type=socket.SOCK_STREAM):
        text = str(info[4][0])
        address = ipaddress.ip_address(text.split("%", 1)[0])
        problem = address_problem(address)
        if problem:
            raise AddressRefused(f"private address refused: {host} resolves to {address}, "
                                 f"{problem} (--allow-private lifts this)")
        vetted.setdefault(text, int(info[0]))
    if not vetted:
        raise socket.gaierror(socket.EAI_NONAME, f"no address for {host}")
    return tuple((family, text) for text, family in vetted.items())


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
    # A 6to4 address (2002::/16) is public to ipaddress, but a host with a 6to4 route sends
    # it, wrapped in IPv4, to the address inside: 2002:7f00:1:: reaches 127.0.0.1.
    inner = getattr(address, "sixtofour", None)
    if inner is not None:
        problem = address_problem(inner)
        if problem:
            return f"a 6to4 address of {inner}, {problem}"
    return None


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None

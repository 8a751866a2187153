"""DNS rebinding: the fetcher connects only to the address its guard vetted.

A name's DNS server can answer a public address when the guard looks the name up and
127.0.0.1 a moment later, when the connection would look it up again. Here such a server is
a resolver that answers a public address the first time and loopback afterwards. "Public"
hosts are loopback servers reached through the test network (``routing``); the "internal"
server stands for a service on the user's own machine that a document must not reach.
"""

from __future__ import annotations

import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests

from provenance.errors import FetchError
from provenance.fetch.http import HttpFetcher
from provenance.fetch.urlsafety import check_url
from provenance.settings import Settings
from tests.integration.faultserver import PAGE, QUOTE, FaultServer
from tests.integration.routing import LoopbackNetwork, answers

PUBLIC = "93.184.215.14"
OTHER_PUBLIC = "93.184.215.15"


class Rebinding:
    """A DNS server that rebinds: the first answer for a name is ``first``, later ones
    ``then``. It counts the questions it was asked."""

    def __init__(self, first: str = PUBLIC, then: str = "127.0.0.1") -> None:
        self.first, self.then = first, then
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.calls.append(host)
            n = self.calls.count(host)
        return answers(self.first if n == 1 else self.then)(host, port)


@pytest.fixture
def site() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def internal() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def net(monkeypatch: pytest.MonkeyPatch) -> LoopbackNetwork:
    return LoopbackNetwork(monkeypatch)


@pytest.fixture
def guarded(settings: Settings) -> Settings:
    return replace(settings, allow_private=False)


def rebinding_url(net: LoopbackNetwork, site: FaultServer, internal: FaultServer) -> str:
    """A URL whose port is the internal server's: re-resolved to 127.0.0.1, a connection
    reaches the internal server; at the vetted public address, the site."""
    net.route(PUBLIC, internal.port, site.port)
    return f"http://rebind.test:{internal.port}/ok"


def test_a_check_followed_by_an_ordinary_connection_is_fooled(
        net: LoopbackNetwork, site: FaultServer, internal: FaultServer) -> None:
    """The attack is real: checking the name, then letting the HTTP library look it up
    again, reaches the internal server. (This is what the pinned fetcher must not do.)"""
    dns = Rebinding()
    net.names["rebind.test"] = dns  # the system resolver asks the same DNS server
    url = rebinding_url(net, site, internal)
    check_url(url, resolve=dns)  # the guard sees the public answer and lets it through
    with requests.get(url, timeout=5) as resp:
        assert resp.status_code == 200
    assert internal.count("/ok") == 1 and site.count("/ok") == 0
    assert dns.calls == ["rebind.test", "rebind.test"]


def test_the_connection_goes_to_the_vetted_address(
        net: LoopbackNetwork, site: FaultServer, internal: FaultServer,
        guarded: Settings) -> None:
    dns = Rebinding()
    net.names["rebind.test"] = dns  # were the name looked up again, this would answer it
    url = rebinding_url(net, site, internal)
    snap = HttpFetcher(guarded, sleep=lambda s: None, resolve=dns).fetch(url)
    assert snap.status == 200 and QUOTE.encode() in snap.body
    assert site.count("/ok") == 1 and internal.count("/ok") == 0
    assert dns.calls == ["rebind.test"]  # one lookup: the one vetted and connected to
    assert net.connected == [(PUBLIC, internal.port)]
    # The request still names the host, not the address.
    assert site.requests[-1][1]["Host"] == f"rebind.test:{internal.port}"


def test_every_new_connection_vets_its_own_lookup(
        net: LoopbackNetwork, site: FaultServer, internal: FaultServer,
        guarded: Settings) -> None:
    dns = Rebinding()
    url = rebinding_url(net, site, internal)
    assert HttpFetcher(guarded, resolve=dns).fetch(url).status == 200
    # A second fetcher has no kept-alive connection: it looks up again, gets 127.0.0.1.
    with pytest.raises(FetchError) as err:
        HttpFetcher(guarded, resolve=dns).fetch(url)
    assert err.value.reason == ("private address refused: rebind.test resolves to "
                                "127.0.0.1, a loopback address (--allow-private lifts this)")
    assert err.value.url == url
    assert net.connected == [(PUBLIC, internal.port)]  # the refused answer was never dialled
    assert internal.count("/ok") == 0
    assert len(dns.calls) == 2  # a refusal is final, not retried like a network fault


def test_a_redirect_to_a_name_that_resolves_private_is_refused_at_the_hop(
        net: LoopbackNetwork, site: FaultServer, guarded: Settings) -> None:
    net.route(PUBLIC, site.port, site.port)
    target = f"http://intranet.test:{site.port}/ok"
    site.routes["/to-intranet"] = lambda h: h.send(302, "text/plain", "", {"Location": target})

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        return answers(PUBLIC if host == "gazette.test" else "10.1.2.3")(host, port)

    with pytest.raises(FetchError) as err:
        HttpFetcher(guarded, resolve=lookup).fetch(f"http://gazette.test:{site.port}/to-intranet")
    assert err.value.reason == ("private address refused: intranet.test resolves to "
                                "10.1.2.3, a private address (--allow-private lifts this)")
    assert err.value.url == target
    assert net.connected == [(PUBLIC, site.port)]
    assert site.count("/to-intranet") == 1 and site.count("/ok") == 0


def test_a_host_with_several_addresses_falls_through_to_the_next_vetted_one(
        net: LoopbackNetwork, site: FaultServer, guarded: Settings) -> None:
    with socket.socket() as closed:  # a port nothing listens on: connecting is refused
        closed.bind(("127.0.0.1", 0))
        dead = closed.getsockname()[1]
    net.route(OTHER_PUBLIC, site.port, dead)
    net.route(PUBLIC, site.port, site.port)
    fetcher = HttpFetcher(guarded, resolve=answers(OTHER_PUBLIC, PUBLIC))
    assert fetcher.fetch(f"http://gazette.test:{site.port}/ok").status == 200
    assert net.connected == [(OTHER_PUBLIC, site.port), (PUBLIC, site.port)]


def test_a_private_answer_among_public_ones_refuses_the_host(
        net: LoopbackNetwork, site: FaultServer, guarded: Settings) -> None:
    net.route(PUBLIC, site.port, site.port)
    with pytest.raises(FetchError) as err:
        HttpFetcher(guarded, resolve=answers(PUBLIC, "127.0.0.1")).fetch(
            f"http://gazette.test:{site.port}/ok")
    assert "resolves to 127.0.0.1, a loopback address" in err.value.reason
    assert net.connected == [] and site.count("/ok") == 0


def test_a_name_that_does_not_resolve_is_a_dns_failure(guarded: Settings) -> None:
    def nothing(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError) as err:
        HttpFetcher(guarded, resolve=nothing).fetch("http://gone.test/")
    assert err.value.reason == "DNS failure: cannot resolve gone.test"


def test_allow_private_lifts_the_guard(net: LoopbackNetwork, internal: FaultServer,
                                       guarded: Settings) -> None:
    net.names["intranet.test"] = answers("127.0.0.1")
    url = f"http://intranet.test:{internal.port}/ok"
    with pytest.raises(FetchError) as err:
        HttpFetcher(guarded, resolve=answers("127.0.0.1")).fetch(url)
    assert err.value.reason.startswith("private address refused: intranet.test resolves to "
                                       "127.0.0.1")
    assert internal.count("/ok") == 0
    lifted = replace(guarded, allow_private=True)
    assert HttpFetcher(lifted, resolve=answers("127.0.0.1")).fetch(url).status == 200
    assert internal.count("/ok") == 1


def test_through_a_proxy_the_target_is_checked_before_the_request(
        net: LoopbackNetwork, site: FaultServer, guarded: Settings) -> None:
    """The proxy looks the target up, so nothing can be pinned; the guard still checks the
    target with its own lookup before each hop, and the proxy itself is the user's choice."""
    proxy = site  # a forward proxy sees the absolute URL; the fault server plays one here
    target = "http://news.test/ok"
    proxy.routes[target] = lambda h: h.send(200, "text/html; charset=utf-8", PAGE)
    via = replace(guarded, proxy=f"http://127.0.0.1:{proxy.port}")
    dns = Rebinding()
    snap = HttpFetcher(via, resolve=dns).fetch(target)
    assert snap.status == 200 and proxy.count(target) == 1
    assert dns.calls == ["news.test"]  # the guard looked the target up; the proxy did the rest
    with pytest.raises(FetchError) as err:
        HttpFetcher(via, resolve=answers("10.9.8.7")).fetch("http://intranet.test/ok")
    assert err.value.reason.startswith("private address refused: intranet.test resolves to")
    assert proxy.count("http://intranet.test/ok") == 0


# --- TLS: the connection goes to the address, the certificate is checked for the name ---------


class _TLSServer:
    """An HTTPS server on 127.0.0.1 with a certificate for ``name``; records the SNI names."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self.sni: list[str | None] = []
        context.sni_callback = lambda sock, name, ctx: self.sni.append(name)  # type: ignore[assignment]

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = PAGE.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def tls(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    yield ca, bundle


@contextmanager
def _routed_server(ca: Any, name: str, net: LoopbackNetwork) -> Iterator[_TLSServer]:
    """A TLS server with a certificate for ``name``, reached at the public address."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(name).configure_cert(context)
    server = _TLSServer(context)
    try:
        net.route(PUBLIC, server.port, server.port)
        yield server
    finally:
        server.close()


def _fetcher(settings: Settings, bundle: Path, resolve: Any) -> HttpFetcher:
    session = requests.Session()
    session.verify = str(bundle)
    return HttpFetcher(settings, session=session, resolve=resolve)


def test_https_keeps_sni_and_certificate_checks_for_the_name(
        net: LoopbackNetwork, tls: tuple[Any, Path], guarded: Settings) -> None:
    ca, bundle = tls
    with _routed_server(ca, "news.test", net) as server:
        snap = _fetcher(guarded, bundle, answers(PUBLIC)).fetch(
            f"https://news.test:{server.port}/story")
        assert snap.status == 200 and QUOTE.encode() in snap.body
        assert server.sni == ["news.test"]
        assert net.connected == [(PUBLIC, server.port)]


def test_https_refuses_a_certificate_for_another_name(
        net: LoopbackNetwork, tls: tuple[Any, Path], guarded: Settings) -> None:
    ca, bundle = tls
    with _routed_server(ca, "elsewhere.test", net) as server, \
            pytest.raises(FetchError) as err:
        _fetcher(guarded, bundle, answers(PUBLIC)).fetch(f"https://news.test:{server.port}/story")
    assert err.value.reason.startswith("TLS failure")
    assert "news.test" in err.value.reason


def test_many_fetches_at_once_share_pinned_connections(
        net: LoopbackNetwork, site: FaultServer, guarded: Settings) -> None:
    from provenance.fetch.schedule import Schedule, fetch_many

    net.route(PUBLIC, site.port, site.port)
    net.route(OTHER_PUBLIC, site.port, site.port)
    hosts = {"a.test": PUBLIC, "b.test": OTHER_PUBLIC}
    calls: list[str] = []

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(host)
        return answers(hosts[host])(host, port)

    urls = [f"http://{h}:{site.port}/ok?n={i}" for h in hosts for i in range(6)]
    s = replace(guarded, workers=4, per_host=2, politeness=0.0)
    got = fetch_many(HttpFetcher(s, resolve=lookup), urls, Schedule.of(s))
    assert all(not isinstance(v, FetchError) and v.status == 200 for v in got.values()), got
    assert site.count("/ok") == len(urls)
    # One lookup per new connection, never more connections than lookups.
    assert len(net.connected) == len(calls) <= len(urls)
    assert {a for a, _ in net.connected} == {PUBLIC, OTHER_PUBLIC}

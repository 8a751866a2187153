from __future__ import annotations

import ipaddress
import json
import socket
from pathlib import Path

import pytest

from provenance.model import Citation, Quote, Span
from provenance.report.render import validate
from provenance.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast, local settings: a private cache, no waiting, loopback allowed."""
    return Settings(cache_dir=tmp_path / "cache", out_dir=tmp_path / "reports",
                    backoff=0.0, attempts=3, connect_timeout=2.0, read_timeout=2.0,
                    deadline=10.0, allow_private=True,
                    archive_url="")  # tests never reach beyond loopback


_LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "", None})


def _is_loopback(host: object) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach beyond loopback: a name lookup or connection to anywhere else fails
    the test that tried it, instead of quietly depending on (or leaking to) the network."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if str(host).endswith(".invalid"):
            # RFC 6761: .invalid never resolves; answer as a resolver must, without asking one.
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if not _is_loopback(host):
            raise AssertionError(f"test tried to resolve {host!r}: tests stay on loopback")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    def connect(sock: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else None
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(host):
            raise AssertionError(f"test tried to connect to {address!r}: tests stay on loopback")
        return real_connect(sock, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test on any attempt to create a socket or look up a name: proves a run
    that should be offline opens nothing."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def make_quote(text: str, *, language: str | None = None, segments: tuple[str, ...] = (),
               citation: Citation | None = None, speaker: str | None = None) -> Quote:
    """A quotation of ``text`` as if it opened a one-line document: for tests that build a
    quote by hand rather than find it in a document."""
    return Quote(text, Span(0, len(text)), 1, 1, language=language, segments=segments,
                 citation=citation, speaker=speaker)


def read_report(path: Path) -> dict:
    """A JSON report written by a test run, checked against the shipped schema first, so
    every report the tests produce is also a test of the schema."""
    data = json.loads(path.read_text(encoding="utf-8"))
    validate(data)
    return data

"""A document given as a URL goes through the same fetcher and cache, and is evidence too."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest

from provenance.api import load_document
from provenance.cache.fetcher import open_fetcher
from provenance.errors import DocumentError
from provenance.settings import Settings
from tests.integration.faultserver import FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.mark.parametrize(("path", "fmt"), [("/ok", "html"), ("/pdf", "pdf"),
                                           ("/pdf-as-html", "pdf"), ("/octet-html", "html")])
def test_url_document_is_read_by_what_it_is(faults: FaultServer, settings: Settings,
                                            path: str, fmt: str) -> None:
    fetcher, cache = open_fetcher(settings, sleep=lambda s: None)
    with fetcher:
        doc = load_document(faults.url(path), fetcher)
    assert doc.format == fmt
    assert "will reopen before the summer season" in " ".join(doc.text.split())
    assert len(cache.index(faults.url(path))) == 1  # its capture is in the evidence


def test_url_document_offline_comes_from_the_cache_without_a_socket(
        faults: FaultServer, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    online, _ = open_fetcher(settings, sleep=lambda s: None)
    with online:
        first = load_document(faults.url("/pdf"), online)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    offline, _ = open_fetcher(replace(settings, offline=True))
    again = load_document(faults.url("/pdf"), offline)
    assert again.text == first.text and again.sha256 == first.sha256


def test_unreadable_url_document_is_a_clear_error(faults: FaultServer,
                                                  settings: Settings) -> None:
    fetcher, _ = open_fetcher(settings, sleep=lambda s: None)
    with fetcher:
        with pytest.raises(DocumentError, match="unsupported type application/zip"):
            load_document(faults.url("/zip"), fetcher)
        with pytest.raises(DocumentError, match="HTTP 503 after 3 attempts"):
            load_document(faults.url("/down"), fetcher)

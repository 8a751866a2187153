"""The Fetcher contract: fetch(url, *, previous=...), close(), and ``with`` closing it."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.replay import ReplayFetcher
from provenance.cache.store import SnapshotCache
from provenance.errors import CacheMiss
from provenance.fetch.archive_origin import ArchiveOriginFetcher
from provenance.fetch.http import HttpFetcher
from provenance.model import Fetcher, Origin, ProgressEvent, ProgressKind, Snapshot
from provenance.settings import Settings
from tests.integration.faultserver import FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def _open_pools(fetcher: HttpFetcher) -> int:
    return sum(len(adapter.poolmanager.pools) for adapter in fetcher.session.adapters.values())


def test_leaving_the_block_closes_the_session(faults: FaultServer, settings: Settings) -> None:
    with HttpFetcher(settings) as fetcher:
        assert fetcher.fetch(faults.url("/ok")).status == 200
        assert _open_pools(fetcher) == 1  # a kept-alive connection to the server
    assert _open_pools(fetcher) == 0


def test_a_session_passed_in_is_left_to_its_owner(faults: FaultServer,
                                                  settings: Settings) -> None:
    import requests

    with requests.Session() as session:
        fetcher = HttpFetcher(settings, session=session)
        fetcher.fetch(faults.url("/ok"))
        fetcher.close()
        assert _open_pools(fetcher) == 1
    assert _open_pools(fetcher) == 0


def test_wrappers_close_what_they_wrap(faults: FaultServer, settings: Settings,
                                       tmp_path: Path) -> None:
    http = HttpFetcher(settings)
    cache = SnapshotCache(tmp_path)
    cached = CachedFetcher(ArchiveOriginFetcher(http, settings), cache, offline=False)
    with ReplayFetcher(cache, {}, fallback=cached) as replay:
        assert replay.fetch(faults.url("/ok")).status == 200
        assert _open_pools(http) == 1
    assert _open_pools(http) == 0


class _Validators(Fetcher):
    """Answers every URL with one synthetic page, and records the ``previous`` it was given."""

    def __init__(self) -> None:
        self.given: list[Snapshot | None] = []

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        self.given.append(previous)
        body = b"<p>Synthetic test page.</p>"
        return Snapshot(url=url, final_url=url, status=200, content_type="text/html",
                        fetched_at=dt.datetime.now(dt.UTC),
                        sha256=hashlib.sha256(body).hexdigest(), body=body)

    def close(self) -> None:
        pass


def test_the_cache_passes_what_to_revalidate_to_the_fetcher_it_wraps(tmp_path: Path) -> None:
    inner = _Validators()
    cache = SnapshotCache(tmp_path)
    url = "http://news.test/a"
    first = CachedFetcher(inner, cache, offline=False).fetch(url)
    assert inner.given == [None]
    # Served from the cache: the inner fetcher is not asked.
    assert CachedFetcher(inner, cache, offline=False).fetch(url).warc == first.warc
    assert inner.given == [None]
    # Refreshing: the newest capture that reads is what the inner fetcher revalidates.
    CachedFetcher(inner, cache, offline=False, refresh=True).fetch(url)
    assert inner.given[-1] is not None and inner.given[-1].warc == first.warc
    # Or the one the caller names.
    older = replace(first, fetched_at=first.fetched_at.replace(year=2020))
    CachedFetcher(inner, cache, offline=False).fetch(url, previous=older)
    assert inner.given[-1] == older and len(inner.given) == 3


def test_a_304_through_the_whole_stack_is_a_revisit(faults: FaultServer, settings: Settings,
                                                    tmp_path: Path) -> None:
    url = faults.url("/etag")
    cache = SnapshotCache(tmp_path)
    with CachedFetcher(ArchiveOriginFetcher(HttpFetcher(settings), settings), cache,
                       offline=False) as fetcher:
        first = fetcher.fetch(url)
        again = fetcher.fetch(url, previous=first)
    assert faults.count("/etag") == 2
    assert again.not_modified is not None and again.not_modified.earlier == first.warc
    assert again.sha256 == first.sha256 and len(cache.index(url)) == 2


def test_open_fetcher_gives_the_stack_a_run_reads_through(faults: FaultServer,
                                                          settings: Settings) -> None:
    # An archive whose playback URLs sit under a path of its own: only the archive-origin
    # fetcher in the stack knows them for the archive's.
    s = replace(settings, archive_url=faults.url("/pywb"))
    archived_url = faults.url("/pywb/web/20260302101500/https://harbour-gazette.example/a")
    events: list[ProgressEvent] = []
    fetcher, cache = open_fetcher(s, progress=events.append, sleep=lambda s: None)
    with fetcher:
        archived = fetcher.fetch(archived_url)
        fetcher.fetch(faults.url("/flaky"))  # a 500 first: the progress hears of the retry
    assert archived.origin is Origin.ARCHIVE
    assert [row.origin for row in cache.index(archived_url)] == [Origin.ARCHIVE]
    assert [(e.kind, e.url) for e in events] == [(ProgressKind.RETRY, faults.url("/flaky"))]

    offline, _ = open_fetcher(replace(s, offline=True))
    assert offline.fetch(archived_url).warc == archived.warc
    with pytest.raises(CacheMiss):
        offline.fetch(faults.url("/ok"))
    assert faults.count("/ok") == 0 and faults.count("/flaky") == 2

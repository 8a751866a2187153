"""--refresh adds captures (conditionally), and edits between captures are reported."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.store import SnapshotCache
from provenance.judge.changes import page_change, passage_history
from provenance.model import PageText
from provenance.pipeline import capture_texts
from provenance.settings import Settings
from tests.integration.faultserver import FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def fetcher(settings: Settings, cache: SnapshotCache, refresh: bool) -> CachedFetcher:
    online = replace(settings, cache_dir=cache.root, offline=False, refresh=refresh)
    return open_fetcher(online, sleep=lambda s: None)[0]


def test_cached_page_is_not_fetched_again(faults: FaultServer, settings: Settings,
                                          tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    fetcher(settings, cache, refresh=False).fetch(faults.url("/ok"))
    fetcher(settings, cache, refresh=False).fetch(faults.url("/ok"))
    assert faults.count("/ok") == 1 and len(cache.index()) == 1


def test_refresh_uses_validators_and_keeps_both_captures(faults: FaultServer,
                                                         settings: Settings,
                                                         tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url = faults.url("/etag")
    first = fetcher(settings, cache, refresh=False).fetch(url)
    second = fetcher(settings, cache, refresh=True).fetch(url)
    assert faults.count("/etag") == 2
    _, sent = faults.requests[-1]
    assert sent.get("If-None-Match") == '"v1-synthetic"'
    assert sent.get("If-Modified-Since") == "Mon, 02 Mar 2026 10:00:00 GMT"
    # The 304 became a capture of its own (a revisit record), with the body it confirmed.
    assert second.sha256 == first.sha256 and second.fetched_at > first.fetched_at
    assert second.warc != first.warc
    assert any(k == "X-Provenance-Revalidated" for k, _ in second.headers)
    assert second.not_modified is not None and second.not_modified.earlier == first.warc
    assert [c.body for c in cache.captures(url)] == [first.body, first.body]


def test_refresh_of_an_edited_page_reports_the_edit(faults: FaultServer, settings: Settings,
                                                    tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url = faults.url("/edited")
    fetcher(settings, cache, refresh=False).fetch(url)
    fetcher(settings, cache, refresh=True).fetch(url)

    def find(text: PageText) -> str | None:  # stands in for the matcher's source_text
        m = re.search(r"will reopen \w+ the summer season", text.main)
        return m.group(0) if m else None

    history = passage_history(capture_texts(cache, url), find)
    assert [h.passage for h in history] == ["will reopen before the summer season",
                                            "will reopen after the summer season"]
    change = page_change(history)
    assert change is not None and change.startswith("the passage was edited between")
    assert "“will reopen before the summer season” became" in change

    # Unchanged captures report nothing.
    etag = faults.url("/etag")
    fetcher(settings, cache, refresh=False).fetch(etag)
    fetcher(settings, cache, refresh=True).fetch(etag)
    assert page_change(passage_history(capture_texts(cache, etag), find)) is None


def test_redirect_hops_are_kept_as_evidence(faults: FaultServer, settings: Settings,
                                            tmp_path: Path) -> None:
    import gzip

    from warcio.archiveiterator import ArchiveIterator

    cache = SnapshotCache(tmp_path)
    url = faults.url("/chain?n=2")
    snap = fetcher(settings, cache, refresh=False).fetch(url)
    assert snap.final_url == faults.url("/chain?n=0")
    assert [status for _, status, _ in snap.redirects] == [302, 302]
    assert snap.warc is not None
    with gzip.open(tmp_path / snap.warc.split("#")[0], "rb") as f:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.http_headers.get_statuscode() if r.rec_type == "response" else None,
                    r.content_stream().read()) for r in ArchiveIterator(f)]
    responses = [(uri, status) for kind, uri, status, _ in records if kind == "response"]
    assert responses == [(faults.url("/chain?n=2"), "302"), (faults.url("/chain?n=1"), "302"),
                         (faults.url("/chain?n=0"), "200")]
    metadata = next(body for kind, _, _, body in records if kind == "metadata").decode()
    assert f"redirect: {faults.url('/chain?n=2')} 302 {faults.url('/chain?n=1')}" in metadata
    # The index row points at the final page, and a rebuilt index agrees.
    assert cache.latest(url) is not None and cache.latest(url).body == snap.body
    before = cache.index()
    assert cache.rebuild_index() == 1 and cache.index() == before
    assert cache.verify().ok

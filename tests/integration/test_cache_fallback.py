"""A damaged newest capture loses nothing it need not: offline, the newest capture that reads
is used (and the damage named); online, the page is fetched again as before."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.errors import FetchError, FetchFailure
from provenance.model import NotModified, Snapshot, Status
from provenance.report.markdown import to_markdown
from provenance.settings import Settings
from tests.integration.damage import HOW, damage, file_of
from tests.integration.faultserver import FaultServer
from tests.integration.runs import cite, run
from tests.pages import HARBOUR, article_page

URL = "http://news.test/a"
T0 = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
OLD = article_page("Council approves harbour expansion", HARBOUR)
NEW = OLD.replace("48 million crowns", "52 million crowns")


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def warnings(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.WARNING, logger="provenance.cache")
    return caplog


def snapshot(url: str, body: str, when: dt.datetime) -> Snapshot:
    data = body.encode()
    return Snapshot(url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                    fetched_at=when, sha256=hashlib.sha256(data).hexdigest(), body=data,
                    headers=(("Content-Type", "text/html; charset=utf-8"),))


def two_captures(cache: SnapshotCache, url: str = URL) -> tuple[Snapshot, Snapshot]:
    """The page a day apart: the older says 48 million crowns, the newer 52."""
    older = cache.store(snapshot(url, OLD, T0))
    newer = cache.store(snapshot(url, NEW, T0 + dt.timedelta(days=1)))
    return older, newer


def offline(cache: SnapshotCache) -> CachedFetcher:
    return open_fetcher(Settings(cache_dir=cache.root, offline=True))[0]


def online(settings: Settings, cache: SnapshotCache, refresh: bool = False) -> CachedFetcher:
    """A run's fetcher over ``cache``, online, without waiting between attempts."""
    run = replace(settings, cache_dir=cache.root, offline=False, refresh=refresh)
    return open_fetcher(run, sleep=lambda s: None)[0]


@pytest.mark.parametrize("how", HOW)
def test_offline_a_damaged_newest_capture_gives_way_to_the_older_one(
        tmp_path: Path, warnings: pytest.LogCaptureFixture, how: str) -> None:
    cache = SnapshotCache(tmp_path)
    older, newer = two_captures(cache)
    damage(cache, newer, how)

    got = offline(cache).fetch(URL)
    assert got.body == older.body and got.fetched_at == older.fetched_at
    assert got.warc == older.warc
    [warning] = [r.getMessage() for r in warnings.records if r.levelno == logging.WARNING]
    assert warning.startswith(f"{URL}: damaged cache entry: warc/{file_of(cache, newer).name}")
    assert warning.endswith(f"; using the capture of {older.fetched_at.isoformat()} "
                            f"({older.warc}) instead")
    # Nothing is deleted or rewritten: the damage stays for `cache verify` to name.
    assert len(cache.index(URL)) == 2 and not cache.verify().ok


def test_a_revisit_whose_confirmed_capture_is_gone_gives_way_past_both(
        tmp_path: Path, warnings: pytest.LogCaptureFixture) -> None:
    cache = SnapshotCache(tmp_path)
    older, newer = two_captures(cache)
    # A 304 confirmed the newer capture a day later; then that capture's file was lost.
    revisit = cache.store(replace(newer, fetched_at=T0 + dt.timedelta(days=2), warc=None,
                                  not_modified=NotModified((("ETag", '"n"'),), newer.warc)))
    assert revisit.not_modified is not None
    file_of(cache, newer).unlink()

    got = offline(cache).fetch(URL)
    assert got.body == older.body and got.warc == older.warc
    messages = [r.getMessage() for r in warnings.records]
    assert len(messages) == 2  # the revisit, then the capture it confirmed
    assert "304 Not Modified confirming the capture of" in messages[0]
    assert f"{newer.warc.split('#')[0]} is missing" in messages[1]
    used = f"; using the capture of {older.fetched_at.isoformat()} ({older.warc}) instead"
    assert all(m.endswith(used) for m in messages)


def test_offline_with_every_capture_damaged_is_unverified_as_before(
        tmp_path: Path, warnings: pytest.LogCaptureFixture) -> None:
    cache = SnapshotCache(tmp_path)
    older, newer = two_captures(cache)
    damage(cache, newer, "edited")
    file_of(cache, older).write_bytes(b"not a warc file")

    with pytest.raises(FetchError) as err:
        offline(cache).fetch(URL)
    # The newest capture's damage, as before, and why no other capture stood in.
    assert err.value.reason == f"offline: damaged cache entry: {newer.warc} does not match " \
                               "its recorded digest; no older capture reads either (1 damaged)"
    assert not any("using the capture of" in r.getMessage() for r in warnings.records)
    assert any(older.warc in r.getMessage() for r in warnings.records)  # named, not hidden


def test_offline_a_single_damaged_capture_reads_as_before(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    only = cache.store(snapshot(URL, NEW, T0))
    damage(cache, only, "edited")
    with pytest.raises(FetchError) as err:
        offline(cache).fetch(URL)
    assert err.value.reason == f"offline: damaged cache entry: {only.warc} does not match " \
                               "its recorded digest"
    assert err.value.kind is FetchFailure.OFFLINE  # offline, and the cache cannot answer
    with pytest.raises(DamagedEntry) as damaged:
        cache.latest(URL)
    assert damaged.value.kind is FetchFailure.CORRUPT


def test_online_a_damaged_newest_capture_is_fetched_again_not_passed_over(
        tmp_path: Path, httpserver: HTTPServer, settings: Settings,
        warnings: pytest.LogCaptureFixture) -> None:
    current = NEW.replace("52 million", "55 million")
    httpserver.expect_request("/a").respond_with_data(current, content_type="text/html")
    url = httpserver.url_for("/a")
    cache = SnapshotCache(tmp_path)
    older, newer = two_captures(cache, url)
    damage(cache, newer, "truncated")

    got = online(settings, cache).fetch(url)
    assert got.body == current.encode() and len(httpserver.log) == 1
    assert got.fetched_at > newer.fetched_at
    assert not any("using the capture of" in r.getMessage() for r in warnings.records)
    # The fresh capture is now the newest, so later runs, offline too, read it.
    assert offline(cache).fetch(url).body == current.encode()
    assert [s.body for s in cache.captures(url)] == [older.body, current.encode()]


def test_online_a_damaged_newest_capture_whose_page_is_down_gives_way_to_the_older_one(
        tmp_path: Path, httpserver: HTTPServer, settings: Settings,
        warnings: pytest.LogCaptureFixture) -> None:
    httpserver.expect_request("/a").respond_with_data("down", status=503)
    url = httpserver.url_for("/a")
    cache = SnapshotCache(tmp_path)
    older, newer = two_captures(cache, url)
    damage(cache, newer, "truncated")

    got = online(settings, cache).fetch(url)
    assert got.body == older.body and got.warc == older.warc
    assert len(httpserver.log) == settings.attempts  # it was tried, and failed
    assert any("fetching it again failed" in r.getMessage() and "503" in r.getMessage()
               for r in warnings.records)
    # Nothing new was stored: the damaged capture is still the newest on record.
    assert len(cache.index(url)) == 2


def test_online_a_page_that_is_down_with_no_damaged_capture_still_fails(
        tmp_path: Path, httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data("down", status=503)
    url = httpserver.url_for("/a")
    with pytest.raises(FetchError, match="503"):
        online(settings, SnapshotCache(tmp_path)).fetch(url)


def test_refresh_sends_the_validators_of_the_newest_capture_that_reads(
        faults: FaultServer, settings: Settings, tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url = faults.url("/etag")

    def fetch(refresh: bool) -> Snapshot:
        return online(settings, cache, refresh).fetch(url)

    first = fetch(refresh=False)
    second = fetch(refresh=True)  # a 304: a revisit of the first
    damage(cache, second, "truncated")

    third = fetch(refresh=True)
    _, sent = faults.requests[-1]
    assert sent.get("If-None-Match") == '"v1-synthetic"'  # the first capture's validators
    # The 304 confirms the capture whose validators were sent, not the damaged one.
    assert third.not_modified is not None and third.not_modified.earlier == first.warc
    with gzip.open(file_of(cache, first), "rb") as f:
        response = next(r for r in ArchiveIterator(f) if r.rec_type == "response")
        response_id = response.rec_headers.get_header("WARC-Record-ID")
    with gzip.open(file_of(cache, third), "rb") as f:
        revisit = next(r for r in ArchiveIterator(f) if r.rec_type == "revisit")
        assert revisit.rec_headers.get_header("WARC-Refers-To") == response_id
    back = offline(cache).fetch(url)
    assert back.warc == third.warc and back.body == first.body
    assert faults.count("/etag") == 3


def test_an_offline_run_judges_by_the_older_capture_and_says_so(
        httpserver: HTTPServer, settings: Settings) -> None:
    url = httpserver.url_for("/a")
    cache = SnapshotCache(settings.cache_dir)
    older, newer = two_captures(cache, url)
    damage(cache, newer, "truncated")

    # The newer capture says 52 million: read, it would make this quote altered.
    report = run(cite("a deep-water quay that is expected to cost 48 million crowns", url),
                 replace(settings, offline=True))
    [verdict] = report.verdicts
    assert verdict.status is Status.FOUND, verdict.reason
    assert verdict.source is not None and verdict.source.snapshot is not None
    assert verdict.source.snapshot.fetched_at == older.fetched_at
    assert "**Capture:** 2026-01-05T09:30:00Z · HTTP 200" in to_markdown(report)
    assert httpserver.log == []

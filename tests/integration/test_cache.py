"""The evidence cache on disk: captures round-trip, offline misses, damaged entries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.index import INDEX
from provenance.cache.store import SnapshotCache
from provenance.errors import CacheError, CacheMiss, FetchError
from provenance.fetch.schedule import Schedule, fetch_many
from provenance.model import Origin, PageText, Problem, ProblemKind, Snapshot
from provenance.settings import Settings
from provenance.text.extract import extract_text
from tests.integration.damage import HOW, damage

PAGE = "<html><body><p>Synthetic test page: the harbour «will reopen».</p></body></html>"


def snapshot(url: str, body: bytes, when: dt.datetime | None = None) -> Snapshot:
    return Snapshot(url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                    fetched_at=when or dt.datetime.now(dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body,
                    headers=(("Content-Type", "text/html; charset=utf-8"),))


def test_store_then_read_back(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    stored = cache.store(snapshot("http://news.test/a", PAGE.encode()))
    assert stored.warc is not None and stored.warc.startswith("warc/")
    got = cache.latest("http://news.test/a")
    assert got is not None
    assert got.body == PAGE.encode() and got.sha256 == stored.sha256
    assert got.origin is Origin.LIVE and got.warc == stored.warc
    assert got.fetched_at == stored.fetched_at


def test_a_url_keeps_every_capture(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    cache.store(snapshot("http://news.test/a", b"one", t0))
    cache.store(snapshot("http://news.test/a", b"two", t0 + dt.timedelta(days=1)))
    assert [s.body for s in cache.captures("http://news.test/a")] == [b"one", b"two"]
    latest = cache.latest("http://news.test/a")
    assert latest is not None and latest.body == b"two"


def test_text_round_trip(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    text = PageText("main", "full", title="T", date=dt.date(2024, 5, 1), language="es")
    assert cache.text("ab" * 32, "x-1") is None
    cache.store_text("ab" * 32, "x-1", text)
    assert cache.text("ab" * 32, "x-1") == text
    assert cache.text("ab" * 32, "x-2") is None


def test_offline_miss_opens_no_socket(tmp_path: Path, no_sockets: None) -> None:
    fetcher = CachedFetcher(None, SnapshotCache(tmp_path), offline=True)
    with pytest.raises(CacheMiss) as err:
        fetcher.fetch("http://news.test/never")
    assert err.value.reason == "offline: not in cache"


def test_offline_hit_opens_no_socket(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    online, _ = open_fetcher(settings)
    with online:
        first = online.fetch(url)
    assert len(httpserver.log) == 1
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "socket", _refuse)
        mp.setattr(socket, "create_connection", _refuse)
        offline, _ = open_fetcher(replace(settings, offline=True))
        again = offline.fetch(url)
    assert again.body == first.body and again.sha256 == first.sha256
    assert len(httpserver.log) == 1


def test_damaged_entry_is_refetched_online_and_unverified_offline(
        httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    online, cache = open_fetcher(settings)
    offline, _ = open_fetcher(replace(settings, offline=True))
    with online:
        first = online.fetch(url)
        assert first.warc is not None
        (cache.root / first.warc.split("#")[0]).write_bytes(b"not a warc file")

        with pytest.raises(FetchError) as err:
            offline.fetch(url)
        assert "damaged cache entry" in err.value.reason

        again = online.fetch(url)
    assert again.body == PAGE.encode() and len(httpserver.log) == 2
    assert offline.fetch(url).body == PAGE.encode()


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("a socket was opened")


def test_offline_fetch_many_opens_no_socket(httpserver: HTTPServer, settings: Settings) -> None:
    urls = [httpserver.url_for(f"/p{i}") for i in range(5)]
    for i in range(5):
        httpserver.expect_request(f"/p{i}").respond_with_data(PAGE, content_type="text/html")
    fetcher, _ = open_fetcher(settings)
    with fetcher:
        online = fetch_many(fetcher, urls[:4], Schedule.of(settings))
    assert all(isinstance(v, Snapshot) for v in online.values())
    offline = replace(settings, offline=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket, "socket", _refuse)
        mp.setattr(socket, "create_connection", _refuse)
        mp.setattr(socket, "getaddrinfo", _refuse)
        got = fetch_many(open_fetcher(offline)[0], urls, Schedule.of(offline))
    assert [type(got[u]).__name__ for u in urls] == ["Snapshot"] * 4 + ["CacheMiss"]
    miss = got[urls[4]]
    assert isinstance(miss, CacheMiss) and miss.reason == "offline: not in cache"
    assert len(httpserver.log) == 4


@pytest.mark.parametrize("how", HOW)
def test_each_kind_of_damage_is_named_never_a_crash(tmp_path: Path, how: str) -> None:
    cache = SnapshotCache(tmp_path)
    stored = cache.store(snapshot("http://news.test/a", PAGE.encode()))
    assert stored.warc is not None
    damage(cache, stored, how)
    with pytest.raises(FetchError) as err:
        CachedFetcher(None, cache, offline=True).fetch("http://news.test/a")
    assert err.value.reason.startswith("offline: damaged cache entry: ")
    assert cache.captures("http://news.test/a") == ()  # skipped, logged
    check = cache.verify()
    assert not check.ok and check.damaged[0][0] == stored.warc.split("#")[0]


def test_an_unusable_index_is_rebuilt_from_the_capture_files(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    t0 = dt.datetime(2026, 1, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    cache.store(snapshot("http://news.test/a", b"one", t0))
    moved = replace(snapshot("http://news.test/b", b"two", t0), final_url="http://news.test/c",
                    origin=Origin.IMPORT)
    cache.store(moved)
    before = cache.index()
    cache.close()  # damage comes between runs, when the index's log is written back
    (tmp_path / "index.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError, match="unusable"):
        cache.latest("http://news.test/a")
    assert cache.rebuild_index() == 2
    assert cache.index() == before
    assert cache.verify().ok
    assert any(p.name.startswith("index.sqlite.replaced-") for p in tmp_path.iterdir())


def test_text_that_belongs_to_one_capture_is_not_shared_by_digest(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    gone = replace(snapshot("http://news.test/gone", PAGE.encode()), status=404)
    text = extract_text(gone)
    assert text.problem is not None and text.problem.sentence.startswith("HTTP 404")
    assert text.per_capture  # it says something of this capture, not of these bytes
    cache.store_text(gone.sha256, "x-1", text)
    assert cache.text(gone.sha256, "x-1") is None  # a 200 with the same bytes extracts anew
    empty = PageText("", "", problem=Problem(ProblemKind.EMPTY))
    cache.store_text(gone.sha256, "x-1", empty)
    got = cache.text(gone.sha256, "x-1")
    assert got == empty  # the problem reads back as it was kept


@pytest.mark.parametrize(("sentence", "kind"), [
    ("paywalled: the text stops at a subscription prompt after 80 words", ProblemKind.PAYWALLED),
    ("the PDF has no text layer (a scan needs OCR first)", ProblemKind.UNREADABLE),
])
def test_cached_text_of_an_earlier_version_reads_its_problem_back(
        tmp_path: Path, sentence: str, kind: ProblemKind) -> None:
    # Caches written before problems were typed kept the sentence: it reads back as a
    # problem of its kind, in the same words.
    cache = SnapshotCache(tmp_path)
    digest = "ef" * 32
    cache.store_text(digest, "x-1", PageText("main", "full"))
    with closing(sqlite3.connect(tmp_path / INDEX)) as db, db:
        (row,) = db.execute("SELECT json FROM texts").fetchone()
        db.execute("UPDATE texts SET json = ?",
                   (json.dumps({**json.loads(row), "problem": sentence}),))
    got = cache.text(digest, "x-1")
    assert got is not None and got.problem is not None
    assert (got.problem.kind, got.problem.sentence) == (kind, sentence)


def test_a_cache_that_cannot_be_written_does_not_stop_a_run(
        httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    root = settings.cache_dir
    root.mkdir()
    (root / "warc").write_text("a file where the capture folder should be")
    (root / "index.sqlite-journal").mkdir()  # SQLite cannot start a write transaction
    fetcher, cache = open_fetcher(settings)
    with fetcher:
        got = fetcher.fetch(httpserver.url_for("/a"))
    assert got.body == PAGE.encode() and got.warc is None  # read, not kept as evidence
    cache.store_text(got.sha256, "x-1", PageText("main", "full"))  # logged, not raised
    assert cache.text(got.sha256, "x-1") is None

"""What a process keeps of the cache index's answers (``cache.memo``): kept while the index is
unchanged, and never once it changed: a page fetched or extracted again in the same process,
or in another one, is what the next check reads."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance import api
from provenance.cache.fetcher import open_fetcher
from provenance.cache.memo import Memo
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.model import PageText, Snapshot, Status
from provenance.settings import Settings
from provenance.text.extract import EXTRACTOR
from tests.integration.runs import cite
from tests.pages import HARBOUR, article_page

URL = "http://news.test/harbour"
QUOTE = "The expansion will be paid for by shipping fees, not by taxpayers"
T0 = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
ROOT = Path(__file__).resolve().parents[2]


def _store(cache: SnapshotCache, paragraphs: list[str], when: dt.datetime) -> Snapshot:
    body = article_page("Council approves harbour expansion", paragraphs).encode()
    return cache.store(Snapshot(url=URL, final_url=URL, status=200,
                                content_type="text/html; charset=utf-8", fetched_at=when,
                                sha256=hashlib.sha256(body).hexdigest(), body=body))


def _status(cache_dir: Path) -> Status:
    report = api.check(cite(QUOTE, URL), offline=True, cache=cache_dir)
    return report.verdicts[0].status


def test_a_page_fetched_again_in_the_same_process_is_seen(tmp_path: Path) -> None:
    without = [p for p in HARBOUR if "shipping fees" not in p]
    _store(SnapshotCache(tmp_path), without, T0)
    assert _status(tmp_path) is Status.MISSING
    assert _status(tmp_path) is Status.MISSING  # answered from what the process kept
    kept = api._process_cache(tmp_path)._index._rows
    assert kept.hits > 0
    # A newer capture, stored through another connection of this process, as a batch's
    # other cache object or a command would.
    _store(SnapshotCache(tmp_path), HARBOUR, T0 + dt.timedelta(days=1))
    assert _status(tmp_path) is Status.FOUND


def test_a_page_extracted_again_is_seen(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    snap = _store(cache, HARBOUR, T0)
    assert _status(tmp_path) is Status.FOUND  # extracts the text and keeps it
    assert _status(tmp_path) is Status.FOUND
    # The text kept for the body replaced (a reader fixed, a crash's text made again): the
    # process that kept the old text reads the new one.
    elsewhere = [p.replace("shipping fees", "harbour dues") for p in HARBOUR]
    text = " ".join(elsewhere)
    cache.store_text(snap.sha256, EXTRACTOR, PageText(text, text))
    assert _status(tmp_path) is Status.ALTERED
    assert api._process_cache(tmp_path).text(snap.sha256, EXTRACTOR) == PageText(text, text)


def test_another_process_writing_is_seen(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    snap = _store(cache, HARBOUR, T0)
    cache.store_text(snap.sha256, EXTRACTOR, PageText("old words", "old words"))
    assert cache.text(snap.sha256, EXTRACTOR) == PageText("old words", "old words")
    assert cache.text(snap.sha256, EXTRACTOR) == PageText("old words", "old words")
    script = ("import sys; from pathlib import Path; from provenance.cache.store import "
              "SnapshotCache; from provenance.model import PageText; "
              "SnapshotCache(Path(sys.argv[1])).store_text(sys.argv[2], sys.argv[3], "
              "PageText('new words', 'new words'))")
    subprocess.run([sys.executable, "-c", script, str(tmp_path), snap.sha256, EXTRACTOR],
                   cwd=ROOT, check=True)
    assert cache.text(snap.sha256, EXTRACTOR) == PageText("new words", "new words")


def test_a_capture_read_once_is_served_with_its_headers(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    snap = _store(cache, HARBOUR, T0)
    cache.store_text(snap.sha256, EXTRACTOR, PageText("words", "words"))
    first = cache.newest_readable(URL, unread=True)
    assert first is not None
    headers = first.headers  # read from the file, the digest checked
    again = cache.newest_readable(URL, unread=True)
    assert again is not None and again.headers == headers
    (tmp_path / snap.warc.split("#")[0]).unlink()  # type: ignore[union-attr]
    served = cache.newest_readable(URL, unread=True)
    assert served is not None and served.headers == headers  # not read again
    with pytest.raises(DamagedEntry, match="missing"):
        served.body  # noqa: B018 -- the body is still read (and so checked) when asked for


class _Versions:
    def __init__(self) -> None:
        self.now: int | None = 1

    def version(self) -> int | None:
        return self.now


def test_the_memo_keeps_answers_per_version_and_boundedly() -> None:
    versions = _Versions()
    memo = Memo(versions, most=4)
    reads: list[str] = []

    def read(key: str) -> str:
        reads.append(key)
        return key.upper()

    assert memo.get("a", lambda: read("a")) == "A"
    assert memo.get("a", lambda: read("a")) == "A"
    assert reads == ["a"]
    versions.now = 2  # the index changed: read again
    assert memo.get("a", lambda: read("a")) == "A" and reads == ["a", "a"]
    versions.now = None  # no index: nothing kept
    memo.get("b", lambda: read("b"))
    memo.get("b", lambda: read("b"))
    assert reads.count("b") == 2
    versions.now = 3
    for key in "cdefgh":
        memo.get(key, lambda key=key: read(key))
    assert len(memo._kept) <= 4
    memo.get("h", lambda: read("h"))
    assert reads.count("h") == 1  # the latest stay


def test_a_steady_block_asks_sqlite_once_and_still_sees_its_own_writes(tmp_path: Path
                                                                         ) -> None:
    cache = SnapshotCache(tmp_path)
    snap = _store(cache, HARBOUR, T0)
    cache.store_text(snap.sha256, EXTRACTOR, PageText("old words", "old words"))
    asked: list[str] = []
    with cache.steady():
        assert cache.text(snap.sha256, EXTRACTOR) == PageText("old words", "old words")
        cache._index._db.set_trace_callback(asked.append)  # type: ignore[union-attr]
        for _ in range(5):
            assert cache.text(snap.sha256, EXTRACTOR) == PageText("old words", "old words")
            assert len(cache.index(URL)) == 1
        assert not [s for s in asked if "data_version" in s]  # asked once, before
        # This process's own writes are seen at once: a text extracted again, a page
        # fetched again.
        cache.store_text(snap.sha256, EXTRACTOR, PageText("new words", "new words"))
        assert cache.text(snap.sha256, EXTRACTOR) == PageText("new words", "new words")
        newer = _store(cache, [p.replace("shipping", "harbour") for p in HARBOUR],
                       T0 + dt.timedelta(days=1))
        assert [c.sha256 for c in cache.index(URL)] == [snap.sha256, newer.sha256]
        assert cache.text(snap.sha256, EXTRACTOR) == PageText("new words", "new words")
        # Another connection's commit is seen by the next block (this one keeps answering
        # from what it read).
        SnapshotCache(tmp_path).store_text(snap.sha256, EXTRACTOR,
                                           PageText("other words", "other words"))
        assert cache.text(snap.sha256, EXTRACTOR) == PageText("new words", "new words")
    with cache.steady():
        assert cache.text(snap.sha256, EXTRACTOR) == PageText("other words", "other words")
    # Outside a block, every question asks SQLite whether the index changed.
    asked.clear()
    cache._index._db.set_trace_callback(asked.append)  # type: ignore[union-attr]
    cache.text(snap.sha256, EXTRACTOR)
    cache.text(snap.sha256, EXTRACTOR)
    assert len([s for s in asked if "data_version" in s]) == 2


def test_a_cache_without_an_index_keeps_its_empty_answers_until_one_is_made(
        tmp_path: Path) -> None:
    # A cluster's workers ask the run's cache, which has no index until the run ends, for
    # every page of every document: the empty answer is kept, not asked again each time.
    cache = SnapshotCache(tmp_path)
    rows = cache._index._rows
    with cache.steady():
        assert cache.index(URL) == ()
        misses = rows.misses
        for _ in range(5):
            assert cache.index(URL) == ()
        assert (rows.misses, rows.hits) == (misses, 5)
    with cache.steady():
        assert cache.index(URL) == ()
    assert rows.misses == misses  # still no index file: the answer stands
    # Another process (here another connection) makes the index: the next block sees it,
    # and so does this one when it asks again (a page about to be fetched).
    snap = _store(SnapshotCache(tmp_path), HARBOUR, T0)
    with cache.steady():
        assert [c.sha256 for c in cache.index(URL)] == [snap.sha256]
    assert [c.sha256 for c in SnapshotCache(tmp_path / "other").index(URL)] == []
    later = tmp_path / "later"
    late = SnapshotCache(later)
    with late.steady():
        assert late.index(URL) == ()
        _store(SnapshotCache(later), HARBOUR, T0)
        assert late.index(URL) == ()  # (the block answers as it began)
        assert late.recheck()
        assert [c.sha256 for c in late.index(URL)] == [snap.sha256]
    # This process's own first write, inside a block that began with no index, is seen.
    own = SnapshotCache(tmp_path / "own")
    with own.steady():
        assert own.index(URL) == ()
        mine = _store(own, HARBOUR, T0)
        assert [c.sha256 for c in own.index(URL)] == [mine.sha256]


def test_a_page_fetched_again_during_a_check_is_seen_by_the_next(tmp_path: Path) -> None:
    without = [p for p in HARBOUR if "shipping fees" not in p]
    _store(SnapshotCache(tmp_path), without, T0)
    cache = api._process_cache(tmp_path)
    with cache.steady():  # as a check is: a newer capture kept by this process meanwhile
        assert _status(tmp_path) is Status.MISSING
        _store(cache, HARBOUR, T0 + dt.timedelta(days=1))
        assert _status(tmp_path) is Status.FOUND


def test_the_memo_bounds_what_it_keeps_by_weight() -> None:
    versions = _Versions()
    memo = Memo(versions, most=100, weigh=len, budget=10)  # type: ignore[arg-type]
    reads: list[str] = []

    def read(key: str) -> str:
        reads.append(key)
        return key * 4

    for key in "abc":  # 4 + 4 = 8 fit; the third would pass 10: the oldest half goes
        memo.get(key, lambda key=key: read(key))
    assert memo._weight <= 10 + 4 and "a" not in memo._kept
    memo.get("c", lambda: read("c"))
    assert reads == ["a", "b", "c"]  # the latest stays
    versions.now = 2  # an answer read again under a new version replaces, not adds, weight
    memo.get("c", lambda: read("c"))
    assert memo._weight == sum(len(v) for _, v in memo._kept.values())  # type: ignore[arg-type]


def test_a_page_another_worker_stored_during_a_check_is_not_fetched_again(
        httpserver: HTTPServer, settings: Settings) -> None:
    url = httpserver.url_for("/harbour")
    httpserver.expect_request("/harbour").respond_with_data(
        article_page("Council approves harbour expansion", HARBOUR),
        content_type="text/html; charset=utf-8")
    fetcher, cache = open_fetcher(settings)
    _store(cache, HARBOUR, T0)  # another page: the index is there
    with fetcher, cache.steady():
        assert cache.index(url) == ()  # asked during the check: not cached yet
        # Another worker of the batch fetches and keeps the page meanwhile.
        body = article_page("Council approves harbour expansion", HARBOUR).encode()
        SnapshotCache(settings.cache_dir).store(Snapshot(
            url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
            fetched_at=T0, sha256=hashlib.sha256(body).hexdigest(), body=body))
        got = fetcher.fetch(url)
    assert got.body == body and got.fetched_at == T0
    assert len(httpserver.log) == 0  # served from the cache, not fetched again

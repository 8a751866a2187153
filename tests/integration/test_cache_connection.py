"""The cache index is opened once per process, in WAL mode, and a forked worker opens its
own connection rather than using its parent's."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sqlite3
from pathlib import Path

from provenance.cache.index import Index
from provenance.cache.store import SnapshotCache
from provenance.model import Snapshot

T0 = dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.UTC)


def _snapshot(url: str, body: bytes, minute: int = 0) -> Snapshot:
    import hashlib
    return Snapshot(url=url, final_url=url, status=200, content_type="text/html",
                    fetched_at=T0 + dt.timedelta(minutes=minute),
                    sha256=hashlib.sha256(body).hexdigest(), body=body)


def _child_stores(cache: SnapshotCache, name: str, n: int) -> None:
    for i in range(n):
        cache.store(_snapshot(f"http://{name}.test/{i}", f"{name} page {i}".encode(), i))
    assert len(cache.index()) >= n
    # Its own connection, not the parent's (another process's write written back into the
    # file opens it again, so there may be more than one).
    assert cache._index._owner[0] == os.getpid() and cache._index.connects >= 1


def test_one_connection_serves_every_operation_of_a_process(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    for i in range(5):
        stored = cache.store(_snapshot(f"http://news.test/{i}", f"page {i}".encode(), i))
        assert cache.read(cache.index(stored.url)[-1]).body == f"page {i}".encode()
    assert len(cache.index()) == 5
    assert cache._index.connects == 1
    with sqlite3.connect(tmp_path / "index.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # The log is written back after each write: the index file alone is whole.
    assert not (tmp_path / "index.sqlite-wal").exists() or \
        (tmp_path / "index.sqlite-wal").stat().st_size == 0


def test_a_replaced_index_file_is_opened_again(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    cache.store(_snapshot("http://news.test/a", b"one"))
    assert cache.rebuild_index() == 1  # sets the old file aside and writes a new one
    assert [r.url for r in cache.index()] == ["http://news.test/a"]
    assert cache._index.connects == 2


def test_forked_workers_write_through_connections_of_their_own(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    cache.store(_snapshot("http://parent.test/", b"parent page"))
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=_child_stores, args=(SnapshotCache(tmp_path), name, 20))
               for name in ("one", "two")]
    # The parent's own cache, its connection open: the child must not use it.
    workers.append(fork.Process(target=_child_stores, args=(cache, "three", 20)))
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    # The parent's connection still works after its children used (and left) theirs.
    rows = cache.index()
    assert len(rows) == 1 + 3 * 20
    assert {r.url for r in rows} >= {f"http://three.test/{i}" for i in range(20)}
    assert cache.verify().ok
    assert Index(tmp_path).rows("http://parent.test/")[0].url == "http://parent.test/"


def test_documents_checked_one_call_each_share_the_cache_and_its_connection(
        tmp_path: Path) -> None:
    from provenance import api

    body = ("<html><body><article><p>Synthetic test page. The council said the quay would "
            "open in the spring of 2028 after a long debate.</p></article></body></html>")
    SnapshotCache(tmp_path / "cache").store(_snapshot("http://news.test/quay", body.encode()))
    doc = ('The council said "the quay would open in the spring of 2028" '
           "(http://news.test/quay).\n")
    first = api.check(doc, offline=True, cache=tmp_path / "cache")
    second = api.check(doc, offline=True, cache=tmp_path / "cache")
    assert [v.status for v in first.verdicts] == [v.status for v in second.verdicts] == ["found"]
    kept = api._process_cache(tmp_path / "cache")
    assert kept._index.connects == 1  # not one per document
    # A cache left for others is closed; the same folder later gets a fresh one that reads.
    for n in range(api._KEPT):
        api._process_cache(tmp_path / f"other-{n}")
    assert kept._index._db is None
    third = api.check(doc, offline=True, cache=tmp_path / "cache")
    assert [v.status for v in third.verdicts] == ["found"]

"""Index rows asked for many URLs at once are those asked for one URL at a time (synthetic
captures, no network)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import Origin, Snapshot


def _snap(url: str, final: str, body: bytes, minute: int) -> Snapshot:
    return Snapshot(url=url, final_url=final, status=200, content_type="text/html",
                    fetched_at=dt.datetime(2026, 3, 5, 12, minute, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body,
                    headers=(("Content-Type", "text/html"),), origin=Origin.IMPORT)


def test_rows_of_many_urls_are_the_rows_of_each(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    try:
        a, b, c = ("https://news.example/a", "https://news.example/b",
                   "https://news.example/c")
        # Stored out of time order; one capture of b redirected to c; a captured twice.
        cache.store(_snap(a, a, b"<p>synthetic a, later</p>", 9))
        cache.store(_snap(a, a, b"<p>synthetic a, earlier</p>", 1))
        cache.store(_snap(b, c, b"<p>synthetic b, moved to c</p>", 5))
        cache.store(_snap(c, c, b"<p>synthetic c</p>", 3))
        urls = [a, b, c, "https://news.example/none"]
        together = cache.index_of(urls)
        assert together == {u: cache.index(u) for u in urls}
        assert [r.fetched_at.minute for r in together[a]] == [1, 9]
        assert [r.url for r in together[c]] == [c, b]  # c's own, then b's that ended there
        assert together["https://news.example/none"] == ()
    finally:
        cache.close()

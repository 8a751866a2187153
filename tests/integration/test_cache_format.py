"""A cache written in on-disk format 1 stays readable: the shipped example depends on it.

tests/data/cache-format-1 was written once by this module's version 1 and is never
rewritten; if a change to the cache makes these tests fail, the change breaks every
existing cache, the shipped example's included.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from provenance.cache.store import SnapshotCache
from provenance.model import Origin

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "cache-format-1"
URL = "https://harbour-gazette.example/a"


@pytest.fixture
def cache(tmp_path: Path) -> SnapshotCache:
    shutil.copytree(FIXTURE, tmp_path / "cache")  # reads may not write, but be sure
    return SnapshotCache(tmp_path / "cache")


def test_rows_and_bodies_read_back(cache: SnapshotCache) -> None:
    first, second = cache.captures(URL)
    assert first.final_url == "https://harbour-gazette.example/2026/a"
    assert first.fetched_at == dt.datetime(2026, 3, 2, 10, 15, 30, 250000, tzinfo=dt.UTC)
    assert first.status == 200 and first.origin is Origin.LIVE
    assert b"will reopen before the summer season" in first.body
    assert ("X-Provenance-Orig-Content-Encoding", "gzip") in first.headers
    assert second.origin is Origin.IMPORT and second.body == b"Synthetic test page, saved by hand."
    latest = cache.latest(URL)
    assert latest is not None and latest.sha256 == second.sha256
    assert cache.latest("https://harbour-gazette.example/2026/a") is not None  # by final URL


def test_cached_text_reads_back(cache: SnapshotCache) -> None:
    first = cache.captures(URL)[0]
    text = cache.text(first.sha256, "fixture-1")
    assert text is not None
    assert (text.main, text.title, text.date, text.author, text.language) == \
        ("main words", "Harbour to reopen", dt.date(2026, 3, 2), "A. Writer", "en")


def test_verify_and_rebuild_agree_with_the_stored_index(cache: SnapshotCache) -> None:
    assert cache.verify().ok
    before = cache.index()
    assert cache.rebuild_index() == 2
    assert cache.index() == before


def test_records_are_the_documented_ones(cache: SnapshotCache) -> None:
    row = cache.index(URL)[0]
    with gzip.open(cache.root / row.warc_file, "rb") as f:
        records = list((r.rec_type, r.rec_headers.get_header("WARC-Payload-Digest") or "",
                        r.content_stream().read()) for r in ArchiveIterator(f))
    assert [kind for kind, _, _ in records] == ["request", "response", "request", "response",
                                                "metadata"]
    assert records[3][1].startswith("sha256:")
    fields = records[4][2].decode()
    assert f"requested-url: {URL}" in fields and "origin: live" in fields
    assert "redirect: https://harbour-gazette.example/a 301 " in fields


def test_an_index_from_before_kept_shingles_takes_them_without_losing_anything(
        cache: SnapshotCache) -> None:
    assert cache.shingles("trafilatura-2", "any") == {}  # no such table yet: nothing kept
    blob = bytes(range(16))
    cache.store_shingles({"ab" * 32: blob}, "trafilatura-2", "any")
    assert cache.shingles("trafilatura-2", "any") == {"ab" * 32: blob}
    assert cache.shingles("trafilatura-2", "other") == {}
    first, second = cache.captures(URL)  # the captures are as they were
    assert b"will reopen before the summer season" in first.body
    assert second.body == b"Synthetic test page, saved by hand."
    text = cache.text(first.sha256, "fixture-1")
    assert text is not None and text.main == "main words"
    assert cache.verify().ok

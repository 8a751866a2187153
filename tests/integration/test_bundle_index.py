"""A bundle's CDXJ index is made from the cache's index rows, and is line for line the one
cdxj-indexer writes by reading every record: for plain captures of every kind, and, by
falling back to cdxj-indexer, for the files a row alone does not describe (redirect hops,
revisits, a row that disagrees with its file, a file with more records than the cache writes).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import gzip
import hashlib
import io
import os
import zlib
from pathlib import Path

import pytest

from provenance.cache.cdxj import CdxjIndex, b32_sha256, record_type
from provenance.cache.index import Capture
from provenance.cache.store import SnapshotCache
from provenance.model import NotModified, Origin, Snapshot

pytest.importorskip("cdxj_indexer")

WHEN = dt.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)


def body(n: int) -> bytes:
    return (f"<html><body><p>Synthetic test page {n}: not a real article.</p>"
            + "<p>harbour council vote</p>" * (50 + 40 * n) + "</body></html>").encode()


def snapshot(address: str, n: int, **changes: object) -> Snapshot:
    data = body(n)
    snap = Snapshot(url=address, final_url=address, status=200,
                    content_type="text/html; charset=utf-8",
                    fetched_at=WHEN + dt.timedelta(minutes=n),
                    sha256=hashlib.sha256(data).hexdigest(), body=data,
                    headers=(("Content-Type", "text/html; charset=utf-8"),))
    return dataclasses.replace(snap, **changes)  # type: ignore[arg-type]


def indexer_lines(path: Path, name: str) -> list[str]:
    from cdxj_indexer.main import write_cdx_index

    out = io.StringIO()
    write_cdx_index(out, io.BytesIO(path.read_bytes()), {"post_append": True,
                                                        "filename": name})
    return sorted(out.getvalue().splitlines(keepends=True))  # as --sort does


def ours(cache: SnapshotCache, row: Capture) -> tuple[str, CdxjIndex]:
    index = CdxjIndex()
    path = cache.root / row.warc_file
    index.add(path.name, path.read_bytes(), row)
    return index.text(), index


def row_of(cache: SnapshotCache, stored: Snapshot) -> Capture:
    return next(r for r in cache.index(stored.url) if r.warc == stored.warc)


PLAIN = [
    snapshot("https://news.example/a", 0),
    snapshot("https://news.example/b?z=2&a=1#part", 1),  # query sorted in the key
    snapshot("http://WWW.News.Example:80/Case/Path", 2),  # host and port in the key
    snapshot("https://news.example/missing", 3, status=404),
    snapshot("https://news.example/doc.pdf", 4, content_type="application/pdf",
             headers=(("Content-Type", "application/pdf"),)),
    snapshot("https://news.example/archived", 5, origin=Origin.ARCHIVE),
    snapshot("https://news.example/no-type-header", 6, content_type="text/plain",
             headers=()),  # the cache writes the row's type as the header
    snapshot("https://news.example/%E2%80%9Cquoted%E2%80%9D", 7),
]


@pytest.mark.parametrize("snap", PLAIN, ids=[s.url for s in PLAIN])
def test_a_plain_capture_is_indexed_from_its_row_as_cdxj_indexer_does(
        tmp_path: Path, snap: Snapshot) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    row = row_of(cache, cache.store(snap))
    text, index = ours(cache, row)
    assert (index.from_rows, index.parsed) == (1, 0)
    path = cache.root / row.warc_file
    assert text.splitlines(keepends=True) == indexer_lines(path, path.name)


def test_redirect_hops_and_a_revisit_are_indexed_by_cdxj_indexer(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    hops = cache.store(snapshot("https://news.example/final", 1, url="https://news.example/go",
                                redirects=(("https://news.example/go", 301,
                                            "https://news.example/final"),)))
    first = cache.store(snapshot("https://news.example/page", 2))
    revisit = cache.store(snapshot(
        "https://news.example/page", 2, fetched_at=WHEN + dt.timedelta(days=1),
        not_modified=NotModified((("ETag", '"v1"'),), earlier=first.warc)))
    for stored in (hops, revisit):
        row = row_of(cache, stored)
        text, index = ours(cache, row)
        assert (index.from_rows, index.parsed) == (0, 1)
        path = cache.root / row.warc_file
        assert text.splitlines(keepends=True) == indexer_lines(path, path.name)
    revisit_row = row_of(cache, revisit)
    data = (cache.root / revisit_row.warc_file).read_bytes()
    assert record_type(data, revisit_row.warc_offset) == "revisit"


@pytest.mark.parametrize("change", [
    {"status": 201}, {"content_type": "text/plain"}, {"final_url": "https://other.example/"},
    {"fetched_at": WHEN + dt.timedelta(seconds=1)},
    {"sha256": hashlib.sha256(b"another body").hexdigest()},
    {"warc_offset": 0},
])
def test_a_row_that_disagrees_with_its_file_is_not_trusted(
        tmp_path: Path, change: dict[str, object]) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    row = row_of(cache, cache.store(PLAIN[0]))
    text, index = ours(cache, dataclasses.replace(row, **change))  # type: ignore[arg-type]
    assert (index.from_rows, index.parsed) == (0, 1)
    path = cache.root / row.warc_file
    assert text.splitlines(keepends=True) == indexer_lines(path, path.name)


def test_a_file_with_a_record_after_the_metadata_is_indexed_by_cdxj_indexer(
        tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    row = row_of(cache, cache.store(PLAIN[0]))
    path = cache.root / row.warc_file
    extra = (b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: https://news.example/x\r\n"
             b"WARC-Date: 2026-03-04T05:06:07Z\r\nWARC-Record-ID: <urn:uuid:synthetic>\r\n"
             b"Content-Type: text/plain\r\nContent-Length: 9\r\n\r\nsynthetic\r\n\r\n")
    path.write_bytes(path.read_bytes() + gzip.compress(extra))
    text, index = ours(cache, row)
    assert (index.from_rows, index.parsed) == (0, 1)
    assert text.splitlines(keepends=True) == indexer_lines(path, path.name)
    assert len(text.splitlines()) == 2


@pytest.mark.parametrize("member", ["request", "metadata"])
def test_a_record_compressed_by_another_writer_leaves_the_file_to_cdxj_indexer(
        tmp_path: Path, member: str) -> None:
    """The row's line needs the file in the cache writer's own form, each record one gzip
    member with the same header; a record compressed otherwise (here with a time in its gzip
    header) is read by cdxj-indexer, which finds the same records."""
    cache = SnapshotCache(tmp_path / "cache")
    row = row_of(cache, cache.store(PLAIN[0]))
    path = cache.root / row.warc_file
    data = path.read_bytes()
    inflater = zlib.decompressobj(31)
    request = inflater.decompress(data)
    response_at = len(data) - len(inflater.unused_data)
    assert response_at == row.warc_offset
    metadata_at = data.rfind(data[:10])
    metadata = gzip.decompress(data[metadata_at:])
    if member == "request":
        data = gzip.compress(request, mtime=1) + data[response_at:]
        row = dataclasses.replace(row, warc_offset=len(gzip.compress(request, mtime=1)))
    else:
        data = data[:metadata_at] + gzip.compress(metadata, mtime=1)
    path.write_bytes(data)
    text, index = ours(cache, row)
    assert (index.from_rows, index.parsed) == (0, 1)
    assert text.splitlines(keepends=True) == indexer_lines(path, path.name)
    assert len(text.splitlines()) == 1


def test_a_payload_digest_is_the_standard_base32() -> None:
    for data in (b"", b"synthetic", os.urandom(64)):
        hex_digest = hashlib.sha256(data).hexdigest()
        assert b32_sha256(hex_digest) == base64.b32encode(bytes.fromhex(hex_digest)).decode()
    for hex_digest in ("0" * 64, "f" * 64):
        assert b32_sha256(hex_digest) == base64.b32encode(bytes.fromhex(hex_digest)).decode()
    with pytest.raises(ValueError):
        b32_sha256("abc")

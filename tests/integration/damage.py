"""Damage a capture in a cache on purpose, the ways a disk or a person can."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import Snapshot

HOW = ("missing", "truncated", "edited")


def file_of(cache: SnapshotCache, snap: Snapshot) -> Path:
    """The WARC file holding ``snap``'s record."""
    assert snap.warc is not None
    return cache.root / snap.warc.split("#")[0]


def damage(cache: SnapshotCache, snap: Snapshot, how: str) -> None:
    """``missing``: the file is gone; ``truncated``: it stops halfway, as if the disk filled
    up after the index row was written; ``edited``: one byte of the body is changed in
    place, so the record (a gzip member of its own) still starts at the indexed offset and
    reads, but no longer matches the digest in the index."""
    path = file_of(cache, snap)
    data = path.read_bytes()
    if how == "missing":
        path.unlink()
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "edited":
        assert snap.warc is not None and snap.body
        offset = int(snap.warc.split("#")[1])
        member = zlib.decompressobj(wbits=31)
        raw = member.decompress(data[offset:])
        body = snap.body[:-1] + bytes([snap.body[-1] ^ 1])
        assert raw.count(snap.body) == 1
        edited = gzip.compress(raw.replace(snap.body, body))
        path.write_bytes(data[:offset] + edited + member.unused_data)
    else:
        raise ValueError(how)

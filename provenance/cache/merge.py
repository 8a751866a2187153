"""Merging cache shards: the captures of several caches copied into one.

A batch on a cluster can have each worker write its captures to a cache of its own (a
shard), so no two machines write one SQLite index; ``merge_shards`` then brings every shard
into the main cache. Each capture file is copied byte for byte, WARC record ids and all, so a
revisit capture (a 304) still names the response it confirmed, and a capture merged is the
capture the shard holds. A capture already in the cache (the same URL, time and body digest),
or in an earlier shard, is counted once. A capture whose file fails its digests, or whose
index row does not match its file, is reported and left out. Complete capture files a worker
wrote but never indexed (it was killed in between) are merged too: their rows are read from
the files, as ``cache verify --repair`` would. The text the shard's runs extracted from
the bodies merged comes with them, indexed for found-elsewhere (``merge_texts``), so the
merged cache's first run reads it rather than extracting every page again.

Each copy is written to a temporary name, flushed and moved into place before its index row
is added, as ``store`` does, so a merge stopped at any point leaves the cache verifying.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from provenance.cache.index import INDEX, Capture, Index, iso
from provenance.cache.merge_texts import merge_texts
from provenance.cache.store import WARC_DIR, DamagedEntry, SnapshotCache
from provenance.cache.warc import row_of_file, warc_problem
from provenance.errors import CacheError, ProvenanceError

__all__ = ["Merge", "merge_shards"]

log = logging.getLogger(__name__)

_ROWS = 256  # index rows added per transaction

_Key = tuple[str, str, str]  # (URL as requested, ISO time, body sha256): one capture


@dataclass
class Merge:
    """What ``merge_shards`` did."""

    copied: int = 0  # captures copied into the cache
    texts: int = 0  # extracted texts copied with them (``merge_texts``)
    duplicates: int = 0  # captures the cache (or an earlier shard) already held
    damaged: list[tuple[str, str]] = field(default_factory=list)  # (where, what is wrong)
    shards: int = 0  # shards read

    @property
    def ok(self) -> bool:
        return not self.damaged


def merge_shards(shards: Iterable[Path], into: SnapshotCache) -> Merge:
    """Copy every capture of each shard into ``into``; see the module docstring."""
    shards = [Path(s) for s in shards]
    for shard in shards:
        if not shard.is_dir():
            raise ProvenanceError(f"{shard}: no such cache folder")
        if shard.resolve() == into.root.resolve():
            raise ProvenanceError(f"{shard}: a cache cannot be merged into itself")
        if not (shard / INDEX).exists() and not (shard / WARC_DIR).is_dir():
            raise ProvenanceError(f"{shard}: not a cache folder (no {INDEX}, no {WARC_DIR}/)")
    into.check_index()
    # What the cache already holds is asked capture by capture, not read whole: a merge's
    # cost follows what the shards hold, not the size of the cache merged into.
    held: set[_Key] = set()  # captures merged by this call
    bodies: set[str] = set()  # of the captures merged, or held already: their texts follow
    index = Index(into.root)  # one connection for every row added
    result = Merge()
    try:
        for shard in shards:
            _merge_one(shard, into, index, held, bodies, result)
            result.shards += 1
    finally:
        index.close()
    # A body's text may be in another shard than its capture: the worker that fetched a
    # page and the one that read it first can differ. Each shard gives what it keeps.
    for shard in shards:
        source = SnapshotCache(shard)
        try:
            result.texts += merge_texts(source, into, bodies)
        finally:
            source.close()
    return result


def _merge_one(shard: Path, into: SnapshotCache, index: Index, held: set[_Key],
               bodies: set[str], result: Merge) -> None:
    source = SnapshotCache(shard)
    try:
        _merge_captures(shard, source, into, index, held, bodies, result)
    finally:
        source.close()


def _merge_captures(shard: Path, source: SnapshotCache, into: SnapshotCache, index: Index,
                    held: set[_Key], bodies: set[str], result: Merge) -> None:
    try:
        source.check_index()
        rows = list(source.index())
    except CacheError as exc:
        # The capture files are still whole: they are merged from what they say themselves.
        result.damaged.append((str(shard / INDEX), f"{exc}; its capture files are merged "
                                                   "without it"))
        rows = []
    indexed = {row.warc_file for row in rows}
    rows += _unindexed(shard, indexed)
    # Plain captures first, so the capture a revisit confirmed is in the cache before it.
    copies: dict[str, str] = {}  # file in the shard -> its copy in the cache
    # Rows are indexed a few hundred to a transaction (each a sync to disk), and before the
    # first revisit, which reads the capture it confirmed through the index.
    pending: list[Capture] = []
    plain = True
    for revisit, row in sorted(((_is_revisit(source, r), r) for r in rows),
                               key=lambda pair: pair[0]):
        if pending and (len(pending) >= _ROWS or (revisit and plain)):
            index.add_many(pending)
            pending.clear()
        plain = not revisit
        key = _key(row)
        if key in held or _in(into, key):
            result.duplicates += 1
            bodies.add(row.sha256)
            continue
        where = f"{shard / row.warc_file}"
        problem = _problem(source, row)
        if problem:
            result.damaged.append((where, problem))
            continue
        if row.warc_file in copies:
            rel, created = copies[row.warc_file], False
        else:
            rel, created = _copy(shard / row.warc_file, into)
        merged = replace(row, warc_file=rel)
        try:
            into.read(merged)  # the copy reads back, and a revisit finds what it confirmed
        except DamagedEntry as exc:
            result.damaged.append((where, f"{exc.reason} once merged"))
            if created:
                (into.root / rel).unlink(missing_ok=True)
            continue
        copies[row.warc_file] = rel
        pending.append(merged)
        held.add(key)
        result.copied += 1
        bodies.add(row.sha256)
    if pending:
        index.add_many(pending)


def _key(row: Capture) -> _Key:
    return (row.url, iso(row.fetched_at), row.sha256)


def _in(cache: SnapshotCache, key: _Key) -> bool:
    return any(_key(row) == key for row in cache.index(key[0]))


def _unindexed(shard: Path, indexed: set[str]) -> list[Capture]:
    """Rows of the complete capture files of ``shard`` its index does not name."""
    out = []
    warc_dir = shard / WARC_DIR
    for path in sorted(warc_dir.iterdir()) if warc_dir.is_dir() else ():
        rel = f"{WARC_DIR}/{path.name}"
        if path.name.startswith(".") or rel in indexed or not path.is_file():
            continue  # unfinished writes (.NAME.tmp) hold no capture
        row = row_of_file(path, rel)
        if row is not None:
            out.append(row)
    return out


def _is_revisit(source: SnapshotCache, row: Capture) -> bool:
    try:
        return source.confirmed(row) is not None
    except DamagedEntry:
        return True  # reported when its turn comes


def _problem(source: SnapshotCache, row: Capture) -> str | None:
    """What is wrong with a shard's capture: its row against its file, or the file's own
    digests; None when it is whole."""
    try:
        source.read(row)
    except DamagedEntry as exc:
        return exc.reason
    return warc_problem(source.root / row.warc_file)


def _copy(path: Path, into: SnapshotCache) -> tuple[str, bool]:
    """Copy a capture file into the cache's WARC folder whole: its path there, and whether
    this call made it.

    Names derive from the capture, so the same name in the cache is the same capture file
    unless its bytes differ (a damaged file, another tool's file): then the copy gets a name
    of its own rather than touching what is there.
    """
    warc_dir = into.root / WARC_DIR
    warc_dir.mkdir(parents=True, exist_ok=True)
    stem = path.name.removesuffix(".warc.gz")
    name, n = path.name, 1
    while (warc_dir / name).exists():
        if _same_bytes(warc_dir / name, path):
            return f"{WARC_DIR}/{name}", False
        n += 1
        name = f"{stem}-{n}.warc.gz"
    tmp = warc_dir / f".{name}.tmp"
    try:
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.replace(tmp, warc_dir / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return f"{WARC_DIR}/{name}", True


def _same_bytes(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            ca, cb = fa.read(1 << 20), fb.read(1 << 20)
            if ca != cb:
                return False
            if not ca:
                return True

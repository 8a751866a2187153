"""A cache shard per worker of a cluster, merged into the run's cache at the end.

On a cluster no two workers write one SQLite index: each worker process writes the
captures it fetches to a shard of its own, ``CACHE/shards/RUN/WORKER/`` (WARC files plus an
index, a cache folder like any other), on the shared storage every worker reaches. A worker
reads a page from, in order: the run's cache (read only), its own shard, the other workers'
shards, and only then the web; the last two under the page's cluster lock, so a page cited
by many documents is fetched by one worker once. A worker that dies keeps every capture it
wrote (each is whole or absent) and a worker started in its place gets a shard of its own.
Kept text and found-elsewhere read the same caches (``run_caches.RunCache``).

At the end ``merge_run`` merges every shard of the run into the run's cache with
``provenance cache merge``'s code (no capture twice, each copy in place before its index
row, the text extracted from them with them) and removes the shards once merged whole; a
shard with a damaged capture is kept.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import uuid
from pathlib import Path

from provenance.batch.cluster_fetch import ClusterLocks
from provenance.batch.run_caches import RunCache
from provenance.cache.fetcher import CachedFetcher
from provenance.cache.merge import Merge, merge_shards
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.model import Fetcher, Snapshot

__all__ = ["ShardPages", "merge_run", "new_run", "shard_of"]

log = logging.getLogger(__name__)

SHARDS = "shards"


def new_run(cache_dir: Path) -> Path:
    """The folder a new run's shards go in (made by the workers)."""
    return cache_dir / SHARDS / uuid.uuid4().hex[:16]


def shard_of(run: Path, worker: str) -> Path:
    """The shard of the worker named ``worker`` (its address or name) in ``run``: a name of
    its own each time a worker process starts, so a worker restarted in the place of a dead
    one never writes into the dead one's shard."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", worker).strip("_") or "worker"
    return run / f"{safe}-{uuid.uuid4().hex[:8]}"


class ShardPages(Fetcher):
    """Pages for one worker of a sharded run: the run's cache, then the worker's shard
    (``own``, the fetcher over it, which goes to the web for what it lacks; its cache a
    ``RunCache`` that knows the run's cache and the other shards), the other shards in
    between; see the module docstring. Refreshing, or revalidating a capture
    (``previous``), goes to ``own`` directly."""

    def __init__(self, own: CachedFetcher, locks: ClusterLocks, refresh: bool = False) -> None:
        if not isinstance(own.cache, RunCache):
            raise TypeError("ShardPages reads through a fetcher over a RunCache")
        self.own, self.caches, self.locks = own, own.cache, locks
        self.refresh = refresh

    def kept(self, url: str) -> Snapshot | None:
        """The newest capture of ``url`` in the run's cache, this worker's shard or another
        worker's; None when none has one (or refreshing)."""
        if self.refresh:
            return None
        # A capture found needs no lock: captures are never taken back. Every lookup of a
        # page some worker already has ends here, without a word to the scheduler; only a
        # page no cache holds yet takes its lock.
        got = self._found(url, [self.caches.main, self.caches])
        return got if got is not None else self._found(url, self.caches.others())

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        reuse = previous is None and not self.refresh
        if reuse and (got := self.kept(url)) is not None:
            return got
        with self.locks.url(url):
            # Asked afresh: what another worker stored while this one waited for the lock.
            self.caches.recheck()
            if reuse and (got := self._found(url, self.caches.others())) is not None:
                return got
            return self.own.fetch(url, previous=previous)

    @staticmethod
    def _found(url: str, caches: list[SnapshotCache]) -> Snapshot | None:
        for cache in caches:
            if (got := _held(cache, url)) is not None:
                return got
        return None

    def close(self) -> None:
        self.own.close()  # and its RunCache, which closes the others


def _held(cache: SnapshotCache, url: str) -> Snapshot | None:
    """The newest capture of ``url`` in ``cache``; None when there is none, or it is
    damaged (it is fetched again, as a run on one cache would). A capture whose text that
    cache keeps is served from its index row, its body read only if asked for (``unread``),
    as a run on one cache serves it: its text is read, not its body."""
    try:
        return cache.latest(url, unread=True)
    except DamagedEntry as exc:
        log.warning("%s", exc)
        return None


def merge_run(run: Path, cache_dir: Path) -> Merge | None:
    """Merge every shard of ``run`` into the cache at ``cache_dir``; remove them when all
    merged whole. None when the run wrote no shard (offline, or every page was cached)."""
    shards = sorted(p for p in run.iterdir() if p.is_dir()) if run.is_dir() else []
    if not shards:
        _remove(run)
        return None
    into = SnapshotCache(cache_dir)
    try:
        merged = merge_shards(shards, into)
    finally:
        into.close()
    if merged.ok:
        _remove(run)
    return merged


def _remove(run: Path) -> None:
    shutil.rmtree(run, ignore_errors=True)
    with contextlib.suppress(OSError):  # CACHE/shards, when no other run is using it
        run.parent.rmdir()

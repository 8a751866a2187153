"""The fetch policy over the cache: serve a capture from it, fetch and keep one when needed;
and ``open_fetcher``, the whole stack a run reads pages through."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from provenance.cache.index import iso
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.errors import CacheError, CacheMiss, FetchError, FetchFailure, write_failure
from provenance.fetch.archive_origin import ArchiveOriginFetcher
from provenance.fetch.http import HttpFetcher
from provenance.model import Fetcher, Progress, Snapshot
from provenance.settings import Settings

__all__ = ["CachedFetcher", "open_fetcher"]

log = logging.getLogger(__name__)


def open_fetcher(settings: Settings, *, network: Fetcher | None = None,
                 progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep,
                 cache: SnapshotCache | None = None) -> tuple[CachedFetcher, SnapshotCache]:
    """The fetcher a run reads pages through, and the cache under it (``settings.cache_dir``).

    Online, pages the cache cannot give come from ``network``: by default the web
    (``HttpFetcher``, which tells ``progress`` of its retries and waits and sleeps with
    ``sleep``), with a web archive's copies kept as origin ``archive``. Offline, the cache
    alone answers. ``refresh`` takes new captures. CacheError when the cache's index is
    damaged. Close the fetcher (or use it in a ``with`` block) when done. A ``cache`` given
    (one the caller keeps open across runs) is read through instead, and left open.
    """
    owned = cache is None
    if cache is None:
        cache = SnapshotCache(settings.cache_dir)
    cache.check_index()  # a damaged index is one error before the run, not one per page
    inner = None
    if not settings.offline:
        # Inside the cache, so captures served by the web archive are stored as such.
        inner = network or ArchiveOriginFetcher(
            HttpFetcher(settings, sleep=sleep, progress=progress), settings)
    return CachedFetcher(inner, cache, settings.offline, settings.refresh, owned), cache


class CachedFetcher(Fetcher):
    """Serve from the cache; go to ``inner`` only when online and not cached (or refreshing).
    Offline and not cached raises CacheMiss without opening a socket. Offline, a damaged
    newest capture gives way to the newest one that reads; online, it is fetched again.

    Refreshing, or given ``previous``, it asks ``inner`` whether the page changed since that
    capture (by default the newest that reads) and keeps the answer as a new capture.
    ``close`` closes ``inner`` and the cache's connection (a run's last use of the cache
    writes the index's log back into the index file).
    """

    def __init__(self, inner: Fetcher | None, cache: SnapshotCache, offline: bool,
                 refresh: bool = False, owns_cache: bool = True) -> None:
        self.inner, self.cache, self.offline, self.refresh = inner, cache, offline, refresh
        self.owns_cache = owns_cache  # close() closes the cache too
        # (URL, why) of each page read but whose capture could not be kept (a full disk):
        # the run's evidence is incomplete, and the caller says so.
        self.unstored: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()
        if self.owns_cache:
            self.cache.close()

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        damaged: DamagedEntry | None = None
        revalidate = self.refresh or previous is not None
        if not revalidate or self.offline:
            try:
                cached = self._cached(url)
            except DamagedEntry as exc:
                log.warning("%s", exc)
                cached, damaged = None, exc
            if cached is not None:
                return cached
        if self.offline or self.inner is None:
            if damaged is not None:
                raise FetchError(url, f"offline: {damaged.reason}", kind=FetchFailure.OFFLINE)
            raise CacheMiss(url)
        if revalidate:
            if previous is None:
                previous = self._previous(url)
            got = self.inner.fetch(url, previous=previous)
        else:
            again = self._stored_meanwhile(url) if damaged is None else None
            if again is not None:
                return again
            try:
                got = self.inner.fetch(url)
            except FetchError as exc:
                older = self._fallback(url, damaged, exc)
                if older is None:
                    raise
                return older
        try:
            return self.cache.store(got)
        except (CacheError, OSError) as exc:
            # The page was read: use it for this run, and say its evidence was not kept.
            reason = write_failure(exc) if isinstance(exc, OSError) else str(exc)
            log.warning("capture of %s not stored in the cache: %s", url, reason)
            with self._lock:
                self.unstored.append((url, reason))
            return got

    def kept(self, url: str) -> Snapshot | None:
        """The capture ``fetch`` would serve from the cache, without going out; None when it
        would go out (not cached, refreshing) or the newest capture is damaged (``fetch``
        says what then)."""
        if self.refresh and not self.offline:
            return None
        try:
            return self._cached(url)
        except DamagedEntry:
            return None

    def _cached(self, url: str) -> Snapshot | None:
        if self.offline or self.inner is None:
            # The cache is all the evidence there is: a damaged newest capture must not hide
            # an older one that reads. A capture whose text is kept is served from its index
            # row, its file read only if its body is asked for (see ``unread``).
            return self.cache.newest_readable(url, unread=True)
        # Online, a damaged newest capture is fetched again, not passed over: the page as it
        # is now is better evidence than an older capture (the page may have changed since,
        # which the damaged capture may have recorded), and the new capture becomes the
        # newest, so the damaged one is not met again.
        return self.cache.latest(url, unread=True)

    def _stored_meanwhile(self, url: str) -> Snapshot | None:
        """A capture of ``url`` another process (a batch's other worker) stored since this
        check asked the index whether it changed (once a check: ``SnapshotCache.steady``):
        served instead of fetching the page again."""
        if not self.cache.recheck():
            return None
        try:
            return self._cached(url)
        except DamagedEntry:
            return None

    def _fallback(self, url: str, damaged: DamagedEntry | None,
                  failure: FetchError) -> Snapshot | None:
        """When a damaged newest capture was to be fetched again and that fetch failed, the
        newest capture that reads: older evidence beats none. None otherwise."""
        if damaged is None:
            return None
        try:
            older = self.cache.newest_readable(url)
        except DamagedEntry:
            return None
        if older is not None:
            log.warning("%s: fetching it again failed (%s); using the capture of %s instead",
                        url, failure.reason, iso(older.fetched_at))
        return older

    def _previous(self, url: str) -> Snapshot | None:
        # The validators of the newest capture that reads. Sound past a damaged newer one: a
        # 304 to them says the page is still that capture's body, and the revisit ``store``
        # writes refers to that capture (the fetcher keeps its ``warc`` as
        # ``NotModified.earlier``; for a revisit, to the response holding the same body), so
        # it never claims to confirm the damaged capture.
        try:
            return self.cache.newest_readable(url)
        except DamagedEntry as exc:
            log.warning("%s", exc)
            return None


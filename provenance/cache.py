"""The evidence cache: WARC captures, an SQLite index, and extracted text by digest."""

from __future__ import annotations

from pathlib import Path

from .fetch import Fetcher
from .model import PageText, Snapshot


class SnapshotCache:
    def __init__(self, root: Path) -> None:
        self.root = root

    def store(self, snapshot: Snapshot) -> Snapshot:
        """Write a capture (WARC request + response, index row); returns it with ``warc`` set."""
        raise NotImplementedError

    def latest(self, url: str) -> Snapshot | None:
        raise NotImplementedError

    def captures(self, url: str) -> tuple[Snapshot, ...]:
        raise NotImplementedError

    def text(self, sha256: str, extractor: str) -> PageText | None:
        raise NotImplementedError

    def store_text(self, sha256: str, extractor: str, text: PageText) -> None:
        raise NotImplementedError


class CachedFetcher:
    """Serve from the cache; go to ``inner`` only when online and not cached (or refreshing).
    Offline and not cached raises CacheMiss without opening a socket."""

    def __init__(self, inner: Fetcher | None, cache: SnapshotCache, offline: bool,
                 refresh: bool = False) -> None:
        self.inner, self.cache, self.offline, self.refresh = inner, cache, offline, refresh

    def fetch(self, url: str) -> Snapshot:
        raise NotImplementedError

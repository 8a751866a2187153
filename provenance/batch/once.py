"""A page cited by many documents is fetched once, by one worker process.

Worker processes share the cache but not memory. Without care, two workers that reach the
same uncached URL at the same moment both fetch it and keep two captures. ``OncePerUrl``
takes an exclusive lock file for the URL (``fcntl.flock``, held only while that URL is
being read) before asking the cached fetcher: the first worker fetches and stores the page;
the others wait on the lock, then find the capture in the cache.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from provenance.model import Fetcher, Snapshot

__all__ = ["OncePerUrl"]


class OncePerUrl(Fetcher):
    """``inner`` (a cached fetcher), one process at a time per URL, coordinated through
    lock files in ``locks`` (a folder every worker of the batch reaches)."""

    def __init__(self, inner: Fetcher, locks: Path) -> None:
        self.inner, self.locks = inner, locks
        locks.mkdir(parents=True, exist_ok=True)

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        name = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        fd = os.open(self.locks / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd is closed, or the process dies
            return self.inner.fetch(url, previous=previous)
        finally:
            os.close(fd)

    def kept(self, url: str) -> Snapshot | None:
        # A capture already kept needs no lock: captures are never taken back.
        return self.inner.kept(url)

    def close(self) -> None:
        self.inner.close()

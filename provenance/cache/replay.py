"""Replay an earlier run: serve each page exactly as that run read it, from the cache.

A report's manifest names every capture its verdicts rest on (URL and body digest). After a
``--refresh`` the cache's newest capture of a URL may differ from the one a report used;
replaying pins each URL to the capture named, so the same report comes out again, and a
capture that is no longer in the cache is said to be missing instead of silently replaced.
"""

from __future__ import annotations

import json
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.errors import CacheMiss, ProvenanceError
from provenance.model import Fetcher, Snapshot


def pins_from_report(path: Path) -> dict[str, str]:
    """URL -> sha256 of the capture each verdict of the report at ``path`` used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        captures = data["manifest"]["captures"]
        return {str(c["url"]): str(c["sha256"]) for c in captures}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ProvenanceError(f"cannot replay {path}: not a provenance JSON report "
                              f"with a manifest ({exc})") from exc


class ReplayFetcher(Fetcher):
    """The capture a report pinned for its URLs; any other URL from ``fallback``, which
    ``close`` closes. A pinned capture is never revalidated: it is the one the report read."""

    def __init__(self, cache: SnapshotCache, pins: dict[str, str], fallback: Fetcher) -> None:
        self.cache, self.pins, self.fallback = cache, pins, fallback

    def close(self) -> None:
        self.fallback.close()

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        digest = self.pins.get(url)
        if digest is None:
            return self.fallback.fetch(url, previous=previous)
        for capture in reversed(self.cache.index(url)):
            if capture.sha256 == digest and capture.url == url:
                return self.cache.read(capture)
        raise CacheMiss(url, f"replay: the capture the report used (sha256 {digest[:12]}…) "
                             "is not in the cache")

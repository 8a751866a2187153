"""Replay an earlier run: serve each page exactly as that run read it, from the cache.

A report's manifest names every capture its verdicts rest on: URL, body digest, time, and
the capture's id in the cache, ``warc`` (the file and offset of its response or revisit
record: what the index row of that capture points to, kept when the index is rebuilt).
After a ``--refresh`` the cache may hold newer captures of a URL, with another body or with
the same one; replaying pins each URL to the very capture named (by its id, else by its time
and digest, never by the digest alone), so the same report comes out again, and a capture
that is no longer in the cache is said to be missing instead of silently replaced.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from provenance.cache.store import Capture, SnapshotCache
from provenance.errors import CacheMiss, ProvenanceError
from provenance.model import Fetcher, Snapshot

__all__ = ["Pin", "ReplayFetcher", "pins_from_report"]


@dataclass(frozen=True, slots=True)
class Pin:
    """The capture a report used for one URL."""

    sha256: str
    warc: str | None = None  # the capture's id: "file.warc.gz#offset" of its record
    fetched_at: str | None = None  # ISO 8601, as the report wrote it

    def holds(self, capture: Capture) -> bool:
        if capture.sha256 != self.sha256:
            return False
        if self.warc:
            return capture.warc == self.warc
        return self.fetched_at is not None and _same_time(capture.fetched_at, self.fetched_at)

    def describe(self) -> str:
        what = f"sha256 {self.sha256[:12]}…"
        if self.fetched_at:
            what += f", taken {self.fetched_at}"
        return what + (f", {self.warc}" if self.warc else "")


def _same_time(when: dt.datetime, text: str) -> bool:
    try:
        return when == dt.datetime.fromisoformat(text)
    except ValueError:
        return False


def pins_from_report(path: Path) -> dict[str, Pin]:
    """URL -> the capture each verdict of the report at ``path`` used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        captures = data["manifest"]["captures"]
        pins: dict[str, Pin] = {}
        for c in captures:
            warc, when = c.get("warc"), c.get("fetched_at")
            pins.setdefault(str(c["url"]), Pin(str(c["sha256"]), str(warc) if warc else None,
                                               str(when) if when else None))
        return pins
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ProvenanceError(f"cannot replay {path}: not a provenance JSON report "
                              f"with a manifest ({exc})") from exc


class ReplayFetcher(Fetcher):
    """The capture a report pinned for its URLs; any other URL from ``fallback``, which
    ``close`` closes. A pinned capture is never revalidated: it is the one the report read."""

    def __init__(self, cache: SnapshotCache, pins: dict[str, Pin], fallback: Fetcher) -> None:
        self.cache, self.pins, self.fallback = cache, pins, fallback

    def close(self) -> None:
        self.fallback.close()

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        pin = self.pins.get(url)
        if pin is None:
            return self.fallback.fetch(url, previous=previous)
        for capture in self.cache.index(url):
            if capture.url == url and pin.holds(capture):
                return self.cache.read(capture)
        raise CacheMiss(url, f"replay: the capture the report used ({pin.describe()}) is not "
                             "in the cache")

"""What ``-v`` logs while a check runs: each URL asked for and how it was answered (from
the cache or the network, status, size, time), each wait before a retry, and each step
of resolving a cited work.

The stages do not print; the command wraps the fetchers and the resolver it hands them in
these logging ones, so a run without ``-v`` takes exactly the same path as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence

from provenance.errors import FetchError
from provenance.fetch.archive_origin import ArchiveOriginFetcher
from provenance.fetch.http import HttpFetcher
from provenance.model import Citation, Fetcher, Progress, Snapshot, StepKind
from provenance.report.wording import utc
from provenance.resolve.resolver import Resolver
from provenance.settings import Settings

__all__ = ["LoggedPages", "LoggedResolver", "logged_network"]

log = logging.getLogger("provenance.run")

_current = threading.local()  # the URL this thread is fetching, and whether it went out


def logged_network(settings: Settings, progress: Progress | None = None) -> Fetcher:
    """The network fetcher a run uses (HTTP, archive captures marked as such), logging each
    request and each wait before a retry."""
    http = HttpFetcher(settings, sleep=_wait, progress=progress)
    return _LoggedNetwork(ArchiveOriginFetcher(http, settings))


def _wait(seconds: float) -> None:
    url = getattr(_current, "url", None) or "a request"
    log.info("%s: waiting %.1f s before trying again", url, seconds)
    time.sleep(seconds)


class _LoggedNetwork(Fetcher):
    """Logs each request that goes out, and its answer."""

    def __init__(self, inner: Fetcher) -> None:
        self.inner = inner

    def close(self) -> None:
        self.inner.close()

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        _current.url, _current.went_out = url, True
        conditional = " (asking only for changes)" if previous is not None else ""
        log.info("GET %s%s", url, conditional)
        started = time.monotonic()
        try:
            snap = self.inner.fetch(url, previous=previous)
        except FetchError as exc:
            log.info("%s: failed after %.2f s: %s", url, time.monotonic() - started, exc.reason)
            raise
        moved = f" (at {snap.final_url})" if snap.final_url != url else ""
        kept = " not modified, " if snap.not_modified is not None else " "
        log.info("%s: HTTP %d,%s%s, %d bytes in %.2f s%s", url, snap.status, kept,
                 snap.content_type or "no type", len(snap.body), time.monotonic() - started,
                 moved)
        return snap


class LoggedPages(Fetcher):
    """Logs each page the run asks the cache-fronted fetcher for that the cache answered
    (what went to the network is logged there)."""

    def __init__(self, inner: Fetcher) -> None:
        self.inner = inner

    def close(self) -> None:
        self.inner.close()

    def kept(self, url: str) -> Snapshot | None:
        snap = self.inner.kept(url)
        if snap is not None:
            _from_cache(url, snap)
        return snap

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        _current.went_out = False
        try:
            snap = self.inner.fetch(url, previous=previous)
        except FetchError as exc:
            if not getattr(_current, "went_out", False):
                log.info("%s: %s", url, exc.reason)
            raise
        if not getattr(_current, "went_out", False):
            _from_cache(url, snap)
        return snap


def _from_cache(url: str, snap: Snapshot) -> None:
    log.info("%s: from the cache, the capture of %s (HTTP %d, %s)", url,
             utc(snap.fetched_at), snap.status, snap.warc or "not stored")


class LoggedResolver(Resolver):
    """Logs each step taken to find a cited work's page, as the steps are recorded."""

    def resolve(self, citation: Citation, quotes: Sequence[str] = ()) -> Citation:
        found = super().resolve(citation, quotes)
        name = citation.outlet or citation.title or citation.url or citation.reference
        steps = found.resolution[len(citation.resolution):]
        for step in ("the document gives the URL" if s.step is StepKind.URL else s.sentence
                     for s in steps):
            log.info("resolve %s (%s): %s", citation.key, " ".join(name.split())[:60], step)
        return found

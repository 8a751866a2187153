"""Candidate pages read while resolving: fetched once per run, the live page or, when it is
gone, the web archive's copy, and several at a time when they are read in order."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from provenance.errors import FetchError, FetchFailure
from provenance.model import Fetcher, Outcome, Snapshot
from provenance.resolve.archive import Capture, Wayback
from provenance.resolve.archived import find_archived
from provenance.settings import Settings

__all__ = ["GONE", "Page", "PageReader", "Unread", "unanswered"]

GONE = frozenset({401, 402, 403, 404, 410, 451})  # live page unusable: try the archive
_KEEP_PAGES = 256  # fetched candidate pages kept in memory for the run


@dataclass(frozen=True, slots=True)
class Page:
    """A candidate page that could be read."""

    snapshot: Snapshot
    url: str  # the URL to cite: the live page's, or the archived copy's
    note: str = ""  # how it was reached, when not directly ("moved from ...")


@dataclass(frozen=True, slots=True)
class Unread:
    """A candidate page that could not be read."""

    reason: str  # why, for the resolution step's words
    failure: FetchFailure | None = None  # the failed fetch those words report, if any


def unanswered(failures: Sequence[FetchFailure | None], otherwise: Outcome) -> Outcome:
    """A step's outcome when some of what it asked got no answer: offline when a page was
    not in the offline cache, unreachable when a fetch failed; else ``otherwise``."""
    if FetchFailure.OFFLINE in failures:
        return Outcome.OFFLINE
    if any(f is not None for f in failures):
        return Outcome.UNREACHABLE
    return otherwise


class PageReader:
    """Reads candidate pages for the resolver. A work cited twice is confirmed once: recent
    pages are kept, a bounded number."""

    def __init__(self, settings: Settings, fetcher: Fetcher) -> None:
        self.settings, self.fetcher = settings, fetcher
        self._pages: dict[str, Snapshot | FetchError] = {}
        self._lock = threading.Lock()

    def page(self, url: str) -> Snapshot | FetchError:
        with self._lock:
            got = self._pages.get(url)
        if got is None:
            try:
                got = self.fetcher.fetch(url)
            except FetchError as exc:
                got = exc
            with self._lock:  # (pages are read several at a time: see read_ahead)
                self._pages[url] = got
                while len(self._pages) > _KEEP_PAGES:
                    del self._pages[next(iter(self._pages))]
        return got

    def read(self, url: str, when: dt.date | None,
             archive: tuple[Wayback, dict[str, Capture]] | None = None) -> Page | Unread:
        """The page to confirm (live, or the archive's copy when the live one is gone), or
        why it could not be read. ``archive``: the page was found in the archive's index,
        so the capture itself is read."""
        if archive is not None:
            playback = archive[0].playback_url(archive[1][url])
            got = self.page(playback)
            if isinstance(got, FetchError):
                return Unread(got.reason, got.kind)
            if got.status >= 400:
                return Unread(f"archived copy answered HTTP {got.status}")
            return Page(got, playback, f"archived copy of {url}")
        got = self.page(url)
        if isinstance(got, Snapshot) and got.status < 400:
            return Page(got, got.final_url, f"moved from {url}" if got.final_url != url else "")
        if isinstance(got, FetchError):
            problem, failure = got.reason, got.kind
        else:
            problem, failure = f"HTTP {got.status}", None
            if got.status not in GONE:
                return Unread(problem)
        found, _ = find_archived(self.settings, self.fetcher, url, when)
        if found is None:
            return Unread(f"{problem}, and no archived copy", failure)
        copy = found.snapshot or self.page(found.url)
        if isinstance(copy, FetchError) or copy.status >= 400:
            return Unread(f"{problem}, and the archived copy could not be read", failure)
        return Page(copy, found.url, f"live page {problem}: archived copy {found.timestamp}")

    def read_ahead(self, urls: Sequence[str], when: dt.date | None
                   ) -> Iterator[Page | Unread]:
        """``read`` of each URL, in order, the next ones fetched while one is looked at: as
        many at once as a host takes (``per_host``). Reading stops with the caller, so at
        most one page is fetched for nothing."""
        ahead = max(1, self.settings.per_host)
        rest = iter(urls)
        with ThreadPoolExecutor(max_workers=ahead) as pool:
            pending = deque(pool.submit(self.read, url, when)
                            for url in itertools.islice(rest, ahead))
            try:
                while pending:
                    yield pending.popleft().result()
                    nxt = next(rest, None)
                    if nxt is not None:
                        pending.append(pool.submit(self.read, nxt, when))
            finally:
                for future in pending:
                    future.cancel()

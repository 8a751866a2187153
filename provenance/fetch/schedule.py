"""Fetch many URLs at once, politely: different hosts in parallel, each host gently.

A thread pool fetches different hosts at once, at most ``per_host`` requests to one host at
a time and ``politeness`` seconds between two starts on the same host.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urlsplit

from provenance.errors import FetchError
from provenance.model import Fetcher, Snapshot
from provenance.settings import Settings

__all__ = ["Schedule", "fetch_many", "host_of"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Schedule:
    """How ``fetch_many`` spreads its requests."""

    workers: int  # requests in flight in all
    per_host: int  # requests in flight to one host
    politeness: float  # seconds between two starts on one host

    @classmethod
    def of(cls, settings: Settings) -> Schedule:
        """The schedule the settings ask for. Offline, one at a time: every answer comes from
        disk, and threads would only add start-up time."""
        return cls(workers=1 if settings.offline else settings.workers,
                   per_host=settings.per_host, politeness=settings.politeness)


def host_of(url: str) -> str:
    """The politeness key of ``url``: host and port as written."""
    return urlsplit(url).netloc.lower()


def fetch_many(fetcher: Fetcher, urls: Iterable[str],
               schedule: Schedule) -> dict[str, Snapshot | FetchError]:
    """Fetch each URL once, different hosts at once; a failure is a value, not an exception.

    ``schedule`` says how: ``workers`` in all, ``per_host`` per host, ``politeness`` seconds
    between two starts on one host. A progress bar is drawn on stderr when it is a terminal.
    """
    todo = list(dict.fromkeys(urls))
    out: dict[str, Snapshot | FetchError] = {}
    if not todo:
        return out
    with _Progress(len(todo)) as advance:
        if len(todo) == 1 or schedule.workers <= 1:
            for url in todo:
                out[url] = _fetch_one(fetcher, url)
                advance()
            return out
        _Scheduler(fetcher, schedule, advance).run(todo, out)
    return out


def _fetch_one(fetcher: Fetcher, url: str) -> Snapshot | FetchError:
    try:
        return fetcher.fetch(url)
    except FetchError as exc:
        return exc
    except Exception as exc:  # one bad URL must not lose the others' results
        log.exception("unexpected failure fetching %s", url)
        return FetchError(url, f"internal error: {type(exc).__name__}: {exc}")


class _Scheduler:
    """Hands URLs to a pool so that no host has more than ``per_host`` in flight."""

    def __init__(self, fetcher: Fetcher, schedule: Schedule,
                 advance: Callable[[], None]) -> None:
        self.fetcher, self.s, self.advance = fetcher, schedule, advance

    def run(self, urls: list[str], out: dict[str, Snapshot | FetchError]) -> None:
        queues: dict[str, deque[str]] = {}
        for url in urls:
            queues.setdefault(host_of(url), deque()).append(url)
        busy = dict.fromkeys(queues, 0)
        next_start = dict.fromkeys(queues, 0.0)
        per_host = max(1, self.s.per_host)
        running: dict[Future[Snapshot | FetchError], tuple[str, str]] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.s.workers),
                                thread_name_prefix="fetch") as pool:
            while queues or running:
                now = time.monotonic()
                soonest = None
                # Round-robin over hosts so one long host list does not starve the rest.
                for host in list(queues):
                    if len(running) >= self.s.workers:
                        break
                    if busy[host] >= per_host:
                        continue
                    if next_start[host] > now:
                        soonest = min(soonest or next_start[host], next_start[host])
                        continue
                    url = queues[host].popleft()
                    if not queues[host]:
                        del queues[host]
                    busy[host] += 1
                    next_start[host] = now + self.s.politeness
                    running[pool.submit(_fetch_one, self.fetcher, url)] = (host, url)
                if not running:
                    time.sleep(max(0.0, (soonest or now) - time.monotonic()))
                    continue
                timeout = None if soonest is None else max(0.0, soonest - time.monotonic())
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    host, url = running.pop(fut)
                    busy[host] -= 1
                    out[url] = fut.result()
                    self.advance()


class _Progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar = None
        self._lock = threading.Lock()

    def __enter__(self) -> Callable[[], None]:
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("fetching", total=self.total)
        return self._advance

    def _advance(self) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

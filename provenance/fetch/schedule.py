"""Fetch many URLs at once, politely: different hosts in parallel, each host gently.

A thread pool fetches different hosts at once, at most ``per_host`` requests to one host at
a time and ``politeness`` seconds between two starts on the same host.

Each request takes its host's turn (``host_turn``), which this process's requests share:
so the limits hold across calls of ``fetch_many`` (a run fetches its sources, then their
archived copies), and for the requests made without a fetcher (a Memento TimeGate's).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

from provenance.errors import FetchError, FetchFailure, internal_error
from provenance.fetch.urls import split_url
from provenance.model import Fetcher, Progress, ProgressEvent, ProgressKind, Snapshot
from provenance.settings import Settings

__all__ = ["Schedule", "fetch_many", "host_of", "host_turn"]

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
                   per_host=settings.per_host,
                   politeness=0.0 if settings.offline else settings.politeness)


def host_of(url: str) -> str:
    """The politeness key of ``url``: host and port as written."""
    return split_url(url).netloc or url


class _HostTurns:
    """The requests of this process in flight to each host, and when the last one started."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._busy: dict[str, int] = {}
        self._started: dict[str, float] = {}  # time.monotonic() of the host's last start

    @contextmanager
    def turn(self, url: str, schedule: Schedule) -> Iterator[None]:
        host = host_of(url)
        with self._changed:
            while True:
                now = time.monotonic()
                # Each request keeps its own politeness from the last start: one asked
                # with none (another run in this process) is not held by another's.
                due = self._started.get(host, -float("inf")) + schedule.politeness
                if self._busy.get(host, 0) < max(1, schedule.per_host) and due <= now:
                    break
                self._changed.wait(timeout=due - now if due > now else None)
            self._busy[host] = self._busy.get(host, 0) + 1
            self._started[host] = now
        try:
            yield
        finally:
            with self._changed:
                self._busy[host] -= 1
                self._changed.notify_all()


_TURNS = _HostTurns()


def host_turn(url: str, schedule: Schedule) -> contextlib.AbstractContextManager[None]:
    """Wait for the turn of ``url``'s host and hold it while in the block: at most
    ``schedule.per_host`` requests of this process at once to the host, each started
    ``schedule.politeness`` seconds after the one before."""
    return _TURNS.turn(url, schedule)


def fetch_many(fetcher: Fetcher, urls: Iterable[str], schedule: Schedule,
               progress: Progress | None = None) -> dict[str, Snapshot | FetchError]:
    """Fetch each URL once, different hosts at once; a failure is a value, not an exception.

    ``schedule`` says how: ``workers`` in all, ``per_host`` per host, ``politeness`` seconds
    between two starts on one host. ``progress`` hears when each URL starts and ends, and
    of each wait for politeness.
    """
    todo = list(dict.fromkeys(urls))
    out: dict[str, Snapshot | FetchError] = {}
    if not todo:
        return out
    tell = _Tally(progress, len(todo))
    # What the fetcher keeps is served here: no request, so no host's turn and no thread
    # (a batch's documents mostly cite pages already cached, a few each).
    for url in todo:
        got = _kept(fetcher, url)
        if got is not None:
            tell.start(url)
            out[url] = got
            tell.done(url, got)
    todo = [url for url in todo if url not in out]
    if len(todo) <= 1 or schedule.workers <= 1:
        for url in todo:
            tell.start(url)
            out[url] = _fetch_in_turn(fetcher, url, schedule)
            tell.done(url, out[url])
        return out
    _Scheduler(fetcher, schedule, tell).run(todo, out)
    return out


def _kept(fetcher: Fetcher, url: str) -> Snapshot | None:
    try:
        return fetcher.kept(url)
    except Exception as exc:  # fetched as usual, which says what is wrong
        log.debug("%s: no kept capture served (%s)", url, exc)
        return None


def _fetch_in_turn(fetcher: Fetcher, url: str, schedule: Schedule) -> Snapshot | FetchError:
    with host_turn(url, schedule):
        return _fetch_one(fetcher, url)


def _fetch_one(fetcher: Fetcher, url: str) -> Snapshot | FetchError:
    try:
        return fetcher.fetch(url)
    except FetchError as exc:
        return exc
    except Exception as exc:  # one bad URL must not lose the others' results
        return FetchError(url, internal_error(f"fetching {url}", exc),
                          kind=FetchFailure.INTERNAL)


class _Tally:
    """Counts finished URLs and tells ``progress`` (when there is one) what happens."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.finished = progress, total, 0

    def start(self, url: str) -> None:
        self._tell(ProgressKind.START, url)

    def done(self, url: str, got: Snapshot | FetchError) -> None:
        self.finished += 1
        self._tell(ProgressKind.DONE, url, got.reason if isinstance(got, FetchError) else "")

    def wait(self, host: str, seconds: float) -> None:
        self._tell(ProgressKind.WAIT, "", f"{seconds:.1f} s before the next request to {host}")

    def _tell(self, kind: ProgressKind, url: str, detail: str = "") -> None:
        if self.progress is not None:
            self.progress(ProgressEvent(kind, url, detail, self.finished, self.total))


class _Scheduler:
    """Hands URLs to a pool so that each host has ``per_host`` requests in flight whenever
    it has URLs left (never more), starts on one host ``politeness`` seconds apart."""

    def __init__(self, fetcher: Fetcher, schedule: Schedule, tell: _Tally) -> None:
        self.fetcher, self.s, self.tell = fetcher, schedule, tell

    def run(self, urls: list[str], out: dict[str, Snapshot | FetchError]) -> None:
        queues: dict[str, deque[str]] = {}
        for url in urls:
            queues.setdefault(host_of(url), deque()).append(url)
        busy = dict.fromkeys(queues, 0)
        next_start = dict.fromkeys(queues, 0.0)
        per_host = max(1, self.s.per_host)
        workers = max(1, self.s.workers)
        running: dict[Future[Snapshot | FetchError], tuple[str, str]] = {}
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as pool:
            while queues or running:
                now = time.monotonic()
                # Fill every free slot now: a host gets as many starts in one pass as it has
                # room for (not one per pass), round-robin so a long list starves no host.
                started = True
                while started and len(running) < workers:
                    started = False
                    for host in list(queues):
                        if len(running) >= workers:
                            break
                        if busy[host] >= per_host or next_start[host] > now:
                            continue
                        url = queues[host].popleft()
                        if not queues[host]:
                            del queues[host]
                        busy[host] += 1
                        next_start[host] = now + self.s.politeness
                        self.tell.start(url)
                        running[pool.submit(_fetch_in_turn, self.fetcher, url,
                                            self.s)] = (host, url)
                        started = True
                # The next moment a host with URLs left and a free slot may start one.
                waiting = [(next_start[h], h) for h in queues
                           if busy[h] < per_host and next_start[h] > now]
                soonest = min(waiting) if waiting and len(running) < workers else None
                if not running:
                    when, host = soonest or (now, "")
                    pause = max(0.0, when - time.monotonic())
                    if pause > 0:
                        self.tell.wait(host, pause)
                    time.sleep(pause)
                    continue
                timeout = None if soonest is None else max(0.0, soonest[0] - time.monotonic())
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    host, url = running.pop(fut)
                    busy[host] -= 1
                    out[url] = fut.result()
                    self.tell.done(url, out[url])

"""fetch_many: hosts in parallel, never more than per_host at once on one host, politely."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.http import HttpFetcher
from provenance.fetch.schedule import Schedule, fetch_many, host_of
from provenance.model import Fetcher, ProgressEvent, ProgressKind, Snapshot
from provenance.settings import Settings
from tests.integration.faultserver import DelayServer


@pytest.fixture
def hosts() -> Iterator[list[DelayServer]]:
    servers = [DelayServer(f"127.0.0.{i}", delay=0.1) for i in range(2, 5)]
    try:
        yield servers
    finally:
        for s in servers:
            s.close()


def test_hosts_in_parallel_with_a_per_host_limit(hosts: list[DelayServer],
                                                 settings: Settings) -> None:
    s = replace(settings, per_host=2, workers=8)
    urls = [h.url(f"/p{i}") for i in range(6) for h in hosts]  # 6 per host, 18 in all
    start = time.monotonic()
    got = fetch_many(HttpFetcher(s), urls, Schedule.of(s))
    wall = time.monotonic() - start
    assert set(got) == set(urls)
    assert all(isinstance(v, Snapshot) and v.status == 200 for v in got.values())
    assert [h.max_in_flight for h in hosts] == [2, 2, 2]
    # 6 requests per host, 2 at a time, 0.1 s each: 0.3 s when hosts overlap, 0.9 s if not.
    assert wall < 0.75, wall


def test_politeness_spaces_starts_on_one_host(hosts: list[DelayServer],
                                              settings: Settings) -> None:
    s = replace(settings, per_host=2, workers=8, politeness=0.3)
    host = hosts[0]
    fetch_many(HttpFetcher(s), [host.url(f"/p{i}") for i in range(4)], Schedule.of(s))
    gaps = [b - a for a, b in zip(host.starts, host.starts[1:], strict=False)]
    # The server sees a request some time after the client starts it, and by how much
    # varies on a busy machine (seen: 12 ms; with other jobs on both cores, 94 ms): the
    # gaps it records may fall that much short of the client's 0.3 s. Unspaced, two of
    # them would be about 0, so half the spacing still tells the two apart.
    assert len(host.starts) == 4 and min(gaps) >= 0.15, gaps


def test_failures_are_values_and_urls_are_fetched_once(hosts: list[DelayServer],
                                                       settings: Settings) -> None:
    url = hosts[0].url("/a")
    got = fetch_many(HttpFetcher(settings), [url, url, "ftp://x.example/", url],
                     Schedule.of(settings))
    assert set(got) == {url, "ftp://x.example/"}
    assert isinstance(got["ftp://x.example/"], FetchError)
    assert len(hosts[0].starts) == 1


def test_progress_hears_each_url_start_and_end(hosts: list[DelayServer],
                                               settings: Settings) -> None:
    s = replace(settings, per_host=2, workers=8)
    urls = [h.url(f"/p{i}") for i in range(2) for h in hosts] + ["ftp://x.example/"]
    events: list[ProgressEvent] = []
    fetch_many(HttpFetcher(s), urls, Schedule.of(s), events.append)
    starts = [e.url for e in events if e.kind is ProgressKind.START]
    dones = [e for e in events if e.kind is ProgressKind.DONE]
    assert sorted(starts) == sorted(urls) and sorted(e.url for e in dones) == sorted(urls)
    assert [e.done for e in dones] == list(range(1, len(urls) + 1))
    assert {e.total for e in events} == {len(urls)}
    failed = next(e for e in dones if e.url == "ftp://x.example/")
    assert failed.detail.startswith("unsupported scheme ftp:")
    assert all(e.detail == "" for e in dones if e is not failed)


def test_progress_hears_of_waits_for_politeness(hosts: list[DelayServer],
                                                settings: Settings) -> None:
    # Each request takes 0.1 s: the second one waits about 0.4 s more to start.
    s = replace(settings, per_host=1, workers=8, politeness=0.5)
    host = hosts[0]
    events: list[ProgressEvent] = []
    fetch_many(HttpFetcher(s), [host.url("/a"), host.url("/b")], Schedule.of(s), events.append)
    start, done, wait = ProgressKind.START, ProgressKind.DONE, ProgressKind.WAIT
    assert [e.kind for e in events] == [start, done, wait, start, done]
    assert events[2].detail.endswith(f" s before the next request to {host_of(host.url('/'))}")


def test_offline_a_schedule_fetches_one_at_a_time(settings: Settings) -> None:
    assert Schedule.of(replace(settings, offline=True, workers=8)).workers == 1
    assert Schedule.of(replace(settings, offline=False, workers=8)).workers == 8


class _Faulty(Fetcher):
    """A fetcher with a bug of its own for one URL (the others are read as usual)."""

    def __init__(self, inner: Fetcher) -> None:
        self.inner = inner

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        if url.endswith("/bug"):
            raise ValueError("a synthetic bug")
        return self.inner.fetch(url, previous=previous)

    def close(self) -> None:
        self.inner.close()


def test_a_fault_of_ours_is_a_value_of_kind_internal(hosts: list[DelayServer],
                                                     settings: Settings) -> None:
    urls = [hosts[0].url("/a"), hosts[0].url("/bug")]
    with _Faulty(HttpFetcher(settings)) as fetcher:
        got = fetch_many(fetcher, urls, Schedule.of(settings))
    assert isinstance(got[urls[0]], Snapshot)
    bug = got[urls[1]]
    assert isinstance(bug, FetchError) and bug.kind is FetchFailure.INTERNAL
    assert bug.reason == "internal error: ValueError: a synthetic bug"


def test_one_host_keeps_per_host_requests_in_flight(settings: Settings) -> None:
    # 8 URLs on one host, 4 at a time, 0.3 s each: two rounds, 0.6 s. Starting one URL per
    # pass and waiting for it (as the scheduler once did) takes 8 x 0.3 = 2.4 s.
    host = DelayServer("127.0.0.2", delay=0.3)
    try:
        s = replace(settings, per_host=4, workers=8)
        start = time.monotonic()
        got = fetch_many(HttpFetcher(s), [host.url(f"/p{i}") for i in range(8)], Schedule.of(s))
        wall = time.monotonic() - start
    finally:
        host.close()
    assert all(isinstance(v, Snapshot) for v in got.values()) and len(got) == 8
    assert host.max_in_flight == 4
    assert wall < 1.2, wall


def test_politeness_with_several_in_flight_on_one_host(settings: Settings) -> None:
    # Starts 0.1 s apart, each answer after 0.4 s: four overlap, none starts early.
    host = DelayServer("127.0.0.3", delay=0.4)
    try:
        s = replace(settings, per_host=4, workers=8, politeness=0.1)
        start = time.monotonic()
        fetch_many(HttpFetcher(s), [host.url(f"/p{i}") for i in range(8)], Schedule.of(s))
        wall = time.monotonic() - start
    finally:
        host.close()
    # The server notes a start when its handler thread runs, which a loaded machine can put
    # off, so one start may land late, just before the next. What politeness promises still
    # shows: any k successive starts span at least (k - 1) gaps, less that one delay.
    starts = host.starts
    assert len(starts) == 8
    for i in range(len(starts)):
        for j in range(i + 1, len(starts)):
            assert starts[j] - starts[i] >= 0.1 * (j - i) - 0.15, (i, j, starts)
    assert host.max_in_flight >= 3  # overlapping, not one at a time
    assert host.max_in_flight <= 4
    # Ideal: starts at 0, 0.1, ... 0.7 s, the last done at 1.1 s; one at a time 3.2 s.
    assert wall < 1.8, wall


def test_cached_pages_are_served_without_a_request_or_a_turn_of_their_host(
        settings: Settings, tmp_path: Path) -> None:
    """A page the cache holds is served at once: no thread, no request, and no start
    counted against its host's politeness (a batch's documents cite cached pages)."""
    from provenance.cache.fetcher import open_fetcher

    host = DelayServer("127.0.0.2", delay=0.1)
    try:
        s = replace(settings, per_host=1, workers=8, politeness=1.0,
                    cache_dir=tmp_path / "cache")
        cached = [host.url(f"/cached{i}") for i in range(3)]
        fetcher, _cache = open_fetcher(s)
        with fetcher:
            fetch_many(fetcher, cached[:1], Schedule.of(s))
            for url in cached[1:]:  # (one each: fetch_many spaces one host's starts)
                fetch_many(fetcher, [url], replace(Schedule.of(s), politeness=0.0))
            assert len(host.starts) == 3
            time.sleep(1.0)  # the host's politeness since the last request, kept
            events: list[ProgressEvent] = []
            start = time.monotonic()
            got = fetch_many(fetcher, [*cached, host.url("/new")], Schedule.of(s),
                             events.append)
            wall = time.monotonic() - start
    finally:
        host.close()
    assert all(isinstance(v, Snapshot) for v in got.values()) and len(got) == 4
    assert len(host.starts) == 4  # only the new page went out
    # Had the cached pages each taken the host's turn, 1 s of politeness apart, the new
    # page would have started 3 s in.
    assert wall < 2.0, wall
    assert sorted(e.url for e in events if e.kind is ProgressKind.DONE) == sorted(got)
    assert not [e for e in events if e.kind is ProgressKind.WAIT]

"""The Memento TimeGate's request takes its turn among the requests to the archive's host:
``--politeness`` spaces two TimeGate requests, and a TimeGate request after a page of the
same host; ``--per-host`` bounds them at once. A synthetic archive on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.fetcher import open_fetcher
from provenance.fetch.http import HttpFetcher
from provenance.fetch.schedule import Schedule, fetch_many
from provenance.fetch.timegate import ask_timegate
from provenance.resolve.archived import find_archived
from provenance.settings import Settings
from tests.integration.mementoserver import MementoServer
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
GONE = ["http://gone.invalid/news/harbour", "http://gone.invalid/news/quay"]
TAKEN = dt.datetime(2021, 3, 1, 9, 30, tzinfo=dt.UTC)
POLITE = 0.6  # s


@pytest.fixture
def archive() -> Iterator[MementoServer]:
    # A server of its own (politeness is kept per host and port, across tests too), that
    # answers requests at once, each in its thread.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        memento = MementoServer(server)
        for url in GONE:
            memento.add(url, TAKEN, PAGE)
        yield memento
    finally:
        server.stop()


def _settings(settings: Settings, archive: MementoServer, **changes: object) -> Settings:
    return replace(settings, archive_url=archive.timegate, attempts=1,
                   **changes)  # type: ignore[arg-type]


def test_two_timegate_requests_to_one_archive_keep_the_politeness(settings, archive) -> None:
    s = _settings(settings, archive, politeness=POLITE)
    with open_fetcher(s)[0] as fetcher:
        for url in GONE:  # two gone pages, each looked for in the archive in turn
            copy, _ = find_archived(s, fetcher, url, TAKEN.date())
            assert copy is not None and copy.taken == TAKEN
    first, second = archive.gate_times
    # The server notes a request when its handler runs, a little after the client sent
    # it, and on a loaded machine by a varying amount: most of the spacing still shows,
    # where unspaced the two asks come a few milliseconds apart.
    assert second - first >= POLITE - 0.15, archive.gate_times


def test_a_timegate_request_waits_its_turn_after_a_page_of_the_same_host(settings,
                                                                         archive) -> None:
    s = _settings(settings, archive, politeness=POLITE)
    copy = archive.uri(GONE[0], TAKEN, raw=True)
    got = fetch_many(HttpFetcher(s), [copy], Schedule.of(s))
    assert got[copy].status == 200  # type: ignore[union-attr]
    fetched = archive.copy_times[-1]
    ask_timegate(archive.timegate + GONE[1], None, s)
    assert archive.gate_times[0] - fetched >= POLITE - 0.15


@pytest.mark.parametrize("per_host", [1, 2])
def test_per_host_bounds_timegate_requests_at_once(settings, archive, per_host) -> None:
    archive.gate_delay = 0.4  # s each TimeGate takes to answer
    s = _settings(settings, archive, per_host=per_host)
    asks = [threading.Thread(target=ask_timegate, args=(archive.timegate + url, None, s))
            for url in GONE]
    for ask in asks:
        ask.start()
    for ask in asks:
        ask.join()
    first, second = sorted(archive.gate_times)
    if per_host == 1:  # the second waits for the first's answer
        assert second - first >= 0.4 - 0.15, archive.gate_times
    else:  # both at once
        assert second - first < 0.3, archive.gate_times


def test_the_copy_the_timegate_chose_is_read_in_the_hosts_turn_too(settings,
                                                                   archive) -> None:
    s = _settings(settings, archive, politeness=POLITE)
    with open_fetcher(s)[0] as fetcher:
        copy, _ = find_archived(s, fetcher, GONE[0], TAKEN.date())
    assert copy is not None
    (asked,), (read,) = archive.gate_times, archive.copy_times
    assert read - asked >= POLITE - 0.15, (asked, read)

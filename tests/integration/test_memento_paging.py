"""A TimeMap in pages (the Memento paging convention: each page names the next and the
previous) is read page after page, each once and a bounded number in all, so the copy
nearest the cited date is found on a later page; a synthetic archive on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.fetcher import open_fetcher
from provenance.fetch.archives import parse_archives
from provenance.mementos import timemap_pages
from provenance.resolve.memento import MAX_PAGES, MementoArchive
from provenance.settings import Settings
from tests.integration.mementoserver import MementoServer
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
OLD = article_page("Council debates harbour expansion",
                   ["A synthetic earlier version of the page, before the vote."])
GONE = "http://gone.invalid/news/harbour"  # never fetched: only the archive is asked
YEARS = [dt.datetime(y, 3, 1, 9, 30, tzinfo=dt.UTC) for y in range(2014, 2021)]  # 7 copies
CITED = dt.date(2020, 2, 2)  # nearest the last copy, on the last page of three


@pytest.fixture(scope="module")
def archive_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def archive(archive_server: HTTPServer) -> Iterator[MementoServer]:
    archive_server.clear()
    server = MementoServer(archive_server, page_size=3)
    for when in YEARS:
        server.add(GONE, when, PAGE if when == YEARS[-1] else OLD)
    yield server
    archive_server.clear()


def _memento(settings: Settings, archive: MementoServer) -> MementoArchive:
    s = replace(settings, archive_url=archive.timegate, attempts=1)
    (spec,) = parse_archives(s.archive_url)
    return MementoArchive(s, open_fetcher(s)[0], spec)


@pytest.mark.parametrize("in_header", [False, True], ids=["links-in-body", "links-in-header"])
def test_the_nearest_copy_is_found_on_a_later_page(settings, archive, in_header) -> None:
    archive.gate_status = 503  # the TimeGate fails: the TimeMap is all there is
    archive.links_in_header = in_header
    got = _memento(settings, archive).closest(GONE, CITED)
    assert got is not None and got.taken == YEARS[-1]
    assert got.snapshot is not None and b"not by taxpayers" in got.snapshot.body
    assert archive.pages_read == [1, 2, 3]  # each page once: page 2's "prev" not followed


def test_pages_that_name_each_other_in_a_loop_are_each_read_once(settings, archive) -> None:
    archive.gate_status, archive.loop = 503, True
    got = _memento(settings, archive).closest(GONE, CITED)
    assert got is not None and got.taken == YEARS[-1]
    assert sorted(archive.pages_read) == [1, 2, 3]


def test_a_timemap_without_end_is_read_only_so_far(settings, archive) -> None:
    archive.gate_status, archive.endless = 503, True
    got = _memento(settings, archive).closest(GONE, CITED)
    assert got is not None and got.taken == YEARS[-1]  # on page 3 of the pages read
    assert archive.pages_read == list(range(1, MAX_PAGES + 1))


def test_offline_the_kept_pages_find_the_timegates_choice_again(settings, archive) -> None:
    online = _memento(settings, archive)
    got = online.closest(GONE, CITED)  # the TimeGate chooses the copy on page 3
    assert got is not None and got.taken == YEARS[-1]
    assert archive.pages_read == [1, 2, 3]  # kept as far as the page that lists it
    online.fetcher.close()
    asked = len(archive.server.log)
    offline = _memento(replace(settings, offline=True), archive)
    again = offline.closest(GONE, CITED)
    assert again is not None and again.url == got.url
    assert len(archive.server.log) == asked  # without a socket


def test_which_links_are_other_pages() -> None:
    body = ('<http://gone.invalid/x>; rel="original",\n'
            '<http://a.invalid/tm/1/x>; rel="self"; type="application/link-format",\n'
            '<http://a.invalid/tm/2/x>; rel="next"; type="application/link-format",\n'
            '<http://a.invalid/tm/json/x>; rel="timemap"; type="application/json",\n'
            '<http://a.invalid/tm/0/x>; rel="timemap",\n'
            '<http://a.invalid/m/2015/x>; rel="memento"; datetime="Tue, 20 Jan 2015 10:00:00 '
            'GMT",\n<http://a.invalid/tm/2/x>; rel="next"')
    header = ('<http://a.invalid/tm/9/x>; rel="prev"; type="application/link-format", '
              '<http://a.invalid/tm/1/x>; rel="self", <relative/page>; rel="next"')
    assert timemap_pages(body, [("Link", header)]) == [
        "http://a.invalid/tm/2/x", "http://a.invalid/tm/0/x", "http://a.invalid/tm/9/x"]
    assert timemap_pages(body.replace("next", "alternate").replace('rel="timemap"',
                                                                   'rel="original"')) == []

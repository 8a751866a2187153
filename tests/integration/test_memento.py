"""Web archives reached through Memento (RFC 7089): a synthetic TimeGate and TimeMap on
127.0.0.1 stand in for an archive, misbehaving on purpose in some tests."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.fetcher import open_fetcher
from provenance.cli import main
from provenance.fetch.archives import ArchiveKind, parse_archives
from provenance.fetch.timegate import ask_timegate
from provenance.model import Origin, Outcome
from provenance.resolve.archived import find_archived
from provenance.resolve.memento import MementoArchive
from provenance.settings import Settings
from tests.integration.mementoserver import MementoServer
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
OLD = article_page("Council debates harbour expansion",
                   ["A synthetic earlier version of the page, before the vote."])
GONE = "http://gone.invalid/news/harbour"  # never fetched: only the archive is asked
T2019, T2021, T2023 = (dt.datetime(y, 3, 1, 9, 30, tzinfo=dt.UTC) for y in (2019, 2021, 2023))


@pytest.fixture(scope="module")
def archive_server() -> Iterator[HTTPServer]:
    # One server for the module (stopping one takes half a second); each test its archive.
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    if server.is_running():
        server.stop()


@pytest.fixture
def archive(archive_server: HTTPServer) -> Iterator[MementoServer]:
    if not archive_server.is_running():  # a test stopped it to see a dead archive
        archive_server.start()
    archive_server.clear()
    yield MementoServer(archive_server)
    archive_server.clear()


def _memento(settings: Settings, archive: MementoServer) -> MementoArchive:
    s = replace(settings, archive_url=archive.timegate, attempts=1)
    fetcher, _ = open_fetcher(s)
    (spec,) = parse_archives(s.archive_url)
    assert spec.kind is ArchiveKind.MEMENTO
    return MementoArchive(s, fetcher, spec)


def test_the_timegate_chooses_the_copy_nearest_the_cited_date(settings, archive) -> None:
    for when, body in ((T2019, OLD), (T2021, PAGE), (T2023, OLD)):
        archive.add(GONE, when, body)
    got = _memento(settings, archive).closest(GONE, dt.date(2021, 5, 2))
    assert got is not None and got.url == archive.uri(GONE, T2021, raw=True)
    assert got.taken == T2021
    assert got.snapshot is not None and got.snapshot.origin is Origin.ARCHIVE
    assert b"not by taxpayers" in got.snapshot.body
    assert archive.accept_datetimes == ["Sun, 02 May 2021 12:00:00 GMT"]


def test_without_a_date_the_latest_copy_is_taken(settings, archive) -> None:
    for when in (T2019, T2023, T2021):
        archive.add(GONE, when, PAGE)
    got = _memento(settings, archive).closest(GONE, None)
    assert got is not None and got.taken == T2023
    assert archive.accept_datetimes == [None]  # no Accept-Datetime: the TimeGate's latest


def test_a_timegate_that_fails_gives_way_to_the_timemap_garbage_and_all(
        settings, archive) -> None:
    for when, body in ((T2019, OLD), (T2021, PAGE), (T2023, OLD)):
        archive.add(GONE, when, body)
    archive.gate_status, archive.garbage = 404, True
    got = _memento(settings, archive).closest(GONE, dt.date(2021, 1, 9))
    assert got is not None and got.taken == T2021
    assert got.url == archive.uri(GONE, T2021, raw=True)


def test_a_copy_that_fails_to_play_gives_way_to_the_next_nearest(settings, archive) -> None:
    archive.add(GONE, T2021, PAGE, status=500)
    broken = archive.uri(GONE, T2021, raw=True)
    archive.add(GONE, T2019, OLD)
    archive.add(GONE, T2023, PAGE)
    got = _memento(settings, archive).closest(GONE, dt.date(2021, 6, 1))
    # 2023-03 is nearer 2021-06 than 2019-03 is; the broken 2021 copy was asked for once.
    assert got is not None and got.taken == T2023
    asked = [str(r.url) for r, _ in archive.server.log]
    assert asked.count(broken) == 1
    assert any("/timemap/link/" in u for u in asked)


def test_no_copy_anywhere_is_an_answer_and_a_dead_archive_is_trouble(settings, archive
                                                                     ) -> None:
    memento = _memento(settings, archive)
    assert memento.closest(GONE, None) is None and memento.trouble is None
    archive.timemap_status = 503  # (a fresh cache: the TimeMap's 404 above is kept)
    memento = _memento(replace(settings, cache_dir=settings.cache_dir / "again"), archive)
    assert memento.closest(GONE, None) is None and memento.trouble is Outcome.UNREACHABLE
    url = archive.timegate
    archive.server.stop()
    gone = replace(settings, archive_url=url, attempts=1, cache_dir=settings.cache_dir / "3")
    with open_fetcher(gone)[0] as fetcher:
        copy, trouble = find_archived(gone, fetcher, GONE, None)
    assert copy is None and trouble is Outcome.UNREACHABLE


def test_offline_a_listed_copy_not_in_the_cache_is_offline_not_absent(settings, archive
                                                                      ) -> None:
    archive.add(GONE, T2021, PAGE, status=500)  # listed, but it never plays
    online = _memento(settings, archive)
    assert online.closest(GONE, None) is None and online.trouble is None  # answered: no copy
    online.fetcher.close()
    asked = len(archive.server.log)
    offline = _memento(replace(settings, offline=True), archive)
    assert offline.closest(GONE, None) is None and offline.trouble is Outcome.OFFLINE
    assert len(archive.server.log) == asked  # the kept TimeMap, read without a socket


def test_several_archives_are_asked_in_order(settings, archive) -> None:
    second = HTTPServer(host="127.0.0.1", port=0)
    second.start()
    try:
        other = MementoServer(second)
        other.add(GONE, T2021, PAGE)
        s = replace(settings, attempts=1,
                    archive_url=f"memento:{archive.timegate} {other.timegate}")
        with open_fetcher(s)[0] as fetcher:
            copy, trouble = find_archived(s, fetcher, GONE, dt.date(2021, 3, 1))
        assert trouble is None and copy is not None
        assert copy.url == other.uri(GONE, T2021, raw=True)
        assert archive.accept_datetimes and other.accept_datetimes  # the first was asked
    finally:
        second.clear()
        second.stop()


def test_a_gone_page_is_checked_against_its_memento(tmp_path: Path, httpserver: HTTPServer,
                                                    archive) -> None:
    httpserver.expect_request("/news/harbour").respond_with_data("gone", status=410)
    page = httpserver.url_for("/news/harbour")
    archive.add(page, T2019, OLD)
    archive.add(page, T2021, PAGE)
    copy = archive.uri(page, T2021, raw=True)
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({page})).\n", encoding="utf-8")
    assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "reports"), "--allow-private", "-q", "--attempts", "1",
                 "--format", "json,html", "--archive-url", archive.timegate]) == 0
    data = json.loads((tmp_path / "reports/story.json").read_text(encoding="utf-8"))
    (verdict,) = data["verdicts"]
    assert verdict["status"] == "found"
    snap = verdict["snapshot"]
    assert snap["origin"] == "archive" and snap["url"] == copy
    assert snap["memento_datetime"] == T2021.isoformat()
    links = verdict["links"]
    assert links["original"] == page and links["version"] == copy
    assert links["version_date"] == "2021-03-01T09:30:00Z"
    (capture,) = [c for c in data["manifest"]["captures"] if c["url"] == copy]
    assert capture["origin"] == "archive" and capture["memento_datetime"] == T2021.isoformat()
    html = (tmp_path / "reports/story.html").read_text(encoding="utf-8")
    assert 'data-versiondate="2021-03-01T09:30:00Z"' in html
    assert f'data-versionurl="{copy}"' in html and f'data-originalurl="{page}"' in html
    assert ('<dt>archived</dt><dd><time datetime="2021-03-01T09:30:00+00:00">'
            '2021-03-01T09:30:00Z</time>') in html

    # Offline, and replaying the report, the same copy is read from the cache alone.
    asked = len(archive.server.log) + len(httpserver.log)
    for how in (["--offline"], ["--replay", str(tmp_path / "reports/story.json")]):
        out = tmp_path / how[0].strip("-")
        assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out", str(out),
                     "--allow-private", "-q", "--format", "json", "--archive-url",
                     archive.timegate, *how]) == 0, how
        again = json.loads((out / "story.json").read_text(encoding="utf-8"))["verdicts"][0]
        assert again["status"] == "found" and again["snapshot"] == snap, how
    assert len(archive.server.log) + len(httpserver.log) == asked


def test_a_bad_archive_url_exits_2_before_the_run(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "story.md"
    doc.write_text("She said “not by taxpayers”.\n", encoding="utf-8")
    assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "-q",
                 "--archive-url", "memento:ftp://example.invalid/"]) == 2
    assert "--archive-url" in capsys.readouterr().err


@pytest.mark.parametrize(("status", "headers", "chosen", "taken"), [
    (302, {"Location": "/m/1", "Link": '<http://a.example/>; rel="original", </m/1>; '
           'rel="memento"; datetime="Mon, 01 Mar 2021 09:30:00 GMT", </tm>; rel="timemap"'},
     "/m/1", T2021),
    # The TimeGate is the copy (200-style): its URI in Content-Location.
    (200, {"Memento-Datetime": "Mon, 01 Mar 2021 09:30:00 GMT", "Content-Location": "/m/2",
           "Link": '</tm>; rel="timemap"'}, "/m/2", T2021),
    # A page framing the copy (pywb): one memento link names it.
    (200, {"Link": '</m/3>; rel="memento"; datetime="Mon, 01 Mar 2021 09:30:00 GMT", '
           '</tm>; rel="timemap"'}, "/m/3", T2021),
    (404, {"Link": '</tm>; rel="timemap"'}, None, None),
    (200, {}, None, None),  # a page that is none of these chose nothing
])
def test_each_way_a_timegate_answers(httpserver: HTTPServer, settings, status, headers,
                                     chosen, taken) -> None:
    httpserver.expect_request("/tg/http://a.example/").respond_with_data(
        "synthetic TimeGate answer", status=status, headers=headers)
    got = ask_timegate(httpserver.url_for("/tg/http://a.example/"), T2021, settings)
    assert got.status == status and got.datetime == taken
    assert got.memento == (httpserver.url_for(chosen) if chosen else None)
    assert got.timemap == (httpserver.url_for("/tm") if "timemap" in headers.get("Link", "")
                           else None)
    (request, _), = httpserver.log
    assert request.headers["Accept-Datetime"] == "Mon, 01 Mar 2021 09:30:00 GMT"

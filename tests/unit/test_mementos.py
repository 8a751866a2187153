"""Memento as data: TimeMaps (link-format), Link and Memento-Datetime headers, which copy is
nearest a date, and which kind of archive an --archive-url names."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from provenance.fetch.archives import ArchiveKind, parse_archives
from provenance.mementos import (
    Memento,
    by_nearness,
    embedded_original,
    http_date,
    link_relations,
    memento_datetime,
    original_of,
    parse_http_date,
    timemap_mementos,
)
from provenance.resolve.memento import MementoArchive, raw_copy
from provenance.settings import Settings

JAN1 = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
TIMEMAP = """<http://a.ex/p>; rel="original",
<http://ar.ex/timemap/link/http://a.ex/p>; rel="self"; type="application/link-format",
<http://ar.ex/20200101000000/http://a.ex/p>; rel="first memento";
  datetime="Wed, 01 Jan 2020 00:00:00 GMT",
synthetic garbage line ;;; <<>> rel=memento
<ftp://arch.example/x>; rel="memento"; datetime="Wed, 01 Jan 2020 00:00:00 GMT",
<http://ar.ex/undated/http://a.ex/p>; rel="memento"; datetime="last week",
<http://ar.ex/20210101000000/http://a.ex/p>;rel=memento;datetime="Fri, 01 Jan 2021 00:00:00 GMT",
<http://ar.ex/20220101000000/http://a.ex/p>; rel="last memento";
  datetime="Sat, 01 Jan 2022 00:00:00 GMT"
"""


def test_a_timemap_lists_its_dated_web_mementos_and_skips_the_rest() -> None:
    got = timemap_mementos(TIMEMAP)
    assert [m.datetime.year for m in got] == [2020, 2021, 2022]
    assert got[1] == Memento("http://ar.ex/20210101000000/http://a.ex/p",
                             dt.datetime(2021, 1, 1, tzinfo=dt.UTC))


def test_a_timemap_on_one_line_reads_the_same() -> None:
    one_line = " ".join(line for line in TIMEMAP.splitlines() if "garbage" not in line)
    assert timemap_mementos(one_line) == timemap_mementos(TIMEMAP)


@pytest.mark.parametrize("text", ["", "not a timemap", "<<<<", "<http://a>; rel=",
                                  '<http://a>; rel="memento"', "\x00\xff" * 100])
def test_what_is_not_a_timemap_lists_nothing(text: str) -> None:
    assert timemap_mementos(text) == ()


def test_a_large_timemap_is_read_in_one_pass() -> None:
    entry = ('<http://ar.ex/{0:014d}/http://a.example/>; rel="memento"; '
             'datetime="Wed, 01 Jan 2020 00:00:00 GMT",\n')
    text = "".join(entry.format(i) for i in range(50_000))
    started = time.perf_counter()
    assert len(timemap_mementos(text)) == 50_000
    assert time.perf_counter() - started < 10  # (about half a second here; a bound, not a goal)


def test_nearest_the_date_first_then_the_earlier_of_two_as_near() -> None:
    ms = [Memento(f"m{d}", JAN1 + dt.timedelta(days=d)) for d in (-10, 10, 3, 30)]
    assert [m.uri for m in by_nearness(ms, JAN1)] == ["m3", "m-10", "m10", "m30"]
    assert [m.uri for m in by_nearness(ms, None)] == ["m30", "m10", "m3", "m-10"]
    twice = [Memento("a", JAN1), Memento("a", JAN1 + dt.timedelta(days=1))]
    assert len(by_nearness(twice, None)) == 1


def test_memento_headers() -> None:
    headers = [("Memento-Datetime", "Wed, 01 Jan 2020 00:00:00 GMT"),
               ("Link", '<http://a.ex/p>; rel="original", <http://t.example/tm>; '
                        'rel="timemap"; type="application/link-format", <http://m.example/1>; '
                        'rel="first memento";datetime="Wed, 01 Jan 2020 00:00:00 GMT"')]
    assert memento_datetime(headers) == JAN1
    assert original_of(headers) == "http://a.ex/p"
    rels = link_relations(headers)
    assert rels["first"] == rels["memento"] and rels["memento"][0]["url"] == "http://m.example/1"
    assert memento_datetime([("Date", "Wed, 01 Jan 2020 00:00:00 GMT")]) is None
    assert memento_datetime([("Memento-Datetime", "yesterday")]) is None
    assert original_of([]) is None


def test_http_dates_both_ways() -> None:
    assert http_date(JAN1) == "Wed, 01 Jan 2020 00:00:00 GMT"
    assert parse_http_date(http_date(JAN1)) == JAN1
    assert parse_http_date("not a date") is None


@pytest.mark.parametrize(("value", "kinds"), [
    ("", []),
    ("https://archive.org", ["wayback"]),
    ("http://127.0.0.1:9/timegate/", ["memento"]),
    ("https://timetravel.mementoweb.org/timegate/", ["memento"]),
    ("memento:https://web.archive.org/web/ https://archive.org", ["memento", "wayback"]),
    ("wayback:http://127.0.0.1:9/timegate/", ["wayback"]),
    ("MEMENTO:http://127.0.0.1:9/coll/", ["memento"]),
])
def test_the_kind_of_each_archive(value: str, kinds: list[str]) -> None:
    assert [a.kind.value for a in parse_archives(value)] == kinds


@pytest.mark.parametrize("value", ["memento:ftp://a.example/", "archive.org", "memento:"])
def test_an_archive_that_is_not_a_web_address_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="not an http"):
        parse_archives(value)


@pytest.mark.parametrize(("gate", "timemap"), [
    ("https://timetravel.mementoweb.org/timegate/",
     "https://timetravel.mementoweb.org/timemap/link/http://a.example/"),
    ("https://web.archive.org/web/", "https://web.archive.org/web/timemap/link/http://a.example/"),
    ("http://127.0.0.1:8080/coll", "http://127.0.0.1:8080/coll/timemap/link/http://a.example/"),
])
def test_timegate_and_timemap_urls_by_convention(gate: str, timemap: str) -> None:
    (spec,) = parse_archives(f"memento:{gate}")
    assert spec.kind is ArchiveKind.MEMENTO
    # (No fetcher: only the URLs are asked for.)
    archive = MementoArchive(Settings(archive_url=spec.url), None, spec)  # type: ignore[arg-type]
    assert archive.timegate_url("http://a.example/").startswith(gate.rstrip("/") + "/http")
    assert archive.timemap_url("http://a.example/") == timemap


@pytest.mark.parametrize(("uri", "raw"), [
    ("http://h/coll/20261205201713mp_/http://a/b", "http://h/coll/20261205201713id_/http://a/b"),
    ("https://web.archive.org/web/20200101000000/https://x.org/a?b=1",
     "https://web.archive.org/web/20200101000000id_/https://x.org/a?b=1"),
    ("https://archive.example/abcd", "https://archive.example/abcd"),
])
def test_a_wayback_style_copy_is_read_raw(uri: str, raw: str) -> None:
    assert raw_copy(uri) == raw


@pytest.mark.parametrize(("uri", "original"), [
    ("https://web.archive.org/web/20200101000000id_/https://x.org/a?b=1", "https://x.org/a?b=1"),
    ("http://127.0.0.1:5/web/20260101/http://a.example/b", "http://a.example/b"),
    ("http://h/coll/20261205201713mp_/http://a.example/", "http://a.example/"),
    ("https://lighthouse-news.example/keepers", None),
    ("https://archive.example/abcd", None),
])
def test_the_original_a_wayback_style_address_carries(uri: str, original: str | None) -> None:
    assert embedded_original(uri) == original

"""A whole run against pages that change between captures or hide text behind a paywall."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from pytest_httpserver import HTTPServer

from provenance.cache.store import SnapshotCache
from provenance.cli import main
from provenance.judge.elsewhere import SCHEME, page_shingles, unpack_shingles
from provenance.model import Flag, Report, Status
from provenance.settings import Settings
from provenance.text.extract import EXTRACTOR
from tests.integration.runs import cite, run
from tests.pages import HARBOUR, article_page

BEFORE = article_page("Council approves harbour expansion", HARBOUR)
AFTER = BEFORE.replace("not by taxpayers", "and partly by taxpayers")
QUOTE = "The expansion will be paid for by shipping fees, not by taxpayers"


def test_a_passage_edited_between_captures_is_flagged(httpserver: HTTPServer,
                                                      settings: Settings) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data(BEFORE, content_type="text/html")
    httpserver.expect_ordered_request("/a").respond_with_data(AFTER, content_type="text/html")
    doc = cite(QUOTE, httpserver.url_for("/a"))

    first = run(doc, settings).verdicts[0]
    assert first.status is Status.FOUND and first.flags == ()

    again = run(doc, replace(settings, refresh=True)).verdicts[0]
    assert again.status is Status.ALTERED  # against the newest capture
    assert Flag.PAGE_CHANGED in again.flags
    assert "the passage was edited between the captures of" in again.reason
    assert "not by taxpayers" in again.reason and "and partly by taxpayers" in again.reason


def test_an_unchanged_page_recaptured_is_not_flagged(httpserver: HTTPServer,
                                                     settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(BEFORE, content_type="text/html")
    doc = cite(QUOTE, httpserver.url_for("/a"))
    run(doc, settings)
    again = run(doc, replace(settings, refresh=True)).verdicts[0]
    assert len(httpserver.log) == 2
    assert again.status is Status.FOUND and again.flags == ()


PAYWALLED = article_page("Harbour plans", HARBOUR[:2]).replace(
    "</article>",
    '<div class="paywall">Subscribe to continue reading. This article is for subscribers '
    "only.</div></article>")


def test_paywalled_page_finds_the_teaser_and_leaves_the_rest_unverified(
        httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/p").respond_with_data(PAYWALLED, content_type="text/html")
    url = httpserver.url_for("/p")
    report = run(cite(QUOTE, url) + cite("expected to cost 48 million crowns", url), settings)
    teaser, hidden = report.verdicts
    assert teaser.status is Status.FOUND
    assert hidden.status is Status.UNVERIFIED
    assert hidden.reason.startswith("paywalled")


OTHER = article_page("Ferry timetable changes", [
    "The ferry company said the winter timetable would start a week early this year because "
    "of the storms expected in the north of the county.",
    "Passengers with tickets for the cancelled sailings will be offered a refund or a seat on "
    "the next crossing, the company said in a statement on Monday.",
])
ELSEWHERE = "will be offered a refund or a seat on the next crossing"


def test_a_quote_from_another_cited_page_is_found_elsewhere(httpserver: HTTPServer,
                                                           settings: Settings) -> None:
    httpserver.expect_request("/harbour").respond_with_data(BEFORE, content_type="text/html")
    httpserver.expect_request("/ferry").respond_with_data(OTHER, content_type="text/html")
    harbour, ferry = httpserver.url_for("/harbour"), httpserver.url_for("/ferry")
    report = run(cite(ELSEWHERE, harbour) + cite("start a week early this year", ferry),
                 settings)
    wrong, right = report.verdicts
    assert right.status is Status.FOUND
    assert wrong.status is Status.MISSING
    assert Flag.FOUND_ELSEWHERE in wrong.flags
    assert wrong.elsewhere == ferry


def test_a_quote_from_a_page_only_in_the_cache_is_found_elsewhere(httpserver: HTTPServer,
                                                                 settings: Settings) -> None:
    httpserver.expect_request("/harbour").respond_with_data(BEFORE, content_type="text/html")
    httpserver.expect_request("/ferry").respond_with_data(OTHER, content_type="text/html")
    harbour, ferry = httpserver.url_for("/harbour"), httpserver.url_for("/ferry")
    run(cite("start a week early this year", ferry), settings)  # an earlier run cached it
    (wrong,) = run(cite(ELSEWHERE, harbour), settings).verdicts
    assert wrong.status is Status.MISSING
    assert wrong.elsewhere == ferry and Flag.FOUND_ELSEWHERE in wrong.flags


def test_a_quote_from_an_imported_page_is_found_elsewhere(httpserver: HTTPServer,
                                                         settings: Settings,
                                                         tmp_path: Path) -> None:
    # The page was saved and imported, never read by a check: its text is read on first use.
    saved = tmp_path / "ferry.html"
    saved.write_text(OTHER, encoding="utf-8")
    ferry = "https://ferry-news.example/2026/timetable"
    assert main(["cache", "import", str(saved), "--url", ferry, "--cache",
                 str(settings.cache_dir), "--quiet"]) == 0
    httpserver.expect_request("/harbour").respond_with_data(BEFORE, content_type="text/html")
    (wrong,) = run(cite(ELSEWHERE, httpserver.url_for("/harbour")), settings).verdicts
    assert wrong.status is Status.MISSING
    assert wrong.elsewhere == ferry and Flag.FOUND_ELSEWHERE in wrong.flags
    # ...and its text is kept, so the next run does not read the capture again.
    cache = SnapshotCache(settings.cache_dir)
    (capture,) = cache.index(ferry)
    assert cache.text(capture.sha256, EXTRACTOR) is not None


def test_a_quote_citing_nothing_is_told_which_source_holds_its_words(
        httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/ferry").respond_with_data(OTHER, content_type="text/html")
    ferry = httpserver.url_for("/ferry")
    doc = (cite("start a week early this year", ferry) + "\n\nLater, a spokesman said "
           f"“{ELSEWHERE}”, without saying where.\n")
    cited, alone = run(doc, settings).verdicts
    assert cited.status is Status.FOUND
    assert alone.status is Status.UNVERIFIED and alone.source is None
    assert alone.elsewhere == ferry and Flag.FOUND_ELSEWHERE in alone.flags
    assert alone.reason.endswith(f"its words stand verbatim in {ferry}")


def test_the_cache_indexes_each_page_once_for_later_runs(httpserver: HTTPServer,
                                                         settings: Settings) -> None:
    httpserver.expect_request("/harbour").respond_with_data(BEFORE, content_type="text/html")
    httpserver.expect_request("/ferry").respond_with_data(OTHER, content_type="text/html")
    harbour, ferry = httpserver.url_for("/harbour"), httpserver.url_for("/ferry")
    run(cite("start a week early this year", ferry), settings)
    cache = SnapshotCache(settings.cache_dir)
    ferry_sha = cache.latest(ferry).sha256  # type: ignore[union-attr]
    # Indexed when its text was kept, though no quote was looked up yet.
    kept = cache.shingles(EXTRACTOR, SCHEME)
    assert list(kept) == [ferry_sha]
    assert np.array_equal(unpack_shingles(kept[ferry_sha]),  # type: ignore[arg-type]
                          page_shingles(cache.text(ferry_sha, EXTRACTOR)))  # type: ignore[arg-type]
    first = _gist(run(cite(ELSEWHERE, harbour), settings))
    assert first[0][3] == ferry
    indexed = _indexed(cache)
    assert len(indexed) == 2  # the harbour page too, when its text was kept
    # Later runs read the index and answer the same; nothing is indexed again.
    settings = replace(settings, offline=True)
    assert _gist(run(cite(ELSEWHERE, harbour), settings)) == first
    assert _indexed(cache) == indexed
    # A damaged row of a page's own shingles is made again from its text.
    cache.store_shingles({ferry_sha: b"damaged"}, EXTRACTOR, SCHEME)
    assert _gist(run(cite(ELSEWHERE, harbour), settings)) == first


def _indexed(cache: SnapshotCache) -> list[tuple[int, str, int]]:
    """(id, sha256, postings) of each body in the found-elsewhere index."""
    with cache._index.reading() as db:
        assert db is not None
        return [tuple(r) for r in db.execute(
            "SELECT s.id, s.sha256, count(p.key) FROM shingled s"
            " LEFT JOIN postings p ON p.body = s.id GROUP BY s.id ORDER BY s.id")]


def _gist(report: Report) -> list[tuple[Status, str, tuple[Flag, ...], str | None]]:
    return [(v.status, v.reason, v.flags, v.elsewhere) for v in report.verdicts]

"""`provenance check` with works cited by name: the sources template round trip, the archive
fallback for a page that is gone, and a cited date the page disagrees with."""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.conftest import read_report
from tests.integration.newssite import ArchiveServer
from tests.pages import HARBOUR, article_page

QUOTE = "the expansion will be paid for by shipping fees, not by taxpayers"
DOC = (f"The chair said that “{QUOTE}” "
       "(Editorial “Harbour plans”, The Test Courier, 2 March 2026).\n")


def dated_page(day: str) -> str:
    page = article_page("Harbour plans", HARBOUR)
    meta = f'<meta property="article:published_time" content="{day}T08:00:00Z">'
    return page.replace("<head>", f"<head>{meta}", 1)


def check(tmp_path: Path, doc: Path, *extra: str) -> dict:
    code = main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "out"), "--allow-private", "--attempts", "1", "-q", *extra])
    assert code in (0, 1)
    return read_report(tmp_path / "out" / f"{doc.stem}.json")


@pytest.fixture
def archive() -> Iterator[ArchiveServer]:
    with ArchiveServer() as server:
        yield server


def test_unresolved_work_becomes_a_template_that_resolves_it_when_filled(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/harbour").respond_with_data(
        dated_page("2026-03-02"), content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(DOC, encoding="utf-8")

    first = check(tmp_path, doc, "--no-archive")
    assert first["verdicts"][0]["status"] == "unverified"
    assert first["verdicts"][0]["reason"].startswith("source not found")
    template = tmp_path / "out" / "story.sources.toml"
    entries = tomllib.loads(template.read_text(encoding="utf-8"))["source"]
    assert [(e["outlet"], e["title"], e["date"], e["urls"]) for e in entries] == [
        ("The Test Courier", "Harbour plans", dt.date(2026, 3, 2), [])]

    filled = template.read_text(encoding="utf-8").replace(
        "urls = []", f'urls = ["{httpserver.url_for("/harbour")}"]')
    sources = tmp_path / "sources.toml"
    sources.write_text(filled, encoding="utf-8")
    second = check(tmp_path, doc, "--no-archive", "--sources", str(sources))
    verdict = second["verdicts"][0]
    assert verdict["status"] == "found"
    assert verdict["flags"] == []
    assert verdict["citation"]["url"] == httpserver.url_for("/harbour")
    assert not template.exists()  # nothing left unresolved: the stale template is gone


def test_page_dated_otherwise_than_cited_is_flagged(tmp_path: Path,
                                                    httpserver: HTTPServer) -> None:
    httpserver.expect_request("/harbour").respond_with_data(
        dated_page("2026-03-03"), content_type="text/html")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\noutlet = "The Test Courier"\ntitle = "Harbour plans"\n'
                       f'urls = ["{httpserver.url_for("/harbour")}"]\n', encoding="utf-8")
    doc = tmp_path / "story.md"
    doc.write_text(DOC, encoding="utf-8")
    verdict = check(tmp_path, doc, "--no-archive", "--sources", str(sources))["verdicts"][0]
    assert verdict["status"] == "found"
    assert verdict["flags"] == ["date-mismatch"]
    assert "2026-03-02" in verdict["reason"] and "2026-03-03" in verdict["reason"]


def test_gone_page_is_read_from_the_archive(tmp_path: Path, httpserver: HTTPServer,
                                            archive: ArchiveServer) -> None:
    url = httpserver.url_for("/harbour")
    httpserver.expect_request("/harbour").respond_with_data("gone", status=410)
    archive.add(url, dt.date(2026, 3, 2), dated_page("2026-03-02"))
    doc = tmp_path / "story.md"
    doc.write_text(f"The chair said “{QUOTE}” ([The Test Courier]({url})).\n",
                   encoding="utf-8")
    verdict = check(tmp_path, doc, "--archive-url", archive.base)["verdicts"][0]
    assert verdict["status"] == "found"
    assert verdict["snapshot"]["origin"] == "archive"
    assert verdict["snapshot"]["url"].startswith(archive.base + "/web/")
    assert any(line.startswith("archive: live page HTTP 410")
               for line in verdict["citation"]["resolution"])


def test_gone_page_without_archived_copy_says_both(tmp_path: Path, httpserver: HTTPServer,
                                                   archive: ArchiveServer) -> None:
    url = httpserver.url_for("/harbour")
    httpserver.expect_request("/harbour").respond_with_data("gone", status=410)
    doc = tmp_path / "story.md"
    doc.write_text(f"The chair said “{QUOTE}” ([The Test Courier]({url})).\n",
                   encoding="utf-8")
    verdict = check(tmp_path, doc, "--archive-url", archive.base)["verdicts"][0]
    assert verdict["status"] == "unverified"
    assert verdict["reason"].startswith("HTTP 410")
    assert verdict["reason"].endswith("no archived copy either")
    assert verdict["citation"]["resolution"][-1].startswith("archive: live page HTTP 410")


def test_a_vague_attribution_is_tied_to_a_page_by_the_sources_file_through_its_words(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/harbour").respond_with_data(
        dated_page("2026-03-02"), content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"Según los diarios del país, “{QUOTE}”.\n", encoding="utf-8")
    first = check(tmp_path, doc, "--no-archive")["verdicts"][0]
    assert first["status"] == "unverified"
    assert first["reason"].startswith("vague attribution")
    # The template lists it by its words; filled with a URL, the words tie it to the page.
    template = (tmp_path / "out" / "story.sources.toml").read_text(encoding="utf-8")
    entry = tomllib.loads(template)["source"][0]
    assert entry["quote"] == QUOTE and entry["urls"] == []
    sources = tmp_path / "sources.toml"
    sources.write_text(template.replace(
        "urls = []", f'urls = ["{httpserver.url_for("/harbour")}"]'), encoding="utf-8")
    second = check(tmp_path, doc, "--no-archive", "--sources", str(sources))["verdicts"][0]
    assert second["status"] == "found"
    assert second["citation"]["url"] == httpserver.url_for("/harbour")

"""``--reuse-cache``: a document searched for reuse in every page of the cache, not only in
the pages it cites, against a real HTTP server on 127.0.0.1 (synthetic pages and
documents)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.model import ReuseKind
from provenance.settings import Settings
from tests.integration.runs import cite, run
from tests.pages import HARBOUR, article_page

# Synthetic: a second story on another fictional outlet, which the document below borrows
# from without citing it.
FERRY = [
    "The ferry company said on Monday that the night crossing to the island would stop "
    "for the winter because too few passengers had used it since the summer.",
    "Islanders who work early shifts on the mainland asked the council to keep at least one "
    "late boat running on weekdays until the spring.",
]
# Synthetic: quotes the harbour page (so it is read), borrows a sentence of the ferry page
# that nothing in the document cites, and adds words of its own.
DOC = """{cite}
Meanwhile the night crossing to the island would stop for the winter because too few
passengers had used it since the summer, islanders were told.

Our own reporting found nothing else of note in the port this week.
"""


def _cache_both(httpserver: HTTPServer, settings: Settings) -> tuple[str, str]:
    """The harbour and ferry pages fetched into the cache by an earlier document."""
    httpserver.expect_request("/harbour").respond_with_data(
        article_page("Council approves harbour expansion", HARBOUR), content_type="text/html")
    httpserver.expect_request("/ferry").respond_with_data(
        article_page("Night ferry stops for winter", FERRY, "The Test Islander"),
        content_type="text/html")
    harbour, ferry = httpserver.url_for("/harbour"), httpserver.url_for("/ferry")
    run(cite("not by taxpayers", harbour) + cite("too few passengers", ferry), settings)
    return harbour, ferry


def test_a_page_only_the_cache_holds_is_searched_with_reuse_cache(
        httpserver: HTTPServer, settings: Settings) -> None:
    harbour, ferry = _cache_both(httpserver, settings)
    doc = DOC.format(cite=cite("not by taxpayers", harbour))
    assert run(doc, settings).reuse == ()  # by default only the cited page is searched
    served = len(httpserver.log)
    report = run(doc, replace(settings, reuse_cache=True, offline=True))
    assert len(httpserver.log) == served  # the cache's pages, not the network's
    (passage,) = report.reuse
    assert passage.url == ferry and passage.kind is ReuseKind.UNCREDITED
    assert passage.span.slice(report.document.text).startswith("the night crossing")
    assert passage.shared >= 15


def test_a_cached_page_the_document_links_is_credited(
        httpserver: HTTPServer, settings: Settings) -> None:
    harbour, ferry = _cache_both(httpserver, settings)
    doc = DOC.format(cite=cite("not by taxpayers", harbour)).replace(
        "Meanwhile", f"Meanwhile ([as the Islander has it]({ferry}))")
    report = run(doc, replace(settings, reuse_cache=True))
    assert [(r.url, r.kind) for r in report.reuse] == [(ferry, ReuseKind.CREDITED)]


def test_reuse_cache_on_the_command_line(httpserver: HTTPServer, settings: Settings,
                                         tmp_path: Path) -> None:
    harbour, ferry = _cache_both(httpserver, settings)
    doc = tmp_path / "story.md"
    doc.write_text(DOC.format(cite=cite("not by taxpayers", harbour)), encoding="utf-8")

    def check(*extra: str) -> int:
        return main(["check", str(doc), "--cache", str(settings.cache_dir), "--out",
                     str(tmp_path / "out"), "--offline", "-q", "--fail-on",
                     "missing,uncredited-reuse", *extra])

    assert check() == 0
    assert check("--reuse-cache") == 1
    data = json.loads((tmp_path / "out" / "story.json").read_text(encoding="utf-8"))
    assert [(d["kind"], d["url"]) for d in data["reuse"]] == [("uncredited", ferry)]


def test_a_cited_page_cached_under_another_address_is_not_searched_twice(
        httpserver: HTTPServer, settings: Settings) -> None:
    harbour, _ = _cache_both(httpserver, settings)
    httpserver.expect_request("/old").respond_with_data("", status=301,
                                                        headers={"Location": harbour})
    # Cited by an old address that now redirects to the page the cache holds already.
    doc = (cite("not by taxpayers", httpserver.url_for("/old"))
           + "\nThe town council voted eleven to four on Friday to approve the expansion of "
             "the harbour, ending a debate that had divided the town.\n")
    report = run(doc, replace(settings, reuse_cache=True))
    assert [(r.url, r.kind) for r in report.reuse] == [(httpserver.url_for("/old"),
                                                        ReuseKind.UNCREDITED)]

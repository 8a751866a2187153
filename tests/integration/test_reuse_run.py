"""Unquoted reuse in a whole run, against a real HTTP server on 127.0.0.1: the passages a
(synthetic) document takes from the page it cites without quote marks, in the JSON, Markdown
and HTML reports, and ``--fail-on uncredited-reuse``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.model import ReuseKind
from provenance.report.html import to_html
from provenance.report.markdown import to_markdown
from provenance.report.render import to_dict, validate
from provenance.settings import Settings
from tests.integration.runs import run
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
# Synthetic: one quotation (so the page is read), a paragraph that borrows a sentence of the
# page and credits it, and one that borrows another, with a number changed, and credits
# nothing.
DOC = """The chair said “The expansion will be paid for by shipping fees, not by taxpayers”
([The Test Courier]({url})).

As [the Courier]({url}) reported, the town council voted eleven to four on Friday to approve
the expansion of the harbour.

Our own reporting: the first phase is a deep-water quay that is expected to cost 52 million
crowns and to open in the spring of 2028.
"""


@pytest.fixture
def url(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    return httpserver.url_for("/a")


def test_credited_and_uncredited_passages_are_told_apart(url: str, settings: Settings) -> None:
    report = run(DOC.format(url=url), settings)
    text = report.document.text
    got = [(r.kind, r.span.slice(text).split()[:3]) for r in report.reuse]
    assert got == [(ReuseKind.CREDITED, ["the", "town", "council"]),
                   (ReuseKind.UNCREDITED, ["the", "first", "phase"])], got
    uncredited = report.reuse[1]
    assert [(e.quote, e.source) for e in uncredited.match.edits] == [("52", "48")]
    # The quotation's own words are quoted, not reused.
    assert all("taxpayers" not in r.span.slice(text) for r in report.reuse)

    data = to_dict(report)
    validate(data)
    assert [(d["kind"], d["shared"]) for d in data["reuse"]] == [
        ("credited", report.reuse[0].shared), ("uncredited", report.reuse[1].shared)]
    assert data["reuse"][1]["source"]["edits"][0]["source"] == "48"
    md = to_markdown(report)
    assert "## Reused without quote marks" in md and "1 credited, 1 uncredited" in md
    html = to_html(report)
    assert "Reused without quote marks" in html and 'class="side-by-side"' in html


def test_an_old_report_without_reuse_still_validates(url: str, settings: Settings) -> None:
    data = to_dict(run(DOC.format(url=url), settings))
    del data["reuse"]
    validate(data)


def test_no_reuse_no_section(url: str, settings: Settings) -> None:
    report = run(f"She said “not by taxpayers” ([Courier]({url})).\n", settings)
    assert report.reuse == ()
    assert "Reused without quote marks" not in to_markdown(report)
    assert "Reused without quote marks" not in to_html(report)


def test_fail_on_uncredited_reuse(url: str, tmp_path: Path) -> None:
    doc = tmp_path / "story.md"
    doc.write_text(DOC.format(url=url), encoding="utf-8")

    def check(*extra: str) -> int:
        return main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                     str(tmp_path / "out"), "--allow-private", "--attempts", "1", "-q", *extra])

    assert check("--fail-on", "missing") == 0
    assert check("--fail-on", "missing,uncredited-reuse") == 1
    data = json.loads((tmp_path / "out" / "story.json").read_text(encoding="utf-8"))
    assert [d["kind"] for d in data["reuse"]] == ["credited", "uncredited"]
    credited_only = DOC.replace("Our own reporting:", f"Per [the Courier]({url}),")
    doc.write_text(credited_only.format(url=url), encoding="utf-8")
    assert check("--fail-on", "missing,uncredited-reuse") == 0


# Synthetic: two cited pages carry the same article (a wire story run twice); a sentence
# borrowed from it is one passage, with the other page counted as also holding it.
TWICE = """The chair said “The expansion will be paid for by shipping fees, not by taxpayers”
([The Test Courier]({a})).

Opponents said “the figure was likely to grow” ([The Test Gazette]({b})).

Our own reporting: the first phase is a deep-water quay that is expected to cost 48 million
crowns and to open in the spring of 2028.
"""


def test_a_passage_two_cited_pages_hold_is_reported_once(httpserver: HTTPServer,
                                                         settings: Settings) -> None:
    for path in ("/a", "/b"):
        httpserver.expect_request(path).respond_with_data(PAGE, content_type="text/html")
    a, b = httpserver.url_for("/a"), httpserver.url_for("/b")
    report = run(TWICE.format(a=a, b=b), settings)
    [r] = report.reuse
    assert r.span.slice(report.document.text).startswith("the first phase")
    assert r.others == 1 and {r.url, *r.also} == {a, b}
    data = to_dict(report)
    validate(data)
    assert (data["reuse"][0]["others"], data["reuse"][0]["also"]) == (1, list(r.also))
    assert f"- **Also in** 1 other source: <{r.also[0]}>" in to_markdown(report)
    assert 'class="also">Also in 1 other source' in to_html(report)

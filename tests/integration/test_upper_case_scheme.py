"""A URL written with an upper-case scheme ("HTTP://…") is a citation like any other: found
in text, Markdown and HTML documents, fetched, and linked in lower case in the reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.document import parse_document
from tests.conftest import read_report
from tests.pages import HARBOUR, article_page


@pytest.mark.parametrize(("fmt", "text"), [
    ("txt", "See HTTP://Example.ORG/a, and Https://example.org/b."),
    ("md", "See [the story](HTTP://example.org/a) and hTTpS://example.org/b"),
    ("html", "<p>See <a href='HTTP://example.org/a'>the story</a> and "
             "<q cite='HTTPS://example.org/b'>words</q>.</p>"),
])
def test_an_upper_case_scheme_is_a_link(fmt: str, text: str) -> None:
    doc = parse_document(text.encode(), f"doc.{fmt}", fmt)
    assert [link.url.lower() for link in doc.links] == ["http://example.org/a",
                                                        "https://example.org/b"]


def test_a_quote_citing_an_upper_case_url_is_checked(tmp_path: Path,
                                                     httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(
        article_page("Council approves harbour expansion", HARBOUR), content_type="text/html")
    url = httpserver.url_for("/a").replace("http://", "HTTP://")
    doc = tmp_path / "story.txt"
    doc.write_text(f"Synthetic test document. She said “not by taxpayers” ({url}).\n",
                   encoding="utf-8")
    assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "out"), "--allow-private", "--no-archive", "-q",
                 "--format", "json,md,html"]) == 0
    (verdict,) = read_report(tmp_path / "out/story.json")["verdicts"]
    assert verdict["status"] == "found" and verdict["citation"]["url"] == url
    assert verdict["links"]["live"].startswith(httpserver.url_for("/a"))  # http://, lower
    assert len(httpserver.log) == 1

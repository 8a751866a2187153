"""A URL written with an upper-case scheme ("HTTP://…") is a citation like any other: found
in text, Markdown and HTML documents, taken with its scheme in lower case (the form WARC
tools and the cache read back), fetched, and read again offline."""

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
    assert [link.url for link in doc.links] == ["http://example.org/a" if fmt != "txt" else
                                                "http://Example.ORG/a", "https://example.org/b"]


def test_a_quote_citing_an_upper_case_url_is_checked(tmp_path: Path,
                                                     httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(
        article_page("Council approves harbour expansion", HARBOUR), content_type="text/html")
    url = httpserver.url_for("/a").replace("http://", "HTTP://")
    doc = tmp_path / "story.txt"
    doc.write_text(f"Synthetic test document. She said “not by taxpayers” ({url}).\n",
                   encoding="utf-8")
    common = [str(doc), "--cache", str(tmp_path / "cache"), "--allow-private", "--no-archive",
              "-q", "--format", "json,md,html"]
    for run in ("online", "offline"):  # the capture reads back from the cache
        assert main(["check", *common, "--out", str(tmp_path / run),
                     *(["--offline"] if run == "offline" else [])]) == 0, run
        (verdict,) = read_report(tmp_path / run / "story.json")["verdicts"]
        assert verdict["status"] == "found", (run, verdict["reason"])
        assert verdict["citation"]["url"] == httpserver.url_for("/a")  # http://
        assert verdict["links"]["live"].startswith(httpserver.url_for("/a"))
    assert len(httpserver.log) == 1


def test_a_document_named_by_an_upper_case_url_is_read_as_a_url(tmp_path: Path,
                                                                capsys) -> None:
    """quotes takes "HTTP://…" for a URL (here answered by the cache), not a file name."""
    page = tmp_path / "post.html"
    page.write_text("<p>A synthetic test post. She said “not by taxpayers”.</p>",
                    encoding="utf-8")
    cache = str(tmp_path / "cache")
    assert main(["cache", "import", str(page), "--url", "http://news.invalid/post", "--cache",
                 cache, "-q"]) == 0
    assert main(["quotes", "HTTP://news.invalid/post", "--cache", cache]) == 0
    assert "not by taxpayers" in capsys.readouterr().out

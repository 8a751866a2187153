"""A document checked with the original it declares: the whole text compared with it, in
the JSON and Markdown reports (synthetic pages and documents)."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.report.render import validate

ORIGINAL = ("<html><head><title>Harbour plans</title></head><body><article>"
            "<h1>Harbour plans (synthetic test page)</h1>"
            "<p>The council approved the harbour expansion on Monday after a long debate. "
            "The new quay will cost 48 million crowns and open in 2028. "
            "Fishermen asked for a hearing before the dredging starts.</p>"
            "<p>The mayor said the expansion would be paid for by shipping fees. "
            "Work begins in the spring, weather permitting.</p>"
            "</article></body></html>")


def _run(tmp_path: Path, doc: Path, *extra: str) -> dict:
    out = tmp_path / "out"
    code = main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out", str(out),
                 "--allow-private", "--no-archive", "-q", "--format", "json,md", *extra])
    assert code in (0, 1)
    report = json.loads((out / f"{doc.stem}.json").read_text(encoding="utf-8"))
    validate(report)
    return report


def test_a_repost_with_a_changed_number_is_compared_with_the_original_it_names(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/plans").respond_with_data(ORIGINAL, content_type="text/html")
    url = httpserver.url_for("/plans")
    doc = tmp_path / "repost.md"
    doc.write_text(
        "# Harbour plans\n\n"
        "The council approved the harbour expansion on Monday after a long debate. "
        "The new quay will cost 40 million crowns and open in 2028. "
        "Fishermen asked for a hearing before the dredging starts.\n\n"
        "The mayor said the expansion would be paid for by shipping fees. "
        "Work begins in the spring, weather permitting.\n\n"
        f"Source: {url}\n", encoding="utf-8")
    original = _run(tmp_path, doc)["original"]
    assert original["url"] == url and original["kind"] == "repost-changed"
    edits = [(e["kind"], e["original"], e["document"]) for s in original["sentences"]
             if s["change"] == "changed" for e in s["edits"]]
    assert edits == [("number-changed", "48", "40")]
    # The page's heading is its own unit, not part of its first sentence: that sentence is
    # the document's word for word, so nothing is "changed" without an edit.
    assert all(s["edits"] for s in original["sentences"] if s["change"] == "changed")
    md = (tmp_path / "out" / "repost.md").read_text(encoding="utf-8")
    assert "## The document against its original" in md and "repost-changed" in md


def test_original_given_on_the_command_line_and_none_without_one(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/plans").respond_with_data(ORIGINAL, content_type="text/html")
    doc = tmp_path / "plain.md"
    doc.write_text("The council approved the harbour expansion on Monday after a long debate. "
                   "The new quay will cost 48 million crowns and open in 2028.\n",
                   encoding="utf-8")
    assert "original" not in _run(tmp_path, doc)
    given = _run(tmp_path, doc, "--original", httpserver.url_for("/plans"))["original"]
    assert given["kind"] == "repost-changed" and given["document_share"] == 1.0
    assert 0 < given["original_share"] < 1  # the document leaves sentences out

"""`provenance check` from the command line: reports written, exit codes, errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.conftest import read_report
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)


def write_doc(tmp_path: Path, *quotes_and_paths: tuple[str, str]) -> Path:
    doc = tmp_path / "story.md"
    doc.write_text("".join(f"She said “{q}” ([Courier]({url})).\n\n"
                           for q, url in quotes_and_paths), encoding="utf-8")
    return doc


def check(tmp_path: Path, doc: Path, *extra: str) -> int:
    return main(["check", str(doc), "--cache", str(tmp_path / "cache"),
                 "--out", str(tmp_path / "out"), "--allow-private", "--attempts", "1", *extra])


@pytest.fixture
def page_url(httpserver: HTTPServer) -> str:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    return httpserver.url_for("/a")


def test_all_found_exits_0_and_writes_both_reports(tmp_path: Path, page_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    doc = write_doc(tmp_path, ("not by taxpayers", page_url))
    assert check(tmp_path, doc) == 0
    out = capsys.readouterr().out
    assert "1 found" in out
    report = read_report(tmp_path / "out" / "story.json")
    assert report["schema"] == "provenance-report/1"
    assert report["summary"]["found"] == 1
    assert (tmp_path / "out" / "story.md").read_text().startswith("# Provenance report")


def test_altered_exits_1(tmp_path: Path, page_url: str) -> None:
    doc = write_doc(tmp_path, ("expected to cost 40 million crowns", page_url))
    assert check(tmp_path, doc) == 1


def test_fail_on_can_ignore_unverified(tmp_path: Path, httpserver: HTTPServer) -> None:
    doc = write_doc(tmp_path, ("not by taxpayers", httpserver.url_for("/missing-page")))
    assert check(tmp_path, doc) == 1
    assert check(tmp_path, doc, "--fail-on", "altered,missing") == 0


def test_fail_on_takes_flags_as_well(tmp_path: Path, httpserver: HTTPServer,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    page = article_page("Council sets the budget", [
        "Synthetic test page. The council met on Friday evening.",
        "“We will not raise taxes this year,” said council member John Doe."])
    httpserver.expect_request("/b").respond_with_data(page, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"Jane Roe said: “We will not raise taxes this year” "
                   f"([Courier]({httpserver.url_for('/b')})).\n", encoding="utf-8")
    assert check(tmp_path, doc) == 0  # found: the default fails on statuses only
    assert check(tmp_path, doc, "--fail-on", "altered,missing,speaker-mismatch") == 1
    assert check(tmp_path, doc, "--fail-on", "altered,negated-context") == 0
    capsys.readouterr()
    assert check(tmp_path, doc, "--fail-on", "altered,speakers") == 2
    err = capsys.readouterr().err
    assert "not 'speakers'" in err and "speaker-mismatch" in err


def test_json_flag_prints_the_report(tmp_path: Path, page_url: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    doc = write_doc(tmp_path, ("not by taxpayers", page_url))
    check(tmp_path, doc, "--json")
    report = json.loads(capsys.readouterr().out)
    verdict = report["verdicts"][0]
    assert verdict["status"] == "found"
    assert verdict["snapshot"]["url"] == page_url
    assert len(verdict["snapshot"]["sha256"]) == 64
    assert verdict["citation"]["url"] == page_url


def test_missing_document_exits_2_with_one_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert check(tmp_path, tmp_path / "nope.md") == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("provenance: error:") and "nope.md" in err
    assert "\n" not in err


@pytest.mark.parametrize(("where", "message"), [
    ("--out", "cannot write reports to"),
    ("--cache", "is a file, not a folder"),
])
def test_a_report_folder_or_cache_that_is_a_file_is_refused_before_any_fetch(
        tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str],
        where: str, message: str) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    doc = write_doc(tmp_path, ("not by taxpayers", httpserver.url_for("/a")))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "reports" if where == "--out" else blocker
    assert check(tmp_path, doc, where, str(target)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("provenance: error:") and message in err and "\n" not in err
    assert len(httpserver.log) == 0  # refused before the page was fetched
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_unknown_format_exits_2(tmp_path: Path, page_url: str) -> None:
    doc = write_doc(tmp_path, ("not by taxpayers", page_url))
    assert check(tmp_path, doc, "--format", "md,docx") == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("provenance ")


def test_a_pdf_document_is_kept_as_evidence(tmp_path: Path, page_url: str) -> None:
    from provenance.cache.store import SnapshotCache
    from tests.integration.faultserver import make_pdf

    doc = tmp_path / "brief.pdf"
    doc.write_bytes(make_pdf([f"She said “not by taxpayers” ({page_url})."]))
    assert check(tmp_path, doc) == 0
    assert check(tmp_path, doc) == 0  # a second run keeps one capture of the same bytes
    (capture,) = SnapshotCache(tmp_path / "cache").index(doc.resolve().as_uri())
    assert capture.origin == "import"
    report = read_report(tmp_path / "out" / "brief.json")
    assert report["document"]["sha256"] == capture.sha256


def test_a_folder_checks_every_document_and_survives_a_bad_one(
        tmp_path: Path, page_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "drafts"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text(f"She said “not by taxpayers” ([C]({page_url})).\n")
    (folder / "sub" / "b.txt").write_text(f"He said “cost 40 million crowns” {page_url}\n")
    (folder / "empty.md").write_text("")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")  # not a document type: left alone
    # One document cannot be read: it is listed, and the exit code follows the verdicts.
    assert check(tmp_path, folder) == 1
    out = capsys.readouterr().out
    assert "unreadable: " in out and "empty.md: the document is empty" in out
    assert "skipped: " in out and "notes.docx: unsupported type .docx" in out
    assert read_report(tmp_path / "out" / "a.json")["summary"]["found"] == 1
    assert read_report(tmp_path / "out" / "sub" / "b.json")["summary"]["altered"] == 1
    (folder / "empty.md").unlink()
    assert check(tmp_path, folder) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_fetching_several_pages_shows_progress_on_a_terminal(
        tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in ("/a", "/b"):
        httpserver.expect_request(path).respond_with_data(PAGE, content_type="text/html")
    doc = write_doc(tmp_path, ("not by taxpayers", httpserver.url_for("/a")),
                    ("paid for by shipping fees", httpserver.url_for("/b")))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert check(tmp_path, doc, "-q") == 0
    assert "fetching" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", plain := io.StringIO())
    assert check(tmp_path, doc, "-q", "--refresh") == 0
    assert plain.getvalue() == ""  # not a terminal: nothing drawn

"""A fault of ours on one page or one quote costs that page or quote, never the run.

The page that crashes the reader here is a real file: a PDF whose encryption entry names a
version the PDF library does not implement (V=99), served by the fault server. The
boundary's own bookkeeping (the reason, the log file, a bad capture not read again) is
checked with a reader that fails on purpose, since which real inputs crash it changes as
the bugs are fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import provenance.pipeline
from provenance.cli import main
from provenance.commands.faultlog import NAME
from tests.integration.faultserver import PAGE, PDF, QUOTE, FaultServer

BROKEN_PDF = PDF.replace(
    b"/Info 6 0 R >>",
    b"/Info 6 0 R /Encrypt << /Filter /Standard /V 99 /R 2 /O <00> /U <00> /P -4 >> "
    b"/ID [<01> <01>] >>")


PDF_QUOTE = "Repairs to the old quay are expected to take six weeks"


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        server.routes["/broken.pdf"] = lambda h: h.send(200, "application/pdf", BROKEN_PDF)
        server.routes["/fine"] = lambda h: h.send(200, "text/html; charset=utf-8", PAGE)
        yield server


def _check(tmp_path: Path, faults: FaultServer, *extra: str) -> int:
    doc = tmp_path / "doc.md"
    doc.write_text("Synthetic test document.\n"
                   f"The report said “{PDF_QUOTE}” ([report]({faults.url('/broken.pdf')})).\n"
                   f"The paper said “{QUOTE}” ([paper]({faults.url('/fine')})).\n",
                   encoding="utf-8")
    return main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "out"), "--allow-private", "--no-archive", *extra])


def test_a_page_that_crashes_the_reader_is_that_pages_verdict(
        faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _check(tmp_path, faults)
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert f"3:17  “{QUOTE}”  (found verbatim)" in out  # the other page is still checked
    assert (tmp_path / "out" / "doc.json").is_file()


def test_the_boundary_keeps_the_traceback_and_marks_the_capture(
        faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = provenance.pipeline.extract_text
    reads: list[str] = []

    def failing(snapshot, *args):  # type: ignore[no-untyped-def]
        reads.append(snapshot.url)
        if snapshot.url.endswith("/broken.pdf"):
            raise RuntimeError("synthetic reader fault")
        return real(snapshot, *args)

    monkeypatch.setattr(provenance.pipeline, "extract_text", failing)
    assert _check(tmp_path, faults) == 1
    out, err = capsys.readouterr()
    log = tmp_path / "out" / NAME
    assert "unverified 2:18" in out and "(internal error: RuntimeError: synthetic reader " \
                                       "fault)" in out
    assert f"1 internal error (a fault of this tool, not of the pages); the tracebacks are " \
           f"in {log}" in out
    assert "Traceback" not in out + err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "synthetic reader fault" in text
    # The capture is marked bad: a later run does not read it again...
    reads.clear()
    assert _check(tmp_path, faults, "--offline") == 1
    assert "internal error: RuntimeError" in capsys.readouterr().out and reads == []
    # ...unless asked to take the pages afresh.
    assert _check(tmp_path, faults, "--refresh") == 1
    assert faults.url("/broken.pdf") in reads


def test_a_quote_whose_matching_crashes_is_that_quotes_verdict(
        faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    real = provenance.pipeline.best_match

    def failing(quote, text):  # type: ignore[no-untyped-def]
        if quote.line == 3:
            raise KeyError("synthetic matcher fault")
        return real(quote, text)

    monkeypatch.setattr(provenance.pipeline, "best_match", failing)
    assert _check(tmp_path, faults) == 1
    out = capsys.readouterr().out
    assert f"unverified 3:17  “{QUOTE}”  (internal error: KeyError: 'synthetic matcher " \
           "fault')" in out

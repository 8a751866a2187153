"""Hostile PDFs never give a traceback: broken encryption and resource limits are named, as
a document (one line, exit 2) and as a fetched source (an unverified reason), online and
again offline from the cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from provenance.errors import DocumentError
from provenance.fetch.pdf import pdf_info
from tests.conftest import read_report
from tests.integration import pdfs

BAD_VERSIONS = (0, -1, 6, 7, 9, 99)
BAD_HANDLERS = (b"/Adobe.PubSec", b"/FooBar", b"42")


def test_the_builders_make_readable_pdfs() -> None:
    """Control: the same pages without the hostile part read, so the failures below are
    the hostile part's."""
    assert "the harbour will reopen in May" in pdf_info(pdfs.plain(), "plain.pdf").text
    for data in (pdfs.plain(), pdfs.encrypted(99), pdfs.deeply_nested(10)):
        pdfs.assert_well_formed(data)
    assert "reopen in May" in pdf_info(pdfs.deeply_nested(10), "shallow.pdf").text
    small_bomb = pdfs.decompression_bomb(inflated=1 << 20)
    assert "reopen in May" in pdf_info(small_bomb, "small.pdf").text


@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_unsupported_encryption_version_is_named(version: int) -> None:
    with pytest.raises(DocumentError) as caught:
        pdf_info(pdfs.encrypted(version), "x.pdf")
    assert str(caught.value) == (f"x.pdf: the PDF is encrypted in a way that cannot be read "
                                 f"(encryption version {version} is not supported)")


@pytest.mark.parametrize("handler", BAD_HANDLERS)
def test_a_non_standard_encryption_handler_is_named(handler: bytes) -> None:
    with pytest.raises(DocumentError, match="encrypted in a way that cannot be read "
                                            r"\(an encryption handler other than the Standard"):
        pdf_info(pdfs.encrypted(2, handler), "x.pdf")


def test_a_supported_encryption_with_a_password_says_so() -> None:
    with pytest.raises(DocumentError, match="password-protected"):
        pdf_info(pdfs.encrypted(2), "x.pdf")


@pytest.mark.parametrize(("data", "limit"), [
    (pdfs.decompression_bomb(), "decompression limit reached"),
    (pdfs.deeply_nested(), "nesting limit reached"),
], ids=["bomb", "nested"])
def test_a_resource_limit_is_named_not_taken_for_a_scan(data: bytes, limit: str) -> None:
    with pytest.raises(DocumentError) as caught:
        pdf_info(data, "x.pdf")
    assert f"no page could be read (page 1: {limit}" in str(caught.value)
    assert "OCR" not in str(caught.value)


@pytest.mark.parametrize("data", [pdfs.encrypted(99), pdfs.encrypted(0, b"/Adobe.PubSec"),
                                  pdfs.decompression_bomb()], ids=["v99", "pubsec", "bomb"])
def test_as_the_document_one_line_and_exit_2(tmp_path: Path, capsys, data: bytes) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert main(["check", str(path), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "out"), "--offline"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"provenance: error: {path}: ")
    assert "Traceback" not in err and ("encrypted" in err or "limit reached" in err)


@pytest.mark.parametrize(("data", "reason"), [
    (pdfs.encrypted(7), "the PDF is encrypted in a way that cannot be read (encryption "
                        "version 7 is not supported)"),
    (pdfs.encrypted(2, b"/FooBar"), "an encryption handler other than the Standard one"),
    (pdfs.decompression_bomb(), "decompression limit reached"),
    (pdfs.deeply_nested(), "nesting limit reached"),
], ids=["v7", "handler", "bomb", "nested"])
def test_as_a_fetched_source_unverified_with_the_reason(tmp_path: Path, httpserver: HTTPServer,
                                                        capsys, data: bytes,
                                                        reason: str) -> None:
    httpserver.expect_request("/report.pdf").respond_with_data(
        data, content_type="application/pdf")
    doc = tmp_path / "story.md"
    doc.write_text("Synthetic test document. The authority said “the harbour will reopen in "
                   f"May” ({httpserver.url_for('/report.pdf')}).\n", encoding="utf-8")
    common = [str(doc), "--cache", str(tmp_path / "cache"), "--allow-private",
              "--no-archive", "-q", "--format", "json,md,html"]
    for run in ("online", "offline"):  # the capture stays in the cache and reads again
        extra = ["--offline"] if run == "offline" else []
        assert main(["check", *common, "--out", str(tmp_path / run), *extra]) == 1, run
        (verdict,) = read_report(tmp_path / run / "story.json")["verdicts"]
        assert verdict["status"] == "unverified", run
        assert reason in verdict["reason"], (run, verdict["reason"])
        assert "Traceback" not in capsys.readouterr().err
    assert len(httpserver.log) == 1

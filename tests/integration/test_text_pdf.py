"""PDFs, as documents and as cited pages: text, metadata, and clear refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from provenance.document import read_document
from provenance.errors import DocumentError
from provenance.fetch.pdf import pdf_info, pdf_text
from tests.integration.faultserver import PDF, make_pdf


def test_text_and_metadata() -> None:
    info = pdf_info(PDF, "report.pdf")
    assert info.pages == 1
    assert info.text.splitlines()[1] == "The harbour will reopen before the summer season."
    assert (info.title, info.author, info.date) == \
        ("Synthetic test report", "Fictional Port Authority", dt.date(2026, 3, 1))


def test_a_pdf_file_is_a_document(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf(["Synthetic test page.", "The mayor said: “we will reopen”."]))
    doc = read_document(path)
    assert doc.format == "pdf" and "“we will reopen”" in doc.text


@pytest.mark.parametrize(("data", "words"), [
    (b"<html>not a pdf</html>", "not a PDF file"),
    (b"%PDF-1.4\n1 0 obj garbage endobj\n%%EOF", "not a readable PDF"),
    (make_pdf([]), "the PDF has no text layer (a scan needs OCR first)"),
    (PDF[: len(PDF) // 3], "not a readable PDF"),
])
def test_unreadable_pdfs_say_why(data: bytes, words: str) -> None:
    with pytest.raises(DocumentError, match=words.replace("(", r"\(").replace(")", r"\)")):
        pdf_text(data, "x.pdf")

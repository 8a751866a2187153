"""Read the text of a PDF (documents and fetched pages alike) with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass

from provenance.errors import DocumentError

__all__ = ["PdfInfo", "pdf_info", "pdf_text"]

log = logging.getLogger(__name__)

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True, slots=True)
class PdfInfo:
    text: str  # pages in order, separated by a blank line
    pages: int
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None  # the PDF's creation date, when it records one


def pdf_text(data: bytes, origin: str) -> str:
    """The PDF's text in reading order; DocumentError when it has none."""
    return pdf_info(data, origin).text


def pdf_info(data: bytes, origin: str) -> PdfInfo:
    """Text and document metadata; DocumentError when it cannot be read or holds no text."""
    # Imported here: only PDFs pay for pypdf's import time.
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise DocumentError(origin, "not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are "encrypted" with an empty user password only to block editing.
            try:
                if not reader.decrypt(""):
                    raise DocumentError(origin, "the PDF is password-protected")
            except DocumentError:
                raise
            except Exception as exc:  # missing crypto backend, unknown algorithm
                raise DocumentError(origin, f"the PDF is encrypted ({exc})") from exc
        pages = []
        for number, page in enumerate(reader.pages, 1):
            try:
                pages.append(_tidy(page.extract_text() or ""))
            except Exception as exc:  # one broken page must not lose the others
                log.warning("%s: page %d unreadable: %s", origin, number, exc)
                pages.append("")
        meta = reader.metadata
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise DocumentError(origin, f"not a readable PDF ({type(exc).__name__}: {exc})") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        raise DocumentError(origin, "the PDF has no text layer (a scan needs OCR first)")
    return PdfInfo(text=text, pages=len(pages), title=_meta(meta, "/Title"),
                   author=_meta(meta, "/Author"), date=_pdf_date(_meta(meta, "/CreationDate")))


def _tidy(text: str) -> str:
    # Soft hyphens and NULs are extraction debris, not text anyone quoted.
    text = text.replace("\u00ad", "").replace("\x00", "")
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


def _meta(meta: object, key: str) -> str | None:
    if meta is None:
        return None
    try:
        value = meta.get(key)  # type: ignore[attr-defined]
    except Exception:  # metadata of broken PDFs can fail to resolve
        return None
    value = str(value).strip() if value is not None else ""
    return value or None


def _pdf_date(value: str | None) -> dt.date | None:
    m = _PDF_DATE.match(value or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None

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
    problems: tuple[str, ...] = ()  # pages that could not be read, and why ("page 3: …")


def pdf_text(data: bytes, origin: str) -> str:
    """The PDF's text in reading order; DocumentError when it has none."""
    return pdf_info(data, origin).text


def pdf_info(data: bytes, origin: str) -> PdfInfo:
    """Text and document metadata; DocumentError when it cannot be read or holds no text.

    Whatever the bytes, the answer is a PdfInfo or a DocumentError that says why: pypdf is
    a foreign parser fed untrusted input, and any exception it raises stops here.
    """
    # Imported here: only PDFs pay for pypdf's import time.
    from pypdf import PdfReader

    if not data.lstrip()[:1024].startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise DocumentError(origin, "not a PDF file")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(reader, origin)
        pages: list[str] = []
        failures: list[str] = []
        for number, page in enumerate(reader.pages, 1):
            try:
                pages.append(_tidy(page.extract_text() or ""))
            except Exception as exc:  # one broken page must not lose the others
                why = _why(exc)
                log.warning("%s: page %d unreadable: %s", origin, number, why)
                failures.append(f"page {number}: {why}")
                pages.append("")
        meta = reader.metadata
    except DocumentError:
        raise
    except NotImplementedError as exc:  # pypdf: an encryption it has no code for
        raise DocumentError(origin, f"the PDF is encrypted in a way that cannot be read "
                            f"({_encryption(exc)})") from exc
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        raise DocumentError(origin, f"not a readable PDF ({_why(exc)})") from exc
    text = "\n\n".join(p for p in pages if p)
    if not text.strip():
        if failures:
            # Not a scan: its pages could not be read, and the reason is the one to give.
            raise DocumentError(origin, f"no page could be read ({_summary(failures)})")
        raise DocumentError(origin, "the PDF has no text layer (a scan needs OCR first)")
    return PdfInfo(text=text, pages=len(pages), title=_meta(meta, "/Title"),
                   author=_meta(meta, "/Author"), date=_pdf_date(_meta(meta, "/CreationDate")),
                   problems=tuple(failures))


def _decrypt(reader: object, origin: str) -> None:
    # Many PDFs are "encrypted" with an empty user password only to block editing.
    try:
        opened = reader.decrypt("")  # type: ignore[attr-defined]
    except NotImplementedError as exc:
        raise DocumentError(origin, f"the PDF is encrypted in a way that cannot be read "
                            f"({_encryption(exc)})") from exc
    except Exception as exc:  # missing crypto backend, damaged encryption dictionary
        raise DocumentError(origin, f"the PDF is encrypted ({_why(exc)})") from exc
    if not opened:
        raise DocumentError(origin, "the PDF is password-protected")


def _encryption(exc: NotImplementedError) -> str:
    """pypdf's words for an encryption it cannot undo, as a reader would say them."""
    text = str(exc)
    version = re.search(r"V=(-?\d+)", text)
    if version:
        return f"encryption version {version.group(1)} is not supported"
    if "handler" in text.lower():
        return "an encryption handler other than the Standard one"
    return text or "unsupported encryption"


def _why(exc: BaseException) -> str:
    """The reason in a few words: which resource limit was reached, when one was."""
    from pypdf.errors import LimitReachedError

    text = str(exc)
    if isinstance(exc, LimitReachedError):
        if "decompress" in text.lower():
            return f"decompression limit reached: a stream would inflate past " \
                   f"{_limit_mb()} MB"
        return f"size limit reached: {text}"
    if isinstance(exc, RecursionError):
        return "nesting limit reached: objects are nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "memory limit reached"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _limit_mb() -> int:
    from pypdf import filters

    return int(getattr(filters, "ZLIB_MAX_OUTPUT_LENGTH", 75_000_000)) // 1_000_000


def _summary(failures: list[str]) -> str:
    """Each distinct reason once, with the pages it stopped."""
    by_reason: dict[str, list[str]] = {}
    for failure in failures:
        page, _, why = failure.partition(": ")
        by_reason.setdefault(why, []).append(page.removeprefix("page "))
    return "; ".join(f"page{'s' if len(pages) > 1 else ''} {', '.join(pages)}: {why}"
                     for why, pages in by_reason.items())


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

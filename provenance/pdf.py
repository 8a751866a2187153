"""Read the text of a PDF (documents and fetched pages alike)."""

from __future__ import annotations


def pdf_text(data: bytes, origin: str) -> str:
    """The PDF's text in reading order; DocumentError when it has none."""
    raise NotImplementedError

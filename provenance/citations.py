"""Find the works a document cites and tie each quotation to at most one of them."""

from __future__ import annotations

from .model import Citation, Document, Quote


def find_citations(doc: Document) -> tuple[Citation, ...]:
    """Every cited work: URLs, footnotes, parentheticals, narrative attributions,
    back-references and vague attributions, in document order."""
    raise NotImplementedError


def attribute(doc: Document, quotes: tuple[Quote, ...],
              citations: tuple[Citation, ...]) -> tuple[Quote, ...]:
    """``quotes`` with ``citation`` and ``link_reason`` set (None and a reason when none)."""
    raise NotImplementedError

"""Find the quoted passages in a document and decide what kind each is."""

from __future__ import annotations

from .model import Document, Quote


def find_quotes(doc: Document) -> tuple[Quote, ...]:
    """Every quoted passage in ``doc``, in document order, each with its kind, language,
    line:column, segments (ellipses) and insertions ([brackets]); repeats folded into
    ``locations``. ``citation`` is left None: ``citations.attribute`` links them."""
    raise NotImplementedError

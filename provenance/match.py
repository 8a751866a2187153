"""Align a quotation with a source text: normalisation, search, word-level edits."""

from __future__ import annotations

from .model import Match, PageText, Quote


def normalize(text: str) -> str:
    """Comparison form: NFKC, one glyph per quote mark and dash, single spaces, lower case."""
    raise NotImplementedError


def best_match(quote: Quote, text: PageText) -> Match | None:
    """Where ``quote`` best aligns in ``text.main`` (else ``text.full``); None when nowhere."""
    raise NotImplementedError

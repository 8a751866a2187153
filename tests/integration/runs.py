"""A whole run of the pipeline on a small Markdown document, for the integration tests."""

from __future__ import annotations

from provenance.cache.fetcher import open_fetcher
from provenance.document import parse_document
from provenance.model import Report
from provenance.pipeline import verify
from provenance.settings import Settings


def run(doc_text: str, settings: Settings) -> Report:
    """``verify`` on ``doc_text`` with the settings' cache, offline and refresh, no waiting."""
    doc = parse_document(doc_text.encode(), "doc.md", "md")
    fetcher, cache = open_fetcher(settings, sleep=lambda s: None)
    with fetcher:
        return verify(doc, settings, fetcher, cache)


def cite(quote: str, url: str) -> str:
    """One line of a document quoting ``quote`` from the page at ``url``."""
    return f"The chair said “{quote}” ([The Test Courier]({url})).\n"

"""A whole run of the pipeline on a small Markdown document, for the integration tests."""

from __future__ import annotations

from provenance.cache.fetcher import CachedFetcher
from provenance.cache.store import SnapshotCache
from provenance.document import parse_document
from provenance.fetch.http import HttpFetcher
from provenance.model import Report
from provenance.pipeline import verify
from provenance.settings import Settings


def run(doc_text: str, settings: Settings) -> Report:
    """``verify`` on ``doc_text`` with the settings' cache, offline and refresh, no waiting."""
    doc = parse_document(doc_text.encode(), "doc.md", "md")
    cache = SnapshotCache(settings.cache_dir)
    inner = None if settings.offline else HttpFetcher(settings, sleep=lambda s: None)
    fetcher = CachedFetcher(inner, cache, settings.offline, settings.refresh)
    return verify(doc, settings, fetcher, cache)


def cite(quote: str, url: str) -> str:
    """One line of a document quoting ``quote`` from the page at ``url``."""
    return f"The chair said “{quote}” ([The Test Courier]({url})).\n"

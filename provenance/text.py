"""Extract the main text (and the fuller page text) from a snapshot with trafilatura."""

from __future__ import annotations

import trafilatura

from .document import decode_text
from .model import PageText, Snapshot

EXTRACTOR = "trafilatura-1"  # bump when extraction changes: cached text is keyed by it


def extract_text(snapshot: Snapshot) -> PageText:
    """Main text, full page text and metadata; ``problem`` says why the text is unusable."""
    if snapshot.status >= 400:
        return PageText("", "", problem=f"HTTP {snapshot.status}")
    html = decode_text(snapshot.body, snapshot.url)
    main = trafilatura.extract(html, url=snapshot.final_url, include_comments=False,
                               include_tables=True, favor_precision=False, deduplicate=False,
                               output_format="txt") or ""
    full = trafilatura.html2txt(html) or main
    meta = trafilatura.extract_metadata(html, default_url=snapshot.final_url)
    if not main.strip():
        return PageText("", full, problem="no main text found on the page")
    return PageText(main, full, title=meta.title if meta else None)

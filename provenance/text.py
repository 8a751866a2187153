"""Extract the main text (and the fuller page text) from a snapshot with trafilatura."""

from __future__ import annotations

from .model import PageText, Snapshot

EXTRACTOR = "trafilatura-1"  # bump when extraction changes: cached text is keyed by it


def extract_text(snapshot: Snapshot) -> PageText:
    """Main text, full page text and metadata; ``problem`` says why the text is unusable."""
    raise NotImplementedError

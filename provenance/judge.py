"""Turn an alignment into a verdict with a one-line reason."""

from __future__ import annotations

from .model import Match, Quote, Source, Verdict
from .settings import Settings


def judge(quote: Quote, source: Source, match: Match | None, settings: Settings) -> Verdict:
    """found only when the normalised words are identical; any word difference is altered."""
    raise NotImplementedError

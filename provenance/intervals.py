"""Spans sorted once and asked, by one bisection, whether any of them overlaps a stretch or
holds a position: a long document has tens of thousands of quotations, passages and
citations, and thousands of headings, so asking each span in turn took seconds."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from provenance.model import Span

__all__ = ["Intervals"]


class Intervals:
    """Spans (which may nest, overlap or be empty), sorted by start."""

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in ordered]
        # reach[k]: the furthest end among the first k+1 spans (spans may nest or overlap)
        self.reach: list[int] = []
        far = -1
        for s in ordered:
            far = max(far, s.end)
            self.reach.append(far)

    def overlap(self, start: int, end: int) -> bool:
        """Whether a span has ``s.start < end and start < s.end``."""
        k = bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start

    def touch(self, start: int, end: int) -> bool:
        """Whether a span has ``s.start <= end and start <= s.end``."""
        k = bisect_right(self.starts, end)
        return k > 0 and self.reach[k - 1] >= start

    def holds(self, at: int) -> bool:
        """Whether a span has ``s.start <= at < s.end``."""
        return self.overlap(at, at + 1)

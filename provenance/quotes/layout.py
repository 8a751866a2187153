"""Where paragraphs, sentences and lines fall in a text: the frame quotes and citations share."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from provenance.model import Span

# A blank line, or one holding only block-quote markers (">" in Markdown and e-mail), which
# is how a quoted passage separates its paragraphs.
_BLANK = re.compile(r"\n[ \t\u00a0]*(?:>[ \t\u00a0>]*)?\n")
_WRAP_MAX = 100  # chars: lines no longer than this, in bulk, mean the text is hard-wrapped
_WRAP_MIN_MEDIAN = 40


@dataclass(frozen=True, slots=True)
class Layout:
    """Paragraph spans (trimmed, in order) and line starts of one text."""

    text: str
    paragraphs: tuple[Span, ...]
    line_starts: tuple[int, ...]
    paragraph_starts: tuple[int, ...] = ()
    positions: tuple[tuple[int, int, int], ...] = ()  # HTML: text offset -> file line, column

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset``: in the file itself when the text was
        extracted from HTML (the nearest run start before it, plus the distance from it)."""
        if self.positions:
            k = bisect.bisect_right(self.positions, (offset, 1 << 62, 0)) - 1
            if k >= 0:
                start, line, column = self.positions[k]
                return line, column + offset - start
        i = bisect.bisect_right(self.line_starts, offset) - 1
        return i + 1, offset - self.line_starts[i] + 1

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding ``offset`` (the nearest one before it otherwise)."""
        return max(0, bisect.bisect_right(self.paragraph_starts, offset) - 1)


def layout(text: str, soft_newlines: bool | None = None,
           positions: tuple[tuple[int, int, int], ...] = ()) -> Layout:
    """Split ``text`` into paragraphs in one pass.

    A blank line always ends a paragraph. A single newline ends one too, unless the text is
    hard-wrapped (most lines short and of similar length, as in e-mail or Markdown source),
    where it is only a line break inside a paragraph. ``soft_newlines`` decides it instead
    (Markdown: a paragraph ends only at a blank line).
    """
    line_starts = [0]
    line_starts.extend(m.end() for m in re.finditer("\n", text))
    wrapped = _is_wrapped(text) if soft_newlines is None else soft_newlines
    splitter = _BLANK if wrapped else re.compile(r"\n")
    paragraphs: list[Span] = []
    pos = 0
    for m in splitter.finditer(text):
        _add(text, pos, m.start(), paragraphs)
        pos = m.end()
    _add(text, pos, len(text), paragraphs)
    return Layout(text, tuple(paragraphs), tuple(line_starts),
                  tuple(p.start for p in paragraphs), positions)


def _add(text: str, start: int, end: int, out: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Span(start, end))


def _is_wrapped(text: str) -> bool:
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 5:
        return False
    median = lengths[len(lengths) // 2]
    p90 = lengths[(len(lengths) * 9) // 10]
    return p90 <= _WRAP_MAX and median >= _WRAP_MIN_MEDIAN

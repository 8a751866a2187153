"""Page text folded the way a browser searches it for a text fragment: white space runs made
one space and case folded, with a map from each folded char back to the original text.

Folded pages are kept per process (``FOLD_BUDGET``): every verdict on a page, every report
format and every document of a batch citing the page reuses its folding, and the text
directives already built on it (``Folded.directives``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["FOLD_BUDGET", "Folded", "Runs", "clear_folded", "fold", "fold_ascii", "fold_char",
           "fold_words"]


@dataclass(frozen=True, slots=True)
class Folded:
    """Text with white space collapsed and case folded, mapping back to the original."""

    text: str
    origin: Sequence[int]  # original index of each folded char, plus one past the end
    blocks: tuple[int, ...]  # folded index where each block (paragraph) starts
    # The text directives built on this text, by what they were asked for (``fragments``):
    # a page's passage quoted again, in another report format or another document of a
    # batch, is not searched for again. It lives and goes with the folding.
    directives: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


_RUN = re.compile(r"\S+")
# Folded pages kept per process, counted in characters, not pages: every verdict on a page
# (and every report format) reuses its page's folding, whether the report cites 2 pages or
# 200, and a batch of documents citing the same pages folds each once. A folded char costs
# about 9 bytes for a page with other than ASCII chars (its char, and its origin as a
# machine integer), about one for an ASCII page (whose origin is kept as runs).
FOLD_BUDGET = 16_000_000  # chars
_folded: OrderedDict[str, Folded] = OrderedDict()
_folded_chars = 0
_fold_lock = threading.Lock()


def fold(text: str) -> Folded:
    """``text`` folded, once per process while it stays within FOLD_BUDGET."""
    global _folded_chars
    with _fold_lock:
        got = _folded.get(text)
        if got is not None:
            _folded.move_to_end(text)
            return got
    got = _fold_text(text)
    with _fold_lock:
        if text not in _folded and len(text) <= FOLD_BUDGET:
            _folded[text] = got
            _folded_chars += len(text)
            while _folded_chars > FOLD_BUDGET:
                old, _ = _folded.popitem(last=False)
                _folded_chars -= len(old)
    return got


def clear_folded() -> None:
    """Forget every folded page (benchmarks measure a cold start with it)."""
    global _folded_chars
    with _fold_lock:
        _folded.clear()
        _folded_chars = 0


def _fold_text(text: str) -> Folded:
    if text.isascii():
        return fold_ascii(text)
    return fold_words(text)


# A run of two or more white space chars, or a lone line break: where the folded text's map
# back to the original jumps, or a block begins.
_GAPS = re.compile(r"\s{2,}|[\n\r]")


class Runs(Sequence[int]):
    """The original index of each folded char, plus one past the end, kept as the runs in
    which both advance together: a few per paragraph, where a machine integer per char took
    eight times the page's own size in memory, and most of the time of folding it."""

    __slots__ = ("_end", "_folded", "_length", "_original")

    def __init__(self, folded: list[int], original: list[int], length: int, end: int) -> None:
        self._folded = folded  # folded index where each run begins, rising
        self._original = original  # the original index it stands for
        self._length = length
        self._end = end

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i: int) -> int:  # type: ignore[override]  # (no slices asked)
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        if i == self._length - 1:
            return self._end
        k = bisect_right(self._folded, i) - 1
        return self._original[k] + i - self._folded[k]

    def first_at(self, x: int) -> int:
        """The first folded index whose original index is ``x`` or more (the folded length
        when none is): ``bisect_left`` over the chars, in one bisection over the runs."""
        n = self._length - 1
        k = bisect_right(self._original, x) - 1
        if k < 0:
            return 0
        i = self._folded[k] + x - self._original[k]
        # Past its run, ``x`` is a dropped white space char: the next run begins after it.
        limit = self._folded[k + 1] if k + 1 < len(self._folded) else n
        return min(i, n) if i < limit else limit


def fold_ascii(text: str) -> Folded:
    """``fold_words`` for an ASCII text, with its map back kept as runs: the text is
    lower-cased and its white space runs made one space by C loops, and only the runs
    longer than one char and the line breaks are looked at one by one."""
    start = len(text) - len(text.lstrip())
    body = text[start:len(text.rstrip())]
    folded_at, original_at, blocks = [0], [start], [0]
    dropped = 0  # white space chars left out before here
    for m in _GAPS.finditer(body):
        space = m.start() - dropped  # the folded index of the gap's one space
        gap = m.end() - m.start()
        if gap > 1:
            folded_at.append(space)
            original_at.append(start + m.end() - 1)  # (the gap's last char stands for it)
            dropped += gap - 1
        if "\n" in m.group() or "\r" in m.group():
            blocks.append(space + 1)
    folded = " ".join(body.split()).lower()
    return Folded(folded, Runs(folded_at, original_at, len(folded) + 1, len(text)),
                   tuple(blocks))


def fold_words(text: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    blocks = [0]
    length = 0
    prev_end = 0
    for m in _RUN.finditer(text):
        start, end = m.span()
        if length:  # white space between two words: one space; a line break starts a block
            gap = text[prev_end:start]
            if "\n" in gap or "\r" in gap or "\u2028" in gap or "\u2029" in gap:
                blocks.append(length + 1)
            out.append(" ")
            origin.append(start - 1)
            length += 1
        word = m.group()
        if word.isascii():  # the common case, folded in one step
            out.append(word.lower())
            origin.extend(range(start, end))
            length += end - start
        else:
            for i, ch in enumerate(word, start):
                folded = fold_char(ch)
                out.append(folded)
                origin.extend([i] * len(folded))
                length += len(folded)
        prev_end = end
    origin.append(len(text))
    # A machine-integer array: a fifth of the memory of a tuple of int objects.
    return Folded("".join(out), array("q", origin), tuple(blocks))


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    # Case-insensitive as browsers are; compatibility forms (ligatures, NBSP-like) folded too.
    return unicodedata.normalize("NFKC", ch).casefold() or ch


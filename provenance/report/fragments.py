"""URL text fragments (``#:~:text=``) that open a page at a passage.

Built to the WICG "URL Fragment Text Directives" draft, the way browsers search for them:

- a directive is ``[prefix-,]start[,end][,-suffix]``; each term is percent-encoded, and the
  characters that are syntax there (``-``, ``,``, ``&``) are always encoded;
- the browser matches case-insensitively, only on whole words (a term cannot start or end
  inside a word), against the rendered text, where runs of white space are one space: a term
  holding two spaces or a newline never matches, so terms are written with single spaces;
- a lone ``start`` must lie inside one block (paragraph); a passage that crosses paragraphs
  is written as ``start,end`` with each term inside its own paragraph;
- the browser scrolls to the FIRST range that matches, so context words (prefix, suffix) and
  longer terms are added until the passage we mean is the first match in the page text.

:func:`find_fragment` is that search, written over plain text, so the builder can check
itself and tests can check the builder; the browser tests check it against Chromium.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from provenance.model import Span
from provenance.report import folding
from provenance.report.folding import Folded, Runs, fold, fold_char

__all__ = ["TextDirective", "clear_folded", "find_fragment", "fragment_url", "text_directive",
           "with_fragment"]

EXACT_MAX = 300  # chars: longer passages are written as start,end (Chromium's generator does too)
RANGE_WORDS = 4  # words in each of start and end to begin with
MAX_CONTEXT = 8  # most prefix/suffix words tried before giving up on uniqueness
MEMO_MAX = 4096  # directives kept per folded text (a page's quoted passages)

_WORD = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class TextDirective:
    start: str
    end: str | None = None
    prefix: str | None = None
    suffix: str | None = None

    def encode(self) -> str:
        """The directive as it goes after ``:~:text=``."""
        return _encoded(self)


@lru_cache(maxsize=8192)  # a verdict's links name its directive two or three times
def _encoded(d: TextDirective) -> str:
    parts = []
    if d.prefix:
        parts.append(_encode(d.prefix) + "-")
    parts.append(_encode(d.start))
    if d.end:
        parts.append(_encode(d.end))
    if d.suffix:
        parts.append("-" + _encode(d.suffix))
    return ",".join(parts)


def clear_folded() -> None:
    """Forget every folded page and every directive built or encoded (benchmarks measure a
    cold start with it)."""
    folding.clear_folded()
    _encoded.cache_clear()


def _encode(term: str) -> str:
    # quote() never encodes "-", but in a directive a leading or trailing "-" marks context.
    return quote(term, safe="").replace("-", "%2D")


def fragment_url(url: str, directive: TextDirective | None) -> str:
    """``url`` with the text directive appended (keeping any fragment it already has)."""
    return with_fragment(url, directive.encode() if directive is not None else None)


def with_fragment(url: str, encoded: str | None) -> str:
    """``url`` with a directive already encoded (``TextDirective.encode``) appended."""
    if encoded is None:
        return url
    base, _, frag = url.partition("#")
    frag = frag.split(":~:", 1)[0]  # replace, never stack, an existing directive
    return f"{base}#{frag}:~:text={encoded}"


# --- the browser's search, over plain text ---------------------------------------------------


def _term(text: str) -> str:
    return " ".join(text.split())


def _is_word(ch: str) -> bool:
    return bool(_WORD.match(ch))


def _bounded(folded: str, start: int, end: int) -> bool:
    """True when [start, end) starts and ends on word boundaries."""
    if start > 0 and _is_word(folded[start - 1]) and _is_word(folded[start]):
        return False
    return not (end < len(folded) and _is_word(folded[end - 1]) and _is_word(folded[end]))


def _block_of(f: Folded, pos: int) -> int:
    return bisect_right(f.blocks, pos) - 1


def _find(f: Folded, term: str, at: int, same_block: bool = True) -> int:
    """First word-bounded occurrence of ``term`` at or after ``at``; -1 when none."""
    needle = "".join(fold_char(c) for c in _term(term))
    pos = f.text.find(needle, at)
    while pos >= 0:
        end = pos + len(needle)
        if _bounded(f.text, pos, end) and (
            not same_block or _block_of(f, pos) == _block_of(f, max(pos, end - 1))
        ):
            return pos
        pos = f.text.find(needle, pos + 1)
    return -1


def _skip_space(f: Folded, pos: int) -> int:
    return pos + 1 if pos < len(f.text) and f.text[pos] == " " else pos


def _length(term: str) -> int:
    return len("".join(fold_char(c) for c in _term(term)))


def find_fragment(text: str, directive: TextDirective) -> Span | None:
    """Where a browser would land for ``directive`` in ``text``: the first matching range,
    as a span of ``text``; None when nothing matches."""
    return _find_range(fold(text), directive)


def _find_range(f: Folded, d: TextDirective) -> Span | None:
    at = 0
    while at <= len(f.text):
        if d.prefix:
            p = _find(f, d.prefix, at)
            if p < 0:
                return None
            start = _skip_space(f, p + _length(d.prefix))
            at = p + 1
            if f.text.startswith(_needle(d.start), start) and _bounded(
                f.text, start, start + _length(d.start)
            ):
                found = _finish(f, d, start)
                if found:
                    return found
            continue
        start = _find(f, d.start, at, same_block=d.end is None)
        if start < 0:
            return None
        found = _finish(f, d, start)
        if found:
            return found
        at = start + 1
    return None


def _needle(term: str) -> str:
    return "".join(fold_char(c) for c in _term(term))


def _finish(f: Folded, d: TextDirective, start: int) -> Span | None:
    start_end = start + _length(d.start)
    if d.end is None:
        end = start_end
    else:
        end_at = _find(f, d.end, start_end)
        if end_at < 0:
            return None
        end = end_at + _length(d.end)
    if d.suffix:
        after = _skip_space(f, end)
        needle = _needle(d.suffix)
        if not (f.text.startswith(needle, after) and _bounded(f.text, after, after + len(needle))):
            return None
    return Span(f.origin[start], f.origin[end - 1] + 1)


# --- building ----------------------------------------------------------------------------------


def text_directive(text: str, span: Span, page: str | None = None) -> TextDirective | None:
    """A directive that brings ``span`` of ``text`` (the source's own words) into view.

    ``page`` is the whole page's readable text when ``text`` is only part of it (the
    article body): the directive must then be the first match in the whole page. Returns
    None when the passage has no words to search for."""
    passage = span.slice(text)
    if not _WORD.search(passage):
        return None
    whole = page if page is not None and page != text else None
    memo = fold(text).directives  # the same passage asked for again: built once
    key = (span.start, span.end, whole)
    if key not in memo:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = _build(text, span, whole)
    return memo[key]


def _build(text: str, span: Span, page: str | None) -> TextDirective | None:
    if page is not None:
        where = _locate(page, text, span)
        if where is not None:
            text, span = page, where
    f = fold(text)
    lo, hi = _inner(f, span)
    if lo >= hi:
        return None
    candidates = _candidates(f, text, lo, hi)  # lazily: most passages take the first
    best: TextDirective | None = None
    for d in candidates:
        got = _find_range(f, d)
        if got is not None and _same(f, got, lo, hi):
            return d
        best = best or d
    return best


def _first_at(f: Folded, x: int) -> int:
    """The first folded index whose original index is ``x`` or more."""
    if isinstance(f.origin, Runs):
        return f.origin.first_at(x)
    return bisect_left(f.origin, x, 0, len(f.text))


def _inner(f: Folded, span: Span) -> tuple[int, int]:
    """The folded range of ``span`` trimmed to whole words at both ends."""
    # origin is non-decreasing: the first folded char at or after span.start, and so on.
    lo = min(_first_at(f, span.start), len(f.text))
    hi = max(lo, min(_first_at(f, span.end), len(f.text)))
    # Widen to word boundaries: a term may not begin or end inside a word.
    while lo > 0 and lo < len(f.text) and _is_word(f.text[lo - 1]) and _is_word(f.text[lo]):
        lo -= 1
    while 0 < hi < len(f.text) and _is_word(f.text[hi - 1]) and _is_word(f.text[hi]):
        hi += 1
    while lo < hi and f.text[lo] == " ":
        lo += 1
    while hi > lo and f.text[hi - 1] == " ":
        hi -= 1
    return lo, hi


def _same(f: Folded, got: Span, lo: int, hi: int) -> bool:
    return got.start == f.origin[lo] and got.end == f.origin[hi - 1] + 1


def _original(f: Folded, text: str, lo: int, hi: int) -> str:
    """The words of the folded range [lo, hi) as the page writes them, single-spaced."""
    return _term(text[f.origin[lo] : f.origin[hi - 1] + 1])


def _words(f: Folded, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of each space-separated word of the folded range [lo, hi)."""
    out, at = [], lo
    for m in re.finditer(r"[^ ]+", f.text[lo:hi]):
        out.append((at + m.start(), at + m.end()))
    return out


def _block_words(f: Folded, lo: int, hi: int) -> list[list[tuple[int, int]]]:
    blocks: dict[int, list[tuple[int, int]]] = {}
    for w in _words(f, lo, hi):
        blocks.setdefault(_block_of(f, w[0]), []).append(w)
    return list(blocks.values())


def _context(f: Folded, text: str, lo: int, hi: int, n: int) -> tuple[str | None, str | None]:
    """Up to ``n`` words just before ``lo`` and just after ``hi``, inside their blocks."""
    block = _block_of(f, lo)
    b_lo = f.blocks[block]
    before = _words(f, b_lo, lo)[-n:] if n else []
    last = _block_of(f, max(lo, hi - 1))
    b_hi = f.blocks[last + 1] - 1 if last + 1 < len(f.blocks) else len(f.text)
    after = _words(f, hi, b_hi)[:n] if n else []
    prefix = _original(f, text, before[0][0], before[-1][1]) if before else None
    suffix = _original(f, text, after[0][0], after[-1][1]) if after else None
    return prefix, suffix


def _candidates(f: Folded, text: str, lo: int, hi: int) -> Iterator[TextDirective]:
    """Directives from plainest to most specific: exact, then start,end, each with growing
    context. Terms carry the page's own characters; the browser folds case itself."""
    blocks = _block_words(f, lo, hi)
    if len(blocks) == 1 and hi - lo <= EXACT_MAX:
        exact = _original(f, text, lo, hi)
        for n in range(MAX_CONTEXT + 1):
            prefix, suffix = _context(f, text, lo, hi, n)
            yield TextDirective(exact, prefix=prefix, suffix=suffix)
    first, last = blocks[0], blocks[-1]
    for words in (RANGE_WORDS, 2 * RANGE_WORDS, _fitting(first), _fitting(last)):
        head = first[:words]
        tail = last[-words:]
        if len(blocks) == 1 and head[-1][1] >= tail[0][0]:
            continue  # start and end would overlap: the exact form covers this passage
        start = _original(f, text, head[0][0], head[-1][1])
        end = _original(f, text, tail[0][0], tail[-1][1])
        for n in range(MAX_CONTEXT + 1):
            prefix, suffix = _context(f, text, lo, hi, n)
            yield TextDirective(start, end, prefix, suffix)


def _fitting(words: list[tuple[int, int]]) -> int:
    """How many words (from either end) a term may hold and stay under EXACT_MAX chars."""
    n = 0
    while n < len(words) and words[min(n, len(words) - 1)][1] - words[0][0] <= EXACT_MAX:
        n += 1
    return max(n, 1)


def _locate(page: str, text: str, span: Span) -> Span | None:
    """The same passage in the whole page text: the occurrence whose preceding words agree
    best with those before it in ``text`` (the body is a part of the page)."""
    f, g = fold(page), fold(text)
    lo, hi = _inner(g, span)
    if lo >= hi:
        return None
    needle = g.text[lo:hi]
    before = g.text[max(0, lo - 80) : lo]
    after = g.text[hi : hi + 80]
    best, best_score = None, -1
    pos = f.text.find(needle)
    while pos >= 0:
        ctx = f.text[max(0, pos - len(before)) : pos]
        end = pos + len(needle)
        score = _common_suffix(ctx, before) + _common_prefix(f.text[end : end + len(after)],
                                                             after)
        if score > best_score:
            best, best_score = pos, score
        pos = f.text.find(needle, pos + 1)
    if best is None:
        return None
    return Span(f.origin[best], f.origin[best + len(needle) - 1] + 1)


def _common_prefix(a: str, b: str) -> int:
    # By bisection over slices compared in C: a char-by-char loop for each quote's 80
    # chars of context on either side was a tenth of a large report's time.
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo

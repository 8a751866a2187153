"""The shortcut for a plain quote whose words differ only in one short stretch.

When the quote's longest verbatim head and tail each stand once in the page, in order and
close together, the passage is there: only the stretch between them is aligned, not the
candidate regions of a full search.
"""

from __future__ import annotations

from collections.abc import Callable

from provenance.match.align import Op, align, to_match, traceback
from provenance.match.edits import words_differing
from provenance.match.index import ANCHOR_WORDS, Page, once, where
from provenance.match.items import QuoteWord
from provenance.model import Match

__all__ = ["anchored_match"]

_ANCHOR_MIN_WORDS = 6  # shorter quotes have too few words to anchor on
_CORE_MAX = 12  # quote words between the verbatim head and tail, at most
_CORE_SLACK = 8  # source words between them beyond the quote's, at most
_CONTEXT = 2  # head and tail words aligned again beside the differing stretch
_SLACK = 2  # source words the small alignment reaches beyond the context words


def anchored_match(qwords: list[QuoteWord], page: Page) -> Match | None:
    """A plain quote whose words differ only in a short stretch, aligned without a search.

    When the quote's longest verbatim head and tail each stand once in the page, in order
    and close together, the passage is there, and only the words between them (with a few
    of the head's and tail's on either side, so that ties are settled as in a full
    alignment) need aligning. None when the shortcut does not apply: the caller searches.
    """
    m = len(qwords)
    if m < _ANCHOR_MIN_WORDS:
        return None
    joined = page.joined
    qkeys = [q.key for q in qwords]
    qj = " " + " ".join(qkeys) + " "
    bounds = [0]  # bounds[i]: the space before quote word i in qj (the last one for i = m)
    for key in qkeys:
        bounds.append(bounds[-1] + len(key) + 1)
    # A head or tail of a word or two is no anchor: such words stand in many places.
    k = ANCHOR_WORDS

    def head_in(n: int) -> bool:
        return joined.find(qj[:bounds[n] + 1]) >= 0

    def tail_in(n: int) -> bool:
        return joined.find(qj[bounds[m - n]:]) >= 0

    keys = page.words.keys
    n = len(keys)
    # A head of k words that stands once is where any longer head stands: it is extended
    # word by word there. One that stands in several places needs the longest head found by
    # searching, and that one must stand once. Likewise for the tail.
    a = b = 0
    head = tail = None
    first, count = where(qkeys[:k], page)
    if count == 1:
        a, head = k, first
        while a < m - 1 and first + a < n and keys[first + a] == qkeys[a]:
            a += 1
    elif count > 1:
        a = _longest(head_in, k, m - 1)
        head = once(qkeys[:a], page)
        if head is None:
            return None
    if m - a >= k:
        first, count = where(qkeys[m - k:], page)
        if count == 1:
            b, tail = k, first
            while b < m - a and tail > 0 and keys[tail - 1] == qkeys[m - b - 1]:
                b, tail = b + 1, tail - 1
        elif count > 1:
            b = _longest(tail_in, k, m - a)
            tail = once(qkeys[m - b:], page)
            if tail is None:
                return None
    if a + b < max(3, m // 2) or m - a - b > _CORE_MAX:
        return None
    if head is not None and tail is not None:
        between = tail - (head + a)
        if between < 0 or between > m - a - b + _CORE_SLACK:
            return None
    left, right = min(_CONTEXT, a), min(_CONTEXT, b)
    # The region reaches a few words past the context, so the alignment is free to place
    # the context words elsewhere; when it does, the shortcut does not apply.
    # (a + b >= 3, so at least one of head and tail is there.)
    start = head + a - left if head is not None else (tail or 0) - (m - b)
    stop = tail + right if tail is not None else (head or 0) + m
    lo, hi = max(0, start - _SLACK), min(n, stop + _SLACK)
    core = tuple(qwords[a - left:m - b + right])
    table = align(core, page, lo, hi)
    if table is None:
        return None
    ops = traceback(core, table)
    # The anchors' context words must pair where the anchors stand; else ask the search.
    if head is not None and any(ops[t] != Op("pair", t, head + a - left + t - lo)
                                for t in range(left)):
        return None
    last = len(core) - right
    if tail is not None and any(ops[len(ops) - right + t] != Op("pair", last + t, tail + t - lo)
                                for t in range(right)):
        return None
    base = head if head is not None else lo
    shift = a - left
    full = [Op("pair", i, i) for i in range(shift)]
    full += [Op(op.kind, op.qi + shift if op.qi >= 0 else -1,
                 op.sj + lo - base if op.sj >= 0 else -1, op.gap) for op in ops]
    if tail is not None:
        full += [Op("pair", m - b + t, tail + t - base) for t in range(right, b)]
    got = to_match(tuple(qwords), full, page, base)
    # Unique anchors do not prove that no other passage is closer: on a page of repeated
    # words one can be (a property test found such a page). One differing word cannot be
    # beaten by a quote that is not verbatim, so only that answer skips the search.
    return got if words_differing(got.edits) <= 1 else None


def _longest(occurs: Callable[[int], bool], least: int, most: int) -> int:
    """The largest n in least..most with occurs(n), for an occurs that holds at least and
    fails from some n on."""
    lo, hi = least, most
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if occurs(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo

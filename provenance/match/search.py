"""Align a quotation with a source text: normalisation, search, word-level edits.

The quote and the source are compared as word keys (see ``normalize``). An exact run of the
quote's keys in the source is found with one substring search; otherwise candidate regions
are located by voting on the positions of the quote's words, and the quote is aligned with
each region word by word (a semi-global edit distance: the source may start and end
anywhere, ellipses skip source words for free, a [bracketed] insertion may stand for a few
source words). The best alignment becomes a ``Match`` whose span and text are the source's
own characters, with every word-level difference classified in ``edits``.

Two shortcuts skip the search when the passage's place is certain: a quote whose verbatim
head and tail each stand once in the page, close together, is aligned only between them
(``_anchored``); a quote with ellipses or brackets whose runs of words each stand verbatim
once, in order, is paired run by run (``_pieced``). On the benchmark's 6,157 cases both
give the matches the full search gives.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz

from provenance.match.edits import (
    Block,
    QWord,
    SWord,
    classify,
    is_negation,
    is_number,
    words_differing,
)
from provenance.match.joins import Chain, chains, joined
from provenance.model import Edit, EditKind, Match, PageText, Quote, Severity, Span
from provenance.words import ellipsis
from provenance.words.normalize import Words, cut, keys, normalize, skeleton, words

__all__ = ["best_match", "match_in", "normalize", "prepare", "verbatim"]

log = logging.getLogger(__name__)

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_SIC = re.compile(r"^\s*sic\.?!?\s*$", re.IGNORECASE)

ELLIPSIS_MAX_GAP = 400  # source words an ellipsis may leave out (the search reaches this far)
BRACKET_MAX_WORDS = 8  # source words one [bracketed] insertion may stand for
_COMMON = 0.02  # a word on more than this share of the page is too common to seed a search
_CANDIDATES = 3  # regions aligned in full per search
_SEEDS = 12  # the rarest quote words whose positions locate the candidate regions
_WEAKER = 0.5  # a region with under this share of the best region's votes is not aligned
# A region where under this share of the quote's words occur at all is aligned only if it is
# the best voted. Kept below Settings.altered_min_shared, so no altered passage is lost.
_HOPELESS = 0.4
# The shortcut for a quote whose words differ in one short stretch (see _anchored).
_ANCHOR_MIN_WORDS = 6  # shorter quotes have too few words to anchor on
_CORE_MAX = 12  # quote words between the verbatim head and tail, at most
_CORE_SLACK = 8  # source words between them beyond the quote's, at most
_CONTEXT = 2  # head and tail words aligned again beside the differing stretch
_ANCHOR_WORDS = 3  # words a verbatim head or tail needs to anchor the passage
_SLACK = 2  # source words the small alignment reaches beyond the context words
# A quote word in this few places is rare enough to look no further for a rarer one; in
# more than _MANY, searching the page's text is cheaper than checking each place.
_FEW, _MANY = 4, 64
_CLOSE = 90.0  # a body passage this close is not searched for again in the whole page

# Costs of the alignment (tenths of a word). A matching word earns a little, so that of two
# alignments with the same differences the one that accounts for more words wins. A word the
# source has and the quote lacks costs less than a changed word, so that a dropped word is
# reported as dropped rather than as its neighbour changed. A word only the quote has costs
# more than a changed word, so that at the quote's ends a word with a counterpart in the
# source is reported as changed, not added. An accent-only difference costs half a changed
# word, so accented pairs line up.
_SAME, _ACCENT, _SUB, _ADD, _DROP = -1, 5, 10, 11, 8


# Named tuples, not frozen dataclasses: a quote has dozens of words and a frozen
# dataclass costs about a microsecond each to build, a sizeable share of a fast match.
class _QWord(NamedTuple):
    key: str
    text: str  # the quote's own characters for this word


class _Gap(NamedTuple):
    kind: str  # "ellipsis" | "bracket"
    text: str = ""  # the bracketed words, for a bracket


_Item = _QWord | _Gap


def _quote_items(quote: Quote, words_of: Callable[[str], list] | None = None
                 ) -> tuple[_Item, ...]:
    """The quote as words and gaps, in order. With ``words_of=_run_of`` each stretch of
    words between gaps is one item, the list of their keys: enough for the search of
    verbatim runs, and cheaper (see _pieces)."""
    words_of = words_of or _words_of
    items: list[_Item] = []
    for n, part in enumerate(quote.parts):
        if n:
            items.append(_Gap("ellipsis"))
        for m, piece in enumerate(ellipsis.split(part)):
            if m:
                items.append(_Gap("ellipsis"))
            items.extend(_piece_items(piece, words_of))
    if all(isinstance(i, _Gap) for i in items):
        # Nothing but brackets: they are the quote's own (a title in brackets), not insertions.
        items = [w for part in quote.parts for w in words_of(part)]
    while items and isinstance(items[-1], _Gap) and items[-1].kind == "ellipsis":
        items.pop()
    while items and isinstance(items[0], _Gap) and items[0].kind == "ellipsis":
        items.pop(0)
    return tuple(items)


def _piece_items(piece: str, words_of: Callable[[str], list]) -> list[_Item]:
    if "[" not in piece:
        return list(words_of(piece))
    items: list[_Item] = []
    pos = 0
    for m in _BRACKET.finditer(piece):
        glued = (m.start() > 0 and piece[m.start() - 1].isalnum()) or (
            m.end() < len(piece) and piece[m.end()].isalnum())
        if glued:  # "[t]he", "Boric[s]": an editorial letter change inside a word, keep it
            continue
        items.extend(words_of(piece[pos:m.start()]))
        if not _SIC.match(m.group(1)):
            items.append(_Gap("bracket", m.group(1).strip()))
        pos = m.end()
    items.extend(words_of(piece[pos:]))
    return items


def _run_of(text: str) -> list[list[str]]:
    """``_words_of`` without the quote's characters, as one item: the run of their keys
    (nothing when there are none). Cheaper than an item a word, for the search of verbatim
    runs (see _pieces)."""
    run = keys(text.replace("[", "").replace("]", ""))
    return [run] if run else []


def _words_of(text: str) -> list[_QWord]:
    text = text.replace("[", "").replace("]", "")
    w = words(text)
    return list(map(_QWord, w.keys, map(text.__getitem__, map(slice, w.starts, w.ends))))


@dataclass(frozen=True, slots=True)
class _Page:
    """A searched text prepared once: its words, their joined keys and a position index."""

    words: Words
    joined: str  # " " + keys joined by " " + " "
    offsets: tuple[int, ...]  # where each key starts in joined
    positions: dict[str, list[int]]
    key_ids: dict[str, int]  # key -> id (ids follow ``positions``' order)
    ids: np.ndarray  # per word, the id of its key
    skeletons: dict[str, int]  # accent-free key -> id
    skeleton_ids: np.ndarray  # per word, the id of its accent-free key


@lru_cache(maxsize=128)
def _page(text: str) -> _Page:
    w = cut(text)
    offsets: list[int] = []
    pos = 1
    for k in w.keys:
        offsets.append(pos)
        pos += len(k) + 1
    positions: dict[str, list[int]] = defaultdict(list)
    for i, k in enumerate(w.keys):
        positions[k].append(i)
    key_ids = {k: n for n, k in enumerate(positions)}
    skeletons: dict[str, int] = {}
    skel_of_id = [skeletons.setdefault(skeleton(k), len(skeletons)) for k in positions]
    ids = np.fromiter((key_ids[k] for k in w.keys), dtype=np.int64, count=len(w.keys))
    skel_ids = np.asarray(skel_of_id, dtype=np.int64)[ids] if len(ids) else ids
    return _Page(w, " " + " ".join(w.keys) + " ", tuple(offsets), dict(positions), key_ids,
                 ids, skeletons, skel_ids)


@lru_cache(maxsize=128)
def _chains(text: str) -> tuple[Chain, ...]:
    """The page's quoted passages chained across attributions (see joins), made only when a
    quote is not found in a row: most pages never need them."""
    return chains(_page(text).words)


def prepare(text: str) -> None:
    """Cut and index ``text`` now (it is cached): later searches in it skip that cost."""
    _page(text)


def best_match(quote: Quote, text: PageText) -> Match | None:
    """Where ``quote`` best aligns in ``text.main`` (else ``text.full``); None when nowhere.

    A match found only in the fuller page text carries ``outside_body=True``.
    """
    if len(quote.parts) == 1 and _plain(quote.parts[0]):
        # Most quotes are verbatim: one substring search on the keys answers them without
        # building the quote's items. A plain quote not verbatim in the body has word
        # differences there, so the whole page holding it verbatim settles it as well.
        exact = _verbatim(keys(quote.parts[0]), text)
        if exact is not None:
            return exact
    elif text.main:
        # A quote with ellipses or brackets whose runs of words each stand verbatim once in
        # the body, in order: paired run by run from the keys alone (see _pieced), as the
        # search below would do first.
        page = _page(text.main)
        pieced = _pieced(_pieces(_quote_items(quote, _run_of)), page)
        if pieced is not None and not _word_edits(pieced):
            return pieced
        if pieced is None:
            # The body may hold the quote's words in a row, ellipsis and all: a quote copied
            # with the page's own "…", or brackets round the page's own words. Then nothing
            # is left out, and one substring search saves the alignment.
            exact = _exact(_all_keys(quote), page)
            if exact is not None:
                return exact
    items = _quote_items(quote)
    if not any(isinstance(i, _QWord) for i in items):
        return None
    main = match_in(items, text.main) if text.main else None
    if main is not None and not _word_edits(main):
        return main
    if text.main and len(quote.parts) == 1 and _plain(quote.parts[0]):
        # Two of the page's quoted passages run together, its attribution left out.
        across = joined(keys(quote.parts[0]), _page(text.main).words, _chains(text.main))
        if across is not None:
            return across
    if text.full and text.full != text.main:
        # A close passage in the body stands unless the page holds the quote verbatim
        # elsewhere; only a poor one is worth a full alignment with the rest of the page.
        close = main is not None and main.score >= _CLOSE
        full = match_in(items, text.full, exact_only=close)
        if full is not None and (main is None or _better(full, main)):
            return Match(full.score, full.span, full.source_text, full.edits, full.elided,
                         outside_body=True)
    return main


def verbatim(quote: Quote, text: PageText) -> Match | None:
    """Where the quote's words stand in a row in ``text.main``, else in ``text.full`` (with
    ``outside_body``); None when nowhere. No alignment is tried: a cheap lookup for short
    words such as terms. Brackets are read as the quote's own words."""
    return _verbatim(_all_keys(quote), text)


def _all_keys(quote: Quote) -> list[str]:
    """The keys of all the quote's words in a row, brackets read as its own words."""
    return keys(" ".join(quote.parts).replace("[", "").replace("]", ""))


def _verbatim(qkeys: list[str], text: PageText) -> Match | None:
    exact = _exact(qkeys, _page(text.main)) if text.main else None
    if exact is None and text.full and text.full != text.main:
        exact = _exact(qkeys, _page(text.full))
        if exact is not None:
            return Match(exact.score, exact.span, exact.source_text, outside_body=True)
    return exact


def _plain(part: str) -> bool:
    """No ellipsis and no bracket: the quote's items are its words and nothing else."""
    return "[" not in part and "]" not in part and not ellipsis.may_elide(part)


def _better(a: Match, b: Match) -> bool:
    if not _word_edits(a) and _word_edits(b):
        return True
    return a.score > b.score + 1e-9


def _word_edits(m: Match) -> tuple[Edit, ...]:
    return tuple(e for e in m.edits if e.kind is not EditKind.BRACKETED)


def match_in(items: tuple[_Item, ...] | Quote, text: str,
             exact_only: bool = False) -> Match | None:
    """Best alignment of a quote (or its parsed items) within one text."""
    if isinstance(items, Quote):
        items = _quote_items(items)
    page = _page(text)
    if not page.words.keys:
        return None
    qwords = [i for i in items if isinstance(i, _QWord)]
    if not qwords:
        return None
    if len(qwords) == len(items):
        exact = _exact([q.key for q in qwords], page)
        if exact is not None:
            return exact
    if exact_only and len(qwords) == len(items):
        return None
    if len(qwords) == len(items):
        anchored = _anchored(qwords, page)
        if anchored is not None:
            return anchored
    else:
        pieced = _pieced(_pieces(items), page)
        if pieced is not None:
            return pieced
    return _search(items, qwords, page)


_Piece = list[str] | _Gap  # a run of word keys, or a gap


def _pieces(items: Sequence[object]) -> list[_Piece]:
    """The quote's items as runs of word keys and the gaps between them: the words of a
    run (_QWord, or lists of keys from _run_of) stand together, as no gap parts them."""
    out: list[_Piece] = []
    for item in items:
        if isinstance(item, _Gap):
            out.append(item)
            continue
        run = item if isinstance(item, list) else [item.key]  # type: ignore[attr-defined]
        if out and not isinstance(out[-1], _Gap):
            out[-1] = out[-1] + run
        else:
            out.append(run)
    return out


def _pieced(pieces: list[_Piece], page: _Page) -> Match | None:
    """A quote with ellipses or brackets whose every run of words stands verbatim, once, in
    order in the page, close enough for its gaps: the perfect alignment, without a search.

    Each run then pairs with its one place, an ellipsis skips what lies between, and a
    bracket stands for the words between (up to BRACKET_MAX_WORDS), or at the quote's ends
    for as many words as it has, as the full alignment's traceback takes them. None when the
    shortcut does not apply: the caller searches.
    """
    if len(pieces) < 2:  # no gap, or nothing but one
        return None
    between: list[_Gap] = []  # the gap after each run but the last
    for prev, piece in itertools.pairwise(pieces):
        if isinstance(prev, _Gap) and isinstance(piece, _Gap):  # two gaps in a row
            return None
        if isinstance(piece, _Gap) and not isinstance(prev, _Gap):
            between.append(piece)
    runs: list[list[str]] = [p for p in pieces if not isinstance(p, _Gap)]
    if not runs:
        return None
    first, last = pieces[0], pieces[-1]
    if isinstance(last, _Gap):
        between.pop()  # it follows the last run
    places = []
    for run in runs:
        # (A key the page lacks fails the search at once: no need to look it up first.)
        at = _once(run, page) if len(run) >= _ANCHOR_WORDS else None
        if at is None:
            return None
        places.append(at)
    lengths = [len(run) for run in runs]
    # The source words each gap covers, in order: (gap, first word, end word). A leading
    # bracket comes first; every other gap follows a run.
    gaps: list[tuple[_Gap, int, int]] = []
    if isinstance(first, _Gap):  # a bracket (ellipses at the ends are dropped)
        k = max(places[0] - len(words(first.text)), places[0] - BRACKET_MAX_WORDS, 0)
        gaps.append((first, k, places[0]))
    for gap, at, n, nxt in zip(between, places, lengths, places[1:], strict=False):
        room = ELLIPSIS_MAX_GAP if gap.kind == "ellipsis" else BRACKET_MAX_WORDS
        if not 0 <= nxt - (at + n) <= room:
            return None
        gaps.append((gap, at + n, nxt))
    if isinstance(last, _Gap):
        end_at = places[-1] + lengths[-1]  # page word after the last run
        stop = min(end_at + len(words(last.text)), end_at + BRACKET_MAX_WORDS, len(page.words))
        gaps.append((last, end_at, stop))
    return _pieced_match(lengths, places, gaps, isinstance(first, _Gap), page)


def _pieced_match(lengths: list[int], places: list[int],
                  gaps: list[tuple[_Gap, int, int]], leading: bool, page: _Page) -> Match:
    """The match ``_to_match`` gives for runs paired verbatim with gaps between them, built
    without going word by word: paired words add no edit, and the score is 100."""
    w = page.words
    text, starts, ends = w.text, w.starts, w.ends
    first = places[0]
    final = places[-1] + lengths[-1] - 1  # the last paired page word
    for _, a, b in gaps:
        if b > a:
            first, final = min(first, a), max(final, b - 1)
    span = Span(starts[first], ends[final])
    # Steps in order: a gap, or (an int) the last page word of a run.
    steps: list[tuple[_Gap, int, int] | int] = []
    g = 0
    if leading:
        steps.append(gaps[0])
        g = 1
    for n, at in zip(lengths, places, strict=True):
        steps.append(at + n - 1)
        if g < len(gaps):
            steps.append(gaps[g])
            g += 1
    edits: list[Edit] = []
    elided: list[str] = []
    blocks: list[Block] = []
    anchor = span.start  # where the source stands before the next gap
    for step in steps:
        if isinstance(step, int):
            anchor = ends[step]
            continue
        gap, a, b = step
        if gap.kind == "ellipsis":
            elided.append(text[starts[a]:ends[b - 1]] if b > a else "")
        else:
            sp = Span(starts[a], ends[b - 1]) if b > a else Span(anchor, anchor)
            edits.extend(_bracket_edits(gap, w, a, b, sp, blocks))
        if b > a:
            anchor = ends[b - 1]
    if blocks:
        edits.extend(classify(blocks))
    return Match(100.0, span, span.slice(text), tuple(edits), tuple(elided))


def _search(items: tuple[_Item, ...], qwords: list[_QWord], page: _Page) -> Match | None:
    """Align the quote with the best candidate regions of the page; the cheapest wins."""
    best: _Table | None = None
    perfect = _SAME * len(qwords)
    qids = [page.key_ids.get(q.key, -1) for q in qwords]
    qskel = [page.skeletons.get(skeleton(q.key), -1) for q in qwords]
    ids = _item_ids(items, page)
    for lo, hi in _regions(items, qwords, page):
        if best is not None:
            # A region holding few of the quote's words anywhere cannot hold it nearly
            # intact; the best-voted region is aligned all the same, to show the closest
            # passage.
            here = set(page.ids[lo:hi].tolist())
            shared = sum(q in here for q in qids)
            if shared < _HOPELESS * len(qids):
                continue
            # Nor can a region win whose least possible cost does not beat the best one:
            # each quote word costs at least what its nearest counterpart there would.
            accented = set(page.skeleton_ids[lo:hi].tolist())
            bound = sum(_SAME if q in here else _ACCENT if k in accented else min(_SUB, _ADD)
                        for q, k in zip(qids, qskel, strict=True))
            if bound >= best.cost:
                continue
        table = _align(items, page, lo, hi, ids)
        if table is not None and (best is None or table.cost < best.cost):
            best = table
            if best.cost == perfect:
                break
    if best is None:
        return None
    ops = _traceback(items, best)
    return _to_match(items, ops, page, best.lo)


def _anchored(qwords: list[_QWord], page: _Page) -> Match | None:
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
    for k in qkeys:
        bounds.append(bounds[-1] + len(k) + 1)
    # A head or tail of a word or two is no anchor: such words stand in many places.
    k = _ANCHOR_WORDS

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
    first, count = _where(qkeys[:k], page)
    if count == 1:
        a, head = k, first
        while a < m - 1 and first + a < n and keys[first + a] == qkeys[a]:
            a += 1
    elif count > 1:
        a = _longest(head_in, k, m - 1)
        head = _once(qkeys[:a], page)
        if head is None:
            return None
    if m - a >= k:
        first, count = _where(qkeys[m - k:], page)
        if count == 1:
            b, tail = k, first
            while b < m - a and tail > 0 and keys[tail - 1] == qkeys[m - b - 1]:
                b, tail = b + 1, tail - 1
        elif count > 1:
            b = _longest(tail_in, k, m - a)
            tail = _once(qkeys[m - b:], page)
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
    table = _align(core, page, lo, hi)
    if table is None:
        return None
    ops = _traceback(core, table)
    # The anchors' context words must pair where the anchors stand; else ask the search.
    if head is not None and any(ops[t] != _Op("pair", t, head + a - left + t - lo)
                                for t in range(left)):
        return None
    last = len(core) - right
    if tail is not None and any(ops[len(ops) - right + t] != _Op("pair", last + t, tail + t - lo)
                                for t in range(right)):
        return None
    base = head if head is not None else lo
    shift = a - left
    full = [_Op("pair", i, i) for i in range(shift)]
    full += [_Op(op.kind, op.qi + shift if op.qi >= 0 else -1,
                 op.sj + lo - base if op.sj >= 0 else -1, op.gap) for op in ops]
    if tail is not None:
        full += [_Op("pair", m - b + t, tail + t - base) for t in range(right, b)]
    got = _to_match(tuple(qwords), full, page, base)
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


def _where(qkeys: Sequence[str], page: _Page) -> tuple[int, int]:
    """(index of the first page word of the first run of ``qkeys``, how often they stand
    there: 0, 1 or 2 for more)."""
    found = _starts(qkeys, page, 2)
    return (found[0] if found else -1), len(found)


def _once(qkeys: Sequence[str], page: _Page) -> int | None:
    """Index of the first page word of the run of ``qkeys`` when it stands there once."""
    found = _starts(qkeys, page, 2)
    return found[0] if len(found) == 1 else None


def _exact(qkeys: Sequence[str], page: _Page) -> Match | None:
    """The first place where the quote's keys stand in a row in the page."""
    first = _first_run(qkeys, page)
    if first is None:
        return None
    w = page.words
    span = Span(w.starts[first], w.ends[first + len(qkeys) - 1])
    return Match(100.0, span, span.slice(w.text))


def _first_run(qkeys: Sequence[str], page: _Page) -> int | None:
    """Index of the first page word of the first run of ``qkeys`` in the page."""
    found = _starts(qkeys, page, 1)
    return found[0] if found else None


def _starts(qkeys: Sequence[str], page: _Page, most: int) -> list[int]:
    """Where runs of ``qkeys`` start in the page (indexes of page words), the first
    ``most`` of them, in page order.

    Found from the word index rather than by searching the page's text, which matters on
    a page not read lately: a key the page lacks settles it at once, and otherwise only the
    places of one rare quote word are compared with the quote, each in one read of the
    joined keys. Only when every quote word is common is the text searched.
    """
    if not qkeys:
        return []
    pos = page.positions
    rarest: list[int] | None = None
    at = 0
    for i, k in enumerate(qkeys):
        places = pos.get(k)
        if places is None:
            return []
        if rarest is None or len(places) < len(rarest):
            rarest, at = places, i
            if len(places) <= _FEW:
                break
    assert rarest is not None
    needle = " " + " ".join(qkeys) + " "
    joined, offsets = page.joined, page.offsets
    found: list[int] = []
    if len(rarest) > _MANY:
        hit = joined.find(needle)
        while hit >= 0 and len(found) < most:
            found.append(bisect_left(offsets, hit + 1))
            hit = joined.find(needle, hit + 1)
        return found
    for p in rarest:
        s = p - at
        if s >= 0 and joined.startswith(needle, offsets[s] - 1):
            found.append(s)
            if len(found) == most:
                break
    return found


def _regions(items: tuple[_Item, ...], qwords: list[_QWord],
             page: _Page) -> list[tuple[int, int]]:
    """Source word ranges worth aligning in full, best first, from votes of the quote's words."""
    n = len(page.words)
    common = max(50, int(n * _COMMON))
    hits: list[tuple[int, int, float]] = []  # (source position, quote word index, weight)
    # The rarest words locate a passage best and cost least to vote with.
    found = sorted((len(pos), qi) for qi, q in enumerate(qwords)
                   if 0 < len(pos := page.positions.get(q.key, ())) <= common)
    for count, qi in found[:_SEEDS]:
        weight = 1.0 / math.log2(1 + count)
        hits.extend((p, qi, weight) for p in page.positions[qwords[qi].key])
    if not hits:  # every word is common, or none is on the page: try accent-free keys
        skel = {skeleton(q.key): qi for qi, q in enumerate(qwords)}
        for key, pos in page.positions.items():
            qi = skel.get(skeleton(key))
            if qi is not None and len(pos) <= common * 4:
                hits.extend((p, qi, 0.5) for p in pos)
    if not hits:
        return []
    hits.sort()
    m = len(qwords)
    gaps = sum(ELLIPSIS_MAX_GAP if i.kind == "ellipsis" else BRACKET_MAX_WORDS
               for i in items if isinstance(i, _Gap))
    reach = min(gaps, 2 * ELLIPSIS_MAX_GAP)
    # Votes are counted in windows as wide as the longest run of words between gaps: a wider
    # window would gather scattered common words and outvote the place the quote stands.
    longest = max(len(run) for run in _runs(items))
    width = longest + max(4, m // 2)
    # Sliding window over the hits: the weight of the distinct quote words it holds.
    scored: list[tuple[float, int, int]] = []
    counts: dict[int, int] = defaultdict(int)
    weight_of: dict[int, float] = {}
    total = 0.0
    left = 0
    for right, (p, qi, wt) in enumerate(hits):
        if counts[qi] == 0:
            total += wt
        counts[qi] += 1
        weight_of[qi] = wt
        while hits[left][0] < p - width:
            lq = hits[left][1]
            counts[lq] -= 1
            if counts[lq] == 0:
                total -= weight_of[lq]
            left += 1
        scored.append((total, left, right))
    scored.sort(key=lambda s: -s[0])
    regions: list[tuple[int, int]] = []
    windows: list[tuple[int, int]] = []
    top = scored[0][0]
    for total, left, right in scored:
        if total < top * _WEAKER:
            break
        first_p, first_q = hits[left][0], hits[left][1]
        last_p, last_q = hits[right][0], hits[right][1]
        if any(first_p <= b and last_p >= a for a, b in windows):
            continue
        windows.append((first_p, last_p))
        # The votes ignore order, so a region must reach far enough on both sides for the
        # rest of the quote and for the words an ellipsis or a bracket may skip.
        lo = max(0, first_p - first_q - 4 - reach)
        hi = min(n, last_p + (m - last_q) + 4 + reach)
        regions.append((lo, hi))
        if len(regions) >= _CANDIDATES:
            break
    return regions


def _runs(items: tuple[_Item, ...]) -> list[list[_QWord]]:
    """The quote's words between gaps."""
    runs: list[list[_QWord]] = [[]]
    for item in items:
        if isinstance(item, _Gap):
            runs.append([])
        else:
            runs[-1].append(item)
    return [r for r in runs if r] or [[]]


@dataclass(slots=True)
class _Table:
    """The alignment table of one region, kept for the traceback of the best region."""

    lo: int
    # (items + 1) x (region words + 1) alignment costs: numpy, shifted (see _align), or
    # plain lists, not shifted (see _align_small)
    table: np.ndarray | list[list[int]]
    cost_of: np.ndarray | list[list[int]]  # items x region words: cost of each pairing
    end: int
    cost: int

    def lists(self) -> tuple[list[list[int]], list[list[int]]]:
        """The table (not shifted) and the pairing costs as plain lists."""
        if isinstance(self.table, list):
            return self.table, self.cost_of  # type: ignore[return-value]
        w = self.table.shape[1]
        rows = (self.table + np.arange(w, dtype=np.int64) * _DROP).tolist()
        return rows, self.cost_of.tolist()  # type: ignore[union-attr]


# Region widths (words) up to which plain Python aligns faster than numpy: numpy costs a
# few microseconds a row whatever the width, Python about a quarter of one a cell.
_SMALL = 24


def _align_small(items: tuple[_Item, ...], page: _Page, lo: int, hi: int) -> _Table | None:
    """``_align`` for a small table, cell by cell: the same recurrence, the same table."""
    w = hi - lo
    if w <= 0:
        return None
    src = page.ids[lo:hi].tolist()
    src_skel = page.skeleton_ids[lo:hi].tolist()
    rows: list[list[int]] = [[0] * (w + 1)]  # row 0: free start anywhere
    costs: list[list[int]] = []
    for item in items:
        prev = rows[-1]
        if isinstance(item, _Gap):
            costs.append([])
            if item.kind == "ellipsis":
                row = list(itertools.accumulate(prev, min))
            else:
                row = [min(prev[max(0, j - BRACKET_MAX_WORDS):j + 1]) for j in range(w + 1)]
            rows.append(row)
            continue
        qid = page.key_ids.get(item.key, -1)
        qskel = page.skeletons.get(skeleton(item.key), -1)
        cost = [_SAME if s == qid else _ACCENT if k == qskel else _SUB
                for s, k in zip(src, src_skel, strict=True)]
        costs.append(cost)
        row = [prev[0] + _ADD]
        left = row[0]
        for j in range(1, w + 1):
            v = prev[j - 1] + cost[j - 1]
            x = prev[j] + _ADD
            if x < v:
                v = x
            x = left + _DROP
            if x < v:
                v = x
            row.append(v)
            left = v
        rows.append(row)
    last = rows[-1]
    best = min(last)
    end = last.index(best)
    if isinstance(items[-1], _Gap) and items[-1].kind == "bracket":
        # A closing bracket fits any end equally: let it cover as many words as it has.
        reach = end + len(words(items[-1].text))
        end = max(j for j, v in enumerate(last) if v == best and j <= reach)
    return _Table(lo, rows, costs, end, best)


def _item_ids(items: tuple[_Item, ...], page: _Page) -> tuple[np.ndarray, np.ndarray]:
    """Per item, the page's id of its key and of its accent-free key (-1: none, or a gap)."""
    qid = [page.key_ids.get(i.key, -1) if isinstance(i, _QWord) else -1 for i in items]
    qskel = [page.skeletons.get(skeleton(i.key), -1) if isinstance(i, _QWord) else -1
             for i in items]
    return np.array(qid, dtype=np.int64)[:, None], np.array(qskel, dtype=np.int64)[:, None]


def _align(items: tuple[_Item, ...], page: _Page, lo: int, hi: int,
           ids: tuple[np.ndarray, np.ndarray] | None = None) -> _Table | None:
    """Semi-global word alignment of the quote with page words lo..hi (the table only)."""
    w = hi - lo
    if w <= 0:
        return None
    if w <= _SMALL:
        return _align_small(items, page, lo, hi)
    # Compare as integers: the page gives each key (and accent-free key) an id; a quote word
    # the page lacks gets -1, which no source word has. One broadcast compare then gives
    # the cost of every quote word against every source word.
    qid, qskel = ids if ids is not None else _item_ids(items, page)
    cost = np.where(qid == page.ids[lo:hi], _SAME,
                    np.where(qskel == page.skeleton_ids[lo:hi], _ACCENT, _SUB))
    # The table is kept shifted: S[n, j] = cost[n, j] - j * _DROP. Dropping source words
    # then costs nothing along a row, so a row is one running minimum, and a word row takes
    # four array operations (the row loop is what a match spends its time on).
    idx = np.arange(w + 1, dtype=np.int64) * _DROP
    shifted = np.empty((len(items) + 1, w + 1), dtype=np.int64)
    np.negative(idx, out=shifted[0])  # row 0: free start anywhere (cost 0)
    diag = cost - _DROP
    t = np.empty(w + 1, dtype=np.int64)
    b = np.empty(w + 1, dtype=np.int64)
    for n, item in enumerate(items):
        prev, row = shifted[n], shifted[n + 1]
        if isinstance(item, _Gap):
            if item.kind == "ellipsis":  # any number of source words skipped for free
                np.minimum.accumulate(prev + idx, out=row)
                row -= idx
            else:  # up to BRACKET_MAX_WORDS source words skipped for free
                row[:] = prev
                for shift in range(1, BRACKET_MAX_WORDS + 1):
                    np.minimum(row[shift:], prev[:-shift] - shift * _DROP, out=row[shift:])
            continue
        np.add(prev, _ADD, out=b)  # the quote word added
        np.add(prev[:-1], diag[n], out=t[1:])  # paired with the source word before
        np.minimum(t[1:], b[1:], out=t[1:])
        t[0] = b[0]
        np.minimum.accumulate(t, out=row)  # then source words dropped
    last = shifted[-1] + idx
    end = int(last.argmin())
    if isinstance(items[-1], _Gap) and items[-1].kind == "bracket":
        # A closing bracket fits any end equally: let it cover as many words as it has.
        ends = np.flatnonzero(last == last[end])
        reach = end + len(words(items[-1].text))
        end = int(ends[ends <= reach].max())
    return _Table(lo, shifted, cost, end, int(last[end]))


class _Op(NamedTuple):
    kind: str  # pair (quote word beside source word) | added | dropped | gap
    qi: int = -1  # index into items
    sj: int = -1  # source word index, relative to the region
    gap: tuple[int, int] = (0, 0)  # source words a gap skipped, relative to the region


def _traceback(items: tuple[_Item, ...], table: _Table) -> list[_Op]:
    # Plain integers: reading numpy scalars one at a time costs more than converting once.
    rows, costs = table.lists()
    ops: list[_Op] = []
    i, j = len(items), table.end
    while i > 0:
        item = items[i - 1]
        here = rows[i][j]
        prev = rows[i - 1]
        if isinstance(item, _Gap):
            reach = j if item.kind == "ellipsis" else BRACKET_MAX_WORDS
            ks = [k for k in range(j, max(-1, j - reach - 1), -1) if prev[k] == here]
            if item.kind == "bracket":
                # At the quote's ends any count fits equally: take as many source words as
                # the bracket has, the likeliest reading of "[Smith] said".
                want = j - len(words(item.text))
                k = min(ks, key=lambda k: abs(k - want))
            else:
                k = ks[0]
            ops.append(_Op("gap", i - 1, gap=(k, j)))
            i, j = i - 1, k
            continue
        c = costs[i - 1]
        if j > 0 and here == prev[j - 1] + c[j - 1]:
            ops.append(_Op("pair", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == prev[j] + _ADD:
            ops.append(_Op("added", i - 1))
            i -= 1
        else:
            ops.append(_Op("dropped", sj=j - 1))
            j -= 1
    ops.reverse()
    return ops


def _to_match(items: tuple[_Item, ...], ops: list[_Op], page: _Page, lo: int) -> Match:
    w = page.words
    text = w.text
    keys, starts, ends = w.keys, w.starts, w.ends
    touched = [lo + sj for kind, _, sj, _ in ops if kind == "pair" or kind == "dropped"]
    touched += [lo + p for kind, _, _, gap in ops if kind == "gap" for p in range(*gap)]
    if touched:
        span = Span(starts[min(touched)], ends[max(touched)])
    else:  # only added words: an empty span where they would stand
        at = starts[lo] if lo < len(w) else len(text)
        span = Span(at, at)
    edits: list[Edit] = []
    elided: list[str] = []
    quote_keys: list[str] = []
    source_keys: list[str] = []
    blocks: list[Block] = []
    block = Block()
    anchor = span.start
    for kind, qi, rel, gap_at in ops:
        if kind == "gap":
            block = _flush(block, blocks, anchor)
            gap = items[qi]
            a, b = lo + gap_at[0], lo + gap_at[1]
            src = text[starts[a]:ends[b - 1]] if b > a else ""
            if isinstance(gap, _Gap) and gap.kind == "ellipsis":
                elided.append(src)
            elif isinstance(gap, _Gap):
                sp = Span(starts[a], ends[b - 1]) if b > a else Span(anchor, anchor)
                edits.extend(_bracket_edits(gap, w, a, b, sp, blocks))
            if b > a:
                anchor = ends[b - 1]
            continue
        q = items[qi] if qi >= 0 else None
        sj = lo + rel if rel >= 0 else -1
        if q is not None:
            quote_keys.append(q.key)  # type: ignore[union-attr]
        if sj >= 0:
            source_keys.append(keys[sj])
            if kind == "pair" and q is not None and q.key == keys[sj]:  # type: ignore[union-attr]
                if block.quote or block.source:  # an empty block is replaced before use
                    block = _flush(block, blocks, anchor)
                anchor = ends[sj]
                continue
        if not block.quote and not block.source:
            block = Block(at=anchor)
        if isinstance(q, _QWord):
            block.quote.append(QWord(q.key, q.text))
        if sj >= 0:
            block.source.append(SWord(keys[sj], text[starts[sj]:ends[sj]],
                                      Span(starts[sj], ends[sj]), _is_name(text, w, sj)))
            anchor = ends[sj]
        if kind == "pair":
            block.pairs.append((len(block.quote) - 1, len(block.source) - 1))
    _flush(block, blocks, anchor)
    edits.extend(classify(blocks))
    score = fuzz.ratio(" ".join(quote_keys), " ".join(source_keys))
    return Match(float(score), span, span.slice(text), tuple(edits), tuple(elided))


def _bracket_edits(gap: _Gap, w: Words, a: int, b: int, sp: Span,
                   blocks: list[Block]) -> list[Edit]:
    """A [bracketed] insertion: declared, unless it hides a changed number or negation.

    When the source itself has the brackets there, the words inside are compared like any
    others (they go to ``blocks``).
    """
    inside = words(gap.text)
    qkeys = inside.keys
    skeys = w.keys[a:b]
    if qkeys == skeys:
        return []
    text = w.text
    before = ""  # the last character before the source words, whitespace aside
    if b > a:
        k = w.starts[a] - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        before = text[k] if k >= 0 else ""
    if before == "[":  # the source's own brackets: its words, compared as words
        qwords = [QWord(k, gap.text[s:e]) for k, s, e in
                  zip(inside.keys, inside.starts, inside.ends, strict=True)]
        swords = [SWord(w.keys[j], text[w.starts[j]:w.ends[j]], Span(w.starts[j], w.ends[j]),
                        _is_name(text, w, j)) for j in range(a, b)]
        n = min(len(qwords), len(swords))
        same = {i for i in range(n) if qwords[i].key == swords[i].key}
        qdiff = [q for i, q in enumerate(qwords) if i not in same]
        sdiff = [w_ for i, w_ in enumerate(swords) if i not in same]
        pairs = [(i, i) for i in range(min(len(qdiff), len(sdiff)))]
        blocks.append(Block(qdiff, sdiff, pairs, sp.start))
        return []
    src = text[sp.start:sp.end]
    out = [Edit(EditKind.BRACKETED, f"[{gap.text}]", src, Severity.MINOR, sp)]
    qnum = set(filter(is_number, qkeys))
    snum = set(filter(is_number, skeys))
    if qnum and snum and qnum != snum:
        out.append(Edit(EditKind.NUMBER_CHANGED, f"[{gap.text}]", src, Severity.CRITICAL, sp))
    if any(map(is_negation, qkeys)) != any(map(is_negation, skeys)):
        out.append(Edit(EditKind.NEGATION_CHANGED, f"[{gap.text}]", src, Severity.CRITICAL,
                        sp))
    return out


def _flush(block: Block, blocks: list[Block], anchor: int) -> Block:
    if block.quote or block.source:
        blocks.append(block)
    return Block(at=anchor)


_SENTENCE_END = frozenset(".!?:;\"“”«»¿¡\n")


def _is_name(text: str, w: Words, sj: int) -> bool:
    """A capitalised word that does not open a sentence: most likely a proper name."""
    start = w.starts[sj]
    if not text[start].isupper():
        return False
    k = start - 1
    while k >= 0 and text[k] in " \t\r'\"‘’“”«»([":
        k -= 1
    return k >= 0 and text[k] not in _SENTENCE_END

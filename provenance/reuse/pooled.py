"""One passage per stretch of the document, however many sources hold it.

Documents repeat stock phrases, and sources do too: at one stretch of a document dozens of
its sources may each share a run of eight words. One passage per (stretch, source) made a
5 MB document report hundreds of thousands of passages, each aligned and written out. Here
every stretch is reported once, with its best source, and the number (and the first few)
of the other sources that also hold a run of it.

The work stays bounded. Words are numbered (one shared vocabulary), and a run of ``least``
words is the bytes of its numbers: meeting a source with the document is a dictionary
lookup per window of the smaller side. A window held by more than ``_MOST_HOLDERS``
sources is boilerplate and is left out, as the cache's shingle index leaves out shingles
common to more pages. Hits close together in the document make a region; in a region the
sources are ranked (credited there first, then cited anywhere, then the most words their
hits cover) and passages are made from the best ones' hits only, until the region is
covered or a budget of passages that grows with the region's length is spent.
"""

from __future__ import annotations

import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from provenance.reuse.runs import Shared, runs_of
from provenance.words.normalize import cut

__all__ = ["Pick", "Side", "Vocabulary", "pooled_passages", "side_of", "vocabulary"]

_MOST_HOLDERS = 256  # sources a window may be held by before it counts as boilerplate
_VOCABULARY_CAP = 2_000_000  # words numbered before the vocabulary (and its sides) restart
_WIDTH = array("i").itemsize


@dataclass(frozen=True, slots=True)
class Side:
    """A text's words as numbers, with their char spans: about 12 bytes a word, where the
    words and keys as strings take ten times that."""

    ids: array[int]
    starts: array[int]
    ends: array[int]


@dataclass(slots=True)
class Pick:
    """A passage kept for a region: the source it is reported with (an index into the
    sources given), the runs, and the other sources holding a run of it, best first."""

    source: int
    shared: Shared
    also: list[int] = field(default_factory=list)


class Vocabulary:
    """Word keys numbered in the order met. Documents checked in threads (a Dask worker's)
    share one: numbering takes its lock, and a full one is replaced, never cleared, so a
    document numbered by it keeps numbers that agree with its pages'."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.lock = threading.Lock()

    def number(self, keys: Sequence[str]) -> array[int]:
        """The numbers of ``keys`` (new keys numbered on the way)."""
        ids = self.ids
        with self.lock:
            # Looked up in C; the words met for the first time (a few a document, once a
            # batch is under way) are numbered one by one, in order.
            found: list[int | None] = list(map(ids.get, keys))
            if None in found:
                for i, n in enumerate(found):
                    if n is None:
                        k = keys[i]
                        n = ids.get(k)
                        found[i] = ids[k] = len(ids) if n is None else n
        return array("i", cast("list[int]", found))  # (each None numbered above)


_current = Vocabulary()
_swap = threading.Lock()


def vocabulary() -> Vocabulary:
    """The vocabulary a document is numbered by. A long batch over many languages must not
    grow one without end: past the cap, the next document starts a new one, and the pages
    numbered by the old one are let go."""
    global _current
    with _swap:
        if len(_current.ids) > _VOCABULARY_CAP:
            _current = Vocabulary()
            _side.cache_clear()
            _table.cache_clear()
        return _current


def side_of(text: str, vocab: Vocabulary) -> Side:
    """``text``'s words as numbers: kept for the next document while the page is in use (a
    batch checks many documents against the same few pages)."""
    return _side(text, vocab)


@lru_cache(maxsize=256)
def _side(text: str, vocab: Vocabulary) -> Side:
    words = cut(text)
    return Side(vocab.number(words.keys), array("i", words.starts), array("i", words.ends))


# Windows by the hash of their numbers' bytes: an int key takes half the memory of the bytes,
# and a window met once (most are) keeps its start as an int, not in a list. Two windows
# with one hash are told apart where they meet: every hit is checked word for word.
_Windows = dict[int, "int | list[int]"]


@lru_cache(maxsize=64)
def _table(text: str, least: int, vocab: Vocabulary) -> _Windows:
    """Where each window of ``least`` words of a page starts: made only for a page met with
    a document of fewer windows than the page has words, and kept for the next one."""
    return _windows(side_of(text, vocab).ids, least, None)


def _windows(ids: array[int], least: int, usable: Sequence[bool] | None) -> _Windows:
    """Where each run of ``least`` (usable) words starts, by the hash of their numbers."""
    raw, width = ids.tobytes(), least * _WIDTH
    out: _Windows = {}
    streak = 0
    for i in range(len(ids)):
        streak = streak + 1 if usable is None or usable[i] else 0
        if streak >= least:
            start = i - least + 1
            key = hash(raw[start * _WIDTH:start * _WIDTH + width])
            held = out.get(key)
            if held is None:
                out[key] = start
            elif isinstance(held, int):
                out[key] = [held, start]
            else:
                held.append(start)
    return out


def _starts(held: int | list[int]) -> list[int]:
    return [held] if isinstance(held, int) else held


_SHIFT = 32  # a hit is packed in one int: document word << _SHIFT | source word
_LOW = (1 << _SHIFT) - 1


def _hits(windows: _Windows, doc: array[int], text: str, side: Side, least: int,
          vocab: Vocabulary) -> array[int]:
    """(document word, source word) where ``least`` words agree, packed, in document
    order; the smaller side is walked and looked up in the other's windows."""
    out: array[int] = array("q")
    n = len(side.ids) - least + 1
    if n <= 0:
        return out
    src = side.ids
    if len(windows) < n:
        table = _table(text, least, vocab)
        # The windows both sides hold, found by one set intersection in C: most of the
        # document's windows are on no given page, and a lookup each cost more than the rest.
        for key in windows.keys() & table.keys():
            held, at = windows[key], table[key]
            out.extend(i << _SHIFT | j for i in _starts(held) for j in _starts(at)
                       if doc[i:i + least] == src[j:j + least])
    else:
        raw, width, get = src.tobytes(), least * _WIDTH, windows.get
        for j in range(n):
            there = get(hash(raw[j * _WIDTH:j * _WIDTH + width]))
            if there is not None:
                out.extend(i << _SHIFT | j for i in _starts(there)
                           if doc[i:i + least] == src[j:j + least])
    return array("q", sorted(out))


# The sources (indices) credited around document words [start, end).
Credited = Callable[[int, int], set[int]]


def pooled_passages(keys: Sequence[str], usable: Sequence[bool], texts: Sequence[str],
                    least: int, gap: int, credited: Credited, cited: Sequence[bool]
                    ) -> tuple[array[int], list[Side | None], list[Pick]]:
    """The passages of the document (its word ``keys``) that the pages ``texts`` share, one
    per stretch of the document, in document order; with the document's word numbers and
    each page's numbered words (None for a page sharing nothing)."""
    vocab = vocabulary()
    doc = vocab.number(keys)
    if least < 1 or len(doc) < least:
        return doc, [None] * len(texts), []
    windows = _windows(doc, least, usable)
    sides: list[Side | None] = []
    found: list[array[int]] = []
    holders = array("H", bytes(2 * len(doc)))  # sources holding the window at each word
    for text in texts:
        side = side_of(text, vocab)
        hits = _hits(windows, doc, text, side, least, vocab)
        last = -1
        for hit in hits:
            i = hit >> _SHIFT
            if i != last and holders[i] <= _MOST_HOLDERS:
                holders[i] += 1
            last = i
        sides.append(side if len(hits) else None)
        found.append(hits)
    del windows
    regions = _regions([i for i, n in enumerate(holders) if 0 < n <= _MOST_HOLDERS],
                       least, gap)
    starts = [lo for lo, _ in regions]
    # Which pages have hits in each region; each page's hits are then read in document
    # order, a cursor per page, region after region: nothing but the packed hits is kept.
    present: list[list[int]] = [[] for _ in regions]
    for k, hits in enumerate(found):
        for hit in hits:
            i = hit >> _SHIFT
            if holders[i] <= _MOST_HOLDERS:
                r = bisect_right(starts, i) - 1
                if not present[r] or present[r][-1] != k:
                    present[r].append(k)
    cursor = [0] * len(found)
    picks: list[Pick] = []
    for (lo, hi), here in zip(regions, present, strict=True):
        held: dict[int, list[tuple[int, int]]] = {}
        for k in here:
            hits, c, mine = found[k], cursor[k], []
            while c < len(hits) and hits[c] >> _SHIFT < hi:
                i, j = hits[c] >> _SHIFT, hits[c] & _LOW
                if holders[i] <= _MOST_HOLDERS:
                    mine.append((i, j))
                c += 1
            cursor[k] = c
            held[k] = mine
        for q in _pick(held, lo, hi, doc, sides, usable, least, gap, credited, cited):
            # (reaching past an edit at its end, a passage may run into the next region)
            if not picks or picks[-1].shared.doc_end <= q.shared.doc_start:
                picks.append(q)
    return doc, sides, picks


def _regions(positions: list[int], least: int, gap: int) -> list[tuple[int, int]]:
    """Stretches of document words [lo, hi) whose hits lie within a joinable distance."""
    out: list[tuple[int, int]] = []
    for i in positions:
        if out and i <= out[-1][1] + gap:
            out[-1] = (out[-1][0], i + least)
        else:
            out.append((i, i + least))
    return out


def _covered(hits: list[tuple[int, int]], least: int) -> int:
    """Document words inside some hit's run."""
    total, reach = 0, -1
    for i, _ in hits:
        total += min(least, i + least - max(i, reach))
        reach = max(reach, i + least)
    return total


def _fresh(hits: list[tuple[int, int]], kept: list[Pick], least: int) -> int:
    """Document words inside this source's hits that no kept passage covers yet."""
    words: set[int] = set()
    for i, _ in hits:
        words.update(range(i, i + least))
    for p in kept:
        words.difference_update(range(p.shared.doc_start, p.shared.doc_end))
    return len(words)


def _pick(held: dict[int, list[tuple[int, int]]], lo: int, hi: int, doc: array[int],
          sides: list[Side | None], usable: Sequence[bool], least: int, gap: int,
          credited: Credited, cited: Sequence[bool]) -> list[Pick]:
    """The passages of one region, best source first; every other source holding a run
    inside a kept passage counted with it."""
    here = credited(lo, hi)
    covered = {k: _covered(hits, least) for k, hits in held.items()}
    order = sorted(held, key=lambda k: (k not in here, not cited[k], -covered[k], k))
    budget = 4 + (hi - lo) // least  # passages made at most: the work grows with the region
    kept: list[Pick] = []
    for k in order:
        if budget <= 0:
            break
        if (_fresh(held[k], kept, least) if kept else covered[k]) < least:
            continue
        budget -= 1
        side = sides[k]
        assert side is not None  # (a page with hits has its side)
        for p in runs_of(held[k], doc, side.ids, least, gap, usable):
            if not any(p.doc_start < q.shared.doc_end and q.shared.doc_start < p.doc_end
                       for q in kept):
                kept.append(Pick(k, p))
    for k in order:
        for q in kept:
            if q.source != k and any(q.shared.doc_start <= i and i + least <= q.shared.doc_end
                                     for i, _ in held[k]):
                q.also.append(k)
    return sorted(kept, key=lambda q: q.shared.doc_start)

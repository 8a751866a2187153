"""The searched text, cut into words and indexed once; where a run of word keys stands in it.

A page is cut (see ``words.normalize``) and indexed the first time it is searched and kept
(the last 128 pages, and apart from them the last 256 short texts): the position of each
key, the keys joined into one string for substring search, and integer ids of the keys and
of their accent-free forms for the alignment. A run of keys is then located from the
places of its rarest word.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from provenance.match.joins import Chain, chains
from provenance.model import Match, Span
from provenance.words.normalize import Words, cut, keys, skeleton

__all__ = ["ANCHOR_WORDS", "Page", "chains_of", "exact_match", "joined_keys", "once", "page_of",
           "prepare", "where"]

ANCHOR_WORDS = 3  # words a verbatim run needs to locate a passage: shorter ones stand anywhere
# A quote word in this few places is rare enough to look no further for a rarer one; in
# more than _MANY, searching the page's text is cheaper than checking each place.
_FEW, _MANY = 4, 64


@dataclass(frozen=True, slots=True)
class Page:
    """A searched text prepared once: its words, their joined keys and a position index."""

    words: Words
    joined: str  # " " + keys joined by " " + " "
    # Machine-integer arrays, not tuples and lists of int objects: a page kept for searching
    # took several times its text's size in int objects alone.
    offsets: array[int]  # where each key starts in joined
    positions: dict[str, array[int]]  # key -> indexes of the words with it
    key_ids: dict[str, int]  # key -> id (ids follow ``positions``' order)
    ids: np.ndarray  # per word, the id of its key
    skeletons: dict[str, int]  # accent-free key -> id
    skeleton_ids: np.ndarray  # per word, the id of its accent-free key


_SHORT = 2048  # characters: a snippet, not a page


def page_of(text: str) -> Page:
    """``text`` cut and indexed, kept for the next search in it. Short texts (snippets a
    flag rule searches) are kept apart, so that a batch's many snippets never push out the
    pages its documents cite again and again."""
    return _snippet(text) if len(text) < _SHORT else _page(text)


def _prepared(text: str) -> Page:
    w = cut(text)
    offsets = array("q")
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
    places = {k: array("q", v) for k, v in positions.items()}
    return Page(w, " " + " ".join(w.keys) + " ", offsets, places, key_ids,
                ids, skeletons, skel_ids)


_page = lru_cache(maxsize=128)(_prepared)
# Found-elsewhere aligns a quote with the few cached pages most like it: in a large cache,
# short pages met again and again through a batch. Kept for as many as a batch of thousands
# of quotes meets, at tens of kilobytes each, so a lookup costs the same with more pages.
_snippet = lru_cache(maxsize=1024)(_prepared)


@lru_cache(maxsize=4096)
def joined_keys(text: str) -> str:
    """The text's word keys joined by spaces, with a space at each end (``Page.joined``,
    without the rest of the index): whether a run of keys stands in it is a substring
    search. Kept for more texts than whole indexes are, being a fraction of their size
    (found-elsewhere asks it of each candidate page of a verbatim-only lookup)."""
    return " " + " ".join(keys(text)) + " "


@lru_cache(maxsize=1024)  # as many as the snippets found-elsewhere aligns with (above)
def chains_of(text: str) -> tuple[Chain, ...]:
    """The page's quoted passages chained across attributions (see joins), made only when a
    quote is not found in a row: most pages never need them."""
    return chains(page_of(text).words)


def fresh_page(text: str) -> Page:
    """``text`` cut and indexed for one search, not kept: a stretch met once (a reused
    passage's), which kept would push out of the caches above the short pages that the
    document's quotes are matched in again and again."""
    return _prepared(text)


def prepare(text: str) -> None:
    """Cut and index ``text`` now (it is cached): later searches in it skip that cost."""
    page_of(text)


def where(qkeys: Sequence[str], page: Page) -> tuple[int, int]:
    """(index of the first page word of the first run of ``qkeys``, how often they stand
    there: 0, 1 or 2 for more)."""
    found = _starts(qkeys, page, 2)
    return (found[0] if found else -1), len(found)


def once(qkeys: Sequence[str], page: Page) -> int | None:
    """Index of the first page word of the run of ``qkeys`` when it stands there once."""
    found = _starts(qkeys, page, 2)
    return found[0] if len(found) == 1 else None


def exact_match(qkeys: Sequence[str], page: Page) -> Match | None:
    """The first place where the quote's keys stand in a row in the page."""
    first = _first_run(qkeys, page)
    if first is None:
        return None
    w = page.words
    span = Span(w.starts[first], w.ends[first + len(qkeys) - 1])
    return Match(100.0, span, span.slice(w.text))


def _first_run(qkeys: Sequence[str], page: Page) -> int | None:
    """Index of the first page word of the first run of ``qkeys`` in the page."""
    found = _starts(qkeys, page, 1)
    return found[0] if found else None


def _starts(qkeys: Sequence[str], page: Page, most: int) -> list[int]:
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
    rarest: array[int] | None = None
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

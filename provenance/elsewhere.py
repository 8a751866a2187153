"""Found elsewhere: look a quote up in many other pages at once, to catch misattribution.

A quote that is not in the work it cites may be in another source of the same document or in
a page the cache already holds. Aligning it with every page would take seconds on a large
cache, so pages are indexed by word shingles (runs of three word keys, hashed): a lookup
counts, per page, how many of the quote's shingles it holds, and only the few best pages are
aligned in full with ``best_match``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .judge import with_elsewhere
from .match import best_match
from .model import EditKind, Match, PageText, Quote, Status, Verdict
from .normalize import keys, words
from .settings import Settings

__all__ = ["SHINGLE", "ElsewhereIndex", "find_elsewhere"]

log = logging.getLogger(__name__)

SHINGLE = 3  # words per shingle: short enough for short quotes, long enough to be rare
_CANDIDATES = 3  # pages aligned in full per lookup
_MIN_SHARE = 0.3  # share of the quote's shingles a page must hold to be aligned
_MULT = np.uint64(0x9E3779B97F4A7C15)  # mixes word hashes into a shingle hash


@lru_cache(maxsize=1 << 18)
def _word_hash(key: str) -> int:
    """A hash that is the same in every run (Python's own str hash is salted per process),
    so that which pages a lookup considers never depends on the run."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def _shingles(keys: Sequence[str]) -> np.ndarray:
    """Hashes of every run of SHINGLE consecutive keys (uint64, may repeat)."""
    if len(keys) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter((_word_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    out = h[: len(h) - SHINGLE + 1].copy()
    with np.errstate(over="ignore"):
        for i in range(1, SHINGLE):
            out = out * _MULT + h[i: len(h) - SHINGLE + 1 + i]
    return out


@dataclass(frozen=True, slots=True)
class _Entry:
    url: str
    text: PageText


class ElsewhereIndex:
    """Pages indexed by word shingles; ``lookup`` finds the page that best holds a quote."""

    def __init__(self) -> None:
        self._pages: list[_Entry] = []
        self._urls: dict[str, int] = {}
        self._pending_hashes: list[np.ndarray] = []
        self._pending_ids: list[np.ndarray] = []
        self._hashes = np.empty(0, dtype=np.uint64)  # sorted
        self._ids = np.empty(0, dtype=np.int32)  # page id of each hash, same order

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, url: str, text: PageText) -> None:
        """Index one page (its fuller text, which holds the main text); a URL is kept once."""
        if url in self._urls:
            return
        page_id = len(self._pages)
        self._urls[url] = page_id
        self._pages.append(_Entry(url, text))
        body = text.full or text.main
        hashes = np.unique(_shingles(keys(body))) if body else np.empty(0, np.uint64)
        self._pending_hashes.append(hashes)
        self._pending_ids.append(np.full(len(hashes), page_id, dtype=np.int32))

    @property
    def shingles(self) -> int:
        """Shingles held (each distinct shingle once per page)."""
        return len(self._hashes) + sum(len(h) for h in self._pending_hashes)

    @property
    def nbytes(self) -> int:
        """Memory the index arrays take, in bytes (after ``build``)."""
        return self._hashes.nbytes + self._ids.nbytes

    def build(self) -> None:
        """Merge the pages added since the last lookup into the sorted index."""
        if not self._pending_hashes:
            return
        hashes = np.concatenate([self._hashes, *self._pending_hashes])
        ids = np.concatenate([self._ids, *self._pending_ids])
        order = np.argsort(hashes, kind="stable")
        self._hashes, self._ids = hashes[order], ids[order]
        self._pending_hashes, self._pending_ids = [], []

    def candidates(self, quote: Quote, exclude: Iterable[str] = ()) -> list[tuple[str, int]]:
        """Pages holding the most of the quote's shingles: (url, shingles held), best first."""
        self.build()
        parts = [words(p).keys for p in quote.parts]
        grams = np.unique(np.concatenate([_shingles(k) for k in parts] or
                                         [np.empty(0, np.uint64)]))
        if len(grams) == 0 or len(self._hashes) == 0:
            return []
        left = np.searchsorted(self._hashes, grams, side="left")
        right = np.searchsorted(self._hashes, grams, side="right")
        hit = right > left
        if not hit.any():
            return []
        ids = np.concatenate([self._ids[a:b] for a, b in zip(left[hit], right[hit],
                                                             strict=True)])
        counts = np.bincount(ids, minlength=len(self._pages))
        skip = {self._urls[u] for u in exclude if u in self._urls}
        need = max(1, int(len(grams) * _MIN_SHARE))
        best = np.argsort(-counts, kind="stable")
        out: list[tuple[str, int]] = []
        for page_id in best:
            if counts[page_id] < need:
                break
            if int(page_id) in skip:
                continue
            out.append((self._pages[int(page_id)].url, int(counts[page_id])))
            if len(out) >= _CANDIDATES:
                break
        return out

    def lookup(self, quote: Quote, exclude: Iterable[str] = ()) -> tuple[str, Match] | None:
        """The page (not in ``exclude``) where ``quote`` aligns best, with its match."""
        found: tuple[str, Match] | None = None
        for url, _held in self.candidates(quote, exclude):
            match = best_match(quote, self._pages[self._urls[url]].text)
            if match is None:
                continue
            if found is None or _rank(match) > _rank(found[1]):
                found = (url, match)
            if not _differs(match):
                break
        return found


def _differs(match: Match) -> bool:
    return any(e.kind is not EditKind.BRACKETED for e in match.edits)


def _rank(match: Match) -> tuple[bool, bool, float]:
    return (not _differs(match), not match.outside_body, match.score)


def _own_urls(verdict: Verdict) -> tuple[str, ...]:
    urls = []
    if verdict.quote.citation and verdict.quote.citation.url:
        urls.append(verdict.quote.citation.url)
    if verdict.source is not None:
        if verdict.source.citation.url:
            urls.append(verdict.source.citation.url)
        if verdict.source.snapshot is not None:
            urls += [verdict.source.snapshot.url, verdict.source.snapshot.final_url]
    return tuple(urls)


def find_elsewhere(verdicts: Sequence[Verdict], texts: Mapping[str, PageText],
                   cached: Iterable[tuple[str, PageText]] = (),
                   settings: Settings | None = None) -> tuple[Verdict, ...]:
    """Flag missing and altered quotes found in another source or cached page.

    ``texts`` are the document's sources by URL; ``cached`` any further pages (the cache).
    Each quote's own cited URL is left out of its lookup. A copy found verbatim flags
    either; with ``settings``, a missing quote found there with small changes is flagged too
    (see ``judge.with_elsewhere``).
    """
    todo = [v for v in verdicts if v.status in (Status.MISSING, Status.ALTERED)]
    if not todo:
        return tuple(verdicts)
    index = ElsewhereIndex()
    for url, text in texts.items():
        index.add(url, text)
    for url, text in cached:
        index.add(url, text)
    out = []
    for v in verdicts:
        if v.status in (Status.MISSING, Status.ALTERED):
            got = index.lookup(v.quote, exclude=_own_urls(v))
            if got is not None:
                log.info("quote at %s found elsewhere: %s", v.quote.span, got[0])
                v = with_elsewhere(v, *got, settings)
        out.append(v)
    return tuple(out)

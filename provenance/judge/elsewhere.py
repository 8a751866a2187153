"""Found elsewhere: look a quote up in many other pages at once, to catch misattribution.

A quote that is not in the work it cites may be in another source of the same document or in
a page the cache already holds. Aligning it with every page would take seconds on a large
cache, so pages are indexed by word shingles (runs of three word keys, hashed:
``words.shingles``): a lookup counts, per page, how many of the quote's shingles it holds,
and only the few best pages are aligned in full with ``best_match``.

The document's own sources are indexed in memory (by the shingles the cache keeps for their
text, when it does); the cache's pages are searched through the index the cache keeps
(``PageStore``, ``cache.shingled``), never loaded: a lookup costs the same with 50 or 50,000
cached pages, and a page's text is read only when a quote may be there.
``cached_candidates`` asks that index which cached pages share shingles with any text.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from provenance.judge.verdicts import close_enough, with_elsewhere
from provenance.match import best_match, unchanged_match
from provenance.model import EditKind, Match, PageText, Quote, Status, Verdict
from provenance.settings import Settings
from provenance.words.normalize import words
from provenance.words.shingles import (
    KEY_SHIFT,
    SCHEME,
    SHINGLE,
    key_shingles,
    page_shingles,
)

__all__ = ["SCHEME", "SHINGLE", "Cached", "ElsewhereIndex", "Lookup", "PageStore",
           "cached_candidates", "find_elsewhere", "pack_shingles", "page_shingles",
           "quote_shingles", "unpack_shingles"]

log = logging.getLogger(__name__)

_CANDIDATES = 3  # pages aligned in full per lookup
_MIN_SHARE = 0.3  # share of the quote's shingles a page must hold to be aligned
_ID_MASK = np.uint64((1 << 24) - 1)  # low bits of an index entry: the page's id
assert int(_ID_MASK) + 1 == 1 << int(KEY_SHIFT)  # the cache's keys are the same top bits


def pack_shingles(text: PageText) -> bytes:
    """A page's shingles as the cache keeps them: little-endian uint64s."""
    return page_shingles(text).astype("<u8").tobytes()


def unpack_shingles(blob: bytes) -> np.ndarray | None:
    """Shingles kept by ``pack_shingles``; None for a damaged blob (made again)."""
    return np.frombuffer(blob, dtype="<u8") if len(blob) % 8 == 0 else None


def quote_shingles(parts: Sequence[str]) -> np.ndarray:
    """The distinct shingles of a text given in parts (a quote's parts: no shingle spans
    an ellipsis), their low bits cleared as in the index: sorted uint64."""
    grams = [key_shingles(words(p).keys) for p in parts]
    return np.unique(np.concatenate(grams or [np.empty(0, np.uint64)]) & ~_ID_MASK)


class PageStore(Protocol):
    """Pages kept elsewhere (the cache: ``SnapshotCache.pages``), indexed by shingle, so
    that a lookup reads the index instead of every page's shingles. Stable: unquoted reuse
    asks it which cached pages share shingles with a text, through ``cached_candidates``."""

    def common(self, keys: np.ndarray) -> set[int]:
        """Those of these shingle keys held by so many pages that they say nothing of where
        a text comes from: left out of a lookup (its cost then stays flat as pages grow)."""
        ...

    def sharing(self, keys: np.ndarray, least: int, limit: int | None = None
                ) -> list[tuple[str, str, int]]:
        """(URL, body sha256, keys held) of each page holding at least ``least`` of these
        shingle keys (``words.shingles.shingle_keys``), most first, then by URL; with
        ``limit``, at least that many when there are (the pages of the last count whole)."""
        ...

    def shingles(self, sha256: str, text: PageText) -> np.ndarray:
        """The distinct shingles of this body's text (``page_shingles``), kept or made."""
        ...

    def text(self, sha256: str) -> PageText | None:
        """The body's text, None when it cannot be read."""
        ...


def cached_candidates(pages: PageStore, parts: Sequence[str], exclude: Iterable[str] = (),
                      limit: int = _CANDIDATES, share: float = _MIN_SHARE
                      ) -> list[tuple[str, str, int]]:
    """Which pages of ``pages`` share shingles with a text (given in parts, as a quote's):
    (URL, body sha256, shingles held) of at most ``limit`` pages not in ``exclude``, each
    holding at least ``share`` of the text's distinct shingles, most first, then by URL.
    A lookup reads the cache's index: its cost does not grow with the pages cached."""
    grams = _distinctive(quote_shingles(parts), pages)
    if len(grams) == 0:
        return []
    skip = set(exclude)
    need = max(1, int(len(grams) * share))
    found = pages.sharing(grams >> KEY_SHIFT, need, limit + len(skip))
    return [c for c in found if c[0] not in skip][:limit]


def _distinctive(grams: np.ndarray, pages: PageStore | None) -> np.ndarray:
    """The quote's shingles but those so common among ``pages`` that they say nothing of
    where it comes from (``PageStore.common``); a quote's share is counted on the rest."""
    if pages is None or len(grams) == 0:
        return grams
    common = pages.common(grams >> KEY_SHIFT)
    if not common:
        return grams
    keep = ~np.isin((grams >> KEY_SHIFT).astype(np.int64), np.fromiter(common, np.int64))
    return grams[keep]


@dataclass(frozen=True, slots=True)
class Cached:
    """A cached page for the index: its shingles, and how to read its text (None when it
    can no longer be read)."""

    url: str
    shingles: np.ndarray
    read: Callable[[], PageText | None]


@dataclass(slots=True)
class _Entry:
    url: str
    text: PageText | None
    read: Callable[[], PageText | None] | None = None

    def page_text(self) -> PageText | None:
        if self.text is None and self.read is not None:
            self.text, self.read = self.read(), None
        return self.text


class ElsewhereIndex:
    """Pages indexed by word shingles; ``lookup`` finds the page that best holds a quote.

    The pages added here are held in memory: one sorted array whose entries are shingle
    hashes with their low bits replaced by the id of a page that holds them, so a plain sort
    (not an argsort, several times slower) builds it, and the entries of one shingle are a
    run of it. The hash bits left (40) keep chance collisions among millions of shingles
    rare, and a collision only adds a vote: the candidates are aligned in full. The pages
    of ``store`` (the cache) are searched by its own index, never loaded; a URL added here
    is taken from here.
    """

    def __init__(self, store: PageStore | None = None) -> None:
        self._store = store
        self._pages: list[_Entry] = []
        self._urls: dict[str, int] = {}
        self._stored: dict[str, str] = {}  # URL -> body sha256, of pages met in the store
        self._pending: list[np.ndarray] = []
        self._index = np.empty(0, dtype=np.uint64)  # sorted

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, url: str, text: PageText, shingles: np.ndarray | None = None) -> None:
        """Index one page (its fuller text, which holds the main text), by ``shingles``
        when given (``page_shingles``), else made; a URL is kept once."""
        self._add(_Entry(url, text), lambda: page_shingles(text) if shingles is None
                  else shingles)

    def add_cached(self, page: Cached) -> None:
        """Index a page by shingles already made; its text is read on the first lookup that
        needs it."""
        self._add(_Entry(page.url, None, page.read), lambda: page.shingles)

    def _add(self, entry: _Entry, shingles: Callable[[], np.ndarray]) -> None:
        if entry.url in self._urls:
            return
        page_id = len(self._pages)
        if page_id > _ID_MASK:
            raise ValueError(f"the index holds at most {_ID_MASK + 1} pages")
        self._urls[entry.url] = page_id
        self._pages.append(entry)
        self._pending.append((shingles() & ~_ID_MASK) | np.uint64(page_id))

    @property
    def shingles(self) -> int:
        """Shingles held in memory (each distinct shingle once per page)."""
        return len(self._index) + sum(len(h) for h in self._pending)

    @property
    def nbytes(self) -> int:
        """Memory the index takes, in bytes (after ``build``)."""
        return self._index.nbytes

    def build(self) -> None:
        """Merge the pages added since the last lookup into the sorted index."""
        if not self._pending:
            return
        self._index = np.sort(np.concatenate([self._index, *self._pending]))
        self._pending = []

    def candidates(self, quote: Quote, exclude: Iterable[str] = ()) -> list[tuple[str, int]]:
        """Pages holding the most of the quote's shingles: (url, shingles held), best first
        (pages added here before those of the store, at equal counts)."""
        self.build()
        grams = _distinctive(quote_shingles(quote.parts), self._store)
        if len(grams) == 0:
            return []
        skip = set(exclude)
        need = max(1, int(len(grams) * _MIN_SHARE))
        out = [c for c in self._held(grams, need) if c[0] not in skip][:_CANDIDATES]
        if self._store is not None:
            stored = []
            for url, sha, held in self._store.sharing(
                    grams >> KEY_SHIFT, need, _CANDIDATES + len(skip) + len(self._urls)):
                if url not in skip and url not in self._urls:
                    self._stored[url] = sha
                    stored.append((url, held))
            # Stable: at equal counts the pages held here come first, as they were added.
            out = sorted(out + stored[:_CANDIDATES], key=lambda c: -c[1])[:_CANDIDATES]
        return out

    def _held(self, grams: np.ndarray, need: int) -> list[tuple[str, int]]:
        """(url, shingles held) of the pages held here with at least ``need``, most first."""
        if len(self._index) == 0:
            return []
        left = np.searchsorted(self._index, grams, side="left")
        right = np.searchsorted(self._index, grams | _ID_MASK, side="right")
        hit = right > left
        if not hit.any():
            return []
        # Every entry of every run hit, gathered at once: each run's positions are its start
        # plus 0, 1, ... (a Python loop over the runs cost more than the rest of a lookup).
        starts, lengths = left[hit], (right - left)[hit]
        ends = np.cumsum(lengths)
        where = np.arange(int(ends[-1])) + np.repeat(starts - (ends - lengths), lengths)
        ids = self._index[where] & _ID_MASK
        counts = np.bincount(ids.astype(np.intp), minlength=len(self._pages))
        out = []
        for page_id in np.argsort(-counts, kind="stable"):
            if counts[page_id] < need:
                break
            out.append((self._pages[int(page_id)].url, int(counts[page_id])))
        return out

    def _text(self, url: str) -> PageText | None:
        if url in self._urls:
            return self._pages[self._urls[url]].page_text()
        return self._store.text(self._stored[url]) if self._store is not None else None

    def lookup(self, quote: Quote, exclude: Iterable[str] = (), unchanged: bool = False,
               close: Settings | None = None) -> tuple[str, Match] | None:
        """The page (not in ``exclude``) where ``quote`` aligns best, with its match; with
        ``unchanged``, the first where it stands without differences, or None (no page is
        aligned in full for that); with ``close``, the best of the passages that stand
        verbatim or close enough to count as altered under those settings (others would
        hide them: a poorer page's passage may be one that counts)."""
        return self.lookup_all([Lookup(quote, tuple(exclude), unchanged, close)])[0]

    def lookup_all(self, asked: Sequence[Lookup]) -> list[tuple[str, Match] | None]:
        """``lookup`` of each, with the same answers, the candidate pages visited one after
        the other rather than quote by quote: each page is read, and indexed for matching,
        once for all the quotes it may hold. Quote by quote, a document of 20,000
        quotations over 200 pages had the matcher index its candidate pages 678 times (now
        238), each pushed out of the matcher's cache by the others before it was met again."""
        named = [[url for url, _held in self.candidates(a.quote, a.exclude)] for a in asked]
        by_page: dict[str, list[tuple[int, int]]] = {}
        for i, urls in enumerate(named):
            for rank, url in enumerate(urls):
                by_page.setdefault(url, []).append((i, rank))
        found: list[list[Match | None]] = [[None] * len(urls) for urls in named]
        verbatim = [len(urls) for urls in named]  # each quote's first candidate holding it so
        # Last URL first: the verdicts were checked page by page in URL order, so the pages
        # the matcher still keeps are met first.
        for url in sorted(by_page, reverse=True):
            text = self._text(url)
            if text is None:
                continue
            for i, rank in by_page[url]:
                if rank > verbatim[i]:
                    continue  # a page named before holds the quote verbatim: the answer
                match = _aligned(asked[i], text)
                found[i][rank] = match
                if match is not None and not _differs(match):
                    verbatim[i] = min(verbatim[i], rank)
        return [_best(urls, matches) for urls, matches in zip(named, found, strict=True)]


@dataclass(frozen=True, slots=True)
class Lookup:
    """A quote to look up in ``ElsewhereIndex.lookup_all``, and how (see ``lookup``)."""

    quote: Quote
    exclude: tuple[str, ...] = ()
    unchanged: bool = False
    close: Settings | None = None


def _aligned(asked: Lookup, text: PageText) -> Match | None:
    """The quote's match in one candidate page, None when it is not one the lookup takes."""
    quote, close = asked.quote, asked.close
    if asked.unchanged:
        return unchanged_match(quote, text)
    match = best_match(quote, text, least=close.altered_min_shared if close else 0.0)
    if match is None or (close is not None and _differs(match)
                         and not close_enough(quote, match, close)):
        return None
    return match


def _best(urls: list[str], matches: list[Match | None]) -> tuple[str, Match] | None:
    """The best of a quote's matches, in the order its candidates were named: the first
    without differences, else the best ranked (the first of equals)."""
    best: tuple[str, Match] | None = None
    for url, match in zip(urls, matches, strict=True):
        if match is None:
            continue
        if best is None or _rank(match) > _rank(best[1]):
            best = (url, match)
        if not _differs(match):
            break
    return best


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


def _looked_up(v: Verdict) -> bool:
    """Missing and altered quotes, and unverified ones with no page to check them against:
    unattributed, vaguely attributed, or citing a work whose page was not found."""
    if v.status in (Status.MISSING, Status.ALTERED):
        return True
    citation = v.source.citation if v.source is not None else v.quote.citation
    return v.status is Status.UNVERIFIED and (citation is None or not citation.url)


def find_elsewhere(verdicts: Sequence[Verdict], texts: Mapping[str, PageText],
                   cached: Iterable[Cached] = (), settings: Settings | None = None, *,
                   store: PageStore | None = None,
                   digests: Mapping[str, str] | None = None) -> tuple[Verdict, ...]:
    """Flag missing and altered quotes found in another source or cached page, and say where
    the words of a quote with no page to check it against stand.

    ``texts`` are the document's sources by URL, ``digests`` the sha256 of the body each
    was read from, when known (their shingles are then the ones ``store`` keeps); ``cached``
    and ``store`` further pages (the cache), read only when some quote is looked up.
    Each quote's own cited URL is left out of its lookup. A copy found verbatim flags
    either; with ``settings``, a missing quote found there with small changes is flagged too
    (see ``judge.with_elsewhere``).
    """
    todo = [v for v in verdicts if _looked_up(v)]
    if not todo:
        return tuple(verdicts)
    index = ElsewhereIndex(store)
    for url, text in texts.items():
        sha = (digests or {}).get(url)
        index.add(url, text, store.shingles(sha, text) if store and sha else None)
    for page in cached:
        index.add_cached(page)
    # Only a verbatim copy can flag an altered or unverified quote (a missing one may be
    # flagged for a close one: see ``with_elsewhere``).
    unchanged = [settings is None or v.status is not Status.MISSING for v in todo]
    answers = iter(index.lookup_all([
        Lookup(v.quote, _own_urls(v), same, None if same else settings)
        for v, same in zip(todo, unchanged, strict=True)]))
    out = []
    for v in verdicts:
        if _looked_up(v):
            got = next(answers)
            if got is not None:
                log.info("quote at %s found elsewhere: %s", v.quote.span, got[0])
                v = with_elsewhere(v, *got, settings)
        out.append(v)
    return tuple(out)

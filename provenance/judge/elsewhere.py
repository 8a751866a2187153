"""Found elsewhere: look a quote up in many other pages at once, to catch misattribution.

A quote that is not in the work it cites may be in another source of the same document or in
a page the cache already holds. Aligning it with every page would take seconds on a large
cache, so pages are indexed by word shingles (runs of three word keys, hashed): a lookup
counts, per page, how many of the quote's shingles it holds, and only the few best pages are
aligned in full with ``best_match``. A cached page comes with its shingles, which the cache
keeps (see ``SCHEME``), and its text is read only when a quote may be there.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from provenance.judge.verdicts import with_elsewhere
from provenance.match import best_match
from provenance.model import EditKind, Match, PageText, Quote, Status, Verdict
from provenance.settings import Settings
from provenance.words.normalize import keys, words

__all__ = ["SCHEME", "SHINGLE", "Cached", "ElsewhereIndex", "find_elsewhere", "pack_shingles",
           "page_shingles", "unpack_shingles"]

log = logging.getLogger(__name__)

SHINGLE = 3  # words per shingle: short enough for short quotes, long enough to be rare
_CANDIDATES = 3  # pages aligned in full per lookup
_MIN_SHARE = 0.3  # share of the quote's shingles a page must hold to be aligned
_MULT = np.uint64(0x9E3779B97F4A7C15)  # mixes word hashes into a shingle hash
_ID_MASK = np.uint64((1 << 24) - 1)  # low bits of an index entry: the page's id
# Names how shingles are made (words per shingle, word hash, mixing): shingles a cache keeps
# under another scheme are never read, so changing any of these only means computing again.
SCHEME = f"blake2b8-mult-{SHINGLE}w"


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


def page_shingles(text: PageText) -> np.ndarray:
    """The distinct shingles of a page's fuller text (which holds the main text), sorted."""
    body = text.full or text.main
    return np.unique(_shingles(keys(body))) if body else np.empty(0, np.uint64)


def pack_shingles(text: PageText) -> bytes:
    """A page's shingles as the cache keeps them: little-endian uint64s."""
    return page_shingles(text).astype("<u8").tobytes()


def unpack_shingles(blob: bytes) -> np.ndarray | None:
    """Shingles kept by ``pack_shingles``; None for a damaged blob (made again)."""
    return np.frombuffer(blob, dtype="<u8") if len(blob) % 8 == 0 else None


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

    The index is one sorted array: each entry is a shingle hash whose low bits are replaced
    by the id of a page that holds it, so a plain sort (not an argsort, several times
    slower) builds it, and the entries of one shingle are a run of it. The hash bits left
    (40) keep chance collisions among millions of shingles rare, and a collision only adds
    a vote: the candidates are aligned in full.
    """

    def __init__(self) -> None:
        self._pages: list[_Entry] = []
        self._urls: dict[str, int] = {}
        self._pending: list[np.ndarray] = []
        self._index = np.empty(0, dtype=np.uint64)  # sorted

    def __len__(self) -> int:
        return len(self._pages)

    def add(self, url: str, text: PageText) -> None:
        """Index one page (its fuller text, which holds the main text); a URL is kept once."""
        self._add(_Entry(url, text), lambda: page_shingles(text))

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
        """Shingles held (each distinct shingle once per page)."""
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
        """Pages holding the most of the quote's shingles: (url, shingles held), best first."""
        self.build()
        parts = [words(p).keys for p in quote.parts]
        grams = np.unique(np.concatenate([_shingles(k) for k in parts] or
                                         [np.empty(0, np.uint64)]) & ~_ID_MASK)
        if len(grams) == 0 or len(self._index) == 0:
            return []
        left = np.searchsorted(self._index, grams, side="left")
        right = np.searchsorted(self._index, grams | _ID_MASK, side="right")
        hit = right > left
        if not hit.any():
            return []
        ids = np.concatenate([self._index[a:b] for a, b in zip(left[hit], right[hit],
                                                               strict=True)]) & _ID_MASK
        counts = np.bincount(ids.astype(np.intp), minlength=len(self._pages))
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
            text = self._pages[self._urls[url]].page_text()
            match = best_match(quote, text) if text is not None else None
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


def _looked_up(v: Verdict) -> bool:
    """Missing and altered quotes, and unverified ones with no page to check them against:
    unattributed, vaguely attributed, or citing a work whose page was not found."""
    if v.status in (Status.MISSING, Status.ALTERED):
        return True
    citation = v.source.citation if v.source is not None else v.quote.citation
    return v.status is Status.UNVERIFIED and (citation is None or not citation.url)


def find_elsewhere(verdicts: Sequence[Verdict], texts: Mapping[str, PageText],
                   cached: Iterable[Cached] = (),
                   settings: Settings | None = None) -> tuple[Verdict, ...]:
    """Flag missing and altered quotes found in another source or cached page, and say where
    the words of a quote with no page to check it against stand.

    ``texts`` are the document's sources by URL; ``cached`` any further pages (the cache),
    taken only when some quote is missing or altered.
    Each quote's own cited URL is left out of its lookup. A copy found verbatim flags
    either; with ``settings``, a missing quote found there with small changes is flagged too
    (see ``judge.with_elsewhere``).
    """
    todo = [v for v in verdicts if _looked_up(v)]
    if not todo:
        return tuple(verdicts)
    index = ElsewhereIndex()
    for url, text in texts.items():
        index.add(url, text)
    for page in cached:
        index.add_cached(page)
    out = []
    for v in verdicts:
        if _looked_up(v):
            got = index.lookup(v.quote, exclude=_own_urls(v))
            if got is not None:
                log.info("quote at %s found elsewhere: %s", v.quote.span, got[0])
                v = with_elsewhere(v, *got, settings)
        out.append(v)
    return tuple(out)

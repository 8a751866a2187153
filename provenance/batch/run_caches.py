"""What a worker of a sharded run reads kept text and found-elsewhere pages from: the
run's cache, its own shard and the other workers' shards, as one.

A local batch's workers share one cache, so a quotation absent from its page is looked for
(found-elsewhere) among the base cache's pages and every page the batch fetched so far, and
the text one worker extracted is read by the others. On a cluster each worker writes its
own shard; ``RunCache`` is that shard, reading as the local batch's one cache would:

- ``text``: the text kept for a body in the shard, else in the run's cache, else in another
  worker's shard; a worker making a text holds the run's cache's lock for it
  (``making_text``), so the others wait and read it rather than read the page too;
- ``pages``: found-elsewhere over every one of those caches (``RunPages``): the bodies
  holding a quote's shingles in any of their indexes, each named by the URL whose newest
  capture it is, a URL this run captured taken from the run's shards, not the older cache.

Only the worker's own shard is written; the run's cache and the other shards are read (the
run's cache's lock files apart). What
a lookup sees is what those caches hold at that moment, as in a local batch: a page another
worker fetches after a document was checked is not searched for that document (with
``--jobs 1`` neither, when the document comes first).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from provenance.cache.index import INDEX
from provenance.cache.shingled import COMMON, ShingleIndex
from provenance.cache.store import SnapshotCache
from provenance.cache.text_lock import making_text
from provenance.model import PageText
from provenance.words.shingles import page_shingles

__all__ = ["RunCache", "RunPages", "catch_up"]


class RunCache(SnapshotCache):
    """The shard at ``root`` of a worker of the run whose shards are in ``run``, with
    ``main``, the run's cache, read beside it (see the module docstring)."""

    def __init__(self, root: Path, main: SnapshotCache, run: Path) -> None:
        super().__init__(root)
        self.main, self.run = main, run
        self._others: dict[Path, SnapshotCache] = {}
        self._me, self._mine = root.resolve(), set[Path]()  # this shard, as listed in ``run``
        self._lock = threading.Lock()
        self._block = threading.local()  # inside ``steady``: the other shards, listed once

    @classmethod
    def over(cls, root: Path, cache_dir: Path, run: Path) -> RunCache:
        """The shard at ``root``, with the run's cache opened at ``cache_dir``."""
        return cls(root, SnapshotCache(cache_dir), run)

    @contextlib.contextmanager
    def steady(self) -> Iterator[None]:
        """One document's block (``SnapshotCache.steady``) over every cache this shard reads:
        the run's cache, the other shards and their found-elsewhere indexes are each asked
        whether they changed once, and the run's folder is listed once."""
        if getattr(self._block, "others", None) is not None:  # (nested: the outer one holds)
            yield
            return
        with contextlib.ExitStack() as stack:
            stack.enter_context(super().steady())
            self._block.others = self._listed()
            for cache in (self.main, *self._block.others):
                stack.enter_context(cache.steady())
            try:
                yield
            finally:
                self._block.others = None

    def recheck(self) -> bool:
        """Inside ``steady``, whether this shard, the run's cache or another shard changed
        since the block asked (a shard may have appeared); their answers are read again."""
        changed = super().recheck()
        if getattr(self._block, "others", None) is not None:
            self._block.others = self._listed()
        for cache in (self.main, *self.others()):
            changed = cache.recheck() or changed
        return changed

    def others(self) -> list[SnapshotCache]:
        """The other workers' shards of the run, as many as there are now (inside
        ``steady``, as many as there were when the block began or last rechecked)."""
        listed: list[SnapshotCache] | None = getattr(self._block, "others", None)
        return listed if listed is not None else self._listed()

    def _listed(self) -> list[SnapshotCache]:
        try:
            with os.scandir(self.run) as listed:  # (no stat a folder: the listing says)
                folders = sorted(Path(e.path) for e in listed if e.is_dir())
        except OSError:
            folders = []
        with self._lock:
            for folder in folders:
                # Each folder is resolved once, when first seen: this runs for every document.
                if folder not in self._others and folder not in self._mine:
                    if folder.resolve() == self._me:
                        self._mine.add(folder)
                    else:
                        self._others[folder] = SnapshotCache(folder)
            return list(self._others.values())

    def text(self, sha256: str, extractor: str) -> PageText | None:
        got = super().text(sha256, extractor)
        if got is not None:
            return got
        for cache in (self.main, *self.others()):
            if (got := cache.text(sha256, extractor)) is not None:
                return got
        return None

    def making_text(self, sha256: str, wait: bool = True
                    ) -> contextlib.AbstractContextManager[None]:
        """The lock of the run's cache, which every worker of the run reaches (not this
        shard's, which only this worker uses): a worker that wants a text another worker is
        making waits, then reads it from that worker's shard (``text``). A run's cache that
        takes no lock file (read-only) leaves each worker to read the page itself."""
        return making_text(self.main.root, sha256, wait)

    # Typed as the one cache's CachedPages in SnapshotCache; what the pipeline reads it as is
    # the found-elsewhere PageStore protocol, which RunPages is.
    def pages(self, extractor: str, read: Callable[[str], PageText | None],  # type: ignore[override]
              common: int = COMMON) -> RunPages:
        own = super().pages(extractor, read, common)
        # This run's captures first: a URL captured again (--refresh) is read as it is now.
        stores = [(self, own.up_to_date)] + [(c, None) for c in (*self.others(), self.main)]
        return RunPages([(cache, cache.shingled, catch_up) for cache, catch_up in stores],
                        extractor, lambda sha: self.text(sha, extractor), common)

    def close(self) -> None:
        super().close()
        self.main.close()
        with self._lock:
            for cache in self._others.values():
                cache.close()
            self._others.clear()


_Store = tuple[SnapshotCache, ShingleIndex, Callable[[], None] | None]


class RunPages:
    """Found-elsewhere (``judge.elsewhere.PageStore``) over several caches, first first:
    ``stores`` are (cache, its found-elsewhere index, what brings that up to date, if this
    worker may write it)."""

    def __init__(self, stores: list[_Store], extractor: str,
                 text: Callable[[str], PageText | None], common: int = COMMON) -> None:
        self.extractor, self._text, self._common = extractor, text, common
        self._stores = stores
        self._current = False

    def _up_to_date(self) -> None:
        if not self._current:
            self._current = True
            for _, _, catch_up in self._stores:
                if catch_up is not None:
                    catch_up()

    def common(self, keys: np.ndarray) -> set[int]:
        """Keys held by more than ``common`` pages of any one cache. (Counted per cache, not
        over all of them: a key just under the bound in two caches still counts; it only
        matters once caches hold hundreds of pages sharing one shingle.)"""
        self._up_to_date()
        out: set[int] = set()
        for _, shingled, _ in self._stores:
            out |= shingled.common(keys, self._common)
        return out

    def sharing(self, keys: np.ndarray, least: int, limit: int | None = None
                ) -> list[tuple[str, str, int]]:
        self._up_to_date()
        held: dict[str, int] = {}
        for _, shingled, _ in self._stores:
            for sha, n in shingled.sharing(keys, self.extractor, least):
                held[sha] = max(n, held.get(sha, 0))
        if not held:
            return []
        # A body indexed in one cache may be captured in another (a worker extracted the text
        # of a page another worker fetched): each cache names the URLs it captured it under.
        named: dict[str, tuple[str, int]] = {}
        for i, (_, shingled, _) in enumerate(self._stores):
            for url, sha in shingled.pages(list(held)):
                if url in named or any(_captured(c, url) for c, _, _ in self._stores[:i]):
                    continue  # an earlier cache's newest capture of the URL is the page
                named[url] = (sha, held[sha])
        found: list[tuple[str, str, int]] = []
        for count in sorted({n for _, n in named.values()}, reverse=True):
            if limit is not None and len(found) >= limit:
                break
            found += sorted((url, sha, n) for url, (sha, n) in named.items() if n == count)
        return found

    def shingles(self, sha256: str, text: PageText) -> np.ndarray:
        for _, shingled, _ in self._stores:
            if (kept := shingled.kept(sha256, self.extractor)) is not None:
                return kept
        return page_shingles(text)

    def text(self, sha256: str) -> PageText | None:
        return self._text(sha256)


def _captured(cache: SnapshotCache, url: str) -> bool:
    return any(row.status < 400 for row in cache.index(url))


def catch_up(cache_dir: Path, extractor: str) -> None:
    """Index for found-elsewhere the captures of the cache at ``cache_dir`` its index has
    not seen (an import, an older cache), as the first lookup of a run on it would: the
    workers of a sharded run only read that cache. ``extractor``: the text stage's version
    (``text.EXTRACTOR``), whose texts the index is of."""
    if not (cache_dir / INDEX).exists():
        return
    cache = SnapshotCache(cache_dir)
    try:
        cache.check_index()
        cache.pages(extractor, functools.partial(_first_text, cache)).up_to_date()
    finally:
        cache.close()


def _first_text(cache: SnapshotCache, sha256: str) -> PageText | None:
    """The text of a body no run has read yet, extracted and kept."""
    # (the text stage's reading, as a check reads a page: loaded only when a body needs it)
    from provenance.pipeline import capture_texts

    for capture in reversed(cache.by_digest(sha256)):
        if capture.status < 400:
            for got in capture_texts(cache, capture.url):
                if got.sha256 == sha256:
                    return got.text
    return None

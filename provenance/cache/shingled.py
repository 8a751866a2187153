"""The cache's found-elsewhere index: which cached pages hold which word shingles.

Kept in the index file beside the extracted text, so that it is read, never rebuilt, by a
run: ``shingled`` names each body (sha256) whose text was indexed, under an extractor
version and a shingle scheme (``words.shingles``), with a small id; ``postings`` holds one
row per (shingle key, body id), keyed by the shingle first, so the pages holding any of a
quote's shingles are found by index seeks whose cost does not grow with the cache; and
``shingles`` keeps each body's own shingles in one blob (a document's own sources are
looked up in those, not in shingles made again).

A shingle held by more than ``COMMON`` pages says nothing of where a text comes from and is
left out of lookups (``CachedPages.common``): what a lookup reads is then bounded, however
many pages the cache holds.

A body is indexed when its text is stored (``TextStore.store_text``); captures added in
other ways (an import, a merge, an index rebuilt or from before this table) are indexed
by ``catch_up`` the first time a run looks a quote up: it reads only the captures added
since the last time (``meta`` records how far it got), so a warm run costs one query.
"""

from __future__ import annotations

import functools
import json
import logging
import operator
import os
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

import numpy as np

from provenance.cache.index import Index
from provenance.cache.memo import Memo
from provenance.cache.text_lock import TextBusy
from provenance.errors import CacheError
from provenance.model import PageText
from provenance.words.shingles import SCHEME, page_shingles, shingle_keys

__all__ = ["COMMON", "CachedPages", "ShingleIndex"]

log = logging.getLogger(__name__)
K = TypeVar("K")
V = TypeVar("V")

COMMON = 256  # cached pages: a shingle held by more is left out of lookups (see ``common``)
_THROUGH = "shingled-through {extractor} {scheme}"  # meta key: the last capture id indexed
# The last capture id this process found indexed, per index file (path, device, inode),
# extractor and scheme: a cache whose every body was indexed as its text was kept is
# checked once per process, and not written to for it (the shipped example's stays as is).
_SEEN: dict[tuple[str, int, int, str, str], int] = {}


class ShingleIndex:
    """The found-elsewhere tables of one cache index (see the module's docstring)."""

    def __init__(self, index: Index) -> None:
        self.index = index
        # A batch looks up the same shingles and pages document after document: the answers
        # are kept for the process while the index is unchanged (``memo``).
        self._common, self._postings = Memo(index, most=1 << 16), Memo(index)
        self._bodies, self._pages = Memo(index, most=1 << 16), Memo(index)
        self._kept = Memo(index, most=1024)  # (a page's shingles: thousands of uint64)
        self._caught = Memo(index)  # (extractor, scheme): found up to date

    def add(self, db: sqlite3.Connection, sha256: str, extractor: str, text: PageText,
            again: bool = False) -> None:
        """Index one body's text, inside the caller's write transaction; a body indexed
        already is left as it is, unless ``again`` (its text was extracted again)."""
        shingles = page_shingles(text)
        if again:
            # Its old postings name an id never given again (AUTOINCREMENT): left behind,
            # they join no body. Text is extracted again only after a reader's crash.
            db.execute("DELETE FROM shingled WHERE sha256 = ? AND extractor = ? AND"
                       " scheme = ?", (sha256, extractor, SCHEME))
        cur = db.execute("INSERT OR IGNORE INTO shingled (sha256, extractor, scheme)"
                         " VALUES (?,?,?)", (sha256, extractor, SCHEME))
        if cur.rowcount == 0:
            return
        body = cur.lastrowid
        db.executemany("INSERT OR IGNORE INTO postings (key, body) VALUES (?,?)",
                       ((int(k), body) for k in shingle_keys(shingles)))
        db.execute("INSERT OR REPLACE INTO shingles (sha256, extractor, scheme, hashes)"
                   " VALUES (?,?,?,?)",
                   (sha256, extractor, SCHEME, shingles.astype("<u8").tobytes()))

    def catch_up(self, extractor: str, text_of: Callable[[str], PageText | None]
                 ) -> dict[str, np.ndarray]:
        """Index the bodies of the captures added since the last catch-up (an import, a
        merge, a rebuilt index, one from before this table) that are not indexed yet;
        ``text_of`` gives a body's text (None: it cannot be read, and is passed over;
        TextBusy: another process is making it, and indexes it as it keeps it).
        Returns the shingle keys of the bodies that could not be kept (a read-only cache),
        by sha256, for the caller to search itself. Once found up to date, not asked again
        by this process while the index is unchanged (a batch asks once a document)."""
        version = self._caught.version()
        if self._caught.peek(version, (extractor, SCHEME)) is not None:
            return {}
        unkept, whole = self._catch_up(extractor, text_of)
        if whole and not unkept:  # (kept under the version from before: a write since is
            # another version; a text being made is written when made, or its maker died)
            self._caught.get_at(version, (extractor, SCHEME), lambda: True)
        return unkept

    def _catch_up(self, extractor: str, text_of: Callable[[str], PageText | None]
                  ) -> tuple[dict[str, np.ndarray], bool]:
        """The keys of the bodies that could not be kept, and whether none was passed over
        for another process making its text."""
        key = _THROUGH.format(extractor=extractor, scheme=SCHEME)
        with self.index.reading() as db:
            if db is None:
                return {}, True
            st = os.stat(self.index.path)
            seen = (str(self.index.path), st.st_dev, st.st_ino, extractor, SCHEME)
            row = _optional(db, "SELECT value FROM meta WHERE key = ?", (key,))
            through = max(int(row[0]) if row else 0, _SEEN.get(seen, 0))
            rows = db.execute("SELECT id, sha256 FROM captures WHERE id > ? AND status < 400"
                              " ORDER BY id", (through,)).fetchall()
            if not rows:
                return {}, True
            shas = list(dict.fromkeys(r[1] for r in rows))
            done = {r[0] for r in _all(db, "SELECT sha256 FROM shingled WHERE extractor = ?"
                                       " AND scheme = ? AND sha256 IN (SELECT value FROM"
                                       " json_each(?))", (extractor, SCHEME, json.dumps(shas)))}
        texts, busy = [], set()
        for sha in shas:
            if sha in done:
                continue
            try:
                text = text_of(sha)
            except TextBusy:  # not waited for: its maker indexes it with its text
                busy.add(sha)
                continue
            if text is not None:
                texts.append((sha, text))
        # Caught up to just before the first capture whose text is being made (should its
        # maker die, the next catch-up reads it).
        last = next((r[0] - 1 for r in rows if r[1] in busy), rows[-1][0])
        if not texts:  # all indexed as their texts were kept (or none can be read)
            _SEEN[seen] = last
            return {}, not busy
        try:
            with self.index.connect(write=True) as db:
                for sha, text in texts:
                    self.add(db, sha, extractor, text)
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                           (key, str(last)))
            _SEEN[seen] = last
        except (CacheError, OSError) as exc:
            # The index only saves time: a read-only cache is searched as far as it goes.
            log.warning("found-elsewhere index not brought up to date: %s", exc)
            return {sha: shingle_keys(page_shingles(text)) for sha, text in texts}, not busy
        return {}, not busy

    def common(self, keys: np.ndarray, most: int) -> set[int]:
        """The keys held by more than ``most`` indexed bodies (each counted no further)."""
        version = self._common.version()
        out, unknown = set(), []
        for key in keys.tolist():
            # (a kept answer peeked at first: most are, and a lookup asks a dozen keys)
            held = self._common.peek(version, (key, most))
            if held is None:
                unknown.append(key)
            elif held:
                out.add(key)
        if unknown:  # asked together: after a write (a batch's cold start) all of them are
            found = self._common_of(unknown, most)
            for key in unknown:
                if self._common.get_at(version, (key, most), functools.partial(
                        operator.contains, found, key)):
                    out.add(key)
        return out

    def _common_of(self, keys: list[int], most: int) -> set[int]:
        """Which of ``keys`` more than ``most`` bodies hold, in one query; each key's
        bodies counted no further than that, however many pages a cache holds."""
        with self.index.reading() as db:
            if db is None:
                return set()
            rows = _all(db, "SELECT j.value FROM json_each(?) AS j WHERE (SELECT count(*) FROM"
                            " (SELECT 1 FROM postings WHERE key = j.value LIMIT ?)) > ?",
                        (json.dumps(keys), most + 1, most))
        return {int(r[0]) for r in rows}

    def sharing(self, keys: np.ndarray, extractor: str, least: int) -> list[tuple[str, int]]:
        """(body sha256, keys held) of each indexed body holding at least ``least`` of these
        shingle keys, most first."""
        if len(keys) == 0:
            return []
        version = self._postings.version()
        wanted = keys.tolist()
        kept = [self._postings.peek(version, key) for key in wanted]
        unknown = [k for k, got in zip(wanted, kept, strict=True) if got is None]
        read = self._read_postings(unknown) if unknown else {}  # in one query
        lists = [got if isinstance(got, np.ndarray) else self._postings.get_at(
                 version, key, functools.partial(_postings, read, key))
                 for key, got in zip(wanted, kept, strict=True)]
        ids, held_by = np.unique(np.concatenate(lists), return_counts=True)
        enough = held_by >= least
        counts = dict(zip(ids[enough].tolist(), held_by[enough].tolist(), strict=True))
        held = list(counts)
        unnamed = [b for b in held if not self._bodies.has(version, (b, extractor))]
        named = self._read_bodies(unnamed, extractor) if unnamed else {}
        out = []
        for body in held:
            sha = self._bodies.get_at(version, (body, extractor),
                                      functools.partial(named.get, body))
            if sha is not None:  # a body of another extractor or scheme
                out.append((sha, counts[body]))
        return sorted(out, key=lambda b: -b[1])

    def _read_postings(self, keys: list[int]) -> dict[int, np.ndarray]:
        """The bodies holding each of these keys (one query for all), as read-only int64
        arrays (kept for many keys: 8 bytes a body)."""
        found: dict[int, list[int]] = {}
        with self.index.reading() as db:
            if db is None:
                return {}
            for key, body in _all(db, "SELECT key, body FROM postings WHERE key IN"
                                      " (SELECT value FROM json_each(?))", (json.dumps(keys),)):
                found.setdefault(key, []).append(body)
        out = {}
        for key, bodies in found.items():
            out[key] = np.array(bodies, dtype=np.int64)
            out[key].flags.writeable = False
        return out

    def _read_bodies(self, ids: list[int], extractor: str) -> dict[int, str]:
        """The sha256 of each of these indexed bodies kept under ``extractor`` and the
        scheme."""
        with self.index.reading() as db:
            if db is None:
                return {}
            rows = _all(db, "SELECT id, sha256 FROM shingled WHERE extractor = ? AND"
                            " scheme = ? AND id IN (SELECT value FROM json_each(?))",
                        (extractor, SCHEME, json.dumps(ids)))
        return {r[0]: r[1] for r in rows}

    def pages(self, sha256s: Iterable[str]) -> list[tuple[str, str]]:
        """(URL, sha256) of each URL whose newest capture below status 400 has one of these
        bodies, by URL."""
        shas = list(dict.fromkeys(sha256s))
        version = self._pages.version()
        unknown = [sha for sha in shas if not self._pages.has(version, sha)]
        read = self._read_pages(unknown) if unknown else {}
        return sorted((url, sha) for sha in shas for url in
                      self._pages.get_at(version, sha, functools.partial(_listed, read, sha)))

    def _read_pages(self, sha256s: list[str]) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        with self.index.reading() as db:
            if db is None:
                return {}
            rows = db.execute(
                "SELECT c.url, c.sha256 FROM captures c"
                " WHERE c.sha256 IN (SELECT value FROM json_each(?)) AND c.status < 400"
                " AND NOT EXISTS (SELECT 1 FROM captures d WHERE d.url = c.url"
                " AND d.status < 400 AND (d.fetched_at > c.fetched_at"
                " OR (d.fetched_at = c.fetched_at AND d.id > c.id)))"
                " ORDER BY c.url", (json.dumps(sha256s),)).fetchall()
        for url, sha in rows:
            found.setdefault(sha, []).append(url)
        return {sha: tuple(urls) for sha, urls in found.items()}

    def kept(self, sha256: str, extractor: str) -> np.ndarray | None:
        """The shingles kept for this body's text, None when there are none (or damaged)."""
        return self._kept.get((sha256, extractor), lambda: self._read_kept(sha256, extractor))

    def _read_kept(self, sha256: str, extractor: str) -> np.ndarray | None:
        with self.index.reading() as db:
            if db is None:
                return None
            row = _optional(db, "SELECT hashes FROM shingles WHERE sha256 = ? AND"
                                " extractor = ? AND scheme = ?", (sha256, extractor, SCHEME))
        if row is None or len(row[0]) % 8:
            return None
        return np.frombuffer(bytes(row[0]), dtype="<u8")  # read-only: shared by callers


class CachedPages:
    """The cache's pages as found-elsewhere reads them (``judge.elsewhere.PageStore``):
    under one extractor version, brought up to date on first use with ``read`` (the text
    of a body no run has read yet: extracted and kept)."""

    def __init__(self, shingled: ShingleIndex, extractor: str,
                 text: Callable[[str], PageText | None],
                 read: Callable[[str], PageText | None], common: int = COMMON) -> None:
        self._shingled, self.extractor, self._common = shingled, extractor, common
        self._text, self._read = text, read
        self._current = False
        self._unkept: dict[str, np.ndarray] = {}  # sha256 -> shingle keys not in the cache

    def up_to_date(self) -> None:
        """Index the captures added since the index was last brought up to date (see
        ``ShingleIndex.catch_up``); done on first use anyway."""
        if not self._current:
            self._current = True
            self._unkept = self._shingled.catch_up(
                self.extractor, lambda sha: self._text(sha) or self._read(sha))

    def common(self, keys: np.ndarray) -> set[int]:
        """The shingle keys held by more than COMMON cached pages (or the ``common`` given):
        no evidence of where a text comes from (a search engine's stop words), and left out
        of lookups, which is what keeps a lookup's cost flat however many pages it holds."""
        self.up_to_date()
        return self._shingled.common(keys, self._common)

    def sharing(self, keys: np.ndarray, least: int, limit: int | None = None
                ) -> list[tuple[str, str, int]]:
        """(URL, body sha256, keys held) of each cached page (a URL's newest capture below
        status 400) holding at least ``least`` of these shingle keys (``words.shingles``):
        most first, then by URL; with ``limit``, only as many counts as give ``limit``
        pages (every page of the last count kept)."""
        self.up_to_date()
        held = dict(self._shingled.sharing(keys, self.extractor, least))
        for sha, kept in self._unkept.items():
            if (n := len(np.intersect1d(keys, kept, assume_unique=True))) >= least:
                held[sha] = n
        levels: dict[int, list[str]] = {}  # the bodies holding each count of keys
        for sha, n in held.items():
            levels.setdefault(n, []).append(sha)
        found: list[tuple[str, str, int]] = []
        for count in sorted(levels, reverse=True):
            if limit is not None and len(found) >= limit:
                break
            found += [(url, sha, count) for url, sha in self._shingled.pages(levels[count])]
        return found

    def shingles(self, sha256: str, text: PageText) -> np.ndarray:
        """The shingles of this body's text: as kept, else made from ``text``."""
        kept = self._shingled.kept(sha256, self.extractor)
        return kept if kept is not None else page_shingles(text)

    def text(self, sha256: str) -> PageText | None:
        """The kept text of this body, None when there is none."""
        return self._text(sha256)


_NONE = np.empty(0, dtype=np.int64)
_NONE.flags.writeable = False


def _postings(read: Mapping[int, np.ndarray], key: int) -> np.ndarray:
    """The bodies one query found holding ``key`` (none when it found no row for it)."""
    return read.get(key, _NONE)


def _listed(read: Mapping[K, tuple[V, ...]], key: K) -> tuple[V, ...]:
    """What one query read for ``key`` (nothing when it found no row for it)."""
    return read.get(key, ())


def _optional(db: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> sqlite3.Row | None:
    """One row, or None; None too when the table is not there (an index from before it:
    a read must not write, and the first write makes it)."""
    try:
        row: sqlite3.Row | None = db.execute(sql, args).fetchone()
        return row
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise


def _all(db: sqlite3.Connection, sql: str, args: tuple[object, ...]) -> list[sqlite3.Row]:
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise

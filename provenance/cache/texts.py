"""What is kept beside the captures: extracted text and its word shingles, by body digest
(the shingles in the found-elsewhere index, ``shingled``).

Both only save time (extraction is the slow part of an offline re-run): they are made again
when missing, and a cache that cannot be written to keeps a run going without them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator, Mapping

from provenance.cache.index import Index
from provenance.cache.memo import Memo
from provenance.cache.shingled import ShingleIndex
from provenance.errors import CacheError
from provenance.model import PageText, Problem

__all__ = ["TextStore"]

log = logging.getLogger(__name__)


class TextStore:
    """Extracted text keyed by (body sha256, extractor version), and the word shingles of
    that text keyed by the same and the shingle scheme, in the index's tables."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self.shingled = ShingleIndex(index)
        # A batch's documents cite the same pages: their texts are read and parsed once a
        # process while the index is unchanged (a text stored again changes it).
        # Bounded by their size (a page's text is 1-100 KB), not their number: found-elsewhere
        # aligns quotes with short pages met again through a batch, hundreds of them in a
        # large cache, which a bound of a few hundred texts read again and again.
        self._texts = Memo(index, most=1 << 14, weigh=_text_size, budget=_TEXT_BUDGET)
        self._kept = Memo(index)

    def text(self, sha256: str, extractor: str) -> PageText | None:
        return self._texts.get((sha256, extractor), lambda: next(
            (text for _, text in self.texts([sha256], extractor)), None))

    def kept(self, sha256: str) -> bool:
        """Whether a text of this body is kept, under any extractor version."""
        return self._kept.get(sha256, lambda: self._is_kept(sha256))

    def _is_kept(self, sha256: str) -> bool:
        with self.index.reading() as db:
            return db is not None and db.execute(
                "SELECT 1 FROM texts WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is not None

    def store_text(self, sha256: str, extractor: str, text: PageText) -> None:
        self.store_texts([(sha256, text)], extractor)

    def store_texts(self, texts: Iterable[tuple[str, PageText]], extractor: str) -> None:
        """Keep these (body sha256, text) pairs, in one transaction."""
        try:
            with self.index.connect(write=True) as db:
                for sha256, text in texts:
                    db.execute("INSERT OR REPLACE INTO texts (sha256, extractor, json)"
                               " VALUES (?,?,?)", (sha256, extractor, _text_to_json(text)))
                    # Indexed for found-elsewhere with it, so no run makes its shingles again.
                    self.shingled.add(db, sha256, extractor, text, again=True)
        except (CacheError, OSError) as exc:
            # Cached text only saves time; a read-only or full cache must not stop a run.
            log.warning("extracted text not cached: %s", exc)

    def texts(self, sha256s: Iterable[str], extractor: str) -> Iterator[tuple[str, PageText]]:
        """(sha256, text) of each of these bodies whose extracted text is kept, read over one
        connection (a cache of thousands of pages is read at once)."""
        # Read whole before the first yield: a generator left suspended holds whatever its
        # ``with`` holds, and one closed from another thread (a profiler's, the garbage
        # collector's) would let go of the connection's lock from a thread that never took it.
        with self.index.reading() as db:
            if db is None:
                return
            rows = [(sha, row[0]) for sha in sha256s if (row := db.execute(
                "SELECT json FROM texts WHERE sha256 = ? AND extractor = ?",
                (sha, extractor)).fetchone()) is not None]
        for sha, data in rows:
            try:
                yield sha, _text_from_json(data)
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("cached text for %s (%s) is damaged, extracting again: %s",
                            sha, extractor, exc)

    def shingles(self, extractor: str, scheme: str) -> dict[str, bytes]:
        """sha256 -> the kept shingle hashes of that body's text (as ``store_shingles`` got
        them), for every body kept under this extractor and shingle scheme."""
        with self.index.reading() as db:
            # An index from before shingles were kept has no table for them.
            if db is None or not db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shingles'"
            ).fetchone():
                return {}
            rows = db.execute("SELECT sha256, hashes FROM shingles WHERE extractor = ? AND"
                              " scheme = ?", (extractor, scheme)).fetchall()
        return {row[0]: bytes(row[1]) for row in rows}

    def store_shingles(self, hashes: Mapping[str, bytes], extractor: str, scheme: str) -> None:
        """Keep the shingle hashes of these bodies' texts, in one transaction."""
        if not hashes:
            return
        try:
            with self.index.connect(write=True) as db:
                db.executemany("INSERT OR REPLACE INTO shingles (sha256, extractor, scheme,"
                               " hashes) VALUES (?,?,?,?)",
                               [(sha, extractor, scheme, blob) for sha, blob in hashes.items()])
        except (CacheError, OSError) as exc:
            # Like cached text, kept shingles only save time.
            log.warning("shingles not cached: %s", exc)


_TEXT_BUDGET = 32 << 20  # characters of page text kept per cache and process


def _text_size(text: object) -> int:
    return len(text.main) + len(text.full) if isinstance(text, PageText) else 0


def _text_to_json(text: PageText) -> str:
    return json.dumps({
        "main": text.main, "full": text.full, "title": text.title,
        "date": text.date.isoformat() if text.date else None, "author": text.author,
        "language": text.language, "problem": text.problem and text.problem.to_json(),
    }, ensure_ascii=False)


def _text_from_json(data: str) -> PageText:
    d = json.loads(data)
    return PageText(
        main=d["main"], full=d["full"], title=d.get("title"),
        date=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
        author=d.get("author"), language=d.get("language"),
        problem=Problem.from_json(d.get("problem")))

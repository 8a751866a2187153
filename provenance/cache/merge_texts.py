"""What a merge carries beside the captures: the extracted text of their bodies, and their
rows in the found-elsewhere index.

A shard's worker extracted the text of each page it read and indexed its word shingles
(``texts``, ``shingled``). Without them the merged cache would hold captures no run has
read: the first run over it would extract every page again, and its found-elsewhere lookup
would first index every merged body (``ShingleIndex.catch_up``). ``merge_texts`` copies
the texts the cache lacks, for the bodies of the captures merged, and indexes each one as
it is stored (``SnapshotCache.store_text``), so that run reads them instead. Only texts the
shard holds and the cache lacks are read: the cost follows what the shard added.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Collection

from provenance.cache.index import Index
from provenance.cache.store import SnapshotCache
from provenance.errors import CacheError

__all__ = ["merge_texts"]

log = logging.getLogger(__name__)

_CHUNK = 256  # texts copied per transaction


def merge_texts(source: SnapshotCache, into: SnapshotCache, shas: Collection[str]) -> int:
    """Copy into ``into`` the texts ``source`` keeps of these bodies (every extractor
    version) that ``into`` does not; the number copied. Kept text only saves time: a text
    that cannot be read or written is left to be extracted again, with a warning."""
    if not shas:
        return 0
    copied = 0
    try:
        extractors = _extractors(Index(source.root))
        for extractor in extractors:
            held = {sha for sha, _ in into.texts(shas, extractor)}
            lacking = [s for s in shas if s not in held]
            # A transaction (and a sync to disk) for a few hundred texts, not for each; and
            # a few hundred held in memory at once, whatever the shard's size.
            for at in range(0, len(lacking), _CHUNK):
                texts = list(source.texts(lacking[at:at + _CHUNK], extractor))
                into.store_texts(texts, extractor)
                copied += len(texts)
    except (CacheError, OSError, sqlite3.Error) as exc:
        log.warning("extracted text of %s not merged: %s", source.root, exc)
    return copied


def _extractors(index: Index) -> list[str]:
    try:
        with index.reading() as db:
            if db is None:
                return []
            try:
                rows = db.execute("SELECT DISTINCT extractor FROM texts").fetchall()
            except sqlite3.OperationalError:  # an index from before texts were kept
                return []
    finally:
        index.close()
    return sorted(r[0] for r in rows)

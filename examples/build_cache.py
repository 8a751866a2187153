"""Rebuild the evidence cache that ships with the example (``cache/`` at the project root).

The example's pages are synthetic (fictional outlets, ``examples/pages/``). They are stored as
imported captures (origin ``import``) under the URLs the example document cites, exactly as a
user imports a page saved by hand. Run from the project root:

    python examples/build_cache.py [CACHE_DIR]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
import sys
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import Origin, Snapshot
from provenance.text.extract import EXTRACTOR, extract_text

HERE = Path(__file__).resolve().parent
PAGES = {
    "https://www.harbour-gazette.example/2026/03/02/council-approves-port-expansion":
        "harbour-gazette-port-expansion.html",
    "https://www.coastal-ledger.example/opinion/editorial-a-quay-we-cannot-afford-to-get-wrong":
        "coastal-ledger-editorial.html",
}
# A fixed capture time keeps the shipped cache reproducible byte for byte.
CAPTURED = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)


def build(cache_dir: Path) -> None:
    cache = SnapshotCache(cache_dir)
    for url, name in PAGES.items():
        snap = cache.latest(url)
        if snap is None:
            body = (HERE / "pages" / name).read_bytes()
            snap = cache.store(Snapshot(
                url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
                fetched_at=CAPTURED, sha256=hashlib.sha256(body).hexdigest(), body=body,
                headers=(("Content-Type", "text/html; charset=utf-8"),), origin=Origin.IMPORT,
            ))
        # Ship the extracted text too, so running the example reads the cache and writes
        # nothing (re-run this script after bumping the extractor version).
        if cache.text(snap.sha256, EXTRACTOR) is None:
            cache.store_text(snap.sha256, EXTRACTOR, extract_text(snap))
    # Its pages indexed for found-elsewhere too (made when their text is kept; a cache from
    # before that index gets it here), and the file left in rollback-journal mode, which a
    # reader without write access to the folder can still open.
    cache.pages(EXTRACTOR, lambda sha: None).up_to_date()
    cache.close()
    with contextlib.closing(sqlite3.connect(cache_dir / "index.sqlite")) as db:
        db.execute("PRAGMA journal_mode = DELETE")


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "cache")

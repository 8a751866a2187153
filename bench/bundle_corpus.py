"""Synthetic evidence for the bundle benchmark and the bundle tests: a cache of article pages
(generated, each saying it is synthetic; words drawn at random so they compress as prose does,
about 3:1), a JSON report whose manifest names every capture, and the document."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import Snapshot

__all__ = ["make_run", "page"]

DOCUMENT = "A synthetic document that cites every page.\n"

WORDS = (
    "harbour", "council", "vote", "expansion", "shipping", "fees", "taxpayers", "quay",
    "crowns", "spring", "plans", "authority", "chair", "residents", "debate", "autumn", "town",
    "eleven", "four", "friday", "decision", "burden", "deep", "water", "phase", "cost", "open",
    "published", "according", "said", "after", "the", "of", "and", "to", "in", "a", "was",
    "that", "would", "not", "be", "by", "is", "for", "on", "with", "as", "it", "at", "from",
    "this", "have", "were",
)


def page(rng: random.Random, n: int, size: int) -> bytes:
    paragraphs = []
    total = 0
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120))) + "."
        paragraphs.append(f"<p>{text.capitalize()}</p>")
        total += len(text) + 7
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Synthetic page {n}</title></head><body><p>Synthetic test page: not a "
            f"real article.</p>{''.join(paragraphs)}</body></html>").encode()


def make_run(folder: Path, count: int, page_kb: int, document: str = DOCUMENT
             ) -> tuple[SnapshotCache, Path, list[Path]]:
    """A cache of ``count`` captures of about ``page_kb`` KB, the document (``document``)
    and the report naming them all, under ``folder``; and the files a bundle of them is read
    from."""
    rng = random.Random(count)
    cache = SnapshotCache(folder / "cache")
    captures = []
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for n in range(count):
        body = page(rng, n, page_kb * 1024)
        url = f"https://synthetic.invalid/article/{n}"
        stored = cache.store(Snapshot(
            url=url, final_url=url, status=200, content_type="text/html; charset=utf-8",
            fetched_at=when + dt.timedelta(seconds=n), sha256=hashlib.sha256(body).hexdigest(),
            body=body, headers=(("Content-Type", "text/html; charset=utf-8"),)))
        captures.append({"url": url, "final_url": url, "sha256": stored.sha256,
                         "warc": stored.warc, "fetched_at": stored.fetched_at.isoformat()})
    doc = folder / "story.md"
    doc.write_text(document, encoding="utf-8")
    report = folder / "story.json"
    report.write_text(json.dumps({
        "created_at": when.isoformat(), "verdicts": [],
        "manifest": {"captures": captures, "settings": {},
                     "document": {"origin": str(doc),
                                  "sha256": hashlib.sha256(doc.read_bytes()).hexdigest()}},
    }), encoding="utf-8")
    # Every file the bundle's bytes come from, in the order the write reads them.
    files = [report, *sorted({cache.root / str(c["warc"]).split("#")[0] for c in captures}),
             doc]
    return cache, report, files

"""Synthetic pages, documents and evidence caches for bench_batch.

Every page and document made here says it is synthetic. Pages are stored in a cache as
imported captures (origin ``import``), the way a user imports a saved page, under
``https://outlet-N.example/...`` URLs: nothing is ever fetched. The extracted text of the
cited pages is left out, so the first run over a fresh copy of the cache is a cold one
(it extracts and keeps the text); pages added only to grow the cache get their text stored
directly, as a cache that has served many earlier runs holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import Origin, PageText, Snapshot
from provenance.text.extract import EXTRACTOR

NOUNS = ("council", "harbour", "ferry", "pilot", "keeper", "fisherman", "channel", "quay",
         "budget", "mayor", "tide", "lighthouse", "dredger", "committee", "warehouse", "levy",
         "engineer", "captain", "crane", "inspector", "market", "bridge", "station", "school")
VERBS = ("approved", "delayed", "questioned", "funded", "rejected", "inspected", "praised",
         "reviewed", "moved", "repaired", "closed", "opened", "measured", "doubled", "sold")
ADJS = ("northern", "new", "old", "costly", "narrow", "busy", "quiet", "wooden", "public",
        "second", "deep", "western", "small", "early", "late", "empty", "famous")
PLACES = ("the bay", "the old town", "the river mouth", "the east pier", "the market square",
          "the island", "the shipyard", "the south shore", "the valley", "the ring road")
SYNTHETIC = "This is a synthetic page made for the provenance batch benchmark."
CAPTURED = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def sentence(rng: random.Random) -> str:
    a, b = rng.choice(NOUNS), rng.choice(NOUNS)
    return (f"The {rng.choice(ADJS)} {a} {rng.choice(VERBS)} the {rng.choice(ADJS)} {b} "
            f"near {rng.choice(PLACES)} after {rng.randint(2, 98)} days of {rng.choice(NOUNS)} "
            f"talks")


@dataclass(frozen=True, slots=True)
class Page:
    url: str
    outlet: str
    title: str
    paragraphs: tuple[str, ...]

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p.split(". ") if s]

    @property
    def text(self) -> str:
        return "\n\n".join((self.title, SYNTHETIC, *self.paragraphs))

    def html(self) -> bytes:
        paras = "".join(f"<p>{p}</p>\n" for p in self.paragraphs)
        return (f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{self.title}</title></head><body><header>{self.outlet}</header>"
                f"<article><h1>{self.title}</h1><p>{SYNTHETIC}</p>\n{paras}</article>"
                f"<footer>Synthetic outlet {self.outlet}</footer></body></html>").encode()


def make_pages(n: int, seed: int, paragraphs: int = 12, start: int = 0) -> list[Page]:
    """``n`` synthetic pages of ``paragraphs`` paragraphs of four sentences each."""
    rng = random.Random(seed)
    pages = []
    for i in range(start, start + n):
        outlet = f"Outlet {i}"
        paras = tuple(". ".join(sentence(rng) for _ in range(4)) + "."
                      for _ in range(paragraphs))
        pages.append(Page(f"https://outlet-{i}.example/news/story-{i}", outlet,
                          f"Synthetic story {i}: {sentence(rng)}", paras))
    return pages


def _snapshot(page: Page) -> Snapshot:
    return _imported(page.url, page.html())


def import_page(cache_dir: Path, url: str, body: bytes) -> None:
    """A saved page imported into the cache, its text not extracted yet."""
    SnapshotCache(cache_dir).store(_imported(url, body))


def _imported(url: str, body: bytes) -> Snapshot:
    return Snapshot(url=url, final_url=url, status=200,
                    content_type="text/html; charset=utf-8", fetched_at=CAPTURED,
                    sha256=hashlib.sha256(body).hexdigest(), body=body,
                    headers=(("Content-Type", "text/html; charset=utf-8"),),
                    origin=Origin.IMPORT)


def store_pages(cache_dir: Path, pages: list[Page], *, with_text: bool) -> None:
    """Import ``pages`` into the cache; ``with_text`` stores their text as extracted text
    too (for pages that only make the cache bigger: extracting 20,000 pages would take
    longer than the benchmark)."""
    cache = SnapshotCache(cache_dir)
    try:
        for page in pages:
            snap = cache.store(_snapshot(page))
            if with_text:
                cache.store_text(snap.sha256, EXTRACTOR,
                                 PageText(main="\n\n".join(page.paragraphs), full=page.text,
                                          title=page.title, language="en"))
    finally:
        # Closed, so that no log file of its connection comes and goes while the cache is
        # copied for each run (a copy found one listed, then gone, and failed).
        cache.close()


def _altered(rng: random.Random, text: str) -> str:
    words = text.split()
    i = rng.randrange(2, len(words) - 2)
    words[i] = "brand-new" if words[i] != "brand-new" else "second"
    return " ".join(words)


def make_document(rng: random.Random, pages: list[Page], n: int, quotes: int = 5,
                  filler: int = 4) -> str:
    """A synthetic Markdown document: ``quotes`` quotations, each cited by a link to one of
    ``pages``; most verbatim, one in five altered by a word, one in five in no page."""
    out = [f"# Synthetic document {n}", "",
           "*A synthetic document made for the provenance batch benchmark; every outlet, "
           "person and page in it is invented.*", ""]
    for q in range(quotes):
        page = rng.choice(pages)
        said = rng.choice(page.sentences).rstrip(".")
        if q % 5 == 3:
            said = _altered(rng, said)
        elif q % 5 == 4:
            said = sentence(rng)  # in no page: it is looked up elsewhere
        prose = " ".join(sentence(rng) + "." for _ in range(filler))
        out += [f"{prose} The {rng.choice(ADJS)} {rng.choice(NOUNS)} put it plainly: "
                f"“{said}” ([{page.outlet}]({page.url})).", ""]
    return "\n".join(out)


def make_documents(n: int, pages: list[Page], seed: int, quotes: int = 5,
                   filler: int = 4) -> list[str]:
    rng = random.Random(seed)
    return [make_document(rng, pages, i, quotes, filler) for i in range(n)]


def growth_caches(root: Path, cited: list[Page], sizes: tuple[int, ...], seed: int,
                  report: bool = False) -> list[Path]:
    """One cache per size in ``sizes`` (cached pages in all), each holding the ``cited``
    pages and synthetic pages that no document cites; built once and kept under ``root``
    (a cache of 20,000 pages takes minutes to import)."""
    import shutil
    import time

    out, grown, have = [], root / "growing", 0
    for size in sizes:
        done = root / f"pages-{size}"
        out.append(done)
        if done.is_dir():
            have = size
            continue
        if not grown.is_dir() or have == 0:
            shutil.rmtree(grown, ignore_errors=True)
            if have:
                shutil.copytree(root / f"pages-{have}", grown,
                                ignore=shutil.ignore_patterns("*-wal", "*-shm"))
            else:
                store_pages(grown, cited, with_text=False)
                have = len(cited)
        start = time.perf_counter()
        store_pages(grown, make_pages(size - have, seed + size, paragraphs=4,
                                      start=10_000_000 + have), with_text=True)
        if report:
            print(f"  cache of {size} pages built in {time.perf_counter() - start:.0f} s",
                  flush=True)
        # The index file is whole after each write; the log files of a connection still open
        # come and go under the copy.
        shutil.copytree(grown, done, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
        have = size
    shutil.rmtree(grown, ignore_errors=True)
    return out

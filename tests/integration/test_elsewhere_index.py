"""The found-elsewhere index kept in the cache: built as texts are kept, caught up for
captures added otherwise, read (not rebuilt) by each lookup, and answering as the index
made in memory from the same pages does."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import shutil
from pathlib import Path

import numpy as np

from provenance.cache.store import SnapshotCache
from provenance.judge.elsewhere import (
    Cached,
    ElsewhereIndex,
    cached_candidates,
    find_elsewhere,
    page_shingles,
)
from provenance.model import (
    Citation,
    CitationHow,
    Origin,
    PageText,
    Snapshot,
    Source,
    Status,
    Verdict,
)
from tests.conftest import make_quote

EXTRACTOR = "test-1"
FIXTURE = Path(__file__).resolve().parents[1] / "data" / "cache-format-1"
WORDS = ("river", "bridge", "city", "market", "night", "train", "rain", "field", "book",
         "table", "window", "street", "harbour", "boat", "square", "museum", "theatre")
QUOTE = "the council approved the harbour reform yesterday with eleven votes in favour"


def _page(i: int, planted: bool = False) -> PageText:
    rng = random.Random(i)
    text = f"Synthetic test page {i}. " + " ".join(rng.choice(WORDS) for _ in range(200))
    if planted:
        text = text[:300] + " " + QUOTE.capitalize() + ". " + text[300:]
    return PageText(text, "Headline. " + text)


def _snapshot(url: str, body: bytes, when: int = 0, status: int = 200) -> Snapshot:
    return Snapshot(url=url, final_url=url, status=status, content_type="text/html",
                    fetched_at=dt.datetime(2026, 1, 1, 12, when, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body,
                    headers=(("Content-Type", "text/html"),), origin=Origin.IMPORT)


def _fill(cache: SnapshotCache, pages: dict[str, PageText], with_text: bool = True) -> None:
    for url, text in pages.items():
        snap = cache.store(_snapshot(url, f"<p>synthetic page {url}</p>".encode()))
        if with_text:
            cache.store_text(snap.sha256, EXTRACTOR, text)


def _no_read(sha: str) -> PageText | None:
    raise AssertionError(f"{sha} read: every text is kept")


def test_a_lookup_reads_the_kept_index_and_agrees_with_one_made_in_memory(
        tmp_path: Path) -> None:
    pages = {f"https://archive.example/{i}": _page(i, planted=i == 37) for i in range(80)}
    cache = SnapshotCache(tmp_path / "cache")
    _fill(cache, pages)
    store = cache.pages(EXTRACTOR, _no_read)
    memory = ElsewhereIndex()
    for url, text in pages.items():
        memory.add_cached(Cached(url, page_shingles(text), lambda text=text: text))
    kept = ElsewhereIndex(store)
    for quote in (make_quote(QUOTE), make_quote(pages["https://archive.example/5"].main[40:160])):
        assert kept.candidates(quote) == memory.candidates(quote)
        assert kept.lookup(quote) == memory.lookup(quote)
    url, match = kept.lookup(make_quote(QUOTE))  # type: ignore[misc]
    assert url == "https://archive.example/37" and match.edits == ()
    assert kept.lookup(make_quote(QUOTE), exclude=[url]) is None
    assert len(kept) == 0  # nothing was loaded into memory


def test_cached_candidates_names_the_pages_sharing_shingles_with_a_text(
        tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    _fill(cache, {"https://a.example/x": _page(1, planted=True),
                  "https://b.example/y": _page(2, planted=True),
                  "https://c.example/z": _page(3)})
    store = cache.pages(EXTRACTOR, _no_read)
    got = cached_candidates(store, [QUOTE])  # its 12 words: 10 shingles, all held
    assert [(url, held) for url, _, held in got] == [("https://a.example/x", 10),
                                                      ("https://b.example/y", 10)]
    assert got[0][1] == cache.latest("https://a.example/x").sha256  # type: ignore[union-attr]
    assert [c[0] for c in cached_candidates(store, [QUOTE], exclude=["https://a.example/x"])] \
        == ["https://b.example/y"]
    assert cached_candidates(store, ["two words"]) == []


def test_captures_added_without_text_are_indexed_once_on_first_use(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    _fill(cache, {"https://a.example/x": _page(1)})
    _fill(cache, {"https://b.example/y": _page(2, planted=True)}, with_text=False)  # imported
    read: list[str] = []

    def extract(sha: str) -> PageText | None:
        read.append(sha)
        cache.store_text(sha, EXTRACTOR, _page(2, planted=True))  # as the pipeline keeps it
        return cache.text(sha, EXTRACTOR)

    got = cached_candidates(cache.pages(EXTRACTOR, extract), [QUOTE])
    assert [c[0] for c in got] == ["https://b.example/y"] and len(read) == 1
    cached_candidates(cache.pages(EXTRACTOR, extract), [QUOTE])
    assert len(read) == 1  # caught up once: later runs only read the index
    # A newer capture of a URL replaces its body as a candidate; an error page is none.
    cache.store(_snapshot("https://b.example/y", b"<p>synthetic, changed</p>", when=5))
    cache.store_text(cache.latest("https://b.example/y").sha256,  # type: ignore[union-attr]
                     EXTRACTOR, _page(4))
    cache.store(_snapshot("https://a.example/x", b"<p>synthetic, gone</p>", when=5,
                          status=404))
    _fill(cache, {"https://c.example/z": _page(5, planted=True)})
    got = cached_candidates(cache.pages(EXTRACTOR, extract), [QUOTE])
    assert [c[0] for c in got] == ["https://c.example/z"]


def test_a_documents_own_sources_come_first_and_keep_their_kept_shingles(
        tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    own, other = "https://own.example/cited", "https://other.example/page"
    _fill(cache, {own: _page(1), other: _page(2, planted=True)})
    own_sha = cache.latest(own).sha256  # type: ignore[union-attr]
    cited = Source(Citation("c1", CitationHow.URL, url=own),
                   text=_page(1))
    missing = Verdict(make_quote(QUOTE, citation=cited.citation), Status.MISSING,
                      "not in the cited page", source=cited)
    store = cache.pages(EXTRACTOR, _no_read)
    (out,) = find_elsewhere([missing], {own: _page(1)}, store=store, digests={own: own_sha})
    assert out.elsewhere == other
    # The same page both cited by the document and cached is read as the document's.
    second = "https://second.example/cited"
    (out,) = find_elsewhere([missing], {second: _page(2, planted=True)}, store=store)
    assert out.elsewhere == second


def test_an_index_from_before_the_table_is_caught_up_and_loses_nothing(
        tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path / "cache")
    cache = SnapshotCache(tmp_path / "cache")
    before = cache.index()
    page = _page(9, planted=True)
    store = cache.pages("fixture-1", lambda sha: page)
    got = cached_candidates(store, [QUOTE])
    # Both captures are of one URL: its newest (the hand-saved page) is the candidate.
    assert [(c[0], c[1]) for c in got] == [(before[-1].url, before[-1].sha256)]
    assert cache.index() == before
    first = cache.captures(before[0].url)[0]
    assert b"will reopen before the summer season" in first.body
    text = cache.text(first.sha256, "fixture-1")
    assert text is not None and text.main == "main words"
    assert cache.verify().ok


def test_shingles_most_pages_hold_say_nothing_and_are_left_out(tmp_path: Path) -> None:
    boilerplate = "the council approved the harbour reform yesterday"
    quote = f"{boilerplate} with eleven votes in favour of the plan"
    cache = SnapshotCache(tmp_path / "cache")
    texts = {f"https://archive.example/{i}": f"Synthetic test page {i}. "
             f"{boilerplate.capitalize()}. " + " ".join(random.Random(i).choice(WORDS)
                                                       for _ in range(40)) for i in range(4)}
    texts["https://archive.example/planted"] = f"Synthetic test page. {quote.capitalize()}."
    pages = {url: PageText(text, text) for url, text in texts.items()}
    _fill(cache, pages)
    everything = cached_candidates(cache.pages(EXTRACTOR, _no_read), [quote])
    assert len(everything) == 3  # the boilerplate alone is 30% of the quote's shingles
    # Held by more than 2 pages, the boilerplate's shingles are no evidence: only the
    # page holding the rest of the quote is a candidate (its share counted on the rest).
    store = cache.pages(EXTRACTOR, _no_read, common=2)
    assert store.common(np.array([0])) == set()
    got = cached_candidates(store, [quote])
    assert [c[0] for c in got] == ["https://archive.example/planted"]
    assert got[0][2] == 8  # 13 shingles, 5 of them the boilerplate's
    kept = ElsewhereIndex(store)
    url, match = kept.lookup(make_quote(quote))  # type: ignore[misc]
    assert url == "https://archive.example/planted" and match.edits == ()

"""Speed of match + judge, and of the found-elsewhere index, against a difflib baseline.

Run from the repository root:  python -m bench.bench_speed [--quick]

1. A 300-character quote against a 200 KB page (text cut from the corpus pages): median
   time per quote, for quotes found verbatim, altered by one word, and absent.
2. 1,000 quotes against their sources (the accuracy benchmark's cases): median per quote,
   difflib timed on each block of ten quotes right after ours. Two what-ifs follow, timed the
   same way, to show where the time goes: a floor (the found quotes answered by the least
   any matcher on word keys must do in Python), and ours with every quote's word keys given
   for free.
3. Found elsewhere: one quote against 10,000 indexed pages (built from corpus sentences), and
   indexing those pages from the shingles a cache keeps, beside making them from the texts.

The baseline is what a careful script does with the standard library: difflib's longest
common block between quote and page, then the similarity of the page window there (the
approach of the ``quotecheck`` package). It runs in the same process on the same inputs;
the ratio is baseline median / ours median.
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.cases import build_cases, load_pages, no_corpus, sentences
from provenance.cache.store import SnapshotCache
from provenance.judge.elsewhere import (
    SCHEME,
    Cached,
    ElsewhereIndex,
    pack_shingles,
    unpack_shingles,
)
from provenance.judge.verdicts import judge
from provenance.match import items as match_items
from provenance.match import search as match_search
from provenance.match.search import best_match, prepare, verbatim
from provenance.model import (
    Citation,
    CitationHow,
    PageText,
    Quote,
    Source,
    Span,
    Status,
    Verdict,
)
from provenance.settings import Settings
from provenance.text.extract import EXTRACTOR
from provenance.words import normalize
from provenance.words.normalize import words


def difflib_locate(quote: str, page: str) -> float:
    """Baseline: longest common block, then the similarity of the window it points at."""
    sm = difflib.SequenceMatcher(None, page, quote, autojunk=False)
    lm = sm.find_longest_match(0, len(page), 0, len(quote))
    start = max(0, lm.a - lm.b)
    window = page[start:start + len(quote)]
    return difflib.SequenceMatcher(None, window, quote, autojunk=False).ratio()


def _timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _quote(text: str) -> Quote:
    return Quote(text, Span(0, len(text)), 1, 1)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.3f} ms"


def big_page(pages: list, size: int = 200_000) -> str:
    text = ""
    for p in pages:
        if p.text.main:
            text += p.text.main + "\n\n"
        if len(text) >= size:
            break
    return text[:size]


def quotes_of(page: str, n: int, rng: random.Random, length: int = 300) -> list[str]:
    w = words(page)
    out = []
    while len(out) < n:
        i = rng.randrange(0, len(w) - 80)
        j = i
        while j < len(w) - 1 and w.ends[j] - w.starts[i] < length:
            j += 1
        out.append(page[w.starts[i]:w.ends[j - 1]])
    return out


def one_word_changed(q: str, rng: random.Random) -> str:
    ws = q.split(" ")
    i = rng.randrange(1, len(ws) - 1)
    ws[i] = "zanahoria"
    return " ".join(ws)


def section_big_page(pages: list, reps: int) -> None:
    rng = random.Random(1)
    page = big_page(pages)
    prep = _timed(lambda: prepare(page))
    text = PageText(page, page)
    print(f"\n1. 300-character quotes against a {len(page) // 1000} KB page "
          f"({len(words(page))} words); preparing the page once: {_ms(prep)}")
    found = quotes_of(page, reps, rng)
    altered = [one_word_changed(q, rng) for q in found]
    others = [p.text.main for p in pages[::-1] if p.text.main and p.text.main[:200] not in page]
    absent = quotes_of("\n".join(others), reps, rng)
    print(f"   {'kind':<10} {'ours (median)':>16} {'difflib (median)':>18} {'ratio':>8}")
    for name, qs in (("found", found), ("altered", altered), ("absent", absent)):
        ours = [_timed(lambda q=q: best_match(_quote(q), text)) for q in qs]
        base = [_timed(lambda q=q: difflib_locate(q, page)) for q in qs[: max(3, reps // 5)]]
        mo, mb = statistics.median(ours), statistics.median(base)
        print(f"   {name:<10} {_ms(mo):>16} {_ms(mb):>18} {mb / mo:7.0f}x")
    # Cold: a page not seen before (a copy with a different first character).
    cold = [_timed(lambda q=q, n=n: best_match(_quote(q), PageText(f"{n} " + page[1:], "")))
            for n, q in enumerate(altered[:5])]
    mb = statistics.median([_timed(lambda q=q: difflib_locate(q, page)) for q in altered[:3]])
    print(f"   cold (page prepared inside the timing, altered quote): "
          f"{_ms(statistics.median(cold))}, ratio {mb / statistics.median(cold):.0f}x")


_BLOCK = 10  # quotes matched in a row before difflib takes the same ones


def section_cases(pages: list, n: int, rounds: int) -> None:
    """Each quote is matched once, on first sight, as the pipeline does. The quotes go in
    blocks of ``_BLOCK``, as the pipeline matches a document's quotes one after another,
    and difflib runs on each block right after ours: the two are timed in the same moment
    of the machine, whose speed drifts (up to 1.5x between spells here), so the ratio
    holds better than either time. The cases are cut into ``rounds`` slices, and each
    slice's ratio is printed too, to show how far it moves."""
    cases = build_cases(pages)
    rng = random.Random(3)
    rng.shuffle(cases)
    cases = cases[:n]
    settings = Settings()
    # The pipeline extracts each source once; the matcher prepares each text once too.
    prep = [_timed(lambda p=p: (prepare(p.text.main), prepare(p.text.full))) for p in pages]
    quotes = [Quote(c.quote, Span(0, len(c.quote)), 1, 1, language=c.page.language,
                    segments=c.segments) for c in cases]
    sources = [Source(Citation("c", CitationHow.URL, url=c.page.url), text=c.page.text)
               for c in cases]
    ours = [lambda q=q, c=c, s=s: judge(q, s, best_match(q, c.page.text), settings)
            for q, c, s in zip(quotes, cases, sources, strict=True)]
    times, base = _in_blocks(ours, cases)
    mo, mb = statistics.median(times), statistics.median(base)
    print(f"\n2. {len(cases)} quotes against their sources (pages of "
          f"{min(len(p.text.main) for p in pages if p.text.main) // 1000}-"
          f"{max(len(p.text.main) for p in pages) // 1000} KB of main text)")
    print(f"   preparing each page's texts once: median {_ms(statistics.median(prep))}, "
          f"total {sum(prep):.2f} s")
    print(f"   ours: median {_ms(mo)}, p95 {_ms(sorted(times)[int(len(times) * .95)])}, "
          f"total {sum(times):.2f} s")
    print(f"   difflib: median {_ms(mb)}, total {sum(base):.1f} s; ratio {mb / mo:.0f}x")
    size = len(cases) // rounds
    ratios = [statistics.median(base[i:i + size]) / statistics.median(times[i:i + size])
              for i in range(0, size * rounds, size)]
    print(f"   ratio in each slice of {size}: " + ", ".join(f"{r:.0f}x" for r in ratios))
    for status in ("found", "altered", "missing"):
        idx = [i for i, c in enumerate(cases) if c.expected == status]
        if idx:
            o = statistics.median(times[i] for i in idx)
            b = statistics.median(base[i] for i in idx)
            print(f"     expected {status:<8} n={len(idx):4d}  ours {_ms(o)}  difflib {_ms(b)}  "
                  f"ratio {b / o:.0f}x")
    # Where the median falls: found quotes are just over half the cases, so the median sits
    # among the slowest found ones, the long typographic variants and those with [brackets]
    # or ellipses.
    for name, gaps in (("found, plain", False), ("found, [..] or ...", True)):
        idx = [i for i, c in enumerate(cases) if c.expected == "found"
               and (c.group in ("bracket", "ellipsis")) is gaps]
        if idx:
            o = statistics.median(times[i] for i in idx)
            print(f"       {name:<18} n={len(idx):4d}  ours {_ms(o)}")
    print(f"     the two quotes at the median: {_at_median(cases, times)}")
    section_floor(cases, quotes, sources, times, mb)
    section_keys_given(cases, ours)


def _at_median(cases: list, times: list[float]) -> str:
    rank = sorted(range(len(cases)), key=lambda i: times[i])
    middle = [cases[i] for i in rank[len(rank) // 2 - 1: len(rank) // 2 + 1]]
    return ", ".join(f"{c.expected} ({c.group})" for c in middle)


def _in_blocks(runs: list[Callable[[], object]], cases: list) -> tuple[list[float], list[float]]:
    """Each run timed once, in blocks of ``_BLOCK``, difflib on each block right after it."""
    times: list[float] = []
    base: list[float] = []
    for at in range(0, len(cases), _BLOCK):
        block = range(at, min(at + _BLOCK, len(cases)))
        times += [_timed(runs[i]) for i in block]
        base += [_timed(lambda c=cases[i]: difflib_locate(c.quote, c.page.text.main))
                 for i in block]
    return times, base


def _floor(quote: Quote, source: Source, text: PageText) -> Verdict | None:
    """The least any matcher on word keys does for a found quote: the quote's keys, one
    lookup in the page's word index (the body, then the whole page), the Match and the
    Verdict. Nothing is checked or explained. Quotes with [brackets] or ellipses are not in
    a row on the page, so this gives up on them at once: faster than any real answer."""
    m = verbatim(quote, text)
    return None if m is None else Verdict(quote, Status.FOUND, "found verbatim", m,
                                          source=source)


def section_floor(cases: list, quotes: list[Quote], sources: list[Source],
                  times: list[float], base_median: float) -> None:
    """How near the 100x target a pure-Python matcher can come on these cases: the found
    quotes answered by ``_floor`` instead of ours, timed in the same way (after difflib,
    on first sight of the quote), the other quotes keeping our times. The difflib median
    of this pass is used for its ratio, so the machine's drift between passes cancels."""
    floor = [lambda q=q, c=c, s=s: _floor(q, s, c.page.text)
             for q, c, s in zip(quotes, cases, sources, strict=True)]
    found = [i for i, c in enumerate(cases) if c.expected == "found"]
    at_floor, base = _in_blocks(floor, cases)
    mixed = list(times)
    for i in found:
        mixed[i] = at_floor[i]
    mf, mb = statistics.median(mixed), statistics.median(base)
    print(f"   floor: found quotes at {_ms(statistics.median(at_floor[i] for i in found))} "
          f"(ours {_ms(statistics.median(times[i] for i in found))}) for their keys, one "
          f"lookup, a Match and a Verdict;\n     with the others at our times, the median is "
          f"{_ms(mf)}, ratio {mb / mf:.0f}x (ours {base_median / statistics.median(times):.0f}x)")


@contextmanager
def _keys_given(runs: list[Callable[[], object]]) -> Iterator[None]:
    """While inside, the matcher is handed each text's word keys, computed beforehand (on
    an untimed pass over ``runs``), instead of computing them: what a free ``keys`` would
    give. The word caches that pass filled are emptied, so only the keys come for free."""
    real = normalize.keys
    memo: dict[str, list[str]] = {}
    users = (match_search, match_items)  # the matcher's modules that cut text into keys

    def recording(text: str) -> list[str]:
        memo[text] = real(text)
        return memo[text]

    def given(text: str) -> list[str]:
        return memo[text] if text in memo else real(text)

    try:
        for module in users:
            module.keys = recording
        for run in runs:
            run()
        for cached in (normalize.words, normalize.skeleton, normalize._canon):
            cached.cache_clear()
        for module in users:
            module.keys = given
        yield
    finally:
        for module in users:
            module.keys = real


def section_keys_given(cases: list, ours: list[Callable[[], object]]) -> None:
    """How much of the gap is cutting the quote into word keys: ours again, with every
    quote's keys given for free (see _keys_given)."""
    with _keys_given(ours):
        times, base = _in_blocks(ours, cases)
    found = [i for i, c in enumerate(cases) if c.expected == "found"]
    mo = statistics.median(times)
    print(f"   with every quote's word keys given for free: found quotes "
          f"{_ms(statistics.median(times[i] for i in found))}, median {_ms(mo)}, "
          f"ratio {statistics.median(base) / mo:.0f}x; at the median: {_at_median(cases, times)}")


def section_elsewhere(pages: list, n_pages: int, lookups: int) -> None:
    rng = random.Random(5)
    pool = [s for p in pages if p.text.main for s in sentences(p.text.main)]
    held_out = pool[::7]
    pool = [s for i, s in enumerate(pool) if i % 7]
    index = ElsewhereIndex()
    planted: list[tuple[str, str]] = []
    bodies: list[PageText] = []
    t0 = time.perf_counter()
    for i in range(n_pages):
        body = rng.sample(pool, 30)
        url = f"https://cache.example/{i}"
        if i % (n_pages // lookups or 1) == 0 and len(planted) < lookups:
            s = held_out[len(planted) % len(held_out)]
            body.insert(rng.randrange(len(body)), s)
            planted.append((s, url))
        text = "\n".join(body)
        bodies.append(PageText(text, text))
        index.add(url, bodies[-1])
    index.build()
    build = time.perf_counter() - t0
    print(f"\n3. found elsewhere: {len(index)} pages indexed in {build:.1f} s "
          f"({index.shingles} shingles, {index.nbytes / 1e6:.0f} MB)")
    hits = []
    right = 0
    for s, url in planted:
        t = time.perf_counter()
        got = index.lookup(_quote(s))
        hits.append(time.perf_counter() - t)
        right += got is not None and got[0] == url
    absent = [_timed(lambda s=s: index.lookup(_quote(s + " zanahoria púrpura")))
              for s in held_out[-lookups:]]
    common = [_timed(lambda s=s: index.lookup(_quote(s))) for s in pool[:lookups]]
    for name, ts in (("planted in one page", hits), ("in ~100 pages", common),
                     ("absent (altered)", absent)):
        print(f"   {name:<20} median {_ms(statistics.median(ts))}  "
              f"p95 {_ms(sorted(ts)[int(len(ts) * .95)])}  max {_ms(max(ts))}")
    print(f"   planted quotes found on the right page: {right}/{len(planted)}")
    section_kept_shingles(bodies)


def section_kept_shingles(bodies: list[PageText]) -> None:
    """A run over a large cache indexes it from the shingles the cache keeps: how long that
    takes, beside making them from the texts (which the first run over a page does)."""
    texts = {f"{n:064x}": t for n, t in enumerate(bodies)}  # stand-ins for body digests
    with tempfile.TemporaryDirectory() as tmp:
        cache = SnapshotCache(Path(tmp))
        t0 = time.perf_counter()
        made = {sha: pack_shingles(t) for sha, t in texts.items()}
        making = time.perf_counter() - t0
        cache.store_shingles(made, EXTRACTOR, SCHEME)
        t0 = time.perf_counter()
        kept = cache.shingles(EXTRACTOR, SCHEME)
        again = ElsewhereIndex()
        for n, sha in enumerate(texts):
            again.add_cached(Cached(f"https://cache.example/{n}",
                                    unpack_shingles(kept[sha]), lambda: None))
        again.build()
        reading = time.perf_counter() - t0
    size = sum(len(b) for b in kept.values())
    print(f"   indexing {len(texts)} cached pages: from the shingles the cache keeps "
          f"({size / 1e6:.0f} MB) {reading:.2f} s; making them from the texts {making:.1f} s "
          f"({making / reading:.0f}x)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    if no_corpus():
        return 2
    pages = load_pages()
    section_big_page(pages, reps=20 if args.quick else 100)
    section_cases(pages, n=200 if args.quick else 1000, rounds=5)
    section_elsewhere(pages, n_pages=10_000, lookups=20 if args.quick else 100)
    return 0


if __name__ == "__main__":
    sys.exit(main())

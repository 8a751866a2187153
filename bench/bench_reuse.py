"""How well unquoted reuse is found, on synthetic documents cut from the real corpus pages.

Run from the repository root:  python -m bench.bench_reuse [--cases N] [--seed S]

Each case is a document made of text from one corpus page (the host) with a passage set in
its middle, checked against another page (the source) with ``find_reuse``:
- borrowed: a span of 8 to 80 words of the source's main text, with 0 to 3 word edits
  (a word changed, added or dropped, at random places), set between host sentences;
- paraphrase: a sentence of the source with a word changed at most every five words and two
  neighbouring words swapped: the content is the source's, no run of eight words is;
- unrelated: a sentence of a third page.
There are as many paraphrases and unrelated sentences, together, as borrowed spans.

Host text and unrelated sentences that share a run of eight words with the source (some
corpus pages carry the same story) are drawn again: they are not unrelated.

A borrowed span is *reusable* when, after its edits, it still shares a run of at least
``reuse_min_words`` words with the source (what the definition asks); an edit every few
words of a short span leaves none. Recall is counted over reusable spans (and, for
reference, over all of them). A found passage is right when it overlaps the borrowed span;
any other passage, in any case, is a false one. Boundaries are within two words when both
ends of the found passage lie within two words of the borrowed span's ends.

Time per document is ``find_reuse`` (words cut, runs found, edits aligned and classed)
beside a brute-force baseline in the same run: every document word against every source
word, the longest common run ending at each pair, positions in a run of eight or more
marked (no joining across edits). The corpus is read where it lies, never copied; without
it the bench says so and stops.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from dataclasses import dataclass

from bench.cases import Page, load_pages, no_corpus
from provenance.model import Document
from provenance.reuse import ReuseSource, find_reuse
from provenance.settings import Settings
from provenance.words.normalize import cut


@dataclass(frozen=True, slots=True)
class Case:
    group: str  # borrowed | paraphrase | unrelated
    text: str  # the document
    source: Page
    lo: int  # the inserted passage, in document words [lo, hi)
    hi: int
    edits: int = 0
    reusable: bool = False


def _host(page: Page, rng: random.Random, n: int) -> str:
    tokens = page.text.main.split()
    if len(tokens) <= n:
        return " ".join(tokens)
    at = rng.randrange(len(tokens) - n)
    return " ".join(tokens[at : at + n])


def _edited(tokens: list[str], edits: int, filler: list[str], rng: random.Random) -> list[str]:
    out = list(tokens)
    for _ in range(edits):
        kind = rng.choice(("change", "add", "drop"))
        k = rng.randrange(len(out))
        if kind == "change":
            out[k] = _other_word(out[k], filler, rng)
        elif kind == "add":
            out.insert(k, rng.choice(filler))
        elif len(out) > 8:
            del out[k]
    return out


def _other_word(word: str, filler: list[str], rng: random.Random) -> str:
    """A word of another page that is not ``word`` (a change that changes nothing is none)."""
    key = cut(word).keys
    for _ in range(20):
        pick = rng.choice(filler)
        if cut(pick).keys != key:
            return pick
    return "zzz"


def _runs8(a: tuple[str, ...], b: tuple[str, ...], least: int) -> bool:
    grams = {b[j : j + least] for j in range(len(b) - least + 1)}
    return any(a[i : i + least] in grams for i in range(len(a) - least + 1))


def _case(group: str, source: Page, host: Page, other: Page, rng: random.Random,
          least: int) -> Case | None:
    filler = other.text.main.split() or ["word"]
    src_tokens = source.text.main.split()
    edits, reusable = 0, False
    if group == "borrowed":
        n = rng.randint(8, 80)
        if len(src_tokens) < n + 2:
            return None
        at = rng.randrange(len(src_tokens) - n)
        edits = rng.randint(0, 3)
        middle = " ".join(_edited(src_tokens[at : at + n], edits, filler, rng))
        reusable = _runs8(cut(middle).keys, cut(source.text.main).keys, least)
    elif group == "paraphrase":
        sentence = rng.choice(_sentences(source) or [""]).split()
        if len(sentence) < 10:
            return None
        for k in range(rng.randrange(5), len(sentence), 5):
            sentence[k] = _other_word(sentence[k], filler, rng)
        k = rng.randrange(len(sentence) - 1)
        sentence[k], sentence[k + 1] = sentence[k + 1], sentence[k]
        middle = " ".join(sentence)
    else:
        middle = rng.choice(_sentences(other) or [""])
        if not middle:
            return None
    before = _host(host, rng, rng.randint(40, 120)) + "\n\n"
    after = "\n\n" + _host(host, rng, rng.randint(40, 120))
    # Some corpus pages carry the same story: a host or an unrelated sentence that shares a
    # run with the source is not unrelated, and such a case is drawn again.
    src = cut(source.text.main).keys
    if _runs8(cut(before + after).keys, src, least) or (
            group == "unrelated" and _runs8(cut(middle).keys, src, least)):
        return None
    lo = len(cut(before).keys)
    hi = lo + len(cut(middle).keys)
    return Case(group, before + middle + after, source, lo, hi, edits, reusable)


def _sentences(page: Page) -> list[str]:
    from bench.cases import sentences
    return sentences(page.text.main)


def build(pages: list[Page], n: int, seed: int, least: int) -> list[Case]:
    rng = random.Random(seed)
    usable = [p for p in pages if len(p.text.main.split()) >= 100]
    cases: list[Case] = []
    wanted = {"borrowed": n, "paraphrase": n // 2, "unrelated": n - n // 2}
    for group, count in wanted.items():
        made = 0
        while made < count:
            source, host, other = rng.sample(usable, 3)
            case = _case(group, source, host, other, rng, least)
            if case is not None:
                cases.append(case)
                made += 1
    return cases


def _doc_words(text: str, w_starts: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
    lo = next(i for i, s in enumerate(w_starts) if s >= start)
    hi = max(i for i, s in enumerate(w_starts) if s < end) + 1
    return lo, hi


def brute_force(doc: tuple[str, ...], src: tuple[str, ...], least: int) -> list[tuple[int, int]]:
    """Passages by comparing every document word with every source word."""
    marked = [False] * len(doc)
    prev = [0] * (len(src) + 1)
    for i in range(len(doc)):
        cur = [0] * (len(src) + 1)
        d = doc[i]
        for j in range(len(src)):
            if d == src[j]:
                k = cur[j + 1] = prev[j] + 1
                if k >= least:
                    for x in range(i - k + 1, i + 1):
                        marked[x] = True
        prev = cur
    out, start = [], None
    for i, m in enumerate([*marked, False]):
        if m and start is None:
            start = i
        elif not m and start is not None:
            out.append((start, i))
            start = None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=600, help="borrowed spans (default 600)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--gap", type=int, default=Settings().reuse_gap,
                    help="reuse_gap: words between runs that still join (default: the setting)")
    ap.add_argument("--baseline", type=int, default=200,
                    help="documents the brute-force baseline is timed on (default 200)")
    args = ap.parse_args(argv)
    if no_corpus():
        return 0
    settings = Settings(reuse_gap=args.gap)
    least = settings.reuse_min_words
    cases = build(load_pages(), args.cases, args.seed, least)
    tp = fn = fp = bounds = tp_all = 0
    ours: list[float] = []
    base: list[float] = []
    base_tp = base_fp = 0
    for n, case in enumerate(cases):
        doc = Document(case.text, "synthetic", "txt", "0" * 64)
        source = ReuseSource(case.source.url, case.source.text.main)
        t = time.perf_counter()
        found = find_reuse(doc, (), [source], settings)
        ours.append(time.perf_counter() - t)
        w = cut(case.text)
        spans = [_doc_words(case.text, w.starts, r.span.start, r.span.end) for r in found]
        hit = [s for s in spans if s[0] < case.hi and case.lo < s[1]]
        fp += len(spans) - (1 if hit and case.group == "borrowed" else 0)
        if case.group == "borrowed":
            tp_all += bool(hit)
            if case.reusable:
                tp += bool(hit)
                fn += not hit
                if hit and abs(hit[0][0] - case.lo) <= 2 and abs(hit[0][1] - case.hi) <= 2:
                    bounds += 1
        if n < args.baseline:
            t = time.perf_counter()
            got = brute_force(w.keys, cut(case.source.text.main).keys, least)
            base.append(time.perf_counter() - t)
            bhit = [s for s in got if s[0] < case.hi and case.lo < s[1]]
            base_tp += bool(bhit) and case.group == "borrowed"
            base_fp += len(got) - (1 if bhit and case.group == "borrowed" else 0)
    borrowed = [c for c in cases if c.group == "borrowed"]
    reusable = sum(c.reusable for c in borrowed)
    print(f"cases: {len(borrowed)} borrowed ({reusable} still reusable after their edits), "
          f"{sum(c.group == 'paraphrase' for c in cases)} paraphrases, "
          f"{sum(c.group == 'unrelated' for c in cases)} unrelated; seed {args.seed}, "
          f"reuse_min_words {least}, reuse_gap {settings.reuse_gap}")
    print(f"passage recall {tp / max(1, tp + fn):.3f} over reusable spans "
          f"({tp}/{tp + fn}); {tp_all / max(1, len(borrowed)):.3f} over all borrowed spans")
    print(f"passage precision {tp / max(1, tp + fp):.3f} ({tp} right, {fp} false)")
    print(f"boundaries within two words: {bounds / max(1, tp):.3f} ({bounds}/{tp})")
    print(f"time per document: find_reuse median {statistics.median(ours) * 1000:.2f} ms, "
          f"mean {statistics.mean(ours) * 1000:.2f} ms over {len(ours)}; brute force median "
          f"{statistics.median(base) * 1000:.2f} ms, mean {statistics.mean(base) * 1000:.2f} "
          f"ms over {len(base)} (its passages: {base_tp} borrowed found, {base_fp} false)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

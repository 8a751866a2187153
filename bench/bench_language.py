"""How long a quote must be before its language tag can be trusted, measured on the corpus.

Run from the repository root:  python -m bench.bench_language

A quote whose language differs from its source's is taken for a translation (unverified)
unless it is found; that rule is only as good as the quote's language tag. This cuts the
corpus pages' sentences to n words (n = 3..16), tags each piece as the quote finder does
(``language.identify``), and prints, per n, how often the tag is another language than the
page's (a wrong tag would turn an altered quote into a "translation"), how often no tag is
given, and the same for the words counted as ``judge`` counts them.

Then pages: each corpus page's language told by the quotes' model (fastText, reading
``PAGE_SAMPLE`` chars: ``identify_page``) and by py3langid over 5,000 chars (what the text
stage used before), against the corpus's own label: how often each is right, what each
costs a page, and what loading each model costs.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from bench.cases import load_pages, no_corpus, sentences
from provenance.words.language import identify, identify_page
from provenance.words.normalize import normalize


def main(argv: list[str] | None = None) -> int:
    if no_corpus():
        return 2
    start = time.perf_counter()
    identify("a first sentence long enough to load the model and to tell its language")
    fast_load = time.perf_counter() - start
    pages = [p for p in load_pages() if p.text.main and len(p.language) == 2]
    print(f"{len(pages)} pages, languages: "
          f"{dict(Counter(p.language for p in pages).most_common())}")
    print(f"{'words':>5} {'pieces':>7} {'wrong tag':>10} {'no tag':>8}   wrong tags seen")
    for n in range(3, 17):
        total = wrong = none = 0
        seen: Counter[str] = Counter()
        for page in pages:
            for s in sentences(page.text.main)[:40]:
                ws = s.split()
                if len(ws) < n:
                    continue
                piece = " ".join(ws[:n])
                if len(normalize(piece).split()) != n:
                    continue  # counted as judge counts words, or not at all
                total += 1
                tag = identify(piece)
                if tag is None:
                    none += 1
                elif tag != page.language:
                    wrong += 1
                    seen[f"{page.language}->{tag}"] += 1
        print(f"{n:5d} {total:7d} {wrong / total:10.4f} {none / total:8.4f}   "
              f"{', '.join(f'{k} {v}' for k, v in seen.most_common(4))}")
    _pages(pages, fast_load)
    return 0


def _pages(pages: list, fast_load: float) -> None:
    """Page language: the quotes' model against py3langid, right answers and cost."""
    start = time.perf_counter()
    import py3langid

    py3langid.classify("a first sentence long enough to load the model and tell")
    slow_load = time.perf_counter() - start
    print(f"\npages: {len(pages)}; each identifier's answer against the corpus label")
    for name, tell, load in (
            ("fastText (identify_page)", identify_page, fast_load),
            ("py3langid, 5,000 chars", lambda t: str(py3langid.classify(t[:5000])[0]),
             slow_load)):
        right = none = 0
        start = time.perf_counter()
        for page in pages:
            got = tell(page.text.main)
            right += got == page.language
            none += got is None
        took = (time.perf_counter() - start) / len(pages)
        print(f"  {name:26} right {right / len(pages):.3f}  no answer {none / len(pages):.3f}"
              f"  {took * 1000:.2f} ms a page  model load {load * 1000:.0f} ms")


if __name__ == "__main__":
    sys.exit(main())

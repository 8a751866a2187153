"""How often the ``negated-context`` flag fires, and how often it should, on the corpus.

Run from the repository root:  python -m bench.bench_context [--show N]

1. Passages that stand as they are: the found cases of the accuracy benchmark (whole corpus
   sentences, typographic variants, ellipses, brackets, short pieces and boilerplate),
   matched in their pages. The flag looks at the source words before each passage; it fires
   rightly only where the passage was cut just after a negation, so the flagged passages are
   printed for a reader to judge.
2. Passages negated on purpose: each corpus sentence of a page in a language with a
   negating lead-in here is put after that lead-in ("It is not true that …", "No es cierto
   que …"), and the passage is the sentence alone: the flag should fire (recall). The same
   sentences after a lead-in that does not negate ("It is true that …") should not
   (specificity), nor after one whose negation stays in a clause of its own, before a
   comma and a linker ("It was not planned, because …"): that clause does not govern the next.

Per language: n, recall, and the share of affirmative and earlier-clause lead-ins flagged.
Synthetic lead-ins stand in for real sources and say so; the corpus sentences are real text.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

from bench.cases import build_cases, load_pages, no_corpus, sentences
from provenance.judge.context import negated_before
from provenance.match.search import best_match
from provenance.model import Quote, Span

# (negating, affirmative, negated-earlier-clause lead-in) per language: synthetic, written
# for this benchmark.
LEAD_INS = {
    "en": ("It is not true that", "It is true that", "It was not planned, because"),
    "es": ("No es cierto que", "Es cierto que", "No estaba previsto, pero"),
    "de": ("Es stimmt nicht, dass", "Es stimmt, dass", "Es war nicht geplant, aber"),
    "fr": ("Il n'est pas vrai que", "Il est vrai que", "Ce n'était pas prévu, puisque"),
    "pt": ("Não é verdade que", "É verdade que", "Não estava previsto, mas"),
    "it": ("Non è vero che", "È vero che", "Non era previsto, ma"),
    "pl": ("Nie jest prawdą, że", "Jest prawdą, że", "Nie planowano tego, ale"),
    "fi": ("Ei ole totta, että", "On totta, että", "Sitä ei suunniteltu, mutta"),
}


def section_found(show: int) -> None:
    pages = load_pages()
    cases = [c for c in build_cases(pages) if c.expected == "found"]
    flagged = []
    matched = 0
    for c in cases:
        m = best_match(Quote(c.quote, Span(0, len(c.quote)), 1, 1, segments=c.segments),
                       c.page.text)
        if m is None:
            continue
        matched += 1
        text = c.page.text.full if m.outside_body else c.page.text.main
        before = negated_before(text, m.span.start, c.page.text.language or c.page.language)
        if before:
            flagged.append((c, before))
    print(f"1. found cases matched: {matched}; flagged negated-context: {len(flagged)} "
          f"({len(flagged) / max(1, matched):.1%})")
    for c, before in flagged[:show]:
        print(f"   [{c.page.language} {c.group}] …{before[-60:]} | {c.quote[:60]}")


def section_synthetic() -> None:
    pages = [p for p in load_pages() if p.text.main and p.language in LEAD_INS]
    # n, then hits after the negating, affirmative and earlier-clause lead-ins
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p in pages:
        for s in sentences(p.text.main)[:40]:
            body = s[0].lower() + s[1:]
            counts = hits[p.language]
            counts[0] += 1
            for k, lead in enumerate(LEAD_INS[p.language], start=1):
                source = f"{lead} {body}"
                counts[k] += negated_before(source, len(lead) + 1, p.language) is not None
    print("\n2. corpus sentences after a synthetic lead-in")
    print(f"   {'lang':<5} {'n':>5} {'recall (negated)':>17} {'flagged (affirmative)':>22} "
          f"{'flagged (earlier clause)':>25}")
    total = [0, 0, 0, 0]
    for lang, counts in sorted(hits.items()):
        _print_row(lang, counts)
        total = [a + b for a, b in zip(total, counts, strict=True)]
    _print_row("all", total)


def _print_row(lang: str, counts: list[int]) -> None:
    n, neg, plain, earlier = counts
    print(f"   {lang:<5} {n:>5} {neg / n:>17.3f} {plain / n:>22.3f} {earlier / n:>25.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="flagged passages printed")
    args = parser.parse_args(argv)
    if no_corpus():
        return 2
    section_found(args.show)
    section_synthetic()
    return 0


if __name__ == "__main__":
    sys.exit(main())

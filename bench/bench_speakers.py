"""How often ``speaker-mismatch`` is right, on the quotations of the real corpus pages.

Run from the repository root:  python -m bench.bench_speakers [--show N]

1. The sources' side: every quotation in the main text of the 60 annotated pages, and the
   name a verb of saying ties to it there ("…,” said Jane Roe"). The names are printed for
   reading by hand: the check is only as good as this reading.
2. The flag: each named passage quoted by a one-line document ("NAME said: “…”"), read by
   the same code as any document, and checked against its page:
   - by the page's own speaker, as a writer would name them: the surname alone, and the
     whole name: any flag is a false alarm;
   - by a speaker the same page quotes elsewhere, the likeliest slip (two people quoted in
     one article): a flag is a catch; and by a speaker of another page.
   The baseline flags every passage whose page names someone: what a check that never
   compares names would do.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from dataclasses import dataclass

from bench.cases import load_pages, no_corpus
from provenance.document import parse_document
from provenance.model import QuoteKind
from provenance.quotes import find_quotes
from provenance.speakers import other_speaker, same_speaker, speaker_around


@dataclass(frozen=True)
class Named:
    """A quoted passage of a real page and the speaker the page names for it."""

    language: str
    url: str
    text: str  # the page's main text
    start: int
    end: int
    speaker: str
    words: str  # the page's words that name the speaker


def named_passages(pages: list) -> tuple[list[Named], int]:
    out: list[Named] = []
    total = 0
    for p in pages:
        text = p.text.main
        if not text:
            continue
        doc = parse_document(text.encode(), "page.txt", "txt")
        for q in find_quotes(doc):
            if q.kind is not QuoteKind.QUOTATION:
                continue
            total += 1
            got = speaker_around(doc.text, q.span.start, q.span.end)
            if got:
                out.append(Named(p.language or "--", p.url, doc.text, q.span.start, q.span.end,
                                 *got))
    return out, total


def flagged(said: str, n: Named) -> bool:
    """Whether a document quoting ``n``'s passage as said by ``said`` gets the flag."""
    passage = " ".join(n.text[n.start:n.end].split()).strip("“”«»\"'‘’ ,")
    doc = parse_document(f"{said} said: “{passage}”.".encode(), "doc.txt", "txt")
    quotes = [q for q in find_quotes(doc) if q.kind is QuoteKind.QUOTATION]
    if not quotes or quotes[0].speaker is None:
        return False
    return other_speaker(quotes[0].speaker, n.text, n.start, n.end) is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=20, help="named passages to print")
    args = parser.parse_args(argv)
    if no_corpus():
        return 2
    named, total = named_passages(load_pages())
    print(f"1. quotations in the pages' main texts: {total}; with a speaker named by a verb "
          f"of saying: {len(named)}")
    rng = random.Random(7)
    for n in rng.sample(named, min(args.show, len(named))):
        print(f"   [{n.language}] {n.speaker:<32} ← {n.words[:70]}")

    # counts[language][case] = (flagged, n)
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for n in named:
        same_page = [m.speaker for m in named if m.url == n.url
                     and not same_speaker(m.speaker, n.speaker)]
        other_page = [m.speaker for m in named if m.url != n.url
                      and not same_speaker(m.speaker, n.speaker)]
        cases = {"own, surname": n.speaker.split()[-1], "own, whole name": n.speaker}
        if same_page:
            cases["same page's other"] = rng.choice(same_page)
        if other_page:
            cases["another page's"] = rng.choice(other_page)
        for case, said in cases.items():
            for lang in (n.language, "all"):
                counts[lang][case][0] += flagged(said, n)
                counts[lang][case][1] += 1
    print("\n2. the flag on documents quoting those passages (flagged / quoted)")
    cols = ("own, surname", "own, whole name", "same page's other", "another page's")
    print(f"   {'lang':<5}" + "".join(f"{c:>20}" for c in cols))
    for lang in sorted(counts, key=lambda k: (k == "all", k)):
        row = counts[lang]
        print(f"   {lang:<5}" + "".join(
            f"{row[c][0]:>12} / {row[c][1]:<5}" if row[c][1] else f"{'-':>20}" for c in cols))
    own = [counts["all"][c] for c in cols[:2]]
    wrong = [counts["all"][c] for c in cols[2:]]
    alarms, attributed = sum(f for f, _ in own), sum(n for _, n in own)
    caught, swapped = sum(f for f, _ in wrong), sum(n for _, n in wrong)
    print(f"   false alarms on the right speaker: {alarms} / {attributed}; "
          f"wrong speakers caught: {caught} / {swapped} "
          f"(recall {caught / max(1, swapped):.3f}, precision "
          f"{caught / max(1, caught + alarms):.3f})")
    print(f"   baseline, flagging every passage whose page names someone: false alarms "
          f"{attributed} / {attributed}, precision {swapped / max(1, swapped + attributed):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

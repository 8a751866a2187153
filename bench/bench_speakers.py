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
3. Joined passages: two quotations next to each other on a page, run together into one
   quote as writers do ("“A,” she said. “B”" quoted as “A. B”). Where the page's words
   between them are one attribution, the quote should be found (flag ``joined``); where
   they hold more (a sentence break: another speaker, a new paragraph of narration), it
   must not be.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass

from bench.cases import load_pages, no_corpus
from provenance.document import parse_document
from provenance.judge.verdicts import judge
from provenance.match.search import best_match
from provenance.model import (
    Citation,
    CitationHow,
    Flag,
    PageText,
    Quote,
    QuoteKind,
    Source,
    Span,
    Status,
)
from provenance.quotes.find import find_quotes
from provenance.quotes.kinds import speaks
from provenance.quotes.speakers import other_speaker, same_speaker, speaker_around
from provenance.settings import Settings


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
    section_joined(load_pages())
    return 0


def section_joined(pages: list) -> None:
    # (judged found, pairs): one attribution between them; one clause that says nothing of
    # who speaks ("” and “"); more than one clause or a paragraph break
    one, other, more = [0, 0], [0, 0], [0, 0]
    for p in pages:
        text = p.text.main
        if not text:
            continue
        doc = parse_document(text.encode(), "page.txt", "txt")
        quotes = [q for q in find_quotes(doc) if q.kind is QuoteKind.QUOTATION]
        spans = sorted((s for q in quotes for s in (q.locations or (q.span,))),
                       key=lambda s: s.start)
        page = PageText(doc.text, doc.text, language=p.language)
        for a, b in itertools.pairwise(spans):
            between = doc.text[a.end:b.start]
            if not 3 < len(between) < 120 or "\n\n" in between:
                continue
            joined = " ".join(part.strip(" ,.;:") for part in (doc.text[a.start:a.end],
                                                               doc.text[b.start:b.end]))
            q = Quote(joined, Span(0, len(joined)), 1, 1, language=p.language)
            v = judge(q, Source(Citation("c", CitationHow.URL), text=page),
                      best_match(q, page), Settings())
            single = "\n" not in between and \
                not re.search(r"[.!?;:]\s", between.strip(" “”«»\"'‘’,.;:—–-"))
            tally = (one if speaks(between) else other) if single else more
            tally[0] += v.status is Status.FOUND and Flag.JOINED in v.flags
            tally[1] += 1
    print("\n3. two neighbouring quotations of a page run together into one quote")
    print(f"   the page's words between them one attribution: found (joined) {one[0]} / "
          f"{one[1]}")
    print(f"   one clause that names no speaker (“A” and “B”): found {other[0]} / {other[1]} "
          f"(should be 0)")
    print(f"   more than one clause, or a paragraph break: found {more[0]} / {more[1]} "
          f"(should be 0)")


if __name__ == "__main__":
    sys.exit(main())

"""Report rendering cost on a large synthetic report, per format, as a ratio to JSON.

Run from the project root:  python bench/bench_reports.py [QUOTES] [PAGES] [--large]

``--large`` adds a report of 20,000 quotations over 200 pages of ~25,000 characters (a
5 MB document's report): rendering must stay linear in the report's size, so its
per-quotation cost is printed beside the small report's.

Builds a report of QUOTES quotations spread over PAGES synthetic pages of ~150,000
characters each (the size of a long article with comments), then times each format
renderer from a cold start (no cached links, page folding or escaped texts). The baseline is the
JSON renderer in the same process; every other format is shown as a ratio to it. Text
fragments are built for every found passage, each checked to be the first match on its page.
Times are the process's CPU time, the best of 3 (rendering runs on one core, and on a
machine running other jobs the clock measures the load as much as the code).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import random
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1])]  # this checkout, not an install

from provenance.model import (  # noqa: E402
    Citation,
    CitationHow,
    Document,
    Match,
    PageText,
    Quote,
    Report,
    Snapshot,
    Source,
    Span,
    Status,
    Verdict,
)
from provenance.report import fragments  # noqa: E402
from provenance.report.formats import FORMATS  # noqa: E402
from provenance.report.render import write_json  # noqa: E402

WORDS = ("tide", "quay", "net", "the", "harbour", "open", "boat", "sea", "wind", "gull",
         "rope", "dock", "pier", "council", "levy", "lighthouse", "keeper", "ferry",
         "moorings", "crowns", "fishermen", "dredging", "channel")


def _report(quotes: int, pages: int, seed: int, paragraphs: int = 400) -> Report:
    rng = random.Random(seed)
    sources = []
    for p in range(pages):
        paras = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(paragraphs)]
        main = "\n".join(paras)
        body = f"<html><body><article>{main}</article></body></html>".encode()
        url = f"https://outlet-{p}.example/story"
        snap = Snapshot(url, url, 200, "text/html", dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                        hashlib.sha256(body).hexdigest(), body)
        sources.append(Source(Citation(f"c{p}", CitationHow.URL, url=url), snap,
                              PageText(main=main, full=main)))
    doc_text, verdicts = "", []
    for q in range(quotes):
        source = sources[q % pages]
        text = source.text.main
        start = text.index(" ", rng.randrange(len(text) - 400)) + 1
        end = text.index(" ", start + rng.randrange(40, 200))
        passage = text[start:end]
        at = len(doc_text) + 1
        doc_text += f"“{passage}”\n"
        quote = Quote(passage, Span(at, at + len(passage)), q + 1, 2,
                      citation=source.citation)
        verdicts.append(Verdict(quote, Status.FOUND, "verbatim",
                                Match(100.0, Span(start, end), passage), source=source))
    doc = Document(doc_text, "bench.md", "md", hashlib.sha256(doc_text.encode()).hexdigest())
    return Report(doc, tuple(verdicts), created_at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))


def _cold() -> None:
    """Forget what the report modules keep between reports (folded pages, directives, escaped
    texts), so each format pays for its own; what is built once per process (templates,
    the schema) is kept."""
    fragments.clear_folded()
    for name, module in list(sys.modules.items()):
        if name.startswith("provenance.report"):
            for value in vars(module).values():
                if isinstance(value, type):  # a class, not one of its kept functions
                    continue
                params = getattr(value, "cache_parameters", None)
                if params is not None and params()["maxsize"] is not None:
                    value.cache_clear()


def _time(render, report: Report) -> float:
    _cold()  # cold: each format pays for reading the pages
    fresh = dataclasses.replace(report)
    start = time.process_time()
    render(fresh)
    return time.process_time() - start


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    quotes = int(args[0]) if args else 200
    pages = int(args[1]) if len(args) > 1 else 10
    small = _formats(_report(quotes, pages, seed=7), quotes, pages)
    if "--large" in sys.argv:
        print()
        large = _formats(_report(20_000, 200, seed=7, paragraphs=60), 20_000, 200)
        print("per quotation, large / small: "
              + ", ".join(f"{name} {large[name] / small[name]:.2f}x" for name in small))


def _formats(report: Report, quotes: int, pages: int) -> dict[str, float]:
    """Each format's time (best of 3), printed as a ratio to JSON; returns the time per
    quotation of each."""
    chars = sum(len(s.source.text.main) for s in report.verdicts[:pages])
    print(f"{quotes} quotations over {pages} pages, {chars:,} chars of page text")
    base = min(_time(FORMATS["json"][1], report) for _ in range(3))
    print(f"{'json':<12} {base * 1000:8.1f} ms CPU   1.00x (baseline)")
    per = {"json": base / quotes}
    for name, (_, render) in FORMATS.items():
        if name == "json":
            continue
        took = min(_time(render, report) for _ in range(3))
        per[name] = took / quotes
        print(f"{name:<12} {took * 1000:8.1f} ms CPU   {took / base:.2f}x")
    took = min(_time(_streamed, report) for _ in range(3))
    per["json streamed"] = took / quotes
    print(f"{'json streamed':<12} {took * 1000:8.1f} ms CPU   {took / base:.2f}x")
    return per


def _streamed(report: Report) -> None:
    with open(os.devnull, "w", encoding="utf-8") as sink:
        write_json(report, sink)


if __name__ == "__main__":
    main()

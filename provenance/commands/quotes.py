"""`provenance quotes DOC`: what the document quotes and which work each quote cites."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from provenance.citations.attribute import attribute, find_citations
from provenance.citations.document_sources import document_sources
from provenance.commands.options import common
from provenance.commands.terminal import write_json
from provenance.document import read_document
from provenance.model import Citation, Document, Quote
from provenance.quotes.find import find_quotes, quote_layout
from provenance.quotes.layout import Layout
from provenance.report.visible import visible
from provenance.settings import Settings

NAME = "quotes"

EXAMPLES = """examples:
  provenance quotes article.md
  provenance quotes post.html --json > quotes.json
  provenance quotes https://example.org/post --cache cache/
  provenance quotes article.md -q                 the list alone, without the count line
"""

_DEFAULTS = Settings()
_MARKERS = re.compile(r"\s*\n[\s>]*")  # line breaks and Markdown ">" inside a quote


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, parents=[common()],
        help="list the quotes in a document and the work each one cites",
        description="Find every quotation, term and title in DOC, with its place, language "
                    "and the cited work it is tied to (and why). Nothing is fetched but DOC.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("document", metavar="DOC", help="a .txt, .md, .html or .pdf file, or a URL")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--cache", type=Path, default=_DEFAULTS.cache_dir, metavar="DIR",
                   help="evidence cache used when DOC is a URL (default: %(default)s)")
    # When DOC is a URL it is fetched as `check` fetches it, with the same options.
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs on loopback and private addresses (local testing)")
    p.add_argument("--timeout", type=float, default=_DEFAULTS.read_timeout, metavar="S",
                   help="read timeout per request in seconds (default: %(default)s)")
    p.add_argument("--proxy", metavar="URL",
                   help="HTTP(S) proxy for every request (proxy variables are ignored)")
    p.set_defaults(run=run)


def extract(doc: Document) -> tuple[tuple[Quote, ...], tuple[Citation, ...]]:
    """The quotes of ``doc`` tied to its citations: what `check` verifies, too."""
    citations = find_citations(doc)
    return attribute(doc, find_quotes(doc), citations), citations


def run(args: argparse.Namespace) -> int:
    doc = _load(args)
    quotes, citations = extract(doc)
    try:
        if args.json:
            write_json(to_json(doc, quotes, citations), sys.stdout)
        else:
            _print(doc, quotes, citations, counts=not args.quiet)
    except BrokenPipeError:  # `provenance quotes doc | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print(doc: Document, quotes: tuple[Quote, ...], citations: tuple[Citation, ...],
           counts: bool = True) -> None:
    for q in quotes:
        where = f"{q.line}:{q.column}"
        extra = f" (+{len(q.locations) - 1} more)" if len(q.locations) > 1 else ""
        shown = " … ".join(_MARKERS.sub(" ", part) for part in q.parts)  # the words to match
        said = f"  said by {visible(q.speaker)}" if q.speaker else ""
        print(f"{where:>9}  {q.kind.value:<9} {q.language or '--'}  {_short(shown)}{extra}{said}")
        if q.citation is not None:
            print(f"{'':>11}-> {_describe(q.citation)}  [{visible(q.link_reason)}]")
    tied = {q.citation.key for q in quotes if q.citation}
    lay = quote_layout(doc)
    for c in citations:
        if c.key not in tied:  # cited, but no quote leans on it (a source note, a link)
            places = ", ".join("{}:{}".format(*lay.line_column(s.start)) for s in c.spans[:6])
            more = f" (+{len(c.spans) - 6} more)" if len(c.spans) > 6 else ""
            print(f"{'':>9}  cited     {_describe(c)} at {places}{more}")
    for c in document_sources(doc, citations):
        print(f"{'':>9}  source of the document: {_describe(c)}")
    if not counts:
        return
    kinds = {k: sum(q.kind == k for q in quotes) for k in ("quotation", "term", "title")}
    print(f"{visible(doc.origin)}: " + ", ".join(f"{n} {k}s" for k, n in kinds.items())
          + f", {len(citations)} cited works")


def _load(args: argparse.Namespace) -> Document:
    where = args.document
    if not where.lower().startswith(("http://", "https://")):
        return read_document(where)
    from provenance.api import load_document  # only URLs need the fetcher and cache
    from provenance.cache.fetcher import open_fetcher

    fetcher, _ = open_fetcher(Settings(cache_dir=args.cache, read_timeout=args.timeout,
                                       allow_private=args.allow_private, proxy=args.proxy))
    with fetcher:
        return load_document(where, fetcher)


def to_json(doc: Document, quotes: tuple[Quote, ...], citations: tuple[Citation, ...]) -> str:
    lay = quote_layout(doc)
    data = {
        "document": doc.origin,
        "document_sources": [_citation(c) for c in document_sources(doc, citations)],
        "quotes": [_quote(lay, q) for q in quotes],
        "citations": [_citation(c, lay) for c in citations],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _quote(lay: Layout, q: Quote) -> dict[str, Any]:
    return {
        "text": q.text, "kind": q.kind.value, "line": q.line, "column": q.column,
        "language": q.language, "marks": q.marks,
        "locations": [dict(zip(("line", "column"), lay.line_column(s.start), strict=True))
                      for s in (q.locations or (q.span,))],
        "segments": list(q.segments), "insertions": list(q.insertions),
        "citation": _citation(q.citation) if q.citation else None,
        "link_reason": q.link_reason, "speaker": q.speaker,
    }


def _citation(c: Citation, lay: Layout | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": c.key, "outlet": c.outlet, "title": c.title, "author": c.author,
        "date": c.date.isoformat() if c.date else None, "url": c.url, "how": c.how.value,
        "reference": c.reference,
    }
    if lay is not None:  # in the list of cited works: where the document cites each
        data["locations"] = [dict(zip(("line", "column"), lay.line_column(s.start),
                                      strict=True)) for s in c.spans]
    return data


def _describe(c: Citation) -> str:
    parts = [c.outlet, f"“{c.title}”" if c.title else None, c.author,
             c.date.isoformat() if c.date else None, c.url]
    return visible(", ".join(p for p in parts if p) + f" ({c.how.value})" if any(parts) else
                   f"{c.reference!r} ({c.how.value})")


def _short(text: str, width: int = 70) -> str:
    # A control character or bidi override is shown as its escape, never sent to the terminal.
    text = " ".join(visible(text).split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"

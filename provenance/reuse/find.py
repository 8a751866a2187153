"""Unquoted reuse: the passages of a document, outside quote marks, that a source it cites
also has, each with its class (credited, uncredited, quoted elsewhere) and its edits."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from provenance.match.index import page_of
from provenance.match.items import QuoteWord
from provenance.match.search import match_in
from provenance.model import Document, Edit, Match, Quote, Reuse, ReuseKind, Span
from provenance.reuse.runs import Shared, shared_runs
from provenance.settings import Settings
from provenance.words.normalize import Words, cut

__all__ = ["ReuseSource", "find_reuse"]

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True, slots=True)
class ReuseSource:
    """A source as reuse detection needs it: its URL, its main text, what in the document
    credits it (its citation's spans, and the URLs a link to it may use), and where the
    document's quotations stand in its text."""

    url: str
    text: str
    credits: tuple[Span, ...] = ()  # in Document.text
    urls: tuple[str, ...] = ()  # other URLs of the same work (as cited, before redirects)
    quoted: tuple[Span, ...] = ()  # in ``text``: the passages the document quotes


def find_reuse(document: Document, quotes: Sequence[Quote], sources: Iterable[ReuseSource],
               settings: Settings) -> tuple[Reuse, ...]:
    """Every passage of ``document`` outside quote marks sharing a run of at least
    ``settings.reuse_min_words`` words with one of ``sources``, in document order."""
    doc = cut(document.text)
    usable = _outside(doc, [q.span for q in quotes])
    paragraphs = _paragraphs(document.text)
    found = []
    for source in sources:
        src = page_of(source.text).words  # cut once per process, as the matcher cuts it
        for shared in shared_runs(doc.keys, src.keys, settings.reuse_min_words,
                                  settings.reuse_gap, usable):
            found.append(_reuse(document, doc, src, source, shared, quotes, paragraphs))
    return tuple(sorted(found, key=lambda r: (r.span.start, r.url)))


def _outside(doc: Words, spans: Sequence[Span]) -> list[bool]:
    """For each word, whether it stands outside every quotation (marks included)."""
    usable = [True] * len(doc)
    if not spans:
        return usable
    ordered = sorted(spans, key=lambda s: s.start)
    k = 0
    for i, (start, end) in enumerate(zip(doc.starts, doc.ends, strict=True)):
        while k < len(ordered) and ordered[k].end < start:
            k += 1
        # A word touching a quotation's span is inside it or glued to its mark.
        usable[i] = not any(s.start <= end and start <= s.end for s in ordered[k:k + 2])
    return usable


def _paragraphs(text: str) -> list[Span]:
    out, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append(Span(start, m.start()))
        start = m.end()
    out.append(Span(start, len(text)))
    return out


def _reuse(document: Document, doc: Words, src: Words, source: ReuseSource, shared: Shared,
           quotes: Sequence[Quote], paragraphs: list[Span]) -> Reuse:
    span = Span(doc.starts[shared.doc_start], doc.ends[shared.doc_end - 1])
    window = Span(src.starts[shared.src_start], src.ends[shared.src_end - 1])
    match = _aligned(document.text, doc, shared, source.text, window)
    kind = _kind(document, span, match.span, source, quotes, paragraphs)
    return Reuse(kind, source.url, span, match, shared.words)


def _aligned(text: str, doc: Words, shared: Shared, source: str, window: Span) -> Match:
    """The source's side of a passage, with the word-level edits between the two, as the
    match stage classifies them for an altered quote."""
    items = tuple(QuoteWord(doc.keys[i], text[doc.starts[i]:doc.ends[i]])
                  for i in range(shared.doc_start, shared.doc_end))
    m = match_in(items, window.slice(source))
    if m is None:  # (the window holds the shared runs, so this is only a guard)
        return Match(0.0, window, window.slice(source))
    return replace(m, span=_shift(m.span, window.start),
                   edits=tuple(_shifted(e, window.start) for e in m.edits))


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


def _shifted(edit: Edit, by: int) -> Edit:
    return edit if edit.span is None else replace(edit, span=_shift(edit.span, by))


def _kind(document: Document, span: Span, src_span: Span, source: ReuseSource,
          quotes: Sequence[Quote], paragraphs: list[Span]) -> ReuseKind:
    # The words quoted in marks elsewhere in the document: the writer showed them as the
    # source's once, which is not hiding them (a quotation inside the passage splits it).
    if any(q.start < src_span.end and src_span.start < q.end for q in source.quoted):
        return ReuseKind.QUOTED_ELSEWHERE
    if any(q.span.start <= span.end and span.start <= q.span.end for q in quotes):
        return ReuseKind.QUOTED_ELSEWHERE
    para = next((p for p in paragraphs if p.start <= span.start < max(p.end, p.start + 1)),
                Span(0, len(document.text)))
    lo, hi = min(para.start, span.start), max(para.end, span.end)
    urls = {source.url, *source.urls}
    if any(lo <= c.start < hi for c in source.credits) or any(
            link.url in urls and lo <= link.span.start < hi for link in document.links):
        return ReuseKind.CREDITED
    return ReuseKind.UNCREDITED

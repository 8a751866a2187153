"""Unquoted reuse: the passages of a document, outside quote marks, that a source it cites
also has, each with its class (credited, uncredited, quoted elsewhere) and its edits."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from provenance.intervals import Intervals
from provenance.match.items import QuoteWord
from provenance.match.search import match_in
from provenance.model import Document, Edit, Match, Quote, Reuse, ReuseKind, Span
from provenance.reuse.pooled import Side, pooled_passages
from provenance.reuse.runs import Shared
from provenance.settings import Settings
from provenance.words.normalize import Words, cut

__all__ = ["ReuseSource", "find_reuse", "outside_quotes"]

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_ALSO_NAMED = 3  # other sources holding a passage named with it (all are counted)


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
    ``settings.reuse_min_words`` words with one of ``sources``, in document order: one per
    stretch of the document, reported with its best source (credited there, then cited,
    then sharing the most words) and counting the other sources that hold it too."""
    doc = _cut(document.text)
    usable = outside_quotes(doc, [q.span for q in quotes])
    place = _Places(document, quotes)
    listed = list(sources)
    credits = [sorted(c.start for c in s.credits) for s in listed]
    credited = _Credits(doc, listed, place, credits).around
    ids, sides, picks = pooled_passages(
        doc.keys, usable, [s.text for s in listed], settings.reuse_min_words,
        settings.reuse_gap, credited, [bool(s.credits) for s in listed])
    marks: dict[int, Intervals] = {}
    found = []
    for pick in picks:
        source, side = listed[pick.source], sides[pick.source]
        assert side is not None  # (a source a passage is picked from has its words)
        if pick.source not in marks:
            marks[pick.source] = Intervals(source.quoted)
        r = _reuse(document, doc, ids, side, source, pick.shared, place, marks[pick.source],
                   credits[pick.source])
        if pick.also:
            r = replace(r, others=len(pick.also),
                        also=tuple(listed[k].url for k in pick.also[:_ALSO_NAMED]))
        found.append(r)
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Cut:
    """A document's word keys, and their char spans as machine integers: a 5 MB document's
    spans as int objects took 45 MB more, kept through the whole search."""

    keys: tuple[str, ...]
    starts: array[int]
    ends: array[int]

    def __len__(self) -> int:
        return len(self.keys)


_CHUNK = 1 << 18  # chars of the document cut at a time
_HYPHENS = "-\u2010\u00ad"  # (a word broken by one at a line end goes on past the break)


def _cut(text: str, chunk: int = _CHUNK) -> _Cut:
    """The words of ``text``, cut a few hundred KB at a time between two line breaks: the
    words of a whole 5 MB document as objects took 74 MB at once, the search's peak."""
    keys: list[str] = []
    starts: array[int] = array("i")
    ends: array[int] = array("i")
    at = 0
    while at < len(text):
        end = _chunk_end(text, at, chunk)
        words = cut(text[at:end])
        keys += words.keys
        if at == 0:  # (the first chunk, and a short document's only one: no shift)
            starts.extend(words.starts)
            ends.extend(words.ends)
        else:
            starts.extend([s + at for s in words.starts])
            ends.extend([e + at for e in words.ends])
        at = end
    return _Cut(tuple(keys), starts, ends)


def _chunk_end(text: str, at: int, chunk: int) -> int:
    """Where the chunk from ``at`` ends: between the two line breaks of a blank line at
    least ``chunk`` chars on (no word crosses one), or at the end of the text."""
    k = text.find("\n\n", at + chunk)
    while k > 0 and text[k - 1] in _HYPHENS:
        k = text.find("\n\n", k + 2)
    return len(text) if k < 0 else k + 1


class _Credits:
    """Which sources are credited around a stretch of the document (its paragraph cites or
    links them): every credit and link of every source sorted once, so that a stretch asks
    one bisection, not one question per source."""

    def __init__(self, doc: _Cut, sources: list[ReuseSource], place: _Places,
                 credits: list[list[int]]) -> None:
        self.doc, self.place = doc, place
        marks = [(at, k) for k, starts in enumerate(credits) for at in starts]
        for k, source in enumerate(sources):
            for url in {source.url, *source.urls}:
                marks += [(at, k) for at in place.links.get(url, ())]
        marks.sort()
        self.at = [at for at, _ in marks]
        self.source = [k for _, k in marks]

    def around(self, lo: int, hi: int) -> set[int]:
        """The sources credited around document words [lo, hi)."""
        doc = self.doc
        span = Span(doc.starts[lo], doc.ends[min(hi, len(doc)) - 1])
        para = self.place.paragraph(span.start)
        first = bisect_left(self.at, min(para.start, span.start))
        last = bisect_left(self.at, max(para.end, span.end))
        return set(self.source[first:last])


class _Places:
    """What classing a passage asks of its document, made once per document: its
    quotations, its paragraphs and where each link target stands."""

    def __init__(self, document: Document, quotes: Sequence[Quote]) -> None:
        self.length = len(document.text)
        self.quotes = Intervals(q.span for q in quotes)
        self.paragraphs = _paragraphs(document.text)
        self.paragraph_starts = [p.start for p in self.paragraphs]
        links: dict[str, list[int]] = {}
        for link in document.links:
            links.setdefault(link.url, []).append(link.span.start)
        self.links = {url: sorted(starts) for url, starts in links.items()}

    def paragraph(self, at: int) -> Span:
        # Paragraph starts rise strictly, so only the last one at or before ``at`` can hold
        # it (an empty paragraph holds its own start).
        k = bisect_right(self.paragraph_starts, at) - 1
        if k >= 0:
            p = self.paragraphs[k]
            if p.start <= at < max(p.end, p.start + 1):
                return p
        return Span(0, self.length)

    def linked(self, urls: Iterable[str], lo: int, hi: int) -> bool:
        return any(_within(self.links.get(url, ()), lo, hi) for url in urls)


def _within(starts: Sequence[int], lo: int, hi: int) -> bool:
    """Whether one of the sorted ``starts`` has ``lo <= start < hi``."""
    k = bisect_left(starts, lo)
    return k < len(starts) and starts[k] < hi


def outside_quotes(doc: Words | _Cut, spans: Sequence[Span]) -> list[bool]:
    """For each word, whether it stands outside every quotation (marks included)."""
    usable = [True] * len(doc)
    # A word touching a quotation's span is inside it or glued to its mark. Words stand in
    # order and apart, so a span's are the run from the first ending at or after its start
    # to the last starting at or before its end: two bisections a quotation, not a loop
    # over the document's words.
    for s in spans:
        first = bisect_left(doc.ends, s.start)
        last = bisect_right(doc.starts, s.end)
        if last > first:
            usable[first:last] = [False] * (last - first)
    return usable


def _paragraphs(text: str) -> list[Span]:
    out, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append(Span(start, m.start()))
        start = m.end()
    out.append(Span(start, len(text)))
    return out


def _reuse(document: Document, doc: _Cut, ids: array[int], src: Side, source: ReuseSource,
           shared: Shared, place: _Places, marks: Intervals, credits: list[int]) -> Reuse:
    span = Span(doc.starts[shared.doc_start], doc.ends[shared.doc_end - 1])
    window = Span(src.starts[shared.src_start], src.ends[shared.src_end - 1])
    if ids[shared.doc_start:shared.doc_end] == src.ids[shared.src_start:shared.src_end]:
        # Word for word (what most reuse is): nothing to align, no edit to find.
        match = Match(100.0, window, window.slice(source.text))
    else:
        match = _aligned(document.text, doc, shared, source.text, window)
    kind = _kind(span, match.span, source, place, marks, credits)
    return Reuse(kind, source.url, span, match, shared.words)


def _aligned(text: str, doc: _Cut, shared: Shared, source: str, window: Span) -> Match:
    """The source's side of a passage, with the word-level edits between the two, as the
    match stage classifies them for an altered quote. The stretch is met once: its index
    is not kept (thousands of them pushed the short pages the document's quotes are matched
    in out of the matcher's cache, to be indexed again and again)."""
    items = tuple(QuoteWord(doc.keys[i], text[doc.starts[i]:doc.ends[i]])
                  for i in range(shared.doc_start, shared.doc_end))
    m = match_in(items, window.slice(source), keep=False)
    if m is None:  # (the window holds the shared runs, so this is only a guard)
        return Match(0.0, window, window.slice(source))
    return replace(m, span=_shift(m.span, window.start),
                   edits=tuple(_shifted(e, window.start) for e in m.edits))


def _shift(span: Span, by: int) -> Span:
    return Span(span.start + by, span.end + by)


def _shifted(edit: Edit, by: int) -> Edit:
    return edit if edit.span is None else replace(edit, span=_shift(edit.span, by))


def _kind(span: Span, src_span: Span, source: ReuseSource, place: _Places, marks: Intervals,
          credits: list[int]) -> ReuseKind:
    # The words quoted in marks elsewhere in the document: the writer showed them as the
    # source's once, which is not hiding them (a quotation inside the passage splits it).
    if marks.overlap(src_span.start, src_span.end):
        return ReuseKind.QUOTED_ELSEWHERE
    if place.quotes.touch(span.start, span.end):
        return ReuseKind.QUOTED_ELSEWHERE
    if _credited(span, source, place, credits):
        return ReuseKind.CREDITED
    return ReuseKind.UNCREDITED


def _credited(span: Span, source: ReuseSource, place: _Places, credits: list[int]) -> bool:
    """Whether the paragraph of ``span`` (or the span itself) cites or links the source."""
    para = place.paragraph(span.start)
    lo, hi = min(para.start, span.start), max(para.end, span.end)
    return _within(credits, lo, hi) or place.linked({source.url, *source.urls}, lo, hi)

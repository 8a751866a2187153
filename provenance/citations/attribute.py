"""Find the works a document cites and tie each quotation to at most one of them.

Each way of citing leaves a trace with a reach (``traces``); a quote takes the nearest trace
that reaches it, and the traces of one work become one citation with one key.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from provenance.citations.traces import Trace, find_traces, title_of
from provenance.model import Citation, CitationHow, Document, Quote, QuoteKind, Span
from provenance.quotes.find import find_quotes, quote_layout
from provenance.quotes.layout import Layout

log = logging.getLogger(__name__)

__all__ = ["attribute", "find_citations"]

_TITLE_MERGE = 80  # rapidfuzz ratio: two titles this close name the same work
_REASON_WIDTH = 140
_FUZZY_RECENT = 50  # earlier works of one outlet and date a new title is compared with
_INNER = 100_000  # chars: a link inside the quote ranks after every link outside it
_RELATIVE = re.compile(r",\s+(?:who|whose|whom|which|where|quien|quienes|cuyo|cuya|donde|"
                       r"que|som|der|die|das|qui|dont|où|que)\b", re.IGNORECASE)
# A relative pronoun anywhere after the speaker ("“…,” said Roe, a representative who
# assisted [an investigation](…)"): the link is in a clause about the person.
_ABOUT_SPEAKER = re.compile(r"\b(?:who|whose|whom|quien|quienes|cuyo|cuya|qui|dont|vars|"
                            r"dessen|deren)\b", re.IGNORECASE)
_GLUED = re.compile(r"^[\s”’»\"'.,;:!?)]{0,4}$")
_SENTENCE_GAP = re.compile(r"[.!?][”’\"»)]*\s+[A-ZÁÉÍÓÚÑ¿¡“\"]")
_WINDOW = 12  # traces on each side of a quote, in its paragraph, that may be nearest


@dataclass(frozen=True, slots=True)
class _Nearby:
    """The traces that reach one paragraph: those cited inside it, by position (a quote
    looks only at the closest few, so a huge paragraph stays linear), and those cited in
    another paragraph (a colon before, a note after), always looked at."""

    starts: tuple[int, ...]
    inside: tuple[Trace, ...]
    outside: tuple[Trace, ...]

    def around(self, at: int) -> list[Trace]:
        k = bisect.bisect_left(self.starts, at)
        return [*self.inside[max(0, k - _WINDOW) : k + _WINDOW], *self.outside]


@dataclass(frozen=True, slots=True)
class _Analysis:
    citations: tuple[Citation, ...]
    traces: tuple[Trace, ...]
    layout: Layout
    by_paragraph: dict[int, _Nearby]  # the traces whose reach touches each paragraph
    by_title: dict[str, Trace]
    quoted: tuple[Span, ...] = ()  # where quotations stand (all their places), by start
    credited: tuple[Span, ...] = ()  # block quotes with a credit line


def find_citations(doc: Document) -> tuple[Citation, ...]:
    """Every cited work: URLs, footnotes, parentheticals, narrative attributions,
    back-references and vague attributions, in document order (of first mention)."""
    return _analyse(doc).citations


def attribute(doc: Document, quotes: tuple[Quote, ...],
              citations: tuple[Citation, ...]) -> tuple[Quote, ...]:
    """``quotes`` with ``citation`` and ``link_reason`` set (None and a reason when none).
    A passage quoted in several places that credit it to different works comes back as one
    quote per work, each with the places that cite that work."""
    analysis = _analyse(doc)
    by_key = {c.key: c for c in citations}
    out = [a for q in quotes for a in _attributed(q, analysis, by_key)]
    out.sort(key=lambda q: q.span.start)
    return tuple(out)


def _attributed(q: Quote, analysis: _Analysis, by_key: dict[str, Citation]) -> list[Quote]:
    """The first place that cites a passage decides its work, like a reader would; a later
    place that credits the same words to another work is a claim of its own, checked apart
    (the same words given to two sources: at most one of them can be right)."""
    works: dict[str, tuple[Trace, list[Span]]] = {}  # by key, in the order first cited
    uncited: list[Span] = []
    for loc in q.locations or (q.span,):
        found = _nearest(q, loc, analysis)
        if found and found[1].key in by_key:
            works.setdefault(found[1].key, (found[1], []))[1].append(loc)
        else:
            uncited.append(loc)
    if not works:
        why = "term: not attributed" if q.kind is QuoteKind.TERM else "unattributed"
        return [replace(q, citation=None, link_reason=why)]
    out = []
    for n, (key, (trace, places)) in enumerate(works.items()):
        how = "vague attribution" if trace.how is CitationHow.VAGUE else trace.how.value
        tied = replace(q, citation=by_key[key], link_reason=f"{how}: {_short(trace.reference)}")
        if len(works) == 1:
            return [tied]
        if n == 0:  # the first work keeps the places that cite nothing (the passage's first)
            out.append(replace(tied, locations=tuple(sorted([*places, *uncited],
                                                            key=lambda s: s.start))))
            continue
        line, column = analysis.layout.line_column(places[0].start)
        out.append(replace(tied, text=analysis.layout.text[places[0].start:places[0].end],
                           span=places[0], line=line, column=column,
                           locations=tuple(places)))
    return out


def _nearest(q: Quote, loc: Span, analysis: _Analysis) -> tuple[int, Trace] | None:
    if q.kind is QuoteKind.TITLE:
        t = analysis.by_title.get(title_of(q.text))
        return (0, t) if t else None
    best: tuple[int, Trace] | None = None
    nearby = analysis.by_paragraph.get(analysis.layout.paragraph_of(loc.start))
    text = analysis.layout.text
    credited = any(b.start <= loc.start and loc.end <= b.end for b in analysis.credited)
    for t in nearby.around(loc.start) if nearby else ():
        if not any(r.start <= loc.start <= r.end for r in t.reach):
            continue  # (where a quote starts decides: a long one may run on past the reach)
        inner = loc.start <= t.anchor.start and t.anchor.end <= loc.end
        if inner and credited:
            continue  # a block quote with a credit line: the credit names its work
        if not inner and _inside_other(analysis.quoted, t.anchor, loc):
            continue  # a link among another quotation's words is that quotation's
        if t.how is CitationHow.FOOTNOTE and t.anchor.end <= loc.start and \
                _SENTENCE_GAP.search(text, t.anchor.end, loc.start):
            continue  # a marker in an earlier sentence cites that sentence's claim
        if t.anchor.start <= loc.start < t.anchor.end:  # the quote is the link's own text
            dist = 0
        elif t.how is CitationHow.FOOTNOTE and t.anchor.start >= loc.end and \
                _GLUED.match(text[loc.end : t.anchor.start]):
            dist = -1  # a note marker right on the quote's closing mark: the quote's own
        elif inner:  # a link among the quote's own words: its source only when none other
            dist = _INNER + t.anchor.start - loc.start
        elif t.backward or t.anchor.start >= loc.end:
            dist = max(0, t.anchor.start - loc.end)
        else:
            dist = max(0, loc.start - t.anchor.end)
        if t.how is CitationHow.URL and not inner and _other_clause(analysis.layout.text, loc,
                                                                    t.anchor):
            continue
        if q.kind is QuoteKind.TERM and dist > 200:
            continue  # a term is tied only to a work cited right next to it
        if best is None or dist < best[0]:
            best = (dist, t)
    return best


def _inside_other(quoted: tuple[Span, ...], anchor: Span, loc: Span) -> bool:
    k = bisect.bisect_right(quoted, anchor.start, key=lambda s: s.start) - 1
    while k >= 0 and quoted[k].start > anchor.start - 20000:
        s = quoted[k]
        if s.start <= anchor.start and anchor.end <= s.end and s != loc and not (
                s.start <= loc.start and loc.end <= s.end):
            return True
        k -= 1
    return False


def _other_clause(text: str, loc: Span, anchor: Span) -> bool:
    """Whether a link after the quote stands in a clause about something else: "“…,” said
    Morris, who is the uncle of [Red Fawn Fallis](…)", or in a later sentence."""
    if anchor.start < loc.end:
        return False
    between = text[loc.end : anchor.start]
    return bool(_RELATIVE.search(between) or _ABOUT_SPEAKER.search(between)
                or _SENTENCE_GAP.search(between[1:]))


# --- the analysis (cached: attribute and find_citations read the same one) ----------------


@lru_cache(maxsize=2)
def _analyse(doc: Document) -> _Analysis:
    lay = quote_layout(doc)
    quotes = find_quotes(doc)
    titles = [(loc, q) for q in quotes if q.kind is QuoteKind.TITLE for loc in q.locations]
    titles.sort(key=lambda x: x[0].start)
    traces = find_traces(doc, lay, titles)
    citations = _merge(traces)
    by_paragraph: dict[int, list[Trace]] = {}
    by_title: dict[str, Trace] = {}
    for t in traces:
        touched: set[int] = set()
        for r in t.reach:
            touched.update(range(lay.paragraph_of(r.start), lay.paragraph_of(r.end) + 1))
        for pi in touched:
            by_paragraph.setdefault(pi, []).append(t)
        if t.title:
            by_title.setdefault(t.title, t)
    quoted = sorted({loc for q in quotes if q.kind is QuoteKind.QUOTATION
                     for loc in (q.locations or (q.span,))}, key=lambda s: (s.start, s.end))
    return _Analysis(citations, tuple(traces), lay,
                     {pi: _nearby(lay, pi, ts) for pi, ts in by_paragraph.items()}, by_title,
                     tuple(quoted), tuple(b for b, _ in doc.credits))


def _nearby(lay: Layout, pi: int, traces: list[Trace]) -> _Nearby:
    para = lay.paragraphs[pi]
    inside = sorted((t for t in traces if para.start <= t.anchor.start <= para.end),
                    key=lambda t: t.anchor.start)
    outside = tuple(t for t in traces if not para.start <= t.anchor.start <= para.end)
    return _Nearby(tuple(t.anchor.start for t in inside), tuple(inside), outside)


# --- one citation per work ----------------------------------------------------------------


def _identity(t: Trace) -> tuple[object, ...]:
    if t.how is CitationHow.VAGUE:  # one per speaker and way of naming the press
        return ("vague", (t.author or "").casefold(), t.genre)
    if t.url:
        return ("url", t.url.rstrip("/"))
    return ("work", (t.outlet or "").casefold(), t.date, (t.author or "").casefold())


def _merge(traces: list[Trace]) -> tuple[Citation, ...]:
    works: list[list[Trace]] = []
    by_identity: dict[tuple[object, ...], list[list[Trace]]] = {}
    exact: dict[tuple[object, ...], list[Trace]] = {}  # identity and title -> its group
    for t in traces:
        identity = _identity(t)
        title = (t.title or "").casefold()
        group = exact.get((*identity, title))
        if group is None:
            candidates = by_identity.setdefault(identity, [])
            # the same work under a slightly different title is cited close by, if at all
            group = next((g for g in reversed(candidates[-_FUZZY_RECENT:]) if _same(g[0], t)),
                         None)
        if group is None:
            group = [t]
            by_identity[identity].append(group)
            works.append(group)
        else:
            group.append(t)
        exact.setdefault((*identity, title), group)
    out = []
    for n, group in enumerate(works, 1):
        key = f"c{n}"
        first = group[0]
        for t in group:
            t.key = key
        out.append(Citation(
            key=key, how=first.how, reference=first.reference, outlet=_pick(group, "outlet"),
            title=_pick(group, "title"), author=_pick(group, "author"),
            date=_pick(group, "date"), url=_pick(group, "url"),
            spans=tuple(sorted({s for t in group for s in (t.anchor, *t.also)},
                               key=lambda s: s.start)),
        ))
    return tuple(out)


def _pick(group: list[Trace], attr: str) -> Any:
    """The first value the traces of one work give for ``attr``."""
    return next((getattr(t, attr) for t in group if getattr(t, attr)), None)


def _same(a: Trace, b: Trace) -> bool:
    if _identity(a) != _identity(b):
        return False
    if a.how is CitationHow.VAGUE or a.url:
        return True
    if a.title and b.title:
        return a.title.casefold() == b.title.casefold() or \
            fuzz.ratio(a.title.casefold(), b.title.casefold()) >= _TITLE_MERGE
    if not (a.outlet or a.author or a.date):
        # nothing names the work but its words: two notes of different words are two works
        return not a.title and not b.title and a.reference.casefold() == b.reference.casefold()
    return True


def _short(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= _REASON_WIDTH else words[: _REASON_WIDTH - 1] + "…"

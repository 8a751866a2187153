"""Find the quoted passages in a document and decide what kind each is.

One pass over the quote marks of each paragraph pairs openers with closers (``_scan``);
speech set off by dialogue dashes (``dialogue``), HTML block quotes and <cite> titles join
them. Then each quote gets its kind (``decide_kind``), its structure (ellipses,
[insertions]), its language and its line:column; a passage repeated in the document is
reported once.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from provenance.model import Document, Quote, QuoteKind, Span
from provenance.quotes import marks as mk
from provenance.quotes.dialogue import speeches
from provenance.quotes.entries import reference_entries
from provenance.quotes.kinds import Context, decide_kind, speaks
from provenance.quotes.layout import Layout, layout
from provenance.quotes.repeats import firsts, fold
from provenance.quotes.speakers import credited, speaker
from provenance.words import ellipsis
from provenance.words.language import identify

log = logging.getLogger(__name__)

__all__ = ["find_quotes", "quote_layout"]

_MARK = re.compile("`{2,}|[" + re.escape("".join(sorted(mk.ALL))) + "]")
_MAX_STACK = 16  # open quotes kept per paragraph; deeper nesting is noise (and would be slow)
_SEARCH = 8  # how far down the stack a closer looks for its opener
_CLOSE_AHEAD = 600  # chars: how far a stray mark looks for its quotation's own closing mark
_MAX_CHAIN = 30  # paragraphs one multi-paragraph quotation may run over
_INSERTION = re.compile(r"\[([^\[\]\n]{1,80})\]")
_WORD = re.compile(r"[^\W_]")  # a letter or digit: what makes a quote more than marks
_NOISE = re.compile(r"\n[ \t]*>[ \t]?|\n")  # line breaks and Markdown ">" markers inside


@dataclass(slots=True)
class _Open:
    glyph: str
    at: int  # offset of the opening mark
    para: int
    kids: list[int] = field(default_factory=list)
    reopens: list[int] = field(default_factory=list)  # reopening marks of later paragraphs
    last_close: int = -1  # offset of the closing mark of the last quote nested in this one


@dataclass(slots=True)
class _Raw:
    start: int  # inner text, trimmed
    end: int
    open_at: int  # -1: the opening mark is missing
    close_at: int  # -1: never closed
    marks: str
    para: int
    parent: int = -1
    reopens: tuple[int, ...] = ()
    block: bool = False
    cite: bool = False  # HTML <cite>: the markup says it is a work's title


def find_quotes(doc: Document) -> tuple[Quote, ...]:
    """Every quoted passage in ``doc``, in document order, each with its kind, language,
    line:column, segments (ellipses) and insertions ([brackets]); repeats folded into
    ``locations``. ``citation`` is left None: ``citations.attribute`` links them."""
    return _find_quotes(doc)


@lru_cache(maxsize=2)  # the pipeline and the citation finder both ask for the same document
def _find_quotes(doc: Document) -> tuple[Quote, ...]:
    lay = quote_layout(doc)
    raws = _scan(_without_tags(doc.text) if doc.format == "md" else doc.text, lay)
    raws.extend(_dialogue(doc.text, lay, raws))
    raws.extend(_blocks(doc, lay, raws))
    raws.extend(_cited_titles(doc, lay, raws))
    order = sorted(raws, key=lambda r: (r.start, -r.end))
    quotes, paras = _quotes(doc.text, lay, order, raws, _credit_lines(doc), doc.format == "md",
                            [c for _, c in doc.credits])
    first, first_paras = firsts(quotes, paras)
    return fold(quotes, _languages(doc.text, lay, first, first_paras))


# An HTML tag written in Markdown: the quote marks around its attributes are markup.
_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]{0,400})?/?>")


def _without_tags(text: str) -> str:
    """``text`` with the quote marks inside each HTML tag blanked out, offsets kept."""
    return _TAG.sub(lambda m: re.sub(r"[\"'“”‘’«»]", "_", m.group(0)), text)


@lru_cache(maxsize=2)
def quote_layout(doc: Document) -> Layout:
    """The paragraphs and lines of ``doc`` (cached: quotes and citations share it).

    In Markdown a paragraph ends only at a blank line, and so in HTML, whose reader puts a
    blank line where a block ends and a line break alone for <br>: short blocks are not a
    hard-wrapped text. A plain text or PDF is looked at to tell."""
    soft = {"md": True, "html": True}.get(doc.format)
    return layout(doc.text, soft, doc.positions)


# --- pairing marks ----------------------------------------------------------------------


def _scan(text: str, lay: Layout) -> list[_Raw]:
    raws: list[_Raw] = []
    stack: list[_Open] = []
    skip = -1  # a reopening mark already consumed by a multi-paragraph quote
    chain = 0
    paras = lay.paragraphs
    for pi, para in enumerate(paras):
        closed_here = False
        for m in _MARK.finditer(text, para.start, para.end):
            i = m.start()
            if i == skip or len(m.group()) > 1:
                continue
            closed_here |= _mark(text, i, pi, para, stack, raws, closed_here)
        if not stack:
            chain = 0
            continue
        _share_closers(text, para, stack, raws)
        nxt = paras[pi + 1] if pi + 1 < len(paras) else None
        first = _first_mark(text, nxt) if nxt else -1
        if (stack and first >= 0 and chain < _MAX_CHAIN and stack[0].glyph in mk.DOUBLE
                and text[first] == stack[0].glyph):
            del stack[1:]  # marks left open inside were not quotes
            stack[0].reopens.append(first)
            skip = first
            chain += 1
            continue
        chain = 0
        while stack:
            top = stack.pop()
            if top.glyph in mk.DOUBLE:  # never closed: it runs to the paragraph's end
                _emit(text, top, -1, para.end, "", raws, stack)
    return raws


def _first_mark(text: str, para: Span) -> int:
    i = para.start
    while i < para.end and text[i] in "> \t":
        i += 1
    return i if i < para.end and text[i] in mk.OPEN_LEANING | {'"', "”", "»"} else -1


def _mark(text: str, i: int, pi: int, para: Span, stack: list[_Open], raws: list[_Raw],
          closed_here: bool) -> bool:
    """Handle the mark at ``i``; True when it closed a quote."""
    g = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if g in mk.APOSTROPHES and _apostrophe(g, prev, nxt, stack):
        return False
    can_open = ((prev.isspace() or prev in mk.OPEN_CONTEXT) and not nxt.isspace()
                and (nxt not in mk.ENDS_SOMETHING or text.startswith("...", i + 1)))
    can_close = not prev.isspace() and (nxt.isspace() or nxt in mk.CLOSE_CONTEXT)
    if g == "“" and prev in ".,;:!?" and nxt.isalpha() and not any(o.glyph == "„" for o in stack):
        can_open = True  # glued after a full stop: "immutability.“the digital ledger…”"
    if not (can_open and not can_close):  # a mark that only opens never closes
        for k in range(len(stack) - 1, max(-1, len(stack) - 1 - _SEARCH), -1):
            ahead = min(para.end, i + _CLOSE_AHEAD)
            if mk.accepts(stack[k].glyph, g) and not mk.closed_later(
                    text, i, ahead, stack[k].glyph, [o.glyph for o in stack[:k]]):
                glued = k > 0 and stack[k].at == stack[k - 1].at + 1
                if k > 0 and mk.ends_outer(text, i, ahead, stack[k - 1].glyph, stack[k].glyph,
                                           glued):
                    if not glued:  # the inner quotation was left open: it ends here too
                        del stack[k + 1:]
                        _emit(text, stack.pop(), i, i, g, raws, stack)
                    k -= 1
                del stack[k + 1:]
                _emit(text, stack.pop(), i, i, g, raws, stack)
                return True
    if can_open or g in mk.UNSPACED_OPENERS or (
            g in mk.OPEN_LEANING and (prev.isspace() or prev in mk.OPEN_CONTEXT)):
        if len(stack) >= _MAX_STACK:
            del stack[0]
        stack.append(_Open(g, i, pi))
        return False
    if g in mk.CLOSE_ONLY and can_close and not stack and not closed_here:
        # A closing mark whose opening mark was lost: the quote starts with the paragraph.
        start = para.start
        while start < i and text[start] in "> \t":
            start += 1
        raw = _raw(text, start, i, -1, i, g, pi)
        if raw:
            raws.append(raw)
            return True
    return False


def _apostrophe(g: str, prev: str, nxt: str, stack: list[_Open]) -> bool:
    if prev.isalnum() and nxt.isalnum():  # it's, d’État, l'homme
        return True
    if not prev.isalnum() and nxt.isdigit():  # the '90s
        return True
    single_open = any(o.glyph in mk.SINGLE for o in stack[-_SEARCH:])
    return prev.isalpha() and not single_open  # people’, Jesus' (no single quote is open)


def _emit(text: str, op: _Open, close_at: int, end: int, g: str, raws: list[_Raw],
          stack: list[_Open]) -> None:
    raw = _raw(text, op.at + 1, end, op.at, close_at, op.glyph + g, op.para, tuple(op.reopens))
    if raw is None:
        return
    index = len(raws)
    raws.append(raw)
    for kid in op.kids:
        raws[kid].parent = index
    if stack:
        stack[-1].kids.append(index)
        if close_at >= 0:
            stack[-1].last_close = close_at


def _raw(text: str, start: int, end: int, open_at: int, close_at: int, marks: str, para: int,
         reopens: tuple[int, ...] = ()) -> _Raw | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if _WORD.search(text, start, end) is None:
        return None
    return _Raw(start, end, open_at, close_at, marks, para, reopens=reopens)


def _share_closers(text: str, para: Span, stack: list[_Open], raws: list[_Raw]) -> None:
    """An outer quote left open whose nested quote closed with the outer's own closing mark
    at the paragraph's end ends there too: “… «…” closes both."""
    while stack:
        top = stack[-1]
        at = top.last_close
        if at < 0 or not mk.is_primary(top.glyph, text[at]):
            return
        if text[at + 1 : para.end].strip(" \t.,;:!?") != "":
            return
        stack.pop()
        _emit(text, top, at, at, text[at], raws, stack)


class _Quoted:
    """Where the quotes found so far stand, sorted, to ask at once whether a span is quoted
    already: ``reach[i]`` is the furthest end of the quotes starting at or before
    ``starts[i]``, so a span inside a quote (a paragraph of a multi-paragraph quote) is seen
    without looking at every quote."""

    def __init__(self, raws: list[_Raw]) -> None:
        self.raws = sorted(raws, key=lambda r: (r.start, r.end))
        self.starts = [r.start for r in self.raws]
        self.reach = list(itertools.accumulate((r.end for r in self.raws), max))

    def covers(self, start: int, end: int) -> bool:
        """Whether a quote starts at or before ``start`` and ends at or after ``end``."""
        k = bisect.bisect_right(self.starts, start) - 1
        return k >= 0 and self.reach[k] >= end

    def starting(self, lo: int, hi: int) -> list[_Raw]:
        """The quotes that start in lo..hi (hi excluded)."""
        return self.raws[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]


def _within(text: str, spans: Iterable[Span]) -> Iterator[Span]:
    """The spans that stand inside ``text`` (a document built by hand may hold others)."""
    return (s for s in spans if s.start < s.end <= len(text))


def _blocks(doc: Document, lay: Layout, raws: list[_Raw]) -> list[_Raw]:
    """HTML <q>/<blockquote> and Markdown ">" quotes, unless marks already quote them."""
    quoted = _Quoted(raws)
    out = []
    text = doc.text
    for span in _within(text, doc.block_quotes):
        if quoted.covers(span.start + 2, span.end - 2):  # (marks may stand inside the block)
            # marks quoting the whole block are the block quote: one quote, not two
            for r in quoted.starting(span.start - 1, span.start + 3):
                if abs(r.end - span.end) <= 2 and r.parent < 0:
                    r.block = True
            continue
        line_start = text.rfind("\n", 0, span.start) + 1
        at_line_start = text[line_start : span.start].strip("> \t") == ""
        marks = (">" if doc.format == "md" else "<blockquote>") if at_line_start else "<q>"
        raw = _raw(text, span.start, span.end, -1, -1, marks, lay.paragraph_of(span.start))
        if raw:
            raw.block = True
            out.append(raw)
    return out


def _dialogue(text: str, lay: Layout, raws: list[_Raw]) -> list[_Raw]:
    """Speech set off by dialogue dashes (see ``dialogue``), unless quote marks already
    quote it or part of it (a quote that opens in the speech and closes past it)."""
    quoted = _Quoted(raws)
    out = []
    for sp in speeches(text, lay.paragraphs, speaks):
        if quoted.covers(sp.start - 3, sp.start + 1):
            continue  # a quote from before runs into it, or holds it
        if any(r.end > sp.end + 2 or (r.start <= sp.start + 2 and r.end >= sp.end - 2)
               for r in quoted.starting(sp.start - 2, sp.end)):
            continue  # a quote runs on past it, or is the same words
        raw = _raw(text, sp.start, sp.end, sp.open_at, sp.close_at, text[sp.open_at],
                   lay.paragraph_of(sp.start))
        if raw:
            out.append(raw)
    return out


def _cited_titles(doc: Document, lay: Layout, raws: list[_Raw]) -> list[_Raw]:
    """HTML <cite> elements: titles of works. One whose text marks already quote
    (<cite>“…”</cite>) makes that quote a title; one inside a quoted passage is part of
    someone's words and is left to them; any other becomes a title of its own."""
    quoted = _Quoted(raws)
    out = []
    text = doc.text
    for span in _within(text, doc.cited_titles):
        same = [r for r in quoted.starting(span.start - 2, span.start + 3)
                if abs(r.end - span.end) <= 2]
        for r in same:
            r.cite = True
        if same or quoted.covers(span.start, span.end):
            continue
        raw = _raw(text, span.start, span.end, -1, -1, "<cite>", lay.paragraph_of(span.start))
        if raw:
            raw.cite = True
            out.append(raw)
    return out


# --- from raw spans to quotes -------------------------------------------------------------


def _quotes(text: str, lay: Layout, order: list[_Raw], raws: list[_Raw],
            credits: list[tuple[Span, str]], markdown: bool,
            credit_spans: list[Span]) -> tuple[list[Quote], list[int]]:
    """``order``: the raw quotes by position; ``raws``: as found (``parent`` indexes it);
    ``credits``: each block quote's credit line, the words that name who or what it quotes;
    ``credit_spans``: where those lines stand (a quoted passage there names a work, as a
    reference entry's does)."""
    by_para: dict[int, list[_Raw]] = {}
    for r in order:
        if r.parent < 0:
            by_para.setdefault(r.para, []).append(r)
    frames = {pi: _Frame.of(text, lay.paragraphs[pi], tops) for pi, tops in by_para.items()}
    entries = reference_entries(lay, markdown)
    out: list[Quote] = []
    paras: list[int] = []
    for r in order:
        ctx = _context(text, lay, r, frames.get(r.para), raws, r.para in entries or any(
            c.start <= r.start < c.end for c in credit_spans))
        kind, _why = decide_kind(ctx)
        inner = text[r.start : r.end]
        segments, insertions = _structure(inner, r)
        line, col = lay.line_column(r.start)
        said_by = None
        if kind is QuoteKind.QUOTATION and not ctx.nested:
            said_by = _speaker(ctx, r, text, inner, credits)
        out.append(Quote(inner, Span(r.start, r.end), line, col, kind, r.marks, None,
                         segments, insertions, speaker=said_by))
        paras.append(r.para)
    return out, paras


def _speaker(ctx: Context, r: _Raw, text: str, inner: str,
             credits: list[tuple[Span, str]]) -> str | None:
    """Who the document says spoke the quote: a name a verb of saying ties to it; for a
    quote standing as its own paragraph, the one the paragraph before introduces ("Roe
    told the council:"); for a block quote, the person its credit line names."""
    before = ctx.before
    if not before.strip(" \t>") and ctx.previous.rstrip().endswith(":"):
        before = ctx.previous
    said_by = speaker(before, ctx.after, text, inner.rstrip().endswith("."))
    if said_by is None and r.block:
        line = next((c for block, c in credits if block.start <= r.start < block.end), None)
        said_by = credited(line) if line else None
    return said_by


def _credit_lines(doc: Document) -> list[tuple[Span, str]]:
    """Each block quote's credit line, with the titles of works in it (<cite>) blanked:
    "— Jane Roe, <cite>Harbour Report</cite>" names Jane Roe, not a "Harbour Report"."""
    out = []
    for block, credit in doc.credits:
        line = list(doc.text[credit.start:credit.end])
        for title in doc.cited_titles:
            for i in range(max(title.start, credit.start), min(title.end, credit.end)):
                line[i - credit.start] = " "
        out.append((block, "".join(line)))
    return out


def _languages(text: str, lay: Layout, quotes: list[Quote], paras: list[int]) -> list[Quote]:
    """Each quote's language; one too short to tell takes its paragraph's."""
    para_lang: dict[int, str | None] = {}
    out = []
    for q, pi in zip(quotes, paras, strict=True):
        lang = identify(" ".join(q.segments) if q.segments else q.text)
        if lang is None:
            if pi not in para_lang:
                p = lay.paragraphs[pi]
                para_lang[pi] = identify(text[p.start : min(p.end, p.start + 1000)], 40)
            lang = para_lang[pi]
        out.append(Quote(q.text, q.span, q.line, q.column, q.kind, q.marks, lang, q.segments,
                         q.insertions, speaker=q.speaker))  # not replace(): slow in bulk
    return out


def _outer(r: _Raw) -> tuple[int, int]:
    """Where the quote stands with its marks."""
    return (r.open_at if r.open_at >= 0 else r.start,
            r.close_at + 1 if r.close_at >= 0 else r.end)


@dataclass(frozen=True, slots=True)
class _Frame:
    """The top-level quotes of one paragraph, computed once for all of them."""

    ends: tuple[int, ...]  # where each ends, marks included, in order
    standalone: bool  # nothing but quotes and punctuation in the paragraph
    blocks: tuple[_Raw, ...] = ()  # its block quotes

    @staticmethod
    def of(text: str, para: Span, tops: list[_Raw]) -> _Frame:
        ends, pos, words = [], para.start, False
        for r in tops:  # in order, and they do not overlap
            start, end = _outer(r)
            words = words or _WORD.search(text, pos, max(pos, start)) is not None
            pos = max(pos, end)
            ends.append(end)
        words = words or _WORD.search(text, pos, para.end) is not None
        return _Frame(tuple(ends), not words, tuple(r for r in tops if r.block))

    def previous_end(self, at: int) -> int:
        """End of the last quote that ends at or before ``at`` (-1: none)."""
        k = bisect.bisect_right(self.ends, at) - 1
        return self.ends[k] if k >= 0 else -1


def _context(text: str, lay: Layout, r: _Raw, frame: _Frame | None,
             raws: list[_Raw], entry: bool = False) -> Context:
    para = lay.paragraphs[r.para]
    open_at, close_end = _outer(r)
    parent = raws[r.parent] if 0 <= r.parent < len(raws) else None
    lo = parent.start if parent is not None else para.start
    if parent is None and frame is not None:
        # the writer's words start after the previous quote in the paragraph
        lo = max(lo, frame.previous_end(open_at))
    before = text[max(lo, open_at - 300) : open_at]
    hi = parent.end if parent is not None else lay.paragraphs[_last_para(lay, r)].end
    after = text[close_end : min(hi, close_end + 300)]
    previous = ""
    if r.para > 0:
        p = lay.paragraphs[r.para - 1]
        previous = text[max(p.start, p.end - 300) : p.end]
    standalone = parent is None and frame is not None and frame.standalone and not any(
        b.block and b is not r and b.start <= r.start and r.end <= b.end
        for b in frame.blocks)  # a quote inside a block quote shares its paragraph with words
    return Context(
        text=text[r.start : r.end], before=before, after=after, previous=previous,
        lead=text[max(parent.start if parent is not None else para.start, open_at - 300) :
                  open_at],
        standalone=standalone, nested=parent is not None, block=r.block, cite=r.cite,
        entry=entry,
        damaged=r.open_at < 0 or r.close_at < 0 or (len(r.marks) == 2
                                                      and not mk.is_primary(*r.marks)),
    )


def _last_para(lay: Layout, r: _Raw) -> int:
    return lay.paragraph_of(r.end) if r.reopens else r.para


def _structure(inner: str, r: _Raw) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Segments between ellipses (cleaned of line breaks, Markdown ">" markers and the marks
    that reopen each paragraph of a long quotation) and the [bracketed] insertions.
    Segments are () when there is no ellipsis: the quote is then one part, its text."""
    insertions = tuple(m.group(1).strip() for m in _INSERTION.finditer(inner)
                       if not ellipsis.is_ellipsis(m.group(0)))
    parts = ellipsis.split(inner)
    if len(parts) == 1:
        return (), insertions
    cleaned = []
    for part in parts:
        part = _NOISE.sub(" ", part)
        if r.reopens:
            part = re.sub(r"(?<=\s)[" + re.escape("".join(mk.OPEN_LEANING)) + r"”»\"](?=\S)",
                          "", part)
        part = " ".join(part.split())
        if any(c.isalnum() for c in part):
            cleaned.append(part)
    return tuple(cleaned), insertions

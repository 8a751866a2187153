"""One place a document cites a work (a trace), and the stretch of text it reaches."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from provenance.model import CitationHow, Document, Span
from provenance.quotes.dialogue import DASHES
from provenance.quotes.layout import Layout

__all__ = ["Trace", "forward", "paragraph", "quote_before", "sentence_end", "sentence_start",
           "title_of"]

BACK_PARAGRAPHS = 8  # how far a closing note such as "(los diarios del país)" reaches back
_SENTENCE_WORDS = 5  # words: a paragraph broken off mid-sentence has at least these
LOOK = 400  # chars: how far the words of one citation reach around its anchor
# A full stop that ends no sentence: an ordinal ("16. Februar"), an initial ("J."), a title
# before a name ("Dr.", "Sr.").
_NOT_AN_END = re.compile(
    r"(?:(?<![\w.])\d{1,2}|(?<![\w.])[A-Z]|\b(?:Mr|Mrs|Ms|Dr|Sr|Sra|St|Prof))\.$")
_MD_LINK_END = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)$")
_OPENERS = "“«„\"‘"
_CLOSERS = "”»“\"’"
_SENTENCE = re.compile(r"[.!?][”“»«\"'’)]*\s+(?=[A-ZÁÉÍÓÚÑÄÖÅÜ¿¡«“„\"])")


@dataclass(slots=True)
class Trace:
    """One place the document cites a work, before traces of the same work are merged."""

    how: CitationHow
    anchor: Span  # the words that cite
    reference: str
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None
    url: str | None = None
    genre: str | None = None
    reach: list[Span] = field(default_factory=list)  # where its quotes may stand
    backward: bool = False  # the trace follows the quotes it covers
    key: str = ""
    also: list[Span] = field(default_factory=list)  # other words describing it (a note)


def title_of(text: str) -> str:
    return " ".join(text.split()).strip(" ,.;:")


def paragraph(lay: Layout, offset: int) -> Span:
    return lay.paragraphs[lay.paragraph_of(offset)] if lay.paragraphs else Span(0, 0)


def forward(doc: Document, lay: Layout, start: int) -> list[Span]:
    """From ``start`` to its paragraph's end; on into the next paragraph when this one ends
    with a colon, and on over the paragraphs after it that open with a quote mark or a
    dialogue dash (an interview's answers)."""
    if not lay.paragraphs:
        return []
    pi = lay.paragraph_of(start)
    para = lay.paragraphs[pi]
    reach = [Span(start, para.end)]
    text = doc.text
    nxt = lay.paragraphs[pi + 1] if pi + 1 < len(lay.paragraphs) else None
    if nxt is not None and (text[para.end - 1] == ":" or _runs_into(doc, para, nxt)):
        reach.append(nxt)
        for p in lay.paragraphs[pi + 2 : pi + 2 + BACK_PARAGRAPHS]:
            if text[p.start] not in "“\"«„”»‘'" + DASHES:  # a quote mark, or a dialogue dash
                break
            reach.append(p)
    return reach


_TAIL = 2000  # chars of a paragraph's end read for how it ends (longer than any link)


def _runs_into(doc: Document, para: Span, nxt: Span) -> bool:
    """A paragraph broken off mid-sentence ("The key point from the abstract is") runs into
    the block quote right after it, as a colon would lead into it."""
    # a sentence broken off on a Markdown link ("… [people say things like](…)") ends
    # with the link's words
    # Only the paragraph's end is read: a long paragraph read whole for each trace that
    # reaches it would cost its length every time.
    head = doc.text[para.start : min(para.end, para.start + _TAIL)]
    words = _MD_LINK_END.sub(r"\1", doc.text[max(para.start, para.end - _TAIL) : para.end])
    if not words or not words[-1].isalpha() or head.startswith("#") \
            or len(words.split()) < _SENTENCE_WORDS:
        return False  # a sentence, not a heading, a credit line or a date
    if any(b.start <= para.start < b.end for b in doc.block_quotes) or any(
            c.start <= para.start < c.end for _, c in doc.credits):
        return False
    return any(b.start <= nxt.start < b.end or nxt.start <= b.start < nxt.end
               for b in doc.block_quotes)


def sentence_start(text: str, para: Span, at: int) -> int:
    """Where the sentence holding ``at`` starts (quotes often hold their own full stops, so
    only a full stop outside marks and before a capital counts; the paragraph otherwise)."""
    lo = max(para.start, at - LOOK)
    cut = lo
    for m in _SENTENCE.finditer(text, lo, at):
        k = m.start() - 1  # the letter before the full stop
        while k > lo and text[k] in "”’»)\"'":
            k -= 1
        if text[k].islower() or text[k].isdigit():
            cut = m.end()
    return cut


def quote_before(text: str, para: Span, at: int) -> int:
    """The opening mark of the quotation whose closing mark comes right before the clause
    that holds ``at`` (", informó X", ", as X's editorial puts it", "” X reported"), or -1."""
    j = at - 1
    lo = max(para.start, at - 80)
    while j > lo and text[j] not in _CLOSERS:
        if text[j] in ".!?;:" and j + 1 < len(text) and text[j + 1] in " \n":
            return -1  # a sentence or clause ends between them
        j -= 1
    if j <= lo or text[j] not in _CLOSERS:
        return -1
    between = text[j + 1 : at]
    if not re.fullmatch(r"[\s,.]*[^,.:;!?“”«»„]{0,60}", between):
        return -1
    opener = max(text.rfind(c, para.start, j) for c in _OPENERS)
    return opener if opener >= 0 else -1


def sentence_end(text: str, para: Span, at: int) -> int:
    """Where the sentence holding ``at`` ends: a full stop outside quote marks, or the end
    of the paragraph."""
    depth = 0
    for k in range(at, min(para.end, at + LOOK * 4)):
        c = text[k]
        if c in "“«„":
            depth += 1
        elif c in "”»" and depth:
            depth -= 1
        elif c in ".!?" and depth == 0 and (k + 1 >= para.end or text[k + 1] in " \n") and \
                not _NOT_AN_END.search(text, max(para.start, k - 5), k + 1):
            return k + 1
    return para.end

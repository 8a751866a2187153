"""The document's own source: where the whole document comes from, not what it quotes.

A link or note marker on the document's title or first heading ("…FRAUD1" on a heading whose
note holds the blog post it compiles), or a line such as "Source:", "Fuente:", "Translated
from", "Originally published at". Recorded and reported, never dropped, and never tied to a
quotation for that reason alone.
"""

from __future__ import annotations

import re

from provenance.intervals import Intervals
from provenance.model import Citation, CitationHow, Document, Span
from provenance.quotes.find import quote_layout

__all__ = ["document_sources"]

_HEADING_LINE = 120  # chars: an all-capitals line this short, or a "#" line, is a heading
_HEADING_CHARS = 200  # a first paragraph this short, or a Markdown heading, is the title
_SOURCE_LINE = re.compile(
    r"^[ \t>*_]*(?:source|sources|fuente|fuentes|fonte|källa|kilde|quelle|lähde|"
    r"translated\s+from|traducido\s+de|traducción\s+de|traduit\s+de|traduzido\s+de|"
    r"översatt\s+från|übersetzt\s+aus|originally\s+published\s+(?:at|in|on|by)|"
    r"publicado\s+originalmente\s+en|publicado\s+originalmente\s+em|"
    r"publié\s+(?:à\s+l'origine|initialement)\s+(?:sur|dans)|först\s+publicerad\s+i|"
    r"zuerst\s+erschienen\s+(?:in|bei|auf)|via)\b[^\n]{0,300}",
    re.IGNORECASE | re.MULTILINE,
)


def document_sources(doc: Document, citations: tuple[Citation, ...]) -> tuple[Citation, ...]:
    """The cited works that are the document's own source, in order."""
    lay = quote_layout(doc)
    places = []
    if lay.paragraphs:
        first = lay.paragraphs[0]
        words = doc.text[first.start : first.end].rstrip()
        # A title is short and ends no sentence: a one-line document that quotes someone
        # ("Según X, “…”.") is text, not its own title.
        if doc.text[first.start] == "#" or (first.end - first.start <= _HEADING_CHARS
                                            and not words.endswith((".", "!", "?", ":"))):
            places.append(Span(first.start, first.end))
    for p in lay.paragraphs:  # a heading: a short line of its own, no sentence's full stop
        words = doc.text[p.start : p.end]
        if "\n" not in words and len(words) <= _HEADING_LINE and (
                words.startswith("#") or (words[:1].isupper() and words.upper() == words
                                          and not words.rstrip().endswith((".", ":", "?")))):
            places.append(Span(p.start, p.end))
    for m in _SOURCE_LINE.finditer(doc.text):
        places.append(Span(m.start(), m.end()))
    within = Intervals(places)
    out = []
    for c in citations:
        if c.how is CitationHow.VAGUE:  # names no work: no document comes from it
            continue
        if any(within.holds(s.start) for s in c.spans) and c not in out:
            out.append(c)
    return tuple(out)

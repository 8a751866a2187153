"""Which pages of the cache a document may borrow from: the pages worth searching for reuse
when every cached page is searched (``--reuse-cache``), not only the document's sources.

Aligning the document with every cached page would cost a full search per page. The cache
keeps word shingles of every capture, indexed for the found-elsewhere lookup; this module
asks that lookup about windows of the document and keeps the pages it names. A window is
twice the reuse minimum long and starts every reuse minimum words, so any run of the
minimum length lies whole inside one window, whose shingles the page then mostly holds.
The query function is passed in (the pipeline wires the found-elsewhere index to it), so
the stage stays pure and the index's making stays where it is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from provenance.model import Document, Quote, Span
from provenance.reuse.find import outside_quotes
from provenance.settings import Settings
from provenance.words.normalize import cut

__all__ = ["Candidates", "pages_to_search"]

# The found-elsewhere lookup: the pages holding most of a quote's shingles, best first, as
# (url, shingles held), leaving out the URLs given.
Candidates = Callable[[Quote, Iterable[str]], list[tuple[str, int]]]


def pages_to_search(document: Document, quotes: Sequence[Quote], candidates: Candidates,
                    settings: Settings, exclude: Iterable[str] = ()) -> list[str]:
    """The URLs the lookup names for some window of the document's words outside quote
    marks, in the order first named; ``exclude`` (the pages already searched, the
    document's own address) left out."""
    least = settings.reuse_min_words
    if least < 1:
        return []
    doc = cut(document.text)
    usable = outside_quotes(doc, [q.span for q in quotes])
    skip = tuple(exclude)
    found: dict[str, None] = {}
    for first in range(0, max(len(doc) - least + 1, 1), least):
        last = min(first + 2 * least, len(doc))
        # Only words outside quote marks: a window's usable stretch of the minimum or more.
        for start, end in _stretches(usable, first, last, least):
            span = Span(doc.starts[start], doc.ends[end - 1])
            window = Quote(span.slice(document.text), span, 1, 1)
            for url, _held in candidates(window, skip):
                found.setdefault(url, None)
    return list(found)


def _stretches(usable: Sequence[bool], first: int, last: int,
               least: int) -> list[tuple[int, int]]:
    """The runs of usable words in [first, last) at least ``least`` long."""
    out, start = [], None
    for i in range(first, last + 1):
        if i < last and usable[i]:
            start = i if start is None else start
            continue
        if start is not None and i - start >= least:
            out.append((start, i))
        start = None
    return out

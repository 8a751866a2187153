"""Two passages side by side, each in its own words, with the words that differ marked.

An altered quote is shown as one passage (the source's, with the quote's changes struck and
inserted: ``redline``). A passage reused without quote marks, or a sentence changed on the
way from an original, is shown as two: the document's and the source's, each exactly as it
stands, so a reader sees both texts whole. The words are compared by the keys the match
stage compares (case, glyphs and hyphenation folded), so a mark means a word-level edit, not
a difference of typography.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from provenance.report.redline import Piece
from provenance.words.normalize import Words, cut

__all__ = ["sides"]


def sides(document: str, source: str) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """(the document's passage, the source's), each as pieces: ``same`` words, and the
    words only that side has (``added`` on the document's, ``dropped`` on the source's)."""
    dw, sw = cut(document), cut(source)
    doc: list[Piece] = []
    src: list[Piece] = []
    at_doc = at_src = 0
    matcher = SequenceMatcher(None, dw.keys, sw.keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        at_doc = _run(doc, dw, at_doc, i1, i2, "same" if op == "equal" else "added")
        at_src = _run(src, sw, at_src, j1, j2, "same" if op == "equal" else "dropped")
    _append(doc, "same", document[at_doc:])
    _append(src, "same", source[at_src:])
    return tuple(doc), tuple(src)


def _run(out: list[Piece], words: Words, at: int, first: int, last: int, kind: str) -> int:
    """Words ``first`` to ``last`` (exclusive) as one piece of ``kind``, the text before them
    (from ``at``) as plain; where the next piece starts."""
    if first == last:
        return at
    start, end = words.starts[first], words.ends[last - 1]
    _append(out, "same", words.text[at:start])
    _append(out, kind, words.text[start:end])
    return end


def _append(out: list[Piece], kind: str, text: str) -> None:
    if not text:
        return
    if out and out[-1].kind == kind:
        out[-1] = Piece(kind, out[-1].text + text)
    else:
        out.append(Piece(kind, text))

"""Whole-document provenance: a document against the original it declares (a link or note
on its title, a "Source:" or "Translated from" line) or the one it was given.

In the same language the two are cut into sentences and aligned in order; a sentence is
present when the other side has it word for word, changed when most of its words stand in
a sentence of the other side in order (the edits then come from the match stage, as for an
altered quote), and otherwise added or dropped. A paraphrase shares too few words in order
to count as changed: it is a sentence added and one dropped. In another language nothing is
compared word for word: the paragraphs are aligned by their anchors (``anchors``) and the
numbers and dates that disagree are reported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from provenance.match.items import QuoteWord
from provenance.match.search import match_in
from provenance.model import (
    Edit,
    Original,
    RepostKind,
    SentenceChange,
    SentenceDiff,
    Span,
)
from provenance.reuse.anchors import (
    align_paragraphs,
    anchors_of,
    block_spans,
    clashes,
    paragraph_spans,
)
from provenance.words.language import identify_page
from provenance.words.normalize import cut

__all__ = ["CHANGED_SHARE", "compare_original", "sentence_spans"]

# The share of a sentence's words, in order, that the other side's sentence must have for
# the two to be one sentence changed; a paraphrase keeps far fewer.
CHANGED_SHARE = 0.6
_SENTENCE_END = re.compile(r"(?<=[.!?…])[»”\"')\]]*\s+(?=[¿¡«“\"'(\[]?[A-ZÀ-ÖØ-Þ0-9])")
# Headings: a line no longer than this, without end punctuation, above a sentence.
_HEADING_WORDS = 15
_LINE_END = re.compile(r"[^\S\n]*\n\s*")
_ENDS_SENTENCE = re.compile(r"[.!?…:;,][»”\"')\]]*\s*$")
_STARTS_SENTENCE = re.compile(r"\s*[¿¡«“\"'(\[]?[A-ZÀ-ÖØ-Þ0-9]")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s")


def sentence_spans(text: str, skip: Sequence[Span] = ()) -> list[Span]:
    """The sentences of ``text``, paragraph by paragraph, leaving out the paragraphs that
    hold a span of ``skip`` (the line that declares the original is not part of it)."""
    out = []
    for p in paragraph_spans(text):
        if any(p.start <= s.start < p.end for s in skip):
            continue
        for unit in _units(text, p):
            start = unit.start
            for m in _SENTENCE_END.finditer(text, unit.start, unit.end):
                out.append(Span(start, m.start()))
                start = m.end()
            out.append(Span(start, unit.end))
    return [s for s in out if cut(text[s.start:s.end]).keys]


def _units(text: str, paragraph: Span) -> list[Span]:
    """The paragraph cut after each heading line in it: a page's extracted text often puts
    its title on the line just above the first sentence, and glued to it that sentence
    would pair with the document's own as one changed, though not a word of it is."""
    out, start = [], paragraph.start
    line_start, fresh = paragraph.start, True  # fresh: the line begins a unit
    for m in _LINE_END.finditer(text, paragraph.start, paragraph.end):
        line = text[line_start:m.start()]
        heading = _heading(line, fresh, text[m.end():paragraph.end])
        if heading:
            out.append(Span(start, m.start()))
            start = m.end()
        # A line cut in mid-sentence (wrapped text) makes its next line no heading.
        fresh = heading or bool(_ENDS_SENTENCE.search(line))
        line_start = m.end()
    out.append(Span(start, paragraph.end))
    return out


def _heading(line: str, fresh: bool, rest: str) -> bool:
    """Whether ``line`` is a heading: a Markdown one, or a short line beginning a unit,
    with no end punctuation, above a line that begins and ends like a sentence."""
    stripped = line.strip()
    if _MARKDOWN_HEADING.match(stripped):
        return True
    if not (fresh and stripped and len(stripped.split()) <= _HEADING_WORDS
            and not _ENDS_SENTENCE.search(stripped) and _STARTS_SENTENCE.match(rest)):
        return False
    # Wrapped text goes on mid-sentence on the next line too; a sentence under a heading
    # is a whole line of extracted text, ended by its punctuation.
    following = rest.split("\n", 1)[0]
    return bool(_ENDS_SENTENCE.search(following))


def compare_original(document: str, original: str, url: str,
                     skip: Sequence[Span] = ()) -> Original:
    """``document`` against ``original`` (its main text); ``skip`` holds spans of the
    document whose paragraphs are left out (where it names its original)."""
    # Read as pages are (more of the text than a quote's sample): a document often opens with
    # a title in capitals or a slogan, too little to tell its language by.
    langs = (identify_page(document), identify_page(original))
    if langs[0] and langs[1] and langs[0] != langs[1]:
        return _translation(document, original, url, langs, skip)
    return _repost(document, original, url, langs, skip)


def _keys(text: str, span: Span) -> tuple[str, ...]:
    return tuple(cut(text[span.start:span.end]).keys)


def _repost(document: str, original: str, url: str, langs: tuple[str | None, str | None],
            skip: Sequence[Span]) -> Original:
    ds, os_ = sentence_spans(document, skip), sentence_spans(original)
    dk, ok = [_keys(document, s) for s in ds], [_keys(original, s) for s in os_]
    diffs: list[SentenceDiff] = []
    same = 0
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, dk, ok, autojunk=False).get_opcodes():
        if tag == "equal":
            same += i2 - i1
            continue
        diffs += _block(document, original, ds[i1:i2], dk[i1:i2], os_[j1:j2], ok[j1:j2])
    changed = sum(d.change is SentenceChange.CHANGED for d in diffs)
    present = same + changed
    kind = RepostKind.CHANGED if diffs else RepostKind.FAITHFUL
    return Original(url, kind, original, langs, _share(present, len(os_)),
                    _share(present, len(ds)), tuple(diffs))


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _block(document: str, original: str, ds: list[Span], dk: list[tuple[str, ...]],
           os_: list[Span], ok: list[tuple[str, ...]]) -> list[SentenceDiff]:
    """A stretch where the sentences differ: each document sentence paired, in order, with
    the original's sentence most like it (when like enough), the rest added or dropped."""
    out: list[SentenceDiff] = []
    j = 0
    for i, keys in enumerate(dk):
        best, at = 0.0, -1
        for k in range(j, len(ok)):
            r = SequenceMatcher(None, keys, ok[k], autojunk=False).ratio()
            if r > best:
                best, at = r, k
        if best < CHANGED_SHARE:
            out.append(SentenceDiff(SentenceChange.ADDED, ds[i], None))
            continue
        out += [SentenceDiff(SentenceChange.DROPPED, None, s) for s in os_[j:at]]
        out.append(SentenceDiff(SentenceChange.CHANGED, ds[i], os_[at],
                                _edits(document, ds[i], original, os_[at])))
        j = at + 1
    out += [SentenceDiff(SentenceChange.DROPPED, None, s) for s in os_[j:]]
    return out


def _edits(document: str, dspan: Span, original: str, ospan: Span) -> tuple[Edit, ...]:
    """The word-level edits from the original's sentence to the document's, as the match
    stage finds them for an altered quote; their spans stand in the original's text."""
    words = cut(document[dspan.start:dspan.end])
    items = tuple(QuoteWord(k, words.text[a:b])
                  for k, a, b in zip(words.keys, words.starts, words.ends, strict=True))
    m = match_in(items, original[ospan.start:ospan.end])
    if m is None:
        return ()
    return tuple(e if e.span is None else replace(
        e, span=Span(e.span.start + ospan.start, e.span.end + ospan.start)) for e in m.edits)


def _translation(document: str, original: str, url: str,
                 langs: tuple[str | None, str | None], skip: Sequence[Span]) -> Original:
    every = block_spans(document)
    kept = [k for k, p in enumerate(every) if not any(p.start <= s.start < p.end for s in skip)]
    op = block_spans(original)
    da = [anchors_of(document[every[k].start:every[k].end]) for k in kept]
    oa = [anchors_of(original[p.start:p.end]) for p in op]
    pairs = align_paragraphs(da, oa)
    # Reported by the document's own paragraph numbers, skipped ones counted.
    found = [replace(c, paragraphs=(kept[c.paragraphs[0]], c.paragraphs[1]))
             for c in clashes(da, oa, pairs)]
    # Coverage by paragraph: a sentence cannot be told across languages, a paragraph can.
    return Original(url, RepostKind.TRANSLATION, original, langs,
                    _share(len(pairs), len(op)), _share(len(pairs), len(kept)),
                    paragraphs=tuple((kept[i], j) for i, j in pairs), anchors=tuple(found))

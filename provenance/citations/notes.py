"""Markdown footnotes with any label: ``[^1]``, ``[^salon]``, ``[^Smith2020]``.

A definition is a line ``[^label]: text``; it runs on over the lines indented under it (and
over blank lines followed by such lines), as Markdown renders a multi-paragraph note. Every
``[^label]`` elsewhere is a marker citing the work the note describes: its first URL when it
has one, otherwise the note's own words (author, title, outlet, date as written).
Reference-style links (``[text][ref]``, ``[text][]``, ``[ref]``) are read in ``document``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.model import Document, Span

__all__ = ["MarkdownNote", "markdown_notes", "note_markers"]

_DEF = re.compile(r"^[ ]{0,3}\[\^(?P<label>[^\]\s]{1,100})\]:[ \t]*", re.MULTILINE)
_MARKER = re.compile(r"\[\^(?P<label>[^\]\s]{1,100})\]")
_URL = re.compile(r"https?://[^\s<>\"'«»“”‘’\])↩\u200b]+")
_MD_URL = re.compile(r"\]\((https?://[^)\s]+)\)")
# An indented line, after blank lines or not, continues the note (a note of several
# paragraphs); so does an unindented line right under it that opens no new block (Markdown's
# lazy continuation).
_CONTINUED = re.compile(
    r"(?:[ \t]*\n)*(?:[ ]{2,}|\t)\S[^\n]*\n?|(?![ ]{0,3}(?:\[\^|#|>|[-*+][ \t]|\d+[.)][ \t]|```))"
    r"[ ]{0,3}\S[^\n]*\n?")


@dataclass(frozen=True, slots=True)
class MarkdownNote:
    label: str
    span: Span  # the whole definition, label to last continuation line
    words: str  # the note's text, without its label
    url: str | None


def markdown_notes(doc: Document) -> dict[str, MarkdownNote]:
    """Each footnote definition of a Markdown (or plain) document, by label."""
    text = doc.text
    notes: dict[str, MarkdownNote] = {}
    for m in _DEF.finditer(text):
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end + 1
        while (c := _CONTINUED.match(text, end)) is not None:
            end = c.end()
        words = text[m.end() : end].strip()
        url = _MD_URL.search(words) or _URL.search(words)
        found = (url.group(1) if url.re is _MD_URL else url.group(0)) if url else None
        notes.setdefault(m.group("label"), MarkdownNote(
            m.group("label"), Span(m.start(), m.start() + len(text[m.start():end].rstrip())),
            words, found.rstrip(".,;:\u200b") if found else None))
    return notes


def note_markers(doc: Document, notes: dict[str, MarkdownNote]) -> list[tuple[Span, MarkdownNote]]:
    """Every marker of a defined note, outside the definitions themselves."""
    opening = {n.span.start for n in notes.values()}
    out = []
    for m in _MARKER.finditer(doc.text):
        note = notes.get(m.group("label"))
        line = doc.text.rfind("\n", 0, m.start()) + 1
        if note is None or (line in opening and not doc.text[line:m.start()].strip()):
            continue  # the label that opens a definition
        out.append((Span(m.start(), m.end()), note))
    return out

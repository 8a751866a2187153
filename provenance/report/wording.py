"""How the reports say things to people: how a work is cited, when a capture was taken,
and a Markdown link in a document's excerpt, read as its link text.

The JSON report keeps the codes (``how: "footnote"``, ISO times with microseconds); the
Markdown and HTML reports say the same in plain words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from provenance.model import Citation, CitationHow, StepKind

__all__ = ["Piece", "cited_as", "link_pieces", "resolution_steps", "utc"]

_SUPERSCRIPT = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
# The marker a footnote citation's reference opens with: "1. https://…", "[^2]: …", "³ …"
_NOTE_NUMBER = re.compile(r"^\W{0,3}?(\d{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3})(?!\d)")
_MD_LINK = re.compile(r"\[([^\[\]\n]*)\]\(\s*<?([^()<>\s]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")


@lru_cache(maxsize=1024)  # a capture's time is written once for each verdict resting on it
def utc(when: dt.datetime | None) -> str:
    """``2026-03-14T09:30:00Z``: to the second, in UTC. A time without a zone is taken as
    UTC (every time this tool records is)."""
    if when is None:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def cited_as(c: Citation) -> str:
    """How the document cites the work, in plain words: "cited by link", "cited in footnote
    3", "named in the text: Harbour Gazette, “The quay stays open”, 2026-03-12"."""
    if c.how is CitationHow.URL:
        return "cited by link"
    if c.how is CitationHow.FOOTNOTE:
        number = _NOTE_NUMBER.match(c.reference.strip())
        if number:
            return f"cited in footnote {number.group(1).translate(_SUPERSCRIPT)}"
        return "cited in a footnote"
    named = _named(c)
    if c.how is CitationHow.PARENTHETICAL:
        return "cited in parentheses" + (f": {named}" if named else "")
    if c.how is CitationHow.BACK_REFERENCE:
        return "cited as a work named earlier" + (f": {named}" if named else "")
    if c.how is CitationHow.VAGUE:
        return "named only vaguely" + (f": “{_one_line(c.reference)}”" if c.reference else "")
    return "named in the text" + (f": {named}" if named else "")


def _named(c: Citation) -> str:
    """Outlet, title and date, as far as the document gives them."""
    parts = [c.outlet, f"“{c.title}”" if c.title else None, c.author,
             c.date.isoformat() if c.date else None]
    return ", ".join(_one_line(p) for p in parts if p)


def resolution_steps(c: Citation) -> tuple[str, ...]:
    """The resolution steps worth showing: none when the document gave the URL and nothing
    more was done (the citation line already says it was cited by its link)."""
    if len(c.resolution) == 1 and c.resolution[0].step is StepKind.URL:
        return ()
    return tuple("the document gives the URL" if s.step is StepKind.URL else s.sentence
                 for s in c.resolution)


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a document excerpt: plain text, or a Markdown link's text and target."""

    text: str
    href: str | None = None  # the link's target, for a link


def link_pieces(text: str) -> list[Piece]:
    """``text`` with each Markdown link ``[words](url)`` turned into its words (and its
    target, kept apart): an excerpt of a Markdown document reads as it renders. A link cut
    off at either end of the excerpt stays as written."""
    out: list[Piece] = []
    at = 0
    for m in _MD_LINK.finditer(text):
        if m.start() > at:
            out.append(Piece(text[at : m.start()]))
        out.append(Piece(m.group(1), m.group(2)))
        at = m.end()
    if at < len(text):
        out.append(Piece(text[at:]))
    return out

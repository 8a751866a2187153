"""Reference entries: the paragraphs that describe a cited work rather than say anything.

A quoted passage in a reference entry is the title of the work the entry describes
("Smith, J. (2005). “Pet ownership and health”. BMJ."), never someone's words. A paragraph
is a reference entry when it is a note's definition (``[^smith]: …``, ``[3]: …``, a
Wikipedia note's "^" or "↑"), or when it stands in a references section: after a heading
such as "References", "Notes", "Bibliography", "Referencias", "Literatur" or "Källor", up to
the next heading.
"""

from __future__ import annotations

import re

from provenance.quotes.layout import Layout

__all__ = ["reference_entries"]

_DEFINITION = re.compile(
    r"[ \t>]*(?:\[\^?[^\]\n]{1,100}\]:|\^|↑|Jump up|\d{1,3}\.\s+(?:↑|\^|\d{1,3}\s))")
_HEADING_WORDS = re.compile(
    r"(?:references?|notes?|footnotes|endnotes|notes and references|bibliography|"
    r"works cited|sources|citations|further reading|referencias|notas|bibliograf[ií]a|"
    r"fuentes|obras citadas|refer[eê]ncias|fontes|r[ée]f[ée]rences|bibliographie|"
    r"literatur|quellen|einzelnachweise|anmerkungen|fu[ßs]noten|k[äa]llor|referenser|"
    r"noter|litteratur)",
    re.IGNORECASE,
)
_HEADING = re.compile(r"[#\s]*(?P<w>[^\n]{1,60}?)[\s:#]*")
_MD_HEADING = re.compile(r"#{1,6}\s")
_SENTENCE_PUNCT = re.compile(r"[.!?,;]\s|[.!?]$")
_SHORT_HEADING = 6  # words: a paragraph this short with no sentence in it is a heading


def reference_entries(lay: Layout, markdown: bool) -> frozenset[int]:
    """The indexes of the paragraphs of ``lay`` that are reference entries."""
    text = lay.text
    out: set[int] = set()
    in_section = False
    for pi, para in enumerate(lay.paragraphs):
        words = text[para.start : para.end]
        heading = _is_heading(words, markdown)
        if heading:
            m = _HEADING.fullmatch(words)
            in_section = bool(m and _HEADING_WORDS.fullmatch(m.group("w").strip("*_ ")))
            continue
        if in_section or _DEFINITION.match(words):
            out.add(pi)
    return frozenset(out)


def _is_heading(words: str, markdown: bool) -> bool:
    if "\n" in words.strip():
        return False
    if markdown:
        return _MD_HEADING.match(words) is not None or (
            _HEADING_WORDS.fullmatch(words.strip("#*_: ")) is not None)
    return len(words.split()) <= _SHORT_HEADING and not _SENTENCE_PUNCT.search(words) and \
        not words[:1].isdigit()

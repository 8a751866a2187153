"""Untrusted text shown to people: control characters made visible, bidi controls defused.

A quotation, a page's words or a URL may hold characters that change how the text around
them is drawn. The explicit bidi controls (embeddings, overrides and isolates, U+202A-U+202E
and U+2066-U+2069) are stateful: an unterminated U+202E RIGHT-TO-LEFT OVERRIDE reverses
everything after it up to the end of the paragraph, a citation's URL included. They are
written out as escapes (``\\u202e``) in Markdown and on the terminal, which cannot isolate
them; the HTML report keeps them (the quote then reads as the document showed it), marks
each one visibly, and isolates every untrusted string in ``<bdi>`` so an override ends
where the string ends.

The implicit marks (U+200E LRM, U+200F RLM, U+061C ALM) are left as they are: they are
common in Arabic and Hebrew text, act only on their neighbours, and cannot reach past an
isolate. Every other control character (C0 and C1, DEL; not tab, line feed or carriage
return, which are white space) is shown as an escape everywhere: it has no glyph, and a
terminal may act on it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "escape_code", "name_of", "visible"]

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; the bidi controls.
UNSEEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_code(ch: str) -> str:
    """``\\u202e`` for U+202E: how an unseen character is written out."""
    return f"\\u{ord(ch):04x}"


def visible(text: str) -> str:
    """``text`` with every control character and bidi control written as an escape."""
    return UNSEEN.sub(lambda m: escape_code(m.group()), text)


def name_of(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE', for a tooltip; C0 and C1 controls have no name."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"

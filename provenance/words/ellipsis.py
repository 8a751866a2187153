"""The ellipsis: the mark a quoting author puts where words of the source were left out.

One definition for every stage that meets it: the quote finder (a quote's parts between
ellipses, and which [brackets] are insertions), the matcher (an ellipsis skips source words)
and the report (what an ellipsis stands for is shown as elided). Its forms: "…", three or
more dots with at most one whitespace character between two of them ("...", ". . .",
"...."), and the same inside [] or () ("[…]", "[...]", "( . . . )").

Dates, numbers, abbreviations and addresses ("25.9.2023", "U.S.", "a.b@c.org") have dots
but no ellipsis: their dots never stand side by side.
"""

from __future__ import annotations

import re

__all__ = ["ELLIPSIS", "is_ellipsis", "may_elide", "split"]

ELLIPSIS = re.compile(r"[\[(]\s*(?:\.\s*){3,}[\])]|[\[(]\s*…\s*[\])]|(?:\.\s?){2,}\.|…")


def may_elide(text: str) -> bool:
    """Whether ``text`` may hold an ellipsis: every form has "…", or dots that stand side by
    side once whitespace is taken out. A cheap test that the pattern agrees with wherever
    it says no (a property test checks it): trying the pattern at every character of a long
    quote is slow, and most quotes have no ellipsis."""
    if "…" in text:
        return True
    if text.count(".") < 3:
        return False
    return ".." in text or ".." in "".join(text.split())


def split(text: str) -> list[str]:
    """``text`` cut at its ellipses (``ELLIPSIS.split``): ``[text]`` when it has none."""
    return ELLIPSIS.split(text) if may_elide(text) else [text]


def is_ellipsis(token: str) -> bool:
    """Whether ``token`` is one ellipsis and nothing else ("[…]" is; "[sic]" is not)."""
    return ELLIPSIS.fullmatch(token) is not None

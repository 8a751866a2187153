"""Markdown reference-style links: ``[words][label]``, ``[label][]`` and ``[label]``, each
pointing at the URL its definition ``[label]: https://… "Title"`` gives.

CommonMark matches labels without regard to case or runs of white space, and a definition
stands at a line's start (up to three spaces in); a shortcut ``[label]`` is a link only when
such a definition exists, so a bracketed aside stays plain text.
"""

from __future__ import annotations

import re

from provenance.model import Link, Span

__all__ = ["reference_links"]

_DEFINITION = re.compile(
    r"^[ ]{0,3}\[(?!\^)(?P<label>[^\]\n]{1,200})\]:[ \t]*<?(?P<url>https?://[^\s>]+)>?"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
# [words][label] or [words][]; [label] alone. The words may run over lines, not paragraphs.
_USE = re.compile(
    r"(?<![\]\\!^])\[(?!\^)(?P<words>(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\]){1,400})\]"
    r"(?:\[(?P<label>[^\[\]\n]{0,200})\])?(?![(:\[])"
)


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def reference_links(text: str) -> tuple[Link, ...]:
    """The reference-style links of Markdown ``text`` whose label has a definition."""
    if "]:" not in text:
        return ()
    urls: dict[str, str] = {}
    defined: list[Span] = []
    for m in _DEFINITION.finditer(text):
        urls.setdefault(_key(m.group("label")), m.group("url"))
        defined.append(Span(m.start(), m.end()))
    if not urls:
        return ()
    out = []
    for m in _USE.finditer(text):
        if any(d.start <= m.start() < d.end for d in defined):
            continue  # the definition itself
        label = m.group("label")
        url = urls.get(_key(label or m.group("words")))
        if url is None:
            continue
        out.append(Link(url, Span(m.start("words"), m.end("words")), m.group("words"),
                        "markdown"))
    return tuple(out)

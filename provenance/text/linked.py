"""Headlines inside a page's stated article body that the page itself shows as links elsewhere.

Publishers' structured data (schema.org ``articleBody``) is often the article's text as the
editor laid it out, related-story headlines included: "Tsai says Beijing must face reality
that Taiwan is 'independent country'" stands between two sentences there, with no stop of
its own, while the page renders it as a link to that other story. A run of the stated body
that the page carries as the whole text of a link to another page, and that stands between
sentences as a headline does, is a teaser, not the article's words, whatever its language.

The page may render its links in markup (``<a href="…">text</a>``) or only in the data its
scripts render from, a serialised tree such as ``{"href":"…"},"children":[{"data":"text"}]``.
Both are read from the page's source as it came, before scripts are pruned, and JSON-LD is
left out: the stated body is not the page showing it.
"""

from __future__ import annotations

import html as html_lib
import json
import re

__all__ = ["drop_linked_headlines", "link_texts"]

_MOST_WORDS = 25  # a longer link is a paragraph with a link in it, not a headline
_LEAST_WORDS = 3  # a shorter one ("Video", "Read more") is a button, left to other rules
_HREF = re.compile(r"""\bhref(\\?["']?\s*)([:=])\s*\\?["']((?:[^"'\\\s<>]|\\/)+)""",
                   re.IGNORECASE)
# Markup: the rest of the tag, then the link's text up to its end.
_MARKUP_TEXT = re.compile(r"""^[^<>]*>(.{1,600}?)</a\s*>""", re.IGNORECASE | re.DOTALL)
# Serialised data: keys and punctuation only (no spaces: no words of text between), then the
# first string with a space in it, which is the link's text (a quote mark, escaped or not,
# ends it: inside a string that holds a tree, \" is where the tree's strings end).
_DATA_TEXT = re.compile(r'^\\?"\S{0,160}?\\?"((?:[^"\\]|\\[^"\\])*?\s(?:[^"\\]|\\[^"\\])*?)\\?"')
_TAG = re.compile(r"<[^>]*>")
_JSON_LD = re.compile(r"<script[^>]+ld\+json[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
# Where a headline may start and end in running text: after a sentence's end (or at a
# line's start), and before the next sentence's capital (or at a line's end).
_BEFORE = re.compile(r"(^|\n|[.!?…:;»”\"’')]\s)$")
_AFTER = re.compile(r"^(\s*\n|\s*$|\s+[«“\"‘'¿¡(]?[A-ZÁÉÍÓÚÑÀÈÙÂÊÎÔÛÇÄÖÜ])")
_STOPPED = re.compile(r"[.!?…:;]$")
# A few words ending in a colon between a sentence's end and a headline: the headline's label.
_LABEL = re.compile(r"(?:^|\n|[.!?…»”\"’')]\s)(\S+(?: \S+){0,3}: )$")


def link_texts(source: str, page_url: str = "") -> set[str]:
    """The texts, of a headline's length, of the links to other pages that ``source`` (a page
    as it came) shows outside its JSON-LD, in markup or in script data."""
    shown = _JSON_LD.sub(" ", source)
    texts: set[str] = set()
    for m in _HREF.finditer(shown):
        href = html_lib.unescape(m.group(3).replace("\\/", "/"))
        if not _elsewhere(href, page_url):
            continue
        rest = shown[m.end():m.end() + 1200]
        if m.group(2) == "=":
            found = _MARKUP_TEXT.match(rest)
            text = html_lib.unescape(_TAG.sub("", found.group(1))) if found else ""
        else:
            found = _DATA_TEXT.match(rest)
            text = _json_string(found.group(1)) if found else ""
        text = " ".join(text.split())
        if _LEAST_WORDS <= len(text.split()) <= _MOST_WORDS:
            texts.add(text)
    return texts


def drop_linked_headlines(body: str, links: set[str]) -> str:
    """``body`` without the runs that are a link's whole text (``link_texts``) standing
    between sentences as a headline: no stop of their own, a sentence's end or a line's
    start before them, a new sentence or a line's end after."""
    for text in links:
        if _STOPPED.search(text):
            continue  # a sentence that is also a link is still a sentence of the article
        start = body.find(text)
        while start != -1:
            end = start + len(text)
            if _BEFORE.search(body[max(0, start - 3):start]) and _AFTER.match(body[end:end + 4]):
                # Its label goes with it ("Le puede interesar:", "Read:", "Lesen Sie:").
                label = _LABEL.search(body, max(0, start - 60), start)
                cut = label.start(1) if label else start
                body = (body[:cut] + body[end:].lstrip(" ")).strip(" ")
                start = body.find(text, cut)
            else:
                start = body.find(text, end)
    return body


def _json_string(escaped: str) -> str:
    try:
        value = json.loads(f'"{escaped}"')
    except ValueError:
        return ""
    return value if isinstance(value, str) else ""


def _elsewhere(href: str, page_url: str) -> bool:
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "mailto:")):
        return False
    return href.split("#", 1)[0].rstrip("/") != page_url.split("#", 1)[0].rstrip("/")

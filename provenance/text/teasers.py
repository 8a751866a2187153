"""Teasers and related-link blocks: links to other articles that stand inside an article.

"PUEDES VER:", "LEE TAMBIÉN", "Read more:", "Leia também", "Lire aussi", "Mehr zum Thema"
and the like introduce another article's headline; related-link boxes and live-blog
sub-headings that link elsewhere do the same. They are not the article's words: they are
taken out of the tree the main text is extracted from (the page's full text keeps them, so a
quote from one is found with ``outside-body``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["TEASER_LABEL", "drop_teasers", "is_teaser_line"]

# The labels, in es, en, pt, fr and de (and a few neighbours), as a line starts with them.
TEASER_LABEL = re.compile(
    r"^\s*[\[(«\"“]?\s*(puedes ver|puede ver|mira( también| tambien)?|lee también|"
    r"lee tambien|lea también|lea tambien|vea también|vea tambien|ver también|"
    r"te puede interesar|le puede interesar|también te puede interesar|"
    r"te recomendamos|le recomendamos|notas relacionadas|noticias relacionadas|"
    r"relacionad[oa]s?|más noticias|read more|read also|also read|related|see also|"
    r"more on this|recommended|don'?t miss|related stories|related articles|"
    r"leia também|leia tambem|veja também|veja tambem|leia mais|saiba mais|"
    r"lire aussi|à lire aussi|a lire aussi|voir aussi|à voir aussi|lire également|"
    r"mehr zum thema|mehr dazu|lesen sie auch|auch interessant|das könnte sie auch "
    r"interessieren|siehe auch|weitere aktuelle themen|beiträge aus dem forum|"
    r"leggi anche|potrebbe interessarti)\s*(:|»|›|>|\||-|–|—|\.\.\.|…|\s*$|[\])»\"”]\s*:?)",
    re.IGNORECASE)
# Containers of related links, by class or id.
_RELATED_BOX = re.compile(
    r"related|recommend|read-?more|also-?read|more-?news|te-?puede|relacionad|"
    r"mehr-?zum|leia-?tambem|lire-?aussi|outbrain|taboola|teaser-?list", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "aside", "section", "ul",
           "blockquote", "span", "strong", "b")
_MOST_TEASER_WORDS = 40  # a labelled block longer than this is article text after all


def is_teaser_line(line: str) -> bool:
    """Whether a line of text starts with a teaser label ("LEE TAMBIÉN: …")."""
    return bool(TEASER_LABEL.match(line)) and len(line.split()) <= _MOST_TEASER_WORDS


def drop_teasers(root: HtmlElement, page_url: str = "") -> int:
    """Take teaser blocks, related-link boxes and sub-headings that link to another page
    out of ``root``; returns how many were taken out."""
    doomed = []
    for el in root.iter(*_BLOCKS):
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if is_teaser_line(text):
            doomed.append(el)
            # A label standing alone ("LEE TAMBIÉN") introduces the block after it.
            if len(text.split()) <= 4:
                nxt = el.getnext()
                if nxt is not None and _mostly_link(nxt):
                    doomed.append(nxt)
            continue
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        boxed = el.tag in ("div", "aside", "section", "ul") and bool(_RELATED_BOX.search(ident))
        heading = el.tag in ("h2", "h3", "h4")
        if (boxed and _mostly_link(el)) or (heading and _links_elsewhere(el, page_url)):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return len(doomed)


def _mostly_link(el: HtmlElement) -> bool:
    text = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return text > 0 and linked >= 0.6 * text


def _links_elsewhere(el: HtmlElement, page_url: str) -> bool:
    """A heading that is wholly a link to another page (a live blog's teaser heading)."""
    links = list(el.iter("a"))
    if len(links) != 1 or not _mostly_link(el):
        return False
    href = (links[0].get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    return href.split("#", 1)[0].rstrip("/") != page_url.split("#", 1)[0].rstrip("/")

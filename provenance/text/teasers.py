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

__all__ = ["CALL_TO_ACTION", "TEASER_LABEL", "drop_teasers", "is_teaser_line"]

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
# A short heading made of a label and a topic ("Weitere aktuelle Themen aus der Arbeitswelt",
# "Más noticias de Economía") introduces links just as a labelled line does.
_LABEL_HEADING = re.compile(
    r"^\s*(weitere (aktuelle )?(themen|artikel|nachrichten)|mehr (zum thema|aus|nachrichten)|"
    r"más noticias|mas noticias|otras noticias|noticias relacionadas|notas relacionadas|"
    r"more (stories|news|from)|related (stories|articles|coverage)|recommended for you|"
    r"leia (também|mais)|veja (também|mais)|mais notícias|à lire aussi|lire aussi|"
    r"plus d'actualités|sur le même sujet)\b[^.!?]*$", re.IGNORECASE)
_HEADING_WORDS = 8
# Calls to action: a page asking to be followed, joined, written to or subscribed to, in the
# place of article text. Lower case, as a line starts with them.
CALL_TO_ACTION = re.compile(
    r"^\s*[¡!*]?\s*(síguenos|siguenos|sígannos|seguinos|hazte (miembro|socio|suscriptor)|"
    r"hacete (miembro|socio|suscriptor)|sumate a nuestr|descarg[aá] (la|nuestra) app|"
    r"suscríbete a nuestr|suscribete a nuestr|únete a nuestr|unete a nuestr|"
    r"mira lo que tiene nuestro|"
    r"follow us on|submit (a|your) letter|we want to hear what you think|"
    r"sign up for our|subscribe to our (newsletter|channel)|join our (newsletter|channel)|"
    r"siga-nos|assine (a|nossa) newsletter|inscreva-se (na|no) nosso|"
    r"suivez-nous|abonnez-vous à notre (newsletter|lettre)|"
    r"folgen sie uns|abonnieren sie unseren newsletter)", re.IGNORECASE)
# A paragraph that is only a link elsewhere, of a headline's length, is a teaser (a shorter
# one is a byline or a button).
_HEADLINE_WORDS, _LINK_PARAGRAPH_WORDS = 6, 25
# Containers of related links, by class or id.
_RELATED_BOX = re.compile(
    r"related|recommend|read-?more|also-?read|more-?news|te-?puede|relacionad|"
    r"mehr-?zum|leia-?tambem|lire-?aussi|outbrain|taboola|teaser-?list", re.IGNORECASE)
_BLOCKS = ("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "aside", "section", "ul",
           "blockquote", "span", "strong", "b")
_MOST_TEASER_WORDS = 40  # a labelled block longer than this is article text after all
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_SENTENCE_STOP = re.compile(r"[.!?…]\W*$")
# Blocks that may stand as a box's title, and blocks that may hold its list of links.
_LABELS = frozenset({"p", "div", "section", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"div", "ul", "ol", "section", "aside", "nav", "p"})
_BOXES = _LISTS - {"p"}
_LIST_LINKS = 2  # links to other pages that make a box a list of them
_BOX_LEVELS = 6  # how far above a teaser taken out its box of links may stand


def is_teaser_line(line: str) -> bool:
    """Whether a line of text is a teaser or a call to action rather than article text: it
    starts with a teaser label ("LEE TAMBIÉN: …"), it is a short heading of one ("Weitere
    aktuelle Themen aus der Arbeitswelt"), or it asks the reader to follow, join, write to
    or subscribe to the site ("Síguenos en Telegram")."""
    words = len(line.split())
    if words > _MOST_TEASER_WORDS:
        return False
    return bool(TEASER_LABEL.match(line) or CALL_TO_ACTION.match(line)
                or (words <= _HEADING_WORDS and _LABEL_HEADING.match(line)))


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
                nxt = _next_element(el)
                if nxt is not None and _mostly_link(nxt):
                    doomed.append(nxt)
            continue
        if _is_label(el, text) and _one_link_after_colon(el, text, page_url):
            doomed.extend((el, _next_element(el)))
            continue
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        boxed = el.tag in ("div", "aside", "section", "ul") and bool(_RELATED_BOX.search(ident))
        heading = el.tag in ("h2", "h3", "h4")
        linked = el.tag == "p" and _HEADLINE_WORDS <= len(text.split()) <= _LINK_PARAGRAPH_WORDS
        if ((boxed and _mostly_link(el)) or ((heading or linked) and _links_elsewhere(el, page_url))
                or (heading and _inside_link_elsewhere(el, page_url))):
            doomed.append(el)
    doomed.extend(_orphaned_titles(set(doomed), page_url))
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()
    return len(doomed)


def _orphaned_titles(doomed: set[HtmlElement], page_url: str) -> list[HtmlElement]:
    """The titles of boxes of links to other pages that the rules above take out whole
    ("Seguí leyendo", "Más leídas de Política" over related-story cards): with its list
    gone, a title is a stray line, not the article's words. Looked for from what is taken
    out, up to the box that holds it, so a large page costs no more than a small one."""
    out: list[HtmlElement] = []
    boxes: set[HtmlElement] = set()
    for gone in doomed:
        node = gone.getparent()
        for _ in range(_BOX_LEVELS):
            if node is None or node.tag in ("body", "html"):
                break
            if node.tag in _BOXES:
                boxes.add(node)
            node = node.getparent()
    for box in boxes:
        title = box.getprevious()
        if title is None or title in doomed or title in out or not isinstance(title.tag, str):
            continue
        text = " ".join(title.text_content().split())
        if (text and _is_label(title, text)
                and sum(_elsewhere(a, page_url) for a in box.iter("a")) >= _LIST_LINKS
                and not _left_after(box, doomed).strip()):
            out.append(title)
    return out


def _left_after(el: HtmlElement, doomed: set[HtmlElement]) -> str:
    """The text of ``el`` that stays when the ``doomed`` blocks are taken out."""
    if el in doomed:
        return ""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(_left_after(child, doomed))
        parts.append(child.tail or "")
    return "".join(parts)


def _is_label(el: HtmlElement, text: str) -> bool:
    """A block of a few words, not a sentence, that may stand as a box's title: outside
    the site's menus, holding no blocks of its own."""
    if (el.tag not in _LABELS or len(text.split()) > _HEADING_WORDS
            or _SENTENCE_STOP.search(text) or _in_page_frame(el)):
        return False  # words inside a line, an item of a list, a sentence, the site's menus
    return el.tag in _HEADINGS or not any(d.tag in _LISTS or d.tag == "li"
                                          for d in el.iterdescendants())


def _one_link_after_colon(el: HtmlElement, text: str, page_url: str) -> bool:
    """A label ending in a colon over a block that is one link to another page: "Lue myös:",
    "Seguir leyendo:" over another article's headline, in any language."""
    nxt = _next_element(el)
    if not text.endswith(":") or nxt is None or nxt.tag not in _LISTS:
        return False
    links = list(nxt.iter("a"))
    return len(links) == 1 and _mostly_link(nxt) and _elsewhere(links[0], page_url)


def _next_element(el: HtmlElement) -> HtmlElement | None:
    """The element after ``el``, past comments and processing instructions (which a page's
    markup may hold between a label and its box, and which have no text to measure)."""
    nxt = el.getnext()
    while nxt is not None and not isinstance(nxt.tag, str):
        nxt = nxt.getnext()
    return nxt


def _in_page_frame(el: HtmlElement) -> bool:
    """Inside the page's header, navigation or footer, which the extraction leaves out
    already (taking their parts out moves where it looks for the article)."""
    return any(node.tag in ("header", "nav", "footer") for node in el.iterancestors())


def _mostly_link(el: HtmlElement) -> bool:
    text = len(" ".join(el.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return text > 0 and linked >= 0.6 * text


def _links_elsewhere(el: HtmlElement, page_url: str) -> bool:
    """A block that is wholly one link to another page (a live blog's teaser heading, a
    related headline standing as a paragraph)."""
    links = list(el.iter("a"))
    if len(links) != 1 or not _mostly_link(el):
        return False
    return _elsewhere(links[0], page_url)


def _inside_link_elsewhere(el: HtmlElement, page_url: str) -> bool:
    """A heading inside a link to another page (a card of a related article)."""
    for _, node in zip(range(3), el.iterancestors(), strict=False):
        if node.tag == "a":
            return _elsewhere(node, page_url)
    return False


def _elsewhere(link: HtmlElement, page_url: str) -> bool:
    href = (link.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    return href.split("#", 1)[0].rstrip("/") != page_url.split("#", 1)[0].rstrip("/")

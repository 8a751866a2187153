"""The text of an HTML page: pruned, its teasers taken out, main text extracted and then
completed with the body paragraphs the extraction dropped.

Pruning comes first and is cheap: scripts (but JSON-LD, which says what the article is),
styles, inline SVG and data URIs are cut out of the markup with regular expressions before
any parser sees it, so a 20 MB page of scripts and images costs what its text costs.

trafilatura gives the main text. It drops some article paragraphs (a paragraph between two
embeds, one after a photo); a quote from one would only be found in the full page text and
flagged ``outside-body``, which must mean headline, caption, sidebar, comment or teaser. So a
second pass walks the page's paragraphs: one that trafilatura left out, that stands in the
same container as the article's own paragraphs and not in a sidebar, comment or caption, is
put back in its place. The choice of this pass over trafilatura's ``favor_recall``,
readability-lxml or jusText was made by ``bench/bench_pages.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from provenance.text.pitches import drop_pitches, is_disclosure
from provenance.text.teasers import drop_teasers, is_teaser_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["main_text", "page_text", "parse", "prune"]

_SCRIPT = re.compile(r"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_HEAVY = re.compile(r"<(style|svg|math|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_DATA_URI = re.compile(r"""(["'(])data:[a-z0-9.+/-]+;base64,[A-Za-z0-9+/=\s]{64,}""",
                       re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "table", "tr", "td", "th", "pre", "hr",
    "figure", "figcaption", "aside", "main", "nav", "dd", "dt", "dl", "title", "form",
})
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object")
# Where a paragraph is not article text, by tag or by its container's class or id.
_NOT_BODY_TAGS = frozenset({"nav", "aside", "footer", "header", "form", "figure",
                            "figcaption", "button", "label", "select"})
_NOT_BODY = re.compile(
    r"comment|sidebar|side-bar|related|recommend|newsletter|subscribe|promo|advert|"
    r"\bads?\b|banner|cookie|share|social|footer|\bnav|menu|breadcrumb|byline|author|"
    r"caption|credit|widget|teaser|signup|popup|modal|disclaimer|\btags?\b",
    re.IGNORECASE)
_CAPTION = re.compile(r"caption|credit|photo-?desc|pie-?de-?foto|bildunterschrift|legende|"
                      r"legenda|foto-?text", re.IGNORECASE)
# A line that credits a picture: "(Credit: A. Name / Agency)", "Fot. A. Name / Agencja".
_CREDIT_LINE = re.compile(r"^\s*\(?\s*(photo|foto|fot|credit|crédito|credito|bild|image|"
                          r"imagen|imagem|illustration)s?\s*[:.]", re.IGNORECASE)
_CREDIT_WORDS = 15
_CAPTION_WORDS = 80  # a caption longer than this is a container of more than captions
# Blocks that hold a paragraph's words when nothing block-like is inside them.
_LEAF_BLOCKS = ("p", "blockquote", "div", "li", "section", "td", "dd", "pre", "h2", "h3",
                "h4", "ul", "ol", "table", "article")
# Characters XML text cannot hold: C0 controls but tab and line ends, lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RECOVER_WORDS = 8  # a dropped paragraph shorter than this is not worth the risk
_STANDFIRST_WORDS = 12  # a block under the headline this long, in sentences, is a standfirst
# A sentence's end, footnote markers after it allowed ("… Index.[373]").
_SENTENCE_END = re.compile(r"[.!?…:;»”\"')](\s*\[[^\]\s]{1,8}\])*\s*$")


def prune(html: str) -> str:
    """The markup without what holds no text: scripts (JSON-LD kept), styles, inline SVG,
    MathML, templates, comments and data URIs."""
    html = _SCRIPT.sub("", html)
    html = _HEAVY.sub("", html)
    html = _COMMENT.sub("", html)
    return _DATA_URI.sub(r"\1data:,", html)


def parse(html: str) -> HtmlElement | None:
    from lxml import etree
    from lxml import html as lxml_html

    source = re.sub(r"^\s*<\?xml[^>]*>", "", html, count=1)
    # Control characters are read into text that lxml then refuses to set again.
    source = _NOT_XML.sub(" ", source)
    try:
        return lxml_html.document_fromstring(source)
    except (etree.ParserError, ValueError):
        return None


def main_text(html: str, url: str) -> str:
    """The article's text: trafilatura's main text from the page without its teasers,
    pitches and disclosures, with the body paragraphs it dropped put back."""
    import trafilatura

    root = parse(html)
    if root is None:
        return ""
    drop_teasers(root, url)
    drop_pitches(root)
    from lxml import html as lxml_html

    cleaned = lxml_html.tostring(root, encoding="unicode")
    main = trafilatura.extract(
        cleaned, url=url, fast=False, favor_precision=False, favor_recall=False,
        include_comments=False, include_tables=True, include_images=False,
        include_formatting=False, include_links=False, deduplicate=False,
        output_format="txt", with_metadata=False) or ""
    lines = [line for line in main.split("\n")
             if not is_teaser_line(line) and not is_disclosure(line)]
    lines = _recover(root, lines)
    heading = next(root.iter("h1"), None)  # the page's headline
    if heading is not None:
        lines = _with_standfirst(heading, _without_headline(heading, lines))
    captions = _captions(root)
    return "\n".join(line for line in lines if not _is_caption(line, captions)).strip()


def _without_headline(heading: HtmlElement, lines: list[str]) -> list[str]:
    """``lines`` without the page's headline (``heading``, its first ``h1``) where the main
    text starts with it, as the extractor keeps it on some pages and not on others: a
    headline is outside the article body (a quote found only there is flagged so), like its
    captions."""
    if not lines:
        return lines
    title = _key(heading.text_content())
    return lines[1:] if title and _key(lines[0]) == title else lines


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _recover(root: HtmlElement, lines: list[str]) -> list[str]:
    """``lines`` with the body paragraphs trafilatura dropped put back, each after the last
    paragraph before it that it kept."""
    if not lines:
        return lines
    kept = {_key(line): i for i, line in enumerate(lines) if _key(line)}
    joined = " \n ".join(_key(line) for line in lines)
    paragraphs = [el for el in root.iter(*_LEAF_BLOCKS) if not _has_block_inside(el)]
    texts = [" ".join(p.text_content().split()) for p in paragraphs]
    in_main = [bool(_key(t)) and _key(t) in joined for t in texts]
    # How many of the main text's paragraphs each container holds (up to four levels up).
    held: dict[HtmlElement, int] = {}
    for p, inside in zip(paragraphs, in_main, strict=True):
        node = p.getparent()
        for _ in range(4):
            if node is None:
                break
            if inside:
                held[node] = held.get(node, 0) + 1
            node = node.getparent()
    after: dict[int, list[str]] = {}
    last = -1
    for p, text, inside in zip(paragraphs, texts, in_main, strict=True):
        if inside:
            last = max(last, kept.get(_key(text), last))
            continue
        if (len(text.split()) < _RECOVER_WORDS or not _SENTENCE_END.search(text)
                or is_teaser_line(text) or not _beside_body(p, held) or not _in_body(p)):
            continue
        after.setdefault(last, []).append(text)
    if not after:
        return lines
    out = list(after.get(-1, ()))
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(i, ()))
    return out


def _captions(root: HtmlElement) -> set[str]:
    """The words of the page's photo captions and credits: a picture's caption is not the
    article's text, though extractors keep it among the paragraphs it stands between."""
    out = set()
    # A figure's own content may be article text (a table, a pull quote): only its caption
    # and what is named a caption or credit count.
    for el in root.iter("figcaption", "div", "p", "span"):
        ident = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag == "figcaption" or _CAPTION.search(ident):
            if len(el.text_content().split()) > _CAPTION_WORDS:
                continue  # a container merely named for its captions ("with-captions")
            for block in (el, *el.iter(*_LEAF_BLOCKS, "span", "figcaption")):
                key = _key(block.text_content())
                if key:
                    out.add(key)
    return out


def _is_caption(line: str, captions: set[str]) -> bool:
    return _key(line) in captions or (len(line.split()) <= _CREDIT_WORDS
                                      and bool(_CREDIT_LINE.match(line)))


def _with_standfirst(heading: HtmlElement, lines: list[str]) -> list[str]:
    """``lines`` (the headline left out) with the article's standfirst put first: the
    sentence or two under the headline (``heading``: a lead, a dek, a subheadline) that says
    what the article says. Extractors drop it with the header it stands in, but it is the
    article's own words, not a headline, caption or teaser."""
    if not lines:
        return lines
    joined = " \n ".join(_key(line) for line in lines)
    header = heading.getparent()
    for _ in range(2):  # the header the headline stands in, or the one around it
        if header is None or header.tag in ("body", "html"):
            return lines
        found = _standfirst(header, heading, joined)
        if found == "":
            return lines  # the article's own text comes first: it has no standfirst
        if found is not None:
            return [found, *lines]
        header = header.getparent()
    return lines


def _standfirst(header: HtmlElement, heading: HtmlElement, joined: str) -> str | None:
    """The first block after ``heading`` inside ``header`` that reads as sentences; "" when
    the main text (``joined``) comes first, None when ``header`` ends first."""
    after = False
    for el in header.iter(heading.tag, *_LEAF_BLOCKS):
        if el is heading or heading in el.iterancestors():
            after = True
            continue
        if not after or el.tag not in _LEAF_BLOCKS or _has_block_inside(el):
            continue
        text = " ".join(el.text_content().split())
        if not text:
            continue
        if _key(text) in joined:
            return ""
        ident = " ".join(f"{n.get('class', '')} {n.get('id', '')}" for n in
                         (el, *el.iterancestors()) if n is not header and header in
                         n.iterancestors())
        if (len(text.split()) >= _STANDFIRST_WORDS and _SENTENCE_END.search(text)
                and not _NOT_BODY.search(f"{ident} {el.get('class', '')}")
                and not is_teaser_line(text) and el.tag not in _NOT_BODY_TAGS):
            return text
    return None


def _has_block_inside(el: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in _LEAF_BLOCKS for d in el.iterdescendants())


def _in_body(el: HtmlElement) -> bool:
    """False when ``el`` sits in a sidebar, comment, caption, footer or the like."""
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _NOT_BODY_TAGS:
            return False
        ident = f"{node.get('class', '')} {node.get('id', '')}"
        if ident.strip() and _NOT_BODY.search(ident):
            return False
        node = node.getparent()
    return True


def _beside_body(el: HtmlElement, held: dict[HtmlElement, int]) -> bool:
    """Whether ``el`` shares a container (its parent or grandparent) with at least two
    paragraphs of the main text: a paragraph among the article's is the article's."""
    node = el.getparent()
    for _ in range(2):
        if node is None or node.tag in ("body", "html"):
            return False
        if held.get(node, 0) >= 2:
            return True
        node = node.getparent()
    return False


def page_text(html: str) -> str:
    """Every readable line of the page: headline, captions, sidebars, comments and all.

    trafilatura's own baseline drops sidebars and joins everything into one line; this keeps
    them and keeps block boundaries, which is what "found outside the article body" needs.
    """
    root = parse(html)
    if root is None:
        return ""
    for el in root.xpath("|".join(f"//{t}" for t in _DROPPED_TAGS)):
        el.drop_tree()  # keeps the element's tail text
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag.rpartition("}")[2] in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    body = root.find("body")
    text = (body if body is not None else root).text_content()
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)

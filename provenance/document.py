"""Read the document to check: text, Markdown or HTML, from disk or from bytes already fetched."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.errors import DocumentError
from provenance.fetch.urls import parse_url, split_url
from provenance.html_positions import source_positions
from provenance.markdown_refs import reference_links
from provenance.model import Document, Link, Span

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

MAX_DOCUMENT = 64 * 1024 * 1024  # bytes; larger inputs are refused, not truncated

_SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", "": "txt",
    ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
}
# What a folder of documents is searched for: every suffix above but the empty one.
DOCUMENT_SUFFIXES = frozenset(suffix for suffix in _SUFFIX_FORMATS if suffix)
# Schemes are case-insensitive (RFC 3986, 3.1): "HTTP://…" is a link as much as "http://…".
_BARE_URL = re.compile(r"""https?://[^\s<>"'«»“”‘’\])]+""", re.IGNORECASE)
_MEDIA_ATTRIBUTE = re.compile(r"\b(?:src|srcset|poster|data)\s*=\s*[\"']?$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)", re.IGNORECASE)
_WEB = ("http://", "https://")
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "table", "tr", "pre", "hr", "figure",
    "figcaption", "aside", "main", "nav", "dd", "dt", "dl",
})
_MARKER_LABEL = re.compile(r"\[?\^?\d{1,3}\]?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*{1,3}|†")
_DASH_CREDIT = re.compile(r"\n[ \t]*[—―–][ \t]*(\S[^\n]*)\s*$")
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})


def read_document(path: str | Path) -> Document:
    """Read a document from disk; the format comes from the file's suffix."""
    p = Path(path)
    if not p.is_file():
        raise DocumentError(f"{p}: no such file")
    size = p.stat().st_size
    if size > MAX_DOCUMENT:
        raise DocumentError(f"{p}: {size} bytes is over the {MAX_DOCUMENT} byte limit")
    fmt = _SUFFIX_FORMATS.get(p.suffix.lower(), "txt")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return parse_document(data, str(path), fmt)


def parse_document(data: bytes, origin: str, fmt: str) -> Document:
    """Decode and parse ``data`` as ``fmt`` (txt, md, html or pdf)."""
    doc = _parse_document(data, origin, fmt)
    # A web link whose URL does not parse (an unbalanced bracket, a port that is not a
    # number) links to nothing; every stage after this one may then take links as URLs.
    usable = tuple(link for link in doc.links if parse_url(link.url) is not None
                   or not link.url.lower().startswith(("http:", "https:")))
    return doc if len(usable) == len(doc.links) else replace(doc, links=usable)


def _parse_document(data: bytes, origin: str, fmt: str) -> Document:
    if not data.strip():
        raise DocumentError(f"{origin}: the document is empty")
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "pdf":
        from provenance.fetch.pdf import pdf_text  # only PDFs pay for the PDF reader

        text = pdf_text(data, origin)
        return Document(text, origin, "pdf", digest, _bare_links(text))
    text = decode_text(data, origin)
    if fmt == "html":
        return _parse_html(text, origin, digest)
    links = _bare_links(text)
    quoted: tuple[Span, ...] = ()
    if fmt == "md":
        links = _markdown_links(text) + reference_links(text) + tuple(
            link for link in links if not _inside_markdown_link(text, link.span)
        )
        quoted, dashed = _dash_credits(text, _markdown_block_quotes(text))
        pulls = _pull_quotes(text)
        quoted = tuple(sorted((*quoted, *(b for b, _ in pulls)), key=lambda x: x.start))
        credits = sorted((*dashed, *((b, c) for b, c in pulls if c.end > c.start)),
                         key=lambda x: x[0].start)
        return Document(text, origin, fmt, digest,
                        tuple(sorted(links, key=lambda x: x.span.start)), quoted, (),
                        tuple(credits))
    return Document(text, origin, fmt, digest, tuple(sorted(links, key=lambda x: x.span.start)),
                    quoted)


def decode_text(data: bytes, origin: str) -> str:
    """The document's text, by the decoder pages use too (``provenance.fetch.charset``):
    UTF-8 when it is, or is but for a few damaged bytes; a declared charset (a BOM, an HTML
    ``<meta>``) when the bytes fit it; else the detected one. Binary data is refused."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{origin}: binary data, not a text document")
    from provenance.fetch.charset import decode

    got = decode(data)
    if got.how == "detected" or got.errors:
        log.warning("%s: not valid UTF-8; read as %s%s", origin, got.codec,
                    f" with {got.errors} replacement(s)" if got.errors else "")
    text = got.text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\t\f\v")
    if sample and controls > len(sample) // 20:  # decoded, but not something people read
        raise DocumentError(f"{origin}: binary data, not a text document")
    return text


def lower_scheme(url: str) -> str:
    """``url`` with its scheme in lower case, the form every reader of URLs expects (WARC
    tools parse a record's HTTP headers only for "http"/"https"); the rest as written."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.lower()}{sep}{rest}" if sep and scheme.isalpha() else url


def _bare_links(text: str) -> tuple[Link, ...]:
    links = []
    for m in _BARE_URL.finditer(text):
        if _MEDIA_ATTRIBUTE.search(text, max(0, m.start() - 12), m.start()):
            continue  # <img src="…">: a picture on the page, not a cited work
        url = m.group(0).rstrip(".,;:!?")
        links.append(Link(lower_scheme(url), Span(m.start(), m.start() + len(url)), "",
                          "inline"))
    return tuple(links)


def _markdown_links(text: str) -> tuple[Link, ...]:
    return tuple(
        Link(lower_scheme(m.group(2)), Span(m.start(1), m.end(1)), m.group(1), "markdown")
        for m in _MD_LINK.finditer(text)
    )


_MD_QUOTE_LINE = re.compile(r"^[ ]{0,3}>[ \t]?(.*)$", re.MULTILINE)


def _markdown_block_quotes(text: str) -> tuple[Span, ...]:
    """Runs of ">" lines: each run is one quotation, from its first word to its last."""
    spans: list[Span] = []
    start = end = -1
    for m in _MD_QUOTE_LINE.finditer(text):
        content = m.group(1).strip()
        if start >= 0 and text[end:m.start()].strip() == "" and text.count("\n", end,
                                                                          m.start()) <= 1:
            if content:
                end = m.start(1) + len(m.group(1).rstrip())
            continue
        if start >= 0:
            spans.append(Span(start, end))
            start = -1
        if content:
            start, end = m.start(1), m.start(1) + len(m.group(1).rstrip())
    if start >= 0:
        spans.append(Span(start, end))
    return tuple(_trim(text, s) for s in spans if s.end > s.start)


# A quoted passage and, after it on its last line, a dash and who said it:
# > "If it compiles, it works." -- Senior engineer, automotive
_TAIL_CREDIT = re.compile(r"[\"”»“][ \t]*(?:--|[—―–])[ \t]*(\S[^\n]*)$")


def _dash_credits(text: str, blocks: tuple[Span, ...],
                  ) -> tuple[tuple[Span, ...], list[tuple[Span, Span]]]:
    """Block quotes whose quoted words end in a credit on the same line: the block is the
    quoted passage (so it is reported once, with the marks that quote it) and the rest its
    credit line."""
    out: list[Span] = []
    credits: list[tuple[Span, Span]] = []
    for block in blocks:
        m = _TAIL_CREDIT.search(text, block.start, block.end)
        if m is None or m.end() != block.end:
            out.append(block)
            continue
        words = Span(block.start, m.start() + 1)
        out.append(words)
        credits.append((words, Span(m.start(1), block.end)))
    return tuple(out), credits


# Pull quotes as raw HTML in Markdown (opensource.guide's <aside class="pquote">): the words,
# and a credit paragraph whose link is the work quoted.
_PULL = re.compile(
    r"<aside\b[^>]*\bclass=\"[^\"]*\b(?:pquote|pull-?quote)\b[^\"]*\"[^>]*>(.*?)</aside>",
    re.DOTALL | re.IGNORECASE)
_PULL_CREDIT = re.compile(
    r"<(p|div|footer|cite)\b[^>]*\bclass=\"[^\"]*credit[^\"]*\"[^>]*>(.*?)</\1>",
    re.DOTALL | re.IGNORECASE)
_LEADING_TAGS = re.compile(r"(?:\s*<(?:img|br|hr)\b[^>]*>)+\s*", re.IGNORECASE)


def _pull_quotes(text: str) -> tuple[tuple[Span, Span], ...]:
    """(the quoted words, the credit line) of each pull quote written as HTML in Markdown."""
    out = []
    for m in _PULL.finditer(text):
        credit = _PULL_CREDIT.search(text, m.start(1), m.end(1))
        start = m.start(1)
        if lead := _LEADING_TAGS.match(text, start):
            start = lead.end()
        end = credit.start() if credit else m.end(1)
        words = _trim(text, Span(start, end))
        if words.end > words.start:
            out.append((words, _trim(text, Span(credit.start(2), credit.end(2))) if credit
                        else Span(end, end)))
    return tuple(out)


def _inside_markdown_link(text: str, span: Span) -> bool:
    return span.start >= 2 and text[span.start - 2 : span.start] == "]("


def _parse_html(source: str, origin: str, digest: str) -> Document:
    from lxml import html as lxml_html

    try:
        # huge_tree: past 256 levels libxml2 would drop the rest of the page without a word
        root = lxml_html.document_fromstring(source, parser=lxml_html.HTMLParser(
            huge_tree=True))
    except Exception as exc:  # lxml raises several unrelated types on broken input
        raise DocumentError(f"{origin}: not parseable as HTML: {exc}") from exc
    parts: list[str] = []
    links: list[Link] = []
    quoted: list[Span] = []
    cited: list[Link] = []  # cite attributes of <q> and <blockquote>
    titles: list[Span] = []  # <cite> elements: the markup names a work's title
    footers: dict[object, Span] = {}  # <blockquote> -> its <footer>
    figures: dict[object, list[Span]] = {}  # <figure> -> its block quotes, so far
    credited: list[tuple[Span, Span]] = []  # (block quote, its credit line)
    ids: list[str] = []  # ids of the elements being walked: a note's id holds its URL
    notes: dict[str, str] = {}  # element id -> first http(s) URL inside it
    outs: list[tuple[tuple[str, ...], Link]] = []  # links out, and the ids around them
    inside: list[tuple[tuple[str, ...], Link]] = []  # http(s) links with a fragment, and
    # the ids around them: a link to an id of this very page is an in-page link
    id_spans: dict[str, Span] = {}  # element id -> the text it holds
    blocks: list[Span] = []  # <blockquote>s without a <footer>, for credit lines under a dash
    markers: list[tuple[str, Span, str]] = []  # in-page links: footnote markers
    size = 0
    runs: list[tuple[int, str]] = []  # (text offset, words) of each run of text emitted

    def emit(s: str) -> None:
        nonlocal size
        s = re.sub(r"\s+", " ", s)
        if s.strip() or (parts and not parts[-1].endswith((" ", "\n"))):
            if parts and parts[-1].endswith(("\n", " ")):
                s = s.lstrip()
            runs.append((size, s))
            parts.append(s)
            size += len(s)

    def newline(blank: bool = True) -> None:
        """End the line: with a blank line where a block ends (a paragraph break), with a
        line break alone for <br> (a line inside the paragraph, as in a poem or an
        address)."""
        nonlocal size
        if not parts:
            return
        while parts and parts[-1].endswith(" "):
            stripped = parts[-1].rstrip(" ")
            size -= len(parts[-1]) - len(stripped)
            parts[-1] = stripped
        tail = "".join(parts[-3:])[-2:]
        if blank:
            add = "" if tail == "\n\n" else "\n" if tail.endswith("\n") else "\n\n"
        else:
            add = "" if tail.endswith("\n") else "\n"
        if add:
            parts.append(add)
            size += len(add)

    def walk(el: HtmlElement, number: int | None = None) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP:
            if el.tail:
                emit(el.tail)
            return
        if tag in _BLOCKS:
            newline()
        elif tag == "br":
            newline(blank=False)
        if number is not None:  # an <ol> item shows its number, as browsers draw it
            emit(f"{number}. ")
        start = size
        own_id = el.get("id") if tag else None
        if own_id:
            ids.append(own_id)
        if el.text:
            emit(el.text)
        counter = _ol_start(el) if tag == "ol" else None
        for child in el:
            if counter is not None and child.tag == "li":
                walk(child, counter)
                counter += 1
            else:
                walk(child)
        if own_id:
            ids.pop()
        end = size
        if own_id:
            id_spans.setdefault(own_id, Span(start, end))
        href = el.get("href", "").strip() if tag == "a" else ""
        if href.startswith("//"):  # protocol-relative, as Wikipedia writes some
            href = "https:" + href
        if href.lower().startswith(_WEB):
            href = lower_scheme(href)
            link = Link(href, Span(start, end), el.text_content().strip(), "html")
            if "#" in href:
                inside.append((tuple(ids), link))
            else:
                links.append(link)
                outs.append((tuple(ids), link))
        elif "#" in href and end > start and ":" not in href.split("#", 1)[0]:
            # "#fn1", "./Page#cite_note-3": a link within the page
            markers.append((href.split("#", 1)[1], Span(start, end),
                            el.text_content().strip()))
        if tag == "cite" and end > start:
            titles.append(Span(start, end))
        parent = el.getparent() if tag in ("footer", "figcaption") else None
        if tag == "footer" and parent is not None and parent.tag == "blockquote":
            footers[parent] = Span(start, end)
        if tag == "figcaption" and parent is not None and parent.tag == "figure":
            # <figure><blockquote>…</blockquote><figcaption>— <cite>…</cite></figcaption>
            credited.extend((b, Span(start, end)) for b in figures.pop(parent, ()))
        if tag in ("q", "blockquote") and end > start:
            # A <footer> inside a block quote credits it ("— <cite>Title</cite>"), as
            # common markup does: the credit is not part of the quoted words.
            footer = footers.pop(el, None)
            if footer is not None:
                end = footer.start
                credited.append((Span(start, end), footer))
            elif tag == "blockquote":
                blocks.append(Span(start, end))
            quoted.append(Span(start, end))
            up = el.getparent()
            if tag == "blockquote" and up is not None and up.tag == "figure":
                figures.setdefault(up, []).append(Span(start, end))
            # <q cite="URL">, <blockquote cite="URL">: the source the markup itself names
            cite = (el.get("cite") or "").strip()
            if cite.lower().startswith(_WEB):
                cited.append(Link(lower_scheme(cite), Span(start, end), "", "cite"))
        if tag in _BLOCKS:
            newline()
        if el.tail:
            emit(el.tail)

    body = root.find("body")
    try:
        walk(body if body is not None else root)
    except RecursionError:
        raise DocumentError(f"{origin}: HTML nested too deeply to read") from None
    text = "".join(parts)
    if not text.strip():
        raise DocumentError(f"{origin}: no readable text in this HTML")
    # A link to an id of this page ("…/Punctuation#cite_note-1", as Wikipedia writes its
    # reference markers) is an in-page link; any other is a link out, and a note's URL.
    own_hosts = set()
    for owners, link in inside:
        target = link.url.rsplit("#", 1)[1]
        if target in id_spans:
            markers.append((target, link.span, link.label))
            own_hosts.add(split_url(link.url).netloc.casefold())
        else:
            links.append(link)
            outs.append((owners, link))
    # A note's URL is its first link that leaves the page's own site (a Wikipedia reference:
    # its external link, not the ISBN article or the note's way back up).
    for owners, link in sorted(outs, key=lambda x: x[1].span.start):
        if split_url(link.url).netloc.casefold() in own_hosts:
            continue
        for owner in owners:
            notes.setdefault(owner, link.url)
    # Spans were taken while building; trim each to the non-space text it covers.
    quoted = [_trim(text, s) for s in quoted]
    for block in blocks:  # a last line under a dash credits the block: "— Name (@x) date"
        credit = _DASH_CREDIT.search(text, block.start, block.end)
        if credit is not None and _trim(text, block) in quoted:
            quoted.remove(_trim(text, block))
            quoted.append(_trim(text, Span(block.start, credit.start())))
            credited.append((Span(block.start, credit.start()), Span(credit.start(1), block.end)))
    links.extend(Link(c.url, _trim(text, c.span), c.label, c.kind) for c in cited)
    # A marker such as <sup><a href="#fn1">1</a></sup> stands for the URL in its note.
    links.extend(Link(notes[target], span, label, "footnote")
                 for target, span, label in markers
                 if target in notes and _MARKER_LABEL.fullmatch(label))
    links.sort(key=lambda x: x.span.start)
    # A marker whose note holds no link: the note's words describe the work.
    described = tuple((span, _trim(text, id_spans[target])) for target, span, label in markers
                      if target not in notes and target in id_spans
                      and _MARKER_LABEL.fullmatch(label))
    titles = [_trim(text, s) for s in titles]
    credits = tuple((_trim(text, b), _trim(text, c)) for b, c in credited)
    return Document(text, origin, "html", digest, tuple(links),
                    tuple(q for q in quoted if q.end > q.start),
                    tuple(t for t in titles if t.end > t.start),
                    tuple((b, c) for b, c in credits if b.end > b.start and c.end > c.start),
                    tuple((m, n) for m, n in described if n.end > n.start),
                    source_positions(source, runs))


def _ol_start(el: HtmlElement) -> int:
    try:
        return int(el.get("start", "1"))
    except ValueError:
        return 1


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, min(span.end, len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)

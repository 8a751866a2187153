"""Read the document to check: text, Markdown or HTML, from disk or from bytes already fetched."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.errors import DocumentError
from provenance.model import Document, Link, Span

if TYPE_CHECKING:
    from lxml.html import HtmlElement

log = logging.getLogger(__name__)

MAX_DOCUMENT = 64 * 1024 * 1024  # bytes; larger inputs are refused, not truncated
_UTF8_TOLERANCE = 1000  # chars per damaged byte still read as UTF-8

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
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((https?://[^)\s]+)\)", re.IGNORECASE)
_WEB = ("http://", "https://")
_BLOCKS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "table", "tr", "pre", "hr", "figure",
    "figcaption", "aside", "main", "nav", "dd", "dt", "dl",
})
_MARKER_LABEL = re.compile(r"\[?\^?\d{1,3}\]?|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*{1,3}|†")
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
        links = _markdown_links(text) + tuple(
            link for link in links if not _inside_markdown_link(text, link.span)
        )
        quoted = _markdown_block_quotes(text)
    return Document(text, origin, fmt, digest, tuple(sorted(links, key=lambda x: x.span.start)),
                    quoted)


def decode_text(data: bytes, origin: str) -> str:
    """UTF-8 when it is, else the detected charset; binary data is refused."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(f"{origin}: binary data, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _mostly_utf8(data) or _detected(data, origin)
        log.warning("%s: not valid UTF-8 (%s); read as %s", origin, exc.reason,
                    "UTF-8 with replacements" if "\ufffd" in text else "detected charset")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:65536]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\t\f\v")
    if sample and controls > len(sample) // 20:  # decoded, but not something people read
        raise DocumentError(f"{origin}: binary data, not a text document")
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a bad paste, a cut multi-byte character) stays UTF-8:
    guessing a legacy charset for the whole file would garble every other accent."""
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    return text if bad * _UTF8_TOLERANCE <= len(text) else None


def _detected(data: bytes, origin: str) -> str:
    # Imported here, as lxml is below: most documents are UTF-8 text or Markdown, and a
    # run pays for the charset detector or the HTML parser only when a document needs it.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(f"{origin}: not text in any known encoding")
    return str(best)


def lower_scheme(url: str) -> str:
    """``url`` with its scheme in lower case, the form every reader of URLs expects (WARC
    tools parse a record's HTTP headers only for "http"/"https"); the rest as written."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme.lower()}{sep}{rest}" if sep and scheme.isalpha() else url


def _bare_links(text: str) -> tuple[Link, ...]:
    links = []
    for m in _BARE_URL.finditer(text):
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
    markers: list[tuple[str, Span, str]] = []  # in-page links: footnote markers
    size = 0

    def emit(s: str) -> None:
        nonlocal size
        s = re.sub(r"\s+", " ", s)
        if s.strip() or (parts and not parts[-1].endswith((" ", "\n"))):
            if parts and parts[-1].endswith(("\n", " ")):
                s = s.lstrip()
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
        href = el.get("href", "") if tag == "a" else ""
        if href.lower().startswith(_WEB):
            href = lower_scheme(href)
            links.append(Link(href, Span(start, end), el.text_content().strip(), "html"))
            for owner in ids:
                notes.setdefault(owner, href)
        elif href.startswith("#") and end > start:
            markers.append((href[1:], Span(start, end), el.text_content().strip()))
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
    # Spans were taken while building; trim each to the non-space text it covers.
    quoted = [_trim(text, s) for s in quoted]
    links.extend(Link(c.url, _trim(text, c.span), c.label, c.kind) for c in cited)
    # A marker such as <sup><a href="#fn1">1</a></sup> stands for the URL in its note.
    links.extend(Link(notes[target], span, label, "footnote")
                 for target, span, label in markers
                 if target in notes and _MARKER_LABEL.fullmatch(label))
    links.sort(key=lambda x: x.span.start)
    titles = [_trim(text, s) for s in titles]
    credits = tuple((_trim(text, b), _trim(text, c)) for b, c in credited)
    return Document(text, origin, "html", digest, tuple(links),
                    tuple(q for q in quoted if q.end > q.start),
                    tuple(t for t in titles if t.end > t.start),
                    tuple((b, c) for b, c in credits if b.end > b.start and c.end > c.start))


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

"""The text of a captured page: main text, fuller page text, metadata, and what is wrong with it.

The body's type is sniffed, not trusted: servers label PDFs ``text/html`` and pages
``application/octet-stream``. HTML and XHTML go through trafilatura (main text) and its
baseline extractor (the whole page's text); plain text is used as is; PDFs are read with
pypdf. The charset is detected: a header or ``<meta>`` label is believed only when the bytes
agree with it.

``PageText.problem`` says why the text should not be trusted to hold the quoted passage:
an HTTP error, a bot wall, a paywall, a soft 404, a truncated article, an unsupported type.
The text read so far is kept alongside, so a caller may still look in it.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import replace
from urllib.parse import urlsplit

from provenance.fetch.botcheck import BOT_WALL as _BOT_WALL
from provenance.fetch.botcheck import is_bot_check
from provenance.model import PageText, Problem, ProblemKind, Snapshot
from provenance.words.language import identify_page

__all__ = ["EXTRACTOR", "content_kind", "decode_body", "depends_on_capture", "extract_text",
           "is_bot_check"]

log = logging.getLogger(__name__)

EXTRACTOR = "trafilatura-2"  # bump when extraction changes: cached text is keyed by it

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_OPAQUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                           "application/unknown", "application/force-download"})
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html|<head"
                         rb"|<body|<meta|<title|<div|<p[\s>]|<article|<script|<link)",
                         re.IGNORECASE | re.DOTALL)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                           re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# What browsers do (WHATWG Encoding): these labels mean windows-1252.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252",
                  "l1": "cp1252"}

_PAYWALL = (
    "subscribe to continue reading", "subscribe to read", "to continue reading, subscribe",
    "this article is for subscribers", "this content is for subscribers",
    "exclusive to subscribers", "subscribers only", "already a subscriber",
    "create a free account to continue", "you have reached your limit of free articles",
    "suscríbete para seguir leyendo", "suscríbete para continuar", "contenido exclusivo para "
    "suscriptores", "este contenido es exclusivo", "ya eres suscriptor",
    "réservé aux abonnés", "abonnez-vous pour lire", "la suite est réservée",
    "jetzt abonnieren", "nur für abonnenten", "weiterlesen mit", "artikel ist exklusiv",
    "för prenumeranter", "bli prenumerant för att läsa", "redan prenumerant",
    "riservato agli abbonati", "conteúdo exclusivo para assinantes",
)
_NOT_FOUND = (
    "page not found", "404 not found", "error 404", "not found", "no longer available",
    "page you requested", "página no encontrada", "no se encontró", "la página no existe",
    "página não encontrada", "page introuvable", "seite nicht gefunden",
    "sidan hittades inte", "sidan kunde inte hittas", "pagina non trovata",
)
# Class names and attributes that paywall scripts put where the article stops.
_PAYWALL_HTML = re.compile(
    r"""(class|id)\s*=\s*["'][^"']*\b(paywall|pay-wall|subscriber-only|subscribers-only|"""
    r"""regwall|tp-modal)\b|data-paywall""")
_SHORT_PAGE = 150  # words: under this, a marker above means the marker is the page
_PAYWALL_SHORT = 350  # words: paywalled pages show a teaser of about this size or less


# The last few pages' texts, by what extraction reads of a capture: the resolver reads a
# page to see whether it holds a quotation, and the pipeline then reads the same page as
# the source (tens of milliseconds each time for a large page).
_RECENT = 8
_recent: OrderedDict[tuple[object, ...], PageText] = OrderedDict()
_recent_lock = threading.Lock()


def extract_text(snapshot: Snapshot) -> PageText:
    """Main text, full page text and metadata; ``problem`` says why the text is unusable."""
    key = (snapshot.sha256, snapshot.status, snapshot.content_type, snapshot.final_url,
           snapshot.url)
    with _recent_lock:
        text = _recent.get(key)
        if text is not None:
            _recent.move_to_end(key)
            return text
    text = _extract(snapshot)
    if depends_on_capture(text):
        text = replace(text, per_capture=True)
    with _recent_lock:
        _recent[key] = text
        while len(_recent) > _RECENT:
            _recent.popitem(last=False)
    return text


def _extract(snapshot: Snapshot) -> PageText:
    if snapshot.status >= 400:
        return _error_page(snapshot)
    if not snapshot.body.strip():
        return PageText("", "", problem=Problem(ProblemKind.EMPTY))
    kind = content_kind(snapshot)
    if kind == "pdf":
        return _pdf(snapshot)
    if kind == "text":
        text = decode_body(snapshot.body, _declared_charset(snapshot.content_type))
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
        return PageText(text, text, language=_language(text))
    if kind == "html":
        return _html(snapshot)
    mime = _mime(snapshot.content_type) or "unknown"
    return PageText("", "", problem=Problem(ProblemKind.UNSUPPORTED, mime))


def depends_on_capture(text: PageText) -> bool:
    """True when ``text`` says something about one capture rather than about its body.

    Such a problem comes from the capture (its status, where it redirected), not from the
    body alone: text cached by body digest must not carry it to another capture of the
    same bytes."""
    problem = text.problem
    return problem is not None and (problem.status is not None
                                    or problem.kind is ProblemKind.MOVED)


def content_kind(snapshot: Snapshot) -> str | None:
    """``html``, ``text`` or ``pdf`` by sniffing the body first and the label second."""
    head = snapshot.body[:2048]
    for bom, _ in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if _HTML_START.match(head):
        return "html"
    mime = _mime(snapshot.content_type)
    if mime in _HTML_TYPES or mime.endswith("+xml"):
        return "html"
    if mime == "application/pdf":
        return "pdf"
    if mime.startswith("text/") or mime in ("application/json", "application/ld+json"):
        return "text"
    if mime in _OPAQUE_TYPES and b"\x00" not in head:
        return "text"
    return None


def decode_body(body: bytes, declared: str | None = None) -> str:
    """Decode a page: BOM, then UTF-8 when the bytes are UTF-8, then the declared label when
    the bytes fit it, then charset-normalizer's guess."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return body.decode(bom_codec, errors="replace")
    try:
        # Non-ASCII bytes that happen to form valid UTF-8 are almost never another charset,
        # whatever the label says ("UTF-8 served as Latin-1").
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = _codec(declared) or _codec(_sniffed_charset(body))
    if codec and codec not in ("utf-8", "utf_8"):
        try:
            return body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    # Labelled UTF-8 but not UTF-8 ("Latin-1 served as UTF-8"), or no usable label.
    from charset_normalizer import from_bytes

    matches = list(from_bytes(body))
    if not matches:
        return body.decode("cp1252", errors="replace")
    best = matches[0]
    # Several single-byte charsets often fit equally well; the detector then picks one
    # arbitrarily (cp1250 turns "año" into "ańo"). Like browsers, prefer windows-1252 when it
    # fits as well as the best.
    for m in matches:
        if (m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.1
                and "cp1252" in m.could_be_from_charset):
            return body.decode("cp1252", errors="replace")
    return str(best)


# --- kinds -------------------------------------------------------------------------------------


def _html(snapshot: Snapshot) -> PageText:
    import trafilatura
    from trafilatura.settings import set_date_params

    html = decode_body(snapshot.body, _declared_charset(snapshot.content_type))
    url = snapshot.final_url
    main = trafilatura.extract(
        html, url=url, fast=False, favor_precision=False, favor_recall=False,
        include_comments=False, include_tables=True, include_images=False,
        include_formatting=False, include_links=False, deduplicate=False,
        output_format="txt", with_metadata=False) or ""
    full = _page_text(html) or trafilatura.html2txt(html, clean=True) or ""
    meta = trafilatura.extract_metadata(html, default_url=url, date_config=set_date_params(True))
    title = (meta.title or None) if meta else None
    author = (meta.author or None) if meta else None
    date = _date(meta.date) if meta and meta.date else None
    main, full = main.strip(), full.strip()
    language = _language(main) or _language(full) or _html_lang(html)
    problem = _moved_home(snapshot, len(main.split())) or _html_problem(html, main, full, title)
    if problem is None and not main:
        problem = Problem(ProblemKind.UNREADABLE, "no article text found on the page")
    return PageText(main, full or main, title=title, date=date, author=author,
                    language=language, problem=problem)


_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "table", "tr", "td", "th", "pre", "hr",
    "figure", "figcaption", "aside", "main", "nav", "dd", "dt", "dl", "title", "form",
})
_DROPPED_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object")


def _page_text(html: str) -> str:
    """Every readable line of the page: headline, captions, sidebars, comments and all.

    trafilatura's own baseline drops sidebars and joins everything into one line; this keeps
    them and keeps block boundaries, which is what "found outside the article body" needs.
    """
    from lxml import etree
    from lxml import html as lxml_html

    source = re.sub(r"^\s*<\?xml[^>]*>", "", html[:5_000_000], count=1)
    try:
        root = lxml_html.document_fromstring(source)
    except (etree.ParserError, ValueError):
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


def _pdf(snapshot: Snapshot) -> PageText:
    from provenance.errors import DocumentError
    from provenance.fetch.pdf import pdf_info

    try:
        info = pdf_info(snapshot.body, snapshot.final_url)
    except DocumentError as exc:
        return PageText("", "", problem=Problem(ProblemKind.UNREADABLE, exc.reason))
    return PageText(info.text, info.text, title=info.title, date=info.date,
                    author=info.author, language=_language(info.text))


def _error_page(snapshot: Snapshot) -> PageText:
    status = snapshot.status
    page = ""
    if snapshot.body and content_kind(snapshot) == "html":
        page = decode_body(snapshot.body, _declared_charset(snapshot.content_type)).lower()
    if status in (401, 403, 429, 503) and _has_any(page, _BOT_WALL):
        return PageText("", "", problem=Problem(ProblemKind.BLOCKED, status=status))
    if status in (401, 402, 403) and _has_any(page, _PAYWALL):
        return PageText("", "", problem=Problem(ProblemKind.PAYWALLED, status=status))
    words = {401: "login required", 402: "payment required", 403: "access forbidden",
             404: "page not found", 410: "page removed", 429: "too many requests",
             451: "unavailable for legal reasons"}
    what = words.get(status, "server error" if status >= 500 else "refused")
    return PageText("", "", problem=Problem(ProblemKind.HTTP, what, status))


# --- problems ----------------------------------------------------------------------------------


def _html_problem(html: str, main: str, full: str, title: str | None) -> Problem | None:
    low_full = full.lower()
    low_html = html[:200_000].lower()
    main_words = len(main.split())
    if main_words < _SHORT_PAGE and (_has_any(low_full, _BOT_WALL)
                                     or _has_any(low_html, _BOT_WALL)):
        return Problem(ProblemKind.BLOCKED, "the page is a bot check, not the article")
    heading = " ".join(filter(None, [(title or "").lower(), _first_heading(html)]))
    if main_words < _SHORT_PAGE and (_has_any(heading, _NOT_FOUND) or
                                     re.search(r"\b404\b", heading)):
        return Problem(ProblemKind.NOT_FOUND,
                       "the page says it was not found, though the server said 200")
    info = _json_ld(html)
    free = info.get("isAccessibleForFree")
    count = info.get("wordCount")
    promised = count if isinstance(count, int) else None  # (only ever kept as an int)
    if isinstance(free, str):
        free = free.strip().lower() not in ("false", "0", "no")
    teaser = _has_any(low_full, _PAYWALL) or bool(_PAYWALL_HTML.search(low_html))
    if free is False and (teaser or (promised and main_words < 0.8 * promised)):
        return Problem(ProblemKind.PAYWALLED, "the page marks its article as for subscribers "
                       f"only and shows {main_words} words of it")
    if teaser and main_words < _PAYWALL_SHORT:
        return Problem(ProblemKind.PAYWALLED,
                       f"the text stops at a subscription prompt after {main_words} words")
    if promised is not None and promised > 0 and main_words < 0.5 * promised:
        return Problem(ProblemKind.TRUNCATED,
                       f"the page promises {promised} words, only {main_words} could be read")
    return None


def _moved_home(snapshot: Snapshot, main_words: int) -> Problem | None:
    """A cited article that now redirects to the site's front page (or a section page at
    the top) is gone: news sites do this instead of answering 404."""
    src, dst = urlsplit(snapshot.url), urlsplit(snapshot.final_url)
    if src.netloc.lower().removeprefix("www.") != dst.netloc.lower().removeprefix("www."):
        return None
    deep = src.path.strip("/").count("/") >= 1 or len(src.path.strip("/")) > 30
    home = dst.path.strip("/") == "" and not dst.query
    if deep and home:
        return Problem(ProblemKind.MOVED, "the cited page now redirects to the site's front "
                       f"page ({snapshot.final_url})")
    return None


def _json_ld(html: str) -> dict[str, object]:
    """isAccessibleForFree and wordCount from the page's schema.org JSON-LD, when present."""
    found: dict[str, object] = {}
    for m in re.finditer(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", html,
                         re.IGNORECASE | re.DOTALL):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        for item in _walk_json(data):
            if "isAccessibleForFree" in item and "isAccessibleForFree" not in found:
                found["isAccessibleForFree"] = item["isAccessibleForFree"]
            count = item.get("wordCount")
            if "wordCount" not in found and count is not None:
                with contextlib.suppress(ValueError):
                    found["wordCount"] = int(str(count).replace(",", "").strip())
    return found


def _walk_json(data: object) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    stack = [data]
    while stack and len(out) < 200:
        item = stack.pop()
        if isinstance(item, dict):
            out.append(item)
            stack.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _first_heading(html: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.IGNORECASE | re.DOTALL)
    return re.sub(r"<[^>]+>", " ", m.group(1)).lower() if m else ""


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


# --- small readers -----------------------------------------------------------------------------


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _declared_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def _sniffed_charset(body: bytes) -> str | None:
    head = body[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _language(text: str) -> str | None:
    return identify_page(text)  # the quotes' model: loaded once, in milliseconds


def _html_lang(html: str) -> str | None:
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", html[:4096], re.IGNORECASE)
    return m.group(1).lower() if m else None

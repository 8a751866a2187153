"""The text of a captured page: main text, fuller page text, metadata, and what is wrong with it.

The body's type is sniffed, not trusted: servers label PDFs ``text/html`` and pages
``application/octet-stream``. HTML and XHTML go through trafilatura (main text) and its
baseline extractor (the whole page's text); plain text is used as is; PDFs are read with
pypdf. Bytes become text by the one decoder documents use too (``fetch.charset``): a
declared charset is believed while the bytes decode under it with only a few errors.

``PageText.problem`` says why the text should not be trusted to hold the quoted passage:
an HTTP error, a bot wall, a paywall, a soft 404, a truncated article, an unsupported type.
The text read so far is kept alongside, so a caller may still look in it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import html as html_lib
import logging
import re
import threading
from collections import OrderedDict
from dataclasses import replace
from urllib.parse import urlsplit

from provenance.fetch.botcheck import is_bot_check
from provenance.fetch.charset import declared_charset, decode
from provenance.model import PageText, Problem, ProblemKind, Snapshot
from provenance.settings import Settings
from provenance.text import problems
from provenance.text.html import main_text, page_text, prune
from provenance.text.linked import drop_linked_headlines, link_texts
from provenance.text.teasers import is_teaser_line
from provenance.words.language import identify_page

__all__ = ["EXTRACTOR", "content_kind", "decode_body", "depends_on_capture", "extract_text",
           "is_bot_check", "read_snapshot"]

log = logging.getLogger(__name__)

EXTRACTOR = "trafilatura-8"  # bump when extraction changes: cached text is keyed by it

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xml", "text/xml"})
_OPAQUE_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                           "application/unknown", "application/force-download"})
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html|<head"
                         rb"|<body|<meta|<title|<div|<p[\s>]|<article|<script|<link)",
                         re.IGNORECASE | re.DOTALL)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


# The last few pages' texts, by what extraction reads of a capture: the resolver reads a
# page to see whether it holds a quotation, and the pipeline then reads the same page as
# the source (tens of milliseconds each time for a large page).
_RECENT = 8
_BIG = 1024 * 1024  # bytes: a body this large is read in a child process under a time
# budget and a memory ceiling (see text.budget)
# Languages written in the Latin script, whose lang attribute a text in another script belies.
_LATIN_SCRIPT = frozenset({
    "en", "es", "pt", "fr", "de", "it", "nl", "sv", "da", "no", "nb", "nn", "fi", "pl", "cs",
    "sk", "sl", "hr", "ro", "hu", "tr", "ca", "eu", "gl", "et", "lv", "lt", "id", "ms", "vi",
    "sq", "is", "ga", "cy", "af", "sw", "tl"})
_STATED_MORE = 1.2  # an articleBody this many times the shown words is the fuller text
_recent: OrderedDict[tuple[object, ...], PageText] = OrderedDict()
_recent_lock = threading.Lock()


def extract_text(snapshot: Snapshot, settings: Settings | None = None) -> PageText:
    """Main text, full page text and metadata; ``problem`` says why the text is unusable.
    A large page is read within the ``settings``' time budget and memory ceiling
    (``page_seconds``, ``page_memory``; the defaults unless given)."""
    key = (snapshot.sha256, snapshot.status, snapshot.content_type, snapshot.final_url,
           snapshot.url)
    with _recent_lock:
        text = _recent.get(key)
        if text is not None:
            _recent.move_to_end(key)
            return text
    if len(snapshot.body) > _BIG:
        from provenance.text.budget import bounded

        text = bounded(snapshot, settings.page_seconds if settings else None,
                       settings.page_memory if settings else None, fallback=read_snapshot)
        if text.per_capture:  # over budget: a later read may get through
            return text
    else:
        text = read_snapshot(snapshot)
    if depends_on_capture(text):
        text = replace(text, per_capture=True)
    with _recent_lock:
        _recent[key] = text
        while len(_recent) > _RECENT:
            _recent.popitem(last=False)
    return text


def read_snapshot(snapshot: Snapshot) -> PageText:
    """What ``extract_text`` reads, in this process, with no budget and no memo."""
    if snapshot.status >= 400:
        return _error_page(snapshot)
    if not snapshot.body.strip():
        return PageText("", "", problem=Problem(ProblemKind.EMPTY))
    kind = content_kind(snapshot)
    if kind == "pdf":
        return _pdf(snapshot)
    if kind == "text":
        text = decode_body(snapshot.body, declared_charset(snapshot.content_type))
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
    """A page's bytes as text (see ``provenance.fetch.charset.decode``)."""
    return decode(body, declared).text


# --- kinds -------------------------------------------------------------------------------------


def _html(snapshot: Snapshot) -> PageText:
    import trafilatura
    from trafilatura.settings import set_date_params

    raw = decode_body(snapshot.body, declared_charset(snapshot.content_type))
    said = problems.declared(raw)
    url = snapshot.final_url
    # The page's links are read as it came: some pages show them only in script data.
    lines = _stated_lines(said, link_texts(raw, url) if said.body else set())
    html = prune(raw)
    del raw  # a large page's scripts and images are not kept a moment longer than needed
    main = main_text(html, url).strip()
    full = (page_text(html) or trafilatura.html2txt(html, clean=True) or "").strip()
    stated = _stated_body(lines, main)
    if stated:
        main, full = stated, f"{full}\n{stated}"
    meta = trafilatura.extract_metadata(html, default_url=url, date_config=set_date_params(True))
    title = (meta.title or None) if meta else None
    author = (meta.author or None) if meta else None
    date = _date(meta.date) if meta and meta.date else None
    language = _language(main) or _language(full) or _html_lang(html, main or full)
    words = len(main.split())
    visible = problems.visible_text(html) if words < problems.NORMAL_ARTICLE else ""
    heading = " ".join(filter(None, [(title or "").lower(), _first_heading(html)]))
    problem = (_moved_home(snapshot, words) or problems.bot_wall(html, visible, words)
               or problems.soft_404(heading, words) or problems.cut_short(html, main, said))
    if problem is None and not main:
        problem = Problem(ProblemKind.UNREADABLE, "no article text found on the page")
    return PageText(main, full or main, title=title, date=date, author=author,
                    language=language, problem=problem)


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
    page = visible = ""
    if snapshot.body and content_kind(snapshot) == "html":
        page = decode_body(snapshot.body, declared_charset(snapshot.content_type))
        visible = problems.visible_text(page)
    if status in (401, 403, 429, 503):
        blocked = problems.bot_wall(page, visible, 0, status)
        if blocked is not None:
            return PageText("", "", problem=blocked)
    if status in (401, 402, 403) and _has_any(visible, problems.PAYWALL_PROMPTS):
        return PageText("", "", problem=Problem(ProblemKind.PAYWALLED, status=status))
    words = {401: "login required", 402: "payment required", 403: "access forbidden",
             404: "page not found", 410: "page removed", 429: "too many requests",
             451: "unavailable for legal reasons"}
    what = words.get(status, "server error" if status >= 500 else "refused")
    return PageText("", "", problem=Problem(ProblemKind.HTTP, what, status))


def _stated_lines(said: problems.Declared, links: set[str]) -> list[str]:
    """The lines of the article's text as its structured data states it (schema.org
    ``articleBody``), markup taken out, teaser and call-to-action lines left out, and the
    headlines the page shows as ``links`` to other pages (``linked``) too."""
    body = said.body
    if not body:
        return []
    if "<" in body:
        from lxml import etree
        from lxml import html as lxml_html

        try:
            body = lxml_html.fragment_fromstring(body, create_parent="div").text_content()
        except (etree.ParserError, ValueError):
            return []
    body = "\n".join(" ".join(line.split()) for line in html_lib.unescape(body).split("\n"))
    body = drop_linked_headlines(body, links)
    return [line for line in body.split("\n") if line and not is_teaser_line(line)]


def _stated_body(lines: list[str], main: str) -> str:
    """The stated article body (``_stated_lines``) when it is longer than what the page
    shows; "" otherwise.

    Publishers put the whole article in ``articleBody`` for search engines while the page
    shows a photo caption and a subscription box, or renders the text with scripts: the
    stated body is the article's own words, so a quote is looked for in it rather than
    called absent from a page that was never shown whole. A shorter ``articleBody`` is a
    summary and is left alone."""
    body = "\n".join(lines)
    if len(body.split()) < _STATED_MORE * max(1, len(main.split())):
        return ""
    return body


# --- problems ----------------------------------------------------------------------------------


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


def _first_heading(html: str) -> str:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.IGNORECASE | re.DOTALL)
    return re.sub(r"<[^>]+>", " ", m.group(1)).lower() if m else ""


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(n in text for n in needles)


# --- small readers -----------------------------------------------------------------------------


def _mime(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _language(text: str) -> str | None:
    return identify_page(text)  # the quotes' model: loaded once, in milliseconds


def _html_lang(html: str, text: str) -> str | None:
    """The page's ``lang`` attribute, unless its text is not even in that language's
    script: templates say lang="en-US" over articles in Bengali or Greek."""
    m = re.search(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", html[:4096], re.IGNORECASE)
    if not m:
        return None
    lang = m.group(1).lower()
    letters = [c for c in text[:5000] if c.isalpha()]
    latin = sum(c < "\u0250" for c in letters)
    if lang in _LATIN_SCRIPT and letters and latin < 0.5 * len(letters):
        return None
    return lang

"""The HTML report: one self-contained page people can read, filter, print and hand on.

Every string from the document or a fetched page is untrusted. The template is rendered by
Jinja2 with autoescaping on, only http(s) URLs ever become links, and the page carries a
Content-Security-Policy that allows no scripts, no requests and only its own stylesheet
(by hash), so even markup that slipped through could neither run nor load anything.
Filters are radio inputs and CSS sibling selectors: no script is needed to use the page.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from bisect import bisect_left
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from provenance.model import Flag, Report, Status, Verdict
from provenance.report.kept import ShortKept
from provenance.report.original import original_html
from provenance.report.redline import Piece, redline
from provenance.report.render import (
    Links,
    manifest,
    needs_attention,
    report_links,
    summary,
    to_dict,
)
from provenance.report.reused import reuse_html
from provenance.report.translated import tie_for
from provenance.report.visible import BIDI_CONTROLS, UNSEEN, escape_code, name_of, visible
from provenance.report.wording import cited_as, link_pieces, resolution_steps, utc
from provenance.version import __version__

__all__ = ["content_security_policy", "to_html"]

CONTEXT = 120  # chars of the document shown either side of a quote
FLAG_NOTES = {
    "elided": "the quote leaves words out at an ellipsis; what it leaves out is shown",
    "outside-body": "found only outside the article text (headline, caption, sidebar, comments)",
    "found-elsewhere": "not in the cited work (or no page is cited), but in another source "
                       "of the document or a page in the cache",
    "date-mismatch": "the cited date and the page's own published date disagree",
    "translated": "the quote and the source are in different languages",
    "page-changed": "the passage differs between captures of the page",
    "negated-context": "in the source a negation comes just before the quoted words: the "
                       "sentence may say the opposite",
    "speaker-mismatch": "the source gives the quoted words to someone other than the "
                        "document does",
    "joined": "the quote runs two of the source's quoted passages together, leaving out "
              "the words between them (who said it)",
    "paywalled": "the page shows only part of the article (a paywall or a cut): the "
                 "passage stands in the part it shows",
}
_CHART_WIDTH, _CHART_LABEL, _BAR_MAX = 320, 80, 200  # SVG user units


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("provenance", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["shown"] = shown
    env.filters["visible"] = lambda text: visible("" if text is None else str(text))
    return env


def shown(text: object) -> Markup:
    """Untrusted text as HTML: escaped, isolated in ``<bdi>`` so no bidi control or
    right-to-left run in it can reorder what follows, and each control character marked
    visibly. A bidi control stays (the text reads as its own page or document showed it,
    inside the isolate) after a mark naming it; any other control character is replaced by
    its mark."""
    if text is None:
        return Markup("")
    return _shown(str(text))


def _show(s: str) -> Markup:
    if UNSEEN.search(s) is None:  # the common case: nothing to mark
        return Markup(f"<bdi>{escape(s)}</bdi>")
    out: list[str] = []
    at = 0
    for m in UNSEEN.finditer(s):
        ch = m.group()
        out.append(escape(s[at : m.start()]))
        out.append(Markup('<bdi dir="ltr" class="ctl" title="{}">{}</bdi>').format(
            name_of(ch), escape_code(ch)))
        if ch in BIDI_CONTROLS:
            out.append(ch)
        at = m.end()
    out.append(escape(s[at:]))
    return Markup("<bdi>" + "".join(out) + "</bdi>")


@cache
def _css() -> str:
    return (files("provenance") / "templates" / "report.css").read_text(encoding="utf-8")


_shown = ShortKept(_show)


def content_security_policy(css: str) -> str:
    """No scripts, no fetches of any kind; the one inline stylesheet is allowed by hash."""
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return ("default-src 'none'; script-src 'none'; object-src 'none'; img-src 'none'; "
            f"style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'")


def to_html(report: Report) -> str:
    data = to_dict(report)
    counts = summary(report)
    most = max(counts.values(), default=0) or 1
    bars = [
        {"status": status, "count": n, "y": 4 + 22 * i, "width": round(_BAR_MAX * n / most)}
        for i, (status, n) in enumerate(counts.items())
    ]
    css = _css()
    run = manifest(report)
    run["captures"] = [{**c, "taken": utc(_parse_time(c["fetched_at"]))}
                       for c in run["captures"]]
    return _environment().get_template("report.html.j2").render(
        csp=content_security_policy(css),
        css=Markup(css),  # our own stylesheet; escaping it would break its hash
        version=__version__,
        doc=data["document"],
        created=data["created_at"],
        created_utc=utc(report.created_at),
        total=len(report.verdicts),
        problems=sum(map(_needs_attention, data["verdicts"])),
        bars=bars,
        chart={"width": _CHART_WIDTH, "height": 8 + 22 * len(bars), "label": _CHART_LABEL},
        cards=[_card(report, v, d, link) for v, d, link
               in zip(report.verdicts, data["verdicts"], report_links(report), strict=True)],
        others=[{**o, "pieces": link_pieces(o["text"]), "seen_in": o.get("seen_in"),
                 "seen_href": _href(o.get("seen_in"))}
                for o in data["others"]],
        reuse=[{**r, "href": _href(r["url"]),
                "also_links": [{"url": u, "href": _href(u)} for u in r["also"]]}
               for r in reuse_html(report)],
        original=({**o, "href": _href(o["url"])}
                  if (o := original_html(report)) is not None else None),
        manifest=run,
    )


def _parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _needs_attention(d: dict[str, Any]) -> bool:
    return needs_attention(Status(d["status"]), map(Flag, d["flags"]))


def _card(report: Report, v: Verdict, d: dict[str, Any], link: Links) -> dict[str, Any]:
    citation = d["citation"]
    cited = v.quote.citation
    if citation is not None and cited is not None:
        citation = {**citation, "href": _href(citation["url"]), "cited": cited_as(cited),
                    "words": _cited_words(v), "steps": resolution_steps(cited)}
    capture = d["snapshot"]
    snap = v.source.snapshot if v.source else None
    if capture is not None and snap is not None:
        archived = capture.get("memento_datetime")
        capture = {**capture, "href": _href(capture["final_url"]),
                   "taken": utc(snap.fetched_at),
                   "archived": utc(_parse_time(archived)) if archived else None}
    page = d["page"] or {}
    return {
        "id": d["id"],
        "number": int(d["id"][1:]),
        "status": v.status.value,
        "attention": _needs_attention(d),
        "reason": v.reason,
        "flags": [{"name": f, "note": FLAG_NOTES.get(f, "")} for f in d["flags"]],
        "also_at": _lines(report.document.text, v.quote.locations[1:]),
        "candidates": [{"url": u, "href": _href(u)}
                       for u in (citation or {}).get("candidates", ())],
        "problem": page.get("problem"),
        "line": v.quote.line,
        "column": v.quote.column,
        "marks": v.quote.marks,
        "language": v.quote.language,
        "speaker": v.quote.speaker,
        "quote": link_pieces(v.quote.text),
        "context": _context(report.document.text, v.quote.span.start, v.quote.span.end),
        **_source_side(v),
        "match": d["match"],
        "edits": d["match"]["edits"] if d["match"] and v.status is Status.ALTERED else [],
        "citation": citation,
        "capture": capture,
        "page_title": page.get("title"),
        "page_date": page.get("date"),
        "live": link.live,
        "archive": link.archive,
        "fragment": link.fragment,
        "robust": {"original": link.original, "version": link.version,
                   "date": link.version_date} if link.original and link.version_date else None,
        "elsewhere": _href(v.elsewhere),
    }


def _source_side(v: Verdict) -> dict[str, Any]:
    """What the card shows of the source's words: the passage with the quote's changes
    marked (found, altered); the closest passage and its score (missing); for a translated
    quote, the passage its names, numbers and dates tie it to, never a word diff."""
    passage: tuple[Piece, ...] | None = None
    closest = translation = None
    m = v.match
    if Flag.TRANSLATED in v.flags:
        tie = tie_for(v)
        translation = {"text": tie.text if tie else None,
                       "shared": list(tie.shared) if tie else []}
    elif m is not None and v.status in (Status.FOUND, Status.ALTERED):
        passage = tuple(p for p in redline(v.quote.text, m.source_text,
                                           changes=v.status is Status.ALTERED)
                        if p.text)
    elif m is not None and v.status is Status.MISSING and m.source_text.strip():
        closest = {"text": m.source_text, "score": f"{m.score:.0f}"}
    return {"passage": passage, "elided": any(p.kind == "elided" for p in passage or ()),
            "closest": closest, "translation": translation}


def _cited_words(v: Verdict) -> str | None:
    """The document's own words that name the work: those that tied this quote to it when
    known (the link reason is "how: words"), else the citation's."""
    c = v.quote.citation
    if c is None:
        return None
    how, _, words = v.quote.link_reason.partition(": ")
    if how != c.how.value or not words.strip():
        words = c.reference
    # A bare URL or a footnote's marker alone says nothing the lines around it do not.
    if not words.strip() or words.strip() == c.url or _MARKER.fullmatch(words.strip()):
        return None
    return words


def _lines(text: str, spans) -> list[int]:
    breaks = _breaks(text)
    return [bisect_left(breaks, s.start) + 1 for s in spans if 0 <= s.start <= len(text)]


# Where the document's line breaks stand, found once per document rather than counted from
# its start for each place a quotation is repeated (a large document repeats thousands).
@lru_cache(maxsize=2)
def _breaks(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def _href(url: str | None) -> str | None:
    """A web address as a link target (its scheme in lower case); None for anything else."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        scheme, _, rest = url.strip().partition("://")
        return f"{scheme.lower()}://{rest}"
    return None


_MARKER = re.compile(r"\W{0,2}\d{1,3}\W{0,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}")
# A Markdown link around the quote itself: "[“…”](https://…)"; its syntax is dropped.
_LINK_OPEN = re.compile(r"\[([^\[\]\n]*)$")
_LINK_CLOSE = re.compile(r"^([^\[\]\n]*)\]\(\s*<?[^()<>\s]+>?(?:\s+\"[^\"\n]*\")?\s*\)")


def _context(text: str, start: int, end: int) -> dict[str, list[Any]] | None:
    if not (0 <= start < end <= len(text)):
        return None
    lo = max(0, start - CONTEXT)
    hi = min(len(text), end + CONTEXT)
    # Cut at white space so the snippet starts and ends on whole words.
    if lo > 0 and (cut := text.find(" ", lo, start)) >= 0:
        lo = cut + 1
    if hi < len(text) and (cut := text.rfind(" ", end, hi)) >= 0:
        hi = cut
    before, quote, after = text[lo:start], text[start:end], text[end:hi]
    opened, closed = _LINK_OPEN.search(before), _LINK_CLOSE.match(after)
    if opened and closed:
        before = before[: opened.start()] + opened.group(1)
        after = closed.group(1) + after[closed.end() :]
    return {"before": link_pieces(before), "quote": link_pieces(quote),
            "after": link_pieces(after)}

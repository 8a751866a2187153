"""The report as W3C Web Annotations (JSON-LD): one annotation per quotation.

An AnnotationCollection whose one page holds an ``assessing`` annotation per verdict. Its
first target is the cited page, narrowed by a TextQuoteSelector (exact, prefix, suffix)
and a TextPositionSelector, with a TimeState giving when the capture was taken (and the
archived copy, when that is what was read); its second target is the quotation in the
document. Annotation tools (and people) can so find the passage in the page and the
quote in the document.

Positions follow the Web Annotation model: code points into the text of the page's
representation, i.e. the text content of an HTML page's body, which is not the extracted
article text the matcher searched. The passage is therefore located again in the page's
own text; when it cannot be, the TextPositionSelector is left out rather than pointing
at the wrong place.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import uuid
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from provenance.model import Origin, Report, Snapshot, Status, Verdict
from provenance.report.render import Links, report_links
from provenance.version import __version__

__all__ = ["CONTEXT", "page_text", "to_annotation_collection", "to_annotations"]

log = logging.getLogger(__name__)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # chars of prefix and suffix, as common annotation clients use
_NS = uuid.UUID("6f1c3c47-2f0e-4f51-9c57-3a3b7cc1b0a1")  # ids stable across runs


def to_annotations(report: Report) -> str:
    return json.dumps(to_annotation_collection(report), ensure_ascii=False, indent=2) + "\n"


def to_annotation_collection(report: Report) -> dict[str, Any]:
    doc = report.document
    created = report.created_at.isoformat() if report.created_at else None
    items = [_annotation(report, i, v, created, link) for i, (v, link)
             in enumerate(zip(report.verdicts, report_links(report), strict=True), 1)]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _id(doc.sha256, "collection"),
        "type": "AnnotationCollection",
        "label": f"Provenance report: {doc.origin}",
        "total": len(items),
        "generator": {"type": "Software", "name": f"provenance {__version__}"},
        "first": {"id": _id(doc.sha256, "page-1"), "type": "AnnotationPage",
                  "startIndex": 0, "items": items},
    }
    if created:
        collection["generated"] = created
    return collection


def _id(*parts: str) -> str:
    name = "\x1f".join(parts)
    return f"urn:uuid:{uuid.uuid5(_NS, name)}"


def _annotation(report: Report, number: int, v: Verdict, created: str | None,
                link: Links) -> dict[str, Any]:
    doc = report.document
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "assessing", "format": "text/plain",
         "language": "en", "value": f"{v.status.value}: {v.reason}"},
        {"type": "TextualBody", "purpose": "tagging", "value": v.status.value},
        *({"type": "TextualBody", "purpose": "tagging", "value": f.value} for f in v.flags),
    ]
    if v.quote.text and v.status is Status.ALTERED:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/plain",
                     "value": f"quoted as: {v.quote.text}"})
    if v.elsewhere and v.elsewhere.lower().startswith(("http://", "https://")):
        body.append({"id": v.elsewhere, "type": "Text", "purpose": "linking"})
    targets = [t for t in (_source_target(v, link), _document_target(report, v)) if t]
    annotation: dict[str, Any] = {
        "id": _id(doc.sha256, str(number), v.quote.text),
        "type": "Annotation",
        "motivation": "assessing",
        "body": body,
        "target": targets,
    }
    if created:
        annotation["created"] = created
    return annotation


def _source_target(v: Verdict, link: Links) -> dict[str, Any] | None:
    source = v.source
    snap = source.snapshot if source else None
    url = _page_url(v, snap)
    if url is None:
        return None
    target: dict[str, Any] = {"type": "SpecificResource", "source": url}
    if snap is not None:
        state: dict[str, Any] = {"type": "TimeState", "sourceDate": snap.fetched_at.isoformat()}
        if link.archive:
            state["cached"] = snap.final_url
        target["state"] = state
    if v.match is None or v.status in (Status.MISSING, Status.UNVERIFIED):
        return target
    selectors = _page_selectors(v, snap)
    if selectors:
        target["selector"] = selectors
    return target


def _page_url(v: Verdict, snap: Snapshot | None) -> str | None:
    citation = v.source.citation if v.source else v.quote.citation
    url = None
    if snap is not None:
        url = snap.url if snap.origin is Origin.ARCHIVE else snap.final_url
    url = url or (citation.url if citation else None)
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _page_selectors(v: Verdict, snap: Snapshot | None) -> list[dict[str, Any]]:
    assert v.match is not None
    passage = v.match.source_text
    text = page_text(snap) if snap is not None else None
    where = _locate(text, passage) if text else None
    if text is not None and where is not None:
        start, end = where
        return [_quote_selector(text, start, end), _position_selector(start, end)]
    # Not found in the page's own text: describe the passage by its words alone.
    searched = None
    if v.source and v.source.text:
        searched = v.source.text.full if v.match.outside_body else v.source.text.main
    span = v.match.span
    if searched and 0 <= span.start < span.end <= len(searched):
        return [_quote_selector(searched, span.start, span.end)]
    return [{"type": "TextQuoteSelector", "exact": passage}]


def page_text(snap: Snapshot) -> str | None:
    """The text of a capture's representation: an HTML body's text content, or plain text."""
    kind = snap.content_type.split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        try:
            tree = lxml_html.document_fromstring(snap.body)
        except (etree.ParserError, ValueError) as exc:
            log.info("cannot parse %s for positions: %s", snap.url, exc)
            return None
        body = tree.find("body")
        return (body if body is not None else tree).text_content()
    if kind == "text/plain":
        charset = re.search(r"charset=([\w-]+)", snap.content_type)
        try:
            return snap.body.decode(charset.group(1) if charset else "utf-8")
        except (LookupError, UnicodeDecodeError):
            return None
    return None


def _locate(text: str, passage: str) -> tuple[int, int] | None:
    """The passage in the page's text, allowing any white space between its words."""
    words = passage.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _quote_selector(text: str, start: int, end: int) -> dict[str, Any]:
    return {"type": "TextQuoteSelector", "exact": text[start:end],
            "prefix": text[max(0, start - AFFIX) : start], "suffix": text[end : end + AFFIX]}


def _position_selector(start: int, end: int) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": start, "end": end}


def _document_target(report: Report, v: Verdict) -> dict[str, Any]:
    doc = report.document
    span = v.quote.span
    target: dict[str, Any] = {"type": "SpecificResource", "source": _document_iri(report)}
    if 0 <= span.start < span.end <= len(doc.text):
        target["selector"] = [_quote_selector(doc.text, span.start, span.end),
                              _position_selector(span.start, span.end)]
    return target


def _document_iri(report: Report) -> str:
    doc = report.document
    if doc.origin.lower().startswith(("http://", "https://")):
        return doc.origin
    # A local file has no public address: name it by content (RFC 6920 named information).
    digest = base64.urlsafe_b64encode(bytes.fromhex(doc.sha256)).decode().rstrip("=")
    return f"ni:///sha-256;{digest}"

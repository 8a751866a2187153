"""Every cited work as CSL-JSON, as it was resolved: ready for Zotero, Pandoc or citeproc.

One item per cited work that a quotation rests on, in the order first cited: its title
(the citation's, else the page's own), the outlet as ``container-title``, the author (as a
literal name: splitting a name into family and given parts guesses wrong too often), the
date the document gives (else the page's own published date), the URL the work was found at,
and when the capture read was taken as ``accessed``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from provenance.model import Citation, Report, Source

__all__ = ["cited_works", "to_csl"]


def to_csl(report: Report) -> str:
    return json.dumps(cited_works(report), ensure_ascii=False, indent=2) + "\n"


def cited_works(report: Report) -> list[dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for v in report.verdicts:
        source = v.source
        citation = source.citation if source is not None else v.quote.citation
        if citation is None:
            continue
        key = citation.url or citation.key
        if key not in items:
            items[key] = _item(citation, source, len(items) + 1)
    return list(items.values())


def _item(c: Citation, source: Source | None, number: int) -> dict[str, Any]:
    text = source.text if source is not None else None
    snap = source.snapshot if source is not None else None
    item: dict[str, Any] = {"id": f"work-{number}",
                            "type": "article-newspaper" if c.outlet else "webpage"}
    title = c.title or (text.title if text else None)
    author = c.author or (text.author if text else None)
    issued = c.date or c.published or (text.date if text else None)
    if title:
        item["title"] = title
    if c.outlet:
        item["container-title"] = c.outlet
    if author:
        item["author"] = [{"literal": author}]
    if issued:
        item["issued"] = _date(issued)
    if c.url:
        item["URL"] = c.url
    if snap is not None:
        item["accessed"] = _date(snap.fetched_at.astimezone(dt.UTC).date())
    if c.language:
        item["language"] = c.language
    if not title and c.reference:
        item["note"] = c.reference  # the document's own words for a work it does not title
    return item


def _date(day: dt.date) -> dict[str, list[list[int]]]:
    return {"date-parts": [[day.year, day.month, day.day]]}

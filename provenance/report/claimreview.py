"""The report as schema.org ClaimReview (JSON-LD): one review per quotation that is not what
its document says it is.

A misquotation is a claim about who said what: the claim reviewed is the quotation as the
document gives it, made in the document (``appearance``) and credited to the person or outlet
the document names (``author``). The review's rating says what was found, in the words
fact-checkers publish (``alternateName``); our statuses map to them as follows:

================================== ====================================
verdict                             ``reviewRating.alternateName``
================================== ====================================
any status, flagged found-elsewhere "Misattributed"
altered                             "Altered quote"
missing                             "Not found in the cited source"
================================== ====================================

Found and unverified quotations get no review: there is nothing to correct in the first,
and nothing was established about the second. Each review links to its evidence: the cited
page as a ``WebPage`` whose ``archivedAt`` is the capture read (the archived copy's URL, or
the bundle's, when there is one) with the time it was taken and the body's SHA-256.
The output is a JSON array of self-contained ClaimReview objects (each may be embedded in
a page as it is); ``schema/claimreview.json`` is the JSON Schema they keep to.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from provenance.errors import ProvenanceError
from provenance.model import Flag, Report, Status, Verdict
from provenance.report.render import Links, report_links
from provenance.report.wording import utc
from provenance.version import __version__

__all__ = ["RATINGS", "claim_reviews", "rating_for", "to_claimreview", "validate_claimreview"]

CONTEXT = "https://schema.org"
MISATTRIBUTED = "Misattributed"
RATINGS = {Status.ALTERED: "Altered quote", Status.MISSING: "Not found in the cited source"}


def rating_for(v: Verdict) -> str | None:
    """The rating's ``alternateName`` for a verdict, or None when it gets no review."""
    if Flag.FOUND_ELSEWHERE in v.flags:
        return MISATTRIBUTED
    return RATINGS.get(v.status)


def to_claimreview(report: Report) -> str:
    return json.dumps(claim_reviews(report), ensure_ascii=False, indent=2) + "\n"


def claim_reviews(report: Report) -> list[dict[str, Any]]:
    return [_review(report, v, link)
            for v, link in zip(report.verdicts, report_links(report), strict=True)
            if rating_for(v) is not None]


def _review(report: Report, v: Verdict, link: Links) -> dict[str, Any]:
    doc = report.document
    appearance: dict[str, Any] = {"@type": "CreativeWork", "name": doc.origin,
                                  "identifier": f"sha256:{doc.sha256}"}
    if _web(doc.origin):
        appearance["url"] = doc.origin
    claim: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if credited := _credited(v):
        claim["author"] = credited
    rating = rating_for(v)
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": v.quote.text,
        "itemReviewed": claim,
        "reviewRating": {"@type": "Rating", "alternateName": rating,
                         "ratingExplanation": v.reason},
        "author": {"@type": "Organization", "name": f"provenance {__version__}"},
    }
    if report.created_at is not None:
        review["datePublished"] = report.created_at.date().isoformat()
    if evidence := _evidence(v, link):
        review["citation"] = evidence
    return review


def _credited(v: Verdict) -> dict[str, Any] | None:
    """Who the document says the words are from: the speaker a verb of saying names, else
    the cited work's author, else its outlet."""
    c = v.quote.citation
    if v.quote.speaker:
        return {"@type": "Person", "name": v.quote.speaker}
    if c is not None and c.author:
        return {"@type": "Person", "name": c.author}
    if c is not None and c.outlet:
        return {"@type": "Organization", "name": c.outlet}
    return None


def _evidence(v: Verdict, link: Links) -> list[dict[str, Any]]:
    """The cited page and the capture of it that was read; then, for a misattribution,
    where the words were found instead."""
    out: list[dict[str, Any]] = []
    snap = v.source.snapshot if v.source else None
    if link.original:
        page: dict[str, Any] = {"@type": "WebPage", "url": link.original}
        if snap is not None:
            capture: dict[str, Any] = {"@type": "WebPage", "dateCreated": link.version_date
                                       or utc(snap.fetched_at),
                                       "identifier": f"sha256:{snap.sha256}"}
            if link.version:
                capture["url"] = link.version
            page["archivedAt"] = capture
        out.append(page)
    if v.elsewhere and _web(v.elsewhere):
        out.append({"@type": "WebPage", "url": v.elsewhere,
                    "description": "where the quoted words were found instead"})
    return out


def _web(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


@cache
def json_schema() -> dict[str, Any]:
    text = (files("provenance") / "schema" / "claimreview.json").read_text("utf-8")
    return json.loads(text)


def validate_claimreview(data: Any) -> None:
    """Raise ProvenanceError naming the first place where ``data`` is not a list of
    ClaimReviews as ``schema/claimreview.json`` describes them."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(json_schema(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    error = best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise ProvenanceError(f"not a ClaimReview list: at {where}: {error.message}")

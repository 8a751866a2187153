"""ClaimReview: one schema.org review per quotation that is altered, missing or
misattributed; valid against the shipped JSON Schema, and JSON-LD that expands to
schema.org terms with nothing dropped."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from provenance.errors import ProvenanceError
from provenance.model import Flag, Report, Status
from provenance.report.claimreview import (
    claim_reviews,
    rating_for,
    to_claimreview,
    validate_claimreview,
)
from tests.unit.test_report_cases import WHEN, sample_report

SCHEMA_ORG = "https://schema.org/"
ARCHIVED = ("https://harbour-gazette.example/web/20260301000000/"
            "https://lighthouse-news.example/keepers")


def _with_misattribution() -> Report:
    """The sample report, its archived quote found instead in the column: misattributed."""
    report = sample_report()
    verdicts = list(report.verdicts)
    verdicts[4] = dataclasses.replace(
        verdicts[4], status=Status.MISSING, flags=(Flag.FOUND_ELSEWHERE,),
        reason="not in the cited page; in another source of the document",
        elsewhere="https://harbour-gazette.example/columns/tides")
    return dataclasses.replace(report, verdicts=tuple(verdicts))


@pytest.mark.parametrize(("status", "flags", "rating"), [
    (Status.ALTERED, (), "Altered quote"),
    (Status.MISSING, (), "Not found in the cited source"),
    (Status.MISSING, (Flag.FOUND_ELSEWHERE,), "Misattributed"),
    (Status.FOUND, (Flag.FOUND_ELSEWHERE,), "Misattributed"),
    (Status.FOUND, (), None),
    (Status.FOUND, (Flag.ELIDED,), None),
    (Status.UNVERIFIED, (), None),
])
def test_rating_mapping(status: Status, flags: tuple[Flag, ...], rating: str | None) -> None:
    v = dataclasses.replace(sample_report().verdicts[0], status=status, flags=flags)
    assert rating_for(v) == rating


def test_one_review_per_quotation_to_correct() -> None:
    report = _with_misattribution()
    reviews = json.loads(to_claimreview(report))
    validate_claimreview(reviews)
    assert [r["reviewRating"]["alternateName"] for r in reviews] == [
        "Altered quote", "Not found in the cited source", "Misattributed"]
    altered, missing, misattributed = reviews
    assert altered["claimReviewed"] == report.verdicts[1].quote.text
    assert altered["itemReviewed"]["author"] == {"@type": "Organization",
                                                 "name": "Harbour Gazette"}
    assert altered["itemReviewed"]["appearance"]["identifier"] == \
        f"sha256:{report.document.sha256}"
    assert altered["reviewRating"]["ratingExplanation"] == report.verdicts[1].reason
    assert altered["datePublished"] == WHEN.date().isoformat()
    page = altered["citation"][0]
    assert page["url"] == "https://harbour-gazette.example/2026/03/quay-stays-open"
    assert page["archivedAt"]["dateCreated"] == "2026-03-14T09:30:00Z"
    assert page["archivedAt"]["identifier"] == \
        f"sha256:{report.verdicts[1].source.snapshot.sha256}"
    assert "url" not in page["archivedAt"]  # a live capture: no archived copy's URL
    assert "author" not in missing["itemReviewed"]  # the column names nobody
    # The misattributed quote: its capture is an archived copy, and where it was found.
    assert misattributed["citation"][0]["archivedAt"]["url"] == ARCHIVED
    assert misattributed["citation"][1]["url"] == \
        "https://harbour-gazette.example/columns/tides"


def test_the_schema_rejects_what_is_not_a_review() -> None:
    good = claim_reviews(sample_report())
    validate_claimreview(good)
    for broken in ({**good[0], "claimReviewed": ""},
                   {**good[0], "reviewRating": {"@type": "Rating", "alternateName": "False"}},
                   {k: v for k, v in good[0].items() if k != "itemReviewed"},
                   {**good[0], "@context": "http://example.org"}):
        with pytest.raises(ProvenanceError, match="not a ClaimReview"):
            validate_claimreview([broken])


def test_json_ld_expands_to_schema_org_terms() -> None:
    """Expanded with pyld. The schema.org context is not fetched (tests stay on loopback):
    a stand-in maps every term into the schema.org vocabulary (@vocab), as the real
    context does; expansion drops any key that maps to no IRI, so a typo would vanish."""
    jsonld = pytest.importorskip("pyld.jsonld")

    def loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
        assert url.rstrip("/") == "https://schema.org", url
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": SCHEMA_ORG}}}

    reviews = claim_reviews(_with_misattribution())
    for review in reviews:
        expanded = jsonld.expand(review, {"documentLoader": loader})
        assert len(expanded) == 1
        node = expanded[0]
        assert node["@type"] == [SCHEMA_ORG + "ClaimReview"]
        assert set(node) == {"@type", *(SCHEMA_ORG + k for k in review if not
                                        k.startswith("@"))}
        claim = node[SCHEMA_ORG + "itemReviewed"][0]
        assert claim["@type"] == [SCHEMA_ORG + "Claim"]
        assert node[SCHEMA_ORG + "claimReviewed"][0]["@value"] == review["claimReviewed"]
        rating = node[SCHEMA_ORG + "reviewRating"][0]
        assert rating[SCHEMA_ORG + "alternateName"][0]["@value"] == \
            review["reviewRating"]["alternateName"]

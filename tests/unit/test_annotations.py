"""W3C Web Annotations: one per quotation, targeting the page passage and the quote."""

from __future__ import annotations

import json

import pytest

from provenance.model import Status
from provenance.report.annotations import CONTEXT, page_text, to_annotations
from tests.unit.test_report_cases import hostile_site, sample_report


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(to_annotations(sample_report()))


def test_collection_holds_one_annotation_per_quotation(collection: dict) -> None:
    assert collection["@context"] == CONTEXT == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(sample_report().verdicts)
    assert all(a["type"] == "Annotation" and a["motivation"] == "assessing" for a in items)
    assert len({a["id"] for a in items}) == len(items)
    assert all(a["id"].startswith("urn:uuid:") for a in items)


def test_ids_are_stable_across_runs(collection: dict) -> None:
    assert json.loads(to_annotations(sample_report())) == collection


def test_body_carries_the_verdict(collection: dict) -> None:
    first = collection["first"]["items"][0]["body"]
    assert first[0]["purpose"] == "assessing" and first[0]["value"].startswith("found: ")
    assert {"purpose": "tagging", "type": "TextualBody", "value": "found"} in first


def test_found_quote_targets_the_passage_in_the_page_text(collection: dict) -> None:
    report = sample_report()
    verdict = report.verdicts[0]
    target = collection["first"]["items"][0]["target"][0]
    assert target["source"] == verdict.source.snapshot.final_url
    assert target["state"] == {"type": "TimeState", "sourceDate": "2026-03-14T09:30:00+00:00"}
    quote, position = target["selector"]
    assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
    text = page_text(verdict.source.snapshot)
    assert text[position["start"] : position["end"]] == quote["exact"] == verdict.match.source_text
    assert text[: position["start"]].endswith(quote["prefix"]) and quote["prefix"]
    assert text[position["end"] :].startswith(quote["suffix"]) and quote["suffix"]


def test_passage_across_paragraphs_is_found_across_the_markup(collection: dict) -> None:
    target = collection["first"]["items"][1]["target"][0]
    quote, position = target["selector"]
    assert quote["exact"].startswith("The council has not yet")
    assert quote["exact"].endswith("tide tables are published")
    assert position["end"] - position["start"] == len(quote["exact"])


def test_archived_capture_names_the_original_page_and_the_cached_copy(collection: dict) -> None:
    target = collection["first"]["items"][4]["target"][0]
    assert target["source"] == "https://lighthouse-news.example/keepers"
    assert target["state"]["cached"].startswith("https://harbour-gazette.example/web/")


def test_missing_and_unverified_have_no_passage_selector(collection: dict) -> None:
    report = sample_report()
    items = collection["first"]["items"]
    for v, a in zip(report.verdicts, items, strict=True):
        page_targets = [t for t in a["target"] if t["source"].startswith("http")]
        if v.status in (Status.MISSING, Status.UNVERIFIED):
            assert all("selector" not in t for t in page_targets)
    assert len(items[5]["target"]) == 1  # no URL: only the quote in the document


def test_second_target_is_the_quote_in_the_document(collection: dict) -> None:
    report = sample_report()
    for v, a in zip(report.verdicts, collection["first"]["items"], strict=True):
        doc_target = a["target"][-1]
        assert doc_target["source"].startswith("ni:///sha-256;")
        quote, position = doc_target["selector"]
        assert quote["exact"] == v.quote.text
        assert report.document.text[position["start"] : position["end"]] == v.quote.text


def test_hostile_annotations_are_plain_json_with_the_text_intact() -> None:
    data = json.loads(to_annotations(hostile_site()[1]))
    exacts = [s["exact"] for a in data["first"]["items"] for t in a["target"]
              for s in t.get("selector", []) if s["type"] == "TextQuoteSelector"]
    assert any("<script>window.__pwned='q1'</script>" in e for e in exacts)
    sources = [t["source"] for a in data["first"]["items"] for t in a["target"]]
    assert not any(s.startswith("javascript") for s in sources)

"""The JSON report: schema provenance-report/1, validated against the shipped JSON Schema,
with a manifest that names every capture the verdicts rest on."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from provenance.errors import ProvenanceError
from provenance.model import Flag, Status
from provenance.report.formats import FORMATS
from provenance.report.markdown import to_markdown
from provenance.report.render import (
    SCHEMA,
    json_schema,
    needs_attention,
    to_dict,
    to_json,
    validate,
)
from tests.unit.test_report_cases import hostile_site, sample_report


@pytest.fixture(scope="module")
def sample() -> dict:
    return json.loads(to_json(sample_report()))


def test_every_report_built_here_validates(sample: dict) -> None:
    validate(sample)
    validate(json.loads(to_json(hostile_site()[1])))


def test_schema_is_shipped_with_the_package() -> None:
    schema = json_schema()
    assert schema["properties"]["schema"]["const"] == SCHEMA
    assert schema["$schema"].endswith("2020-12/schema")


def test_keys_of_schema_1_are_kept(sample: dict) -> None:
    assert sample["schema"] == "provenance-report/1"
    assert {"schema", "tool", "created_at", "document", "summary", "verdicts", "others",
            "manifest"} <= sample.keys()
    assert {"quote", "citation", "status", "reason", "flags", "match", "snapshot",
            "elsewhere"} <= sample["verdicts"][0].keys()


@pytest.mark.parametrize(("path", "value"), [
    (("verdicts", 0, "status"), "fine"),
    (("verdicts", 0, "match", "score"), 140),
    (("verdicts", 0, "snapshot", "sha256"), "not-a-digest"),
    (("summary", "found"), -1),
    (("schema",), "provenance-report/2"),
    (("verdicts", 0, "links", "live"), "javascript:alert(1)"),
    (("created_at",), "yesterday"),
])
def test_schema_rejects_what_is_wrong(sample: dict, path: tuple, value: object) -> None:
    data = copy.deepcopy(sample)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(ProvenanceError, match="/".join(str(p) for p in path) or "top"):
        validate(data)


def test_schema_rejects_a_missing_key(sample: dict) -> None:
    data = copy.deepcopy(sample)
    del data["verdicts"][1]["reason"]
    with pytest.raises(ProvenanceError, match="reason"):
        validate(data)


def test_manifest_lists_every_capture_once_with_time_and_digest(sample: dict) -> None:
    report = sample_report()
    manifest = sample["manifest"]
    snaps = {(v.source.snapshot.url, v.source.snapshot.sha256)
             for v in report.verdicts if v.source and v.source.snapshot}
    got = {(c["url"], c["sha256"]) for c in manifest["captures"]}
    assert got == snaps and len(manifest["captures"]) == len(snaps) == 3
    assert all(c["fetched_at"] == "2026-03-14T09:30:00+00:00" for c in manifest["captures"])
    archive = [c for c in manifest["captures"] if c["origin"] == "archive"]
    assert archive[0]["final_url"].startswith("https://harbour-gazette.example/web/")
    assert manifest["settings"] == {"offline": "False", "missing_below": "75.0"}
    assert manifest["tool"]["version"] == sample["tool"]["version"]
    assert manifest["document"]["sha256"] == report.document.sha256


def test_links_per_verdict(sample: dict) -> None:
    links = [v["links"] for v in sample["verdicts"]]
    assert links[0]["live"].endswith("#:~:text=" + links[0]["text_fragment"])
    assert links[1]["text_fragment"] == "The%20council%20has%20not,tide%20tables%20are%20published"
    assert links[3]["text_fragment"] is None  # missing: there is no passage to open at
    assert links[4]["archive"] and links[4]["live"].startswith("https://lighthouse-news.example")
    assert links[5] == {"live": None, "archive": None, "text_fragment": None,
                        "original": None, "version": None, "version_date": None}


def test_hostile_urls_never_become_links() -> None:
    data = json.loads(to_json(hostile_site()[1]))
    for v in data["verdicts"]:
        for url in v["links"].values():
            assert url is None or not url.startswith("javascript")


def test_markdown_escapes_markup_and_links_the_passage() -> None:
    md = to_markdown(hostile_site()[1])
    assert "<script>" not in md and "\\<script\\>" in md
    sample_md = to_markdown(sample_report())
    assert "**Open at the passage:** <https://harbour-gazette.example/2026/03/quay-stays-open" \
           "#:~:text=the%20harbour" in sample_md
    assert "**Archived copy:**" in sample_md


def test_a_found_quote_that_needs_a_look_is_not_ticked_in_markdown() -> None:
    report = sample_report()
    found = next(i for i, v in enumerate(report.verdicts) if v.status is Status.FOUND)
    flagged = replace(report.verdicts[found],
                      flags=(*report.verdicts[found].flags, Flag.SPEAKER_MISMATCH))
    verdicts = (*report.verdicts[:found], flagged, *report.verdicts[found + 1:])
    heads = [line for line in to_markdown(replace(report, verdicts=verdicts)).splitlines()
             if line.startswith("## ")]
    assert heads[found].startswith(f"## {found + 1}. ⚠ found:")
    assert all(not h.startswith(f"## {i + 1}. ⚠") for i, h in enumerate(heads) if i != found)
    assert not needs_attention(Status.FOUND, (Flag.ELIDED,))
    assert needs_attention(Status.FOUND, (Flag.ELIDED, Flag.NEGATED_CONTEXT))
    assert needs_attention(Status.MISSING, ())


def test_formats_are_registered() -> None:
    assert {"md", "json", "html", "annotations"} <= FORMATS.keys()
    for name, (suffix, render) in FORMATS.items():
        assert suffix.startswith(".") and render(sample_report()).strip(), name


def test_report_without_verdicts_is_valid() -> None:
    from dataclasses import replace
    empty = replace(sample_report(), verdicts=(), others=())
    validate(to_dict(empty))
    assert "No quotations to check" in FORMATS["html"][1](empty)


def test_the_streamed_json_report_is_the_same_text() -> None:
    import io

    from provenance.report.render import to_json, write_json

    for report in (sample_report(), replace(sample_report(), verdicts=())):
        stream = io.StringIO()
        write_json(report, stream)
        assert stream.getvalue() == to_json(report)
        assert json.loads(stream.getvalue())["summary"] == report.summary

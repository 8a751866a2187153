"""Robust Links (robustlinks.mementoweb.org/spec): every cited page's link in the reports
carries the original URL, the snapshot read when it was an archived copy, and when the
capture was taken."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from provenance.report.html import to_html
from provenance.report.markdown import to_markdown
from provenance.report.render import to_json, validate
from tests.unit.test_report_cases import WHEN, sample_report

TAKEN = WHEN.strftime("%Y-%m-%dT%H:%M:%SZ")
ARCHIVED = ("https://harbour-gazette.example/web/20260301000000/"
            "https://lighthouse-news.example/keepers")


def _robust_anchors(page: str) -> dict[str, list[dict[str, str | None]]]:
    """Per card id, the attributes of each link that carries data-originalurl."""
    tree = lxml_html.fromstring(page)
    return {card.get("id"): [{k: a.get(k) for k in ("href", "data-originalurl",
                                                    "data-versionurl", "data-versiondate")}
                             for a in card.iterfind(".//a[@data-originalurl]")]
            for card in tree.iterfind(".//main/article")}


def test_every_link_to_a_read_page_is_a_robust_link() -> None:
    anchors = _robust_anchors(to_html(sample_report()))
    # Every card whose cited page was captured links to it robustly; the unverified one
    # (no URL, no capture) has none.
    assert sorted(k for k, v in anchors.items() if v) == ["q1", "q2", "q3", "q4", "q5"]
    assert anchors["q6"] == []
    for card, links in anchors.items():
        for a in links:
            assert a["data-versiondate"] == TAKEN, card
    q1 = anchors["q1"]
    assert {a["data-originalurl"] for a in q1} == {
        "https://harbour-gazette.example/2026/03/quay-stays-open"}
    assert all(a["data-versionurl"] is None for a in q1)  # a live capture: no snapshot URL
    # Read from an archive: the original is the page cited, the version its archived copy.
    q5 = anchors["q5"]
    assert {a["data-originalurl"] for a in q5} == {"https://lighthouse-news.example/keepers"}
    assert {a["data-versionurl"] for a in q5} == {ARCHIVED}
    assert any(a["href"].startswith(ARCHIVED) for a in q5)


def test_markdown_and_json_carry_the_same_robust_link() -> None:
    report = sample_report()
    md = to_markdown(report)
    assert (f"- **Robust Link:** original <https://lighthouse-news.example/keepers> · "
            f"version <{ARCHIVED}> · captured {TAKEN}") in md
    assert (f"- **Robust Link:** original <https://harbour-gazette.example/columns/tides> · "
            f"captured {TAKEN}") in md
    assert md.count("**Robust Link:**") == 5
    data = json.loads(to_json(report))
    validate(data)
    links = [v["links"] for v in data["verdicts"]]
    assert [x["version_date"] for x in links] == [TAKEN] * 5 + [None]
    assert links[4]["original"] == "https://lighthouse-news.example/keepers"
    assert links[4]["version"] == ARCHIVED
    assert links[5]["original"] is None

"""The Markdown and HTML reports read well: the closest passage of a missing quote, labels in
plain words, times to the second, links in excerpts as their words, controls made visible."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from lxml import html as lxml_html

from provenance.model import Span, Status
from provenance.report.html import to_html
from provenance.report.markdown import to_markdown
from tests.unit.test_report_cases import sample_report

RLO = "\u202e"


def _card(page: str, number: int):  # type: ignore[no-untyped-def]
    return lxml_html.fromstring(page).get_element_by_id(f"q{number}")


def test_a_missing_quote_shows_its_closest_passage_and_score() -> None:
    report = sample_report()
    missing = next(v for v in report.verdicts if v.status is Status.MISSING)
    closest = "the mayor sold the old pier"
    verdict = dataclasses.replace(missing, match=dataclasses.replace(
        missing.match, score=47.4, source_text=closest))
    report = dataclasses.replace(report, verdicts=(verdict,))
    assert f"- **Closest passage** (scores 47 of 100): “{closest}”" in to_markdown(report)
    card = _card(to_html(report), 1)
    (shown,) = card.xpath(".//p[contains(@class, 'closest')]")
    assert shown.text_content() == closest
    assert "scores 47 of 100" in card.text_content()
    assert not card.xpath(".//del | .//ins")  # no word diff against an unrelated passage


def test_labels_are_plain_words() -> None:
    report = sample_report()
    page = to_html(report)
    md = to_markdown(report)
    said = {n: " ".join(_card(page, n).xpath(".//p[@class='cited']")[0].text_content().split())
            for n in (1, 4, 5)}
    assert said == {
        1: "named in the text: Harbour Gazette, “The quay stays open”, 2026-03-12",
        4: "cited by link",
        5: "cited in footnote 3",
    }
    assert "- Cited by link: <https://harbour-gazette.example/columns/tides>" in md
    assert "- Cited in footnote 3: <https://lighthouse-news.example/keepers>" in md
    assert "- Named in the text: Harbour Gazette, “The quay stays open”, 2026-03-12; found " \
           "at <https://harbour-gazette.example/2026/03/quay-stays-open>" in md
    text = lxml_html.fromstring(page).text_content()
    for code in ("cited as", "linked by", "url given", "narrative:", "url:"):
        assert code not in text and code not in md, code
    # What the document itself says of the work is still there, as its words.
    assert "the Harbour Gazette editorialized on 12 March" in _card(page, 1).text_content()


def test_times_are_to_the_second_in_utc_with_a_z() -> None:
    report = sample_report()
    when = dt.datetime(2026, 3, 14, 10, 30, 5, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    verdicts = tuple(
        dataclasses.replace(v, source=dataclasses.replace(
            v.source, snapshot=dataclasses.replace(v.source.snapshot, fetched_at=when)))
        if v.source and v.source.snapshot else v for v in report.verdicts)
    report = dataclasses.replace(report, verdicts=verdicts, created_at=when)
    md, page = to_markdown(report), to_html(report)
    tree = lxml_html.fromstring(page)
    shown = tree.text_content()
    assert "**Capture:** 2026-03-14T09:30:05Z · HTTP 200" in md
    assert [t.text_content() for t in tree.xpath("//time")] == ["2026-03-14T09:30:05Z"] * len(
        tree.xpath("//time"))
    assert len(tree.xpath("//time")) == 1 + 5 + 3  # the run, 5 cards' captures, 3 captures
    for text in (md, shown):
        assert ".123456" not in text and "+01:00" not in text and "+00:00" not in text
    # Machines still get the exact time.
    assert tree.xpath("//time/@datetime")[0] == when.isoformat()


def test_markdown_links_in_excerpts_read_as_their_words() -> None:
    report = sample_report()
    first = report.verdicts[0]
    doc = report.document.text
    q = first.quote
    linked = (doc[: q.span.start - 1] + "[“" + q.text + "”](https://harbour-gazette.example/"
              "2026/03/quay-stays-open) as [the Courier](https://courier.example/a) put it"
              + doc[q.span.end + 1 :])
    start = q.span.start + 1
    quote = dataclasses.replace(q, span=Span(start, start + len(q.text)),
                                text=q.text + " [in full](https://courier.example/b)")
    quote = dataclasses.replace(quote, span=Span(start, start + len(q.text)))
    report = dataclasses.replace(report, document=dataclasses.replace(report.document,
                                                                      text=linked),
                                 verdicts=(dataclasses.replace(first, quote=quote),))
    card = _card(to_html(report), 1)
    (context,) = card.xpath(".//p[@class='context']")
    words = context.text_content()
    assert "](" not in words and "[“" not in words
    assert "as the Courier put it" in words
    assert context.xpath(".//a[@href='https://courier.example/a']")[0].text_content() == \
        "the Courier"
    (quoted,) = card.xpath(".//blockquote")
    assert quoted.text_content().endswith(" in full") and "](" not in quoted.text_content()
    md = to_markdown(report)
    assert "> the harbour will stay open to every fishing boat that pays its dues " \
           "[in full](<https://courier.example/b>)" in md


def test_control_characters_are_visible_and_bidi_controls_isolated() -> None:
    report = sample_report()
    first = report.verdicts[0]
    text = f"the harbour {RLO}will stay open\x1b[2J to every fishing boat"
    quote = dataclasses.replace(first.quote, text=text)
    verdict = dataclasses.replace(first, quote=quote, reason=f"found {RLO}verbatim\x07")
    report = dataclasses.replace(report, verdicts=(verdict,))
    md = to_markdown(report)
    assert RLO not in md and "\x1b" not in md and "\x07" not in md
    assert r"> the harbour \\u202ewill stay open\\u001b\[2J to every fishing boat" in md
    assert r"**Reason:** found \\u202everbatim\\u0007" in md

    page = to_html(report)
    assert "\x1b" not in page and "\x07" not in page
    card = _card(page, 1)
    (quoted,) = card.xpath(".//blockquote")
    # The override stays inside the quote's own isolate, after a mark naming it.
    (isolate,) = quoted.xpath("./bdi")
    marks = isolate.xpath("./bdi[@class='ctl']")
    assert [m.text for m in marks] == ["\\u202e", "\\u001b"]
    assert marks[0].get("title") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert isolate.text_content().count(RLO) == 1
    # Every piece of untrusted text in the card is an isolate of its own.
    (reason,) = card.xpath(".//p[@class='reason']")
    assert [c.tag for c in reason] == ["bdi"] and RLO in reason[0].text_content()
    raw = re.search(r'<blockquote class="quote"[^>]*>(.*?)</blockquote>', page, re.S).group(1)
    assert raw.startswith("<bdi>") and raw.endswith("</bdi>")


def test_a_markdown_link_to_a_script_stays_words() -> None:
    report = sample_report()
    first = report.verdicts[0]
    q = first.quote
    text = q.text + " [click](javascript:alert%281%29) [x](data:text/html,hi)"
    quote = dataclasses.replace(q, text=text)
    report = dataclasses.replace(report, verdicts=(dataclasses.replace(first, quote=quote),))
    card = _card(to_html(report), 1)
    assert not card.xpath(".//a[starts-with(@href, 'javascript') or starts-with(@href, 'data')]")
    assert card.xpath(".//blockquote")[0].text_content().endswith(" click x")
    md = to_markdown(report)
    assert md.count("> the harbour will stay open to every fishing boat that pays its dues "
                    "click x\n") == 1

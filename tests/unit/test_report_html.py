"""The HTML report: self-contained, escaped, filterable without scripts."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from provenance.report.formats import FORMATS
from provenance.report.html import to_html
from tests.unit.test_report_cases import hostile_site, sample_report


@pytest.fixture(scope="module")
def sample_page() -> str:
    return to_html(sample_report())


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return to_html(hostile_site()[1])


def _csp(page: str) -> str:
    tree = lxml_html.fromstring(page)
    (meta,) = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    return meta.get("content")


def test_html_is_a_registered_format() -> None:
    suffix, render = FORMATS["html"]
    assert suffix == ".html" and render(sample_report()).startswith("<!DOCTYPE html>")


def test_one_card_per_quotation_with_its_status(sample_page: str) -> None:
    tree = lxml_html.fromstring(sample_page)
    cards = tree.xpath("//main/article")
    assert [c.get("data-status") for c in cards] == [
        v.status.value for v in sample_report().verdicts]
    # A card needs attention unless found with nothing to look at (an ellipsis is no worry).
    for c, v in zip(cards, sample_report().verdicts, strict=True):
        attention = v.status.value != "found" or any(f.value != "elided" for f in v.flags)
        assert c.get("class") == f"card {v.status.value}" + (" attention" if attention else "")


def test_summary_counts_and_filter_labels(sample_page: str) -> None:
    tree = lxml_html.fromstring(sample_page)
    labels = [" ".join(label.text_content().split()) for label in tree.xpath("//nav//label")]
    assert labels == ["all (6)", "needs attention (3)", "found (3)", "altered (1)",
                      "missing (1)", "unverified (1)"]
    bars = tree.xpath("//svg//rect")
    widths = {r.get("class"): int(r.get("width")) for r in bars}
    assert widths["bar-altered"] > 0
    assert abs(widths["bar-found"] - 3 * widths["bar-altered"]) <= 2  # rounded to units


def test_style_is_allowed_by_hash_and_nothing_else(sample_page: str) -> None:
    csp = _csp(sample_page)
    assert "default-src 'none'" in csp and "script-src 'none'" in csp
    assert "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", sample_page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_self_contained_no_resource_is_loaded(sample_page: str) -> None:
    tree = lxml_html.fromstring(sample_page)
    assert not tree.xpath("//script | //link | //img | //iframe | //object | //*[@src]")
    assert "@import" not in sample_page and "url(" not in sample_page


def test_altered_passage_marks_what_the_quote_changed(sample_page: str) -> None:
    tree = lxml_html.fromstring(sample_page)
    card = tree.get_element_by_id("q2")
    assert [d.text_content() for d in card.xpath(".//p[@class='passage']/del")] == [
        "The", "not yet"]
    assert [i.text_content() for i in card.xpath(".//p[@class='passage']/ins")] == [
        "the", "never", "new"]
    assert card.xpath(".//table[@class='edits']//td[text()='critical']")


def test_elided_words_have_their_own_style(sample_page: str) -> None:
    card = lxml_html.fromstring(sample_page).get_element_by_id("q3")
    (elided,) = card.xpath(".//p[@class='passage']/span[@class='elided']")
    assert elided.text_content() == ", which funds the lighthouse keepers,"
    assert not card.xpath(".//del | .//ins")


def test_found_quote_links_to_the_passage_and_missing_does_not(sample_page: str) -> None:
    tree = lxml_html.fromstring(sample_page)
    live = tree.get_element_by_id("q1").xpath(".//a[@class='live']")[0].get("href")
    assert live.endswith("#:~:text=the%20harbour%20will%20stay%20open%20to%20every%20"
                         "fishing%20boat%20that%20pays%20its%20dues")
    missing = tree.get_element_by_id("q4").xpath(".//a[@class='live']")[0]
    assert ":~:" not in missing.get("href") and missing.text_content() == "Open the page"
    archive = tree.get_element_by_id("q5").xpath(".//a[@class='archive']")[0].get("href")
    assert "/web/20260301000000/" in archive and ":~:text=" in archive
    assert not tree.get_element_by_id("q6").xpath(".//a[@class='live']")


def test_print_stylesheet_shows_every_card(sample_page: str) -> None:
    print_rules = sample_page.split("@media print", 1)[1]
    assert "display: block !important" in print_rules and "nav.filters" in print_rules


def test_hostile_text_is_escaped_everywhere(hostile_page: str) -> None:
    tree = lxml_html.fromstring(hostile_page)
    assert not tree.xpath("//script | //img | //iframe | //svg//*[@onload] | //b | //u")
    assert not tree.xpath("//*[@*[starts-with(name(), 'on')]]")
    hrefs = [a.get("href") for a in tree.xpath("//a[@href]")]
    assert all(h.startswith(("#", "https://")) for h in hrefs), hrefs
    text = tree.text_content()
    for literal in ("<script>window.__pwned='q1'</script>", "onerror=\"window.__pwned='q2'\"",
                    "javascript:window.__pwned='url'", "</p></blockquote><div class=\"x\" <b>",
                    "<script>window.__pwned='manifest'</script>"):
        assert literal in text


def test_hostile_document_origin_cannot_break_out_of_the_title(hostile_page: str) -> None:
    tree = lxml_html.fromstring(hostile_page)
    assert tree.findtext(".//title").startswith("Provenance report: hostile\"><script>")


def test_flags_are_explained(sample_page: str) -> None:
    card = lxml_html.fromstring(sample_page).get_element_by_id("q3")
    (flag,) = card.xpath(".//ul[@class='flags']/li")
    assert flag.text_content().startswith("elided the quote leaves words out at an ellipsis")


def test_a_card_names_who_the_document_says_spoke() -> None:
    report = sample_report()
    said = dataclasses.replace(report.verdicts[0],
                               quote=dataclasses.replace(report.verdicts[0].quote,
                                                         speaker="Jane <b>Roe</b>"))
    page = to_html(dataclasses.replace(report, verdicts=(said, *report.verdicts[1:])))
    meta = lxml_html.fromstring(page).get_element_by_id("q1").xpath(".//header/span")[0]
    assert meta.text_content().endswith("· said by Jane <b>Roe</b>")  # escaped, as text
    assert "· said by" not in lxml_html.fromstring(page).get_element_by_id("q2").text_content()


def test_repeated_quote_lists_its_other_lines() -> None:
    from provenance.model import Span

    report = sample_report()
    first = report.verdicts[0]
    later = report.document.text.index("The columnist")
    quote = dataclasses.replace(first.quote, locations=(first.quote.span,
                                                        Span(later, later + 5)))
    report = dataclasses.replace(report, verdicts=(dataclasses.replace(first, quote=quote),))
    meta = lxml_html.fromstring(to_html(report)).get_element_by_id("q1").xpath(
        ".//span[@class='meta']")[0].text_content()
    assert "line 3, column 25 (also on line 6)" in meta


def test_candidates_considered_are_listed(sample_page: str, hostile_page: str) -> None:
    card = lxml_html.fromstring(sample_page).get_element_by_id("q1")
    assert card.xpath(".//a[@href='https://harbour-gazette.example/2026/03/quay-question']")
    hostile = lxml_html.fromstring(hostile_page).get_element_by_id("q1")
    codes = [c.text_content() for c in hostile.xpath(".//ul[@class='steps']//code")]
    assert "javascript:window.__pwned='candidate'" in codes
    (link,) = hostile.xpath(".//ul[@class='steps']//a")
    assert link.get("href") == "https://hostile.example/a\"onmouseover=\"window.__pwned=1"
    assert link.get("onmouseover") is None


_PIECES = (*"<>&\"'=/ ;:()`{}-!?abc", "<script>", "</script>", " onerror=", "javascript:",
           "<!--", "]]>", "\u2028", "\x00", "<img src=x ", "</textarea>", "<style>", "&amp;",
           "&lt;", "\r\n", "\u202e", "\u2066", "\x07", "\x1b[31m", "\x85")
_markup = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=20).map("".join)


@settings(max_examples=60, deadline=None)
@given(quote=_markup, reason=_markup, url_tail=_markup)
def test_any_text_comes_out_as_the_same_text(quote: str, reason: str, url_tail: str) -> None:
    """Whatever the quote, reason and URL hold, the page has no element or attribute they
    made, and a reader sees exactly their text."""
    import dataclasses

    from provenance.model import Span

    report = sample_report()
    first = report.verdicts[-1]  # unverified: quote, reason, citation URL, nothing else
    q = dataclasses.replace(first.quote, text=quote, span=Span(0, 0), locations=())
    citation = dataclasses.replace(first.quote.citation, url="https://x.example/" + url_tail)
    q = dataclasses.replace(q, citation=citation)
    verdict = dataclasses.replace(first, quote=q, reason=reason, source=None)
    page = to_html(dataclasses.replace(report, verdicts=(verdict,), others=()))
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//script | //img | //textarea | //*[@*[starts-with(name(), 'on')]]")
    assert len(tree.xpath("//style")) == 1
    card = tree.get_element_by_id("q1")
    # The HTML parser turns CR LF into LF, as browsers do; a control character is shown
    # as its escape, and a bidi control also stays, after its escape.
    shown = card.xpath(".//blockquote")[0].text_content()
    assert shown == _as_parsed(quote)
    assert card.xpath(".//p[@class='reason']")[0].text_content() == _as_parsed(reason)


def _as_parsed(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for ch, seen in (("\x00", "\\u0000"), ("\x07", "\\u0007"), ("\x1b", "\\u001b"),
                     ("\x85", "\\u0085"), ("\u202e", "\\u202e\u202e"),
                     ("\u2066", "\\u2066\u2066")):
        text = text.replace(ch, seen)
    return text


def test_a_term_seen_in_a_source_links_to_it() -> None:
    report = sample_report()
    (term,) = report.others
    url = "https://harbour-gazette.example/editorial"
    page = to_html(dataclasses.replace(report, term_sources=((term.span, url),)))
    (item,) = lxml_html.fromstring(page).xpath("//section[@class='others']//li")
    assert item.xpath(".//a/@href") == [url]
    assert "its words stand in" in item.text_content()
    # An address that is no web page is shown, never linked.
    page = to_html(dataclasses.replace(report, term_sources=((term.span, "javascript:x()"),)))
    (item,) = lxml_html.fromstring(page).xpath("//section[@class='others']//li")
    assert item.xpath(".//a") == [] and "javascript:x()" in item.text_content()

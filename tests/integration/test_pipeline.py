"""The whole pipeline against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.fetcher import open_fetcher
from provenance.document import parse_document
from provenance.model import Flag, Report, Status
from provenance.pipeline import verify
from provenance.report.markdown import to_markdown
from provenance.report.render import to_dict
from provenance.settings import Settings
from tests.integration.runs import cite, run
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)


def only(report: Report) -> tuple[Status, str]:
    assert len(report.verdicts) == 1, report.verdicts
    v = report.verdicts[0]
    return v.status, v.reason


def test_verbatim_quote_is_found(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    report = run(cite("The expansion will be paid for by shipping fees, not by taxpayers",
                      httpserver.url_for("/a")), settings)
    status, _ = only(report)
    assert status is Status.FOUND
    assert report.verdicts[0].source.snapshot.status == 200


def test_changed_number_is_altered_with_the_edit(httpserver: HTTPServer,
                                                 settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    report = run(cite("a deep-water quay that is expected to cost 40 million crowns",
                      httpserver.url_for("/a")), settings)
    status, reason = only(report)
    assert status is Status.ALTERED
    assert "40" in reason and "48" in reason
    edits = report.verdicts[0].match.edits
    assert [(e.quote, e.source) for e in edits] == [("40", "48")]


def test_absent_quote_is_missing(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    report = run(cite("the fishermen were never consulted about any of this",
                      httpserver.url_for("/a")), settings)
    assert only(report)[0] is Status.MISSING


def test_503_is_retried_then_found(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/a").respond_with_data(PAGE, content_type="text/html")
    report = run(cite("shipping fees, not by taxpayers", httpserver.url_for("/a")), settings)
    assert only(report)[0] is Status.FOUND
    assert len(httpserver.log) == 2


def test_404_is_not_retried_and_unverified(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/gone").respond_with_data("no such page", status=404)
    report = run(cite("shipping fees, not by taxpayers", httpserver.url_for("/gone")), settings)
    status, reason = only(report)
    assert status is Status.UNVERIFIED
    assert "404" in reason
    assert len(httpserver.log) == 1


def test_offline_rerun_makes_no_request(httpserver: HTTPServer, settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    doc = cite("shipping fees, not by taxpayers", httpserver.url_for("/a")) + cite(
        "cost 40 million crowns", httpserver.url_for("/a"))
    online = run(doc, settings)
    requests_made = len(httpserver.log)
    offline = run(doc, replace(settings, offline=True))
    assert len(httpserver.log) == requests_made == 1
    assert [v.status for v in offline.verdicts] == [v.status for v in online.verdicts] == [
        Status.FOUND, Status.ALTERED]


def test_offline_and_not_cached_is_unverified(httpserver: HTTPServer, settings: Settings) -> None:
    offline = replace(settings, offline=True)
    report = run(cite("shipping fees, not by taxpayers", httpserver.url_for("/never")), offline)
    status, reason = only(report)
    assert status is Status.UNVERIFIED
    assert reason == "offline: not in cache"
    assert httpserver.log == []


@pytest.mark.parametrize("quote", ["", "   "])
def test_document_without_quotes_gives_empty_report(quote: str, settings: Settings) -> None:
    report = run(f"No quotations here{quote}, only prose.\n", settings)
    assert report.verdicts == ()


def test_html_credit_lines_and_dialogue_are_checked_against_their_pages(
        httpserver: HTTPServer, settings: Settings) -> None:
    # A block quote credited by its figure's caption, and speech set off by dialogue dashes
    # after a link and a colon: both reach their page and are checked word by word.
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    html = (f"<p>A synthetic review of the harbour debate.</p><figure><blockquote><p>The "
            f"expansion will be paid for by shipping fees, not by taxpayers</p></blockquote>"
            f'<figcaption>— <cite><a href="{url}">Council approves harbour expansion</a>'
            f"</cite></figcaption></figure><p>The chair, to <a href=\"{url}\">the Courier</a>, "
            f"said:</p><p>—The first phase is a deep-water quay that is expected to cost 40 "
            f"million crowns —she said.</p>")
    doc = parse_document(html.encode(), "doc.html", "html")
    fetcher, cache = open_fetcher(settings, sleep=lambda s: None)
    with fetcher:
        report = verify(doc, settings, fetcher, cache)
    got = [(v.quote.text, v.status) for v in report.verdicts]
    assert got == [
        ("The expansion will be paid for by shipping fees, not by taxpayers", Status.FOUND),
        ("The first phase is a deep-water quay that is expected to cost 40 million crowns",
         Status.ALTERED)]
    assert all(v.source.citation.url == url for v in report.verdicts)  # type: ignore[union-attr]


def test_terms_are_looked_up_in_the_documents_sources(httpserver: HTTPServer,
                                                      settings: Settings) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    doc = (cite("The expansion will be paid for by shipping fees, not by taxpayers", url)
           + "\nCritics see a “deep-water quay” where the town needs a “fish market”.\n")
    report = run(doc, settings)
    terms = {q.text: q.span for q in report.others}
    assert set(terms) == {"deep-water quay", "fish market"}
    assert report.term_sources == ((terms["deep-water quay"], url),)
    data = to_dict(report)
    assert [(o["text"], o.get("seen_in")) for o in data["others"]] == [
        ("deep-water quay", url), ("fish market", None)]
    assert f"“deep-water quay” (its words stand in <{url}>)" in to_markdown(report)


def test_a_quote_with_a_negation_just_before_it_in_the_source_is_flagged(
        httpserver: HTTPServer, settings: Settings) -> None:
    page = article_page("Council denies library closure", [
        "Synthetic test page. The chair spoke after the vote on Friday evening.",
        "It is not true that the council will close the old library next year, she said."])
    httpserver.expect_request("/a").respond_with_data(page, content_type="text/html")
    report = run(cite("the council will close the old library next year",
                      httpserver.url_for("/a")), settings)
    (v,) = report.verdicts
    assert v.status is Status.FOUND and v.flags == (Flag.NEGATED_CONTEXT,)
    assert v.reason == ("found verbatim; in the source a negation comes just before it: "
                        "“It is not true that …”")
    assert to_dict(report)["verdicts"][0]["flags"] == ["negated-context"]


_SPOKEN = [
    "Synthetic test page. The council met on Friday evening to set the budget.",
    "“We will not raise taxes this year,” said council member John Doe after the meeting.",
]


@pytest.mark.parametrize(("said", "page", "flagged"), [
    ("Jane Roe said", _SPOKEN, True),
    ("John Doe said", _SPOKEN, False),
    ("Doe said", _SPOKEN, False),
    ("The mayor said", _SPOKEN, False),  # a role names nobody: nothing to compare
    # The document's speaker is named beside the passage: the source may name the speaker
    # another way, so the words are not taken from Roe.
    ("Jane Roe said", [*_SPOKEN, "Jane Roe nodded."], False),
    # ... unless the source has Roe speak elsewhere: two people quoted in one article.
    ("Jane Roe said", ["Synthetic test page. Jane Roe said the budget was tight.",
                       _SPOKEN[1]], True),
])
def test_a_quote_the_source_gives_to_someone_else_is_flagged(
        httpserver: HTTPServer, settings: Settings, said: str, page: list[str],
        flagged: bool) -> None:
    httpserver.expect_request("/a").respond_with_data(
        article_page("Council sets the budget", page), content_type="text/html")
    url = httpserver.url_for("/a")
    report = run(f"{said}: “We will not raise taxes this year” ([The Test Courier]({url})).\n",
                 settings)
    (v,) = report.verdicts
    assert v.status is Status.FOUND
    assert (Flag.SPEAKER_MISMATCH in v.flags) is flagged
    if flagged:
        assert v.reason == ("found verbatim; the document gives these words to Jane Roe, the "
                            "source to John Doe: “said council member John Doe after the "
                            "meeting”")
        data = to_dict(report)["verdicts"][0]
        assert data["flags"] == ["speaker-mismatch"] and data["quote"]["speaker"] == "Jane Roe"


def test_a_joined_quote_is_checked_against_the_attribution_it_leaves_out(
        httpserver: HTTPServer, settings: Settings) -> None:
    page = article_page("Council sets the budget", [
        "Synthetic test page. Jane Roe said the budget was tight.",
        "“We will not raise taxes this year,” said council member John Doe, who chairs the "
        "finance committee. “Every krona comes from the port.”"])
    httpserver.expect_request("/a").respond_with_data(page, content_type="text/html")
    url = httpserver.url_for("/a")
    report = run(f"Jane Roe said: “We will not raise taxes this year. Every krona comes from "
                 f"the port” ([The Test Courier]({url})).\n", settings)
    (v,) = report.verdicts
    assert v.status is Status.FOUND
    assert set(v.flags) == {Flag.JOINED, Flag.SPEAKER_MISMATCH}
    assert "the source to John Doe" in v.reason

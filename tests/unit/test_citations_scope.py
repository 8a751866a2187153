"""Which of the citations near a quotation is its own: a marker on its closing mark, a note
in an earlier sentence, a link in a clause about the speaker, a link inside a credited pull
quote, notes that name different works without a URL. The documents below are synthetic;
outlets, people and URLs are fictional."""

from __future__ import annotations

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes


def quotations(text: str, fmt: str = "md") -> list[Quote]:
    doc = parse_document(text.encode(), f"synthetic.{fmt}", fmt)
    return [q for q in attribute(doc, find_quotes(doc), find_citations(doc))
            if q.kind is QuoteKind.QUOTATION]


def test_marker_on_the_closing_mark_beats_a_title_named_before() -> None:
    text = ("The book \"Bridges of Avonlea\" explains how \"every bridge in the county was "
            "built twice, once in wood and once in stone, over a single century\"[^doe] and "
            "more.\n\n[^doe]: Doe, J. 2015. *Bridges*. https://example.org/bridges\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url == "https://example.org/bridges"


def test_marker_in_an_earlier_sentence_cites_that_sentence() -> None:
    text = ("People who ride the ferry want to keep riding it[^poll]. One of our riders put "
            "it well when they said, \"I don't want to cross the river any other way.\"\n\n"
            "[^poll]: In 2025, 72% said so, says [the ferry poll](https://example.org/poll).\n")
    (q,) = quotations(text)
    assert q.citation is None


def test_link_in_a_clause_about_the_speaker_is_not_the_source() -> None:
    text = ("“There is a lot of testimony that does not match up,” said Rob Dee, a council "
            "representative who assisted in [an investigation of the harbour]"
            "(https://example.org/investigation).\n")
    (q,) = quotations(text)
    assert q.citation is None


def test_link_inside_a_credited_pull_quote_is_not_its_source() -> None:
    text = ('<aside markdown="1" class="pquote">\n  Use [the ferry](https://example.org/ferry) '
            'for the dull trips; walk for the fun ones.\n  <p markdown="1" '
            'class="pquote-credit">\n— a harbour pilot\n  </p>\n</aside>\n')
    (q,) = quotations(text)
    assert q.citation is None


def test_notes_without_url_naming_different_authors_are_different_works() -> None:
    text = ('<p>The first draft declared "The name of this league shall be the Harbour '
            'League".<sup><a href="#n1">[1]</a></sup> The final text said "The style of this '
            'league shall be the Harbour Union".<sup><a href="#n2">[2]</a></sup></p>'
            '<ol><li id="n1"><a href="#r1">^</a> Roe 2003, p. 199.</li>'
            '<li id="n2"><a href="#r2">^</a> Doe 2005, p. 18.</li></ol>')
    first, second = quotations(text, "html")
    assert first.citation is not None and second.citation is not None
    assert first.citation.key != second.citation.key
    assert "Roe" in (first.citation.author or "") and "Doe" in (second.citation.author or "")


def test_the_article_named_again_is_the_one_linked_before() -> None:
    text = ("I came across the article [_Harbour pilots retire_](https://example.org/pilots) "
            "last week.\n\nSome other thoughts of mine on the ferry.\n\n"
            "What does the pilot say, according to the article? This:\n\n"
            "> The pilots insist that a 30% chance of fog does not mean fog over a third of the "
            "bay.\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url == "https://example.org/pilots"


def test_a_site_named_again_is_its_page_linked_just_before() -> None:
    text = ("It is the director's cut of the [harbour affair](https://es.wikipedia.org/wiki/"
            "Harbour_affair).\n\nPara los no advertidos y según la Wikipedia:\n\n"
            "> En 1996, un piloto del puerto envió un artículo a una revista de estudios "
            "culturales para ver si lo publicaba.\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url == \
        "https://es.wikipedia.org/wiki/Harbour_affair"


def test_a_noun_that_introduced_no_link_names_nothing() -> None:
    text = ("See [the harbour site](https://example.org/harbour) for the timetable.\n\n"
            "According to the report: “The ferry will run every hour from March onwards.”\n")
    (q,) = quotations(text)
    assert q.citation is None or q.citation.url is None


def test_the_same_words_credited_to_two_works_are_two_claims() -> None:
    text = ("The mayor said “the new quay will be paid for by shipping fees alone” "
            "([Harbour Herald](https://herald.example/quay)).\n\n"
            "Later the same words, “the new quay will be paid for by shipping fees alone”, "
            "were credited to the port authority "
            "([Port Gazette](https://gazette.example/levy)).\n\n"
            "And once more: “the new quay will be paid for by shipping fees alone”.\n")
    first, second = quotations(text)
    assert first.citation is not None and first.citation.url == "https://herald.example/quay"
    assert second.citation is not None and second.citation.url == "https://gazette.example/levy"
    assert first.text == second.text
    # The place that cites nothing stays with the first work, as when a passage is repeated.
    assert len(first.locations) == 2 and first.locations[0] == first.span
    assert second.locations == (second.span,) and second.span.start > first.span.start
    assert text.splitlines()[second.line - 1][second.column - 1:].startswith(second.text)


def test_the_same_words_citing_one_work_twice_stay_one_quote() -> None:
    text = ("He said “the tide tables were printed wrong for a whole year” "
            "([Harbour Herald](https://herald.example/tides)).\n\n"
            "Again: “the tide tables were printed wrong for a whole year” "
            "([Harbour Herald](https://herald.example/tides)).\n")
    (q,) = quotations(text)
    assert len(q.locations) == 2


def test_the_same_words_credited_to_two_works_in_html() -> None:
    text = ("<html><body><p>She said <q>the ferry will run every hour from May</q> "
            "(<a href=\"https://herald.example/ferry\">Harbour Herald</a>).</p>"
            "<p>Elsewhere <q>the ferry will run every hour from May</q> is credited to "
            "<a href=\"https://gazette.example/ferry\">Port Gazette</a>.</p></body></html>")
    first, second = quotations(text, "html")
    assert {first.citation.url, second.citation.url} == {  # type: ignore[union-attr]
        "https://herald.example/ferry", "https://gazette.example/ferry"}
    assert second.text == first.text

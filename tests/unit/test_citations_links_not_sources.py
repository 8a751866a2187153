"""Links that stand next to a quotation but are not the work it cites, and a parenthetical
that names only an author and a page. Synthetic documents: names and URLs are fictional."""

from __future__ import annotations

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes


def quotations(text: str, fmt: str = "md") -> list[Quote]:
    doc = parse_document(text.encode(), f"synthetic.{fmt}", fmt)
    return [q for q in attribute(doc, find_quotes(doc), find_citations(doc))
            if q.kind is QuoteKind.QUOTATION]


def test_author_page_parenthetical_cites_the_entry_of_that_author() -> None:
    text = ("Prices fell because “once a song is digital, a copy costs almost nothing to "
            "make.” (Roe 195) Other writers agree.[^doe]\n\n"
            "[^roe]: Roe, Jane. 2017. “How Copies Got Cheap.” *Journal of Tunes* 31: 195–214. "
            "https://example.org/roe\n\n"
            "[^doe]: Doe, John. 2019. “Tunes.” https://example.org/doe\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url == "https://example.org/roe"


def test_author_page_parenthetical_with_two_entries_of_that_author_names_no_url() -> None:
    text = ("Prices fell because “once a song is digital, a copy costs almost nothing to "
            "make.” (Roe 195)\n\n"
            "[^a]: Roe, Jane. 2017. “Copies.” https://example.org/a\n\n"
            "[^b]: Roe, Jane. 2019. “Tunes.” https://example.org/b\n")
    (q,) = quotations(text)
    assert q.citation is None or q.citation.url is None


def test_a_link_on_the_speakers_name_is_not_the_work() -> None:
    html = ("<html><body><!-- synthetic --><p>In a note on the <a href='https://example.org/"
            "letter'>harbour letter</a>, the then <a href='https://example.org/people/roe'>"
            "Bishop Jane Roe</a>, now <a href='https://example.org/people/roe2'>Abbess "
            "Jane</a>, wrote: “the harbour belongs to everyone who works in it, and to "
            "nobody else”.</p></body></html>")
    (q,) = quotations(html, "html")
    assert q.citation is not None and q.citation.url == "https://example.org/letter"


def test_an_outlet_as_subject_is_still_the_work() -> None:
    text = ("[The Harbour Times](https://example.org/times) wrote: “the pier will close in "
            "March and reopen in May”.\n")
    (q,) = quotations(text)
    assert q.citation is not None and q.citation.url == "https://example.org/times"


def test_the_tool_an_image_was_made_with_is_not_the_work() -> None:
    text = ("![a harbour](images/harbour.png)\n"
            "*Tool: [Painter through Example Assistant](https://example.org/assistant). "
            "Prompt: “a harbour where boats and cranes are interlinked”*\n")
    for q in quotations(text):
        assert q.citation is None

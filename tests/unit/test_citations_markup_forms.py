"""Citations the markup gives: <q cite>, <blockquote cite>, a <cite> in a credit line, HTML
<sup> markers to a notes list (any site, with or without a link), superscript markers and
endnote lines in Markdown, and an author-year parenthetical tied to a bibliography entry.
Synthetic documents: names and URLs are fictional."""

from __future__ import annotations

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes

_Q = "the pier will be finished before the winter comes"


def quotation(text: str, fmt: str) -> Quote:
    doc = parse_document(text.encode(), f"synthetic.{fmt}", fmt)
    return next(q for q in attribute(doc, find_quotes(doc), find_citations(doc))
                if q.kind is QuoteKind.QUOTATION)


@pytest.mark.parametrize(("fmt", "text"), [
    ("html", f'<p>The mayor wrote <q cite="https://example.org/roe">{_Q} back</q> in May.</p>'),
    ("html", f'<p>From the letter:</p><blockquote cite="https://example.org/roe"><p>{_Q}.'
             '</p></blockquote>'),
    ("html", f"<blockquote><p>{_Q}.</p><footer>— Jane Roe, <cite><a href='https://example.org/"
             "roe'>Harbour letter</a></cite></footer></blockquote>"),
    ("html", f'<p>The mayor said “{_Q}”.<sup><a href="#n1">1</a></sup></p><h2>Notes</h2><ol>'
             '<li id="n1">Roe, J. <a href="https://example.org/roe">Letter</a>, 2020.</li></ol>'),
    ("md", f"The mayor said “{_Q}”.¹\n\n## Notes\n\n¹ https://example.org/roe\n"),
    ("md", f"The mayor said “{_Q}” [1].\n\n## Notes\n\n1. Roe, J. 2020. Letter. "
           "https://example.org/roe\n"),
    ("md", f"The mayor said “{_Q}” (Roe 2020).\n\n## References\n\nRoe, J. 2020. “Harbour "
           "letter.” https://example.org/roe\n\nDoe, K. 2019. “Tides.” https://example.org/doe\n"),
])
def test_markup_names_the_work(fmt: str, text: str) -> None:
    q = quotation(text, fmt)
    assert q.citation is not None and q.citation.url == "https://example.org/roe", q.link_reason


def test_a_note_without_a_link_gives_its_title() -> None:
    q = quotation(f'<p>The mayor said “{_Q}”.<sup><a href="#n1">1</a></sup></p><h2>Notes</h2>'
                  '<ol><li id="n1">Roe, J. “Harbour letter”, The Harbour Times, 2020.</li></ol>',
                  "html")
    assert q.citation is not None and q.citation.title == "Harbour letter"


def test_a_credit_paragraph_under_a_quotation_paragraph_cites_it() -> None:
    text = (f"Some history of the harbour.\n\n“{_Q}. It tells the reader how to sail.”\n\n"
            "Jane Roe, The Harbour Letters.[^roe]\n\n[^roe]: https://example.org/roe\n")
    q = quotation(text, "md")
    assert q.citation is not None and q.citation.url == "https://example.org/roe"

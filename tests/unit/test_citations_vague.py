"""Vague attributions ("según los diarios del país"): tied to the quotes they introduce or
follow, said to be vague, and never taken for the document's own source."""

from __future__ import annotations

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.citations.document_sources import document_sources
from provenance.document import parse_document
from provenance.model import CitationHow, QuoteKind
from provenance.quotes.find import find_quotes

WORDS = "the expansion will be paid for by shipping fees, not by taxpayers"


@pytest.mark.parametrize("text", [
    f"Según los diarios del país, “{WORDS}”.",
    f"Según los diarios del país, el ministro dijo que “{WORDS}”.",
    f"El ministro dijo, según los diarios del país, que “{WORDS}”.",
    f"According to the country's newspapers, the minister said “{WORDS}”.",
    f"“{WORDS}” (los diarios del país).",
])
def test_a_vague_attribution_reaches_the_quote_of_its_sentence(text: str) -> None:
    doc = parse_document(f"# Harbour\n\n{text}\n".encode(), "story.md", "md")
    citations = find_citations(doc)
    (quote,) = [q for q in attribute(doc, find_quotes(doc), citations)
                if q.kind is QuoteKind.QUOTATION]
    assert quote.citation is not None and quote.citation.how is CitationHow.VAGUE
    assert document_sources(doc, citations) == ()


def test_a_one_line_document_that_quotes_is_not_its_own_title() -> None:
    doc = parse_document(f"Según El País (https://elpais.example/a), “{WORDS}”.\n".encode(),
                         "story.md", "md")
    assert document_sources(doc, find_citations(doc)) == ()
    titled = parse_document(f"Harbour plans (https://elpais.example/a)\n\n“{WORDS}”.\n"
                            .encode(), "story.md", "md")
    assert [c.url for c in document_sources(titled, find_citations(titled))] == [
        "https://elpais.example/a"]

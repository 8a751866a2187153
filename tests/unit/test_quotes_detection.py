"""Detection: each quoted passage reported once, and titles in reference entries kept apart
from quotations. The documents below are synthetic; people, works and URLs are fictional."""

from __future__ import annotations

import pytest

from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes


def quotes(text: str, fmt: str = "md") -> list[Quote]:
    return list(find_quotes(parse_document(text.encode(), f"synthetic.{fmt}", fmt)))


@pytest.mark.parametrize("dash", ["--", "—", "–"])
def test_block_quote_with_its_quote_marks_and_a_credit_is_one_quote(dash: str) -> None:
    text = ("People love that feeling:\n\n"
            f'> "If it compiles, it usually runs. That is fantastic." {dash} Senior engineer\n\n'
            f"> “I sleep better now.” {dash} Consultant\n")
    found = quotes(text)
    assert [q.text for q in found] == ["If it compiles, it usually runs. That is fantastic.",
                                       "I sleep better now."]
    assert all(q.kind is QuoteKind.QUOTATION for q in found)
    doc = parse_document(text.encode(), "synthetic.md", "md")
    assert [text[c.start:c.end] for _, c in doc.credits] == ["Senior engineer", "Consultant"]


@pytest.mark.parametrize("entry", [
    "[^roe20]: Roe, Jane. 2020. “The Agency of Rivers.” River History 10: 67–69.",
    "[3]: Roe, Jane (2020). \"The Agency of Rivers\". River History. https://example.org/r",
])
def test_quoted_title_in_a_note_definition_is_a_title(entry: str) -> None:
    text = f"The river, she argues, has agency of its own.[^roe20]\n\n{entry}\n"
    (q,) = quotes(text)
    assert q.kind is QuoteKind.TITLE


def test_quoted_titles_in_a_references_section_are_titles() -> None:
    text = ("# The river\n\nShe wrote: “Rivers remember their floods for a century.”\n\n"
            "## References\n\n"
            "1. Roe, Jane (2020). “Pet rivers and human health: a brief review”. BMJ.\n\n"
            "2. Doe, John (2019). “Positive and negative aspects of floods”. Water.\n")
    kinds = {q.text: q.kind for q in quotes(text)}
    assert kinds["Rivers remember their floods for a century."] is QuoteKind.QUOTATION
    assert kinds["Pet rivers and human health: a brief review"] is QuoteKind.TITLE
    assert kinds["Positive and negative aspects of floods"] is QuoteKind.TITLE


def test_a_quotation_a_note_introduces_stays_a_quotation() -> None:
    text = ("It was late.[^1]\n\n"
            "[^1]: As the mayor said: “We will rebuild the bridge before the winter comes.”\n")
    (q,) = quotes(text)
    assert q.kind is QuoteKind.QUOTATION

"""Example sentences are terms, not anyone's words: a box of examples marked with emoji,
what one "could say", and quote marks inside an HTML tag written in Markdown are markup. The
documents below are synthetic."""

from __future__ import annotations

import pytest

from provenance.document import parse_document
from provenance.model import QuoteKind
from provenance.quotes.find import find_quotes


def kinds(text: str) -> dict[str, QuoteKind]:
    doc = parse_document(text.encode(), "synthetic.md", "md")
    return {q.text: q.kind for q in find_quotes(doc)}


def test_examples_set_apart_with_emoji_are_terms() -> None:
    got = kinds("**Give context.** Say what you tried.\n\n"
                "> 😇 _\"X does not happen when I do Y\"_\n>\n"
                "> 😢 _\"X is broken! Please fix it.\"_\n")
    assert got and set(got.values()) == {QuoteKind.TERM}


@pytest.mark.parametrize("lead", ["Por ejemplo, podrías decir: ", "You could say: ",
                                  "This can be as simple as saying "])
def test_what_one_could_say_is_an_example(lead: str) -> None:
    got = kinds(f"{lead}\"I only merge pull requests that give their reasons\", or "
                "\"I only look at issues on alternate Thursdays\". It sets expectations.\n")
    assert set(got.values()) == {QuoteKind.TERM}


def test_what_someone_said_is_still_a_quotation() -> None:
    got = kinds("The harbour master said: \"I only merge pull requests that give reasons.\"\n")
    assert set(got.values()) == {QuoteKind.QUOTATION}


def test_quote_marks_inside_an_html_tag_are_markup() -> None:
    got = kinds('We held a workshop with the <a href="https://example.org/">harbour pilots'
                '</a>, who told us how they rest. One said "<strong>keep the balance and the '
                'pace for a lifetime</strong>."\n')
    assert len(got) == 1 and all("href" not in t and "harbour pilots" not in t for t in got)


def test_a_title_in_a_reference_shape_is_a_title_even_inside_a_block_quote() -> None:
    got = kinds("> The term is found in 1916 in F. P. Roe, “On the Harbour Tides of the North,” "
                "Annals of the Harbour Society, 41, 191-201. Others used it later.\n")
    assert got["On the Harbour Tides of the North,"] is QuoteKind.TITLE


def test_said_then_a_year_is_no_reference() -> None:
    got = kinds("Later that spring, “We will rebuild the pier before the storms,” Roe said "
                "in 2020 to the council.\n")
    assert set(got.values()) == {QuoteKind.QUOTATION}


def test_a_title_in_a_note_definition_is_a_title() -> None:
    got = kinds("It is “a record of the tides kept by hand”[^roe].\n\n"
                "[^roe]: “Tide Records.” Harbour Dictionary. Accessed February 1, 2025. "
                "https://example.org/tides\n")
    assert got["Tide Records."] is QuoteKind.TITLE


def test_a_quoted_title_in_a_pull_quote_credit_line_is_a_title() -> None:
    got = kinds('<aside markdown="1" class="pquote">\n  Open source changed how I learn and '
                'how I work every single day.\n  <p markdown="1" class="pquote-credit">\n'
                '— @jroe, ["How the harbour taught me"](https://example.org/harbour)\n'
                '  </p>\n</aside>\n')
    assert got["How the harbour taught me"] is QuoteKind.TITLE

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

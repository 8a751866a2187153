"""One ellipsis for every stage: the quote finder, the matcher and the report agree on it."""

from __future__ import annotations

import pytest

from provenance.match.search import best_match
from provenance.model import Document, PageText
from provenance.quotes.find import find_quotes
from provenance.report.redline import redline
from provenance.words.ellipsis import is_ellipsis, may_elide, split
from tests.conftest import make_quote

FORMS = ["…", "...", "....", ". . .", ". . . .", ".. .", "[…]", "[...]", "[....]", "[ … ]",
         "[. . .]", "(…)", "(...)", "( ... )", "(. . .)"]
NOT_FORMS = ["..", ".", "[.]", "[..]", "[]", "(..)", "[sic]", "U.S.", "25.9.2023", "a.b.c.d"]


@pytest.mark.parametrize("form", FORMS)
def test_every_form_is_an_ellipsis(form: str) -> None:
    assert is_ellipsis(form)
    assert may_elide(form)
    assert split(f"alpha {form} beta") == ["alpha ", " beta"]


@pytest.mark.parametrize("text", NOT_FORMS)
def test_dots_that_are_no_ellipsis(text: str) -> None:
    assert not is_ellipsis(text)
    assert split(f"alpha {text} beta") == [f"alpha {text} beta"]


# Synthetic source text, written for this test.
SOURCE = "The harbour board voted on Tuesday to widen the northern channel next spring."


@pytest.mark.parametrize("form", FORMS)
def test_finder_matcher_and_report_read_the_same_ellipsis(form: str) -> None:
    quoted = f"The harbour board voted {form} the northern channel next spring"
    doc = Document(f"The minutes say “{quoted}” plainly.", "test", "txt", "")
    (quote,) = find_quotes(doc)
    # The finder cuts the quote where the matcher does, and takes no ellipsis for an
    # insertion ...
    assert quote.segments == ("The harbour board voted", "the northern channel next spring")
    assert quote.insertions == ()
    # ... the matcher leaves out the words it stands for ...
    m = best_match(quote, PageText(SOURCE, SOURCE))
    assert m is not None and not m.edits
    assert m.elided == ("on Tuesday to widen",)
    # ... and the report shows those words as elided.
    pieces = redline(quote.text, m.source_text, changes=False)
    assert [p.text for p in pieces if p.kind == "elided"] == ["on Tuesday to widen"]


def test_a_dotted_bracket_the_matcher_reads_as_words_is_a_bracket_in_the_report() -> None:
    pieces = redline("The harbour board voted [..] the northern channel", SOURCE, changes=True)
    assert [p.text for p in pieces if p.kind == "bracket"] == ["[..]"]
    assert not [p for p in pieces if p.kind == "elided"]


def test_a_quote_made_without_the_finder_is_cut_the_same_way() -> None:
    q = make_quote("voted . . . the northern channel")  # no segments: the matcher cuts it
    m = best_match(q, PageText(SOURCE, SOURCE))
    assert m is not None and m.elided == ("on Tuesday to widen",)

"""Which cached pages a document may borrow from: the found-elsewhere index asked about
windows of the document's words outside quote marks. The texts here are synthetic."""

from __future__ import annotations

import pytest

from provenance.judge import ElsewhereIndex
from provenance.model import PageText, Quote, QuoteKind, Span
from provenance.reuse.cached import pages_to_search
from provenance.settings import Settings
from tests.unit.test_reuse import SOURCE, doc

# Synthetic pages standing in for a cache's: the one the document borrows from, and others.
OTHERS = {
    "https://other.test/weather": "Rain is expected over the coast on Saturday, with strong "
    "winds in the afternoon and a cold night to follow across the whole region.",
    "https://other.test/market": "The fish market opened an hour late on Friday because a "
    "delivery of ice did not arrive from the plant on time, traders said.",
}
BORROWED = "https://courier.test/harbour"
FILLER = ("Our own reporting follows here, in words no page of the cache has, about a "
          "different matter entirely and at some length. ")


def _index() -> ElsewhereIndex:
    index = ElsewhereIndex()
    for url, text in {**OTHERS, BORROWED: SOURCE}.items():
        index.add(url, PageText(text, text))
    return index


@pytest.mark.parametrize("offset", range(8))
def test_a_run_of_eight_borrowed_words_names_its_page_wherever_it_starts(offset: int) -> None:
    # Eight words of the source, placed at every offset from a window's start.
    lead = " ".join(["filler"] * (20 + offset))
    text = f"{lead} a deep-water quay that is expected to cost 48 {FILLER}"
    assert pages_to_search(doc(text), (), _index().candidates, Settings()) == [BORROWED]


def test_words_that_borrow_nothing_name_no_page() -> None:
    text = FILLER * 4 + "The council met and the port is big, and the town voted on Friday."
    assert pages_to_search(doc(text), (), _index().candidates, Settings()) == []


def test_quoted_words_and_excluded_pages_are_not_searched() -> None:
    words = "a deep-water quay that is expected to cost 48 million crowns"
    text = f"{FILLER}The plan calls it “{words}” in its summary. {FILLER}"
    start = text.index("“")
    quote = Quote(words, Span(start, start + len(words) + 2), 1, 1, kind=QuoteKind.QUOTATION)
    assert pages_to_search(doc(text), (quote,), _index().candidates, Settings()) == []
    plain = text.replace("“", "").replace("”", "")
    assert pages_to_search(doc(plain), (), _index().candidates, Settings(),
                           exclude=(BORROWED,)) == []
    assert pages_to_search(doc(plain), (), _index().candidates, Settings()) == [BORROWED]

"""Text fragments: encoding per the WICG draft, and directives that land on the passage."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.model import Span
from provenance.report.fragments import (
    TextDirective,
    clear_folded,
    find_fragment,
    fragment_url,
    text_directive,
)


def _span(text: str, passage: str, nth: int = 0) -> Span:
    at = -1
    for _ in range(nth + 1):
        at = text.index(passage, at + 1)
    return Span(at, at + len(passage))


@pytest.mark.parametrize(("directive", "encoded"), [
    (TextDirective("open to all"), "open%20to%20all"),
    (TextDirective("well-known, & loved"), "well%2Dknown%2C%20%26%20loved"),
    (TextDirective("a", "b", "pre", "suf"), "pre-,a,b,-suf"),
    (TextDirective("-dash-"), "%2Ddash%2D"),
    (TextDirective("año «dijo»"), "a%C3%B1o%20%C2%ABdijo%C2%BB"),
    (TextDirective("50% #1"), "50%25%20%231"),
])
def test_terms_are_percent_encoded_with_syntax_characters(directive, encoded) -> None:
    assert directive.encode() == encoded


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x.example/a", "https://x.example/a#:~:text=b"),
    ("https://x.example/a#top", "https://x.example/a#top:~:text=b"),
    ("https://x.example/a#:~:text=old", "https://x.example/a#:~:text=b"),
    ("https://x.example/a?q=1", "https://x.example/a?q=1#:~:text=b"),
])
def test_fragment_url_keeps_the_fragment_and_replaces_a_directive(url, expected) -> None:
    assert fragment_url(url, TextDirective("b")) == expected


def test_no_directive_leaves_the_url_alone() -> None:
    assert fragment_url("https://x.example/a", None) == "https://x.example/a"


PAGE = ("The port said no.\n"
        "The harbour authority said the dispute would be settled by spring. "
        "The harbour authority said more.\n"
        "Last paragraph, with words.")


def test_plain_passage_is_written_exactly() -> None:
    span = _span(PAGE, "the dispute would be settled by spring")
    assert text_directive(PAGE, span) == TextDirective("the dispute would be settled by spring")


def test_repeated_words_get_context_until_the_first_match_is_ours() -> None:
    span = _span(PAGE, "harbour authority said", nth=1)
    d = text_directive(PAGE, span)
    assert d.prefix or d.suffix
    assert find_fragment(PAGE, d) == span


def test_passage_across_paragraphs_is_written_as_start_and_end() -> None:
    span = _span(PAGE, "settled by spring. The harbour authority said more.\nLast paragraph")
    d = text_directive(PAGE, span)
    assert d.end is not None and "\n" not in d.start + d.end
    assert find_fragment(PAGE, d) == span


def test_long_passage_is_written_as_start_and_end() -> None:
    text = "Intro.\n" + " ".join(f"word{i}" for i in range(120)) + "\nOutro."
    span = _span(text, " ".join(f"word{i}" for i in range(3, 110)))
    d = text_directive(text, span)
    assert d.end is not None and len(unquote(d.encode())) < 120
    assert find_fragment(text, d) == span


def test_white_space_is_written_as_single_spaces() -> None:
    # Chromium finds nothing for a term with two spaces or a newline in it.
    text = "Before.\nthe  harbour\twill   stay open\nAfter."
    d = text_directive(text, _span(text, "the  harbour\twill   stay open"))
    assert d.start == "the harbour will stay open"


def test_partial_words_are_widened_to_whole_words() -> None:
    text = "The harbourmaster said it."
    d = text_directive(text, _span(text, "harbour"))
    assert d.start == "harbourmaster"


def test_case_and_markup_free_search_model() -> None:
    assert find_fragment("A Big Dog.", TextDirective("big dog")) == Span(2, 9)
    assert find_fragment("A bigdog.", TextDirective("big")) is None  # whole words only
    assert find_fragment("one\ntwo", TextDirective("one two")) is None  # one block only
    assert find_fragment("one\ntwo", TextDirective("one", "two")) == Span(0, 7)


def test_body_passage_is_made_unique_in_the_whole_page() -> None:
    body = "The harbour will stay open to every boat."
    page = "Headline: the harbour will stay open\n" + body
    span = Span(0, len("The harbour will stay open"))
    d = text_directive(body, span, page=page)
    landed = find_fragment(page, d)
    assert landed is not None and landed.start == page.index("The harbour")


def test_a_directive_asked_for_again_is_the_one_built_for_that_page() -> None:
    # Built once per text, span and page, and kept with the text's folding: asking for the
    # same passage with and without the whole page gives each its own directive.
    body = "The harbour will stay open to every boat."
    page = "Headline: the harbour will stay open\n" + body
    span = Span(0, len("The harbour will stay open"))
    clear_folded()
    in_page, alone = text_directive(body, span, page=page), text_directive(body, span)
    assert in_page != alone and alone == TextDirective("The harbour will stay open")
    assert text_directive(body, span, page=page) is in_page
    assert text_directive(body, span) is alone
    clear_folded()
    assert text_directive(body, span, page=page) == in_page


def test_passage_without_words_has_no_directive() -> None:
    assert text_directive("a — b", Span(2, 3)) is None


_words = st.sampled_from(["tide", "quay", "net", "the", "harbour", "open", "Boat", "año",
                          "dues,", "it's", "sea."])


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(paragraphs=st.lists(st.lists(_words, min_size=1, max_size=25), min_size=1, max_size=6),
       data=st.data())
def test_directive_lands_on_the_passage(paragraphs, data) -> None:
    """For any page and any whole-word passage inside one paragraph that is the first place
    its words stand, the built directive's first match is exactly the passage. Across
    paragraphs a start,end pair cannot always single a passage out (terms may not cross
    paragraphs, context is bounded): the match then starts no later than the passage."""
    text = "\n".join(" ".join(p) for p in paragraphs)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i, min(len(words) - 1, i + 30)))
    span = Span(words[i][0], words[j][1])
    d = text_directive(text, span)
    assert d is not None or not re.search(r"\w", span.slice(text))
    if d is None:
        return
    landed = find_fragment(text, d)
    assert landed is not None and landed.start <= span.start  # the passage itself matches
    if _first_place(text, span) and "\n" not in span.slice(text):
        assert landed == span, d


def _first_place(text: str, span: Span) -> bool:
    folded = " ".join(text.split()).casefold()
    passage = " ".join(span.slice(text).split()).casefold()
    before = " ".join(text[: span.start].split()).casefold()
    return folded.find(passage) >= len(before) - 1


@given(st.text(alphabet=st.sampled_from("ab Z.,-\n\r\t\x0b\x0c\x1c\x1f\x00 x"), max_size=60))
@settings(max_examples=400, deadline=None)
def test_an_ascii_page_folds_as_any_page_does(text: str) -> None:
    # The ASCII path keeps the map back as runs; it must agree char for char with the
    # general path, line breaks (blocks) included.
    from provenance.report.folding import fold_ascii, fold_words

    fast, slow = fold_ascii(text), fold_words(text)
    assert fast.text == slow.text and fast.blocks == slow.blocks
    assert list(fast.origin) == list(slow.origin) and len(fast.origin) == len(slow.origin)
    # The bisection over runs finds what a bisection over every char finds.
    from bisect import bisect_left

    from provenance.report.fragments import _first_at
    for x in range(len(text) + 2):
        assert _first_at(fast, x) == bisect_left(slow.origin, x, 0, len(slow.text))


@given(st.text(alphabet="ab ", max_size=12), st.text(alphabet="ab ", max_size=12))
def test_common_prefix_and_suffix_agree_with_a_char_loop(a: str, b: str) -> None:
    from provenance.report.fragments import _common_prefix, _common_suffix

    def by_chars(x: str, y: str) -> int:
        n = 0
        while n < min(len(x), len(y)) and x[n] == y[n]:
            n += 1
        return n

    assert _common_prefix(a, b) == by_chars(a, b)
    assert _common_suffix(a, b) == by_chars(a[::-1], b[::-1])

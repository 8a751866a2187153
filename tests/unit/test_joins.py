"""Quotes that run two of the source's quoted passages together. Synthetic text."""

from __future__ import annotations

import pytest

from provenance.judge.verdicts import judge
from provenance.match.joins import attribution_left_out, chains, joined
from provenance.match.search import best_match
from provenance.model import Citation, CitationHow, Flag, PageText, Source, Span, Status
from provenance.settings import Settings
from provenance.words.normalize import cut, keys
from tests.conftest import make_quote

PAGE = ("The council met on Friday.\n"
        "“It is a good-news bad-news story,” said Jane Roe, a member of the harbour board "
        "and author of the report. “In the harbour we had a banner year.”\n"
        "“The quay is too long,” said Roe. Doe replied: “It is not.”\n"
        "“We will wait,” said Roe.\n“We will not wait.”\n"
        "“Fees will rise” and “taxes will fall”, the plan says nothing more.")


def _verdict(quote: str) -> tuple[Status, tuple[Flag, ...], str]:
    q = make_quote(quote, language="en")
    text = PageText(PAGE, PAGE, language="en")
    v = judge(q, Source(Citation("c", CitationHow.URL), text=text), best_match(q, text),
              Settings())
    return v.status, v.flags, v.reason


def test_a_long_attribution_left_out_is_found_and_named() -> None:
    status, flags, reason = _verdict(
        "It is a good-news bad-news story. In the harbour we had a banner year.")
    assert (status, flags) == (Status.FOUND, (Flag.JOINED,))
    assert reason.endswith("«said Jane Roe a member of the harbour board and author of "
                           "the report»")


@pytest.mark.parametrize("quote", [
    "The quay is too long. It is not.",  # two speakers: "said Roe. Doe replied:"
    "We will wait. We will not wait.",  # across a paragraph break
    "Fees will rise taxes will fall",  # "and" names no speaker
])
def test_passages_not_joined_by_one_attribution_stay_apart(quote: str) -> None:
    status, flags, _ = _verdict(quote)
    assert status is not Status.FOUND and Flag.JOINED not in flags


def test_chains_hold_only_passages_with_one_attribution_between() -> None:
    w = cut(PAGE)
    found = chains(w)
    assert len(found) == 1
    words = [w.keys[i] for i in found[0].indexes]
    assert words[:3] == ["it", "is", "a"] and words[-2:] == ["banner", "year"]
    assert "roe" not in words  # the attribution is not in the chain
    assert joined(keys("a banner year"), w, found) is None  # within one passage


def test_attribution_left_out_needs_marks_on_both_sides() -> None:
    text = "“Yes,” she said. “No.” Then she said nothing."
    said = text.index("she said")
    assert attribution_left_out(text, Span(said, said + len("she said")))
    nothing = text.index("she said nothing")
    assert not attribution_left_out(text, Span(nothing, nothing + len("she said nothing")))

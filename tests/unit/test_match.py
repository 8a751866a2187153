"""Alignment: exact search after normalisation, spans in the original, main before full."""

from __future__ import annotations

import pytest

from provenance.match import best_match, normalize
from provenance.model import PageText, Quote, Span


def quote(text: str, **kw: object) -> Quote:
    return Quote(text, Span(0, len(text)), 1, 1, **kw)  # type: ignore[arg-type]


SOURCE = ("Synthetic test page. The minister said on Tuesday that the plan “will not raise "
          "taxes” this year, and that 25 new schools would open.")


@pytest.mark.parametrize("text", [
    "the plan will not raise taxes",
    "The plan \"will not raise taxes\"",
    "THE PLAN WILL NOT  RAISE\ntaxes",
])
def test_typographic_differences_match_exactly(text: str) -> None:
    m = best_match(quote(text), PageText(SOURCE, SOURCE))
    assert m is not None and m.edits == () and m.score == 100
    assert m.source_text == "the plan “will not raise taxes"
    assert m.span.slice(SOURCE) == m.source_text


def test_normalize_folds_glyphs_case_and_spaces() -> None:
    assert normalize("“Señor”  D\u00ADE-\nMO  ﬁnal l’été") == "señor demo final l'été"


def test_outside_body_only_when_absent_from_main() -> None:
    full = "Headline Of The Day. " + SOURCE
    m = best_match(quote("Headline of the day"), PageText(SOURCE, full))
    assert m is not None and m.outside_body and m.source_text == "Headline Of The Day"
    m = best_match(quote("25 new schools"), PageText(SOURCE, full))
    assert m is not None and not m.outside_body


def test_nothing_to_search_gives_none() -> None:
    assert best_match(quote("anything"), PageText("", "")) is None
    assert best_match(quote("…"), PageText(SOURCE, SOURCE)) is None

"""Properties of unquoted reuse's word masks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.model import Span
from provenance.reuse.find import outside_quotes
from provenance.words.normalize import cut

_TEXT = st.lists(st.sampled_from(["tide", "quay", "“", "”", " ", "  ", "\n", ",", "ferry's"]),
                 max_size=40).map("".join)


@st.composite
def _text_and_spans(draw: st.DrawFn) -> tuple[str, list[Span]]:
    text = draw(_TEXT)
    ends = st.integers(0, len(text))
    spans = [Span(min(a, b), max(a, b)) for a, b in draw(st.lists(st.tuples(ends, ends),
                                                                  max_size=5))]
    return text, spans


@given(_text_and_spans())
def test_a_word_is_outside_when_no_span_touches_it(case: tuple[str, list[Span]]) -> None:
    text, spans = case
    doc = cut(text)
    expected = [not any(s.start <= end and start <= s.end for s in spans)
                for start, end in zip(doc.starts, doc.ends, strict=True)]
    assert outside_quotes(doc, spans) == expected

"""Properties of unquoted reuse's word masks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.model import Span
from provenance.reuse import pooled
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


_WORDS = st.lists(st.sampled_from(["tide", "quay", "ferry", "crane", "levy"]), max_size=60)


@given(_WORDS, _WORDS, st.lists(st.booleans(), min_size=60, max_size=60),
       st.integers(1, 4))
def test_hits_are_every_window_both_texts_hold(doc_words: list[str], page_words: list[str],
                                               usable: list[bool], least: int) -> None:
    # Both ways of meeting a document with a page (the page's windows looked up, or the
    # document's, whichever side has fewer) find every pair of equal windows, and no other.
    vocab = pooled.Vocabulary()
    doc = vocab.number(doc_words)
    ok = usable[:len(doc)]
    side = pooled.side_of(" ".join(page_words), vocab)
    hits = pooled._hits(pooled._windows(doc, least, ok), doc, " ".join(page_words), side,
                        least, vocab)
    src = side.ids
    expected = [(i, j) for i in range(len(doc) - least + 1) if all(ok[i:i + least])
                for j in range(len(src) - least + 1) if doc[i:i + least] == src[j:j + least]]
    assert [(h >> pooled._SHIFT, h & pooled._LOW) for h in hits] == sorted(expected)


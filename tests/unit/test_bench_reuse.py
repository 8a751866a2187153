"""The reuse bench's brute-force baseline finds what the definition asks (synthetic words)."""

from __future__ import annotations

from bench.bench_reuse import brute_force
from provenance.reuse import shared_runs


def w(text: str) -> tuple[str, ...]:
    return tuple(text.split(" "))

SRC = w("a b c d e f g h i j k l m n o p")


def test_brute_force_marks_runs_of_eight_and_agrees_with_the_index_on_verbatim_spans() -> None:
    doc = w("x y a b c d e f g h i z z")
    assert brute_force(doc, SRC, 8) == [(2, 11)]
    [one] = shared_runs(doc, SRC, 8, 4)
    assert (one.doc_start, one.doc_end) == (2, 11)
    assert brute_force(w("x a b c d e f g z"), SRC, 8) == []


def test_brute_force_does_not_join_across_an_edit_but_the_index_does() -> None:
    doc = w("a b c d e f g h X j k l m n o p")
    assert brute_force(doc, SRC, 8) == [(0, 8)]  # j..p is seven words: not a run
    [one] = shared_runs(doc, SRC, 8, 4)
    assert (one.doc_start, one.doc_end, one.words) == (0, 16, 15)

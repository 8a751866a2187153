"""Two passages side by side, each in its own words, the words that differ marked
(synthetic sentences)."""

from __future__ import annotations

from provenance.report.sides import sides


def _marked(pieces) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in pieces if p.kind != "same"]


def test_each_side_keeps_its_own_text_and_marks_only_its_own_words() -> None:
    doc = "On 18 February, the council elected Ana Ruiz as its chair, which made her mayor."
    src = "This Wednesday, the council elected Ana Ruiz as its chair, which made her mayor."
    left, right = sides(doc, src)
    assert "".join(p.text for p in left) == doc
    assert "".join(p.text for p in right) == src
    assert _marked(left) == [("added", "On 18 February")]
    assert _marked(right) == [("dropped", "This Wednesday")]


def test_typography_and_case_are_not_edits() -> None:
    left, right = sides("The “harbour” plan’s cost", 'the "harbour" plan\'s cost')
    assert _marked(left) == [] and _marked(right) == []


def test_a_changed_number_in_the_middle_is_marked_on_both_sides() -> None:
    left, right = sides("a quay costing 52 million crowns", "a quay costing 48 million crowns")
    assert _marked(left) == [("added", "52")] and _marked(right) == [("dropped", "48")]

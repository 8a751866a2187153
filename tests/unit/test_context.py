"""A negation just before the quoted words in the source: quoted out of context."""

from __future__ import annotations

import pytest

from provenance.context import negated_before


@pytest.mark.parametrize(("source", "quote", "before"), [
    ("It is not true that the council will close the library.",
     "the council will close the library", "It is not true that"),
    ("We don't think the council will close the library.",
     "the council will close the library", "We don't think"),
    ("El ministro nunca dijo que el gobierno subiría los impuestos.",
     "el gobierno subiría los impuestos", "El ministro nunca dijo que"),
    ("No es cierto que el gobierno subirá los impuestos.",
     "el gobierno subirá los impuestos", "No es cierto que"),
    ("Il n'est pas vrai que la mairie fermera la bibliothèque.",
     "la mairie fermera la bibliothèque", "Il n'est pas vrai que"),
    ("Det stämmer inte att regeringen höjer skatten.", "regeringen höjer skatten",
     "Det stämmer inte att"),
    ("Es ist nicht wahr, dass der Rat die Bibliothek schließt.",
     "der Rat die Bibliothek schließt", "Es ist nicht wahr, dass"),
])
def test_a_negation_just_before_the_passage_is_reported(source: str, quote: str,
                                                        before: str) -> None:
    assert negated_before(source, source.index(quote)) == before


@pytest.mark.parametrize(("source", "quote"), [
    # No negation, or one that starts a phrase rather than negating the clause.
    ("The mayor said the council will close the library.", "the council will close"),
    ("Sin embargo, el gobierno subirá los impuestos.", "el gobierno subirá los impuestos"),
    ("Without doubt the council will close the library.", "the council will close"),
    # A negation in the sentence before, or too far back in this one.
    ("No. The council will close the library.", "The council will close the library"),
    ("Nobody was surprised; the council will close the library.", "the council will close"),
    ("It is not, as the long report of the budget office argued in detail last spring, "
     "true that the council will close the library.", "the council will close"),
    # The negation is part of the quote: nothing is left off.
    ("It is not true that the council will close the library.", "not true that the council"),
    # The passage opens the text.
    ("The council will close the library.", "The council will close the library"),
])
def test_no_negation_just_before_the_passage(source: str, quote: str) -> None:
    assert negated_before(source, source.index(quote)) is None

"""A negation just before the quoted words in the source: quoted out of context."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.judge.context import negated_before


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
    # A comma is no clause break when the clause after it is the negated words' object.
    ("I did not say, that the council will close the library.",
     "the council will close the library", "I did not say, that"),
    ("No es cierto, que el gobierno subirá los impuestos.",
     "el gobierno subirá los impuestos", "No es cierto, que"),
    ("Ce n'est pas vrai, qu'elle ferme la bibliothèque.", "la bibliothèque",
     "Ce n'est pas vrai, qu'elle ferme"),
    ("Det är inte sant, att regeringen höjer skatten.", "regeringen höjer skatten",
     "Det är inte sant, att"),
    ("Nie jest prawdą, że rząd podniesie podatki.", "rząd podniesie podatki",
     "Nie jest prawdą, że"),
    # ... also when the passage itself opens with the complementizer.
    ("It is not true, that the council will close the library.",
     "that the council will close", "It is not true,"),
    ("Es ist nicht wahr, dass der Rat die Bibliothek schließt.",
     "dass der Rat die Bibliothek", "Es ist nicht wahr,"),
    # A comma between digits is part of a number.
    ("There were not 1,000 people at the meeting.", "people at the meeting",
     "There were not 1,000"),
])
def test_a_negation_just_before_the_passage_is_reported(source: str, quote: str,
                                                        before: str) -> None:
    assert negated_before(source, source.index(quote)) == before


@pytest.mark.parametrize(("source", "language", "quote", "flagged"), [
    # Portuguese "no" is "in the"; Spanish and English "no" negate.
    ("O ministro falou no Congresso sobre a reforma.", "pt", "Congresso sobre a reforma",
     False),
    ("O ministro não falou sobre a reforma.", "pt", "falou sobre a reforma", True),
    ("El ministro no habló de la reforma.", "es", "habló de la reforma", True),
    ("El ministro no habló de la reforma.", None, "habló de la reforma", True),
    # French "mai" is May; Italian "mai" is never.
    ("Le gouvernement a annoncé le 5 mai la fermeture.", "fr", "la fermeture", False),
    ("Il governo non ha mai annunciato la chiusura.", "it", "annunciato la chiusura", True),
])
def test_a_word_negates_only_in_a_language_where_it_is_a_negation(
        source: str, language: str | None, quote: str, flagged: bool) -> None:
    got = negated_before(source, source.index(quote), language)
    assert (got is not None) is flagged


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


@pytest.mark.parametrize(("source", "quote"), [
    # The negation governs a clause of its own, ended by a comma and a linker of cause,
    # concession or contrast, whether the passage starts after the linker or with it.
    ("We did not go, because the council will close the library.", "the council will"),
    ("It was not cheap, but the council will close the library.", "the council will"),
    ("It was not cheap, although the council will close it.", "although the council"),
    ("No estaba previsto, porque el gobierno subirá los impuestos.", "el gobierno subirá"),
    ("No estaba previsto, pero el gobierno subirá los impuestos.", "pero el gobierno"),
    ("Il est impossible de démontrer qu'il ne l'est pas de façon absolue, puisque le champ "
     "des recherches est infini.", "puisque le champ des recherches"),
    ("Ce n'est pas le cas, comme l'a dit le ministre.", "l'a dit le ministre"),
    ("Ce n'était pas prévu, mais la mairie fermera la bibliothèque.", "la mairie fermera"),
    ("Er kam nicht, weil der Rat die Bibliothek schließt.", "der Rat die Bibliothek"),
    ("Es war nicht geplant, aber der Rat schließt die Bibliothek.", "aber der Rat"),
    ("Det var inte planerat, men regeringen höjer skatten.", "regeringen höjer skatten"),
    ("Det var inte planerat, eftersom regeringen höjer skatten.", "eftersom regeringen"),
    # Other breaks: a closed parenthetical, a closed quotation, an interjection.
    ("The mayor — who was not consulted — will close the library.", "will close the"),
    ("The mayor (who was not consulted) will close the library.", "will close the"),
    ("“Esto ya no es justicia”, dijo el ministro en la radio.", "dijo el ministro"),
    ("No, the council will close the library.", "the council will close the library"),
    # "not X but Y": Y is asserted, comma or not.
    ("It is not the mayor but the council that will close it.", "the council that"),
    ("No lo dijo el alcalde sino el gobierno.", "el gobierno"),
    ("Es ging nicht um Schönheit sondern um Präzision.", "um Präzision"),
    ("Det är inte rådet utan regeringen som höjer skatten.", "regeringen som höjer"),
])
def test_a_negation_in_an_earlier_clause_does_not_reach_the_passage(source: str,
                                                                     quote: str) -> None:
    assert negated_before(source, source.index(quote)) is None


_WORDS = st.sampled_from([
    "not", "no", "nicht", "inte", "pas", "n'est", "don't", "nunca", "that", "que", "dass",
    "att", "qu'il", "because", "but", "sino", "the", "council", "el", "der", "1,000",
])
_SEPARATORS = st.sampled_from([" ", " ", ", ", " — ", " (", ") ", "\n", ". "])


@st.composite
def _sentences(draw: st.DrawFn) -> tuple[str, int]:
    """A run of words and separators, and where one of its words starts."""
    words = draw(st.lists(_WORDS, min_size=1, max_size=30))
    text, starts = "", []
    for w in words:
        text += draw(_SEPARATORS) if text else ""
        starts.append(len(text))
        text += w
    return text, draw(st.sampled_from(starts))


@given(_sentences(), st.text(max_size=200))
def test_what_comes_before_the_sentence_never_matters(sentence: tuple[str, int],
                                                      earlier: str) -> None:
    text, start = sentence
    prefix = f"{earlier}. "
    assert negated_before(prefix + text, len(prefix) + start) == negated_before(text, start)


@given(st.text(max_size=200), _sentences(),
       st.sampled_from(["because", "since", "but", "although", "puisque", "parce", "mais",
                        "weil", "aber", "porque", "pero", "eftersom", "men", "perché"]),
       st.booleans())
def test_a_comma_and_a_linker_end_any_negation_before_them(
        earlier: str, passage: tuple[str, int], linker: str, from_linker: bool) -> None:
    text = f"{earlier}, {linker} {passage[0]}"
    start = len(earlier) + 2 + (0 if from_linker else len(linker) + 1)
    assert negated_before(text, start) is None

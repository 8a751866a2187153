"""Who a text says spoke a quotation. The people named here are fictional."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.document import parse_document
from provenance.quotes.find import find_quotes
from provenance.quotes.speakers import (
    mentions,
    other_speaker,
    same_speaker,
    speaker,
    speaker_around,
)


@pytest.mark.parametrize(("before", "after", "named"), [
    # A name tied to the quote by a verb of saying, before or after it.
    ("Jane Roe said: ", "", "Jane Roe"),
    ("", ", said Jane Roe. Then the vote began.", "Jane Roe"),
    ("", ", Jane Roe said.", "Jane Roe"),
    ("", ", Roe told reporters on Monday.", "Roe"),
    ("Roe told reporters: ", "", "Roe"),
    ("Later Lindqvist also said that ", "", "Lindqvist"),
    ("", ", Roe herself said.", "Roe"),
    ("", ", said council member John Doe.", "John Doe"),
    ("", ", said the mayor, Jane Roe.", "Jane Roe"),
    ("According to President Joe Dorn, ", "", "President Joe Dorn"),
    ("Jane Roe, the mayor, said ", "", "Jane Roe"),
    ("", ", the mayor, Jane Roe, said.", "Jane Roe"),
    ("", " in Avonlea, said Pat Rynd, an editor.", "Pat Rynd"),
    ("Roe said that Doe told her: ", "", "Doe"),
    ("Según Marta Ibáñez, ", "", "Marta Ibáñez"),
    ("Ibáñez aseguró que ", "", "Ibáñez"),
    ("", ", dijo el ministro Ibáñez.", "Ibáñez"),
    ("", " —dijo Ibáñez—. Lo haremos.", "Ibáñez"),
    ("", ", sagte Kanzlerin Anna Vogt.", "Kanzlerin Anna Vogt"),
    ("", ", sagte die Kanzlerin Anna Vogt.", "Kanzlerin Anna Vogt"),
    ("", ", säger Karin Lund.", "Karin Lund"),
    ("", ", a déclaré Paul Marchand.", "Paul Marchand"),
    ("", ", disse Joana.", "Joana"),
    # Nobody named: pronouns, roles, nouns, a verb too far or in another sentence.
    ("", ", she said.", None),
    ("", ", she said Tuesday.", None),
    ("The minister said: ", "", None),
    ("Der Minister sagte: ", "", None),
    ("", ", sagt der Virologe.", None),
    ("", " —dijo el ministro—.", None),
    ("Officials said ", "", None),
    ("And they say that ", "", None),
    ("Roe spoke on Monday. ", "", None),
    ("", ". Roe said the vote was close.", None),
    ("", "”. (Read also: Roe said that", None),
    ("El Diario, close to the party, editorialized: ", "", None),
])
def test_the_speaker_a_verb_of_saying_names(before: str, after: str,
                                            named: str | None) -> None:
    assert speaker(before, after) == named


def test_a_quote_ending_its_sentence_has_no_speaker_after_it() -> None:
    assert speaker("", " Roe said the vote was close.", stopped=True) is None
    assert speaker("", " Roe said.", stopped=False) == "Roe"


def test_a_noun_opening_a_sentence_is_no_name_when_the_text_writes_it_in_lower_case() -> None:
    text = "Protesters said: “Not here.” Many protesters stayed."
    assert speaker("Protesters said: ", "", text) is None
    assert speaker("Protesters said: ", "", "Protesters said: “Not here.”") == "Protesters"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Biden", "President Joe Biden", True),
    ("Jane Roe", "Roe", True),
    ("José Jerí", "Jerí", True),
    ("Jose Jeri", "José Jerí", True),  # accents aside
    ("Jane Roe", "John Doe", False),
    ("President Roe", "President Doe", False),  # a shared role is no shared name
])
def test_two_names_are_the_same_speaker_when_they_share_a_name_word(a: str, b: str,
                                                                    same: bool) -> None:
    assert same_speaker(a, b) is same


def test_mentions_looks_for_any_name_word_but_roles() -> None:
    assert mentions("… as Ms Roe put it …", "Jane Roe")
    assert not mentions("… as the president put it …", "President Doe")


@pytest.mark.parametrize(("source", "flagged"), [
    # Ek speaks the passage; Lindqvist is nowhere near it.
    ("Councillor Jonas Ek voted against. “Nobody has shown us the bay,” said Ek.", True),
    # Lindqvist stands beside the passage: the source may call her something else there.
    ("Mara Lindqvist spoke first. “Nobody has shown us the bay,” said the chair, Mara.",
     False),
    # ... but if Lindqvist speaks elsewhere in the source, Ek and she are two people.
    ("Mara Lindqvist said the plan was sound. “Nobody has shown us the bay,” said Ek.", True),
])
def test_another_speaker_in_the_source(source: str, flagged: bool) -> None:
    start = source.index("Nobody")
    end = source.index(" the bay") + len(" the bay")
    assert (other_speaker("Lindqvist", source, start, end) is not None) is flagged


def test_the_speaker_of_a_source_passage_comes_with_the_words_that_name_them() -> None:
    text = ("The vote was close. “We will not raise taxes this year,” said council member "
            "John Doe after the meeting. Roe left early.")
    start = text.index("We will")
    end = text.index(" this year") + len(" this year")
    assert speaker_around(text, start, end) == (
        "John Doe", "said council member John Doe after the meeting")


def test_a_source_paragraph_introduced_by_the_one_before_names_its_speaker() -> None:
    text = "After the vote Jane Roe added:\n\n“The quay will open in the spring.”"
    start = text.index("The quay")
    assert speaker_around(text, start, len(text) - 1)[0] == "Jane Roe"


def test_quotations_in_a_document_carry_their_speaker() -> None:
    doc = parse_document("Jane Roe said: “We will not raise taxes.” Then “they left,” she "
                         "said, and the “so-called plan” was dropped.".encode(), "d.txt", "txt")
    quotes = {q.text: q.speaker for q in find_quotes(doc)}
    assert quotes["We will not raise taxes."] == "Jane Roe"
    assert quotes["they left,"] is None
    assert quotes["so-called plan"] is None


@pytest.mark.parametrize(("text", "fmt", "named"), [
    # A quote standing as its own paragraph, introduced by the one before.
    ("Roe told the council:\n\n“We will not raise taxes this year.”\n", "md", "Roe"),
    ("Roe told the council:\n\n> We will not raise taxes this year.\n", "md", "Roe"),
    ("<p>Roe told the council:</p><blockquote><p>We will not raise taxes this year.</p>"
     "</blockquote>", "html", "Roe"),
    ("Roe spoke at length.\n\n“We will not raise taxes this year.”\n", "md", None),
    # A block quote's credit line names a person, not a work's title or an outlet.
    ("<blockquote><p>We will not raise taxes this year.</p><footer>— Jane Roe, mayor of "
     "Avonlea</footer></blockquote>", "html", "Jane Roe"),
    ("<blockquote><p>We will not raise taxes this year.</p><footer>— <cite>Harbour "
     "Report</cite>, 2026</footer></blockquote>", "html", None),
    ("<blockquote><p>We will not raise taxes this year.</p><footer>— The Harbour "
     "Gazette</footer></blockquote>", "html", None),
])
def test_a_quote_set_apart_takes_its_speaker_from_its_introduction_or_credit_line(
        text: str, fmt: str, named: str | None) -> None:
    doc = parse_document(text.encode(), f"d.{fmt}", fmt)
    (quote,) = [q for q in find_quotes(doc) if q.kind.value == "quotation"]
    assert quote.speaker == named


@given(st.text(max_size=200), st.text(max_size=200))
def test_any_text_gives_a_name_written_in_it_or_none(before: str, after: str) -> None:
    name = speaker(before, after)
    assert name is None or all(word in before + after for word in name.split())


@given(st.text(max_size=300), st.data())
def test_any_source_passage_gives_a_name_written_in_the_text_or_none(
        text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    got = speaker_around(text, start, end)
    assert got is None or all(word in text for word in got[0].split())

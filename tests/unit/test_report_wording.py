"""Plain words in the reports: how a work is cited, times to the second in UTC, Markdown links
read as their text, and control characters made visible."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.model import Citation, CitationHow, Outcome, ResolutionStep, StepKind
from provenance.report.visible import visible
from provenance.report.wording import Piece, cited_as, link_pieces, resolution_steps, utc


@pytest.mark.parametrize(("how", "reference", "said"), [
    (CitationHow.URL, "https://a.example/x", "cited by link"),
    (CitationHow.FOOTNOTE, "3. https://a.example/x", "cited in footnote 3"),
    (CitationHow.FOOTNOTE, "[^12]: https://a.example/x", "cited in footnote 12"),
    (CitationHow.FOOTNOTE, "² https://a.example/x", "cited in footnote 2"),
    (CitationHow.FOOTNOTE, "7", "cited in footnote 7"),  # an HTML note's marker
    (CitationHow.FOOTNOTE, "see the note", "cited in a footnote"),
    (CitationHow.NARRATIVE, "the Gazette wrote on 12 March",
     "named in the text: Harbour Gazette, “The quay stays open”, 2026-03-12"),
    (CitationHow.PARENTHETICAL, "(Harbour Gazette, 12 March 2026)",
     "cited in parentheses: Harbour Gazette, “The quay stays open”, 2026-03-12"),
    (CitationHow.BACK_REFERENCE, "the same edition",
     "cited as a work named earlier: Harbour Gazette, “The quay stays open”, 2026-03-12"),
])
def test_how_a_work_is_cited_in_plain_words(how: CitationHow, reference: str,
                                            said: str) -> None:
    c = Citation(key="c1", how=how, reference=reference, outlet="Harbour Gazette",
                 title="The quay stays open", date=dt.date(2026, 3, 12))
    assert cited_as(c) == said


def test_a_vague_attribution_is_said_to_be_vague() -> None:
    c = Citation(key="c1", how=CitationHow.VAGUE, reference="the  country's\nnewspapers")
    assert cited_as(c) == "named only vaguely: “the country's newspapers”"


def test_a_narrative_citation_names_only_what_the_document_gives() -> None:
    assert cited_as(Citation(key="c1", how=CitationHow.NARRATIVE, outlet="El Comercio")) == \
        "named in the text: El Comercio"
    assert cited_as(Citation(key="c1", how=CitationHow.NARRATIVE)) == "named in the text"


def test_resolution_steps_leave_out_a_url_the_document_gave() -> None:
    given = Citation(key="c1", how=CitationHow.URL, url="https://a.example",
                     resolution=(ResolutionStep(StepKind.URL, Outcome.FOUND),))
    assert resolution_steps(given) == ()
    translated = Citation(key="c1", how=CitationHow.URL, resolution=(
        ResolutionStep(StepKind.URL, Outcome.FOUND),
        ResolutionStep(StepKind.TRANSLATION, Outcome.NOTE, "taken for c2")))
    assert resolution_steps(translated) == ("the document gives the URL",
                                            "translation: taken for c2")


@pytest.mark.parametrize(("when", "shown"), [
    (dt.datetime(2026, 3, 14, 9, 30, 5, 123456, tzinfo=dt.UTC), "2026-03-14T09:30:05Z"),
    (dt.datetime(2026, 3, 14, 11, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
     "2026-03-14T09:30:05Z"),
    (dt.datetime(2026, 3, 14, 9, 30, 5, 999999), "2026-03-14T09:30:05Z"),  # no zone: UTC
    (None, ""),
])
def test_times_are_to_the_second_in_utc(when: dt.datetime | None, shown: str) -> None:
    assert utc(when) == shown


@pytest.mark.parametrize(("text", "pieces"), [
    ("as [the Courier](https://c.example/a) said",
     [Piece("as "), Piece("the Courier", "https://c.example/a"), Piece(" said")]),
    ("[a](<https://c.example/b c>)", [Piece("[a](<https://c.example/b c>)")]),  # not a link
    ("[a](https://c.example/b \"title\") and [b](javascript:x)",
     [Piece("a", "https://c.example/b"), Piece(" and "), Piece("b", "javascript:x")]),
    ("cut off: [the Cour", [Piece("cut off: [the Cour")]),
    ("plain", [Piece("plain")]),
    ("", []),
])
def test_markdown_links_read_as_their_words(text: str, pieces: list[Piece]) -> None:
    assert link_pieces(text) == pieces


@pytest.mark.parametrize(("text", "shown"), [
    ("abc\u202edef", "abc\\u202edef"),  # RIGHT-TO-LEFT OVERRIDE
    ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),  # embeddings, overrides
    ("\u2066x\u2069", "\\u2066x\\u2069"),  # isolates
    ("bell\x07 esc\x1b[2J del\x7f nel\x85", "bell\\u0007 esc\\u001b[2J del\\u007f nel\\u0085"),
    ("\x00", "\\u0000"),
    # White space stays; so do the implicit marks of Arabic and Hebrew text and joiners.
    ("a\tb\nc\rd", "a\tb\nc\rd"),
    ("שלום\u200f, \u200eok\u061c", "שלום\u200f, \u200eok\u061c"),
    ("‍👩\u200d💻 ", "‍👩\u200d💻 "),
])
def test_control_characters_become_visible_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown

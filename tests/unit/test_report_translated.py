"""A translated quote is shown beside the source passage its names, numbers and dates tie it
to, and only then; never beside a word diff across languages."""

from __future__ import annotations

import dataclasses
import json

from lxml import html as lxml_html

from provenance.model import (
    Citation,
    CitationHow,
    Edit,
    EditKind,
    Flag,
    Match,
    Outcome,
    PageText,
    Quote,
    Report,
    ResolutionStep,
    Severity,
    Source,
    Span,
    Status,
    StepKind,
    Verdict,
)
from provenance.report.html import to_html
from provenance.report.markdown import to_markdown
from provenance.report.render import links, to_dict, validate
from provenance.report.translated import tied_passage
from tests.unit.test_report_cases import sample_report, snapshot

# A synthetic Spanish source of a fictional outlet, and a Swedish quote translating one of
# its sentences.
SOURCE = (
    "Página de prueba sintética de un diario ficticio. "
    "El gobierno de Lima se reunió ayer con los alcaldes del norte. "
    "Según el ministro Quispe, 17 puentes quedaron dañados por las lluvias del 12 de marzo "
    "de 2009 en Piura. "
    "Los alcaldes pidieron más fondos al gobierno de Lima. "
    "La reunión terminó sin acuerdo."
)
QUOTE = "Enligt minister Quispe skadades 17 broar av regnet den 12 mars 2009 i Piura"
TIED = ("Según el ministro Quispe, 17 puentes quedaron dañados por las lluvias del 12 de "
        "marzo de 2009 en Piura.")


def test_a_translation_is_tied_by_its_names_numbers_and_dates() -> None:
    tie = tied_passage(QUOTE, SOURCE)
    assert tie is not None
    assert tie.text == TIED and tie.span.slice(SOURCE) == TIED
    assert tie.shared == ("12 mars 2009", "17", "Quispe", "Piura")


def test_nothing_is_tied_when_the_quote_names_nothing_the_source_holds() -> None:
    assert tied_passage("Det var en dålig dag för alla i staden", SOURCE) is None
    # One name alone, which the page repeats, ties nothing.
    assert tied_passage("Regeringen i Lima vill inte svara", SOURCE) is None


def test_two_places_holding_as_much_tie_nothing() -> None:
    twice = SOURCE + " Otra vez: Quispe contó 17 puentes caídos en Piura."
    assert tied_passage("Quispe räknade 17 broar i Piura", twice) is None


def test_german_nouns_are_not_taken_for_names() -> None:
    quote = "Laut Minister Quispe wurden 17 Brücken durch den Regen in Piura beschädigt"
    tie = tied_passage(quote, SOURCE)
    assert tie is not None and tie.text == TIED
    assert set(tie.shared) == {"17", "Quispe", "Piura"}


def _translated_report(quote_text: str = QUOTE) -> tuple[Report, Verdict]:
    """A report whose one verdict is a translation, with the arbitrary alignment across
    languages that the matcher gives (and an empty elided gap), as the first run showed."""
    base = sample_report()
    url = "https://diario-ficticio.example/2009/03/lluvias"
    body = SOURCE.encode()
    text = PageText(main=SOURCE, full=SOURCE, title="Lluvias", language="es")
    citation = Citation(key="c1", how=CitationHow.URL, url=url, reference=url,
                        resolution=(ResolutionStep(StepKind.URL, Outcome.FOUND),))
    start = SOURCE.index("dañados")
    arbitrary = Match(38.0, Span(start, start + 7), SOURCE[start : start + 7],
                      edits=(Edit(EditKind.NUMBER_CHANGED, "dåligt", "17",
                                  Severity.CRITICAL),),
                      elided=("",))
    quote = Quote(quote_text, Span(0, len(quote_text)), 1, 1, marks="“”", language="sv",
                  citation=citation, link_reason="url: " + url)
    verdict = Verdict(quote, Status.UNVERIFIED,
                      "the quote is in Swedish (sv) and the source in Spanish (es): a "
                      "translation cannot be checked word for word", arbitrary,
                      (Flag.TRANSLATED,), Source(citation, snapshot(url, body), text))
    doc = dataclasses.replace(base.document, text=quote_text)
    return dataclasses.replace(base, document=doc, verdicts=(verdict,), others=()), verdict


def test_markdown_shows_the_tied_passage_and_no_word_diff() -> None:
    report, _ = _translated_report()
    md = to_markdown(report)
    assert f"- **Source passage tied to it** (shares with the quote: 12 mars 2009, 17, " \
           f"Quispe, Piura): “{TIED}”" in md
    for absent in ("dåligt", "number-changed", "elided", "Source says"):
        assert absent not in md
    # The link opens the page at the tied passage, not at the arbitrary alignment.
    assert "**Open at the passage:**" in md and "Seg%C3%BAn%20el%20ministro" in md


def test_markdown_says_when_no_passage_is_tied() -> None:
    report, verdict = _translated_report("Det var en dålig dag för alla i staden, sa han")
    md = to_markdown(report)
    assert "- **Source passage:** none shown" in md
    assert "Open at the passage" not in md and "dåligt" not in md and "elided" not in md
    assert links(verdict).fragment is None and links(verdict).live is not None


def test_html_card_of_a_translation() -> None:
    report, _ = _translated_report()
    card = lxml_html.fromstring(to_html(report)).get_element_by_id("q1")
    (tied,) = card.xpath(".//p[contains(@class, 'tied')]")
    assert tied.text_content() == TIED
    assert "12 mars 2009, 17, Quispe, Piura" in card.text_content()
    assert not card.xpath(".//table[@class='edits'] | .//del | .//ins | .//span[@class='elided']")
    assert "dåligt" not in card.text_content()
    (live,) = card.xpath(".//a[@class='live']")
    assert live.text_content() == "Open the page at this passage"

    report, _ = _translated_report("Det var en dålig dag för alla i staden, sa han")
    card = lxml_html.fromstring(to_html(report)).get_element_by_id("q1")
    assert not card.xpath(".//p[contains(@class, 'passage')]")
    assert "No passage shown" in card.text_content()
    assert card.xpath(".//a[@class='live']")[0].text_content() == "Open the page"


def test_json_names_the_tied_passage_and_stays_valid() -> None:
    report, _ = _translated_report()
    data = json.loads(json.dumps(to_dict(report)))
    validate(data)
    assert data["verdicts"][0]["translation"] == {
        "source_text": TIED, "start": SOURCE.index(TIED), "end": SOURCE.index(TIED) + len(TIED),
        "shared": ["12 mars 2009", "17", "Quispe", "Piura"]}
    report, _ = _translated_report("Det var en dålig dag för alla i staden, sa han")
    data = to_dict(report)
    validate(json.loads(json.dumps(data)))
    assert data["verdicts"][0]["translation"] is None
    # Verdicts that are no translation carry no such key.
    assert all("translation" not in v for v in to_dict(sample_report())["verdicts"])


def test_a_name_of_several_words_may_open_the_quote() -> None:
    """The first word of a sentence counts only as the start of a name of several words:
    "José Jerí" is a name, "The" or "Regeringen" is not."""
    source = ("Editorial sintético. José Jerí cayó por sus propios errores, pero el Parlamento "
              "marcó un pésimo precedente. El caso Jerí sigue abierto.")
    quote = "José Jerí fell because of his own mistakes, but Parliament set a bad precedent"
    tie = tied_passage(quote, source)
    assert tie is not None and tie.shared == ("José", "Jerí")
    assert tie.text.startswith("José Jerí cayó") and tie.text.endswith("precedente.")
    assert tied_passage("The case is still open, says Jerí", source) is None

"""Narrative attributions: a paper named in the writer's sentence as the one saying the
words, before or after the quotation. Synthetic documents: papers and words are fictional."""

from __future__ import annotations

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Quote, QuoteKind
from provenance.quotes.find import find_quotes

_EARLIER = "La Gaceta del Norte publicó ayer un informe: “el muelle está cerrado desde marzo”.\n\n"


def quotes(text: str) -> list[Quote]:
    doc = parse_document(text.encode(), "synthetic.md", "md")
    return list(attribute(doc, find_quotes(doc), find_citations(doc)))


def the_quote(text: str, start: str) -> Quote:
    return next(q for q in quotes(text) if q.text.casefold().startswith(start.casefold()))


@pytest.mark.parametrize("para", [
    "As La Voz del Puerto's editorial “Las mareas” (Lima, February 18, 2026) puts it: "
    "“the works will end before winter comes to the harbour”.",
    "El editorial de La Voz del Puerto lo dice así: “las obras terminarán antes del invierno”.",
    "La Voz del Puerto, en su editorial “Las mareas” del 18 de febrero de 2026, editorializó: "
    "“las obras terminarán antes del invierno”.",
    "“Las obras terminarán antes del invierno”, informó La Voz del Puerto.",
    "“The works will end before winter comes,” wrote The Voz del Puerto in its editorial.",
    "La Voz del Puerto informó en “Las mareas” (17 de febrero de 2026) que “las obras "
    "terminarán antes del invierno”.",
])
def test_the_paper_named_as_speaker_is_the_work(para: str) -> None:
    q = the_quote(_EARLIER + para + "\n", "the works" if "works" in para else "las obras")
    assert q.kind is QuoteKind.QUOTATION
    assert q.citation is not None
    words = f"{q.citation.outlet} {q.citation.title}"
    assert "Puerto" in words or "Las mareas" in words, q.citation


def test_a_person_as_subject_names_no_work() -> None:
    q = the_quote("Ana Ruiz Soto concluyó: “las obras terminarán antes del invierno”.\n",
                  "las obras")
    assert q.citation is None


def test_the_url_in_the_parenthesis_wins_over_the_papers_name() -> None:
    text = ("“Las obras terminarán antes del invierno”, dijo Fajardo, según El Tiempo del Sur "
            "(https://example.org/tiempo/obras).\n")
    q = the_quote(text, "Las obras")
    assert q.citation is not None and q.citation.url == "https://example.org/tiempo/obras"


def test_a_back_reference_in_running_text_takes_the_edition_named_before() -> None:
    text = ("La Voz del Puerto publicó su editorial el 16 de febrero de 2026.\n\n"
            "En la edición ya citada se lee: “las obras terminarán antes del invierno”.\n")
    q = the_quote(text, "las obras")
    assert q.citation is not None and q.citation.outlet == "La Voz del Puerto"


def test_a_title_published_is_a_title_and_its_quote_gets_that_work_only() -> None:
    text = (_EARLIER + "La Voz del Puerto publicó “Las mareas del invierno” (18 de febrero de "
            "2026), donde se afirma: “las obras terminarán antes del invierno”.\n")
    got = quotes(text)
    title = next(q for q in got if q.text.startswith("Las mareas"))
    assert title.kind is QuoteKind.TITLE
    q = next(q for q in got if q.text.startswith("las obras"))
    assert q.citation is not None and "Gaceta" not in (q.citation.outlet or "")
    assert "Puerto" in (q.citation.outlet or "") or q.citation.title == "Las mareas del invierno"


def test_a_title_after_la_nota_is_a_title_and_the_quote_gets_the_work() -> None:
    text = ("Según la nota “Las mareas del invierno” (diario La Voz del Puerto, 18 de febrero "
            "de 2026): “las obras terminarán antes del invierno”.\n")
    got = quotes(text)
    assert next(q for q in got if q.text.startswith("Las mareas")).kind is QuoteKind.TITLE
    q = next(q for q in got if q.text.startswith("las obras"))
    assert q.kind is QuoteKind.QUOTATION and q.citation is not None
    assert "Puerto" in (q.citation.outlet or "") or q.citation.title == "Las mareas del invierno"


@pytest.mark.parametrize("para", [
    "„Die Arbeiten enden vor dem Winter am ganzen Kai“, schrieb Die Hafenzeitung.",
    "Die Hafenzeitung, in ihrem Leitartikel vom 16. Februar 2026, schrieb: „Die Arbeiten "
    "enden vor dem Winter am ganzen Kai“.",
    "Bürgermeisterin Anna Roth sagte der Hafenzeitung: „Die Arbeiten enden vor dem Winter am "
    "ganzen Kai“.",
])
def test_german_marks_ordinals_and_a_dative_paper(para: str) -> None:
    q = the_quote("Der Nordbote veröffentlichte gestern einen Bericht.\n\n" + para + "\n",
                  "Die Arbeiten")
    assert q.citation is not None and "Hafenzeitung" in (q.citation.outlet or ""), q.citation


def test_speaker_between_verb_and_paper_after_the_quote() -> None:
    q = the_quote("“Las obras terminarán antes del invierno”, dijo la alcaldesa Ana Ruiz a "
                  "La Voz del Puerto.\n", "Las obras")
    assert q.citation is not None and q.citation.outlet == "La Voz del Puerto"


def test_a_place_after_said_is_no_paper() -> None:
    q = the_quote("“Las obras terminarán antes del invierno”, dijo que iría a La Habana "
                  "mañana.\n", "Las obras")
    assert q.citation is None


def test_the_passage_announced_comes_from_the_page_linked_just_before() -> None:
    text = ("The review appeared in the harbour bulletin ([link](https://example.org/bulletin)).\n\n"
            "Because it matters, I translate the passage:\n\n"
            "> The pier will be finished before the winter comes back to the harbour.\n")
    q = the_quote(text, "The pier")
    assert q.citation is not None and q.citation.url == "https://example.org/bulletin"


def test_a_sentence_broken_off_on_a_link_runs_into_the_block_quote() -> None:
    text = ("This matters when [people say things like](https://example.org/post)\n\n"
            "> The pier will be finished before the winter comes back to the harbour.\n")
    q = the_quote(text, "The pier")
    assert q.citation is not None and q.citation.url == "https://example.org/post"


def test_words_not_said_are_mentioned() -> None:
    q = quotes("Of course the paper does not say “harbour tax” anywhere.\n")[0]
    assert q.kind is QuoteKind.TERM


@pytest.mark.parametrize("text", [
    "The Mayor wrote: “the pier will be finished before the winter comes back”.\n",
    "El Presidente escribió: “las obras terminarán antes del invierno en todo el puerto”.\n",
    "The Government stated: “the pier will be finished before the winter comes back”.\n",
])
def test_a_role_or_a_body_speaking_is_no_paper(text: str) -> None:
    (q,) = quotes(text)
    assert q.citation is None

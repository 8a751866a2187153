"""Cited works and the tie from each quotation to one of them. Outlets and people here are
fictional."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import CitationHow, Document, Quote, QuoteKind
from provenance.quotes.find import find_quotes

HOW = CitationHow


def linked(text: str, fmt: str = "txt") -> list[Quote]:
    doc = parse_document(text.encode(), f"test.{fmt}", fmt)
    return [q for q in attribute(doc, find_quotes(doc), find_citations(doc))
            if q.kind is QuoteKind.QUOTATION]


def only(text: str, fmt: str = "txt") -> Quote:
    (q,) = linked(text, fmt)
    return q


# --- URLs and footnotes --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "fmt", "url"), [
    ("As reported at https://example.org/a, the mayor said: “We will build the bridge.”",
     "txt", "https://example.org/a"),
    ("The [mayor said](https://example.org/b): “We will build the bridge.”", "md",
     "https://example.org/b"),
    ('<p><a href="https://example.org/c">“We will build the bridge next year”</a>, the mayor '
     "said.</p>", "html", "https://example.org/c"),
])
def test_links(text: str, fmt: str, url: str) -> None:
    q = only(text, fmt)
    assert q.citation is not None and (q.citation.url, q.citation.how) == (url, HOW.URL)
    assert q.link_reason.startswith("url: ")


@pytest.mark.parametrize("text", [
    "The mayor said: “We will build the bridge next year.”1\n\n1. https://example.org/d\n",
    "The mayor said: “We will build the bridge next year” [1].\n\n[1] https://example.org/d\n",
    "The mayor said: “We will build the bridge next year”.¹\n\n¹ https://example.org/d\n",
    "The mayor said: “We will build the bridge next year”[^1].\n\n[^1]: https://example.org/d\n",
    "The mayor SAID1: “We will build the bridge next year.”\n\n  1. https://example.org/d↩︎\n",
])
def test_footnote_markers(text: str) -> None:
    q = only(text)
    assert q.citation is not None
    assert (q.citation.url, q.citation.how) == ("https://example.org/d", HOW.FOOTNOTE)


def test_html_footnote_marker() -> None:
    html = ("<html><body><p>The mayor said: “We will build the bridge next year.”"
            '<sup><a href="#fn1">1</a></sup></p><ol><li id="fn1"><a href="https://example.org/'
            'g">The Harbour Gazette</a></li></ol></body></html>')
    q = only(html, "html")
    assert q.citation is not None
    assert (q.citation.url, q.citation.how) == ("https://example.org/g", HOW.FOOTNOTE)


def test_html_cite_attribute_names_the_source_of_its_quotation() -> None:
    html = ('<p>The mayor said <q cite="https://courier.example/a">we will build the quay '
            'this year</q> on Monday, and <a href="https://other.example/x">elsewhere</a> '
            "more.</p><blockquote cite=\"https://ledger.example/editorial\"><p>The council "
            "cannot afford to lose this gamble, and it knows it.</p></blockquote>"
            '<blockquote cite="javascript:alert(1)"><p>A quotation whose cite attribute is '
            "no web address at all, so it names nothing.</p></blockquote>")
    q, bq, bad = linked(html, "html")
    assert (q.citation.url, q.link_reason) == (  # type: ignore[union-attr]
        "https://courier.example/a", 'url: cite="https://courier.example/a"')
    assert bq.citation.url == "https://ledger.example/editorial"  # type: ignore[union-attr]
    assert bad.citation is None


def test_html_cite_element_names_a_title_with_its_place_and_date() -> None:
    # <cite> marks a work's title without quote marks: it is a title like “…”, and the
    # parenthesis after it gives that work's date rather than citing another work.
    html = ("<p>In its editorial <cite>El costo de la inacción</cite> (Lima, 3 de marzo de "
            "2025), the paper wrote: “Los impuestos no subirán este año en ninguna provincia”."
            "</p>")
    doc = parse_document(html.encode(), "t.html", "html")
    title, _quotation = find_quotes(doc)
    assert (title.kind, title.marks, title.text) == (
        QuoteKind.TITLE, "<cite>", "El costo de la inacción")
    (work,) = find_citations(doc)
    assert (work.title, work.date) == ("El costo de la inacción", dt.date(2025, 3, 3))
    assert only(html, "html").citation.title == "El costo de la inacción"  # type: ignore[union-attr]


def test_html_cite_around_quote_marks_makes_them_a_title() -> None:
    html = ("<p>The council answered in <cite>“A Library for Everyone”</cite> and on the "
            "radio.</p><p>The mayor said <q>we will keep <cite>Harbour Days</cite> going</q>."
            "</p>")
    kinds = {q.text: q.kind for q in find_quotes(parse_document(html.encode(), "t.html",
                                                                  "html"))}
    assert kinds["A Library for Everyone"] is QuoteKind.TITLE
    # A title inside someone's quoted words is part of them, not a work the writer cites.
    assert "Harbour Days" not in kinds
    assert kinds["we will keep Harbour Days going"] is QuoteKind.QUOTATION


def test_html_block_quote_credit_lines_cite_its_work() -> None:
    html = ("<p>Synthetic article about a fictional town.</p>"
            "<figure><blockquote><p>The council will not close the old library in 2024, "
            "whatever the budget says.</p></blockquote><figcaption>— <cite>The Library "
            "Question</cite>, Harbour Gazette, 4 March 2024</figcaption></figure>"
            "<blockquote><p>A second passage, credited in its own footer with a link to the "
            'page.</p><footer>— <cite><a href="https://gazette.example/libraries">On '
            "Libraries</a></cite></footer></blockquote>"
            "<p>A closing paragraph.</p>")
    first, second = linked(html, "html")
    # The footer is the credit, not part of the quoted words.
    assert second.text == "A second passage, credited in its own footer with a link to the page."
    assert (first.citation.title, first.citation.date) == (  # type: ignore[union-attr]
        "The Library Question", dt.date(2024, 3, 4))
    assert (second.citation.title, second.citation.url) == (  # type: ignore[union-attr]
        "On Libraries", "https://gazette.example/libraries")


def test_short_html_blocks_are_paragraphs_of_their_own() -> None:
    # Lines of similar, short length would read as a hard-wrapped text file; in HTML each
    # line ends a block, so a citation in one does not reach the quotation in the next.
    html = "".join(f"<p>Short line number {n} of a synthetic page.</p>" for n in range(8)) + (
        '<p>See <a href="https://gazette.example/a">the report</a> for more.</p>'
        "<p>“We will build the quay this year,” the mayor said.</p>")
    assert only(html, "html").citation is None


def test_numbers_that_are_not_markers() -> None:
    text = ("In 2020 the mayor said: “We will build 3 bridges by 2021.” Version 1.2 shipped.\n\n"
            "1. https://example.org/list-item\n2. https://example.org/other\n")
    assert only(text).citation is None


def test_footnote_without_url_is_not_a_work() -> None:
    text = "Some rats from the ROL2 said: “We will win this time around.”\n\n2. A gloss.\n"
    assert find_citations(Document(text, "t", "txt", "")) == ()


# --- parentheticals, in six languages ---------------------------------------------------------


@pytest.mark.parametrize(("text", "outlet", "title", "date"), [
    ("Fue “un error de cálculo del gobierno” (Editorial “La hora cero”, El Diario Austral, 3 de "
     "marzo de 2024).", "El Diario Austral", "La hora cero", dt.date(2024, 3, 3)),
    ("It was “a miscalculation by the council” (Editorial “Zero Hour,” The Daily Planet, March "
     "3, 2024).", "The Daily Planet", "Zero Hour", dt.date(2024, 3, 3)),
    ("Det var ”ett misstag av regeringen” (ledare ”Nolltimmen”, Kvällsbladet, 3 mars 2024).",
     "Kvällsbladet", "Nolltimmen", dt.date(2024, 3, 3)),
    ("Es war „ein Fehler der Regierung“ (Leitartikel „Die Stunde null“, Der Kurier, 3. März "
     "2024).", "Der Kurier", "Die Stunde null", dt.date(2024, 3, 3)),
    ("Foi “um erro de cálculo do governo” (editorial “A hora zero”, O Diário Sul, 3 de março "
     "de 2024).", "O Diário Sul", "A hora zero", dt.date(2024, 3, 3)),
    ("C'était « une erreur du gouvernement » (éditorial « L'heure zéro », Le Quotidien Bleu, 3 "
     "mars 2024).", "Le Quotidien Bleu", "L'heure zéro", dt.date(2024, 3, 3)),
])
def test_parenthetical(text: str, outlet: str, title: str, date: dt.date) -> None:
    q = only(text)
    c = q.citation
    assert c is not None
    assert (c.how, c.outlet, c.title, c.date) == (HOW.PARENTHETICAL, outlet, title, date)
    assert q.link_reason.startswith("parenthetical: (")


# --- narratives ------------------------------------------------------------------------------


def test_editorial_narrative() -> None:
    q = only("El Diario Austral, alineado con el gobierno, al respecto, editorializó: “El "
             "alcalde cayó por sus propios errores.”")
    assert q.citation is not None
    assert (q.citation.how, q.citation.outlet) == (HOW.NARRATIVE, "El Diario Austral")
    assert "editorializó" in q.link_reason


def test_titled_narrative_reaches_the_next_paragraph() -> None:
    text = ("As the editorial in the newspaper The Daily Planet rightly points out in “Zero "
            "Hour for the Council” (Springfield, March 3, 2024), in the part we quote:\n\n"
            "“On the eve of a vote, control of the council is both an opportunity and a risk.”\n\n"
            "Next, our own words.\n")
    q = only(text)
    c = q.citation
    assert c is not None
    assert (c.how, c.outlet, c.title, c.date) == (
        HOW.NARRATIVE, "The Daily Planet", "Zero Hour for the Council", dt.date(2024, 3, 3))


def test_title_with_author_and_back_reference() -> None:
    text = ("It was “a miscalculation” (Editorial “Zero Hour”, The Daily Planet, March 3, 2024).\n"
            "In the Opinion page “The Symptom”, by J. Doe, The Daily Planet, the aforementioned "
            "edition, we read: “they chose him precisely because he was weak.”\n")
    quotes = linked(text)
    column = next(q for q in quotes if q.text.startswith("they chose"))
    c = column.citation
    assert c is not None
    assert (c.how, c.outlet, c.title, c.author, c.date) == (
        HOW.BACK_REFERENCE, "The Daily Planet", "The Symptom", "J. Doe", dt.date(2024, 3, 3))
    editorial = next(q for q in quotes if q.text == "a miscalculation")
    assert editorial.citation is not None and editorial.citation.key != c.key


@pytest.mark.parametrize(("text", "outlet", "author", "date"), [
    ("“We will build the bridge next year,” according to The Daily Planet (March 3, 2024).",
     "The Daily Planet", None, dt.date(2024, 3, 3)),
    ("Según el diario El Diario Austral, el alcalde prometió: “Construiremos el puente el año "
     "que viene.”", "El Diario Austral", None, None),
    ("According to J. Doe, the plan was “a miscalculation by the whole harbour board from the "
     "start”.", None, "J. Doe", None),
])
def test_according_to(text: str, outlet: str | None, author: str | None,
                      date: dt.date | None) -> None:
    c = only(text).citation
    assert c is not None
    assert (c.how, c.outlet, c.author, c.date) == (HOW.NARRATIVE, outlet, author, date)


def test_editorial_narrative_with_date() -> None:
    q = only("The Harbour Gazette wrote in an editorial on March 3, 2024: “The council has set "
             "a poor precedent.”")
    assert q.citation is not None
    assert (q.citation.outlet, q.citation.date) == ("The Harbour Gazette", dt.date(2024, 3, 3))


@pytest.mark.parametrize("backref", ["(ibid.)", "(ibídem)", "(op. cit.)", "(Doe, op. cit.)"])
def test_ibid_is_the_same_work(backref: str) -> None:
    text = ("It was “a grave miscalculation” (“Zero Hour”, by J. Doe, The Daily Planet, March 3, "
            f"2024).\nLater it was “another grave miscalculation” {backref}.\n")
    first, second = linked(text)
    assert first.citation is not None and second.citation is not None
    assert second.citation.key == first.citation.key


# --- vague ------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "(los diarios del país)", "(the country's newspapers)", "(landets dagstidningar)",
    "(as reported in the country’s newspapers", "(laut den Zeitungen des Landes)",
    "(segundo os jornais do país)", "(selon la presse)",
])
def test_vague_attribution_is_recorded(note: str) -> None:
    text = ("J. Smith's statements serve as an admission:\n"
            "“We are no longer here to fight. There is no left or right.”\n"
            "He said the model stays because “it is not difficult to govern a country.”\n"
            f"These are his words {note}.\n")
    quotes = linked(text)
    assert len(quotes) == 2
    keys = {q.citation.key for q in quotes if q.citation}
    assert len(keys) == 1
    c = quotes[0].citation
    assert c is not None and (c.how, c.author, c.url) == (HOW.VAGUE, "J. Smith", None)
    assert note.strip("()") in c.reference or "newspapers" in c.reference


def test_unattributed() -> None:
    q = only("Out of nowhere: “We will build the bridge next year, no matter what.”")
    assert (q.citation, q.link_reason) == (None, "unattributed")


def test_keys_are_unique_and_stable() -> None:
    text = ("It was “a miscalculation” (Editorial “Zero Hour”, The Daily Planet, March 3, 2024).\n"
            "Again “a miscalculation of the board” (Editorial “Zero Hour”, The Daily Planet, "
            "March 3, 2024).\nSee https://example.org/x and https://example.org/x again.\n")
    doc = parse_document(text.encode(), "t.txt", "txt")
    first = find_citations(doc)
    again = find_citations(parse_document(text.encode(), "t2.txt", "txt"))
    assert [c.key for c in first] == [c.key for c in again]
    assert len({c.key for c in first}) == len(first) == 2
    quotes = [q for q in attribute(doc, find_quotes(doc), first) if q.citation]
    assert len({q.citation.key for q in quotes if q.citation}) == 1


def test_attribute_uses_the_citations_it_is_given() -> None:
    text = "It was “a miscalculation” (Editorial “Zero Hour”, The Daily Planet, March 3, 2024)."
    doc = Document(text, "t", "txt", "")
    quotes = find_quotes(doc)
    assert all(q.citation is None for q in attribute(doc, quotes, ()))
    resolved = tuple(c.__class__(**{**{f: getattr(c, f) for f in c.__slots__},
                                   "url": "https://example.org/zero"})
                     for c in find_citations(doc))
    q = next(q for q in attribute(doc, quotes, resolved) if q.kind is QuoteKind.QUOTATION)
    assert q.citation is not None and q.citation.url == "https://example.org/zero"


def test_no_outlet_from_a_speaker_or_a_generic_paper() -> None:
    text = ("Der Bürgermeister sagte: „Wir bauen die Brücke im nächsten Jahr.“ Die Zeitung "
            "schrieb: »Das ist ein Fehler der ganzen Regierung«.")
    assert find_citations(parse_document(text.encode(), "t.txt", "txt")) == ()
    assert all(q.citation is None for q in linked(text))


@pytest.mark.parametrize(("intro", "outlet"), [
    ("as the editorial of The Daily Planet points out in", "The Daily Planet"),
    ("como señala el editorial de El Diario Austral en", "El Diario Austral"),
    ("som ledaren i Kvällsbladet påpekar i", "Kvällsbladet"),
])
def test_outlet_named_after_the_editorial(intro: str, outlet: str) -> None:
    text = (f"And {intro} “Zero Hour” (Springfield, 18 February 2026), in the part we quote:\n\n"
            "“Control of the council is both an opportunity and a risk for everyone.”\n")
    c = only(text).citation
    assert c is not None
    assert (c.outlet, c.title, c.date) == (outlet, "Zero Hour", dt.date(2026, 2, 18))


def test_html_numbered_notes_without_anchors() -> None:
    html = ("<html><body><p>The mayor said: “We will build the bridge next year.”<sup>1</sup>"
            "</p><ol><li>https://example.org/notes-1</li><li>A gloss.</li></ol></body></html>")
    doc = parse_document(html.encode(), "t.html", "html")
    assert "1. https://example.org/notes-1" in doc.text
    q = only(html, "html")
    assert q.citation is not None
    assert (q.citation.url, q.citation.how) == ("https://example.org/notes-1", HOW.FOOTNOTE)


def test_block_quotation_of_several_paragraphs_after_a_colon() -> None:
    html = ("<html><body><p>Synthetic test page.</p><p>The Harbour Gazette wrote in an "
            "editorial:</p><blockquote><p>The council has set a poor precedent.</p><p>The port "
            "will pay for it for years to come.</p></blockquote><p>Our own words.</p>"
            "</body></html>")
    q = only(html, "html")
    assert q.kind is QuoteKind.QUOTATION and q.marks == "<blockquote>"
    assert q.citation is not None and q.citation.outlet == "The Harbour Gazette"


def test_multi_paragraph_quotation_after_a_colon() -> None:
    text = ("The Harbour Gazette wrote in an editorial:\n\n“The council has set a poor "
            "precedent.\n\n“The port will pay for it for years to come.”\n\nOur own words.\n")
    q = only(text)
    assert q.citation is not None and q.citation.outlet == "The Harbour Gazette"

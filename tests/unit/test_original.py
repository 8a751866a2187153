"""The whole document against its original: reposts, changes, paraphrase, translation.

Every text here is synthetic, written for these tests."""

from __future__ import annotations

from provenance.model import RepostKind, SentenceChange, Span
from provenance.reuse.anchors import align_paragraphs, anchors_of
from provenance.reuse.original import compare_original, sentence_spans

# Synthetic: a short news report standing in for an original.
ORIGINAL = (
    "The city council approved the new budget on Tuesday after a debate that lasted "
    "most of the afternoon. The plan sets aside 4,500,000 euros for repairs to the old "
    "harbour wall.\n\n"
    "Mayor Lucia Ferrante said the repairs would start in the spring. Residents of the "
    "harbour district had asked for the work for more than ten years.\n\n"
    "The opposition voted against the plan and called it a gift to the builders. A final "
    "vote on the details is expected on 12 March 2026."
)


def _doc(text: str) -> str:
    return "Source: https://news.example/budget\n\n" + text


SKIP = [Span(0, 6)]


def test_a_verbatim_repost_is_faithful_and_covers_everything() -> None:
    got = compare_original(_doc(ORIGINAL), ORIGINAL, "https://news.example/budget", SKIP)
    assert got.kind is RepostKind.FAITHFUL
    assert got.sentences == ()
    assert got.original_share == 1.0 and got.document_share == 1.0


def test_the_source_line_is_not_a_sentence_added() -> None:
    got = compare_original(_doc(ORIGINAL), ORIGINAL, "u", [])
    assert [d.change for d in got.sentences] == [SentenceChange.ADDED]


def test_sentences_added_dropped_and_changed_are_each_reported() -> None:
    doc = (ORIGINAL
           .replace("Residents of the harbour district had asked for the work for more "
                    "than ten years.", "")
           .replace("called it a gift to the builders", "called it a present to the builders")
           + " Nobody from the port authority came to the meeting.")
    got = compare_original(_doc(doc), ORIGINAL, "u", SKIP)
    assert got.kind is RepostKind.CHANGED
    by = {d.change: d for d in got.sentences}
    assert set(by) == {SentenceChange.ADDED, SentenceChange.DROPPED, SentenceChange.CHANGED}
    text = _doc(doc)
    assert by[SentenceChange.ADDED].document.slice(text).startswith("Nobody from the port")
    assert by[SentenceChange.DROPPED].original.slice(ORIGINAL).startswith("Residents")
    edits = by[SentenceChange.CHANGED].edits
    assert [(e.quote, e.source) for e in edits] == [("present", "gift")]
    assert edits[0].span.slice(ORIGINAL) == "gift"
    assert got.original_share == round(5 / 6, 4)
    assert got.document_share == round(5 / 6, 4)


def test_a_number_changed_is_a_sentence_changed_with_a_number_edit() -> None:
    doc = ORIGINAL.replace("4,500,000", "5,400,000")
    got = compare_original(_doc(doc), ORIGINAL, "u", SKIP)
    assert got.kind is RepostKind.CHANGED
    (diff,) = got.sentences
    assert diff.change is SentenceChange.CHANGED
    assert [(e.quote, e.source) for e in diff.edits] == [("5,400,000", "4,500,000")]
    assert diff.edits[0].kind.value == "number-changed"


def test_a_paraphrase_does_not_count_as_present() -> None:
    doc = ORIGINAL.replace(
        "The city council approved the new budget on Tuesday after a debate that lasted "
        "most of the afternoon.",
        "After an afternoon of arguing, councillors on Tuesday passed the spending plan.")
    got = compare_original(_doc(doc), ORIGINAL, "u", SKIP)
    changes = sorted(d.change.value for d in got.sentences)
    assert changes == ["added", "dropped"]
    assert got.original_share == round(5 / 6, 4)


def test_sentences_are_cut_at_full_stops_inside_paragraphs() -> None:
    spans = sentence_spans(ORIGINAL)
    assert len(spans) == 6
    assert spans[1].slice(ORIGINAL).startswith("The plan sets aside")


# Synthetic: the same report in Spanish, one paragraph per paragraph, with the date of the
# final vote changed to 19 March.
SPANISH = (
    "El concejo municipal aprobó el martes el nuevo presupuesto tras un debate que duró "
    "casi toda la tarde. El plan reserva 4.500.000 euros para reparar el viejo muro del "
    "puerto.\n\n"
    "La alcaldesa Lucia Ferrante dijo que las obras empezarán en primavera. Los vecinos del "
    "barrio del puerto pedían las obras desde hacía más de diez años.\n\n"
    "La oposición votó en contra y lo llamó un regalo a las constructoras. Se espera una "
    "votación final sobre los detalles el 19 de marzo de 2026."
)


def test_a_translation_is_aligned_by_anchors_and_a_changed_date_is_reported() -> None:
    got = compare_original(_doc(SPANISH), ORIGINAL, "u", SKIP)
    assert got.kind is RepostKind.TRANSLATION
    assert got.languages == ("es", "en")
    assert got.sentences == ()  # never a word diff across languages
    assert got.paragraphs == ((1, 0), (2, 1), (3, 2))
    (clash,) = got.anchors
    assert clash.kind == "date"
    assert clash.document == ("2026-03-19",) and clash.original == ("2026-03-12",)
    assert clash.paragraphs == (3, 2)
    assert got.original_share == 1.0


def test_a_faithful_translation_has_no_clash() -> None:
    got = compare_original(SPANISH.replace("19 de marzo", "12 de marzo"), ORIGINAL, "u")
    assert got.kind is RepostKind.TRANSLATION and got.anchors == ()


def test_anchors_are_numbers_dates_names_and_quotations() -> None:
    a = anchors_of("On 12 March 2026 Mayor Lucia Ferrante spent 1,200 euros, “a fair sum”.")
    assert a.dates == {"2026-03-12"}
    assert a.numbers == {"1200"}
    assert {"lucia", "ferrante"} <= a.names
    assert a.quoted == {"a fair sum"}


def test_paragraphs_missing_from_a_translation_are_left_unpaired() -> None:
    doc = [anchors_of(p) for p in ("Ana paid 300 in 1999.", "Luis paid 7 in 2004.")]
    orig = [anchors_of(p) for p in ("Ana pagó 300 en 1999.", "Hubo lluvia.",
                                    "Luis pagó 7 en 2004.")]
    assert align_paragraphs(doc, orig) == [(0, 0), (1, 2)]


def test_a_heading_glued_to_the_first_sentence_is_its_own_unit() -> None:
    # Extracted text puts a page's title on the line above its first sentence; the
    # sentence is the document's word for word, so it is present, not changed.
    page = "Budget passed (synthetic test page)\n" + ORIGINAL
    got = compare_original(_doc("# Budget passed\n\n" + ORIGINAL), page, "u", SKIP)
    assert SentenceChange.CHANGED not in {d.change for d in got.sentences}
    assert sorted(d.change.value for d in got.sentences) == ["added", "dropped"]
    dropped = next(d for d in got.sentences if d.change is SentenceChange.DROPPED)
    assert dropped.original.slice(page) == "Budget passed (synthetic test page)"
    assert got.original_share == round(6 / 7, 4)


def test_a_heading_is_a_unit_and_wrapped_lines_are_not_cut() -> None:
    text = ("Harbour news\nThe council met on Monday.\n\n"
            "The plan was backed by Mayor\nLucia Ferrante and most of\nthe council.")
    got = [s.slice(text) for s in sentence_spans(text)]
    assert got == ["Harbour news", "The council met on Monday.",
                   "The plan was backed by Mayor\nLucia Ferrante and most of\nthe council."]


def test_a_translation_of_extracted_text_is_aligned_line_by_line() -> None:
    # A page's extracted text puts each block on a line of its own, with no blank line.
    page = "Budget approved\n" + ORIGINAL.replace("\n\n", "\n")
    got = compare_original(_doc(SPANISH), page, "u", SKIP)
    assert got.kind is RepostKind.TRANSLATION
    assert got.paragraphs == ((1, 1), (2, 2), (3, 3))
    (clash,) = got.anchors
    assert clash.paragraphs == (3, 3) and clash.original == ("2026-03-12",)


def test_a_heading_in_capitals_has_no_names_to_pair_it_by() -> None:
    # Every word of a heading in capitals looks like a name; one its translation happens
    # to share would pair it with the wrong heading.
    assert anchors_of("A NEW PLAN FOR THE ELECTORAL HARBOUR").names == frozenset()
    assert anchors_of("Then the ELECTORAL board met Lucia Ferrante.").names >= {"lucia"}
    doc = [anchors_of(p) for p in ("THE ELECTORAL SCHEME", "HARBOUR NOTES", "BY THE BOARD")]
    orig = [anchors_of(p) for p in ("EL NUEVO PLAN", "NOTAS DEL PUERTO",
                                    "POR LA JUNTA ELECTORAL")]
    assert align_paragraphs(doc, orig) == [(0, 0), (1, 1), (2, 2)]

"""Every edit class, in Spanish and in English: what changed, how much it matters."""

from __future__ import annotations

import pytest

from provenance.match.search import best_match
from provenance.model import EditKind, PageText, Quote, Severity, Span
from tests.conftest import make_quote

ES = ("Página de prueba sintética. El ministro Juan Pérez afirmó ayer que el gobierno no subirá "
      "los impuestos en 2025, en la víspera del anuncio oficial del presupuesto.")
EN = ("Synthetic test page. Minister Jane Smith said on Monday that the council will not close "
      "the old library in 2024, on the eve of the budget review.")

K, S = EditKind, Severity

# source, quote, (kind, severity, the quote's words, the source's words) for each edit
TABLE = [
    # spelling: one letter, a plural, an inflection
    (ES, "que el gobierno no subirá los impuestos en 2025, en la vísperas del anuncio",
     [(K.SPELLING, S.MINOR, "vísperas", "víspera")]),
    (EN, "the council will not close the old libraries in 2024",
     [(K.SPELLING, S.MINOR, "libraries", "library")]),
    (EN, "the council will not clse the old library",
     [(K.SPELLING, S.MINOR, "clse", "close")]),
    # accent only
    (ES, "el gobierno no subira los impuestos", [(K.ACCENT, S.MINOR, "subira", "subirá")]),
    (EN, "the council will not close the óld library", [(K.ACCENT, S.MINOR, "óld", "old")]),
    # word substituted
    (ES, "el gobierno no bajará los impuestos", [(K.WORD_CHANGED, S.MAJOR, "bajará", "subirá")]),
    (EN, "the council will not sell the old library", [(K.WORD_CHANGED, S.MAJOR, "sell", "close")]),
    # word added
    (ES, "el gobierno no subirá todos los impuestos", [(K.WORD_ADDED, S.MAJOR, "todos", "")]),
    (EN, "the council will not close the old public library",
     [(K.WORD_ADDED, S.MAJOR, "public", "")]),
    # word dropped (no ellipsis)
    (ES, "el gobierno no subirá impuestos en 2025", [(K.WORD_DROPPED, S.MAJOR, "", "los")]),
    (EN, "the council will not close old library in 2024", [(K.WORD_DROPPED, S.MAJOR, "", "the")]),
    # words reordered
    (ES, "que el gobierno no subirá impuestos los en 2025", [(K.REORDERED, S.MAJOR, "los", "los")]),
    (EN, "the council will not close the library old in 2024",
     [(K.REORDERED, S.MAJOR, "old", "old")]),
    # number changed
    (ES, "los impuestos en 2026, en la víspera", [(K.NUMBER_CHANGED, S.CRITICAL, "2026", "2025")]),
    (EN, "the old library in 2023, on the eve", [(K.NUMBER_CHANGED, S.CRITICAL, "2023", "2024")]),
    # negation removed, added, swapped
    (ES, "que el gobierno subirá los impuestos en 2025",
     [(K.NEGATION_CHANGED, S.CRITICAL, "", "no")]),
    (EN, "the council will close the old library", [(K.NEGATION_CHANGED, S.CRITICAL, "", "not")]),
    (ES, "el ministro Juan Pérez no afirmó ayer",
     [(K.NEGATION_CHANGED, S.CRITICAL, "no", "")]),
    (EN, "the council will now close the old library",
     [(K.NEGATION_CHANGED, S.CRITICAL, "now", "not")]),
    # name changed
    (ES, "El ministro Juan Gómez afirmó ayer", [(K.NAME_CHANGED, S.CRITICAL, "Gómez", "Pérez")]),
    (EN, "Minister Jane Brown said on Monday", [(K.NAME_CHANGED, S.CRITICAL, "Brown", "Smith")]),
    # a [bracketed] insertion is declared: shown, minor, and never hides a changed number
    (ES, "ayer que [el Ejecutivo] no subirá los impuestos",
     [(K.BRACKETED, S.MINOR, "[el Ejecutivo]", "el gobierno")]),
    (EN, "[The Minister] said on Monday that the council",
     [(K.BRACKETED, S.MINOR, "[The Minister]", "Jane Smith")]),
    (ES, "no subirá los impuestos en [2026]",
     [(K.BRACKETED, S.MINOR, "[2026]", "2025"), (K.NUMBER_CHANGED, S.CRITICAL, "[2026]", "2025")]),
]


@pytest.mark.parametrize(("source", "text", "expected"), TABLE)
def test_edit_is_classified(source: str, text: str, expected: list) -> None:
    m = best_match(make_quote(text), PageText(source, source))
    assert m is not None
    got = [(e.kind, e.severity, e.quote, e.source) for e in m.edits]
    assert got == expected
    for e in m.edits:  # the source side of every edit is the source's own characters
        assert e.span is not None
        if e.source and e.kind is not K.BRACKETED:
            assert source[e.span.start:e.span.end] == e.source


@pytest.mark.parametrize(("source", "text"), [
    (ES, "EL GOBIERNO NO SUBIRÁ LOS IMPUESTOS"),  # case
    (ES, "el gobierno no subirá los impuestos en 2025 en la víspera"),  # punctuation
    (EN, "the council will not close the old library [in 2024]"),  # bracket = the source's words
    (EN, "the council will not close the old library in 2024 on the eve of the [...] review"),
])
def test_no_word_difference_means_no_edit(source: str, text: str) -> None:
    m = best_match(make_quote(text), PageText(source, source))
    assert m is not None and m.edits == ()


def test_ellipsis_reports_what_it_leaves_out() -> None:
    m = best_match(make_quote("El ministro … afirmó ayer que el gobierno no subirá […] en 2025"),
                   PageText(ES, ES))
    assert m is not None and m.edits == ()
    assert m.elided == ("Juan Pérez", "los impuestos")
    assert m.source_text.startswith("El ministro Juan Pérez") and m.source_text.endswith("2025")


def test_an_ellipsis_the_page_has_too_leaves_nothing_out() -> None:
    # Copied with the page's own ellipsis: the words stand in a row, so no passage is
    # reported as left out (the verdict would otherwise say one was).
    page = ("Synthetic test page. Speaking of … the mayor has by far the most endorsements "
            "from members of the council.")
    m = best_match(make_quote("Speaking of … the mayor has by far the most endorsements"),
                   PageText(page, page))
    assert m is not None and m.edits == () and m.elided == ()
    assert m.source_text == "Speaking of … the mayor has by far the most endorsements"


def test_ellipsis_segments_keep_their_order() -> None:
    # The two parts exist, but in the other order: not a verbatim quote with an ellipsis.
    m = best_match(make_quote("el gobierno no subirá … El ministro Juan Pérez"), PageText(ES, ES))
    assert m is None or m.edits != ()


def test_segments_given_by_the_quote_are_used() -> None:
    q = Quote("El ministro … afirmó ayer", Span(0, 25), 1, 1,
              segments=("El ministro", "afirmó ayer"))
    m = best_match(q, PageText(ES, ES))
    assert m is not None and m.edits == () and m.elided == ("Juan Pérez",)

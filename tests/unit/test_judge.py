"""Verdicts: found only for identical words, every difference altered, reasons in one line."""

from __future__ import annotations

import datetime as dt

import pytest

from provenance.judge.verdicts import judge, with_elsewhere
from provenance.match.search import best_match
from provenance.model import (
    Citation,
    CitationHow,
    Flag,
    PageText,
    Snapshot,
    Source,
    Status,
)
from provenance.settings import Settings
from tests.conftest import make_quote

MAIN = ("Página de prueba sintética. El editorial sostuvo que la víspera del debate el "
        "candidato no aceptó 3 preguntas de la prensa, y que Ana Ruiz lo lamentó.")
FULL = "Un titular de prueba para la portada. " + MAIN


def _source(language: str | None = "es", citation_language: str | None = None) -> Source:
    snap = Snapshot("https://diario.example/a", "https://diario.example/a", 200, "text/html",
                    dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "0" * 64, b"")
    citation = Citation("c1", CitationHow.URL, url="https://diario.example/a",
                        language=citation_language)
    return Source(citation, snap, PageText(MAIN, FULL, language=language))


def _verdict(text: str, language: str | None = "es", source: Source | None = None):
    q = make_quote(text, language=language)
    src = source or _source()
    assert src.text is not None
    return judge(q, src, best_match(q, src.text), Settings())


def test_found_verbatim() -> None:
    v = _verdict("la víspera del debate el candidato no aceptó 3 preguntas")
    assert v.status is Status.FOUND and v.flags == () and v.reason == "found verbatim"


def test_one_word_differs_reason() -> None:
    v = _verdict("la vísperas del debate el candidato no aceptó 3 preguntas")
    assert v.status is Status.ALTERED
    assert v.reason == "1 word differs: víspera → vísperas"


def test_reason_puts_what_changes_the_claim_first() -> None:
    v = _verdict("la vísperas del debate el candidato aceptó 4 preguntas")
    assert v.status is Status.ALTERED
    assert v.reason.startswith("3 words differ: dropped «no» (negation); 3 → 4 (number)")
    assert v.reason.endswith("víspera → vísperas")


@pytest.mark.parametrize("text", [
    "el candidato aceptó 3 preguntas",  # negation dropped
    "el candidato no aceptó 30 preguntas",  # number
    "que Eva Ruiz lo lamentó",  # name
    "el candidato no acepto 3 preguntas",  # accent only
])
def test_any_word_difference_is_altered(text: str) -> None:
    assert _verdict(text).status is Status.ALTERED


def test_ellipsis_and_outside_body_flags() -> None:
    v = _verdict("El editorial sostuvo … el candidato no aceptó 3 preguntas")
    assert v.status is Status.FOUND and v.flags == (Flag.ELIDED,)
    assert "1 passage left out by ellipsis" in v.reason
    assert v.match is not None and v.match.elided == ("que la víspera del debate",)
    v = _verdict("Un titular de prueba para la portada")
    assert v.status is Status.FOUND and v.flags == (Flag.OUTSIDE_BODY,)
    assert v.reason == "found verbatim outside the article body"


def test_missing_when_nothing_aligns() -> None:
    v = _verdict("el ministerio publicará mañana las cifras completas del censo agrícola")
    assert v.status is Status.MISSING and v.reason.startswith("not in the source")
    v = judge(make_quote("nada", language="es"), _source(), None, Settings())
    assert v.status is Status.MISSING and v.reason == "not in the source"


def test_missing_below_threshold_is_a_setting() -> None:
    q = make_quote("el candidato rechazó todas las preguntas", language="es")
    m = best_match(q, _source().text)  # type: ignore[arg-type]
    assert m is not None
    lax = Settings(missing_below=0.0, altered_min_shared=0.0)
    assert judge(q, _source(), m, lax).status is Status.ALTERED
    assert judge(q, _source(), m, Settings()).status is Status.MISSING


@pytest.mark.parametrize(("page_lang", "cited_lang"), [("es", None), (None, "es")])
def test_other_language_not_found_is_unverified_translated(page_lang, cited_lang) -> None:
    src = _source(page_lang, cited_lang)
    v = _verdict("the editorial said the candidate refused three questions", "en", src)
    assert v.status is Status.UNVERIFIED and Flag.TRANSLATED in v.flags
    assert "en" in v.reason and "es" in v.reason


def test_other_language_but_found_is_found() -> None:
    # The language guess of a short quote can be wrong; identical words settle it.
    v = _verdict("el candidato no aceptó 3 preguntas", "pt")
    assert v.status is Status.FOUND and Flag.TRANSLATED not in v.flags


def test_found_elsewhere_marks_misattribution() -> None:
    v = _verdict("el ministerio publicará mañana las cifras completas del censo agrícola")
    other = "Página de prueba sintética. El ministerio publicará mañana las cifras completas " \
            "del censo agrícola, dijo la portavoz."
    q = v.quote
    m = best_match(q, PageText(other, other))
    assert m is not None
    w = with_elsewhere(v, "https://otro.example/b", m)
    assert w.status is Status.MISSING and Flag.FOUND_ELSEWHERE in w.flags
    assert w.elsewhere == "https://otro.example/b" and "otro.example/b" in w.reason
    changed = other.replace("mañana", "hoy")
    altered = best_match(q, PageText(changed, changed))
    assert altered is not None
    assert with_elsewhere(v, "https://otro.example/b", altered) == v


EN_MAIN = ("Synthetic test page. The banner across the square read No a la reforma laboral, sí "
           "al diálogo con los trabajadores del país, and the minister said the candidate "
           "refused three questions from the press during the debate.")
ES_MAIN = MAIN + " El lema en inglés decía we will not give up our rights to the city council."


def _page_source(main: str, language: str | None, cited: str | None = None) -> Source:
    snap = Snapshot("https://diario.example/b", "https://diario.example/b", 200, "text/html",
                    dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "0" * 64, b"")
    return Source(Citation("c1", CitationHow.URL, url="https://diario.example/b",
                           language=cited), snap, PageText(main, main, language=language))


@pytest.mark.parametrize(("quote", "quote_lang", "main", "page_lang", "cited", "status"), [
    # Spanish quote (9 words, one changed) of the Spanish banner an English page reports:
    # its words are the page's own, so it is no translation but the banner altered.
    ("No a la reforma laboral, sí al diálogo con las trabajadoras", "es", EN_MAIN, "en", None,
     Status.ALTERED),
    # Spanish quote, nothing close in the English page.
    ("el candidato rechazó tres preguntas de la prensa durante el debate", "es", EN_MAIN, "en",
     None, Status.UNVERIFIED),
    # English quote (10 words, one changed) of the English slogan a Spanish page reports
    # (the page's language unknown, the citation's used): altered, as above.
    ("we will not give up our rights to the town council", "en", ES_MAIN, None, "es",
     Status.ALTERED),
    # English quote tagged so, a translation of the Spanish page whose language only the
    # citation gives.
    ("the candidate did not accept 3 questions from the press", "en", ES_MAIN, None, "es",
     Status.UNVERIFIED),
    # English quote, a translation of the Spanish page.
    ("the candidate did not accept 3 questions from the press", "en", ES_MAIN, "es", None,
     Status.UNVERIFIED),
    # Short (6 words) and tagged Portuguese by mistake: one word changed stays altered.
    ("el candidato no aceptó 4 preguntas", "pt", ES_MAIN, "es", None, Status.ALTERED),
    # Found verbatim in a page tagged otherwise: found, whatever the tags say.
    ("No a la reforma laboral, sí al diálogo con los trabajadores del país", "es", EN_MAIN,
     "en", None, Status.FOUND),
    # Same language: the long altered quote stays altered.
    ("the minister said the candidate refused four questions from the press", "en", EN_MAIN,
     "en", None, Status.ALTERED),
])
def test_translated_rule(quote, quote_lang, main, page_lang, cited, status) -> None:
    src = _page_source(main, page_lang, cited)
    v = _verdict(quote, quote_lang, src)
    assert v.status is status, v.reason
    assert (Flag.TRANSLATED in v.flags) == (status is Status.UNVERIFIED)
    if status is Status.UNVERIFIED:
        names = {"es": "Spanish (es)", "en": "English (en)"}
        assert v.reason.startswith(f"the quote is in {names[quote_lang]} and the source in "
                                   f"{names[page_lang or cited]}")


def test_a_quote_in_the_pages_own_words_is_no_translation() -> None:
    # Tagged Spanish, cited to an English page: a translation unless the page itself holds
    # its words. Names do not count as shared words: every language writes them alike.
    src = _page_source(EN_MAIN, "en")
    q = "No a la reforma laboral, sí al diálogo con las trabajadoras"
    v = _verdict(q, "es", src)
    assert v.status is Status.ALTERED and Flag.TRANSLATED not in v.flags
    assert "trabajadores → trabajadoras" in v.reason
    named = _page_source("Synthetic test page. Minister Ana Pérez met Luis Gómez in Madrid.",
                         "en")
    v = _verdict("Ana Pérez y Luis Gómez no se reunieron en Madrid", "es", named)
    assert v.status is Status.UNVERIFIED and Flag.TRANSLATED in v.flags


def test_translated_rule_needs_enough_words() -> None:
    # A long quote tagged otherwise, with a close passage but few of the page's own words
    # (names shared, the rest another language): a translation, unless translated_min_words
    # asks for more words than it has.
    main = ("Synthetic test page. Ana Pérez, Luis Gómez, Marta Ruiz, Pablo Soto, Eva Díaz and "
            "Juan Gil attended the meeting.")
    src = _page_source(main, "en")
    q = "Ana Pérez, Luis Gómez, Marta Ruiz, Pablo Soto, Eva Díaz y Juan Gil asistieron"
    q2 = make_quote(q, language="es")
    m = best_match(q2, src.text)  # type: ignore[arg-type]
    assert m is not None
    assert judge(q2, src, m, Settings()).status is Status.UNVERIFIED
    lax = Settings(translated_min_words=50)
    v = judge(q2, src, m, lax)
    assert v.status is Status.ALTERED and Flag.TRANSLATED not in v.flags


_SPOKEN = ("Synthetic test page. “The expansion will be paid for by shipping fees, not by "
           "taxpayers,” she told the Gazette after the vote. “Every krona of it comes from the "
           "companies that use the port.” Opponents said: “It will cost more.” "
           "“The quay is too long,” said Roe. Doe replied: “It is not.”")


@pytest.mark.parametrize(("quote", "status", "flags", "reason"), [
    # The narrator's words between two quoted passages are no part of what was said.
    ("The expansion will be paid for by shipping fees, not by taxpayers. Every krona of it "
     "comes from the companies that use the port.", Status.FOUND, (Flag.JOINED,),
     "found verbatim; joins the source's quoted passages, leaving out the words between "
     "them: «she told the Gazette after the vote»"),
    # ... and not a difference when something else differs.
    ("The expansion will be paid for by shipping fees, not by taxpayers. Every krona of it "
     "comes from the banks that use the port.", Status.ALTERED, (Flag.JOINED,),
     "1 word differs: companies → banks"),
    # Two speakers' words run together are altered: "said Roe. Doe replied:" left out.
    ("The quay is too long. It is not.", Status.ALTERED, (), None),
    # Words dropped inside a quoted passage are altered, attribution or not.
    ("The expansion will be paid for by shipping fees, not taxpayers", Status.ALTERED, (),
     None),
])
def test_a_quote_joining_the_sources_quoted_passages(quote: str, status: Status,
                                                      flags: tuple[Flag, ...],
                                                      reason: str | None) -> None:
    q = make_quote(quote, language="en")
    src = Source(Citation("c1", CitationHow.URL), text=PageText(_SPOKEN, _SPOKEN,
                                                                  language="en"))
    assert src.text is not None
    v = judge(q, src, best_match(q, src.text), Settings())
    assert (v.status, v.flags) == (status, flags)
    if reason is not None:
        assert v.reason == reason

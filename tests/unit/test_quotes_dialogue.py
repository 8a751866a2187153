"""Speech set off by dialogue dashes (—Hola —dijo—). The people and outlets are fictional."""

from __future__ import annotations

import pytest

from provenance.citations import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Document, QuoteKind
from provenance.quotes import find_quotes


def quotes(text: str, fmt: str = "txt") -> list[tuple[str, str, QuoteKind]]:
    return [(q.text, q.marks, q.kind) for q in find_quotes(Document(text, "test", fmt, ""))]


Q = QuoteKind.QUOTATION


@pytest.mark.parametrize(("text", "expected"), [
    # The narrator's words part the speech: two quotations, as “…,” dijo, “…” gives.
    ("El ministro habló ayer con la prensa.\n\n—No vamos a subir los impuestos este año "
     "—dijo el ministro—. Lo haremos en 2026, cuando la economía crezca.\n\nOtro párrafo.",
     [("No vamos a subir los impuestos este año", "—", Q),
      ("Lo haremos en 2026, cuando la economía crezca.", "—", Q)]),
    # Narrator's words left open run to the paragraph's end.
    ("—El puente estará listo en marzo —aseguró la alcaldesa ante los vecinos.",
     [("El puente estará listo en marzo", "—", Q)]),
    # The en dash and the horizontal bar, which writers type for the em dash.
    ("–El puente estará listo en marzo –respondió la alcaldesa–, como prometimos.",
     [("El puente estará listo en marzo", "–", Q), ("como prometimos.", "–", Q)]),
    ("―El puente estará listo en marzo ―afirmó la alcaldesa.",
     [("El puente estará listo en marzo", "―", Q)]),
    # An interview: questions and answers follow one another, with no narrator.
    ("Entrevista.\n\n—¿Cuál es su plan para la economía?\n\n—Reducir el déficit a la mitad "
     "en dos años.\n\n—¿Y los impuestos?\n\n—No subirán.",
     [("¿Cuál es su plan para la economía?", "—", Q),
      ("Reducir el déficit a la mitad en dos años.", "—", Q),
      ("¿Y los impuestos?", "—", Q), ("No subirán.", "—", Q)]),
    # Introduced by a verb of saying and a colon.
    ("El ministro dijo ayer:\n\n—No vamos a subir los impuestos este año.",
     [("No vamos a subir los impuestos este año.", "—", Q)]),
    # The spaced dash of Swedish, Finnish and French: the narrator follows a comma, verb
    # first; a spaced dash after the narrator's words starts the speech again.
    ("Ministern talade.\n\n– Vi ska inte höja skatterna i år, säger finansministern Anna "
     "Berg.", [("Vi ska inte höja skatterna i år", "–", Q)]),
    ("– Ja, vi ska göra det nu, säger hon och fortsätter: – Inget annat räcker för oss.",
     [("Ja, vi ska göra det nu", "–", Q), ("Inget annat räcker för oss.", "–", Q)]),
    ("– Vad menar du med det? frågar reportern.\n\n– Att vi inte har råd längre.",
     [("Vad menar du med det?", "–", Q), ("Att vi inte har råd längre.", "–", Q)]),
    ("— Je ne sais pas ce qu'il veut, répond-elle.", [("Je ne sais pas ce qu'il veut", "—", Q)]),
    ("– Me ei nosta veroja tänä vuonna, sanoo ministeri.",
     [("Me ei nosta veroja tänä vuonna", "–", Q)]),
    ("Han sa:\n\n– Vi ska inte höja skatterna i år.\n\n– Inte heller nästa år.",
     [("Vi ska inte höja skatterna i år.", "–", Q), ("Inte heller nästa år.", "–", Q)]),
])
def test_dialogue_speech_is_quoted(text: str, expected: list[tuple[str, str, QuoteKind]]
                                   ) -> None:
    assert quotes(text) == expected


@pytest.mark.parametrize("text", [
    # A credit line, a dash-bulleted list, a lone dash paragraph with nobody speaking.
    "Créditos del artículo:\n\n—The Harbour Gazette, 4 March 2024",
    "Los puntos del plan son:\n\n—primer punto de la lista\n\n",
    "—Esto no es más que una línea sin nadie que hable en ella",
    # Dashes inside a sentence: a range, a spaced aside.
    "Un texto con el rango 2020–2021 y un inciso – como este – sin diálogo alguno.",
    # Spaced dashes: a list, a credit line, a lone line nobody says.
    "Punkterna är:\n\n– punkt ett i listan\n\n– punkt två i listan",
    "Avslutning.\n\n— Jane Roe, The Harbour Gazette",
    "– En rad utan att någon talar i den alls",
    # Stuck dashes in a run, but spaced ones in a run are a list.
    "Inledning.\n\n– första punkten här\n\n– andra punkten här",
])
def test_dashes_that_are_not_dialogue(text: str) -> None:
    assert quotes(text) == []


def test_quote_marks_inside_speech_are_their_own_quotation() -> None:
    got = quotes("—Me dijo “no lo haré nunca” —explicó la alcaldesa—, y lo cumplió.")
    assert got == [("Me dijo “no lo haré nunca”", "—", Q), ("no lo haré nunca", "“”", Q),
                   ("y lo cumplió.", "—", Q)]


def test_speech_that_marks_already_quote_is_not_quoted_twice() -> None:
    got = quotes("—“Vamos a ganar esta elección”, —dijo la candidata.")
    assert [t for t, _, _ in got] == ["Vamos a ganar esta elección"]


def test_an_interview_introduced_by_a_link_and_a_colon_is_tied_to_it() -> None:
    text = ("En https://diario.example/entrevista el ministro respondió así:\n\n"
            "—¿Subirán los impuestos este año?\n\n—No vamos a subirlos. Lo haremos en 2026."
            "\n\n—¿Y el déficit?\n\n—Bajará a la mitad en dos años.\n\nFin del extracto, "
            "con “otras palabras sueltas” que nada citan.")
    doc = parse_document(text.encode(), "test.txt", "txt")
    tied = attribute(doc, find_quotes(doc), find_citations(doc))
    urls = [(q.text, q.citation.url if q.citation else None) for q in tied]
    assert urls == [("¿Subirán los impuestos este año?", "https://diario.example/entrevista"),
                    ("No vamos a subirlos. Lo haremos en 2026.", "https://diario.example/entrevista"),
                    ("¿Y el déficit?", "https://diario.example/entrevista"),
                    ("Bajará a la mitad en dos años.", "https://diario.example/entrevista"),
                    ("otras palabras sueltas", None)]


def test_catalan_dialogue_with_its_narrator() -> None:
    assert quotes("—No apujarem els impostos aquest any —va dir el conseller—. Ho farem el "
                  "2026.") == [("No apujarem els impostos aquest any", "—", Q),
                               ("Ho farem el 2026.", "—", Q)]

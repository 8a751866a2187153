"""Speech set off by dialogue dashes (—Hola —dijo—). The people and outlets are fictional."""

from __future__ import annotations

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Document, QuoteKind
from provenance.quotes.find import find_quotes


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


# The spaced dash with the narrator's subject first: the narrator's words are left out.
@pytest.mark.parametrize(("text", "expected"), [
    # Swedish: a pronoun, a name with the rest of the clause, a noun, and the speech going on
    # after a colon and a dash.
    ("– Vi ska inte höja skatterna i år, hon säger.", ["Vi ska inte höja skatterna i år"]),
    ("– Vi ska inte höja skatterna i år, Maria Lindqvist säger till Radiokanalen.",
     ["Vi ska inte höja skatterna i år"]),
    ("– Vi ska inte höja skatterna i år, ministern sa.", ["Vi ska inte höja skatterna i år"]),
    ("– Vi ska inte höja skatterna i år, hon säger och fortsätter: – Inte heller nästa år.",
     ["Vi ska inte höja skatterna i år", "Inte heller nästa år."]),
    ("– Vi ska inte höja skatterna i år, hon säger – inte heller nästa år.",
     ["Vi ska inte höja skatterna i år", "inte heller nästa år."]),
    # Norwegian
    ("– Vi skal ikke øke skattene i år, hun sier.", ["Vi skal ikke øke skattene i år"]),
    ("– Vi skal ikke øke skattene i år, statsministeren sier.",
     ["Vi skal ikke øke skattene i år"]),
    ("– Vi skal ikke øke skattene i år, Ola Nordmann sier til avisen.",
     ["Vi skal ikke øke skattene i år"]),
    # Danish
    ("– Vi skal ikke hæve skatterne i år, hun siger.", ["Vi skal ikke hæve skatterne i år"]),
    ("– Vi skal ikke hæve skatterne i år, Lise Holm siger og tilføjer: – Heller ikke næste år.",
     ["Vi skal ikke hæve skatterne i år", "Heller ikke næste år."]),
    # Finnish, where the subject comes first as a rule
    ("– Emme nosta veroja tänä vuonna, hän sanoo.", ["Emme nosta veroja tänä vuonna"]),
    ("– Emme nosta veroja tänä vuonna, valtiovarainministeri Liisa Koski sanoo lehdelle.",
     ["Emme nosta veroja tänä vuonna"]),
    # French, with a compound tense
    ("— Nous n'augmenterons pas les impôts cette année, elle dit.",
     ["Nous n'augmenterons pas les impôts cette année"]),
    ("— Nous n'augmenterons pas les impôts cette année, Claire Dubois a dit à la radio.",
     ["Nous n'augmenterons pas les impôts cette année"]),
    # After a paragraph of dialogue, the narrator's words used to stay in the quotation.
    ("– Vi höjer inte skatten, säger hon.\n\n– Inte heller nästa år, hon säger sedan.",
     ["Vi höjer inte skatten", "Inte heller nästa år"]),
])
def test_subject_first_narrator_is_left_out(text: str, expected: list[str]) -> None:
    assert [t for t, _, _ in quotes(text)] == expected


# A verb of saying in the speaker's own sentence: no narrator there, so the line is no
# dialogue on its own, and after a paragraph of dialogue its speech is quoted whole.
@pytest.mark.parametrize("line", [
    "– Jag vet inte, men alla säger att det är fel.",  # a conjunction and "everyone"
    "– Jag vet inte, hon säger att det är fel.",  # reported speech
    "– Vi vet inte, hän sanoo, että päätös tulee huomenna.",
    "— Je ne sais pas, elle dit que c'est faux.",
    "– Vi vet inte, den nya ministern i regeringen säger.",  # a long subject
    "– Det är fel, jag säger det igen.",  # the speaker
    "– Det är fel, Anna säger det hela tiden.",  # the verb has its own object
    "— Je suis venu ici, avec sa femme et ses enfants.",  # French "sa", not Swedish "said"
    "– Det är fel, hon säger, och hon har rätt.",
])
def test_verb_of_saying_inside_the_speech_stays_in_it(line: str) -> None:
    assert quotes(line) == []
    before = "– Vi höjer inte skatten, säger hon.\n\n"
    assert [t for t, _, _ in quotes(before + line)] == ["Vi höjer inte skatten",
                                                       line[2:]]


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
    "– Mikael Dahl, reporter",
    "Medverkande:\n\n– Mikael Dahl, reporter\n\n– Jane Roe, fotograf",
    "Punkterna är:\n\n– lägre skatter, som ministern sa\n\n– fler lärare, som hon sa",
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

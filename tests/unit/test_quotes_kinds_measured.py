"""Quotation, term or title: the rules added after measuring on real documents (a sentence of
its own, a negated or capitalised verb, examples, prompts, titles in references and titles
followed by their edition). Synthetic sentences."""

from __future__ import annotations

import pytest

from provenance.model import Document, QuoteKind
from provenance.quotes.find import find_quotes

Q, TERM, TITLE = QuoteKind.QUOTATION, QuoteKind.TERM, QuoteKind.TITLE


@pytest.mark.parametrize(("text", "quoted", "kind"), [
    ("The suit was filed in May. “This must stop.” Roe said about the suit.",
     "This must stop.", Q),
    ("“I am shocked,” she went on.", "I am shocked,", Q),
    ("“Las obras terminarán pronto”, informó el diario.", "Las obras terminarán pronto", Q),
    ("The council has asserted that officers “can use force to keep order”.",
     "can use force to keep order", Q),
    ("A citizen of the United States is an “Avonlean”.", "Avonlean", TERM),
    ("Obviamente no dice “variable aleatoria” en ningún sitio.", "variable aleatoria", TERM),
    ("Punctuation matters. For example: “woman, without her man, is nothing”.",
     "woman, without her man, is nothing", TERM),
    ("*Tool: Painter. Prompt: “a harbour where boats and cranes meet”*",
     "a harbour where boats and cranes meet", TERM),
    ("In French, quotes would appear as: « Je suis fatigué. »", "Je suis fatigué.", TERM),
    ("It is important to be able to say “not now, I am doing something else”.",
     "not now, I am doing something else", TERM),
    ("He wrote the phrase “HARBOUR OF AVONLEA” in capitals.", "HARBOUR OF AVONLEA", TERM),
    ("La Voz publicó “Las mareas del invierno” (18 de febrero de 2026), donde se afirma algo.",
     "Las mareas del invierno", TITLE),
    ("Según la nota “Las mareas” (diario La Voz, 18 de febrero de 2026): “Las obras terminarán "
     "antes del invierno en el puerto”.", "Las mareas", TITLE),
])
def test_kind(text: str, quoted: str, kind: QuoteKind) -> None:
    quotes = {q.text: q.kind for q in find_quotes(Document(text, "t", "txt", ""))}
    assert quotes[quoted] is kind


def test_a_title_after_an_outlet_and_colon_in_a_reference_list() -> None:
    text = ("The history of marks.[1]\n\nReferences\n\n1. Encyclopaedia Avonlea: "
            "“Punctuation.”\n")
    quotes = {q.text: q.kind for q in find_quotes(Document(text, "t", "md", ""))}
    assert quotes["Punctuation."] is TITLE


def test_an_opening_mark_glued_after_a_full_stop_opens() -> None:
    text = ("It keeps records safe.“the ledger software under every coin, for the transfer of "
            "money”[^a].\n\n[^a]: https://example.org/ledger\n")
    quotes = [q.text for q in find_quotes(Document(text, "t", "md", ""))]
    assert any(t.startswith("the ledger software under every coin") for t in quotes)


def test_german_closing_mark_glued_before_a_word_still_closes() -> None:
    text = "Sie schrieb: „Die Arbeiten enden vor dem Winter.“Dann ging sie nach Hause."
    quotes = [q.text for q in find_quotes(Document(text, "t", "txt", ""))]
    assert quotes == ["Die Arbeiten enden vor dem Winter."]


@pytest.mark.parametrize(("text", "quoted", "kind"), [
    ("Él apenas concedía que “desde aquí, parece una vaca”, Sokal nos advierte cómo “desde la "
     "ciencia todo es otra cosa”.", "desde aquí, parece una vaca", TERM),
    ("“Yes, indeed,” she said, “and we will do it soon.”", "Yes, indeed,", Q),
])
def test_a_verb_after_a_quote_that_introduces_the_next(text: str, quoted: str,
                                                      kind: QuoteKind) -> None:
    quotes = {q.text: q.kind for q in find_quotes(Document(text, "t", "txt", ""))}
    assert quotes[quoted] is kind

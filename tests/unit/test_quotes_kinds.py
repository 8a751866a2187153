"""The rule that decides quotation / term / title, as a table (see provenance/kinds.py)."""

from __future__ import annotations

import pytest

from provenance.model import Document, QuoteKind
from provenance.quotes.find import find_quotes
from provenance.quotes.kinds import Context, decide_kind

Q, TERM, TITLE = QuoteKind.QUOTATION, QuoteKind.TERM, QuoteKind.TITLE


@pytest.mark.parametrize(("sentence", "quoted", "kind"), [
    # titles: a work word before, an author after, a place and date after, a reference
    ("En la pagina de Opinión “El síntoma Jerí”, por J. Bruce, la República.", "El síntoma Jerí",
     TITLE),
    ('In the Opinion section, "The Jerí Symptom," by J. Bruce, we read.', "The Jerí Symptom,",
     TITLE),
    ("På opinionssidan ”El síntoma Jerí” (Jerí-symptomet) av J. Bruce, La República.",
     "El síntoma Jerí", TITLE),
    ("fue “producto de una arquitectura” ( Editorial “Una presidencia interina”, la República, "
     "18 de febrero 2026).", "Una presidencia interina", TITLE),
    ("La República en “Una presidencia interina sin pretensiones” (Lima, 18 de febrero de "
     "2026), en la parte que citamos:", "Una presidencia interina sin pretensiones", TITLE),
    ("as cited (“Short Title”, El País, 2020).", "Short Title", TITLE),
    ("Il cite l'article “Le grand départ” paru hier.", "Le grand départ", TITLE),
    # terms named as terms
    ("procediéndose a usar la figura de “censura al presidente de la mesa directiva del "
     "Parlamento”.", "censura al presidente de la mesa directiva del Parlamento", TERM),
    ("proceeding to use the figure of “censure of the president of the board of Parliament of "
     "the Republic”.", "censure of the president of the board of Parliament of the Republic",
     TERM),
    ("con el llamado “autogolpe de Fujimori”.", "autogolpe de Fujimori", TERM),
    ("with the so-called “Fujimori self-coup”.", "Fujimori self-coup", TERM),
    ("den så kallade ”Fujimoris självkupp”.", "Fujimoris självkupp", TERM),
    # quotations
    ("El Comercio editorializó: “José Jerí cayó por sus propios errores.”",
     "José Jerí cayó por sus propios errores.", Q),
    ("y dijo que en un mes se puede hacer mucho porque «no es difícil gobernar».",
     "no es difícil gobernar", Q),
    ("Balcázar försäkrade att man kan åstadkomma mycket eftersom ”det inte är svårt att styra "
     "ett land”.", "det inte är svårt att styra ett land", Q),
    ("“We will win,” she said.", "We will win,", Q),
    ("la encargatura fue “producto de una arquitectura congresal precaria” ( Editorial “Una "
     "presidencia”, la República, 18 de febrero 2026).",
     "producto de una arquitectura congresal precaria", Q),
    ("He called it “a mess. Nobody knew” and left.", "a mess. Nobody knew", Q),
    ("the writer put “eleven words that nobody in this room would ever say aloud” here.",
     "eleven words that nobody in this room would ever say aloud", Q),
    ("The minister called the plan “a disaster” on Monday.", "a disaster", Q),
    ("El ministro calificó el plan de “un desastre total”.", "un desastre total", Q),
    ("a small group called “Los Rojos” met.", "Los Rojos", TERM),
    # terms and scare quotes
    ("Jerí era el personaje adecuado para servir de “fusible”. Dicho de otra forma.", "fusible",
     TERM),
    ("un nuevo “golpe de Estado” parlamentario", "golpe de Estado", TERM),
    ("it will continue to operate \"on autopilot,\" that is, managed", "on autopilot,", TERM),
    ("It should be noted that the party opposed it; Jerí was the right person to serve as a "
     "“fuse”.", "fuse", TERM),
    ("resorting to the tactic of \"censuring the president of the parliamentary board.\"",
     "censuring the president of the parliamentary board.", TERM),
])
def test_kind_in_a_sentence(sentence: str, quoted: str, kind: QuoteKind) -> None:
    quotes = {q.text: q.kind for q in find_quotes(Document(sentence, "t", "txt", ""))}
    assert quotes[quoted] is kind


@pytest.mark.parametrize(("ctx", "kind", "why"), [
    (Context("x y z", block=True), Q, "block quotation"),
    (Context("The whole paragraph", standalone=True), Q, "stands alone as its paragraph"),
    (Context("a b", before="and he wrote this: "), Q, "introduced by a colon"),
    (Context("a b", before="", previous="in the part we quote:"), Q, "introduced by a colon"),
    (Context("a b", before="Editorial "), TITLE, "title: a work word comes right before it"),
    (Context("a b", after=", por J. Bruce, la República"), TITLE, "title: its author follows it"),
    (Context("a b", before="La República en ", after=" (Lima, 18 de febrero de 2026), en"),
     TITLE, "title: a place and date follow it"),
    (Context("We will win the vote", before="He said ", after=" (Reuters, March 3, 2024)."),
     Q, "introduced by 'said'"),
    (Context("we will win", after=" (Reuters, March 3, 2024)."), Q,
     "a parenthetical citation follows it"),
    (Context("a b", before="the so-called "), TERM, "term: named as a term"),
    (Context("a b c d", damaged=True), Q, "damaged marks around a passage"),
    (Context("a b c", damaged=True), TERM, "term: short and in the writer's own sentence"),
    (Context("one two three four five six seven eight nine ten"), Q, "long: 10 words"),
    (Context("fusible", before="para servir de "), TERM,
     "term: short and in the writer's own sentence"),
])
def test_rule_table(ctx: Context, kind: QuoteKind, why: str) -> None:
    assert decide_kind(ctx) == (kind, why)

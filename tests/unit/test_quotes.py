from __future__ import annotations

import pytest

from provenance.document import parse_document
from provenance.model import Document, QuoteKind
from provenance.quotes.find import find_quotes

Q, TERM, TITLE = QuoteKind.QUOTATION, QuoteKind.TERM, QuoteKind.TITLE


def doc(text: str, fmt: str = "txt") -> Document:
    return Document(text, "test", fmt, "")


def texts(text: str, fmt: str = "txt") -> list[tuple[str, str]]:
    return [(q.text, q.marks) for q in find_quotes(doc(text, fmt))]


@pytest.mark.parametrize(("text", "expected"), [
    ("He said “we will win this fight” to me.", [("we will win this fight", "“”")]),
    ("She wrote ‘a single one’ here.", [("a single one", "‘’")]),
    ('He said "we will win" today.', [("we will win", '""')]),
    ("He said 'we will win' today.", [("we will win", "''")]),
    ("Il a dit « bonjour à tous » hier.", [("bonjour à tous", "«»")]),
    ("Dijo «hola amigos» ayer.", [("hola amigos", "«»")]),
    ("Il a dit ‹ oui › hier.", [("oui", "‹›")]),
    ("Er sagte: „Das ist gut“, und ging.", [("Das ist gut", "„“")]),
    ("Powiedział „to jest dobre” wczoraj.", [("to jest dobre", "„”")]),
    ("Er sagte ‚ja‘ dann.", [("ja", "‚‘")]),
    ("Han sa: ”Det är bra” och gick.", [("Det är bra", "””")]),
    ("Er sagte: »Das ist gut«, und ging.", [("Das ist gut", "»«")]),
    ("Han sa: »Det är bra» och gick.", [("Det är bra", "»»")]),
    ("彼は「こんにちは」と言った。", [("こんにちは", "「」")]),
    ("彼は『本の題』を読んだ。", [("本の題", "『』")]),
    ("crisis en las `alturas`, crisis", [("alturas", "``")]),
])
def test_quote_systems(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # opened with one system, closed with another
    ("Dijo “hola amigo mío» y se fue.", [("hola amigo mío", "“»")]),
    ("Dijo «hola amigo mío” y se fue.", [("hola amigo mío", "«”")]),
    # a stray space after the opening mark is not part of the quote
    ("“ Garantizar al pueblo una transición”, dijo.", [("Garantizar al pueblo una transición",
                                                       "“”")]),
    # the closing mark glued to the next word
    ("un nuevo “golpe de Estado”parlamentario en", [("golpe de Estado", "“”")]),
    # a closing mark with no opening one: the quote starts with the paragraph
    ("Intro.\nOn the eve of an election, control is a risk.”\nAfter.",
     [("On the eve of an election, control is a risk.", "”")]),
    # an opening mark never closed: the quote runs to the paragraph's end
    ("He promised “we will win this fight\nNext paragraph.", [("we will win this fight", "“")]),
    # a nested quote closed by the outer's mark closes both
    ("“ Dijo que en un mes se puede porque «no es difícil gobernar.”",
     [("Dijo que en un mes se puede porque «no es difícil gobernar.", "“”"),
      ("no es difícil gobernar.", "«”")]),
    # an opening mark doubled by a straight one (or another system's) nests nothing: the
    # quotation ends at the outer's own closing mark, not at the paragraph's end
    ('Dijo “"Es una Corte conducida por los grupos.” (el diario, enlace).',
     [('"Es una Corte conducida por los grupos.', '“”')]),
    ("Disse «“As Forças Armadas enviaram perguntas.» (o jornal).",
     [("“As Forças Armadas enviaram perguntas.", "«»")]),
    # ... also when the doubled mark's own closing mark is the outer's
    ("Sie sagte “„Corona hatte einen regelrechten” (Quelle).",
     [("„Corona hatte einen regelrechten", "“”")]),
    ("Er sagte “„A” und dann B” heute.", [("„A” und dann B", "“”"), ("A", "„”")]),
    # a nested quotation left open ends with the outer one, at the outer's own mark
    ("Dijo «la referente de la APDH: “Estamos apoyando el pedido.» (el diario).",
     [("la referente de la APDH: “Estamos apoyando el pedido.", "«»"),
      ("Estamos apoyando el pedido.", "“»")]),
    # a stray closing mark of another system inside: the quotation runs to its own mark
    ("Sie sagte «zur Folge“, erklärte Fahimi altersgruppen» (Quelle).",
     [("zur Folge“, erklärte Fahimi altersgruppen", "«»")]),
    # ... unless a quotation around it is the one waiting for that mark
    ('Er sagte “Moody nannte es eine Hülle, „die den Kaffee heiß hält".” (Quelle).',
     [('Moody nannte es eine Hülle, „die den Kaffee heiß hält".', "“”"),
      ("die den Kaffee heiß hält", '„"')]),
    # ... and a mixed closing mark with no own mark after it still closes
    ("Dijo «hola amigo mío” y se fue, y luego «adiós».",
     [("hola amigo mío", "«”"), ("adiós", "«»")]),
])
def test_damaged_marks(text: str, expected: list[tuple[str, str]]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize("text", [
    "Jerí's house and it's late.",
    "d’État, people’s war, l'homme",
    "the people’ houses and Jesus' words",
    "back in the '90s it was",
    "Peru People’s Movement",
])
def test_apostrophes_are_not_quotes(text: str) -> None:
    assert texts(text) == []


def test_apostrophes_inside_quotes() -> None:
    text = """He said "because 'it's not difficult to govern' they think" and left."""
    assert texts(text) == [("because 'it's not difficult to govern' they think", '""'),
                           ("it's not difficult to govern", "''")]
    assert texts("the “Teachers’ Bloc,” and others") == [("Teachers’ Bloc,", "“”")]


def test_nested_quotes() -> None:
    got = texts("He said “she told me ‘no way’ yesterday” loudly.")
    assert got == [("she told me ‘no way’ yesterday", "“”"), ("no way", "‘’")]


def test_multi_paragraph_quotation_with_ellipsis_cleans_segments() -> None:
    text = ("She said:\n\n“First paragraph … of the speech.\n\n“Second and last.”\n\nAfter.")
    (q,) = find_quotes(doc(text))
    assert q.segments == ("First paragraph", "of the speech. Second and last.")


def test_multi_paragraph_quotation_reopens_each_paragraph() -> None:
    text = ("She said:\n\n“First paragraph of the speech.\n\n“Second paragraph of it.\n\n"
            "“Third and last.”\n\nAfter that, nothing.")
    quotes = find_quotes(doc(text))
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == text[q.span.start : q.span.end]
    assert q.text.startswith("First paragraph") and q.text.endswith("Third and last.")
    assert q.segments == ()  # no ellipsis: one part
    assert q.text.count("“") == 2  # the marks that reopen the second and third paragraphs
    assert q.kind is Q


@pytest.mark.parametrize(("text", "segments", "insertions"), [
    ("“…lo pusieron, sino por eso. Era más fácil…controlar a un personaje”",
     ("lo pusieron, sino por eso. Era más fácil", "controlar a un personaje"), ()),
    ('"...they put him in. It was easier...to control such a weak figure."',
     ("they put him in. It was easier", "to control such a weak figure."), ()),
    ("“the first part [...] and the second part (...) and the third”",
     ("the first part", "and the second part", "and the third"), ()),
    ("“the first part […] and the second . . . and the third”",
     ("the first part", "and the second", "and the third"), ()),
    ("“[He] said the plan [was] over and done with”", (), ("He", "was")),
    ("“one whole sentence with nothing left out”", (), ()),
])
def test_segments_and_insertions(text: str, segments: tuple[str, ...],
                                 insertions: tuple[str, ...]) -> None:
    (q,) = find_quotes(doc("She wrote: " + text))
    assert (q.segments, q.insertions) == (segments, insertions)
    assert q.parts == (segments or (q.text,))


def test_repeated_passage_is_reported_once_with_every_location() -> None:
    para = "The editorial said: “control is both an opportunity and a risk.”\n"
    text = para + "Other words.\n" + para + "More.\n" + para
    quotes = find_quotes(doc(text))
    assert len(quotes) == 1
    q = quotes[0]
    assert len(q.locations) == 3 and q.locations[0] == q.span
    assert all(text[s.start : s.end] == q.text for s in q.locations)
    assert [q.line] == [1]


def test_line_and_column_are_one_based() -> None:
    text = "first line\nsecond “quoted words here” line"
    (q,) = find_quotes(doc(text))
    assert (q.line, q.column) == (2, 9)


def test_language_of_quote_and_fallback_to_paragraph() -> None:
    text = ("El presidente dijo: “no es difícil gobernar un país, es muy fácil”.\n"
            "Det vill säga att regeringen kommer att fortsätta ”automatiskt” som vanligt, "
            "styrd av den höga statliga byråkratin.\n")
    quotes = {q.text: q for q in find_quotes(doc(text))}
    assert quotes["no es difícil gobernar un país, es muy fácil"].language == "es"
    assert quotes["automatiskt"].language == "sv"  # too short alone: its paragraph tells


def test_markdown_block_quote() -> None:
    text = ("Intro line.\n\n> We shall fight on the beaches,\n> we shall fight on the hills.\n\n"
            "After.")
    d = parse_document(text.encode(), "t.md", "md")
    quotes = find_quotes(d)
    assert [(q.marks, q.kind) for q in quotes] == [(">", Q)]
    q = quotes[0]
    assert q.text == d.text[q.span.start : q.span.end]
    assert q.text == "We shall fight on the beaches,\n> we shall fight on the hills."


def test_multi_paragraph_quotation_inside_a_markdown_block_quote_is_one_quote() -> None:
    # A line of only ">" separates the quoted paragraphs: the second one's opening mark
    # reopens the quotation, it is neither a nested quote nor a block quote of its own.
    text = ("Intro.\n\n> “First paragraph of the speech goes on here.\n>\n"
            "> “Second paragraph ends it.”\n\nAfter.")
    d = parse_document(text.encode(), "t.md", "md")
    quotes = find_quotes(d)
    assert len(quotes) == 1, [(q.text, q.marks) for q in quotes]
    assert quotes[0].text.startswith("First paragraph")
    assert quotes[0].text.endswith("Second paragraph ends it.")


def test_html_q_and_blockquote() -> None:
    html = ("<html><body><p>She said <q>the tide is turning</q> today.</p>"
            "<blockquote><p>Whole paragraph quoted from the report.</p></blockquote>"
            "</body></html>")
    d = parse_document(html.encode(), "t.html", "html")
    got = [(q.text, q.marks, q.kind) for q in find_quotes(d)]
    assert got == [("the tide is turning", "<q>", Q),
                   ("Whole paragraph quoted from the report.", "<blockquote>", Q)]


def test_html_blockquote_with_its_own_marks_is_one_quote() -> None:
    html = "<html><body><blockquote>“We will not yield an inch.”</blockquote></body></html>"
    d = parse_document(html.encode(), "t.html", "html")
    assert [q.text for q in find_quotes(d)] == ["We will not yield an inch."]


def test_deep_nesting_and_mark_soup_do_not_crash() -> None:
    text = "“" * 5000 + "word" + "”" * 5000 + " '" * 3000 + "«»" * 2000
    for q in find_quotes(doc(text)):
        assert text[q.span.start : q.span.end] == q.text


def test_empty_quotes_are_dropped() -> None:
    assert texts("an empty “” pair and “   ” spaces") == []


def test_markdown_paragraph_wraps_across_lines() -> None:
    text = ("Intro.\n\nThe mayor said: “we will build the bridge\nnext year, whatever it "
            "costs.”\n\nAfter.\n")
    d = parse_document(text.encode(), "t.md", "md")
    (q,) = find_quotes(d)
    assert q.text == "we will build the bridge\nnext year, whatever it costs."
    assert q.segments == ()


def test_hard_wrapped_plain_text_is_read_as_paragraphs() -> None:
    line = "The council met again on Tuesday and the members spoke about roads."
    text = "\n".join([line] * 6) + "\nThe mayor said: “we will build the bridge\n" + \
        "next year.”\n\n" + "\n".join([line] * 6) + "\n"
    (q,) = find_quotes(doc(text))
    assert q.text == "we will build the bridge\nnext year."

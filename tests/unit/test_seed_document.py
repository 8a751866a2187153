"""The first real document: a February 2026 compilation of blog posts in Swedish, Spanish,
English (one translation repeated four times, and a second one) and German.

It is read from the shared folder at run time and never copied here; the tests skip when it
is absent. The expected lists below are what a careful reader finds in it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from provenance.citations.attribute import attribute, find_citations
from provenance.cli import main
from provenance.document import read_document
from provenance.model import CitationHow, Document, Quote, QuoteKind

SHARED = Path(os.environ.get("PROVENANCE_SHARED",
                             Path(__file__).resolve().parents[2].parent / "shared"))
SEED = SHARED / "documents" / "000_e07e6249a9f79a63.txt"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason="shared seed document absent")

Q, TERM, TITLE = QuoteKind.QUOTATION, QuoteKind.TERM, QuoteKind.TITLE
FEB18 = dt.date(2026, 2, 18)
# The works, as (outlet, title, author, date, how) of the citation a quote is tied to.
LR_ES = ("La República", "Una presidencia interina sin pretensiones de originalidad", None,
         FEB18, CitationHow.PARENTHETICAL)
LR_SV = ("La República", "En interimistisk president utan anspråk på originalitet", None, FEB18,
         CitationHow.PARENTHETICAL)
LR_EN = ("La República", "An interim presidency without pretensions of originality", None,
         FEB18, CitationHow.PARENTHETICAL)
BRUCE = ("La República", "El síntoma Jerí", "J. Bruce", FEB18, CitationHow.BACK_REFERENCE)
BRUCE_EN = ("La República", "The Jerí Symptom", "J. Bruce", FEB18, CitationHow.BACK_REFERENCE)
COMERCIO = ("El Comercio", None, None, None, CitationHow.NARRATIVE)
SPEECH = (None, None, "J. Balcázar", None, CitationHow.VAGUE)

# Every quote in the Spanish version, in order: text, kind, work, places it stands there.
SPANISH = [
    ("El síntoma Jerí", TITLE, BRUCE, 1),  # first met in the Swedish version
    ("Perú Libre", TERM, None, 1),
    ("Bloque Magisterial", TERM, None, 1),
    ("Bloque Socialista", TERM, None, 1),
    ("Castillistas", TERM, None, 1),
    ("golpe de Estado", TERM, None, 1),
    ("alturas", TERM, None, 2),
    ("auto-golpe", TERM, None, 1),
    ("fusible", TERM, None, 2),
    ("producto de una arquitectura congresal precaria", Q, LR_ES, 1),
    ("Una presidencia interina sin pretensiones de originalidad", TITLE, LR_ES, 2),
    ("…lo pusieron, no a pesar de que tuviera rabo de paja, sino precisamente por eso. Era más "
     "fácil…controlar a un personaje tan endeble", Q, BRUCE, 1),
    ("censura al presidente de la mesa directiva del Parlamento", TERM, None, 1),
    ("José Jerí cayó por sus propios errores, pero el Parlamento ha marcado un pésimo "
     "precedente con esta censura.", Q, COMERCIO, 1),
    ("En víspera de una elección fragmentada, el control del Ejecutivo interino representa "
     "tanto una oportunidad como un riesgo. Administrar la transición ofrece capacidad de "
     "influencia, pero también expone a desgaste y a un eventual costo electoral.", Q, LR_ES, 1),
    ("capacidad de influencia", TERM, None, 1),
    ("autogolpe de Fujimori", TERM, None, 1),
    ("partidos", TERM, None, 1),
    ("Ya no estamos aquí para pelear. Aquí no hay derechas ni izquierdas. Ese término lo "
     "crearon los franceses para la revolución, no tiene sustento ideológico. No hay. "
     "Entonces, amigos, yo creo que aquí me siento honrado con el voto de ustedes y que "
     "podamos decirle a los peruanos que es posible construir una democracia de verdad. La "
     "democracia no está funcionando. Si esa democracia no tiene correctivos, en el futuro va "
     "a desaparecer.", Q, SPEECH, 1),
    # opened with “ and a stray space, a nested « closed by the outer ”: both are quotes
    ("Balcázar aseguró que el modelo económico se mantendrá y dijo que en un mes se puede "
     "hacer mucho porque «no es difícil gobernar un país.", Q, SPEECH, 1),
    ("no es difícil gobernar un país.", Q, SPEECH, 1),
    ("en automático", TERM, None, 1),
    ("Garantizar al pueblo que habrá una transición democrática y transparente, que no haya "
     "duda. Mantener una pacificación de verdad y de que tengamos ministerios aptos para luchar "
     "contra la inseguridad ciudadana", Q, SPEECH, 1),
    ("La línea económica la vamos a mantener, no estamos para experimentos", Q, SPEECH, 1),
    ("Pacificador Balcázar", TERM, None, 1),
    ("señores de la guerra", TERM, None, 1),
]

# The quotations of the other versions: how each starts, and its work.
SWEDISH = [
    ("ett resultat av en bristfällig", LR_SV),
    ("…de utnämnde honom", BRUCE),
    ("José Jerí föll på grund av", COMERCIO),
    ("Inför ett splittrat val", LR_SV),
    ("Vi är inte här för att slåss", SPEECH),
    ("det inte är svårt att styra ett land", SPEECH),
    ("Garantera folket", SPEECH),
    ("Vi kommer att behålla", SPEECH),
]
ENGLISH_RED_LIBRARY = [  # the translation printed four times
    ("the product of a precarious congressional architecture", LR_EN),
    ("José Jerí fell because of", COMERCIO),
    ("On the eve of a fragmented election", LR_EN),
    ("We are no longer here to fight", SPEECH),
    ("it is not difficult to govern a country.", SPEECH),
    ("Guarantee the people", SPEECH),
    ("We are going to maintain", SPEECH),
]
ENGLISH_NEWS_REPORT = [  # the second translation: straight quotes, lost opening marks
    ("the product of a precarious congressional structure", LR_EN),
    ("...they put him in", BRUCE_EN),
    ("José Jerí fell due to", COMERCIO),
    ("On the eve of a fragmented election", LR_EN),  # its opening mark is missing
    ("We are no longer here to fight", SPEECH),
    ("Balcázar assured that", SPEECH),
    ("it's not difficult to govern a country.", SPEECH),
    ("Guarantee to the people", SPEECH),
    ("To maintain true peace", SPEECH),
    ("We will maintain the current economic policy", SPEECH),  # its opening mark is missing
]


@pytest.fixture(scope="module")
def seed() -> tuple[Document, tuple[Quote, ...]]:
    doc = read_document(SEED)
    from provenance.quotes.find import find_quotes

    return doc, attribute(doc, find_quotes(doc), find_citations(doc))


def _sections(text: str) -> dict[str, tuple[int, int]]:
    marks = ["", "BANDERA ROJA ORG", "Sunday, February 22, 2026", "Friday, February 20, 2026",
             "Thursday, February 19, 2026"]
    starts = [text.index(m) if m else 0 for m in marks] + [len(text)]
    names = ["sv", "es", "en1", "de", "en2"]
    return {n: (starts[i], starts[i + 1]) for i, n in enumerate(names)}


def _in(q: Quote, section: tuple[int, int]) -> list[int]:
    return [s.start for s in q.locations if section[0] <= s.start < section[1]]


def _work(q: Quote) -> tuple[object, ...] | None:
    c = q.citation
    return None if c is None else (c.outlet, c.title, c.author, c.date, c.how)


def test_spanish_version_full_list(seed: tuple[Document, tuple[Quote, ...]]) -> None:
    doc, quotes = seed
    es = _sections(doc.text)["es"]
    got = [(q.text, q.kind, _work(q), len(_in(q, es))) for q in quotes if _in(q, es)]
    assert got == SPANISH


@pytest.mark.parametrize(("section", "expected", "places"), [
    ("sv", SWEDISH, 1), ("en1", ENGLISH_RED_LIBRARY, 4), ("en2", ENGLISH_NEWS_REPORT, 1),
])
def test_quotations_of_each_version(seed: tuple[Document, tuple[Quote, ...]], section: str,
                                    expected: list[tuple[str, tuple[object, ...]]],
                                    places: int) -> None:
    doc, quotes = seed
    span = _sections(doc.text)[section]
    got = [(q.text, _work(q), len(_in(q, span))) for q in quotes
           if q.kind is Q and _in(q, span)]
    assert [(text[: len(start)], work)
            for (text, work, _), (start, _) in zip(got, expected, strict=False)] == expected
    assert len(got) == len(expected)
    assert all(n == places for _, _, n in got)


def test_each_quotation_has_language_and_place(seed: tuple[Document, tuple[Quote, ...]]) -> None:
    doc, quotes = seed
    sections = _sections(doc.text)
    for q in quotes:
        assert doc.text[q.span.start : q.span.end] == q.text
        assert q.locations[0] == q.span
    langs = {name: {q.language for q in quotes if q.kind is Q and _in(q, sections[name])}
             for name in ("sv", "es", "en1", "en2")}
    assert langs == {"sv": {"sv"}, "es": {"es"}, "en1": {"en"}, "en2": {"en"}}
    first = next(q for q in quotes if q.text.startswith("producto de una arquitectura"))
    line = doc.text.count("\n", 0, first.span.start) + 1
    assert (first.line, first.column) == (line, first.span.start - doc.text.rfind(
        "\n", 0, first.span.start))


def test_ellipses_become_segments(seed: tuple[Document, tuple[Quote, ...]]) -> None:
    _, quotes = seed
    bruce = next(q for q in quotes if q.text.startswith("…lo pusieron"))
    assert bruce.segments == (
        "lo pusieron, no a pesar de que tuviera rabo de paja, sino precisamente por eso. Era "
        "más fácil", "controlar a un personaje tan endeble")


def test_footnote_one_is_tied_to_the_english_translation(
        seed: tuple[Document, tuple[Quote, ...]]) -> None:
    doc, _ = seed
    url = "https://vnd-peru.blogspot.com/2026/02/mpp-nota-periodistica-sobre-nuevo-golpe.html"
    notes = [c for c in find_citations(doc) if c.how is CitationHow.FOOTNOTE]
    assert [c.url for c in notes] == [url]
    en1 = _sections(doc.text)["en1"]
    markers = [s for s in notes[0].spans if doc.text[s.start : s.end] == "1"]
    # the "1" glued to "FRAUD" in the heading of each of the four copies
    assert len(markers) == 4
    assert all(en1[0] <= s.start < en1[1] and doc.text[s.start - 5 : s.start] == "FRAUD"
               for s in markers)
    # footnote 2 holds no URL ("Red Library: Right Opportunist Line."): not a cited work
    assert not any(c.url and "Opportunist" in c.reference for c in find_citations(doc))


def test_same_work_shares_one_key(seed: tuple[Document, tuple[Quote, ...]]) -> None:
    _, quotes = seed
    keys: dict[tuple[object, ...], set[str]] = {}
    for q in quotes:
        if q.citation:
            # a vague source is one work per way the document names it, in its language
            phrase = q.citation.reference if q.citation.how is CitationHow.VAGUE else ""
            keys.setdefault((*_work(q)[:4], phrase), set()).add(  # type: ignore[index]
                q.citation.key)
    assert all(len(k) == 1 for k in keys.values()), keys
    citations = find_citations(read_document(SEED))
    assert len({c.key for c in citations}) == len(citations)


def test_quotes_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    quotation = next(q for q in data["quotes"] if q["text"].startswith("producto de una"))
    assert set(quotation) >= {"text", "kind", "line", "column", "language", "locations",
                              "citation"}
    assert quotation["kind"] == "quotation" and quotation["language"] == "es"
    assert quotation["locations"] == [{"line": quotation["line"],
                                       "column": quotation["column"]}]
    c = quotation["citation"]
    assert (c["outlet"], c["title"], c["author"], c["date"], c["url"], c["how"]) == (
        "La República", "Una presidencia interina sin pretensiones de originalidad", None,
        "2026-02-18", None, "parenthetical")
    assert sum(q["citation"] is None for q in data["quotes"] if q["kind"] == "quotation") == 0
    (note,) = [c for c in data["citations"] if c["how"] == "footnote"]
    lines = SEED.read_text(encoding="utf-8").splitlines()
    headings = [loc for loc in note["locations"] if lines[loc["line"] - 1].endswith("FRAUD1")]
    assert len(headings) == 4


def test_footnote_on_the_heading_is_the_documents_source() -> None:
    from provenance.citations.document_sources import document_sources

    doc = read_document(SEED)
    urls = [c.url for c in document_sources(doc, find_citations(doc))]
    assert urls and urls[0] is not None and "vnd-peru.blogspot.com" in urls[0]

"""Found elsewhere: the shingle index finds the page that holds a misattributed quote."""

from __future__ import annotations

import random

from provenance.judge.elsewhere import Cached, ElsewhereIndex, find_elsewhere, page_shingles
from provenance.model import (
    Citation,
    CitationHow,
    Flag,
    PageText,
    Problem,
    ProblemKind,
    Source,
    Status,
    Verdict,
)
from provenance.settings import Settings
from tests.conftest import make_quote

WORDS = ("río", "puente", "ciudad", "mercado", "noche", "tren", "lluvia", "campo", "libro",
         "mesa", "ventana", "calle", "puerto", "barco", "plaza", "museo", "teatro", "jardín")
QUOTE = "el consejo aprobó ayer la reforma del puerto con once votos a favor"


def _page(rng: random.Random, n: int = 300) -> PageText:
    text = "Página de prueba sintética. " + " ".join(rng.choice(WORDS) for _ in range(n))
    return PageText(text, text)


def _index(planted_at: int = 57) -> ElsewhereIndex:
    rng = random.Random(4)
    index = ElsewhereIndex()
    for i in range(200):
        page = _page(rng)
        if i == planted_at:
            body = page.main[:400] + " " + QUOTE.capitalize() + ". " + page.main[400:]
            page = PageText(body, "Titular. " + body)
        index.add(f"https://archivo.example/{i}", page)
    return index


def test_lookup_finds_the_page_holding_the_quote() -> None:
    got = _index().lookup(make_quote(QUOTE))
    assert got is not None
    url, match = got
    assert url == "https://archivo.example/57"
    assert match.edits == () and match.source_text.lower() == QUOTE


def test_lookup_leaves_out_the_cited_page_and_absent_quotes() -> None:
    index = _index()
    assert index.lookup(make_quote(QUOTE), exclude=["https://archivo.example/57"]) is None
    assert index.lookup(make_quote("una frase que no está en ninguna de estas páginas")) is None
    assert index.lookup(make_quote("dos palabras")) is None  # too short to have a shingle


def test_adding_a_url_twice_keeps_one_page() -> None:
    index = _index()
    index.add("https://archivo.example/57", PageText("otra cosa", "otra cosa"))
    assert len(index) == 200
    assert index.lookup(make_quote(QUOTE)) is not None


def test_find_elsewhere_flags_missing_quotes_only_when_verbatim() -> None:
    cited = "https://diario.example/cited"
    other = "https://diario.example/other"
    citation = Citation("c1", CitationHow.URL, url=cited)
    quote = make_quote(QUOTE, citation=citation)
    src = Source(citation, text=PageText("nada", "nada"))
    missing = Verdict(quote, Status.MISSING, "not in the source", source=src)
    found = Verdict(make_quote("otra cita", citation=citation), Status.FOUND, "found verbatim",
                    source=src)
    texts = {cited: PageText("nada aquí", "nada aquí"),
             other: PageText("Sintética. " + QUOTE + ".", "Sintética. " + QUOTE + ".")}
    out = find_elsewhere([missing, found], texts)
    assert out[1] is found
    assert out[0].status is Status.MISSING and Flag.FOUND_ELSEWHERE in out[0].flags
    assert out[0].elsewhere == other
    # Only an altered copy elsewhere: claimed only with settings, and the reason says how.
    texts[other] = PageText(QUOTE.replace("once", "doce"), QUOTE.replace("once", "doce"))
    assert find_elsewhere([missing], texts) == (missing,)
    near = find_elsewhere([missing], texts, settings=Settings())[0]
    assert Flag.FOUND_ELSEWHERE in near.flags and near.elsewhere == other
    assert near.reason.endswith("1 word differs: doce → once (number)")
    altered = Verdict(quote, Status.ALTERED, "1 word differs", source=src)
    assert find_elsewhere([altered], texts, settings=Settings()) == (altered,)
    # The cached pages count too.
    page = PageText(QUOTE, QUOTE)
    again = find_elsewhere([missing], {cited: texts[cited]},
                           cached=[Cached("https://cache.example/x", page_shingles(page),
                                          lambda: page)])
    assert again[0].elsewhere == "https://cache.example/x"


def test_a_quote_with_no_page_cited_is_told_where_its_words_stand() -> None:
    page = "https://diario.example/other"
    texts = {page: PageText("Sintética. " + QUOTE + ".", "Sintética. " + QUOTE + ".")}
    alone = Verdict(make_quote(QUOTE), Status.UNVERIFIED, "unattributed: no cited work for this "
                    "quote")
    (out,) = find_elsewhere([alone], texts, settings=Settings())
    assert out.status is Status.UNVERIFIED and out.elsewhere == page
    assert Flag.FOUND_ELSEWHERE in out.flags
    assert out.reason == ("unattributed: no cited work for this quote; its words stand "
                          f"verbatim in {page}")
    # Words that differ are no lead: nothing is said.
    changed = Verdict(make_quote(QUOTE.replace("once", "doce")), Status.UNVERIFIED, alone.reason)
    assert find_elsewhere([changed], texts, settings=Settings()) == (changed,)
    # Nor does a vague attribution or a work whose page was not found name a page: the
    # same lead is given.
    for how, problem in ((CitationHow.VAGUE, Problem(ProblemKind.VAGUE, "los diarios")),
                         (CitationHow.PARENTHETICAL, Problem(ProblemKind.UNRESOLVED))):
        src = Source(Citation("c2", how), problem=problem)
        unchecked = Verdict(make_quote(QUOTE), Status.UNVERIFIED, problem.sentence, source=src)
        (out,) = find_elsewhere([unchecked], texts)
        assert out.elsewhere == page and out.reason == f"{problem}; its words stand verbatim " \
            f"in {page}"
    # A quote with a source that could not be read is not looked up: it has its reason.
    src = Source(Citation("c1", CitationHow.URL, url="https://diario.example/gone"),
                 problem=Problem(ProblemKind.HTTP, "page not found", 404))
    gone = Verdict(make_quote(QUOTE), Status.UNVERIFIED, "HTTP 404: page not found", source=src)
    assert find_elsewhere([gone], texts) == (gone,)


def test_a_cached_page_is_read_only_when_a_quote_may_be_there() -> None:
    read: list[str] = []

    def cached(url: str, text: PageText) -> Cached:
        def load() -> PageText:
            read.append(url)
            return text
        return Cached(url, page_shingles(text), load)

    index = ElsewhereIndex()
    index.add_cached(cached("https://cache.example/a", PageText(QUOTE, QUOTE)))
    index.add_cached(cached("https://cache.example/b", _page(random.Random(1))))
    got = index.lookup(make_quote(QUOTE))
    assert got is not None and got[0] == "https://cache.example/a"
    assert read == ["https://cache.example/a"]
    index.lookup(make_quote(QUOTE))
    assert read == ["https://cache.example/a"]  # read once, then kept


def test_a_passage_too_far_from_the_quote_hides_no_closer_one_on_another_page() -> None:
    # Page A holds the quote's first seven words in its body, the rest replaced: too far to
    # count as altered. Page B holds it with one word changed, outside its body. A ranks
    # first (a passage in the body), but only B's passage counts: the quote is flagged
    # for B, not left unflagged because A came first.
    cited = "https://diario.example/cited"
    far, near = "https://diario.example/a", "https://diario.example/b"
    citation = Citation("c1", CitationHow.URL, url=cited)
    src = Source(citation, text=PageText("nada", "nada"))
    missing = Verdict(make_quote(QUOTE, citation=citation), Status.MISSING,
                      "not in the source", source=src)
    words = QUOTE.split()
    body_a = "Sintética. " + " ".join([*words[:7], "tren", "lluvia", "campo", "libro", "mesa",
                                       "ventana"]) + "."
    near_text = "Sintética. " + QUOTE.replace("once", "doce") + "."
    texts = {cited: PageText("nada aquí", "nada aquí"), far: PageText(body_a, body_a),
             near: PageText("Otra cosa sintética.", "Otra cosa sintética. " + near_text)}
    (out,) = find_elsewhere([missing], texts, settings=Settings())
    assert Flag.FOUND_ELSEWHERE in out.flags and out.elsewhere == near
    assert "outside the article body of" in out.reason

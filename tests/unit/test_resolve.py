"""The resolver's steps that need no network: URL given, vague, back-reference, sources
file, registry. Discovery and archives are tested against local servers in integration."""

from __future__ import annotations

import dataclasses
import datetime as dt

from provenance.fetch.http import HttpFetcher
from provenance.model import Citation, CitationHow, Outcome, StepKind
from provenance.resolve.resolver import Resolver

DAY = dt.date(2026, 2, 18)
TITLE = "Una presidencia interina sin pretensiones de originalidad"


def _lines(c: Citation) -> tuple[str, ...]:
    return tuple(step.sentence for step in c.resolution)


def _c(**kw) -> Citation:
    base = dict(key="c1", how=CitationHow.PARENTHETICAL, outlet="la República", title=TITLE,
                date=DAY)
    return Citation(**{**base, **kw})


def test_a_given_url_passes_through(settings):
    got = Resolver(settings).resolve(_c(url="https://x.org/a"))
    assert got.url == "https://x.org/a" and _lines(got) == ("url given",)
    assert [(s.step, s.outcome) for s in got.resolution] == [(StepKind.URL, Outcome.FOUND)]
    assert got.language is None  # x.org is no outlet the registry knows
    known = Resolver(settings).resolve(_c(url="https://www.folha.uol.com.br/poder/x.shtml"))
    assert known.language is None  # www. is not www1.: another host
    known = Resolver(settings).resolve(_c(url="https://www.theguardian.com/world/2026/x"))
    assert known.language == "en"


def test_vague_attribution_stays_unresolved_and_says_vague(settings):
    got = Resolver(settings).resolve(Citation(key="v", how=CitationHow.VAGUE,
                                              reference="los diarios del país"))
    assert got.url is None and "vague" in _lines(got)[-1]
    assert got.resolution[-1].outcome is Outcome.SKIPPED


def test_registry_sets_language_and_says_which_site(settings):
    got = Resolver(settings).resolve(_c())
    assert got.url is None and got.language == "es"
    assert "sources file: none given" not in _lines(got)  # no file, no line
    assert any(r.startswith("registry: La República -> https://larepublica.pe (es, PE)")
               for r in _lines(got))
    assert _lines(got)[-1].startswith("source not found")


def test_unknown_outlet_is_said(settings):
    got = Resolver(settings).resolve(_c(outlet="Gaceta de Ningunaparte"))
    assert got.url is None
    assert "registry: outlet 'Gaceta de Ningunaparte' not known" in _lines(got)[0]
    assert got.resolution[0].outcome is Outcome.NOT_FOUND
    assert got.resolution[-1].step is StepKind.NOT_FOUND


def test_no_title_and_no_date_means_no_search(settings):
    # (A request would fail the test: none leaves loopback, and none is made.)
    resolver = Resolver(settings, HttpFetcher(settings))
    got = resolver.resolve(_c(title=None, date=None, how=CitationHow.NARRATIVE),
                           quotes=("José Jerí cayó por sus propios errores",))
    assert got.url is None
    assert ("discovery: not searched, the citation gives no title and no date, nor does any "
            "work cited before it") in _lines(got)
    for quotes in ((), ("el gobierno dijo",)):  # no words, or too few to tell a page by
        got = resolver.resolve(_c(title=None, how=CitationHow.NARRATIVE), quotes=quotes)
        assert ("discovery: not searched, the citation gives no title and no quotation of 6 "
                "words or more from it") in _lines(got)


def test_sources_file_wins_and_matches_by_quote(settings, tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\noutlet = "El Comercio"\nquote = "José Jerí cayó por sus '
                    'propios errores"\nurls = ["https://ec.example/e"]\n', encoding="utf-8")
    resolver = Resolver(settings.__class__(**{**_fields(settings), "sources_file": path}))
    c = Citation(key="c5", how=CitationHow.NARRATIVE, outlet="El Comercio",
                 reference="El Comercio editorializó")
    got = resolver.resolve(c, quotes=("José Jerí cayó por sus propios errores, pero",))
    assert got.url == "https://ec.example/e"
    assert _lines(got) == (
        "sources file: matched by outlet and quote (source #1) -> https://ec.example/e",)
    missed = resolver.resolve(c, quotes=("nada que ver con esto aquí",))
    assert missed.url is None and _lines(missed)[0] == "sources file: no entry names this work"


def test_back_reference_takes_outlet_and_date_of_the_work_it_refers_to(settings):
    resolver = Resolver(settings)
    resolver.resolve(_c(key="c1"))
    resolver.resolve(_c(key="c2", outlet="El Comercio", date=dt.date(2026, 2, 10)))
    back = resolver.resolve(Citation(key="c3", how=CitationHow.BACK_REFERENCE,
                                     title="El síntoma Jerí", author="J. Bruce",
                                     outlet="la República", reference="edición ya citada"))
    assert (back.outlet, back.date) == ("la República", DAY)
    assert _lines(back)[0] == "back-reference: outlet and date of c1 (la República, 2026-02-18)"
    bare = resolver.resolve(Citation(key="c4", how=CitationHow.BACK_REFERENCE, title="Otro"))
    assert (bare.outlet, bare.date) == ("la República", DAY)  # the latest earlier work


def test_back_reference_with_nothing_before_says_so(settings):
    got = Resolver(settings).resolve(Citation(key="c1", how=CitationHow.BACK_REFERENCE))
    assert _lines(got)[0] == "back-reference: no earlier work to take outlet and date from"


def _fields(settings):
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}


def _work(key: str, title: str, reference: str, url: str | None = None, author=None,
          date=DAY) -> Citation:
    return Citation(key=key, how=CitationHow.PARENTHETICAL, outlet="La República", title=title,
                    date=date, reference=reference, url=url, author=author, language="es")


EDITORIAL = _work("c5", TITLE, f"(Editorial “{TITLE}”, la República, 18 de febrero 2026)",
                  url="https://larepublica.example/editorial")
COLUMN = _work("c2", "El síntoma Jerí", "En la página de Opinión “El síntoma Jerí”, por J. Bruce",
               url="https://larepublica.example/columna", author="J. Bruce")
SWEDISH = _work("c1", "En interimistisk president utan anspråk på originalitet",
                "(ledare ”En interimistisk president utan anspråk på originalitet”, La "
                "República, 18 februari 2026)")


def test_a_translated_title_is_taken_for_the_one_work_cited_in_the_original(settings):
    got = Resolver(settings).translations({"c5": EDITORIAL, "c2": COLUMN, "c1": SWEDISH})
    assert got["c1"].url == EDITORIAL.url and got["c5"] == EDITORIAL and got["c2"] == COLUMN
    assert _lines(got["c1"])[-1] == (
        f"translation: taken for c5 ({TITLE!r}), the one resolved work of La República of "
        f"2026-02-18 of this kind titled in its language -> {EDITORIAL.url}")
    # A short title says nothing of its language: the same author has to tie it.
    short = _work("c11", "The Jerí Symptom", "In the Opinion section, “The Jerí Symptom,” by "
                  "J. Bruce", author="J. Bruce")
    got = Resolver(settings).translations({"c5": EDITORIAL, "c2": COLUMN, "c11": short})
    assert got["c11"].url == COLUMN.url and "of this kind and author" in _lines(got["c11"])[-1]
    other = dataclasses.replace(short, author="Ana Quispe")
    assert Resolver(settings).translations({"c2": COLUMN, "c11": other})["c11"] == other


def test_a_translated_title_is_not_tied_to_one_of_several_works_nor_to_another_day(settings):
    second = dataclasses.replace(EDITORIAL, key="c6", title="Otra editorial del mismo día",
                                 url="https://larepublica.example/otra")
    got = Resolver(settings).translations({"c5": EDITORIAL, "c6": second, "c1": SWEDISH})
    assert got["c1"].url is None
    assert _lines(got["c1"])[-1] == ("translation: 2 works of La República of 2026-02-18 "
                                        "are cited in the original: not told which this "
                                        "translates")
    later = dataclasses.replace(SWEDISH, date=DAY + dt.timedelta(days=1))
    assert Resolver(settings).translations({"c5": EDITORIAL, "c1": later})["c1"] == later


def test_a_work_quoted_in_its_outlets_own_language_is_no_translation(settings):
    # An English title, but Spanish words quoted from it: some other work, not a version of
    # the one cited in the original.
    english = dataclasses.replace(SWEDISH, title="An interim presidency without pretensions "
                                  "of originality")
    works = {"c5": EDITORIAL, "c1": english}
    assert Resolver(settings).translations(works, {"c1": ["es"]})["c1"] == english
    assert Resolver(settings).translations(works, {"c1": ["en"]})["c1"].url == EDITORIAL.url

"""Resolution against a synthetic news site and a synthetic web archive on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest

from provenance.fetch.archive_origin import ArchiveOriginFetcher
from provenance.fetch.http import HttpFetcher
from provenance.model import (
    Citation,
    CitationHow,
    Fetcher,
    Origin,
    Outcome,
    Problem,
    ProblemKind,
    StepKind,
)
from provenance.pipeline import make_resolver
from provenance.resolve.resolver import Resolver
from provenance.settings import Settings

from .newssite import ArchiveServer, NewsSiteServer, Site, outlets_toml

DAY = dt.date(2026, 2, 18)
TITLE = "Una presidencia interina sin pretensiones de originalidad"
DEAD = "http://127.0.0.1:9"  # nothing listens on the discard port


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[NewsSiteServer, ArchiveServer]]:
    site = Site(n_articles=300, seed=7)
    with NewsSiteServer(site) as news, ArchiveServer() as archive:
        by_id = {a.id: a for a in site.articles}
        gone = by_id[7]
        archive.add(news.url(gone), gone.date + dt.timedelta(days=1), site.html(gone))
        # A second outlet whose site is down: only the archive still has its pages.
        for a in (by_id[1], by_id[2], by_id[8]):
            archive.add(DEAD + a.path, a.date + dt.timedelta(days=1), site.html(a))
        yield news, archive


@pytest.fixture
def resolver(servers, tmp_path) -> Resolver:
    news, archive = servers
    outlets = tmp_path / "outlets.toml"
    outlets.write_text(outlets_toml(news.base) + outlets_toml(DEAD, "Diario Apagado"),
                       encoding="utf-8")
    settings = Settings(allow_private=True, backoff=0.0, attempts=1, connect_timeout=2.0,
                        read_timeout=5.0, outlets_file=outlets, archive_url=archive.base)
    return make_resolver(settings, ArchiveOriginFetcher(HttpFetcher(settings), settings))


def _lines(c: Citation) -> tuple[str, ...]:
    return tuple(step.sentence for step in c.resolution)


def _cite(title: str | None, date: dt.date | None = DAY, **kw) -> Citation:
    base = dict(key="c1", how=CitationHow.PARENTHETICAL, outlet="la Gaceta Sintética",
                title=title, date=date, reference=f"(“{title}”, La Gaceta Sintética)")
    return Citation(**{**base, **kw})


def _article(servers, id: int):
    news, _ = servers
    return next(a for a in news.site.articles if a.id == id)


def test_exact_title_is_found_over_near_duplicates(servers, resolver):
    news, _ = servers
    got = resolver.resolve(_cite(TITLE))
    assert got.url == news.url(_article(servers, 1))
    assert got.published == DAY and got.language == "es"
    assert _lines(got)[0].startswith(f"registry: La Gaceta Sintética -> {news.base} (es, PE)")
    sitemap = next(r for r in _lines(got) if r.startswith("sitemap:"))
    assert "read 1 news sitemap, 1 index, 1 sitemap;" in sitemap
    assert "best 'una-presidencia-interina-sin-pretensiones-de" in sitemap
    assert "score 100, date 2026-02-18" in sitemap
    assert not any("date mismatch" in r for r in _lines(got))
    assert got.url not in got.candidates
    assert news.url(_article(servers, 2)) in got.candidates  # the near duplicate was seen


@pytest.mark.parametrize("written", [
    TITLE.upper(),
    "Una presidensia interina sin pretenciones de originalidad",
    "una presidencia  interina, sin pretensiones de originalidad.",
])
def test_typos_and_other_case_are_found(servers, resolver, written):
    news, _ = servers
    assert resolver.resolve(_cite(written)).url == news.url(_article(servers, 1))


def test_translated_title_stays_unresolved_and_says_why(resolver):
    got = resolver.resolve(_cite("En interimistisk president utan anspråk på originalitet"))
    assert got.url is None and got.published is None
    assert any(r.startswith("title looks sv") for r in _lines(got))
    assert _lines(got)[-1].startswith("source not found")


def test_date_off_by_one_is_found_and_flagged(servers, resolver):
    news, _ = servers
    got = resolver.resolve(_cite("Crónica de una censura anunciada", DAY))
    assert got.url == news.url(_article(servers, 8))
    assert got.published == dt.date(2026, 2, 17)
    assert "date: cited 2026-02-18, page says 2026-02-17 (date mismatch)" in _lines(got)


def test_same_title_on_other_dates_picks_the_cited_date(servers, resolver):
    news, _ = servers
    assert resolver.resolve(_cite("El síntoma Jerí", DAY)).url == news.url(_article(servers, 4))
    older = resolver.resolve(_cite("El síntoma Jerí", dt.date(2025, 12, 3)))
    assert older.url == news.url(_article(servers, 5))


def test_a_date_far_from_any_page_with_that_title_is_not_a_match(resolver):
    got = resolver.resolve(_cite(TITLE, dt.date(2026, 1, 5)))
    assert got.url is None and _lines(got)[-1].startswith("source not found")


def test_back_reference_takes_outlet_and_date_of_the_earlier_work(servers, resolver):
    news, _ = servers
    resolver.resolve(_cite(TITLE, key="c1"))
    back = Citation(key="c2", how=CitationHow.BACK_REFERENCE, title="El síntoma Jerí",
                    author="J. Bruce", reference="por J. Bruce, edición ya citada")
    got = resolver.resolve(back)
    assert got.url == news.url(_article(servers, 4))
    assert _lines(got)[0].startswith("back-reference: outlet and date of c1")


def test_back_reference_with_its_own_outlet_and_date_is_used_as_is(servers, resolver):
    news, _ = servers
    back = _cite("El síntoma Jerí", DAY, how=CitationHow.BACK_REFERENCE, author="J. Bruce")
    assert resolver.resolve(back).url == news.url(_article(servers, 4))


def test_author_disagreeing_rules_a_page_out(resolver):
    got = resolver.resolve(_cite("El síntoma Jerí", DAY, author="Ana Quispe"))
    assert got.url is None
    assert any("by 'Jorge Bruce', cited 'Ana Quispe'" in r for r in _lines(got))


def test_vague_attribution_makes_no_request(servers, resolver):
    news, _ = servers
    before = len(news.log)
    got = resolver.resolve(Citation(key="v", how=CitationHow.VAGUE,
                                    reference="los diarios del país"))
    assert got.url is None and "vague" in _lines(got)[-1] and len(news.log) == before


def test_moved_article_resolves_to_where_it_lives_now(servers, resolver):
    news, _ = servers
    a = _article(servers, 6)
    got = resolver.resolve(_cite("La vacancia que nadie pidió", a.date))
    assert got.url == news.final_url(a) != news.url(a)
    assert any(f"moved from {news.url(a)}" in r for r in _lines(got))


def test_gone_article_resolves_to_its_archived_copy(servers, resolver):
    news, archive = servers
    a = _article(servers, 7)
    got = resolver.resolve(_cite("El puerto que se quedó sin barcos", a.date))
    assert got.url == f"{archive.base}/web/20260113093000id_/{news.url(a)}"
    assert any("live page HTTP 410: archived copy 20260113093000" in r for r in _lines(got))
    assert got.published == a.date
    snap = resolver.fetcher.fetch(got.url)
    assert snap.origin is Origin.ARCHIVE and b"synthetic test page" in snap.body


def test_site_down_falls_back_to_the_archive_index(servers, resolver):
    _, archive = servers
    got = resolver.resolve(_cite(TITLE, outlet="Diario Apagado"))
    assert got.url == f"{archive.base}/web/20260219093000id_/{DEAD}{_article(servers, 1).path}"
    assert any(r.startswith("sitemap: 127.0.0.1:9: no pages listed, read nothing")
               for r in _lines(got))
    assert any(r.startswith("archive: 3 URLs captured") for r in _lines(got))
    assert resolver._sites[DEAD].requests == 1  # robots.txt had no answer: no guessing
    outcomes = {s.step: s.outcome for s in got.resolution}
    assert outcomes[StepKind.SITEMAP] is Outcome.UNREACHABLE
    assert outcomes[StepKind.ARCHIVE_SEARCH] is outcomes[StepKind.CONFIRM] is Outcome.FOUND


def test_the_site_is_read_once_per_run(servers, resolver):
    news, _ = servers
    resolver.resolve(_cite(TITLE))
    before = len(news.log)
    resolver.resolve(_cite("El síntoma Jerí", key="c9"))
    sitemaps = [p for p in news.log[before:] if p.endswith((".xml", ".txt"))]
    assert sitemaps == [] and len(news.log) - before <= 2


def test_offline_without_cache_leaves_it_unresolved_and_says_so(servers, tmp_path):
    from provenance.errors import CacheMiss

    class Offline(Fetcher):
        def fetch(self, url, *, previous=None):
            raise CacheMiss(url)

        def close(self):
            pass

    news, archive = servers
    outlets = tmp_path / "o.toml"
    outlets.write_text(outlets_toml(news.base), encoding="utf-8")
    settings = Settings(outlets_file=outlets, archive_url=archive.base, offline=True)
    got = Resolver(settings, Offline()).resolve(_cite(TITLE))
    assert got.url is None
    assert any("offline: not in cache" in r for r in _lines(got))
    # The archive's index was not in the cache either: its words say so, as its outcome does.
    outcomes = {s.step: s.outcome for s in got.resolution}
    assert outcomes[StepKind.SITEMAP] is outcomes[StepKind.ARCHIVE_SEARCH] is Outcome.OFFLINE
    assert _lines(got)[-2].startswith("archive: offline, and no list of captures in the cache")
    assert "no captures" not in _lines(got)[-2]
    assert _lines(got)[-1] == "source not found: no candidates: offline, and the pages to " \
        "search are not in the cache"


@pytest.mark.parametrize(("archive_url", "outcome", "words"), [
    (DEAD, Outcome.UNREACHABLE, "archive: could not be reached"),  # nothing listens there
    ("", Outcome.SKIPPED, "archive: turned off"),  # the archive is turned off
])
def test_an_archive_that_cannot_be_asked_is_not_an_archive_without_captures(
        servers, tmp_path, archive_url, outcome, words):
    news, _ = servers
    outlets = tmp_path / "o.toml"
    outlets.write_text(outlets_toml(news.base), encoding="utf-8")
    settings = Settings(allow_private=True, backoff=0.0, attempts=1, outlets_file=outlets,
                        archive_url=archive_url)
    got = Resolver(settings, HttpFetcher(settings)).resolve(
        _cite("Un título que ninguna página de este sitio lleva en absoluto"))
    assert got.url is None
    search = next(s for s in got.resolution if s.step is StepKind.ARCHIVE_SEARCH)
    assert search.outcome is outcome
    assert search.sentence.startswith(words) and "no captures" not in search.sentence


def test_settings_are_dataclass_fields():  # the knobs this stage reads exist with defaults
    names = {f.name for f in dataclasses.fields(Settings)}
    assert {"title_accept", "date_tolerance", "max_sitemaps", "max_confirm", "max_xml",
            "archive_window", "sources_file", "outlets_file", "archive_url"} <= names


def test_a_site_without_sitemaps_is_read_through_the_feed_its_home_page_announces(tmp_path):
    site = Site(n_articles=60, seed=3)
    latest = site.articles[-1]
    with NewsSiteServer(site, sitemaps=False) as news, ArchiveServer() as archive:
        outlets = tmp_path / "outlets.toml"
        outlets.write_text(outlets_toml(news.base), encoding="utf-8")
        settings = Settings(allow_private=True, backoff=0.0, attempts=1,
                            outlets_file=outlets, archive_url=archive.base)
        got = Resolver(settings, HttpFetcher(settings)).resolve(_cite(latest.title, latest.date))
        assert got.url == news.url(latest)
        assert any(r.startswith(f"sitemap: 127.0.0.1:{news.base.rsplit(':', 1)[1]}: read 1 feed;")
                   for r in _lines(got)), _lines(got)
        assert {"/sitemap.xml", "/sitemap_index.xml", "/", "/feed.xml"} <= set(news.log)


def test_a_given_url_that_is_gone_can_be_pointed_at_its_archived_copy(servers, resolver):
    news, archive = servers
    a = _article(servers, 7)
    given = _cite(None, a.date, url=news.url(a), how=CitationHow.URL)
    got = resolver.archived(resolver.resolve(given), Problem(ProblemKind.HTTP, status=410))
    assert got.url == f"{archive.base}/web/20260113093000id_/{news.url(a)}"
    assert _lines(got) == ("url given", f"archive: live page HTTP 410: archived copy "
                              f"20260113093000 -> {got.url}")
    assert got.candidates == (news.url(a),)
    missing = resolver.archived(_cite(None, url=news.base + "/nowhere/"),
                                Problem(ProblemKind.HTTP, status=404))
    assert missing.url == news.base + "/nowhere/"
    assert _lines(missing)[-1].startswith("archive: live page HTTP 404, and no archived copy")


def test_misbehaving_sitemaps_are_skipped_and_the_good_one_still_read(httpserver, tmp_path):
    import gzip

    from .newssite import page_html

    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;">]>'
            b"<urlset><url><loc>http://x/&b;</loc></url></urlset>")
    article = "/a/una-presidencia-interina-sin-pretensiones-de-originalidad"
    good = gzip.compress(
        ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
         f"{httpserver.url_for(article)}</loc><lastmod>2026-02-18</lastmod></url></urlset>"
         ).encode())
    robots = "".join(f"Sitemap: {httpserver.url_for(p)}\n"
                     for p in ("/bomb.xml", "/soft404.xml", "/busy.xml", "/gone.xml", "/s.xml.gz"))
    httpserver.expect_request("/robots.txt").respond_with_data(robots)
    httpserver.expect_request("/bomb.xml").respond_with_data(bomb, content_type="text/xml")
    httpserver.expect_request("/soft404.xml").respond_with_data("<html>Page not found</html>")
    httpserver.expect_request("/busy.xml").respond_with_data("busy", status=503)
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)
    httpserver.expect_request("/s.xml.gz").respond_with_data(
        good, content_type="application/x-gzip")
    httpserver.expect_request(article).respond_with_data(
        page_html(TITLE, DAY, "Redacción", "Synthetic test page."), content_type="text/html")
    outlets = tmp_path / "o.toml"
    outlets.write_text(outlets_toml(httpserver.url_for("").rstrip("/")), encoding="utf-8")
    settings = Settings(allow_private=True, backoff=0.0, attempts=2, outlets_file=outlets,
                        archive_url=httpserver.url_for("/archive"))
    got = Resolver(settings, HttpFetcher(settings)).resolve(_cite(TITLE))
    assert got.url == httpserver.url_for(article)
    assert any("read 1 sitemap;" in r for r in _lines(got)), _lines(got)


def test_without_a_date_the_same_title_twice_is_ambiguous_not_a_guess(servers, resolver):
    news, _ = servers
    got = resolver.resolve(_cite("El síntoma Jerí", None))
    assert got.url is None
    assert any(r.startswith("confirm: ambiguous") for r in _lines(got)), _lines(got)
    assert {news.url(_article(servers, 4)), news.url(_article(servers, 5))} <= set(
        got.candidates)


def test_sources_file_with_mirrors_takes_the_first_url_that_answers(servers, tmp_path):
    news, archive = servers
    good = news.url(_article(servers, 1))
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[[source]]\ntitle = "{TITLE}"\nurls = ["{DEAD}/a", '
                       f'"{news.base}/nowhere/", "{good}"]\n', encoding="utf-8")
    settings = Settings(allow_private=True, backoff=0.0, attempts=1, sources_file=sources,
                        archive_url=archive.base)
    before = len(news.log)
    got = Resolver(settings, HttpFetcher(settings)).resolve(_cite(TITLE))
    assert got.url == good
    assert _lines(got) == (f"sources file: matched by title (source #1) -> {good}",)
    assert news.log[before:] == ["/nowhere/", _article(servers, 1).path]  # no discovery


def test_an_offline_rerun_from_recorded_captures_resolves_the_same_without_a_request(
        servers, resolver):
    """Every request goes through the fetcher, so a cache of its captures replays a run."""
    from provenance.errors import CacheMiss

    news, archive = servers
    recorded: dict[str, object] = {}

    class Recording(Fetcher):
        def fetch(self, url, *, previous=None):
            recorded[url] = resolver.fetcher.fetch(url, previous=previous)
            return recorded[url]

        def close(self):
            pass

    class Replay(Fetcher):
        def fetch(self, url, *, previous=None):
            if url not in recorded:
                raise CacheMiss(url)
            return recorded[url]

        def close(self):
            pass

    cited = [_cite(TITLE), _cite("El puerto que se quedó sin barcos", dt.date(2026, 1, 12),
                                 key="c2"),
             _cite("Crónica de una censura anunciada", key="c3")]
    quotes: list[tuple[str, ...]] = [(), (), ()]
    # And a work without a title, found by its words (the page read is recorded too).
    a = _article(servers, 8)
    cited.append(dataclasses.replace(_no_title(DAY), key="c4"))
    quotes.append((f"Nota {a.id} de la sección {a.section}",))
    online = [make_resolver(resolver.settings, Recording()).resolve(c, q)
              for c, q in zip(cited, quotes, strict=True)]
    before = len(news.log) + len(archive.log)
    offline = [make_resolver(dataclasses.replace(resolver.settings, offline=True),
                             Replay()).resolve(c, q) for c, q in zip(cited, quotes, strict=True)]
    assert offline == online and all(c.url for c in offline)
    assert offline[-1].url == news.url(a)
    assert len(news.log) + len(archive.log) == before


def _no_title(date: dt.date | None = None, reference: str = "según La Gaceta Sintética"
              ) -> Citation:
    return Citation(key="c9", how=CitationHow.NARRATIVE, outlet="La Gaceta Sintética",
                    date=date, reference=reference)


def test_pages_searched_for_quoted_words_are_read_two_at_a_time(servers, resolver):
    # Each page answers slowly: the next one is fetched while one is looked at, as many at
    # once as a host takes, and once the words are found at most one more was fetched.
    news, _ = servers
    a = _article(servers, 8)
    quote = f"Nota {a.id} de la sección {a.section}"
    # A resolver of its own: one that read pages before would take them from its memo.
    fresh = make_resolver(resolver.settings, resolver.fetcher)
    news.delay, news.peak, before = 0.05, 0, len(news.log)
    try:
        got = fresh.resolve(_no_title(DAY), quotes=(quote,))
    finally:
        news.delay = 0.0
    assert got.url == news.url(a)
    read = int(_lines(got)[-1].split("(page ")[1].split()[0])
    pages = [p for p in news.log[before:] if re.match(r"/\w+/\d{4}/\d\d/\d\d/", p)]
    assert news.peak == resolver.settings.per_host == 2
    assert read <= len(pages) <= read + 1, pages


def test_a_work_without_a_title_is_found_by_the_words_quoted_from_it(servers, resolver):
    news, _ = servers
    a = _article(servers, 8)  # politica, 17 February 2026
    quote = f"Nota {a.id} de la sección {a.section}"
    # The document dates the work before it (the 18th); this one it does not date.
    resolver.resolve(_cite(TITLE))
    got = resolver.resolve(_no_title(), quotes=(quote,))
    assert got.url == news.url(a) and got.published == a.date
    assert _lines(got)[-2] == ("discovery: no title: looking for the page that holds the "
                                  "quoted words, from 2026-02-11 to 2026-02-25 (no date "
                                  "given: c1's date 2026-02-18)")
    assert _lines(got)[-1].startswith(f"quote: {news.url(a)} holds the quoted words "
                                         "verbatim (page ")
    # Words of another page, or words of no page, find nothing: no guess.
    other = resolver.resolve(_no_title(DAY), quotes=(f"Nota {a.id} de la sección regiones",))
    assert other.url is None
    assert _lines(other)[-1] == "source not found: no page read holds the quoted words"
    assert any("none of the 12 page(s) read of" in r for r in _lines(other)), _lines(other)
    assert "quote: 127.0.0.1:9: no pages listed" in _lines(other)[-2]  # the other outlet
    assert len(other.candidates) == 5  # the first pages read, for the reader to look at


def test_the_kind_of_piece_cited_is_read_first(servers, resolver):
    news, _ = servers
    # Pages of the opinion section from around the 18th (the special ones are 1 and 4):
    # an editorial is looked for there first, however many news pages share its dates.
    near = [a for a in news.site.articles if a.status == 200 and abs((a.date - DAY).days) <= 7]
    opinion = [a for a in near if a.section == "opinion"]
    assert len(near) > 12 and opinion
    target = max(opinion, key=lambda a: abs((a.date - DAY).days))  # the farthest of them
    quote = f"Nota {target.id} de la sección opinion"
    got = resolver.resolve(_no_title(DAY, "La Gaceta Sintética editorializó"), quotes=(quote,))
    assert got.url == news.url(target), _lines(got)
    page = int(_lines(got)[-1].split("(page ")[1].split()[0])
    assert page <= len(opinion)

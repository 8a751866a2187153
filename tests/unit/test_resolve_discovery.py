"""Parsing what sites publish about themselves: robots.txt, sitemaps, feeds."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from provenance.resolve.discovery import SiteIndex, parse_feed_or_sitemap, robots_sitemaps

CAP = 1_000_000


def test_robots_sitemaps_are_absolute_deduplicated_and_ignore_comments():
    text = ("User-agent: *\nDisallow: /x\n# Sitemap: https://no.example/s.xml\n"
            "SITEMAP: /sitemap-index.xml  # main\nSitemap: https://s.example/news.xml\n"
            "sitemap:/sitemap-index.xml\n")
    assert robots_sitemaps(text, "https://s.example") == (
        "https://s.example/sitemap-index.xml", "https://s.example/news.xml")


def test_sitemap_index_children_with_lastmod():
    body = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            b'sitemap/0.9"><sitemap><loc>https://s.example/2026-02.xml</loc><lastmod>'
            b"2026-02-28T10:00:00Z</lastmod></sitemap><sitemap><loc>ftp://bad</loc></sitemap>"
            b"</sitemapindex>")
    doc = parse_feed_or_sitemap(body, "https://s.example/i.xml", CAP)
    assert doc.kind == "index"
    assert doc.children == (("https://s.example/2026-02.xml", dt.date(2026, 2, 28)),)


def test_news_sitemap_gives_titles_and_publication_dates():
    body = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://'
            'www.google.com/schemas/sitemap-news/0.9"><url><loc>https://s.example/a</loc>'
            "<news:news><news:publication_date>2026-02-18T07:30:00-05:00"
            "</news:publication_date><news:title>Título &amp; más</news:title></news:news>"
            "</url><url><loc>https://s.example/b</loc><lastmod>2026-02-19</lastmod></url>"
            "</urlset>").encode()
    doc = parse_feed_or_sitemap(gzip.compress(body), "https://s.example/n.xml.gz", CAP)
    a, b = doc.entries
    assert (a.title, a.date, a.published, a.via) == ("Título & más", dt.date(2026, 2, 18),
                                                     True, "news sitemap")
    assert (b.title, b.date, b.published) == (None, dt.date(2026, 2, 19), False)


def test_rss_and_atom_feeds():
    rss = (b"<rss><channel><item><title>Uno</title><link>/a</link><pubDate>Wed, 18 Feb 2026 "
           b"12:30:00 +0000</pubDate></item><item><title>Sin enlace</title></item>"
           b"</channel></rss>")
    (item,) = parse_feed_or_sitemap(rss, "https://s.example/feed", CAP).entries
    assert (item.url, item.title, item.date) == ("https://s.example/a", "Uno",
                                                 dt.date(2026, 2, 18))
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Dos</title>'
            b'<link rel="self" href="/self"/><link href="https://s.example/b"/>'
            b"<published>2026-02-17T10:00:00Z</published></entry></feed>")
    (entry,) = parse_feed_or_sitemap(atom, "https://s.example/atom", CAP).entries
    assert (entry.url, entry.title, entry.date) == ("https://s.example/b", "Dos",
                                                    dt.date(2026, 2, 17))


def test_plain_text_sitemap():
    doc = parse_feed_or_sitemap(b"https://s.example/a\n\nnot a url\nhttps://s.example/b\n",
                                "https://s.example/s.txt", CAP)
    assert [e.url for e in doc.entries] == ["https://s.example/a", "https://s.example/b"]


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
    b"<urlset><url><loc>https://s.example/&b;</loc></url></urlset>",
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<urlset><url><loc>&x;</loc></url></urlset>",
    b"<html><body>not a sitemap</body></html>",
    gzip.compress(b"<urlset>" + b" " * (CAP + 10) + b"</urlset>"),  # a gzip bomb, in small
    b"\x1f\x8bnot really gzip",
])
def test_unsafe_or_foreign_documents_are_not_read(body):
    assert parse_feed_or_sitemap(body, "https://s.example/x.xml", CAP) is None


@pytest.mark.parametrize(("url", "lastmod", "read"), [
    ("https://s.example/sitemaps/posts-2026-02.xml", None, True),
    ("https://s.example/sitemaps/posts-2026-01.xml", None, False),
    ("https://s.example/sitemap/2026/02/18.xml", None, True),
    ("https://s.example/sitemap/2026/02/10.xml", None, False),
    ("https://s.example/sitemap-20260301.xml", None, False),
    ("https://s.example/sitemap-articles-3.xml", dt.date(2026, 1, 1), False),  # older
    ("https://s.example/sitemap-articles-4.xml", dt.date(2026, 3, 1), True),
    ("https://s.example/news-sitemap.xml", None, True),
    ("https://s.example/sitemap.xml?yyyy=2026&mm=02&dd=19", None, True),
    ("https://s.example/sitemap.xml?yyyy=2026&mm=02&dd=12", None, False),
    ("https://s.example/sitemap.xml?year=2026&month=1", None, False),
])
def test_sitemaps_that_cannot_list_the_cited_day_are_skipped(url, lastmod, read):
    got = SiteIndex._priority(url, lastmod, dt.date(2026, 2, 18), 2)
    assert (got is not None) == read


def test_month_boundary_reads_both_months():
    when = dt.date(2026, 3, 1)
    assert SiteIndex._priority("https://s.example/posts-2026-02.xml", None, when, 2) is not None
    assert SiteIndex._priority("https://s.example/posts-2026-03.xml", None, when, 2) is not None


# --- confirmation by the page's own facts --------------------------------------------

from provenance.resolve.confirm import PageFacts, check_page  # noqa: E402

_T = "El Congreso aprueba la ley de aguas en Piura"


@pytest.mark.parametrize(("page_title", "accepted"), [
    (f"{_T} | La Gaceta Sintética", True),
    ("El Congreso aprueba la ley de aguas en Puno", False),  # another place: another work
    ("El Congreso rechaza la ley de aguas en Piura", False),  # another verb
    ("El Congreso aprueba la ley de aguas", False),  # a near-duplicate headline
    ("El Congreso aprueba la ley de aguas en Piura 2", False),  # a number added
])
def test_a_page_title_must_agree_word_for_word_allowing_typos(page_title, accepted):
    facts = PageFacts((page_title,), dt.date(2026, 2, 18), "Ana Quispe")
    got = check_page(facts, "El Congreso aprueva la ley de aguas en Piura",
                     dt.date(2026, 2, 18), None, 90.0, 2)
    assert got.accepted is accepted, got.reason


@pytest.mark.parametrize(("page_date", "accepted"), [
    (dt.date(2026, 2, 18), True), (dt.date(2026, 2, 20), True), (dt.date(2026, 2, 21), False),
    (None, False),
])
def test_a_page_date_must_be_within_tolerance(page_date, accepted):
    got = check_page(PageFacts((_T,), page_date), _T, dt.date(2026, 2, 18), None, 90.0, 2)
    assert got.accepted is accepted and got.date == page_date


def test_the_listing_date_stands_in_when_the_page_has_none():
    got = check_page(PageFacts((_T,)), _T, dt.date(2026, 2, 18), None, 90.0, 2,
                     listed=dt.date(2026, 2, 18))
    assert got.accepted and got.date == dt.date(2026, 2, 18)


def test_a_page_off_the_cited_date_needs_the_title_itself_not_a_near_one():
    when, day_after = dt.date(2026, 2, 18), dt.date(2026, 2, 19)
    exact = check_page(PageFacts((_T,), day_after), _T.upper(), when, None, 90.0, 2)
    typo = check_page(PageFacts((_T,), day_after), _T.replace("aguas", "agaus"), when, None,
                      90.0, 2)
    assert exact.accepted and not typo.accepted
    assert "published 2026-02-19, cited 2026-02-18" in typo.reason

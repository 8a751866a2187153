"""Discovery on an outlet's own site: robots.txt -> sitemap index -> sitemaps, news
sitemaps and feeds, read lazily and each at most once per run.

Written for any host, local test servers included (trafilatura's helpers drop hosts
without a public domain name). XML is parsed with lxml without entities, DTDs or network
access, and with size caps, since sitemaps and feeds are untrusted input.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import heapq
import logging
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from lxml import etree, html

from provenance.errors import FetchError, FetchFailure
from provenance.model import Fetcher, Snapshot
from provenance.resolve.outlets import Outlet
from provenance.settings import Settings

__all__ = ["Entry", "SiteIndex", "parse_feed_or_sitemap", "robots_sitemaps"]

log = logging.getLogger(__name__)

_GUESSES = ("/sitemap.xml", "/sitemap_index.xml")
_MAX_ROBOTS = 512 * 1024  # bytes
_MAX_ITEMS = 100_000  # entries kept from one document
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/feed+json")
# Year-month(-day) in a sitemap's URL: /2026/02/, posts-2026-02.xml, sitemap-20260218.xml,
# ?yyyy=2026&mm=02 ... Month is required: a bare year says too little to skip a sitemap.
_URL_DATE = re.compile(
    r"(?<!\d)(20\d\d|19\d\d)[-/_.]?(0[1-9]|1[0-2])(?:[-/_.]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


# ...or in its query: ?yyyy=2026&mm=02&dd=18, ?year=2026&month=2
_QUERY_KEYS = (("yyyy", "year", "y"), ("mm", "month", "m"), ("dd", "day", "d"))


@dataclass(frozen=True, slots=True)
class Entry:
    """One page a sitemap or feed lists."""

    url: str
    title: str | None = None
    date: dt.date | None = None
    published: bool = False  # date is the publication date (news sitemap, feed), not lastmod
    via: str = "sitemap"  # sitemap | news sitemap | feed | archive


@dataclass(frozen=True, slots=True)
class _Doc:
    entries: tuple[Entry, ...] = ()
    children: tuple[tuple[str, dt.date | None], ...] = ()  # sub-sitemaps and their lastmod
    kind: str = "sitemap"


def robots_sitemaps(text: str, base: str) -> tuple[str, ...]:
    """The ``Sitemap:`` URLs a robots.txt names, absolute, in order, once each."""
    found: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == "sitemap" and value.strip():
            found.append(urljoin(base + "/", value.strip()))
    return tuple(dict.fromkeys(found))


def _unzip(body: bytes, cap: int) -> bytes | None:
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, cap + 1)
    except zlib.error:
        return None
    return None if len(out) > cap else out


_PARSER_ARGS = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                "huge_tree": False, "recover": True, "remove_comments": True}


def parse_feed_or_sitemap(body: bytes, url: str, cap: int) -> _Doc | None:
    """A sitemap index, a sitemap (news extensions included), an RSS/RDF/Atom feed, or a
    plain-text sitemap; None when the body is none of these or is unsafe."""
    data = _unzip(body, cap)
    if data is None or len(data) > cap:
        log.info("discovery: %s is over %d bytes or not valid gzip", url, cap)
        return None
    head = data[:4096].lstrip()
    if b"<!ENTITY" in data[:65536]:  # entity tricks (billion laughs, XXE): refuse outright
        log.warning("discovery: %s declares XML entities; not read", url)
        return None
    if not head.startswith(b"<"):
        urls = [ln.strip() for ln in data.decode("utf-8", "replace").splitlines()]
        entries = tuple(Entry(u) for u in urls[:_MAX_ITEMS] if u.startswith(("http://", "https://")))
        return _Doc(entries=entries) if entries else None
    try:
        root = etree.fromstring(data, etree.XMLParser(**_PARSER_ARGS))
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    kind = etree.QName(root).localname.lower()
    if kind == "sitemapindex":
        return _Doc(children=tuple(_sitemap_children(root)), kind="index")
    if kind == "urlset":
        entries = tuple(_sitemap_urls(root))
        news = any(e.title for e in entries)
        return _Doc(entries=entries, kind="news sitemap" if news else "sitemap")
    if kind in ("rss", "rdf"):
        return _Doc(entries=tuple(_rss_items(root, url)), kind="feed")
    if kind == "feed":
        return _Doc(entries=tuple(_atom_entries(root, url)), kind="feed")
    return None


def _children(el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    for child in el:
        if isinstance(child.tag, str):
            yield etree.QName(child).localname.lower(), child


def _text(el: etree._Element, name: str) -> str | None:
    for local, child in _children(el):
        if local == name:
            text = "".join(child.itertext()).strip()
            return text or None
    return None


def _sitemap_children(root: etree._Element) -> Iterator[tuple[str, dt.date | None]]:
    for n, (local, el) in enumerate(_children(root)):
        if n >= _MAX_ITEMS:
            return
        loc = _text(el, "loc") if local == "sitemap" else None
        if loc and loc.startswith(("http://", "https://")):
            yield loc, _date(_text(el, "lastmod"))


def _sitemap_urls(root: etree._Element) -> Iterator[Entry]:
    for n, (local, el) in enumerate(_children(root)):
        if n >= _MAX_ITEMS:
            return
        loc = _text(el, "loc") if local == "url" else None
        if not loc or not loc.startswith(("http://", "https://")):
            continue
        news = next((c for name, c in _children(el) if name == "news"), None)
        if news is not None:
            yield Entry(loc, _text(news, "title"), _date(_text(news, "publication_date")),
                        published=True, via="news sitemap")
        else:
            yield Entry(loc, None, _date(_text(el, "lastmod")))


def _rss_items(root: etree._Element, base: str) -> Iterator[Entry]:
    items = [el for el in root.iter() if isinstance(el.tag, str)
             and etree.QName(el).localname.lower() == "item"]
    for el in items[:_MAX_ITEMS]:
        link = _text(el, "link") or _text(el, "guid")
        if not link:
            continue
        when = _date(_text(el, "pubdate") or _text(el, "date"))
        yield Entry(urljoin(base, link), _text(el, "title"), when, published=True, via="feed")


def _atom_entries(root: etree._Element, base: str) -> Iterator[Entry]:
    for n, (local, el) in enumerate(_children(root)):
        if n >= _MAX_ITEMS:
            return
        if local != "entry":
            continue
        href = None
        for name, link in _children(el):
            if name == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        if not href:
            continue
        when = _date(_text(el, "published") or _text(el, "updated"))
        yield Entry(urljoin(base, href), _text(el, "title"), when, published=True, via="feed")


def _date(text: str | None) -> dt.date | None:
    """ISO 8601 (sitemaps, Atom) or RFC 822 (RSS) to a calendar date, as the site wrote it."""
    if not text:
        return None
    text = text.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def _url_month(url: str) -> tuple[int, int, int | None] | None:
    parts = urlsplit(url)
    found = _URL_DATE.search(parts.path + "?" + parts.query)
    if found:
        day = int(found.group(3)) if found.group(3) else None
        return int(found.group(1)), int(found.group(2)), day
    query = parse_qs(parts.query)
    y, m, d = (next((query[k][0] for k in keys if k in query), None) for keys in _QUERY_KEYS)
    if y and m and y.isdigit() and m.isdigit() and 1 <= int(m) <= 12:
        return int(y), int(m), int(d) if d and d.isdigit() else None
    return None


class SiteIndex:
    """The sitemaps and feeds of one outlet's site, read on demand and kept for the run."""

    def __init__(self, outlet: Outlet, fetcher: Fetcher, settings: Settings) -> None:
        self.outlet, self.fetcher, self.settings = outlet, fetcher, settings
        parts = urlsplit(outlet.site)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = outlet.site.rstrip("/") + "/"
        self._docs: dict[str, _Doc | None] = {}
        self._roots: tuple[tuple[str, str], ...] | None = None
        self.problems: list[str] = []  # what went wrong reading the site, in words
        self.failures: list[FetchFailure] = []  # the fetches among them that got no answer
        self.requests = 0

    def _get(self, url: str) -> Snapshot | FetchError | None:
        """The page; the error when there was no answer at all; None for an HTTP error."""
        self.requests += 1
        try:
            snap = self.fetcher.fetch(url)
        except FetchError as exc:
            self.problems.append(f"{url}: {exc.reason}")
            self.failures.append(exc.kind)
            return exc
        if snap.status >= 400:
            self.problems.append(f"{url}: HTTP {snap.status}")
            return None
        return snap

    def roots(self) -> tuple[tuple[str, str], ...]:
        """(url, how it was found) of the documents to start from."""
        if self._roots is None:
            found: list[tuple[str, str]] = []
            snap = self._get(self.origin + "/robots.txt")
            # No answer at all (not even a 404): the host is down or offline and uncached;
            # guessing more URLs on it would only wait for more timeouts.
            unreachable = isinstance(snap, FetchError)
            if isinstance(snap, Snapshot) and len(snap.body) <= _MAX_ROBOTS:
                text = snap.body.decode("utf-8", "replace")
                found += [(u, "robots.txt") for u in robots_sitemaps(text, self.origin)]
            found += [(u, "registry") for u in (*self.outlet.sitemaps, *self.outlet.feeds)]
            if not found and not unreachable:
                found += [(self.origin + g, "guess") for g in _GUESSES]
                found += [(u, "home page") for u in self._home_feeds()]
            self._roots = tuple(dict.fromkeys(found))
        return self._roots

    def _home_feeds(self) -> list[str]:
        snap = self._get(self.outlet.site + "/")
        if not isinstance(snap, Snapshot):
            return []
        try:
            tree = html.fromstring(snap.body[: self.settings.max_xml])
        except (etree.ParserError, ValueError):
            return []
        return [urljoin(snap.final_url, link.get("href"))
                for link in tree.iter("link")
                if "alternate" in (link.get("rel") or "").lower() and link.get("href")
                and (link.get("type") or "").split(";")[0].strip().lower() in _FEED_TYPES]

    def document(self, url: str) -> _Doc | None:
        if url not in self._docs:
            snap = self._get(url)
            doc = None if not isinstance(snap, Snapshot) else parse_feed_or_sitemap(
                snap.body, snap.final_url, self.settings.max_xml)
            if isinstance(snap, Snapshot) and doc is None:
                self.problems.append(f"{url}: not a sitemap or feed")
            self._docs[url] = doc
        return self._docs[url]

    def fetched(self, url: str) -> bool:
        return url in self._docs

    def on_site(self, url: str) -> bool:
        # Sitemaps may list other hosts (a sister site, a CDN); only the outlet's pages count.
        # An outlet that is a section of a larger site (a path in ``site``) keeps its path.
        if url.startswith(self.prefix):
            return True
        site = urlsplit(self.prefix)
        return site.path in ("", "/") and _same_site(urlsplit(url).netloc, site.netloc)

    def entries(self, when: dt.date | None, tolerance: int,
                enough: Callable[[tuple[Entry, ...]], bool]
                ) -> tuple[tuple[Entry, ...], tuple[str, ...]]:
        """Entries from the documents most likely to list a page from ``when``, read in that
        order until ``enough`` says the entries so far suffice or the budget is spent.
        Returns the entries and the kind of each document read, in reading order."""
        queue: list[tuple[float, int, str]] = []
        counter = 0
        for url, _how in self.roots():
            priority = self._priority(url, None, when, tolerance)
            if priority is not None:
                heapq.heappush(queue, (priority, counter, url))
                counter += 1
        budget, read, seen = self.settings.max_sitemaps, [], set()
        found: list[Entry] = []
        while queue and budget > 0:
            _, _, url = heapq.heappop(queue)
            if url in seen:
                continue
            seen.add(url)
            if not self.fetched(url):
                budget -= 1
            doc = self.document(url)
            if doc is None:
                continue
            read.append(doc.kind)
            found.extend(e for e in doc.entries if self.on_site(e.url))
            for child, lastmod in doc.children:
                priority = self._priority(child, lastmod, when, tolerance)
                if priority is not None and child not in seen:
                    heapq.heappush(queue, (priority, counter, child))
                    counter += 1
            if doc.entries and enough(tuple(found)):
                break
        return tuple(found), tuple(read)

    @staticmethod
    def _priority(url: str, lastmod: dt.date | None, when: dt.date | None,
                  tolerance: int) -> float | None:
        """Lower reads first; None: cannot list a page from ``when``, skip it."""
        news = 0.5 if "news" in url.lower() else 0.0
        if when is None:
            # No date: what the site published last, news and feeds first.
            age = (dt.date.today() - lastmod).days if lastmod else 10_000
            return 1.0 - news + min(age, 10_000) / 10_000
        span = _url_month(url)
        if span is not None:
            year, month, day = span
            lo = when - dt.timedelta(days=tolerance)
            hi = when + dt.timedelta(days=tolerance)
            months = {(lo.year, lo.month), (hi.year, hi.month)}
            if (year, month) not in months:
                return None
            if day is None:
                return 0.2
            try:
                return 0.0 if lo <= dt.date(year, month, day) <= hi else None
            except ValueError:  # "2026-02-30": not a date, so not a day-sitemap either
                return 0.2
        if lastmod is not None and lastmod < when - dt.timedelta(days=tolerance):
            return None  # last changed before the work appeared: cannot list it
        # News sitemaps and feeds hold titles and dates: cheap to rank, read early.
        distance = abs((lastmod - when).days) if lastmod else 400
        return 1.0 - news + min(distance, 4000) / 4000


def _same_site(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if ":" in a or ":" in b or not any(c.isalpha() for c in a + b):
        return False  # ports or IP addresses: only the exact host is the same site
    return a.removeprefix("www.") == b.removeprefix("www.") \
        or a.endswith("." + b.removeprefix("www.")) or b.endswith("." + a.removeprefix("www."))

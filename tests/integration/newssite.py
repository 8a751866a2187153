"""A synthetic news site and a synthetic web archive, served on 127.0.0.1 for tests.

The site ("La Gaceta Sintética", a fictional outlet: every page says it is a synthetic
test page) has robots.txt, a sitemap index, monthly sitemaps, a news sitemap, an RSS
feed, a home page and generated articles, including near-duplicate headlines, the same
headline on other dates, an article moved with a 301 and one gone with a 410. The archive
answers the Wayback availability and CDX APIs and plays captures back.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

OUTLET = "La Gaceta Sintética"
_NOT_FOUND = b"<html><body>Not found (synthetic test page)</body></html>"
FIRST_DAY = dt.date(2025, 11, 1)

_SUBJECTS = ["El Congreso", "La fiscalía", "El Ejecutivo", "La alcaldía de Lima",
             "El gremio minero", "La Defensoría", "El tribunal electoral",
             "La universidad pública", "El banco central", "La policía",
             "El ministerio de salud", "La comunidad campesina", "El sindicato docente",
             "La cancillería", "El gobierno regional de Cusco", "La junta de usuarios"]
_VERBS = ["aprueba", "rechaza", "investiga", "posterga", "anuncia", "cuestiona", "defiende",
          "suspende", "revisa", "denuncia", "impulsa", "archiva"]
_OBJECTS = ["la reforma del transporte", "el presupuesto de emergencia", "la ley de aguas",
            "el plan contra la anemia", "la licitación del puerto", "el informe de la comisión",
            "la tarifa eléctrica", "el proyecto minero del sur", "la elección de magistrados",
            "el canon gasífero", "el censo agrario", "la concesión de la carretera",
            "el protocolo sanitario", "la compra de patrulleros", "el registro de partidos"]
_PLACES = ["en Arequipa", "en Piura", "en Puno", "tras el paro", "en plena crisis", "sin debate",
           "por segunda vez", "entre críticas", "a pedido de la bancada", "antes de julio",
           "en Iquitos", "en Trujillo", "pese a las protestas"]
_SECTIONS = ["politica", "economia", "sociedad", "regiones", "opinion"]
_AUTHORS = ["Redacción", "Ana Quispe", "Luis Mamani", "Rosa Huamán", "Jorge Bruce",
            "Carmen Vílchez", "Pedro Salas"]
_STOP = {"el", "la", "los", "las", "de", "del", "en", "a", "y", "por", "tras", "sin", "al", "un",
         "una", "entre", "pese", "antes", "contra"}


def slugify(text: str) -> str:
    import unicodedata

    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", bare).strip("-")


@dataclass
class Article:
    id: int
    title: str
    date: dt.date
    author: str
    section: str
    slug: str
    status: int = 200  # 200, 301 (moved to ``moved_to``) or 410
    moved_to: str | None = None

    @property
    def path(self) -> str:
        d = self.date
        return f"/{self.section}/{d:%Y/%m/%d}/{self.slug}-{self.id}/"


def page_html(title: str, date: dt.date, author: str, body: str) -> str:
    return f"""<!doctype html>
<html lang="es"><head><meta charset="utf-8">
<title>{escape(title)} | {OUTLET}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{OUTLET}">
<meta property="article:published_time" content="{date.isoformat()}T07:30:00-05:00">
<meta name="author" content="{escape(author)}">
<meta name="description" content="Synthetic test page of a fictional outlet.">
</head><body>
<header><p>{OUTLET}: synthetic test page, not a real outlet.</p></header>
<article><h1>{escape(title)}</h1>
<p class="byline">Por {escape(author)}, {date.isoformat()}</p>
<p>{escape(body)}</p>
<p>Este texto es una página de prueba sintética generada para verificar citas.</p>
</article></body></html>"""


@dataclass
class Site:
    """The content of the synthetic site; deterministic for a seed."""

    n_articles: int = 300
    seed: int = 7
    days: int = 120
    articles: list[Article] = field(default_factory=list)

    def __post_init__(self) -> None:
        rng = random.Random(self.seed)
        titles: set[str] = set()
        special = self._special()
        taken = {(a.title, a.date) for a in special}
        n = 0
        while len(self.articles) < self.n_articles - len(special):
            title = (f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                     f"{rng.choice(_PLACES)}")
            if title in titles:
                continue
            titles.add(title)
            date = FIRST_DAY + dt.timedelta(days=rng.randrange(self.days))
            if (title, date) in taken:
                continue
            n += 1
            self.articles.append(self._article(1000 + n, title, date, rng))
        self.articles.extend(special)
        self.articles.sort(key=lambda a: (a.date, a.id))

    def _article(self, id: int, title: str, date: dt.date, rng: random.Random) -> Article:
        words = slugify(title).split("-")
        style = rng.random()
        if style < 0.2:  # CMS cuts slugs short
            words = words[:6]
        elif style < 0.4:  # or drops small words
            words = [w for w in words if w not in _STOP]
        return Article(id, title, date, rng.choice(_AUTHORS), rng.choice(_SECTIONS),
                       "-".join(words))

    def _special(self) -> list[Article]:
        d = dt.date(2026, 2, 18)
        t = "Una presidencia interina sin pretensiones de originalidad"
        return [
            Article(1, t, d, "Redacción", "opinion", slugify(t)),
            Article(2, "Una presidencia interina sin pretensiones", d, "Redacción", "politica",
                    "una-presidencia-interina-sin-pretensiones"),
            Article(3, "Otra presidencia interina sin pretensiones de originalidad",
                    d - dt.timedelta(days=1), "Luis Mamani", "politica",
                    "otra-presidencia-interina-sin-pretensiones-de-originalidad"),
            Article(4, "El síntoma Jerí", d, "Jorge Bruce", "opinion", "el-sintoma-jeri"),
            Article(5, "El síntoma Jerí", dt.date(2025, 12, 3), "Ana Quispe", "opinion",
                    "el-sintoma-jeri"),
            Article(6, "La vacancia que nadie pidió", dt.date(2026, 1, 20), "Redacción",
                    "politica", "la-vacancia-que-nadie-pidio", status=301,
                    moved_to="/archivo/2026/la-vacancia-que-nadie-pidio/"),
            Article(7, "El puerto que se quedó sin barcos", dt.date(2026, 1, 12), "Rosa Huamán",
                    "economia", "el-puerto-que-se-quedo-sin-barcos", status=410),
            Article(8, "Crónica de una censura anunciada", dt.date(2026, 2, 17), "Pedro Salas",
                    "politica", "cronica-de-una-censura-anunciada"),
        ]

    def by_path(self) -> dict[str, Article]:
        return {a.path: a for a in self.articles}

    def body(self, a: Article) -> str:
        return (f"{a.title}. Nota {a.id} de la sección {a.section}. "
                "Los hechos y nombres de esta página son inventados para las pruebas.")

    def html(self, a: Article) -> str:
        return page_html(a.title, a.date, a.author, self.body(a))


class _Server:
    def __init__(self) -> None:
        handler = self._handler_class()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.log: list[str] = []
        self.delay = 0.0  # s each answer waits: set it to see how many requests overlap
        self.in_flight = 0
        self.peak = 0  # the most requests it answered at once
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes, dict]:
        raise NotImplementedError

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with server._lock:
                    server.log.append(self.path)
                    server.in_flight += 1
                    server.peak = max(server.peak, server.in_flight)
                try:
                    time.sleep(server.delay)
                    status, ctype, body, headers = server.answer(
                        unquote(parts.path), parse_qs(parts.query))
                finally:
                    with server._lock:
                        server.in_flight -= 1
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


class NewsSiteServer(_Server):
    """``sitemaps=False``: a site whose robots.txt names no sitemap and that has none, only
    a feed announced on its home page."""

    def __init__(self, site: Site, sitemaps: bool = True) -> None:
        super().__init__()
        self.site, self.sitemaps = site, sitemaps
        self.pages = site.by_path()
        self.moved = {a.moved_to: a for a in site.articles if a.moved_to}

    def url(self, a: Article) -> str:
        return self.base + a.path

    def final_url(self, a: Article) -> str:
        return self.base + (a.moved_to or a.path)

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes, dict]:
        xml = "application/xml; charset=utf-8"
        if path == "/robots.txt":
            text = "User-agent: *\nDisallow: /admin/\n\n# synthetic test site\n"
            if self.sitemaps:
                text += (f"Sitemap: {self.base}/sitemap-index.xml\n"
                         f"Sitemap: {self.base}/news-sitemap.xml\n")
            return 200, "text/plain", text.encode(), {}
        if not self.sitemaps and "sitemap" in path:
            return 404, "text/html", _NOT_FOUND, {}
        if path == "/sitemap-index.xml":
            return 200, xml, self._index().encode(), {}
        if m := re.fullmatch(r"/sitemaps/posts-(\d{4})-(\d{2})\.xml", path):
            return 200, xml, self._month(int(m[1]), int(m[2])).encode(), {}
        if path == "/news-sitemap.xml":
            return 200, xml, self._news().encode(), {}
        if path == "/feed.xml":
            return 200, "application/rss+xml; charset=utf-8", self._feed().encode(), {}
        if path == "/":
            home = (f'<!doctype html><html lang="es"><head><title>{OUTLET}</title>'
                    f'<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                    f"</head><body><p>{OUTLET}: synthetic test page.</p></body></html>")
            return 200, "text/html; charset=utf-8", home.encode(), {}
        article = self.pages.get(path)
        if article is not None:
            if article.status == 301:
                return 301, "text/plain", b"moved", {"Location": self.base + article.moved_to}
            if article.status == 410:
                return 410, "text/html", b"<html><body>Gone (synthetic test page)</body></html>", {}
            return 200, "text/html; charset=utf-8", self.site.html(article).encode(), {}
        if path in self.moved:
            return 200, "text/html; charset=utf-8", self.site.html(self.moved[path]).encode(), {}
        return 404, "text/html", _NOT_FOUND, {}

    def _months(self) -> list[tuple[int, int]]:
        return sorted({(a.date.year, a.date.month) for a in self.site.articles})

    def _index(self) -> str:
        rows = []
        for y, m in self._months():
            last = max(a.date for a in self.site.articles if (a.date.year, a.date.month) == (y, m))
            rows.append(f"<sitemap><loc>{self.base}/sitemaps/posts-{y}-{m:02d}.xml</loc>"
                        f"<lastmod>{last.isoformat()}T12:00:00+00:00</lastmod></sitemap>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(rows) + "</sitemapindex>")

    def _month(self, y: int, m: int) -> str:
        rows = [f"<url><loc>{self.url(a)}</loc><lastmod>{a.date.isoformat()}</lastmod></url>"
                for a in self.site.articles if (a.date.year, a.date.month) == (y, m)]
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(rows) + "</urlset>")

    def _latest(self, n: int) -> list[Article]:
        return sorted(self.site.articles, key=lambda a: (a.date, a.id))[-n:]

    def _news(self) -> str:
        last = self._latest(1)[0].date
        rows = [
            f"<url><loc>{self.url(a)}</loc><news:news><news:publication><news:name>{OUTLET}"
            f"</news:name><news:language>es</news:language></news:publication>"
            f"<news:publication_date>{a.date.isoformat()}T07:30:00-05:00</news:publication_date>"
            f"<news:title>{escape(a.title)}</news:title></news:news></url>"
            for a in self.site.articles if (last - a.date).days <= 2]
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
                + "".join(rows) + "</urlset>")

    def _feed(self) -> str:
        items = "".join(
            f"<item><title>{escape(a.title)}</title><link>{self.url(a)}</link>"
            f"<pubDate>{a.date:%a, %d %b %Y} 12:30:00 +0000</pubDate></item>"
            for a in reversed(self._latest(30)))
        return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>{OUTLET}</title><link>{self.base}/</link>{items}</channel></rss>")


@dataclass
class Capture:
    original: str
    timestamp: str  # YYYYMMDDhhmmss
    body: bytes
    status: int = 200
    mimetype: str = "text/html"


class ArchiveServer(_Server):
    """Speaks the Wayback availability API, the CDX API (the subset the resolver uses:
    url, matchType=prefix, from, to, filter, limit, output=json, fl) and raw playback."""

    def __init__(self) -> None:
        super().__init__()
        self.captures: list[Capture] = []

    def add(self, original: str, when: dt.date, body: str | bytes, status: int = 200) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.captures.append(Capture(original, f"{when:%Y%m%d}093000", data, status))
        self.captures.sort(key=lambda c: (c.original, c.timestamp))

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes, dict]:
        one = {k: v[0] for k, v in query.items()}
        if path == "/wayback/available":
            return 200, "application/json", json.dumps(self._available(one)).encode(), {}
        if path == "/cdx/search/cdx":
            return 200, "application/json", json.dumps(self._cdx(query)).encode(), {}
        if m := re.fullmatch(r"/web/(\d{14})(?:id_)?/(.+)", path):
            for cap in self.captures:
                if cap.timestamp == m[1] and cap.original == m[2]:
                    return cap.status, cap.mimetype, cap.body, {}
        return 404, "text/plain", b"not in this synthetic archive", {}

    def _available(self, q: dict[str, str]) -> dict:
        url = q.get("url", "")
        mine = [c for c in self.captures if c.original == url and c.status == 200]
        if not mine:
            return {"url": url, "archived_snapshots": {}}
        target = q.get("timestamp", "99991231").ljust(14, "0")
        best = min(mine, key=lambda c: abs(int(c.timestamp) - int(target)))
        return {"url": url, "archived_snapshots": {"closest": {
            "status": "200", "available": True, "timestamp": best.timestamp,
            "url": f"{self.base}/web/{best.timestamp}/{best.original}"}}}

    def _cdx(self, query: dict[str, list[str]]) -> list[list[str]]:
        prefix = query.get("url", [""])[0]
        start = query.get("from", ["0"])[0].ljust(14, "0")
        end = query.get("to", ["9"])[0].ljust(14, "9")
        limit = int(query.get("limit", ["100000"])[0])
        fields = query.get("fl", ["urlkey,timestamp,original,mimetype,statuscode"])[0].split(",")
        rows = []
        for c in self.captures:
            bare = c.original.split("://", 1)[-1]
            if not bare.startswith(prefix) or not start <= c.timestamp <= end:
                continue
            values = {"urlkey": bare, "timestamp": c.timestamp, "original": c.original,
                      "mimetype": c.mimetype, "statuscode": str(c.status)}
            keep = True
            for f in query.get("filter", []):
                name, _, want = f.partition(":")
                keep &= values.get(name) == want
            if keep:
                rows.append([values[f] for f in fields])
        return [fields, *rows[:limit]] if rows else []


def outlets_toml(base: str, name: str = OUTLET) -> str:
    return (f'[[outlet]]\nname = "{name}"\nsite = "{base}"\nlanguage = "es"\ncountry = "PE"\n'
            f'aliases = ["Gaceta Sintética", "diario La Gaceta"]\n')

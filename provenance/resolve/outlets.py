"""The outlet registry: a cited outlet's name -> its site, language and country.

Shipped as data (``data/outlets.toml``) and extendable by the user's own TOML file,
whose entries add outlets or override shipped ones field by field (a user entry whose
name matches a shipped outlet keeps the shipped fields it does not set).
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rapidfuzz import fuzz

from provenance.errors import ConfigError
from provenance.fetch.urls import host_of
from provenance.resolve.tables import checked_table
from provenance.words.titles import fold

__all__ = ["Outlet", "OutletRegistry", "load_registry", "same_outlet"]

log = logging.getLogger(__name__)

# Words people put before an outlet's name that are not part of it: "diario La República",
# "el diario El Comercio", "the Guardian", "jornal O Globo".
_LEADING = frozenset({
    "diario", "periodico", "jornal", "revista", "semanario", "newspaper", "magazine",
    "paper", "daily", "el", "la", "los", "las", "lo", "o", "a", "os", "as", "the", "le",
    "les", "il", "de", "do", "da", "del", "portal", "editorial", "website", "site",
    "sitio", "web",
})
_PAREN = re.compile(r"\([^)]*\)")
_FUZZY_AT = 90.0  # folded names this similar name the same outlet (typos, S.Paulo/São Paulo)


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    site: str  # base URL: scheme and host, no trailing slash
    language: str | None = None  # ISO 639-1
    country: str | None = None  # ISO 3166-1 alpha-2
    city: str | None = None  # where it is published: a hint when two outlets share a name
    aliases: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()  # sitemap URLs to read besides those robots.txt names
    feeds: tuple[str, ...] = ()  # RSS/Atom feed URLs

    @property
    def host(self) -> str:
        return _site_host(self.site)

    def describe(self) -> str:
        where = ", ".join(x for x in (self.language, self.country) if x)
        return f"{self.name} -> {self.site}" + (f" ({where})" if where else "")


@lru_cache(maxsize=4096)  # every lookup compares against every outlet: parse each site once
def _site_host(site: str) -> str:
    return urlsplit(site).netloc.lower()


@lru_cache(maxsize=4096)  # every lookup compares against all outlets' names: fold each once
def _keys(name: str) -> tuple[str, str]:
    """The folded name, and the folded name without leading generic words and articles."""
    whole = fold(_PAREN.sub(" ", name))
    words = whole.split()
    while len(words) > 1 and words[0] in _LEADING:
        words = words[1:]
    return whole, " ".join(words)


_REMEMBERED = 4096  # outlets found by (name, hint) kept per registry


class OutletRegistry:
    def __init__(self, outlets: tuple[Outlet, ...]) -> None:
        self.outlets = outlets
        # (name, hint) -> outlets found: a registry is loaded once per process, and the
        # documents of a batch name the same few outlets again and again.
        self._found: dict[tuple[str, str], tuple[Outlet, ...]] = {}

    def __len__(self) -> int:
        return len(self.outlets)

    def find(self, name: str, hint: str = "") -> tuple[Outlet, ...]:
        """Outlets the cited ``name`` may be, best first; () when none.

        Exact folded names beat names equal once articles and words like "diario" are
        dropped, which beat near spellings. Among equals, an outlet whose city appears in
        ``hint`` (the citation's own words) comes first, then registry order (user first).
        """
        found = self._found.get((name, hint))
        if found is None:
            found = self._find(name, hint)
            if len(self._found) >= _REMEMBERED:
                self._found.clear()
            self._found[(name, hint)] = found
        return found

    def _find(self, name: str, hint: str) -> tuple[Outlet, ...]:
        whole, bare = _keys(name)
        if not bare:
            return ()
        host = _host_of(name)
        folded_hint = f" {fold(hint)} "
        ranked: list[tuple[int, int, int, Outlet]] = []
        for order, outlet in enumerate(self.outlets):
            tier = self._tier(outlet, whole, bare, host)
            if tier is None:
                continue
            in_city = bool(outlet.city) and f" {fold(outlet.city or '')} " in folded_hint
            ranked.append((tier, 0 if in_city else 1, order, outlet))
        ranked.sort(key=lambda r: r[:3])
        return tuple(r[3] for r in ranked)

    @staticmethod
    def _tier(outlet: Outlet, whole: str, bare: str, host: str | None) -> int | None:
        if host and (host == outlet.host or host == outlet.host.removeprefix("www.")
                     or f"www.{host}" == outlet.host):
            return 0
        best: int | None = None
        for candidate in (outlet.name, *outlet.aliases):
            c_whole, c_bare = _keys(candidate)
            if c_whole == whole:
                return 0
            if c_bare == bare:
                best = 1
            elif (best is None and len(bare) >= 8
                  and fuzz.ratio(c_bare, bare) >= _FUZZY_AT):
                best = 2
        return best


def _host_of(name: str) -> str | None:
    """A name written as a domain ("larepublica.pe") names the site itself."""
    text = name.strip().lower()
    if " " in text or "." not in text:
        return None
    if "://" not in text:
        text = "http://" + text
    return host_of(text).removeprefix("www.") or None


def load_registry(user_file: Path | None = None) -> OutletRegistry:
    """The shipped registry, with ``user_file``'s entries first and overriding.

    Parsed once per process (a tenth of a second would be spent per document of a batch
    otherwise): the shipped file once, a user's file again only when its modification time
    or size changes."""
    if user_file is None:
        return _shipped_registry()
    try:
        stat = user_file.stat()
    except OSError as exc:
        raise ConfigError(f"cannot read outlets file {user_file}: {exc.strerror}") from exc
    return _with_user_file(user_file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=1)
def _shipped() -> tuple[Outlet, ...]:
    shipped_text = resources.files("provenance").joinpath("data/outlets.toml").read_text(
        encoding="utf-8")
    return _parse(shipped_text, "shipped outlets.toml", require_site=True)


@lru_cache(maxsize=1)  # one registry object, so what it has found is kept for the process
def _shipped_registry() -> OutletRegistry:
    return OutletRegistry(_shipped())


@lru_cache(maxsize=8)  # keyed by the file's path, modification time and size
def _with_user_file(user_file: Path, mtime_ns: int, size: int) -> OutletRegistry:
    shipped = _shipped()
    try:
        text = user_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read outlets file {user_file}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"outlets file {user_file} is not UTF-8 text") from exc
    user = _parse(text, str(user_file), require_site=False)
    merged: list[Outlet] = []
    taken: set[int] = set()
    for entry in user:
        base = next((i for i, o in enumerate(shipped)
                     if i not in taken and _keys(o.name)[0] == _keys(entry.name)[0]), None)
        if base is None:
            if not entry.site:
                raise ConfigError(f"outlets file {user_file}: outlet {entry.name!r} needs a "
                                  "site (its base URL)")
            merged.append(entry)
            continue
        taken.add(base)
        overrides = {f.name: getattr(entry, f.name) for f in fields(Outlet)
                     if getattr(entry, f.name) not in (None, "", ())}
        merged.append(replace(shipped[base], **overrides))
    merged.extend(o for i, o in enumerate(shipped) if i not in taken)
    log.debug("outlet registry: %d shipped, %d from %s", len(shipped), len(user), user_file)
    return OutletRegistry(tuple(merged))


def _parse(text: str, where: str, *, require_site: bool) -> tuple[Outlet, ...]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"outlets file {where} is not valid TOML: {exc}") from exc
    entries = data.get("outlet", [])
    unknown = sorted(set(data) - {"outlet"})
    if unknown:
        raise ConfigError(f"outlets file {where}: unknown table {unknown[0]!r}; "
                          "write each outlet as an [[outlet]] table")
    if not isinstance(entries, list):
        raise ConfigError(f"outlets file {where}: write each outlet as an [[outlet]] table")
    return tuple(_outlet(e, n, where, require_site) for n, e in enumerate(entries, 1))


_FIELDS = {"name", "site", "language", "country", "city", "aliases", "sitemaps", "feeds"}


def _outlet(entry: Any, n: int, where: str, require_site: bool) -> Outlet:
    def bad(msg: str) -> ConfigError:
        return ConfigError(f"outlets file {where}, outlet #{n}: {msg}")

    entry = checked_table(entry, _FIELDS, bad)
    name = entry.get("name")
    if not isinstance(name, str) or not fold(name):
        raise bad("needs a name")
    site = entry.get("site", "")
    if not isinstance(site, str) or (site and not _is_http(site)):
        raise bad(f"site must be an http(s) URL, got {site!r}")
    if require_site and not site:
        raise bad("needs a site")
    def text(key: str) -> str | None:
        value = entry.get(key)
        if value is not None and not isinstance(value, str):
            raise bad(f"{key} must be a string")
        return value or None

    def strings(key: str, urls: bool = True) -> tuple[str, ...]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(f"{key} must be a list of strings")
        if urls and not all(_is_http(v) for v in value):
            raise bad(f"{key} must be http(s) URLs")
        return tuple(value)

    return Outlet(name=name.strip(), site=site.rstrip("/"), language=text("language"),
                  country=text("country"), city=text("city"),
                  aliases=strings("aliases", urls=False), sitemaps=strings("sitemaps"),
                  feeds=strings("feeds"))


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def same_outlet(a: str, b: str) -> bool:
    """Whether two written names are the same outlet's ("diario La República", "la República")."""
    return _keys(a)[1] == _keys(b)[1]

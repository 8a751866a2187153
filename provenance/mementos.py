"""Memento (RFC 7089) as data: the headers an archived copy carries and the TimeMaps that
list an archive's copies of a page. Pure: no network; the archive lookup (``resolve``) and
the reports both read these.

- ``Memento-Datetime`` (an HTTP date) on a response says it is an archived copy, taken then.
- ``Link`` on a memento or a TimeGate's answer names the ``original`` page, the ``timemap``
  and ``memento`` entries (each with a ``datetime``).
- A TimeMap (``application/link-format``, RFC 6690) is the same link syntax, one entry per
  line by custom, possibly many thousands of entries.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

__all__ = ["Memento", "by_nearness", "embedded_original", "http_date", "link_relations",
           "memento_datetime", "original_of", "parse_http_date", "timemap_mementos",
           "timemap_pages"]


@dataclass(frozen=True, slots=True)
class Memento:
    uri: str  # where the archived copy is served
    datetime: dt.datetime  # when the archive took it (UTC)


# The one form RFC 7231 lets a sender write ("IMF-fixdate"), read without the general
# parser: a TimeMap may hold a hundred thousand of them.
_FIXDATE = re.compile(r"\s*[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) "
                      r"(\d{2}):(\d{2}):(\d{2}) GMT\s*")
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec"), start=1)}


def parse_http_date(value: str) -> dt.datetime | None:
    """An RFC 7231 HTTP date (``Tue, 20 Jan 2015 10:00:00 GMT``) as aware UTC; None if it is
    not one."""
    fixed = _FIXDATE.fullmatch(value)
    if fixed and fixed.group(2).lower() in _MONTHS:
        day, _, year, hour, minute, second = fixed.groups()
        try:
            return dt.datetime(int(year), _MONTHS[fixed.group(2).lower()], int(day), int(hour),
                               int(minute), int(second), tzinfo=dt.UTC)
        except ValueError:  # 31 February and the like
            return None
    try:
        got = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if got is None:
        return None
    if got.tzinfo is None:  # "-0000": a time in UTC with no zone named
        got = got.replace(tzinfo=dt.UTC)
    return got.astimezone(dt.UTC)


def http_date(when: dt.datetime) -> str:
    """``when`` as an HTTP date (what ``Accept-Datetime`` takes)."""
    return email.utils.format_datetime(when.astimezone(dt.UTC), usegmt=True)


def _header(headers: Iterable[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in headers if k.lower() == name]


def memento_datetime(headers: Iterable[tuple[str, str]]) -> dt.datetime | None:
    """When an archived copy was taken, from its ``Memento-Datetime`` header; None for a
    response that is not a memento (or whose header does not read as a date)."""
    for value in _header(headers, "memento-datetime"):
        got = parse_http_date(value)
        if got is not None:
            return got
    return None


def link_relations(headers: Iterable[tuple[str, str]]) -> dict[str, list[dict[str, str]]]:
    """The ``Link`` headers' entries by relation type (an entry of ``rel="first memento"``
    is under both ``first`` and ``memento``); each entry has its ``url`` and parameters."""
    from requests.utils import parse_header_links  # the well-worn parser; imported late

    out: dict[str, list[dict[str, str]]] = {}
    for value in _header(headers, "link"):
        for link in parse_header_links(value):
            for rel in link.get("rel", "").lower().split():
                out.setdefault(rel, []).append(link)
    return out


def original_of(headers: Iterable[tuple[str, str]]) -> str | None:
    """The page a memento is a copy of (``Link: <...>; rel="original"``), if it says."""
    found = link_relations(headers).get("original")
    return found[0]["url"] if found and found[0].get("url") else None


# A Wayback-style copy's address (the Internet Archive, pywb, arquivo.pt ...): the archive's
# time, perhaps a replay mode ("id_", "mp_"), then the original URL as it was captured.
_EMBEDDED = re.compile(r"/\d{4,14}(?:[a-z]{2}_)?/(https?://.+)$", re.IGNORECASE)


def embedded_original(uri: str) -> str | None:
    """The original URL a Wayback-style copy's address carries, if it carries one."""
    found = _EMBEDDED.search(uri)
    return found.group(1) if found else None


# One link-value: <URI> and its parameters, up to the comma before the next "<". A TimeMap
# is scanned for these rather than split: a line of garbage between two entries is skipped
# and costs neither of them, and a large TimeMap is read in one linear pass.
_LINK = re.compile(r'<([^<>\s]*)>((?:\s*;\s*[\w*.-]+\s*=\s*(?:"[^"]*"|[^;,<>\s]*))*)')
_PARAM = re.compile(r'([\w*.-]+)\s*=\s*(?:"([^"]*)"|([^;,<>\s]*))')


def _web_links(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The link-values of a link-format text with a web address: the URI and its parameters
    (names in lower case)."""
    for link in _LINK.finditer(text):
        uri, params = link.group(1), link.group(2)
        if uri.lower().startswith(("http://", "https://")):
            yield uri, {m.group(1).lower(): m.group(2) if m.group(2) is not None
                        else m.group(3) for m in _PARAM.finditer(params)}


def timemap_mementos(text: str) -> tuple[Memento, ...]:
    """The mementos a TimeMap lists (entries whose ``rel`` has ``memento`` and whose
    ``datetime`` reads), in the order given. Entries that are not links, not web addresses
    or undated are skipped."""
    out: list[Memento] = []
    for uri, attrs in _web_links(text):
        if "memento" not in attrs.get("rel", "").lower().split():
            continue
        when = parse_http_date(attrs.get("datetime", ""))
        if when is not None:
            out.append(Memento(uri, when))
    return tuple(out)


# The relations by which a TimeMap page names another page of the same list: the paging
# convention's "next" and "prev" (RFC 5988's "previous" too), and "timemap" itself (a
# TimeMap index lists its pages so, and a page its neighbours).
_PAGE_RELS = frozenset({"next", "prev", "previous", "timemap"})
_LINK_FORMAT = "application/link-format"


def timemap_pages(text: str, headers: Iterable[tuple[str, str]] = ()) -> list[str]:
    """The other pages of a paged TimeMap that this page (its ``text`` and the ``Link``
    ``headers`` it came with) names, in the order named, each once: links whose ``rel``
    is a paging relation, in the link format when a type is given (a TimeMap in JSON or
    HTML is the same list again), and not the page itself (``rel="self"``)."""
    named: dict[str, None] = {}
    found = [(link.get("url", ""), {k.lower(): v for k, v in link.items()})
             for links in link_relations(headers).values() for link in links]
    for uri, attrs in [*_web_links(text), *found]:
        rels = set(attrs.get("rel", "").lower().split())
        kind = attrs.get("type", _LINK_FORMAT).split(";")[0].strip().lower()
        if rels & _PAGE_RELS and "self" not in rels and kind == _LINK_FORMAT \
                and uri.lower().startswith(("http://", "https://")):
            named.setdefault(uri)
    return list(named)


def by_nearness(mementos: Sequence[Memento], when: dt.datetime | None) -> list[Memento]:
    """``mementos`` nearest ``when`` first (an earlier copy before a later one as near), or
    the latest first when there is no date; each URI once."""
    if when is None:
        ordered = sorted(mementos, key=lambda m: m.datetime, reverse=True)
    else:
        ordered = sorted(mementos, key=lambda m: (abs((m.datetime - when).total_seconds()),
                                                  m.datetime > when))
    first: dict[str, Memento] = {}
    for m in ordered:
        first.setdefault(m.uri, m)
    return list(first.values())

"""Ask a Memento TimeGate (RFC 7089 section 4) which archived copy of a page is nearest a
time: one request with ``Accept-Datetime``, its redirect not followed, its body not read.

The copy itself is then fetched like any page (through the cache, so it is kept as evidence);
this request only learns where it is. It takes its turn among the requests to the archive's
host (``schedule.host_turn``): ``--per-host`` and ``--politeness`` hold for it too.

A TimeGate answers with a redirect to the memento (302, the common pattern), as the memento
itself (200 with ``Memento-Datetime``, its URI in ``Content-Location``), or with a page
framing it (200, one ``rel="memento"`` link: pywb); each carries ``Link`` entries naming the
original page and the TimeMap.
"""

from __future__ import annotations

import datetime as dt
import socket
from dataclasses import dataclass
from urllib.parse import urljoin

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.schedule import Schedule, host_turn
from provenance.fetch.urlsafety import check_url
from provenance.mementos import http_date, link_relations, memento_datetime, parse_http_date
from provenance.settings import Settings

__all__ = ["TimeGateAnswer", "ask_timegate"]


@dataclass(frozen=True, slots=True)
class TimeGateAnswer:
    status: int
    memento: str | None  # the archived copy chosen, None when the TimeGate chose none
    datetime: dt.datetime | None  # when that copy was taken, if the answer says
    timemap: str | None  # the TimeMap the answer names, if any


def ask_timegate(url: str, when: dt.datetime | None, settings: Settings) -> TimeGateAnswer:
    """The TimeGate at ``url``'s choice for ``when`` (the latest copy when None). FetchError
    when it cannot be asked: a refused address, no connection, no answer in time."""
    import requests

    check_url(url, settings.allow_private, socket.getaddrinfo)
    headers = {"User-Agent": settings.user_agent}
    if when is not None:
        headers["Accept-Datetime"] = http_date(when)
    with requests.Session() as session, host_turn(url, Schedule.of(settings)):
        session.trust_env = False  # as every fetch: no proxy or credentials from the environment
        if settings.proxy:
            session.proxies = {"http": settings.proxy, "https": settings.proxy}
        try:
            # In the archive host's turn, as every request to it (``schedule``).
            resp = session.get(url, headers=headers, allow_redirects=False, stream=True,
                               timeout=(settings.connect_timeout, settings.read_timeout))
        except requests.Timeout as exc:
            raise FetchError(url, "the TimeGate did not answer in time",
                             kind=FetchFailure.TIMEOUT) from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"the TimeGate could not be reached ({type(exc).__name__})",
                             kind=FetchFailure.CONNECTION) from exc
        with resp:
            answer = list(resp.headers.items())
            status = resp.status_code
    links = link_relations(answer)
    timemap = links.get("timemap", [{}])[0].get("url") or None
    found = {k.lower(): v for k, v in answer}
    memento: str | None = None
    taken: dt.datetime | None = None
    if status in (301, 302, 303, 307, 308) and found.get("location"):
        memento = urljoin(url, found["location"])
        # The chosen copy's date is in the memento entry of Link that names it, if any.
        for link in links.get("memento", []):
            if urljoin(url, link.get("url", "")) == memento:
                taken = parse_http_date(link.get("datetime", ""))
    elif status == 200 and memento_datetime(answer) is not None:
        memento = urljoin(url, found.get("content-location", url))
        taken = memento_datetime(answer)
    elif status == 200 and len(links.get("memento", [])) == 1:
        # A page that frames the copy (pywb's own TimeGate, with its toolbar) is not the
        # copy, but its one memento link names the copy chosen.
        chosen = links["memento"][0]
        memento = urljoin(url, chosen.get("url", "")) or None
        taken = parse_http_date(chosen.get("datetime", ""))
    return TimeGateAnswer(status, memento, taken,
                          urljoin(url, timemap) if timemap else None)

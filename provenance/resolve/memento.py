"""Web archives reached through Memento (RFC 7089): the archived copy of a page nearest a
date, from a TimeGate (an archive's own, or an aggregator's over many archives).

The TimeGate is asked first (``fetch.timegate``: ``Accept-Datetime``, its choice read from
the redirect). Its choice is then fetched like any page, so the copy is kept in the evidence
cache, as origin ``archive``, with its ``Memento-Datetime``. When the TimeGate chose nothing,
could not be asked (offline too), or its choice does not answer, the TimeMap (the archive's
list of copies, ``application/link-format``) is read through the cache and its copies are
tried nearest first. The TimeMap is read (and kept) even when the TimeGate's choice was good:
offline, it is what finds the same copy again.

A long TimeMap may come in pages, each naming the next (and the previous) by a ``Link`` entry
in its body or its headers (``rel="next"``, ``"prev"``, or ``"timemap"``: the Memento paging
convention): every page is read, each once and ``MAX_PAGES`` at most, so the nearest copy is
found when it is on a later page, and pages that name each other in a loop end.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.archives import ArchiveSpec
from provenance.fetch.schedule import Schedule, host_turn
from provenance.fetch.timegate import TimeGateAnswer, ask_timegate
from provenance.mementos import (
    Memento,
    by_nearness,
    memento_datetime,
    timemap_mementos,
    timemap_pages,
)
from provenance.model import Fetcher, Outcome, Snapshot
from provenance.resolve.archive import trouble
from provenance.settings import Settings

__all__ = ["MAX_PAGES", "MAX_TRIES", "ArchivedCopy", "MementoArchive", "raw_copy"]

log = logging.getLogger(__name__)

MAX_TRIES = 4  # copies tried from a TimeMap after the TimeGate's choice failed
MAX_PAGES = 10  # pages of a paged TimeMap read at most
_NOON = dt.time(12, tzinfo=dt.UTC)  # a cited day, as a time: its middle, so both sides weigh


@dataclass(frozen=True, slots=True)
class ArchivedCopy:
    """An archived copy of a page that answered: where it is, when it was taken, and the
    capture read (None when it was found in an index and not read yet)."""

    url: str
    taken: dt.datetime | None
    snapshot: Snapshot | None = None
    stamp: str = ""  # the time as the archive's index wrote it, if it did

    @property
    def timestamp(self) -> str:
        """When it was taken, as the digits archives write (YYYYMMDDhhmmss)."""
        if self.stamp:
            return self.stamp
        return self.taken.strftime("%Y%m%d%H%M%S") if self.taken else "(undated)"


# A Wayback-style memento URI (the Internet Archive, pywb, arquivo.pt ...): its 14-digit
# time and a replay mode ("mp_", "if_": rewritten for the archive's viewer) before the URL.
_WAYBACK_STYLE = re.compile(r"/(\d{14})(?:[a-z]{2}_)?/(?=https?:)", re.IGNORECASE)


def raw_copy(uri: str) -> str:
    """The URI of a copy's bytes as archived, for an archive that plays back Wayback-style
    (``id_``: no toolbar or rewritten links injected into the evidence); others as given."""
    return _WAYBACK_STYLE.sub(lambda m: f"/{m.group(1)}id_/", uri, count=1)


class MementoArchive:
    def __init__(self, settings: Settings, fetcher: Fetcher, archive: ArchiveSpec) -> None:
        self.settings, self.fetcher, self.archive = settings, fetcher, archive
        # Why the last question got no answer (None: answered, if only with "no copy").
        self.trouble: Outcome | None = None
        self._missed_offline = False  # a copy was not read for want of it in the cache

    def timegate_url(self, url: str) -> str:
        base = self.archive.url
        return base + url if base.endswith("/") else f"{base}/{url}"

    def timemap_url(self, url: str) -> str:
        """The TimeMap by the common convention, for when no answer named one: an
        aggregator's ``/timegate/`` is beside its ``/timemap/link/``; Wayback and pywb list
        under ``BASE/timemap/link/``."""
        base = self.archive.url if self.archive.url.endswith("/") else self.archive.url + "/"
        head, sep, tail = base.rpartition("/timegate/")
        if sep and not tail:
            return f"{head}/timemap/link/{url}"
        return f"{base}timemap/link/{url}"

    def closest(self, url: str, when: dt.date | None = None) -> ArchivedCopy | None:
        """The copy of ``url`` nearest ``when`` (the latest when None) that answers; None
        when there is none (``trouble`` says when the archive could not be asked)."""
        self.trouble, self._missed_offline = None, False
        target = dt.datetime.combine(when, _NOON) if when else None
        answer = self._ask(url, target)
        tried: set[str] = set()
        timemap = answer.timemap if answer and answer.timemap else self.timemap_url(url)
        if answer is not None and answer.memento:
            got = self._read(answer.memento, answer.datetime)
            if got is not None:
                # Offline there is no TimeGate to ask: the TimeMap, kept in the cache, is how
                # a later offline run (or a --replay) finds this same copy again.
                self._keep(timemap, got.url)
                return got
            tried.add(raw_copy(answer.memento))
        listed = self._timemap(timemap)
        for memento in [m for m in by_nearness(listed, target)
                        if raw_copy(m.uri) not in tried][:MAX_TRIES]:
            got = self._read(memento.uri, memento.datetime)
            if got is not None:
                self.trouble = None
                return got
        if self._missed_offline and self.trouble is None:
            self.trouble = Outcome.OFFLINE  # copies listed, none of them in the cache
        return None

    def _ask(self, url: str, when: dt.datetime | None) -> TimeGateAnswer | None:
        if self.settings.offline:  # no socket offline: the TimeMap may be in the cache
            return None
        gate = self.timegate_url(url)
        try:
            answer = ask_timegate(gate, when, self.settings)
        except FetchError as exc:
            log.info("memento: %s", exc)
            return None
        if answer.memento is None:
            log.info("memento: TimeGate %s answered HTTP %s without a copy", gate, answer.status)
        else:  # (this request bypasses the fetcher, so -v hears of it here)
            log.info("memento: TimeGate %s chose %s", gate, answer.memento)
        return answer

    def _keep(self, url: str, chosen: str) -> None:
        """Keep the TimeMap's pages in the cache as far as the one that lists ``chosen``."""
        for listed in self._pages(url, quiet=True):
            if any(raw_copy(m.uri) == chosen for m in listed):
                return

    def _timemap(self, url: str) -> tuple[Memento, ...]:
        """Every copy the TimeMap at ``url`` lists, on all its pages (``MAX_PAGES`` at most)."""
        return tuple(m for listed in self._pages(url) for m in listed)

    def _pages(self, url: str, quiet: bool = False) -> Iterator[tuple[Memento, ...]]:
        """The copies listed on each page of the TimeMap at ``url``, page after page: a
        page names the others (``timemap_pages``), and each is read once, ``MAX_PAGES`` at
        most, so a TimeMap whose pages name each other in a loop, or without end, is read
        only so far. Only the first page's failure is ``trouble`` (unless ``quiet``): after
        it, the copies listed so far are an answer."""
        todo, seen = deque([url]), {url}
        for n in range(MAX_PAGES):
            if not todo:
                return
            page = todo.popleft()
            snap = self._page(page, quiet or n > 0)
            if snap is None:
                return
            text = snap.body.decode("utf-8", errors="replace")
            yield timemap_mementos(text)
            for other in timemap_pages(text, snap.headers):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        if todo:
            log.info("memento: TimeMap %s has more than %s pages: the rest not read", url,
                     MAX_PAGES)

    def _page(self, url: str, quiet: bool) -> Snapshot | None:
        """One page of a TimeMap as read (200), or None (``trouble`` says why, unless
        ``quiet``)."""
        try:
            snap = self._fetch(url)
        except FetchError as exc:
            log.info("memento: %s", exc)
            if not quiet:
                self.trouble = trouble(exc)
            return None
        if snap.status == 404:  # the archive holds no copy: an answer, not a trouble
            return None
        if snap.status != 200:
            log.info("memento: TimeMap %s answered HTTP %s", url, snap.status)
            if not quiet:
                self.trouble = Outcome.UNREACHABLE
            return None
        return snap

    def _fetch(self, url: str) -> Snapshot:
        """``url`` through the fetcher, in its host's turn, as the TimeGate request and the
        run's pages take it (``--per-host``, ``--politeness``)."""
        with host_turn(url, Schedule.of(self.settings)):
            return self.fetcher.fetch(url)

    def _read(self, uri: str, listed: dt.datetime | None) -> ArchivedCopy | None:
        uri = raw_copy(uri)
        try:
            snap = self._fetch(uri)
        except FetchError as exc:
            log.info("memento: %s", exc)
            self._missed_offline |= exc.kind is FetchFailure.OFFLINE
            return None
        if snap.status >= 400:
            log.info("memento: copy %s answered HTTP %s", uri, snap.status)
            return None
        return ArchivedCopy(uri, memento_datetime(snap.headers) or listed, snap)

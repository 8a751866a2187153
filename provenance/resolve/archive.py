"""Web archives that speak the Wayback Machine's APIs: availability (closest capture of a
URL near a date) and CDX (the captures of a site in a date range), and raw playback.

The endpoint is one of ``Settings.archive_url``'s (by default the first of Wayback kind, see
``fetch.archives``). For the Internet Archive itself the availability API lives on
archive.org and the CDX API and playback on web.archive.org; any other endpoint (a local
test server, a pywb instance) serves all three from the one base URL.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, replace
from urllib.parse import urlencode, urlsplit

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.archive_origin import PLAYBACK_PATH, playback_base
from provenance.fetch.archives import ArchiveKind, ArchiveSpec, archive_specs
from provenance.model import Fetcher, Origin, Outcome, Snapshot
from provenance.settings import Settings

__all__ = ["Capture", "Wayback"]

log = logging.getLogger(__name__)

_MAX_JSON = 20 * 1024 * 1024  # bytes: an API answer larger than this is not one we asked for


@dataclass(frozen=True, slots=True)
class Capture:
    original: str  # the URL as it was captured
    timestamp: str  # YYYYMMDDhhmmss, UTC
    status: int | None = None
    mimetype: str = ""

    @property
    def date(self) -> dt.date | None:
        try:
            return dt.datetime.strptime(self.timestamp[:8], "%Y%m%d").date()
        except ValueError:
            return None


class Wayback:
    def __init__(self, settings: Settings, fetcher: Fetcher,
                 archive: ArchiveSpec | None = None) -> None:
        self.settings, self.fetcher = settings, fetcher
        if archive is None:
            archive = next((a for a in archive_specs(settings)
                            if a.kind is ArchiveKind.WAYBACK), None)
        self.base = archive.url.rstrip("/") if archive else ""
        self.web = playback_base(archive) if archive else ""
        # Why the last question got no answer (None: it was answered, if only with "no"):
        # SKIPPED when the archive is turned off, OFFLINE or UNREACHABLE otherwise.
        self.trouble: Outcome | None = None

    def playback_url(self, capture: Capture) -> str:
        """The capture's raw bytes as archived (``id_``: without the archive's toolbar)."""
        return f"{self.web}/web/{capture.timestamp}id_/{capture.original}"

    def closest(self, url: str, when: dt.date | None = None) -> Capture | None:
        """The capture of ``url`` closest to ``when`` (availability API); None if none."""
        query = {"url": url}
        if when:
            query["timestamp"] = when.strftime("%Y%m%d")
        data = self._json(f"{self.base}/wayback/available?{urlencode(query)}")
        closest = (data or {}).get("archived_snapshots", {}).get("closest") \
            if isinstance(data, dict) else None
        if not isinstance(closest, dict) or not closest.get("available", True):
            return None
        found = PLAYBACK_PATH.search(urlsplit(str(closest.get("url", ""))).path)
        if not found:
            return None
        timestamp = str(closest.get("timestamp") or found.group(1))
        return Capture(original=found.group(2), timestamp=timestamp,
                       status=_int(closest.get("status")))

    def captures(self, prefix: str, start: dt.date, end: dt.date,
                 limit: int = 3000) -> tuple[Capture, ...]:
        """HTML captures answered 200 under ``prefix`` (host[/path]) between two dates (CDX)."""
        query = [
            ("url", prefix), ("matchType", "prefix"), ("output", "json"),
            ("from", start.strftime("%Y%m%d")), ("to", end.strftime("%Y%m%d")),
            ("fl", "original,timestamp,statuscode,mimetype"),
            ("filter", "statuscode:200"), ("filter", "mimetype:text/html"),
            ("collapse", "urlkey"), ("limit", str(limit)),
        ]
        rows = self._json(f"{self.web}/cdx/search/cdx?{urlencode(query)}")
        if not isinstance(rows, list) or not rows:
            return ()
        header, *body = rows
        if not isinstance(header, list):
            return ()
        at = {name: i for i, name in enumerate(header)}
        if "original" not in at or "timestamp" not in at:
            return ()
        out = []
        for row in body:
            if not isinstance(row, list) or len(row) < len(header):
                continue
            out.append(Capture(
                original=str(row[at["original"]]), timestamp=str(row[at["timestamp"]]),
                status=_int(row[at["statuscode"]]) if "statuscode" in at else None,
                mimetype=str(row[at["mimetype"]]) if "mimetype" in at else ""))
        return tuple(out)

    def fetch(self, capture: Capture) -> Snapshot:
        """The archived copy, as a snapshot with ``origin=archive``."""
        return replace(self.fetcher.fetch(self.playback_url(capture)), origin=Origin.ARCHIVE)

    def _json(self, url: str) -> object:
        self.trouble = None
        if not self.base:  # no archive of this kind (--no-archive, or only Memento ones)
            self.trouble = Outcome.SKIPPED
            return None
        try:
            snap = self.fetcher.fetch(url)
        except FetchError as exc:
            log.info("archive: %s", exc)
            self.trouble = trouble(exc)
            return None
        if snap.status != 200 or len(snap.body) > _MAX_JSON:
            log.info("archive: %s answered HTTP %s", url, snap.status)
            self.trouble = Outcome.UNREACHABLE
            return None
        try:
            return json.loads(snap.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            log.info("archive: %s did not answer JSON", url)
            self.trouble = Outcome.UNREACHABLE
            return None


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def trouble(exc: FetchError) -> Outcome:
    """What an archive that could not be asked comes to: offline (and not in the cache), or
    unreachable."""
    return Outcome.OFFLINE if exc.kind is FetchFailure.OFFLINE else Outcome.UNREACHABLE

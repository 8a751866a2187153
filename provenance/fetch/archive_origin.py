"""Which URLs are a web archive's copies, so their captures say ``origin=archive``.

The archive is ``Settings.archive_url``, speaking the Wayback Machine's URLs: a capture plays
back at ``BASE/web/TIMESTAMP/ORIGINAL``. For the Internet Archive itself playback lives on
web.archive.org; any other endpoint (a local test server, a pywb instance) plays back from
the one base URL.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from provenance.model import Fetcher, Origin, Snapshot
from provenance.settings import Settings

__all__ = ["PLAYBACK_PATH", "ArchiveOriginFetcher", "is_archive_url", "playback_base"]

_IA_HOSTS = frozenset({"archive.org", "www.archive.org", "web.archive.org"})
# The path of a playback URL: its timestamp (group 1) and the original URL (group 2).
PLAYBACK_PATH = re.compile(r"/web/(\d{4,14})(?:[a-z]{2}_)?/(.+)$")


def playback_base(settings: Settings) -> str:
    """The URL that the configured archive's playback URLs start with (before ``/web/``)."""
    base = settings.archive_url.rstrip("/")
    return "https://web.archive.org" if urlsplit(base).netloc.lower() in _IA_HOSTS else base


def is_archive_url(url: str, settings: Settings) -> bool:
    """Whether ``url`` is a playback URL of the configured archive (a capture, not the page)."""
    base = playback_base(settings)
    return url.startswith(base + "/web/") and bool(PLAYBACK_PATH.search(urlsplit(url).path))


class ArchiveOriginFetcher(Fetcher):
    """Wraps a fetcher so that captures served by the archive carry ``origin=archive``.

    Put it inside the caching fetcher so the evidence cache records the origin too.
    """

    def __init__(self, inner: Fetcher, settings: Settings) -> None:
        self.inner, self.settings = inner, settings

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        snap = self.inner.fetch(url, previous=previous)
        if snap.origin is Origin.LIVE and is_archive_url(url, self.settings):
            return replace(snap, origin=Origin.ARCHIVE)
        return snap

    def close(self) -> None:
        self.inner.close()

"""Which captures are a web archive's copies, so they say ``origin=archive``.

A Wayback-style archive (see ``archives``) plays a capture back at
``BASE/web/TIMESTAMP/ORIGINAL``; for the Internet Archive itself playback lives on
web.archive.org, any other endpoint (a local test server, a pywb instance) plays back from
the one base URL. A Memento archive's copies may live on any host (an aggregator sends to
many archives), so they are known by what RFC 7089 makes every memento send: a
``Memento-Datetime`` header.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from provenance.fetch.archives import ArchiveKind, ArchiveSpec, archive_specs
from provenance.mementos import memento_datetime
from provenance.model import Fetcher, Origin, Snapshot
from provenance.settings import Settings

__all__ = ["PLAYBACK_PATH", "ArchiveOriginFetcher", "is_archive_url", "playback_base"]

_IA_HOSTS = frozenset({"archive.org", "www.archive.org", "web.archive.org"})
# The path of a playback URL: its timestamp (group 1) and the original URL (group 2).
PLAYBACK_PATH = re.compile(r"/web/(\d{4,14})(?:[a-z]{2}_)?/(.+)$")


def playback_base(archive: ArchiveSpec) -> str:
    """The URL that a Wayback-style archive's playback URLs start with (before ``/web/``)."""
    base = archive.url.rstrip("/")
    return "https://web.archive.org" if archive.host in _IA_HOSTS else base


def is_archive_url(url: str, settings: Settings) -> bool:
    """Whether ``url`` is a playback URL of a configured Wayback-style archive (a capture,
    not the page)."""
    if not PLAYBACK_PATH.search(urlsplit(url).path):
        return False
    return any(url.startswith(playback_base(a) + "/web/") for a in archive_specs(settings)
               if a.kind is ArchiveKind.WAYBACK)


class ArchiveOriginFetcher(Fetcher):
    """Wraps a fetcher so that captures served by an archive carry ``origin=archive``.

    Put it inside the caching fetcher so the evidence cache records the origin too.
    """

    def __init__(self, inner: Fetcher, settings: Settings) -> None:
        self.inner, self.settings = inner, settings

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        snap = self.inner.fetch(url, previous=previous)
        if snap.origin is Origin.LIVE and (memento_datetime(snap.headers) is not None
                                           or is_archive_url(url, self.settings)):
            return replace(snap, origin=Origin.ARCHIVE)
        return snap

    def close(self) -> None:
        self.inner.close()

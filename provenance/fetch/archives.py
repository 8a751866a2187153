"""The web archives a run may consult, read from ``Settings.archive_url``: one or more
endpoints separated by white space, tried in order, each of one kind:

- ``wayback``: the Wayback Machine's availability and CDX APIs and ``/web/TIMESTAMP/URL``
  playback (the Internet Archive, a pywb or OpenWayback instance);
- ``memento``: a Memento TimeGate (RFC 7089), an archive's own or an aggregator's, asked
  as ``BASE + URL`` with ``Accept-Datetime``; its TimeMaps in ``application/link-format``.

An endpoint says its kind with a prefix (``memento:https://...``, ``wayback:https://...``);
without one, a URL whose path has a ``timegate`` segment is a Memento TimeGate and any other
speaks the Wayback APIs (what every endpoint was before Memento).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from provenance.settings import Settings

log = logging.getLogger(__name__)

__all__ = ["ArchiveKind", "ArchiveSpec", "archive_specs", "parse_archives"]


class ArchiveKind(StrEnum):
    WAYBACK = "wayback"
    MEMENTO = "memento"


@dataclass(frozen=True, slots=True)
class ArchiveSpec:
    kind: ArchiveKind
    url: str  # the endpoint: the Wayback API base, or the TimeGate prefix a URL is added to

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


def parse_archives(value: str) -> tuple[ArchiveSpec, ...]:
    """The archives ``value`` names, in order (see the module's docstring). ValueError for
    an entry that is not a web address."""
    out: list[ArchiveSpec] = []
    for entry in value.split():
        kind: ArchiveKind | None = None
        head, sep, rest = entry.partition(":")
        if sep and head.lower() in {k.value for k in ArchiveKind}:
            kind, entry = ArchiveKind(head.lower()), rest
        parts = urlsplit(entry)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ValueError(f"archive {entry!r} is not an http(s) URL")
        if kind is None:
            segments = {s.lower() for s in parts.path.split("/")}
            kind = ArchiveKind.MEMENTO if "timegate" in segments else ArchiveKind.WAYBACK
        out.append(ArchiveSpec(kind, entry))
    return tuple(out)


def archive_specs(settings: Settings) -> tuple[ArchiveSpec, ...]:
    """The archives of ``settings``; none when turned off or not readable (the command line
    checks the setting before a run, so a library caller's bad value only turns it off)."""
    try:
        return parse_archives(settings.archive_url)
    except ValueError as exc:
        log.warning("web archive turned off: %s", exc)
        return ()

"""The archived copy of a page whose live copy is gone: each configured web archive asked
in turn (``fetch.archives``), Wayback-style ones by their availability API, Memento ones by
TimeGate and TimeMap, until one has a copy."""

from __future__ import annotations

import datetime as dt

from provenance.fetch.archives import ArchiveKind, archive_specs
from provenance.model import Fetcher, Outcome
from provenance.resolve.archive import Wayback
from provenance.resolve.memento import ArchivedCopy, MementoArchive
from provenance.settings import Settings

__all__ = ["ArchivedCopy", "find_archived"]


def find_archived(settings: Settings, fetcher: Fetcher, url: str, when: dt.date | None
                  ) -> tuple[ArchivedCopy | None, Outcome | None]:
    """The first archive's copy of ``url`` nearest ``when``, or None and why: SKIPPED when
    no archive is configured, OFFLINE or UNREACHABLE when none could be asked, None when
    at least one answered that it has no copy."""
    troubles: list[Outcome] = []
    specs = archive_specs(settings)
    for spec in specs:
        if spec.kind is ArchiveKind.WAYBACK:
            wayback = Wayback(settings, fetcher, spec)
            cap = wayback.closest(url, when)
            if cap is not None:
                return ArchivedCopy(wayback.playback_url(cap), _taken(cap.timestamp),
                                    stamp=cap.timestamp), None
            trouble = wayback.trouble
        else:
            memento = MementoArchive(settings, fetcher, spec)
            got = memento.closest(url, when)
            if got is not None:
                return got, None
            trouble = memento.trouble
        if trouble is not None:
            troubles.append(trouble)
    if not specs:
        return None, Outcome.SKIPPED
    return None, troubles[0] if len(troubles) == len(specs) else None


def _taken(timestamp: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(timestamp.ljust(14, "0")[:14], "%Y%m%d%H%M%S"
                                    ).replace(tzinfo=dt.UTC)
    except ValueError:
        return None

"""Fetching: URLs in, Snapshots out, or a FetchError whose ``kind`` says why not.

``HttpFetcher`` reads one URL over HTTP: timeouts always, retries on transient failures only,
the address guard (``check_url``) before every hop, a cap on the body. ``fetch_many`` reads
many at once by a ``Schedule`` (workers, per-host limit, politeness), a failure being a value
among the results. ``ArchiveOriginFetcher`` marks a web archive's copies as such (a Wayback
playback URL, or a ``Memento-Datetime`` header); ``archives`` reads which archives are
configured and ``timegate`` asks a Memento TimeGate for a copy. What every
fetcher implements (``Fetcher``) and the progress it reports (``ProgressEvent``) are in
``provenance.model``; this package imports no other stage.
"""

from provenance.fetch.archive_origin import ArchiveOriginFetcher, is_archive_url
from provenance.fetch.botcheck import is_bot_check
from provenance.fetch.http import HttpFetcher
from provenance.fetch.schedule import Schedule, fetch_many, host_of
from provenance.fetch.urlsafety import AddressRefused, check_url

__all__ = ["AddressRefused", "ArchiveOriginFetcher", "HttpFetcher", "Schedule", "check_url",
           "fetch_many", "host_of", "is_archive_url", "is_bot_check"]

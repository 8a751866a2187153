"""The evidence cache: Snapshots in, Snapshots out, kept on disk as WARC files and SQLite.

``SnapshotCache`` keeps each capture as a WARC 1.1 file and indexes it in SQLite, with the
extracted text and shingles of each body beside it; the format is described in ``store``,
``index`` and ``warc``. ``CachedFetcher`` serves a run from the cache and goes to the
fetcher it wraps only for what the cache lacks; ``open_fetcher`` builds that stack from the
settings. ``ReplayFetcher`` reads each page as an earlier report read it. Pages saved by hand
and WARC files come in, and WARC exports go out, through ``import_file`` and
``export_warc``; ``merge`` joins caches (shards) into one with no duplicate capture (and
``merge_texts`` brings the text extracted from them along), and
``bundle`` packs a report's captures (read by ``bundle_captures``), the report and the
document as a WACZ file anyone can verify, its JSON files written by ``bundle_json``, in the
one ZIP form ``zip_framing`` checks byte for byte, signed by ``signing``
(WACZ Signing and Verification 0.1.0) when asked, with its CDXJ index made from the
index rows by ``cdxj`` (its SURT keys by ``surt_keys``). ``shingled`` keeps which cached
pages hold which word shingles (the found-elsewhere index, read and never rebuilt by a
run), ``unread`` serves a capture whose text is kept from its index row, its body read
only when asked for, ``memo`` keeps the index's answers for the process while the
index is unchanged, and ``text_lock`` lets one process at a time, of those sharing the
cache, make a body's text.
Besides the model, this package imports only the fetch stage.
"""

from provenance.cache.capture_files import export_warc, import_file, report_urls
from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.index import Capture
from provenance.cache.replay import ReplayFetcher, pins_from_report
from provenance.cache.store import DamagedEntry, SnapshotCache, Verification

__all__ = ["CachedFetcher", "Capture", "DamagedEntry", "ReplayFetcher", "SnapshotCache",
           "Verification", "export_warc", "import_file", "open_fetcher", "pins_from_report",
           "report_urls"]

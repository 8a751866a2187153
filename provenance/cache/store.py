"""The evidence cache: WARC captures, an SQLite index, and extracted text by digest.

On-disk format (version 1; keep it stable, the shipped example's cache is in it)::

    CACHE/
      index.sqlite            the index (SQLite, rollback journal)
      warc/NAME.warc.gz       one file per capture, never rewritten once in place

Each capture file is a WARC 1.1 file (ISO 28500), one gzip member per record, readable by
any WARC tool (``warcio check``, pywb, ...). File names and record ids derive from the
capture (URL, time, digest, origin), so rebuilding a cache gives identical files:

- for each redirect hop first, a ``request`` and a bodiless 3xx ``response``;
- ``request``: the HTTP request as sent (method, target, headers);
- ``response``: the HTTP status line and headers, then the body exactly as the tool read it
  (after transfer and content decoding: ``Content-Encoding`` is kept as
  ``X-Provenance-Orig-Content-Encoding`` and ``Content-Length`` is the stored length, so a
  replay tool does not try to decode it twice). ``WARC-Payload-Digest`` is
  ``sha256:BASE32`` of the body; ``WARC-Block-Digest`` is warcio's sha1 of the block;
- ``metadata``: ``application/warc-fields`` with ``requested-url``, ``origin``
  (live | archive | import), ``fetched-at`` (ISO 8601, microseconds) and one
  ``redirect: URL STATUS LOCATION`` line per hop.

A ``--refresh`` answered 304 Not Modified is a *revisit capture*: the same records, with a
``revisit`` record (profile ``http://netpreserve.org/warc/1.1/revisit/server-not-modified``)
where the response would be. It holds the 304's status line and headers only (encodings
renamed as above) and names the confirmed capture's response record: ``WARC-Refers-To`` (its
record id), ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date``, and
``WARC-Payload-Digest`` of its body. Its metadata record adds ``confirmed-status``,
``confirmed-content-type`` and ``confirmed-length`` (of that body), so the file alone gives its
index row. A revisit always refers to a response record, never to another revisit, and
``verify`` reports one whose confirmed capture is not in the cache as damaged. Read back,
a revisit capture has the confirmed body, status and type, the confirmed headers updated by
the 304's, and ``X-Provenance-Revalidated`` naming the confirmed capture's time. Versions
of this tool from before revisit captures report them as damaged entries (they expect a
response record at a row's offset); every file they wrote reads as before.

The ``captures`` table of the index has one row per capture: ``url`` (as requested),
``final_url``, ``fetched_at`` (ISO 8601 UTC), ``status``, ``content_type``, ``sha256`` (hex,
of the body), ``length``, ``origin``, ``warc_file`` (relative to the cache root) and
``warc_offset`` (byte offset of the final response record). A revisit capture's row holds
what a reader gets, so every reader of rows works as for any capture: the confirmed capture's
``status``, ``content_type``, ``sha256`` and ``length``, with ``warc_offset`` the offset of its
own revisit record. The confirmed capture is the row with the same ``sha256`` whose response
record has the id in ``WARC-Refers-To``. The ``texts`` table holds
extracted text as JSON keyed by (body sha256, extractor version), and ``shingles`` the word
shingles of that text (little-endian uint64 hashes, for the found-elsewhere index) keyed by
the same and the shingle scheme. ``meta`` holds
``format = 1``. The index can be rebuilt from the capture files alone
(``rebuild_index``, ``provenance cache verify --repair``); extracted text and shingles are
then made again when needed.

Crash safety: a capture's WARC file is written to a temporary name, flushed to disk and
moved into place with ``os.replace`` *before* its index row is committed, so a process
killed at any point leaves either a complete capture or an unindexed file (reported by
``verify`` as an orphan), never a half-written capture behind an index row. SQLite's
locking keeps concurrent writers from different processes apart; every operation opens its
own connection, so threads and processes share a cache the same way.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import http
import io
import json
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.errors import CacheError, CacheMiss, FetchError
from provenance.fetch.revalidation import revalidated_headers
from provenance.model import NotModified, Origin, PageText, Problem, Snapshot
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.fetch.http import Fetcher

log = logging.getLogger(__name__)

FORMAT = 1
INDEX = "index.sqlite"
WARC_DIR = "warc"
_BUSY_MS = 30_000  # how long a writer waits for another process's lock

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS captures (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    length INTEGER NOT NULL,
    origin TEXT NOT NULL,
    warc_file TEXT NOT NULL,
    warc_offset INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS captures_by_url ON captures (url, fetched_at);
CREATE INDEX IF NOT EXISTS captures_by_final_url ON captures (final_url, fetched_at);
CREATE TABLE IF NOT EXISTS texts (
    sha256 TEXT NOT NULL,
    extractor TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (sha256, extractor)
);
CREATE TABLE IF NOT EXISTS shingles (
    sha256 TEXT NOT NULL,
    extractor TEXT NOT NULL,
    scheme TEXT NOT NULL,
    hashes BLOB NOT NULL,
    PRIMARY KEY (sha256, extractor, scheme)
);
"""
_RENAMED = {"content-encoding": "X-Provenance-Orig-Content-Encoding",
            "transfer-encoding": "X-Provenance-Orig-Transfer-Encoding"}
# WARC 1.1's revisit profile for a server's "not modified" (warcio writes only the other one).
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


class DamagedEntry(FetchError):
    """A cached capture whose file is missing, unreadable or fails its digest."""


@dataclass(frozen=True, slots=True)
class Capture:
    """One index row: what the cache holds for one capture, without the body."""

    url: str
    final_url: str
    fetched_at: dt.datetime
    status: int
    content_type: str
    sha256: str
    length: int
    origin: Origin
    warc_file: str
    warc_offset: int

    @property
    def warc(self) -> str:
        return f"{self.warc_file}#{self.warc_offset}"


@dataclass(frozen=True, slots=True)
class Verification:
    """What ``SnapshotCache.verify`` found."""

    captures: int  # index rows checked
    damaged: tuple[tuple[str, str], ...]  # (WARC file, what is wrong with it)
    orphans: tuple[str, ...]  # WARC files no index row points to (a run stopped in between)
    partial: tuple[str, ...]  # temporary files of a write that never finished

    @property
    def ok(self) -> bool:
        return not self.damaged


@dataclass(frozen=True, slots=True)
class _Record:
    """One WARC record of a capture file, as much of it as reading a capture needs."""

    kind: str  # WARC-Type
    fields: StatusAndHeaders  # the WARC header fields
    headers: tuple[tuple[str, str], ...]  # the HTTP header fields, if any
    body: bytes  # of a response record; empty for any other

    def field(self, name: str) -> str:
        return self.fields.get_header(name) or ""


class SnapshotCache:
    """Captures of URLs as WARC files under ``root``, indexed in SQLite."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # --- captures -------------------------------------------------------------------------

    def store(self, snapshot: Snapshot) -> Snapshot:
        """Write a capture (WARC request + response, index row); returns it with ``warc`` set.

        A snapshot a 304 confirmed (``not_modified``) is written as a revisit of the capture
        it confirmed; when that capture is not in this cache, as a full capture.
        """
        existing = self._same_capture(snapshot)
        if existing is not None:  # storing the same capture twice changes nothing
            return replace(snapshot, headers=_stored_headers(snapshot), warc=existing.warc)
        confirmed = self._confirmed_by(snapshot)
        warc_dir = self.root / WARC_DIR
        warc_dir.mkdir(parents=True, exist_ok=True)
        key = _capture_key(snapshot)
        stamp = _utc(snapshot.fetched_at).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{key.hex[:16]}.warc.gz"
        data, offset, headers = _warc_bytes(snapshot, key, confirmed)
        tmp = warc_dir / f".{name}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, warc_dir / name)
        _fsync_dir(warc_dir)
        rel = f"{WARC_DIR}/{name}"
        with self._db(write=True) as db:
            db.execute(
                "INSERT INTO captures (url, final_url, fetched_at, status, content_type, sha256,"
                " length, origin, warc_file, warc_offset) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (snapshot.url, snapshot.final_url, _iso(snapshot.fetched_at), snapshot.status,
                 snapshot.content_type, snapshot.sha256, len(snapshot.body),
                 str(snapshot.origin), rel, offset))
        not_modified = None
        if confirmed is not None and snapshot.not_modified is not None:
            not_modified = NotModified(_stored_304_headers(snapshot.not_modified),
                                       earlier=confirmed[0].warc)
        return replace(snapshot, headers=headers, warc=f"{rel}#{offset}",
                       not_modified=not_modified)

    def _confirmed_by(self, snapshot: Snapshot) -> tuple[Capture, _Record] | None:
        """The indexed capture, and its response record, whose body a 304 confirmed."""
        nm = snapshot.not_modified
        if nm is None:
            return None
        found = None
        if nm.earlier:
            file, _, offset = nm.earlier.rpartition("#")
            try:
                record = _read_record(self.root / file, int(offset), 0)
            except Exception:  # any failure means: not here, so the body is kept in full
                record = None
            if record is not None:
                # A revisit already names the response that holds the body: refer to that
                # one, so a reader never follows a chain of revisits.
                record_id = record.field("WARC-Record-ID" if record.kind == "response"
                                         else "WARC-Refers-To")
                found = self._response(snapshot.sha256, record_id)
        if found is None:
            log.warning("%s: the capture a 304 confirmed (%s) is not in the cache; the body is "
                        "kept in full", snapshot.url, nm.earlier or "not stored")
        return found

    def _same_capture(self, snapshot: Snapshot) -> Capture | None:
        when = _iso(snapshot.fetched_at)
        for row in self.index(snapshot.url):
            if (row.url == snapshot.url and _iso(row.fetched_at) == when
                    and row.sha256 == snapshot.sha256 and row.origin == snapshot.origin):
                return row
        return None

    def index(self, url: str | None = None) -> tuple[Capture, ...]:
        """Index rows, oldest first: of ``url`` (as requested or final) or of every URL."""
        if not (self.root / INDEX).exists():
            return ()
        with self._db() as db:
            if not _has_schema(db):  # an index file a failed first write left empty
                return ()
            if url is None:
                rows = db.execute("SELECT * FROM captures ORDER BY url, fetched_at, id")
            else:
                rows = db.execute(
                    "SELECT * FROM captures WHERE url = ? OR final_url = ?"
                    " ORDER BY fetched_at, id", (url, url))
            return tuple(_capture(r) for r in rows.fetchall())

    def read(self, capture: Capture) -> Snapshot:
        """The snapshot behind an index row; DamagedEntry when its file fails to match.

        A revisit capture (a 304) reads as the capture it confirmed: that body, status and
        type, its headers updated by the 304's, ``X-Provenance-Revalidated`` added, and
        ``not_modified`` set.
        """
        record = self._record(capture)
        if record.kind == "revisit":
            return self._read_revisit(capture, record)
        if record.kind != "response":
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc} is "
                                            f"unreadable (a {record.kind} record where a "
                                            "response should be)")
        if hashlib.sha256(record.body).hexdigest() != capture.sha256:
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc} does not "
                                            "match its recorded digest")
        return Snapshot(
            url=capture.url, final_url=capture.final_url, status=capture.status,
            content_type=capture.content_type, fetched_at=capture.fetched_at,
            sha256=capture.sha256, body=record.body, headers=record.headers,
            origin=capture.origin, warc=capture.warc)

    def confirmed(self, capture: Capture) -> Capture | None:
        """The index row of the capture a revisit capture (a 304) confirmed; None for any
        other capture. DamagedEntry when that capture is not in the cache."""
        record = self._record(capture)
        if record.kind != "revisit":
            return None
        return self._confirmed(capture, record)[0]

    def by_digest(self, sha256: str) -> tuple[Capture, ...]:
        """Index rows of every capture with this body (hex sha256), oldest first."""
        if not (self.root / INDEX).exists():
            return ()
        with self._db() as db:
            if not _has_schema(db):
                return ()
            rows = db.execute("SELECT * FROM captures WHERE sha256 = ? ORDER BY fetched_at, id",
                              (sha256,))
            return tuple(_capture(r) for r in rows.fetchall())

    def _record(self, capture: Capture) -> _Record:
        try:
            return _read_record(self.root / capture.warc_file, capture.warc_offset,
                                capture.length)
        except FileNotFoundError:
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc_file} is "
                                            "missing") from None
        except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc} is "
                                            f"unreadable ({exc})") from exc

    def _read_revisit(self, capture: Capture, record: _Record) -> Snapshot:
        row, earlier = self._confirmed(capture, record)
        if hashlib.sha256(earlier.body).hexdigest() != capture.sha256:
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc} confirms "
                                            f"{row.warc}, which does not match its recorded "
                                            "digest")
        return Snapshot(
            url=capture.url, final_url=capture.final_url, status=capture.status,
            content_type=capture.content_type, fetched_at=capture.fetched_at,
            sha256=capture.sha256, body=earlier.body,
            headers=revalidated_headers(earlier.headers, record.headers, row.fetched_at),
            origin=capture.origin, warc=capture.warc,
            not_modified=NotModified(record.headers, earlier=row.warc))

    def _confirmed(self, capture: Capture, record: _Record) -> tuple[Capture, _Record]:
        """The capture, and its response record, that a revisit record confirms."""
        where = f"damaged cache entry: {capture.warc}"
        profile = record.field("WARC-Profile")
        if not profile.endswith("/revisit/server-not-modified"):
            # WARC: a reader shall not interpret a revisit whose profile it does not know.
            raise DamagedEntry(capture.url, f"{where} is a revisit of an unknown kind "
                                            f"({profile or 'no WARC-Profile'})")
        if payload_sha256(record.field("WARC-Payload-Digest")) != capture.sha256:
            raise DamagedEntry(capture.url, f"{where} does not match its recorded digest")
        refers_to = record.field("WARC-Refers-To")
        found = self._response(capture.sha256, refers_to)
        if found is None:
            raise DamagedEntry(
                capture.url,
                f"{where} is a 304 Not Modified confirming the capture of "
                f"{record.field('WARC-Refers-To-Target-URI') or 'an unnamed URL'} made "
                f"{record.field('WARC-Refers-To-Date') or 'at an unknown time'} (record "
                f"{refers_to or 'not named'}), which is not in the cache")
        return found

    def _response(self, sha256: str, record_id: str) -> tuple[Capture, _Record] | None:
        """The indexed capture whose response record has this id and body, read."""
        if not record_id:
            return None
        for row in self.by_digest(sha256):
            try:
                record = _read_record(self.root / row.warc_file, row.warc_offset, row.length)
            except Exception:  # a damaged capture is reported by its own row
                continue
            if record.kind == "response" and record.field("WARC-Record-ID") == record_id:
                return row, record
        return None

    def latest(self, url: str) -> Snapshot | None:
        """The newest capture of ``url``, None if there is none; DamagedEntry if it is damaged,
        even when an older capture reads (``newest_readable`` passes over it)."""
        rows = self.index(url)
        return self.read(rows[-1]) if rows else None

    def newest_readable(self, url: str) -> Snapshot | None:
        """The newest capture of ``url`` that reads, None if there is none.

        Each damaged capture passed over is logged with the capture used instead. When no
        capture reads, DamagedEntry of the newest (its reason says the older ones failed too).
        """
        skipped: list[DamagedEntry] = []
        for row in reversed(self.index(url)):
            try:
                snap = self.read(row)
            except DamagedEntry as exc:
                skipped.append(exc)
                continue
            for exc in skipped:
                log.warning("%s: %s; using the capture of %s (%s) instead", exc.url, exc.reason,
                            row.fetched_at.isoformat(), row.warc)
            return snap
        if not skipped:
            return None
        newest, older = skipped[0], skipped[1:]
        if not older:
            raise newest
        for exc in older:
            log.warning("%s", exc)
        raise DamagedEntry(newest.url, f"{newest.reason}; no older capture reads either "
                                       f"({len(older)} damaged)") from newest

    def captures(self, url: str) -> tuple[Snapshot, ...]:
        """Every readable capture of ``url``, oldest first; damaged ones are logged and skipped."""
        out = []
        for row in self.index(url):
            try:
                out.append(self.read(row))
            except DamagedEntry as exc:
                log.warning("%s", exc)
        return tuple(out)

    # --- checking -------------------------------------------------------------------------

    def verify(self) -> Verification:
        """Recompute every digest: each index row against its WARC record, each WARC record
        against its own block and payload digests; list unindexed and half-written files."""
        damaged: dict[str, str] = {}  # WARC file -> the first thing found wrong with it
        rows = self.index()
        for row in rows:
            try:
                self.read(row)
            except DamagedEntry as exc:
                damaged.setdefault(row.warc_file, f"{row.url}: {exc.reason}")
        indexed = {row.warc_file for row in rows}
        orphans, partial = [], []
        warc_dir = self.root / WARC_DIR
        for path in sorted(warc_dir.iterdir()) if warc_dir.is_dir() else ():
            rel = f"{WARC_DIR}/{path.name}"
            if path.name.endswith(".tmp"):
                partial.append(rel)
                continue
            if rel not in indexed:
                orphans.append(rel)
            if rel not in damaged:
                problem = _warc_problem(path)
                if problem:
                    damaged[rel] = problem
        return Verification(captures=len(rows), damaged=tuple(sorted(damaged.items())),
                            orphans=tuple(orphans), partial=tuple(partial))

    def rebuild_index(self) -> int:
        """Index every capture file again from its own records; returns how many.

        For an index that is lost or unusable, and for orphans (captures written by a run
        that stopped before indexing them). The old index file is kept beside, renamed;
        extracted text is not in the WARC files and is extracted again when needed.
        Unfinished temporary files are deleted.
        """
        index = self.root / INDEX
        if index.exists():
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            for suffix in ("", "-journal", "-wal", "-shm"):
                old = index.with_name(INDEX + suffix)
                if old.exists():
                    os.replace(old, index.with_name(f"{INDEX}{suffix}.replaced-{stamp}"))
        count = 0
        warc_dir = self.root / WARC_DIR
        for path in sorted(warc_dir.iterdir()) if warc_dir.is_dir() else ():
            if path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
                continue
            row = _row_of_file(path, f"{WARC_DIR}/{path.name}")
            if row is None:
                log.warning("%s: not a capture file of this cache, left out of the index", path)
                continue
            with self._db(write=True) as db:
                db.execute(
                    "INSERT INTO captures (url, final_url, fetched_at, status, content_type,"
                    " sha256, length, origin, warc_file, warc_offset)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (row.url, row.final_url, _iso(row.fetched_at), row.status,
                     row.content_type, row.sha256, row.length, str(row.origin), row.warc_file,
                     row.warc_offset))
            count += 1
        return count

    # --- extracted text -------------------------------------------------------------------

    def text(self, sha256: str, extractor: str) -> PageText | None:
        return next((text for _, text in self.texts([sha256], extractor)), None)

    def store_text(self, sha256: str, extractor: str, text: PageText) -> None:
        """Keep ``text`` for every capture with this body; a problem that belongs to one
        capture only (an HTTP error, a redirect to the front page) is not kept."""
        from provenance.text.extract import depends_on_capture

        if depends_on_capture(text):
            return
        try:
            with self._db(write=True) as db:
                db.execute("INSERT OR REPLACE INTO texts (sha256, extractor, json)"
                           " VALUES (?,?,?)", (sha256, extractor, _text_to_json(text)))
        except (CacheError, OSError) as exc:
            # Cached text only saves time; a read-only or full cache must not stop a run.
            log.warning("extracted text not cached: %s", exc)

    def texts(self, sha256s: Iterable[str], extractor: str) -> Iterator[tuple[str, PageText]]:
        """(sha256, text) of each of these bodies whose extracted text is kept, read over one
        connection (a cache of thousands of pages is read at once)."""
        if not (self.root / INDEX).exists():
            return
        with self._db() as db:
            if not _has_schema(db):
                return
            for sha in sha256s:
                row = db.execute("SELECT json FROM texts WHERE sha256 = ? AND extractor = ?",
                                 (sha, extractor)).fetchone()
                if row is None:
                    continue
                try:
                    yield sha, _text_from_json(row[0])
                except (ValueError, TypeError, KeyError) as exc:
                    log.warning("cached text for %s (%s) is damaged, extracting again: %s",
                                sha, extractor, exc)

    # --- word shingles of extracted texts (see elsewhere) ---------------------------------

    def shingles(self, extractor: str, scheme: str) -> dict[str, bytes]:
        """sha256 -> the kept shingle hashes of that body's text (as ``store_shingles`` got
        them), for every body kept under this extractor and shingle scheme."""
        if not (self.root / INDEX).exists():
            return {}
        with self._db() as db:
            if not _has_schema(db) or not db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'shingles'"
            ).fetchone():
                return {}
            rows = db.execute("SELECT sha256, hashes FROM shingles WHERE extractor = ? AND"
                              " scheme = ?", (extractor, scheme)).fetchall()
        return {row[0]: bytes(row[1]) for row in rows}

    def store_shingles(self, hashes: Mapping[str, bytes], extractor: str, scheme: str) -> None:
        """Keep the shingle hashes of these bodies' texts, in one transaction."""
        if not hashes:
            return
        try:
            with self._db(write=True) as db:
                db.executemany("INSERT OR REPLACE INTO shingles (sha256, extractor, scheme,"
                               " hashes) VALUES (?,?,?,?)",
                               [(sha, extractor, scheme, blob) for sha, blob in hashes.items()])
        except (CacheError, OSError) as exc:
            # Like cached text, kept shingles only save time.
            log.warning("shingles not cached: %s", exc)

    # --- plumbing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _db(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        path = self.root / INDEX
        if write:
            self.root.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=_BUSY_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot open the cache index {path}: {exc}") from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            if write:
                db.execute("PRAGMA synchronous = FULL")
                db.execute("BEGIN IMMEDIATE")
                for stmt in filter(str.strip, _SCHEMA.split(";")):
                    db.execute(stmt)
                db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('format', ?)",
                           (str(FORMAT),))
            yield db
            if write:
                db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if write and db.in_transaction:
                db.rollback()
            raise CacheError(f"the cache index {path} is unusable: {exc}") from exc
        except BaseException:
            if write and db.in_transaction:
                db.rollback()
            raise
        finally:
            db.close()


class CachedFetcher:
    """Serve from the cache; go to ``inner`` only when online and not cached (or refreshing).
    Offline and not cached raises CacheMiss without opening a socket. Offline, a damaged
    newest capture gives way to the newest one that reads; online, it is fetched again."""

    def __init__(self, inner: Fetcher | None, cache: SnapshotCache, offline: bool,
                 refresh: bool = False) -> None:
        self.inner, self.cache, self.offline, self.refresh = inner, cache, offline, refresh

    @property
    def settings(self) -> Settings | None:
        """The inner fetcher's settings, so fetch_many schedules by them."""
        return getattr(self.inner, "settings", None)

    def fetch(self, url: str) -> Snapshot:
        damaged: DamagedEntry | None = None
        if not self.refresh or self.offline:
            try:
                cached = self._cached(url)
            except DamagedEntry as exc:
                log.warning("%s", exc)
                cached, damaged = None, exc
            if cached is not None:
                return cached
        if self.offline or self.inner is None:
            if damaged is not None:
                raise FetchError(url, f"offline: {damaged.reason}")
            raise CacheMiss(url)
        if self.refresh and getattr(self.inner, "conditional", False):
            # The inner fetcher can ask for changes only (HttpFetcher): send the validators.
            previous = self._previous(url)
            got = self.inner.fetch(url, previous=previous)  # type: ignore[call-arg]
        else:
            try:
                got = self.inner.fetch(url)
            except FetchError as exc:
                older = self._fallback(url, damaged, exc)
                if older is None:
                    raise
                return older
        try:
            return self.cache.store(got)
        except (CacheError, OSError) as exc:
            # The page was read: use it for this run, and say its evidence was not kept.
            log.error("capture of %s not stored in the cache: %s", url, exc)
            return got

    def _cached(self, url: str) -> Snapshot | None:
        if self.offline or self.inner is None:
            # The cache is all the evidence there is: a damaged newest capture must not hide
            # an older one that reads.
            return self.cache.newest_readable(url)
        # Online, a damaged newest capture is fetched again, not passed over: the page as it
        # is now is better evidence than an older capture (the page may have changed since,
        # which the damaged capture may have recorded), and the new capture becomes the
        # newest, so the damaged one is not met again.
        return self.cache.latest(url)

    def _fallback(self, url: str, damaged: DamagedEntry | None,
                  failure: FetchError) -> Snapshot | None:
        """When a damaged newest capture was to be fetched again and that fetch failed, the
        newest capture that reads: older evidence beats none. None otherwise."""
        if damaged is None:
            return None
        try:
            older = self.cache.newest_readable(url)
        except DamagedEntry:
            return None
        if older is not None:
            log.warning("%s: fetching it again failed (%s); using the capture of %s instead",
                        url, failure.reason, _iso(older.fetched_at))
        return older

    def _previous(self, url: str) -> Snapshot | None:
        # The validators of the newest capture that reads. Sound past a damaged newer one: a
        # 304 to them says the page is still that capture's body, and the revisit ``store``
        # writes refers to that capture (the fetcher keeps its ``warc`` as
        # ``NotModified.earlier``; for a revisit, to the response holding the same body), so
        # it never claims to confirm the damaged capture.
        try:
            return self.cache.newest_readable(url)
        except DamagedEntry as exc:
            log.warning("%s", exc)
            return None


# --- WARC records ---------------------------------------------------------------------------


def _capture_key(snap: Snapshot) -> uuid.UUID:
    # Names and record ids derive from the capture itself, so rebuilding a cache from the
    # same captures gives the same files byte for byte.
    return uuid.uuid5(uuid.NAMESPACE_URL,
                      f"{snap.url} {_iso(snap.fetched_at)} {snap.sha256} {snap.origin}")


def _record_id(key: uuid.UUID, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(key, kind)}>"


def _warc_bytes(snap: Snapshot, key: uuid.UUID, confirmed: tuple[Capture, _Record] | None
                ) -> tuple[bytes, int, tuple[tuple[str, str], ...]]:
    """The capture as WARC bytes, the response (or revisit) record's offset, and the headers
    as read back. With ``confirmed`` (the capture a 304 confirmed) a revisit record of it
    stands where the response would."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    date = _warc_date(snap.fetched_at)
    uri = snap.final_url

    # Each redirect hop is kept as its own request and (bodiless) response, as a browser-based
    # archiving tool would record them: the evidence shows how the cited URL led to the page.
    hops = []
    for n, (hop_url, status, location) in enumerate(snap.redirects):
        hop_request = _request_record(writer, hop_url, snap, date, _record_id(key, f"hop{n}q"))
        hop_response = writer.create_warc_record(
            hop_url, "response", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{status} {_phrase(status)}",
                                          [("Location", location), ("Content-Length", "0")],
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(key, f"hop{n}")})
        hop_request.rec_headers.add_header("WARC-Concurrent-To",
                                           hop_response.rec_headers.get_header("WARC-Record-ID"))
        hops += [hop_request, hop_response]
    request = _request_record(writer, uri, snap, date, _record_id(key, "request"))

    payload_digest = _payload_digest(snap.sha256)
    confirms = ""
    if confirmed is None or snap.not_modified is None:
        headers = _stored_headers(snap)
        response = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(snap.body), length=len(snap.body),
            http_headers=StatusAndHeaders(f"{snap.status} {_phrase(snap.status)}",
                                          list(headers), protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": payload_digest,
                               "WARC-Record-ID": _record_id(key, "response")})
    else:
        row, earlier = confirmed
        fresh = _stored_304_headers(snap.not_modified)
        headers = revalidated_headers(earlier.headers, fresh, row.fetched_at)
        # The 304 as it came, and which record holds the body it confirmed (WARC 1.1 6.7.3).
        response = writer.create_revisit_record(
            uri, payload_digest, earlier.field("WARC-Target-URI"), earlier.field("WARC-Date"),
            http_headers=StatusAndHeaders(f"304 {_phrase(304)}", list(fresh),
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(key, "revisit"),
                               "WARC-Refers-To": earlier.field("WARC-Record-ID")})
        response.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
        # What the row of this capture holds, so the file alone can index it again.
        confirms = (f"confirmed-status: {snap.status}\r\n"
                    f"confirmed-content-type: {snap.content_type}\r\n"
                    f"confirmed-length: {len(snap.body)}\r\n")
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    request.rec_headers.add_header("WARC-Concurrent-To", response_id)

    fields = (f"requested-url: {snap.url}\r\norigin: {snap.origin}\r\n"
              f"fetched-at: {_iso(snap.fetched_at)}\r\n"
              + "".join(f"redirect: {u} {st} {loc}\r\n" for u, st, loc in snap.redirects)
              + confirms).encode()
    metadata = writer.create_warc_record(
        uri, "metadata", payload=io.BytesIO(fields), length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id,
                           "WARC-Record-ID": _record_id(key, "metadata")})

    for record in hops:
        writer.write_record(record)
    writer.write_record(request)
    offset = out.tell()
    writer.write_record(response)
    writer.write_record(metadata)
    return out.getvalue(), offset, headers


def _has_schema(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                      " AND name IN ('captures', 'texts')").fetchone()[0] == 2


def _request_record(writer: WARCWriter, uri: str, snap: Snapshot, date: str,
                    record_id: str) -> object:
    parts = urlsplit(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)] + [
        (k, v) for k, v in snap.request_headers if k.lower() != "host"]
    return writer.create_warc_record(
        uri, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True),
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id})


def _row_of_file(path: Path, rel: str) -> Capture | None:
    """The index row a capture file stands for, read from its response (or revisit) and
    metadata records."""
    found: dict[str, object] = {}
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for record in records:
                if record.rec_type == "response":  # the last one: redirect hops come first
                    body = record.raw_stream.read()
                    http_headers = record.http_headers
                    found.update(
                        offset=records.get_record_offset(),
                        final_url=record.rec_headers.get_header("WARC-Target-URI"),
                        date=record.rec_headers.get_header("WARC-Date"),
                        status=int(http_headers.get_statuscode()) if http_headers else 0,
                        ctype=(http_headers.get_header("Content-Type") or "")
                        if http_headers else "",
                        sha256=hashlib.sha256(body).hexdigest(), length=len(body))
                elif record.rec_type == "revisit":
                    # The body is the confirmed capture's: its digest is in the record, its
                    # status, type and length in the metadata record (below).
                    record.content_stream().read()
                    found.update(
                        offset=records.get_record_offset(),
                        final_url=record.rec_headers.get_header("WARC-Target-URI"),
                        date=record.rec_headers.get_header("WARC-Date"),
                        status=None, ctype=None, length=None,
                        sha256=payload_sha256(
                            record.rec_headers.get_header("WARC-Payload-Digest") or ""))
                elif record.rec_type == "metadata":
                    text = record.content_stream().read().decode("utf-8", "replace")
                    for line in text.splitlines():
                        key, _, value = line.partition(": ")
                        found.setdefault(f"meta:{key.strip()}", value.strip())
                else:
                    record.content_stream().read()
    except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
        log.warning("%s: unreadable (%s)", path, exc)
        return None
    if "offset" not in found:
        return None
    if found["status"] is None:  # a revisit: take what it confirmed from the metadata
        try:
            found.update(status=int(str(found["meta:confirmed-status"])),
                         ctype=found["meta:confirmed-content-type"],
                         length=int(str(found["meta:confirmed-length"])))
        except (KeyError, ValueError):
            log.warning("%s: a revisit without the confirmed capture's status, type and "
                        "length", path)
            return None
        if not found["sha256"]:
            log.warning("%s: a revisit without a sha256 payload digest", path)
            return None
    when = str(found.get("meta:fetched-at") or found["date"]).replace("Z", "+00:00")
    final_url = str(found["final_url"])
    return Capture(
        url=str(found.get("meta:requested-url") or final_url), final_url=final_url,
        fetched_at=_utc(dt.datetime.fromisoformat(when)), status=int(str(found["status"])),
        content_type=str(found["ctype"]), sha256=str(found["sha256"]),
        length=int(str(found["length"])),
        origin=Origin(str(found.get("meta:origin") or Origin.LIVE)), warc_file=rel,
        warc_offset=int(str(found["offset"])))


def _warc_problem(path: Path) -> str | None:
    """What is wrong with a WARC file's records and digests, or None."""
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f, check_digests=True)
            count = 0
            for record in records:
                count += 1
                stream = record.content_stream()
                while stream.read(1 << 20):
                    pass
                if record.digest_checker.passed is False:
                    problems = "; ".join(str(p) for p in record.digest_checker.problems)
                    return f"record at offset {records.get_record_offset()} fails its " \
                           f"digest ({problems})"
            if count == 0:
                return "no WARC records"
    except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
        return f"unreadable WARC ({type(exc).__name__}: {exc})"
    return None


def _read_record(path: Path, offset: int, limit: int) -> _Record:
    """The record at ``offset`` of a capture file, with at most ``limit + 1`` bytes of a
    response's body (one more than expected shows a body that grew)."""
    with open(path, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        body = record.raw_stream.read(limit + 1) if record.rec_type == "response" else b""
        headers = tuple(record.http_headers.headers) if record.http_headers else ()
        return _Record(record.rec_type, record.rec_headers, headers, body)


def _payload_digest(sha256: str) -> str:
    return "sha256:" + base64.b32encode(bytes.fromhex(sha256)).decode()


def payload_sha256(payload_digest: str) -> str:
    """The hex sha256 in a ``WARC-Payload-Digest``; empty when it is not a sha256."""
    algorithm, _, value = payload_digest.partition(":")
    if algorithm.strip().lower() not in ("sha256", "sha-256"):
        return ""
    try:
        raw = base64.b32decode(value.strip().upper())
    except ValueError:
        return ""
    return raw.hex() if len(raw) == 32 else ""


def _stored_304_headers(not_modified: NotModified) -> tuple[tuple[str, str], ...]:
    # Renamed as in a response record, so no replay tool applies them to the body it serves.
    return tuple((_RENAMED.get(k.lower(), k), v) for k, v in not_modified.headers)


def _stored_headers(snap: Snapshot) -> tuple[tuple[str, str], ...]:
    headers: list[tuple[str, str]] = []
    for k, v in snap.headers:
        low = k.lower()
        if low == "content-length":
            continue
        headers.append((_RENAMED.get(low, k), v))
    if not any(k.lower() == "content-type" for k, _ in headers) and snap.content_type:
        headers.append(("Content-Type", snap.content_type))
    headers.append(("Content-Length", str(len(snap.body))))
    return tuple(headers)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _capture(row: sqlite3.Row) -> Capture:
    return Capture(
        url=row["url"], final_url=row["final_url"],
        fetched_at=dt.datetime.fromisoformat(row["fetched_at"]), status=row["status"],
        content_type=row["content_type"], sha256=row["sha256"], length=row["length"],
        origin=Origin(row["origin"]), warc_file=row["warc_file"],
        warc_offset=row["warc_offset"])


def _text_to_json(text: PageText) -> str:
    return json.dumps({
        "main": text.main, "full": text.full, "title": text.title,
        "date": text.date.isoformat() if text.date else None, "author": text.author,
        "language": text.language, "problem": text.problem and text.problem.to_json(),
    }, ensure_ascii=False)


def _text_from_json(data: str) -> PageText:
    d = json.loads(data)
    return PageText(
        main=d["main"], full=d["full"], title=d.get("title"),
        date=dt.date.fromisoformat(d["date"]) if d.get("date") else None,
        author=d.get("author"), language=d.get("language"),
        problem=Problem.from_json(d.get("problem")))


def _utc(when: dt.datetime) -> dt.datetime:
    # A naive time is taken to be UTC already (Snapshot.fetched_at is documented as UTC).
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def _iso(when: dt.datetime) -> str:
    return _utc(when).isoformat(timespec="microseconds")


def _warc_date(when: dt.datetime) -> str:
    return _utc(when).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _fsync_dir(path: Path) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

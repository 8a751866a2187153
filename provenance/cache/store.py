"""The evidence cache: WARC captures, an SQLite index, and extracted text by digest.

On-disk format (version 1; keep it stable, the shipped example's cache is in it)::

    CACHE/
      index.sqlite            the index (SQLite; WAL mode, rollback journal in older
                              caches; both read): see ``index``
      warc/NAME.warc.gz       one file per capture, never rewritten once in place: see ``warc``

``verify`` reports a revisit capture whose confirmed capture is not in the cache as damaged.
Read back, a revisit capture has the confirmed body, status and type, the confirmed headers
updated by the 304's, and ``X-Provenance-Revalidated`` naming the confirmed capture's time.
Versions of this tool from before revisit captures report them as damaged entries (they
expect a response record at a row's offset); every file they wrote reads as before.

The index can be rebuilt from the capture files alone (``rebuild_index``, ``provenance cache
verify --repair``); extracted text and shingles (``texts``) are then made again when needed.

Crash safety: a capture's WARC file is written to a temporary name, flushed to disk and
moved into place with ``os.replace`` *before* its index row is committed, so a process
killed at any point leaves either a complete capture or an unindexed file (reported by
``verify`` as an orphan), never a half-written capture behind an index row.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path

from provenance.cache.index import Capture, Index, iso, utc
from provenance.cache.memo import Memo
from provenance.cache.shingled import COMMON, CachedPages, ShingleIndex
from provenance.cache.text_lock import making_text
from provenance.cache.texts import TextStore
from provenance.cache.unread import unread
from provenance.cache.warc import (
    Record,
    capture_bytes,
    capture_key,
    payload_sha256,
    read_record,
    row_of_file,
    stored_304_headers,
    stored_headers,
    warc_problem,
)
from provenance.errors import CacheError, FetchError, FetchFailure
from provenance.fetch.revalidation import revalidated_headers
from provenance.model import NotModified, PageText, Snapshot

__all__ = ["WARC_DIR", "DamagedEntry", "SnapshotCache", "Verification"]

log = logging.getLogger(__name__)

WARC_DIR = "warc"


class DamagedEntry(FetchError):
    """A cached capture whose file is missing, unreadable or fails its digest."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(url, reason, kind=FetchFailure.CORRUPT)


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


class SnapshotCache:
    """Captures of URLs as WARC files under ``root``, indexed in SQLite."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._index = Index(self.root)
        self._texts = TextStore(self._index)
        # The record headers of each capture read whole (its digest checked) in this
        # process, by (WARC location, sha256): an unread capture is served with them.
        self._headers = Memo(self._index)

    def close(self) -> None:
        """Close this process's connection to the index (the next use opens it again);
        closing the last one writes its log back into the index file."""
        self._index.close()

    def steady(self) -> AbstractContextManager[None]:
        """A block (one document's check) in which the index's answers kept by this process
        are checked against SQLite once, not at every question (``Index.steady``)."""
        return self._index.steady()

    def recheck(self) -> bool:
        """Inside ``steady``, whether the index changed since the block asked (see
        ``Index.recheck``); the answers kept are then read again."""
        return self._index.recheck()

    def check_index(self) -> None:
        """CacheError, with the command that repairs it, when the index is damaged."""
        self._index.check()

    # --- captures -------------------------------------------------------------------------

    def store(self, snapshot: Snapshot) -> Snapshot:
        """Write a capture (WARC request + response, index row); returns it with ``warc`` set.

        A snapshot a 304 confirmed (``not_modified``) is written as a revisit of the capture
        it confirmed; when that capture is not in this cache, as a full capture.
        """
        existing = self._same_capture(snapshot)
        if existing is not None:  # storing the same capture twice changes nothing
            return replace(snapshot, headers=stored_headers(snapshot), warc=existing.warc)
        confirmed = self._confirmed_by(snapshot)
        warc_dir = self.root / WARC_DIR
        warc_dir.mkdir(parents=True, exist_ok=True)
        key = capture_key(snapshot)
        stamp = utc(snapshot.fetched_at).strftime("%Y%m%dT%H%M%S")
        name = f"{stamp}-{key.hex[:16]}.warc.gz"
        data, offset, headers = capture_bytes(snapshot, key, confirmed)
        tmp = warc_dir / f".{name}.tmp"
        try:
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, warc_dir / name)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk must not leave half a capture behind
            raise
        _fsync_dir(warc_dir)
        rel = f"{WARC_DIR}/{name}"
        self._index.add(Capture(
            url=snapshot.url, final_url=snapshot.final_url, fetched_at=snapshot.fetched_at,
            status=snapshot.status, content_type=snapshot.content_type, sha256=snapshot.sha256,
            length=len(snapshot.body), origin=snapshot.origin, warc_file=rel,
            warc_offset=offset))
        not_modified = None
        if confirmed is not None and snapshot.not_modified is not None:
            not_modified = NotModified(stored_304_headers(snapshot.not_modified),
                                       earlier=confirmed[0].warc)
        return replace(snapshot, headers=headers, warc=f"{rel}#{offset}",
                       not_modified=not_modified)

    def _confirmed_by(self, snapshot: Snapshot) -> tuple[Capture, Record] | None:
        """The indexed capture, and its response record, whose body a 304 confirmed."""
        nm = snapshot.not_modified
        if nm is None:
            return None
        found = None
        if nm.earlier:
            file, _, offset = nm.earlier.rpartition("#")
            try:
                record = read_record(self.root / file, int(offset), 0)
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
        when = iso(snapshot.fetched_at)
        for row in self.index(snapshot.url):
            if (row.url == snapshot.url and iso(row.fetched_at) == when
                    and row.sha256 == snapshot.sha256 and row.origin == snapshot.origin):
                return row
        return None

    def index(self, url: str | None = None) -> tuple[Capture, ...]:
        """Index rows, oldest first: of ``url`` (as requested or final) or of every URL."""
        return self._index.rows(url)

    def index_of(self, urls: Collection[str]) -> dict[str, tuple[Capture, ...]]:
        """``index(url)`` of each of ``urls``, asked together."""
        return self._index.rows_of(urls)

    def read(self, capture: Capture) -> Snapshot:
        """The snapshot behind an index row; DamagedEntry when its file fails to match.

        A revisit capture (a 304) reads as the capture it confirmed: that body, status and
        type, its headers updated by the 304's, ``X-Provenance-Revalidated`` added, and
        ``not_modified`` set.
        """
        version = self._headers.version()  # before reading: see ``memo``
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
        self._headers.get_at(version, (capture.warc, capture.sha256), lambda: record.headers)
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
        return self._index.by_digest(sha256)

    def _record(self, capture: Capture) -> Record:
        try:
            return read_record(self.root / capture.warc_file, capture.warc_offset,
                                capture.length)
        except FileNotFoundError:
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc_file} is "
                                            "missing") from None
        except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
            raise DamagedEntry(capture.url, f"damaged cache entry: {capture.warc} is "
                                            f"unreadable ({exc})") from exc

    def _read_revisit(self, capture: Capture, record: Record) -> Snapshot:
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

    def _confirmed(self, capture: Capture, record: Record) -> tuple[Capture, Record]:
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

    def _response(self, sha256: str, record_id: str) -> tuple[Capture, Record] | None:
        """The indexed capture whose response record has this id and body, read."""
        if not record_id:
            return None
        for row in self.by_digest(sha256):
            try:
                record = read_record(self.root / row.warc_file, row.warc_offset, row.length)
            except Exception:  # a damaged capture is reported by its own row
                continue
            if record.kind == "response" and record.field("WARC-Record-ID") == record_id:
                return row, record
        return None

    def latest(self, url: str, unread: bool = False) -> Snapshot | None:
        """The newest capture of ``url``, None if there is none; DamagedEntry if it is damaged,
        even when an older capture reads (``newest_readable`` passes over it). With
        ``unread``, a capture whose text is kept is served unread (see ``unread``)."""
        rows = self.index(url)
        if not rows:
            return None
        return (self._unread(rows[-1]) if unread else None) or self.read(rows[-1])

    def newest_readable(self, url: str, unread: bool = False) -> Snapshot | None:
        """The newest capture of ``url`` that reads, None if there is none.

        Each damaged capture passed over is logged with the capture used instead. When no
        capture reads, DamagedEntry of the newest (its reason says the older ones failed too).
        With ``unread``, a newest capture whose text is kept is served unread, its file not
        opened (see ``unread``).
        """
        rows = self.index(url)
        if unread and rows and (served := self._unread(rows[-1])) is not None:
            return served
        skipped: list[DamagedEntry] = []
        for row in reversed(rows):
            try:
                snap = self.read(row)
            except DamagedEntry as exc:
                skipped.append(exc)
                continue
            for passed in skipped:
                log.warning("%s: %s; using the capture of %s (%s) instead", passed.url,
                            passed.reason, row.fetched_at.isoformat(), row.warc)
            return snap
        if not skipped:
            return None
        newest, older = skipped[0], skipped[1:]
        if not older:
            raise newest
        for damaged in older:
            log.warning("%s", damaged)
        raise DamagedEntry(newest.url, f"{newest.reason}; no older capture reads either "
                                       f"({len(older)} damaged)") from newest

    def _unread(self, capture: Capture) -> Snapshot | None:
        """The capture from its index row alone, its body read when first asked for, when
        its text is kept and no other capture has its body (a revisit record's capture
        needs its record read to say so); else None."""
        if not self._texts.kept(capture.sha256) or len(self.by_digest(capture.sha256)) != 1:
            return None
        row = Snapshot(
            url=capture.url, final_url=capture.final_url, status=capture.status,
            content_type=capture.content_type, fetched_at=capture.fetched_at,
            sha256=capture.sha256, body=b"", origin=capture.origin, warc=capture.warc)
        headers = self._headers.peek(self._headers.version(), (capture.warc, capture.sha256))
        return unread(row, functools.partial(self.read, capture),
                      headers if isinstance(headers, tuple) else None)

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
                problem = warc_problem(path)
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
        self._index.set_aside()
        count = 0
        warc_dir = self.root / WARC_DIR
        for path in sorted(warc_dir.iterdir()) if warc_dir.is_dir() else ():
            if path.name.endswith(".tmp"):
                path.unlink(missing_ok=True)
                continue
            row = row_of_file(path, f"{WARC_DIR}/{path.name}")
            if row is None:
                log.warning("%s: not a capture file of this cache, left out of the index", path)
                continue
            self._index.add(row)
            count += 1
        return count

    # --- extracted text and its shingles (see texts) -------------------------------------

    def text(self, sha256: str, extractor: str) -> PageText | None:
        return self._texts.text(sha256, extractor)

    def making_text(self, sha256: str, wait: bool = True) -> AbstractContextManager[None]:
        """A block in which this process alone, of those sharing the cache, makes the text
        of this body; without ``wait``, TextBusy when another one is making it now
        (``text_lock``)."""
        return making_text(self.root, sha256, wait)

    def store_text(self, sha256: str, extractor: str, text: PageText) -> None:
        """Keep ``text`` for every capture with this body; a text that says something of one
        capture only (``per_capture``: an HTTP error, a redirect to the front page) is not
        kept."""
        self.store_texts([(sha256, text)], extractor)

    def store_texts(self, texts: Iterable[tuple[str, PageText]], extractor: str) -> None:
        """``store_text`` for each (body sha256, text) pair, in one transaction."""
        kept = [(sha, text) for sha, text in texts if not text.per_capture]
        if not kept:
            return
        try:
            self._texts.store_texts(kept, extractor)
        except CacheError as exc:  # kept text only saves time: a full disk costs no result
            log.warning("extracted text not kept in the cache: %s", exc)

    def texts(self, sha256s: Iterable[str], extractor: str) -> Iterator[tuple[str, PageText]]:
        """(sha256, text) of each of these bodies whose extracted text is kept, read over one
        connection (a cache of thousands of pages is read at once)."""
        return self._texts.texts(sha256s, extractor)

    def shingles(self, extractor: str, scheme: str) -> dict[str, bytes]:
        """sha256 -> the kept shingle hashes of that body's text, for every body kept under
        this extractor and shingle scheme."""
        return self._texts.shingles(extractor, scheme)

    def store_shingles(self, hashes: Mapping[str, bytes], extractor: str, scheme: str) -> None:
        """Keep the shingle hashes of these bodies' texts, in one transaction."""
        try:
            self._texts.store_shingles(hashes, extractor, scheme)
        except CacheError as exc:
            log.warning("shingles not kept in the cache: %s", exc)

    @property
    def shingled(self) -> ShingleIndex:
        """The found-elsewhere index kept beside the texts (``shingled``)."""
        return self._texts.shingled

    def pages(self, extractor: str, read: Callable[[str], PageText | None],
              common: int = COMMON) -> CachedPages:
        """The cached pages as found-elsewhere looks quotes up in them, by the shingle index
        kept beside their text (``shingled``); ``read`` gives the text of a body whose text
        is not kept yet (extracted and kept), for the captures the index has not seen. A
        shingle held by more than ``common`` pages is left out of lookups."""
        return CachedPages(self._texts.shingled, extractor,
                           lambda sha: self.text(sha, extractor), read, common)


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

"""The cache's SQLite index: one row per capture, and the tables of what is kept beside them.

The ``captures`` table has one row per capture: ``url`` (as requested), ``final_url``,
``fetched_at`` (ISO 8601 UTC), ``status``, ``content_type``, ``sha256`` (hex, of the body),
``length``, ``origin``, ``warc_file`` (relative to the cache root) and ``warc_offset`` (byte
offset of the final response record). A revisit capture's row holds what a reader gets, so
every reader of rows works as for any capture: the confirmed capture's ``status``,
``content_type``, ``sha256`` and ``length``, with ``warc_offset`` the offset of its own
revisit record. The confirmed capture is the row with the same ``sha256`` whose response
record has the id in ``WARC-Refers-To``. The ``texts`` table holds extracted text as JSON
keyed by (body sha256, extractor version), and ``shingles`` the word shingles of that text
(little-endian uint64 hashes) keyed by the same and the shingle scheme; ``shingled`` and
``postings`` are the found-elsewhere index over those shingles (see ``shingled``). ``meta``
holds ``format = 1``, and how far the found-elsewhere index has read the captures. Tables
added after format 1 are made by the first write to an index from before them.

The file is in WAL mode (set by the first writer that can), so readers never wait for a
writer. Each process keeps one connection to it, opened on first use, shared by its threads
under a lock and opened again in a child process (a connection must not cross a fork) or
when the file was replaced; SQLite's locking keeps writers from different processes apart.
``Index.version`` changes with every commit and replaced file, and what a process keeps of
the index's answers (``memo``) is kept under it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from provenance.cache.memo import Memo
from provenance.errors import CacheError
from provenance.model import Origin

__all__ = ["FORMAT", "INDEX", "Capture", "Index", "iso", "utc"]

FORMAT = 1
INDEX = "index.sqlite"
_BUSY_MS = 30_000  # how long a writer waits for another process's lock
# Connections a forked process inherited: never used, and never closed either (closing one
# could checkpoint or delete the parent's write-ahead log under it).
_INHERITED: list[sqlite3.Connection] = []
# Index files found whole by ``Index.check`` in this process: (pid, device, inode, size,
# time written), so a file written or replaced since is checked again.
_CHECKED: set[tuple[int, ...]] = set()

_CHUNK = 400  # URLs a query names: twice that many parameters, under SQLite's limit
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
CREATE INDEX IF NOT EXISTS captures_by_sha256 ON captures (sha256);
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
CREATE TABLE IF NOT EXISTS shingled (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    extractor TEXT NOT NULL,
    scheme TEXT NOT NULL,
    UNIQUE (sha256, extractor, scheme)
);
CREATE TABLE IF NOT EXISTS postings (
    key INTEGER NOT NULL,
    body INTEGER NOT NULL,
    PRIMARY KEY (key, body)
) WITHOUT ROWID;
"""


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


class Index:
    """The index file of the cache at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / INDEX
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        # What the connection was opened for: the process, and the file (device, inode, size,
        # time written). A file replaced or overwritten, or a checkpoint written into it,
        # opens the connection again, so the file is read as it is now.
        self._owner: tuple[int, ...] = (0,)
        self._made = False  # the tables exist: made by this connection or found
        self._wal = False  # this connection has asked for WAL mode (on its first write)
        self._tables_made = False  # this connection's first write made the tables
        self.connects = 0  # connections opened: one per process, unless the file is replaced
        # Bumped by every change this process can see: its own commits, another
        # connection's (SQLite's data_version), a connection opened afresh (see ``version``).
        self._changes = 0
        self._data_version = -1
        self._steady = threading.local()  # ``steady`` blocks: depth, and the version asked
        self._rows, self._digests = Memo(self), Memo(self)  # rows by URL, by body digest

    def rows(self, url: str | None = None) -> tuple[Capture, ...]:
        """Rows, oldest first: of ``url`` (as requested or final) or of every URL. A URL's
        are kept for the process while the index is unchanged (``memo``)."""
        if url is not None:
            return self._rows.get(url, lambda: self._read_rows(url))
        return self._read_rows(None)

    def _read_rows(self, url: str | None) -> tuple[Capture, ...]:
        with self.reading() as db:
            if db is None:
                return ()
            if url is None:
                rows = db.execute("SELECT * FROM captures ORDER BY url, fetched_at, id")
            else:
                rows = db.execute(
                    "SELECT * FROM captures WHERE url = ? OR final_url = ?"
                    " ORDER BY fetched_at, id", (url, url))
            return tuple(_capture(r) for r in rows.fetchall())

    def rows_of(self, urls: Collection[str]) -> dict[str, tuple[Capture, ...]]:
        """``rows`` of each of ``urls`` (as requested or final), oldest first, in a few
        queries rather than one a URL: a bundle of many captures asks for all of them."""
        wanted = set(urls)
        found: dict[str, list[tuple[str, int, Capture]]] = {u: [] for u in wanted}
        with self.reading() as db:
            if db is None:
                return {u: () for u in wanted}
            listed = sorted(wanted)
            for i in range(0, len(listed), _CHUNK):
                part = listed[i : i + _CHUNK]
                marks = ",".join("?" * len(part))
                for r in db.execute(f"SELECT * FROM captures WHERE url IN ({marks}) OR "
                                    f"final_url IN ({marks})", (*part, *part)):
                    row = _capture(r)
                    for u in {row.url, row.final_url} & wanted:
                        found[u].append((r["fetched_at"], r["id"], row))
        # (the order of ``rows``: capture time as stored, then the order rows were added)
        return {u: tuple(c for *_, c in sorted(rows, key=lambda t: (t[0], t[1])))
                for u, rows in found.items()}

    def by_digest(self, sha256: str) -> tuple[Capture, ...]:
        """Rows of every capture with this body (hex sha256), oldest first (kept, as ``rows``)."""
        return self._digests.get(sha256, lambda: self._read_by_digest(sha256))

    def _read_by_digest(self, sha256: str) -> tuple[Capture, ...]:
        with self.reading() as db:
            if db is None:
                return ()
            rows = db.execute("SELECT * FROM captures WHERE sha256 = ? ORDER BY fetched_at, id",
                              (sha256,))
            return tuple(_capture(r) for r in rows.fetchall())

    def version(self) -> int | None:
        """A number that changes whenever the index may have changed since it was last
        asked: a commit by this process or any other, the file replaced. What a process keeps
        of the index's answers (``memo``) holds while it stays the same. Below 0 while there
        is no index file: the empty answers hold until one is made, which another number
        says. None when the index is unusable (its readers say why, each time). Asked of
        SQLite each time (a query, but no rows to read or parse): a batch's worker processes
        write to one cache, and a capture one of them keeps must be what the others see
        next, not a page to fetch again."""
        steady = getattr(self._steady, "depth", 0)
        if steady and self._steady.asked is not None:
            # Inside ``steady``: SQLite was asked once at its start. This process's own
            # writes and reopened connections still bump ``_changes`` (under the lock).
            return self._changes if self._steady.asked >= 0 else -1 - self._changes
        if not self.path.exists():
            # A cluster's workers read a run's cache that has no index until the end: asked
            # dozens of times a document, each a miss and two more looks at the folder.
            # A file made later is opened (a change, so the number differs), and a change
            # made here meanwhile moves ``_changes`` too.
            if steady:
                self._steady.asked = -1 - self._changes
            return -1 - self._changes
        with self._lock:
            try:
                db = self._connection()
                # SQLite's count of commits by other connections (no file read).
                seen = db.execute("PRAGMA data_version").fetchone()[0]
            except (CacheError, sqlite3.DatabaseError):
                return None  # an unusable index: its readers say so
            if seen != self._data_version:
                self._data_version = seen
                self._changed()
            if steady:
                self._steady.asked = self._changes
            return self._changes

    def recheck(self) -> bool:
        """Inside ``steady``, ask SQLite again now (a page about to be fetched may have been
        stored by another process since): whether the index changed. False outside."""
        if not getattr(self._steady, "depth", 0):
            return False
        before = self._steady.asked
        self._steady.asked = None
        return self.version() != before

    @contextlib.contextmanager
    def steady(self) -> Iterator[None]:
        """A block (one document's check) in which this thread asks SQLite for the index's
        version once, at the first ``version``: what other processes commit meanwhile is
        seen by the next block, while this process's own writes are seen at once. A check
        asks the memo dozens of times; each asking SQLite cost more than the answer."""
        local = self._steady
        depth = getattr(local, "depth", 0)
        if depth == 0:
            local.asked = None
        local.depth = depth + 1
        try:
            yield
        finally:
            local.depth = depth

    def _changed(self) -> None:
        self._changes += 1  # (under the lock: every caller holds it)

    def check(self) -> None:
        """CacheError, saying how to repair it, when the index file is damaged (truncated,
        overwritten): found once, before a run, rather than by every page it would fail.
        Checked once per process while the file stays as it was (a check reads the whole
        file: a batch's documents would each pay for the size of the cache)."""
        if not self.path.exists():
            return
        file = _owner(self.path)
        if file in _CHECKED:
            return
        try:
            with self.reading() as db:
                if db is not None:
                    result = db.execute("PRAGMA quick_check(1)").fetchone()[0]
                    if result != "ok":
                        raise sqlite3.DatabaseError(result)
                    db.execute("SELECT count(*) FROM captures").fetchone()
        except (CacheError, sqlite3.DatabaseError) as exc:
            cause = exc.__cause__ or exc
            raise CacheError(f"the cache index {self.path} is damaged ({cause}); run "
                             f"'provenance cache verify --repair' to rebuild it from the "
                             f"capture files") from exc
        _CHECKED.add(file)

    def add(self, row: Capture) -> None:
        self.add_many([row])

    def add_many(self, rows: Iterable[Capture]) -> None:
        """Add these rows in one transaction."""
        with self.connect(write=True) as db:
            db.executemany(
                "INSERT INTO captures (url, final_url, fetched_at, status, content_type, sha256,"
                " length, origin, warc_file, warc_offset) VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(row.url, row.final_url, iso(row.fetched_at), row.status, row.content_type,
                  row.sha256, row.length, str(row.origin), row.warc_file, row.warc_offset)
                 for row in rows])

    def set_aside(self) -> None:
        """Rename the index file (and SQLite's files beside it) out of the way, so a new one
        is made; the old one is kept, in case it holds what the capture files do not."""
        if not self.path.exists():
            return
        self.close()
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        for suffix in ("", "-journal", "-wal", "-shm"):
            old = self.path.with_name(INDEX + suffix)
            if old.exists():
                os.replace(old, self.path.with_name(f"{INDEX}{suffix}.replaced-{stamp}"))

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection | None]:
        """The connection to read with; None when there is no index yet, or only the empty
        file a failed first write left."""
        if not self.path.exists():
            yield None
            return
        with self.connect() as db:
            if not self._made:
                self._made = _has_schema(db)
            yield db if self._made else None

    @contextlib.contextmanager
    def connect(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """The process's connection, held by this thread until the block ends; with
        ``write``, in a transaction committed on leaving and with the tables made first.
        CacheError when the index cannot be used."""
        path = self.path
        with self._lock:
            if write:
                self.root.mkdir(parents=True, exist_ok=True)
            db = self._connection()
            try:
                if write:
                    if not self._wal:
                        # Set by the first write, not on opening: a run that only reads
                        # (the shipped example, offline) leaves the file as it was.
                        with contextlib.suppress(sqlite3.OperationalError):
                            db.execute("PRAGMA journal_mode = WAL")
                        self._wal = True
                    db.execute("BEGIN IMMEDIATE")
                    # What is read inside the write sees it before it is committed (or
                    # rolled back): kept answers are taken for another version, on both sides.
                    self._changed()
                    # Made (IF NOT EXISTS) on this connection's first write, even when a read
                    # found the index: one from before a table was added lacks that table.
                    if not self._tables_made:
                        for stmt in filter(str.strip, _SCHEMA.split(";")):
                            db.execute(stmt)
                        db.execute("INSERT OR IGNORE INTO meta (key, value)"
                                   " VALUES ('format', ?)", (str(FORMAT),))
                yield db
                if write:
                    db.execute("COMMIT")
                    # The log written back at once: the index file alone is always whole,
                    # as with a rollback journal (copied, or damaged between runs, it says
                    # so itself); readers still never wait for the write.
                    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                    self._made = self._tables_made = True
                    self._written()
            except sqlite3.DatabaseError as exc:
                if db.in_transaction:
                    db.rollback()
                self.close()  # a damaged or replaced file: open it afresh next time
                raise CacheError(f"the cache index {path} is unusable: {exc}") from exc
            except BaseException:
                if db.in_transaction:
                    db.rollback()
                raise
            finally:
                if write:
                    self._changed()

    def close(self) -> None:
        """Close this process's connection (the next use opens one again)."""
        with self._lock:
            if self._db is not None and self._owner[0] == os.getpid():
                self._db.close()
            self._db, self._made = None, False
            self._changed()  # (a file set aside, replaced or written back)

    def _connection(self) -> sqlite3.Connection:
        owner = _owner(self.path)
        if self._db is not None and owner == self._owner:
            return self._db
        if self._db is not None:
            if self._owner[0] != owner[0]:
                _INHERITED.append(self._db)
                self._db, self._made = None, False
            else:
                self.close()
        try:
            db = sqlite3.connect(self.path, timeout=_BUSY_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot open the cache index {self.path}: {exc}") from exc
        try:
            db.row_factory = sqlite3.Row
            db.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            db.execute("PRAGMA synchronous = FULL")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise CacheError(f"the cache index {self.path} is unusable: {exc}") from exc
        self.connects += 1
        self._changed()  # another file, or the same one read afresh
        self._data_version = -1
        self._db, self._owner, self._wal, self._tables_made = db, owner, False, False
        return db

    def _written(self) -> None:
        # This connection's own writes (and the file it made) are not a change to open for.
        self._owner = _owner(self.path)


def _owner(path: Path) -> tuple[int, ...]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (os.getpid(),)
    return (os.getpid(), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _has_schema(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                      " AND name IN ('captures', 'texts')").fetchone()[0] == 2


def _capture(row: sqlite3.Row) -> Capture:
    return Capture(
        url=row["url"], final_url=row["final_url"],
        fetched_at=dt.datetime.fromisoformat(row["fetched_at"]), status=row["status"],
        content_type=row["content_type"], sha256=row["sha256"], length=row["length"],
        origin=Origin(row["origin"]), warc_file=row["warc_file"],
        warc_offset=row["warc_offset"])


def utc(when: dt.datetime) -> dt.datetime:
    # A naive time is taken to be UTC already (Snapshot.fetched_at is documented as UTC).
    return when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)


def iso(when: dt.datetime) -> str:
    """The index's form of a capture time: ISO 8601 UTC, to the microsecond."""
    return utc(when).isoformat(timespec="microseconds")

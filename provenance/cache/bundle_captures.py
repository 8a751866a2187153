"""The capture files a bundle holds: found from a report's manifest, each read once from the
cache, the reading of every one of them from the disk started at once, and indexed as CDXJ."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from provenance.cache.cdxj import CdxjIndex
from provenance.cache.index import Capture
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.errors import ProvenanceError

__all__ = ["CaptureFiles", "ReadAhead", "read_file"]

_WILLNEED = getattr(os, "POSIX_FADV_WILLNEED", None)  # not on every system (macOS)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends
# Files kept open from their reading ahead to their reading (an open and a close saved
# each); past these, each is opened again when read, well within a process's limit.
_KEEP_OPEN = 256


class CaptureFiles:
    """The cache's WARC files (relative paths) behind a manifest's captures, in order, each
    with its index row and size; each file's reading from the disk starts when it is found,
    so the kernel reads them all ahead at once while the bundle is written, rather than one
    after the other as each is reached. Close it (or use it in ``with``) when done."""

    def __init__(self, cache: SnapshotCache, captures: list[dict[str, Any]]) -> None:
        self._cache, self._root = cache, str(cache.root)
        self.rows: dict[str, Capture] = {}
        self.sizes: dict[str, int] = {}
        self._open: dict[str, int] = {}
        try:
            # The manifest names each capture's file: their reading starts before the
            # cache's index is asked for their rows, a query the disk's reading then hides.
            # Advice only: which file is read is the index's to say, and a file that is not
            # there is reported below, when its row is.
            for c in captures:
                rel = str(c.get("warc") or "").partition("#")[0]
                if (rel and rel not in self.sizes and not os.path.isabs(rel)
                        and ".." not in _parts(rel)):
                    with contextlib.suppress(ProvenanceError):
                        self._ahead(rel, str(c.get("url", "")))
            indexed = cache.index_of({str(c.get("url", "")) for c in captures})
            for c in captures:
                url, warc, digest = str(c.get("url", "")), c.get("warc"), c.get("sha256")
                # The latest of the URL's rows with the capture's body (and file, if named).
                row = next((r for r in reversed(indexed.get(url, ()))
                            if r.sha256 == digest and (not warc or r.warc == warc)), None)
                if row is None:
                    raise ProvenanceError(f"{url}: the capture the report used "
                                          f"({warc or digest}) is not in the cache "
                                          f"{cache.root}")
                if row.warc_file not in self.rows:
                    self._ahead(row.warc_file, row.url)
                    self.rows[row.warc_file] = row
        except BaseException:
            self.close()
            raise

    @property
    def size(self) -> int:
        """The bytes of the files found for the manifest's captures."""
        return sum(self.sizes[rel] for rel in self.rows)

    def _ahead(self, rel: str, url: str) -> None:
        """Find the size of the file ``rel`` (the capture of ``url``) and start its reading
        from the disk, unless that is done."""
        if rel in self.sizes:
            return
        try:  # (the error's text made only when there is one: this is done for every file)
            fd = os.open(os.path.join(self._root, rel), os.O_RDONLY)
        except OSError as exc:
            raise ProvenanceError(f"{url}: the capture file {rel} is missing from the cache "
                                  f"{self._root}") from exc
        try:
            if _WILLNEED is not None:
                with contextlib.suppress(OSError):  # advice only: a file system may refuse it
                    os.posix_fadvise(fd, 0, 0, _WILLNEED)
            # Its size without a stat result made (20 fields, for one): read with pread below.
            self.sizes[rel] = os.lseek(fd, 0, os.SEEK_END)
        except OSError as exc:
            os.close(fd)
            raise self._unreadable(rel, exc) from exc
        if len(self._open) < _KEEP_OPEN:
            self._open[rel] = fd
        else:
            os.close(fd)

    def _unreadable(self, rel: str, exc: OSError) -> ProvenanceError:
        return ProvenanceError(f"the capture file {rel} cannot be read from the cache "
                               f"{self._root} ({exc.strerror})")

    def read(self, rel: str) -> bytes:
        """The bytes of the file ``rel``, in one read of the size found (without a buffered
        file object around it: thousands of small files)."""
        fd = self._open.pop(rel, None)
        if fd is None:
            try:
                fd = os.open(os.path.join(self._root, rel), os.O_RDONLY)
            except OSError as exc:
                raise self._unreadable(rel, exc) from exc
        try:
            return _read_all(fd, self.sizes[rel])
        except OSError as exc:
            raise self._unreadable(rel, exc) from exc
        finally:
            os.close(fd)

    def add_to(self, add: Callable[[str, bytes], None], index: CdxjIndex) -> int:
        """Add each capture file to the bundle (``add``) and ``index``, each read once; a
        revisit brings the capture it confirmed, just before it. Returns the files added."""
        done: set[str] = set()
        for rel, row in self.rows.items():
            if rel in done:
                continue
            data = self.read(rel)
            name = rel.rpartition("/")[2]
            # Indexing reads the record's first bytes, which tell most records from a
            # revisit (the cache reads the whole record only when they do not). The capture
            # a revisit confirmed goes before it in the bundle.
            if index.add(name, data, row) in (None, "revisit"):
                try:
                    earlier = self._cache.confirmed(row)
                except DamagedEntry as exc:
                    raise ProvenanceError(str(exc)) from exc
                if earlier is not None and earlier.warc_file not in done:
                    self._ahead(earlier.warc_file, earlier.url)
                    confirmed = self.read(earlier.warc_file)
                    add(f"archive/{Path(earlier.warc_file).name}", confirmed)
                    index.add(Path(earlier.warc_file).name, confirmed, earlier)
                    done.add(earlier.warc_file)
            add(f"archive/{name}", data)
            done.add(rel)
        return len(done)

    def close(self) -> None:
        while self._open:
            os.close(self._open.popitem()[1])

    def __enter__(self) -> CaptureFiles:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ReadAhead:
    """Files read later (a report's siblings, its document), their reading from the disk
    started now, each kept open till then: ``read`` gives their bytes. Advice only: a path
    that is not there, or a system without the advice, is passed over. Close it (or use it in
    ``with``) when done."""

    def __init__(self, paths: Iterable[Path]) -> None:
        # Keyed by the path's text: hashing a Path object is slower than the rest.
        self._open: dict[str, int | None] = {}  # None: nothing there a moment ago
        self._read: dict[str, bytes | None] = {}  # read: the document may be a sibling
        for path in map(os.fspath, paths):
            if path in self._open:
                continue
            # A report without an HTML form is common: asked without an exception (raising
            # and catching one took longer than the open).
            if not os.access(path, os.F_OK):
                self._open[path] = None
                continue
            try:
                # Not blocked by a named pipe (refused when read); a regular file ignores it.
                fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
            except (FileNotFoundError, NotADirectoryError):
                self._open[path] = None
                continue
            except OSError:  # read again when asked, to say why it cannot be
                continue
            self._open[path] = fd
            if _WILLNEED is not None:
                with contextlib.suppress(OSError):
                    os.posix_fadvise(fd, 0, 0, _WILLNEED)

    def read(self, path: Path) -> bytes | None:
        """``read_file(path)``, from the file opened ahead when it was (once)."""
        key = os.fspath(path)
        if key in self._read:
            return self._read[key]
        if key not in self._open:
            return read_file(path)
        fd = self._open.pop(key)
        try:
            data = None if fd is None else _read_regular(fd)
        finally:
            if fd is not None:
                os.close(fd)
        self._read[key] = data
        return data

    def close(self) -> None:
        for fd in self._open.values():
            if fd is not None:
                os.close(fd)
        self._open.clear()
        self._read.clear()

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_file(path: Path) -> bytes | None:
    """The bytes of the regular file at ``path``; None when there is none there (nothing,
    or a folder, a pipe ...). In one read of the size it has, without a buffered file
    object around it (most of the time it took to read a small file)."""
    try:
        # Not blocked by a named pipe (refused below); a regular file ignores O_NONBLOCK.
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _BINARY)
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    try:
        return _read_regular(fd)
    finally:
        os.close(fd)


def _read_regular(fd: int) -> bytes | None:
    """The bytes of ``fd`` when it is a regular file; None when it is not (a folder ...)."""
    st = os.fstat(fd)
    return _read_all(fd, st.st_size) if stat.S_ISREG(st.st_mode) else None


def _read_all(fd: int, size: int) -> bytes:
    """The bytes of the open file ``fd`` (wherever its offset is), expected to be ``size``
    bytes long."""
    data = os.pread(fd, size + 1, 0)
    if len(data) != size:  # it grew or shrank since: read to its end
        chunks, at = [data], len(data)
        while chunk := os.pread(fd, 1 << 20, at):
            chunks.append(chunk)
            at += len(chunk)
        data = b"".join(chunks)
    return data


def _parts(rel: str) -> list[str]:
    """The steps of a relative path, split at either separator (as a Windows path is)."""
    return rel.replace("\\", "/").split("/")

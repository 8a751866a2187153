"""A bundle's ZIP file written one way only, so that a change to any byte of it shows.

The hashes in ``datapackage.json`` cover what each member holds, and the digest (and its
signature) covers ``datapackage.json``; the ZIP's own framing (each member's header, the
central directory, the end record) is covered by nothing. So a bundle is written in one
canonical form: every member stored (not deflated: a deflate stream can change in bits that
inflate ignores), at a fixed time, with fixed attributes, no extra fields or comments, one
member after the other from the first byte to the end record. ``framing_problems`` checks a
ZIP is exactly that, field by field: with the member hashes, every byte of the file is then
accounted for.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["CanonicalZip", "StoredMembers", "canonical_info", "framing_problems"]

TIME = (1980, 1, 1, 0, 0, 0)  # the ZIP epoch: a bundle's time is in datapackage.json
ATTR = 0o100644 << 16  # a regular file, rw-r--r--
_UNIX = 3
_VERSION = 20  # 2.0: what a stored member without ZIP64 needs
_END = struct.Struct("<4s4H2LH")  # the end of central directory record
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # a member's local header, before its name
_DOS_TIME, _DOS_DATE = 0, 1 << 5 | 1  # TIME in the MS-DOS form: 00:00:00, 1980-01-01
_BUFFER = 1 << 20  # the bytes of members kept waiting before they are written
# Pieces (a header, a member's bytes) one writev takes at most: IOV_MAX, 1024 on Linux and
# the BSDs (macOS), which a directory of many members would pass.
_PIECES = 1024
_writev = getattr(os, "writev", None)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise translate line ends
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # a central directory entry, before its name


def canonical_info(name: str) -> zipfile.ZipInfo:
    """The ZipInfo a bundle member is written with."""
    info = zipfile.ZipInfo(name, date_time=TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = _UNIX
    info.external_attr = ATTR
    return info


class CanonicalZip:
    """A bundle's ZIP, written member after member in the canonical form.

    Written here, byte for byte as zipfile's ``writestr`` of a ``canonical_info`` member
    writes it (a test compares the two), rather than by zipfile: zipfile writes a member's
    header before its data with the size and CRC still unknown, then seeks back to write
    them, and makes a ZipInfo and packs its fields in Python for each member and again for
    the directory. The data is in hand here, so each header is packed once, right. The
    members' bytes are not copied into a file buffer either: they are kept (by reference)
    until about a megabyte is waiting, then handed to the kernel in one ``writev``, so a
    bundle of small files is a few writes, without a buffer of a megabyte to allocate and
    fill for each bundle (a copy of every byte, and a page fault every 4 KB).
    """

    def __init__(self, path: Path) -> None:
        # Created as open() creates a file (0666 less the umask); not inheritable (PEP 446).
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, 0o666)
        self._central: list[bytes] = []
        self._pending: list[bytes] = []  # written, in order, when _BUFFER bytes are waiting
        self._waiting = 0
        self._pos = 0
        self._closed = False

    def add(self, name: str, data: bytes) -> None:
        encoded = name.encode("ascii")  # bundle names are ASCII (no UTF-8 flag in the form)
        crc, size = zlib.crc32(data), len(data)
        head = _LOCAL.pack(b"PK\003\004", _VERSION, 0, 0, zipfile.ZIP_STORED, _DOS_TIME,
                           _DOS_DATE, crc, size, size, len(encoded), 0)
        self._central.append(_CENTRAL.pack(
            b"PK\001\002", _VERSION, _UNIX, _VERSION, 0, 0, zipfile.ZIP_STORED, _DOS_TIME,
            _DOS_DATE, crc, size, size, len(encoded), 0, 0, 0, 0, ATTR, self._pos) + encoded)
        self._pending += (head + encoded, bytes(data))  # bytes(): a bytes object is not copied
        self._pos += len(head) + len(encoded) + size
        self._waiting += size
        if self._waiting >= _BUFFER or len(self._pending) >= _PIECES:
            self._flush()

    def _flush(self) -> None:
        _write_all(self._fd, self._pending)
        self._pending, self._waiting = [], 0

    @property
    def size(self) -> int:
        """The bytes of the file once closed."""
        return self._pos + sum(map(len, self._central)) + _END.size

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            central = b"".join(self._central)
            self._pending += (central, _END.pack(b"PK\005\006", 0, 0, len(self._central),
                                                 len(self._central), len(central), self._pos,
                                                 0))
            self._flush()
        finally:
            os.close(self._fd)

    def __enter__(self) -> CanonicalZip:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        elif not self._closed:  # a file that will be thrown away: no directory written for it
            self._closed = True
            os.close(self._fd)


def _write_all(fd: int, pieces: list[bytes],
               writev: Callable[[int, list[bytes | memoryview]], int] | None = _writev) -> None:
    """Write ``pieces`` to ``fd`` one after the other, in as few calls as the system takes
    (``writev``: os.writev where there is one)."""
    todo: list[bytes | memoryview] = [b"".join(pieces)] if writev is None else [*pieces]
    start = 0
    while start < len(todo):
        batch = todo[start:start + _PIECES]
        done = writev(fd, batch) if writev is not None else os.write(fd, batch[0])
        # A regular file takes it all at once; a short write (a full disk, a signal) is
        # resumed where it stopped.
        for piece in batch:
            if done < len(piece):
                todo[start] = memoryview(piece)[done:]
                break
            done -= len(piece)
            start += 1


def framing_problems(path: Path, wacz: zipfile.ZipFile) -> list[str]:
    """What in the ZIP at ``path`` is not as ``canonical_info`` members written in order
    make it; empty when every byte outside the members' data is as written."""
    problems: list[str] = []
    infos = sorted(wacz.infolist(), key=lambda i: i.header_offset)
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        problems.append("the ZIP names a member twice")
    pos = 0
    # Read from a map of the file: a seek and a read for each member's header would each
    # fill a buffer, for a few dozen bytes.
    with path.open("rb") as fh, _mapped(fh) as data:
        for info in infos:
            problems += _member_problems(data, info, pos)
            pos = info.header_offset + 30 + len(info.orig_filename.encode()) + \
                info.compress_size
        # The directory is compared as bytes: zipfile reads it leniently (a name or extra
        # field length that runs past the directory's end is cut short, not refused).
        central = b"".join(_central_entry(i) for i in infos)
        rest = bytes(data[pos:])
    end = _END.pack(b"PK\005\006", 0, 0, len(infos), len(infos), len(central), pos, 0)
    if rest != central + end:
        problems.append("the ZIP's directory or end record is not as written "
                        "(bytes changed, added or removed)")
    return problems


def _central_entry(info: zipfile.ZipInfo) -> bytes:
    name = info.orig_filename.encode()
    y, mo, d, h, mi, sec = info.date_time
    return _CENTRAL.pack(b"PK\001\002", info.create_version, info.create_system,
                         info.extract_version, info.reserved, info.flag_bits,
                         info.compress_type, h << 11 | mi << 5 | sec // 2,
                         (y - 1980) << 9 | mo << 5 | d, info.CRC, info.compress_size,
                         info.file_size, len(name), len(info.extra), len(info.comment),
                         info.volume, info.internal_attr, info.external_attr,
                         info.header_offset) + name + info.extra + info.comment


def _mapped(fh: BinaryIO) -> mmap.mmap | memoryview:
    """The open file mapped; its bytes read, on a file system that cannot map it."""
    try:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return memoryview(fh.read())


def _member_problems(data: mmap.mmap | memoryview, info: zipfile.ZipInfo,
                     pos: int) -> list[str]:
    name = info.filename
    if info.header_offset != pos:
        return [f"{name}: bytes before it in the ZIP that belong to no member"]
    canonical = (info.compress_type == zipfile.ZIP_STORED and info.date_time == TIME
                 and info.external_attr == ATTR and info.internal_attr == 0
                 and info.create_system == _UNIX and info.create_version == _VERSION
                 and info.extract_version == _VERSION and info.reserved == 0
                 and info.flag_bits == 0 and info.volume == 0
                 and not info.extra and not info.comment)
    if not canonical:
        return [f"{name}: its ZIP directory entry is not as written (a field was changed)"]
    expected = info.FileHeader(False)
    if data[pos:pos + len(expected)] != expected:
        return [f"{name}: its ZIP header is not as written (a field was changed)"]
    return []


class StoredMembers:
    """The members of a ZIP in the canonical form (one ``framing_problems`` found nothing
    wrong with), hashed where they lie in the file: each is stored, right after its header,
    so its bytes are a slice of a map of the file. zipfile would parse each local header
    again and copy the bytes through a file object: most of the time verifying a bundle of
    small captures takes. The CRC-32 is checked as zipfile checks it."""

    def __init__(self, path: Path, wacz: zipfile.ZipFile) -> None:
        self._infos = {i.filename: i for i in wacz.infolist()}
        with path.open("rb") as fh:  # the map stays valid once the file is closed
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)

    def sha256(self, name: str) -> tuple[str, int] | None:
        """The sha256 (hex) and size of the member ``name``; None when there is none.
        ValueError when its bytes do not hold their CRC-32."""
        info = self._infos.get(name)
        if info is None:
            return None
        start = info.header_offset + 30 + len(info.orig_filename.encode())
        with memoryview(self._map)[start:start + info.file_size] as data:
            if len(data) != info.file_size or zlib.crc32(data) != info.CRC:
                raise ValueError(f"Bad CRC-32 for file {name!r}")
            return hashlib.sha256(data).hexdigest(), info.file_size

    def close(self) -> None:
        self._map.close()

    def __enter__(self) -> StoredMembers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

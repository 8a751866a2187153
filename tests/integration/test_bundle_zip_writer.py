"""A bundle's ZIP is written by ``CanonicalZip`` itself, and is byte for byte the file
zipfile writes for the same members in the canonical form; a write that fails part way leaves
no directory that would make the file look whole."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from provenance.cache.zip_framing import (
    CanonicalZip,
    _write_all,
    canonical_info,
    framing_problems,
)

MEMBERS = [
    ("archive/synthetic-0.warc.gz", os.urandom(40_000)),
    ("archive/synthetic-empty.warc.gz", b""),
    ("indexes/index.cdx", b"synthetic index line\n" * 30),
    ("pages/pages.jsonl", b'{"format": "json-pages-1.0", "title": "synthetic"}\n'),
    ("report/story.json", b"{}"),
    ("document/story-with-a-longer-name.md", "A synthetic “document”.\n".encode()),
    ("datapackage.json", b"{}"),
]


def _both(tmp_path: Path, members: list[tuple[str, bytes]]) -> Path:
    """``members`` written by the writer and by zipfile: the writer's file, once the two
    are checked to be the same bytes and the writer's size to be the file's."""
    ours, theirs = tmp_path / "ours.zip", tmp_path / "theirs.zip"
    with CanonicalZip(ours) as wacz:
        for name, data in members:
            wacz.add(name, data)
    with zipfile.ZipFile(theirs, "w") as zf:
        for name, data in members:
            zf.writestr(canonical_info(name), data)
    assert ours.read_bytes() == theirs.read_bytes()
    assert wacz.size == ours.stat().st_size
    return ours


def test_the_writer_writes_the_bytes_zipfile_writes(tmp_path: Path) -> None:
    ours = _both(tmp_path, MEMBERS)
    with zipfile.ZipFile(ours) as zf:
        assert framing_problems(ours, zf) == []
        assert zf.testzip() is None
        assert [(i.filename, zf.read(i)) for i in zf.infolist()] == MEMBERS


def test_an_empty_zip_is_zipfiles_empty_zip(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.zip", tmp_path / "theirs.zip"
    with CanonicalZip(ours) as wacz:
        pass
    zipfile.ZipFile(theirs, "w").close()
    assert ours.read_bytes() == theirs.read_bytes()
    assert wacz.size == 22


def test_a_write_that_fails_part_way_writes_no_directory(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    with pytest.raises(RuntimeError), CanonicalZip(path) as wacz:
        wacz.add(*MEMBERS[0])
        raise RuntimeError("synthetic: the write stopped here")
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(path)


def test_many_members_past_one_write_are_the_bytes_zipfile_writes(tmp_path: Path) -> None:
    # More pieces than one writev takes (1,024) and more bytes than are kept waiting (1 MB).
    members = [(f"archive/synthetic-{n}.warc.gz", os.urandom(n % 7 * 700)) for n in range(700)]
    members.append(("archive/synthetic-large.warc.gz", os.urandom(3 << 20)))
    _both(tmp_path, members)


def test_a_short_write_is_resumed_where_it_stopped(tmp_path: Path) -> None:
    # A writer that takes at most 1,000 bytes a call, as a full disk or a signal can make a
    # real write take part of what it is given: every byte still lands once, in order.
    calls = []

    def short_writev(fd: int, pieces: list[bytes | memoryview]) -> int:
        calls.append(len(pieces))
        return os.write(fd, b"".join(pieces)[:1000])

    pieces = [os.urandom(n * 300) for n in range(12)]
    assert _written(tmp_path / "short.bin", pieces, short_writev) == b"".join(pieces)
    assert len(calls) == -(-sum(map(len, pieces)) // 1000)


def test_without_writev_the_pieces_are_written_joined(tmp_path: Path) -> None:
    # As on a system without writev (Windows): one write of the pieces joined.
    pieces = [os.urandom(n * 100) for n in range(5)]
    assert _written(tmp_path / "joined.bin", pieces, None) == b"".join(pieces)


def _written(path: Path, pieces: list[bytes], writev: Any) -> bytes:
    """What ``_write_all`` leaves in a new file at ``path`` with this ``writev``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write_all(fd, pieces, writev)
    finally:
        os.close(fd)
    return path.read_bytes()

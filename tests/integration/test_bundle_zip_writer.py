"""A bundle's ZIP is written by ``CanonicalZip`` itself, and is byte for byte the file
zipfile writes for the same members in the canonical form; a write that fails part way leaves
no directory that would make the file look whole."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from provenance.cache.zip_framing import CanonicalZip, canonical_info, framing_problems

MEMBERS = [
    ("archive/synthetic-0.warc.gz", os.urandom(40_000)),
    ("archive/synthetic-empty.warc.gz", b""),
    ("indexes/index.cdx", b"synthetic index line\n" * 30),
    ("pages/pages.jsonl", b'{"format": "json-pages-1.0", "title": "synthetic"}\n'),
    ("report/story.json", b"{}"),
    ("document/story-with-a-longer-name.md", "A synthetic “document”.\n".encode()),
    ("datapackage.json", b"{}"),
]


def test_the_writer_writes_the_bytes_zipfile_writes(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.zip", tmp_path / "theirs.zip"
    with CanonicalZip(ours) as wacz:
        for name, data in MEMBERS:
            wacz.add(name, data)
    with zipfile.ZipFile(theirs, "w") as zf:
        for name, data in MEMBERS:
            zf.writestr(canonical_info(name), data)
    assert ours.read_bytes() == theirs.read_bytes()
    assert wacz.size == ours.stat().st_size
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

"""Verifying hashes a bundle's members where they lie in the file (a map of it); on a file
system that cannot map the file it reads them as before, and the two find the same: nothing
in an intact bundle, and the same problems wherever a byte is changed."""

from __future__ import annotations

import mmap
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.bundle import verify_bundle
from tests.integration.test_bundle import bundle, checked

pytest.importorskip("cdxj_indexer")


def _unmapped(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    def refuse(*args: object, **kwargs: object) -> mmap.mmap:
        raise OSError("synthetic: this file system cannot map files")

    with monkeypatch.context() as patch:
        patch.setattr(mmap, "mmap", refuse)
        return verify_bundle(path).problems


def test_mapped_or_not_verify_finds_the_same(tmp_path: Path, httpserver: HTTPServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    intact = out.read_bytes()
    assert verify_bundle(out).problems == [] == _unmapped(out, monkeypatch)
    # A byte changed in the first member's header, in capture data, in the index, the
    # report, the datapackage and the ZIP directory at the end.
    for at in (10, 200, len(intact) // 3, len(intact) // 2, 2 * len(intact) // 3,
               len(intact) - 300, len(intact) - 10):
        changed = bytearray(intact)
        changed[at] ^= 0x01
        out.write_bytes(bytes(changed))
        mapped = verify_bundle(out).problems
        assert mapped, at
        assert mapped == _unmapped(out, monkeypatch), at

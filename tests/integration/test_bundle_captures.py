"""The capture files of a bundle are read from the descriptors their reading ahead opened, up
to a limit, and opened again past it: the same bundle either way, and no descriptor left open
when the bundle is written or refused."""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from pathlib import Path

import pytest

from bench.bundle_corpus import make_run
from provenance.cache import bundle_captures
from provenance.cache.bundle import write_bundle
from provenance.cache.store import SnapshotCache
from provenance.errors import ProvenanceError

pytest.importorskip("cdxj_indexer")

WHEN = dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC)


def cached_report(tmp_path: Path, count: int) -> tuple[SnapshotCache, Path]:
    """A cache of ``count`` synthetic pages, the document and a report naming them all."""
    cache, report, _ = make_run(tmp_path, count, 1, document="A synthetic document.\n")
    return cache, report


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as wacz:  # all but the package (its time differs)
        return {n: wacz.read(n) for n in wacz.namelist() if not n.startswith("datapackage")}


def open_fds(root: Path) -> list[str]:
    """The files under ``root`` this process holds open: those of the test's cache and
    bundles (a count of every descriptor would also move as an earlier test's garbage is
    collected and its files closed)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # (the listing's own descriptor, closed by now)
            continue
        if target.startswith(str(root.resolve()) + os.sep):
            found.append(target)
    return sorted(found)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_files_past_the_open_limit_are_opened_again_and_none_stays_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache, report = cached_report(tmp_path, 6)
    before = open_fds(tmp_path)
    write_bundle(cache, report, tmp_path / "kept-open.wacz")
    monkeypatch.setattr(bundle_captures, "_KEEP_OPEN", 2)
    write_bundle(cache, report, tmp_path / "opened-again.wacz")
    assert open_fds(tmp_path) == before
    kept, again = members(tmp_path / "kept-open.wacz"), members(tmp_path / "opened-again.wacz")
    assert kept == again
    assert sum(name.startswith("archive/") for name in kept) == 6

    # A capture file past the limit gone after its reading ahead began (a file kept open
    # would still be read), or the last capture not in the cache once the others are open:
    # refused, nothing left open or behind.
    data = json.loads(report.read_text(encoding="utf-8"))
    last = data["manifest"]["captures"][-1]
    gone = cache.root / last["warc"].split("#")[0]
    real_ahead = bundle_captures.CaptureFiles._ahead

    def ahead_then_lose_it(self: bundle_captures.CaptureFiles, rel: str, url: str) -> None:
        real_ahead(self, rel, url)
        if len(self.sizes) == 6 and gone.exists():
            gone.rename(gone.with_suffix(".moved"))

    with monkeypatch.context() as patch:
        patch.setattr(bundle_captures.CaptureFiles, "_ahead", ahead_then_lose_it)
        with pytest.raises(ProvenanceError, match="cannot be read from the cache"):
            write_bundle(cache, report, tmp_path / "refused.wacz")
    assert open_fds(tmp_path) == before
    gone.with_suffix(".moved").rename(gone)
    monkeypatch.undo()  # every file kept open again
    last["sha256"] = "0" * 64
    report.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ProvenanceError, match="is not in the cache"):
        write_bundle(cache, report, tmp_path / "refused.wacz")
    assert open_fds(tmp_path) == before
    assert not list(tmp_path.glob("*refused*"))


def test_the_files_read_ahead_are_read_once_each_and_what_is_not_a_file_is_not_read(
        tmp_path: Path) -> None:
    # The document read ahead as the report's Markdown sibling too; a named pipe (its open
    # would wait for a writer), a folder and a missing path are none of the files.
    doc, rewritten = tmp_path / "story.md", tmp_path / "rewritten.txt"
    doc.write_bytes(b"A synthetic document.\n")
    rewritten.write_bytes(b"synthetic")
    pipe, folder = tmp_path / "story.html", tmp_path / "folder"
    os.mkfifo(pipe)
    folder.mkdir()
    paths = [doc, pipe, folder, tmp_path / "missing.md", doc, rewritten]
    before = open_fds(tmp_path) if Path("/proc/self/fd").is_dir() else None
    with bundle_captures.ReadAhead(paths) as ahead:
        rewritten.write_bytes(b"synthetic, written again after its reading began")
        assert ahead.read(doc) == ahead.read(doc) == b"A synthetic document.\n"
        assert ahead.read(pipe) is None
        assert ahead.read(folder) is None
        assert ahead.read(tmp_path / "missing.md") is None
        assert ahead.read(rewritten) == b"synthetic, written again after its reading began"
        assert ahead.read(tmp_path / "not-read-ahead.md") is None
    if before is not None:
        assert open_fds(tmp_path) == before
    assert bundle_captures.read_file(doc) == b"A synthetic document.\n"
    assert bundle_captures.read_file(pipe) is None
    assert bundle_captures.read_file(folder) is None


def test_a_bundle_holds_the_document_that_is_also_the_reports_markdown(tmp_path: Path) -> None:
    cache, report = cached_report(tmp_path, 2)
    written = write_bundle(cache, report, tmp_path / "run.wacz")
    held = members(written.path)
    assert held["report/story.md"] == held["document/story.md"] == b"A synthetic document.\n"
    assert held["report/story.json"] == report.read_bytes()


def test_a_file_read_whole_whatever_its_size_was_and_wherever_its_offset_is(
        tmp_path: Path) -> None:
    # The size found when its reading began may be out of date by the time it is read.
    path = tmp_path / "synthetic.warc.gz"
    data = os.urandom(3 << 20)  # past one read's megabyte
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.lseek(fd, 0, os.SEEK_END)  # where finding its size left it
        for size in (len(data), 10, len(data) + 10, 0):
            assert bundle_captures._read_all(fd, size) == data
    finally:
        os.close(fd)

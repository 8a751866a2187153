"""Report files are written whole or not at all; a re-run's, inside ``spare_files``, by
swapping names with one spare file a folder rather than making a file each."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provenance.report import whole_files
from provenance.report.whole_files import replace_file, spare_files


def _write(path: Path, text: str) -> Path:
    return replace_file(path, lambda stream: stream.write(text))


def _spares(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".provenance-spare"))


def _swaps(folder: Path) -> bool:
    """Whether this file system swaps names (tmpfs, ext4, XFS, Btrfs do)."""
    probe = folder / "probe"
    probe.write_text("0")
    with spare_files():
        _write(probe, "1")
    probe.unlink()
    return whole_files._RENAME is not None


def test_a_rewritten_report_takes_the_old_ones_file_and_makes_none(tmp_path: Path) -> None:
    if not _swaps(tmp_path):
        pytest.skip("this file system cannot swap two names at once")
    report = tmp_path / "story.md"
    _write(report, "first run")
    first = report.stat().st_ino
    seen = []
    with spare_files():
        for k in range(4):
            _write(report, f"run {k}")
            assert report.read_text() == f"run {k}"
            seen.append(report.stat().st_ino)
            assert len(_spares(tmp_path)) == 1  # the old report, kept to be written over
    # Two files in all, taking turns: the first run's and one spare made by the block.
    assert seen[1] == seen[3] == first and seen[0] == seen[2] != first
    assert _spares(tmp_path) == []  # removed when the block ends
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.md"]


def test_a_new_report_and_one_outside_a_block_are_moved_into_place(tmp_path: Path) -> None:
    with spare_files():
        _write(tmp_path / "new.md", "new")
    _write(tmp_path / "new.md", "again")
    assert (tmp_path / "new.md").read_text() == "again"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.md"]


def test_a_report_that_fails_midway_leaves_the_old_one_and_no_spare(tmp_path: Path) -> None:
    report = tmp_path / "story.json"
    _write(report, "whole")

    def broken(stream: object) -> None:
        stream.write("half")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with spare_files():
        _write(report, "second")
        with pytest.raises(OSError):
            replace_file(report, broken)
        assert report.read_text() == "second"
        _write(report, "third")
    assert report.read_text() == "third"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["story.json"]


def test_a_folder_in_a_reports_place_is_not_swapped_away(tmp_path: Path) -> None:
    (tmp_path / "story.md").mkdir()
    with spare_files(), pytest.raises(OSError):
        _write(tmp_path / "story.md", "text")
    assert (tmp_path / "story.md").is_dir()
    assert _spares(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")
def test_a_process_forked_inside_a_block_does_not_share_its_spares(tmp_path: Path) -> None:
    report = tmp_path / "story.md"
    _write(report, "old")
    with spare_files():
        _write(report, "parent")
        pid = os.fork()
        if pid == 0:  # the child: no spare of the parent's, and its own writes whole
            ok = not whole_files._spares().by_folder
            try:
                _write(tmp_path / "child.md", "child")
            except BaseException:
                ok = False
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        _write(report, "parent again")
    assert os.waitstatus_to_exitcode(status) == 0
    assert report.read_text() == "parent again"
    assert (tmp_path / "child.md").read_text() == "child"

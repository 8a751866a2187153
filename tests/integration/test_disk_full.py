"""A full disk, or a folder that cannot be written, while a run keeps its evidence.

The cache sits on a real file system that fails: a 64 KB tmpfs (full after the first
capture starts) or a read-only one. Mounting needs root and a kernel that lets this
process mount; elsewhere these tests are skipped, saying why.
"""

from __future__ import annotations

import json
import random
import string
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance.cli import main
from tests.integration.faultserver import FaultServer, page

QUOTE = "the harbour will reopen before the summer season"


def _mount(where: Path, options: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    _mount(where, "size=64k")
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "ro"
    _mount(where, "size=64k,ro")
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    # A page too big for the small disk even gzipped: letters at random do not compress.
    rng = random.Random(16)
    filler = "".join(rng.choice(string.ascii_letters + " ") for _ in range(300_000))
    body = page("Harbour to reopen", f"Synthetic test page. The mayor said {QUOTE}. {filler}")
    with FaultServer() as server:
        server.routes["/big-page"] = lambda h: h.send(200, "text/html; charset=utf-8", body)
        yield server


def _check(faults: FaultServer, cache: Path, tmp_path: Path, *extra: str) -> int:
    doc = tmp_path / "doc.md"
    doc.write_text(f"Synthetic test document. The mayor said “{QUOTE}” "
                   f"([page]({faults.url('/big-page')})).\n", encoding="utf-8")
    return main(["check", str(doc), "--cache", str(cache), "--out", str(tmp_path / "out"),
                 "--allow-private", "--no-archive", *extra])


def test_a_full_disk_is_said_and_exits_2(faults: FaultServer, small_disk: Path,
                                        tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = _check(faults, small_disk / "cache", tmp_path)
    out = capsys.readouterr().out
    assert code == 2
    assert "provenance: evidence not stored: disk full (1 of the pages read have no " \
           "capture in the cache)" in out
    assert f"found      1:42  “{QUOTE}”" in out  # the page was read all the same
    manifest = json.loads((tmp_path / "out" / "doc.json").read_text())["manifest"]["settings"]
    assert manifest["evidence"].startswith("not stored: disk full (1 capture: http://")
    assert [p.name for p in small_disk.rglob("*.tmp")] == []


def test_no_evidence_keeps_the_verdicts_exit_code(faults: FaultServer, small_disk: Path,
                                                  tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert _check(faults, small_disk / "cache", tmp_path, "--no-evidence") == 0
    assert "evidence not stored: disk full" in capsys.readouterr().out


def test_a_read_only_cache_is_said(faults: FaultServer, read_only: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = _check(faults, read_only, tmp_path)
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err
    assert "provenance: evidence not stored: read-only file system" in out


def test_reports_on_a_full_disk_leave_no_tmp(faults: FaultServer, small_disk: Path,
                                            tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    # Fill the disk, then ask for the reports there.
    (small_disk / "filler").write_bytes(b"\0" * (60 * 1024))
    doc = tmp_path / "doc.md"
    doc.write_text(f"Synthetic test document. The mayor said “{QUOTE}” "
                   f"([page]({faults.url('/big-page')})).\n" * 40, encoding="utf-8")
    code = main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(small_disk / "out"), "--allow-private", "--no-archive",
                 "--format", "md,json,html"])
    err = capsys.readouterr().err
    assert code == 2 and "disk full" in err and "Traceback" not in err
    assert [p.name for p in small_disk.rglob("*.tmp")] == []


def test_cache_verify_removes_unfinished_writes(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    warc = tmp_path / "cache" / "warc"
    warc.mkdir(parents=True)
    (warc / ".20260301T000000-0123456789abcdef.warc.gz.tmp").write_bytes(b"")
    assert main(["cache", "verify", "--cache", str(tmp_path / "cache")]) == 0
    assert "removed  warc/.20260301T000000-0123456789abcdef.warc.gz.tmp" in \
        capsys.readouterr().out
    assert list(warc.iterdir()) == []

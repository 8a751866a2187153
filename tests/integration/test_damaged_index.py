"""A half-truncated index is one clear error with the command that repairs it, which
then works; not one internal error per page and a traceback each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance.cli import main
from tests.integration.faultserver import QUOTE, FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_a_truncated_index_says_to_repair_it(faults: FaultServer, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("Synthetic test document.\n" + "".join(
        f"Page {n} said “{QUOTE}” ([page]({faults.url(f'/ok?{n}')})).\n" for n in range(5)),
        encoding="utf-8")
    cache = tmp_path / "cache"
    args = ["--cache", str(cache), "--out", str(tmp_path / "out"), "--allow-private",
            "--no-archive", "-q"]
    assert main(["check", str(doc), *args]) == 0
    index = cache / "index.sqlite"
    index.write_bytes(index.read_bytes()[: index.stat().st_size // 2])
    capsys.readouterr()
    for extra in ([], ["--offline"]):
        assert main(["check", str(doc), *args, *extra]) == 2
        out, err = capsys.readouterr()
        assert out == "" and "Traceback" not in err and len(err.splitlines()) == 1, err
        assert err.startswith(f"provenance: error: the cache index {index} is damaged (")
        assert err.rstrip().endswith("run 'provenance cache verify --repair' to rebuild it "
                                     "from the capture files")
    assert main(["cache", "verify", "--repair", "--cache", str(cache)]) == 0
    capsys.readouterr()
    assert main(["check", str(doc), *args, "--offline"]) == 0

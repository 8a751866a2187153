"""The reuse cost bench times the pipeline's reuse step inside real checks, and puts the
step back as it found it (the shipped example, offline from a copy of its cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.bench_reuse_cost import ROOT, _checks
from provenance import pipeline
from provenance.settings import Settings


def test_reuse_time_is_part_of_the_check_time_and_the_step_is_put_back(tmp_path: Path) -> None:
    step = pipeline._reuse
    shutil.copytree(ROOT / "cache", tmp_path / "cache")
    settings = Settings(cache_dir=tmp_path / "cache", offline=True, reuse_cache=True)
    doc = ROOT / "examples" / "harbour-expansion.md"
    took, reuse, found = _checks([doc, doc], settings, tmp_path / "out")
    assert 0 < reuse < took
    assert found == 0  # the example borrows nothing without quote marks
    assert pipeline._reuse is step
    assert (tmp_path / "out" / "1" / "harbour-expansion.json").is_file()

"""The batch benchmark runs end to end on a few synthetic documents and says what it
compares: each warm pass against the floor measured right after it."""

from __future__ import annotations

import pytest

from bench import bench_batch


@pytest.mark.slow
def test_the_batch_bench_reports_warm_against_the_floor_round_by_round(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_batch.main(["--docs", "3", "--repeats", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 rounds" in out
    ratios = out.split("the floor right after it, CPU: ")[1].split(" (median")[0].split(", ")
    assert len(ratios) == 4  # two rounds of two warm passes, each with its floor
    assert all(r.startswith("x") and float(r[1:]) > 0 for r in ratios)

"""A slice of the end-to-end accuracy benchmark: cases cut from two corpus pages, quoted by
documents, fetched from a local site and checked by the whole pipeline."""

from __future__ import annotations

import pytest

from bench.cases import CORPUS, build_cases, load_pages


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_cases_through_the_whole_pipeline_are_judged_as_expected() -> None:
    from bench.accuracy_e2e import run_end_to_end

    cases = build_cases(load_pages(), seed=2026)
    pick = sorted({c.page.file for c in cases if c.page.language in ("en", "es")})[:2]
    cases = [c for c in cases if c.page.file in pick]
    got = run_end_to_end(cases)
    right = sum(c.expected == g for c, g in zip(cases, got, strict=True))
    assert right >= 0.9 * len(cases), [(c.expected, g, c.quote[:60])
                                       for c, g in zip(cases, got, strict=True)
                                       if c.expected != g]
    assert not any(c.expected == "altered" and g == "found"
                   for c, g in zip(cases, got, strict=True))

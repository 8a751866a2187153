"""The synthetic phrasing set (bench/synthetic_phrasings.py, generated and fictional): every
narrative shape × es, en, pt, fr, de, sv × citation before and after × title or none. No
case may be tied to a work other than the one it names; the share tied right may only grow."""

from __future__ import annotations

from bench.synthetic_phrasings import LANGUAGES, cases, run

_RIGHT_FLOOR = 0.95  # measured 0.995 (216 cases)


def test_the_set_covers_every_shape_language_and_side() -> None:
    got = {(c.language, c.shape, c.after, c.titled) for c in cases()}
    shapes = {s for lang in LANGUAGES.values() for s in lang.shapes}
    assert len(got) == len(LANGUAGES) * len(shapes) * 2 * 2
    titled = [c for c in cases() if c.titled]
    assert all(c.lang.title in c.text for c in titled)
    assert not any(c.lang.title in c.text for c in cases() if not c.titled)


def test_no_synthetic_phrasing_is_tied_to_a_wrong_work() -> None:
    results = run()
    wrong = [r for r in results if r.wrong]
    assert not wrong, [(r.case.language, r.case.shape, r.case.after, r.got) for r in wrong]
    assert sum(r.right for r in results) / len(results) >= _RIGHT_FLOOR

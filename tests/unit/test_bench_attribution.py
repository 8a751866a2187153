"""The attribution benchmark on a small slice of the labelled corpus (skipped when absent).

The whole benchmark is `python -m bench.bench_attribution`; here a few documents of different
forms keep the scoring honest and the figures from sliding back.
"""

from __future__ import annotations

import pytest

from bench.bench_attribution import CORPUS, norm, same_url, score

pytestmark = pytest.mark.skipif(not (CORPUS / "labels.json").is_file(),
                                reason="labelled attribution corpus absent")

SLICE = ("en-osg-getting-paid", "en-wp-punctuation", "es-news-latercera", "en-news-guardian")


def test_scoring_normalises_like_the_corpus_readme() -> None:
    assert norm("“[Salon](https://salon.com/x)” <b>says</b>, ¡Hola!") == "salon says hola"
    assert same_url("https://www.example.org/a/", "http://example.org/a")
    assert not same_url("https://example.org/a", "https://example.org/b")


def test_slice_scores_hold() -> None:
    s = score(only=SLICE).overall
    assert s.quotations >= 30
    assert s.found / s.quotations >= 0.93
    assert s.right / s.citing >= 0.75
    assert s.wrong / s.quotations <= 0.03

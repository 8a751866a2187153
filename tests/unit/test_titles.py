from __future__ import annotations

import pytest

from provenance.words.titles import fold, slug_text, title_score

TITLE = "Una presidencia interina sin pretensiones de originalidad"


def test_fold_drops_case_accents_and_punctuation():
    assert fold("“El síntoma Jerí”, ¡YA!") == "el sintoma jeri ya"


@pytest.mark.parametrize(("url", "words"), [
    ("https://x.pe/opinion/2026/02/18/una-presidencia-interina-hnoticia-12345/",
     "una presidencia interina hnoticia"),
    ("https://x.pe/politica/el-sintoma-jeri-1234.html", "el sintoma jeri"),
    ("https://x.pe/noticia/1234567", ""),
    ("https://x.pe/a/una_presidencia_interina?x=1", "una presidencia interina"),
])
def test_slug_text(url, words):
    assert slug_text(url) == words


def test_exact_title_beats_near_duplicate_and_typo_still_scores_high():
    near = "Una presidencia interina sin pretensiones"
    assert title_score(TITLE, TITLE.upper()) == 100
    assert title_score(TITLE, near) < 90
    assert title_score("Una presidensia interina sin pretenciones de originalidad", TITLE) >= 90


def test_slug_scores_truncated_and_stopword_free_slugs():
    assert title_score(TITLE, "una presidencia interina sin pretensiones de originalidad",
                       slug=True) == 100
    assert title_score(TITLE, "presidencia interina pretensiones originalidad", slug=True) >= 90
    assert title_score(TITLE, "congreso aprueba presupuesto", slug=True) < 60


from hypothesis import example, given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.text(max_size=60))
@example("ᾀ")  # its capital spells out the subscript iota: "ἈΙ"
def test_fold_is_idempotent_and_scores_a_title_against_itself_100(text):
    once = fold(text)
    assert fold(once) == once
    if once:
        assert title_score(text, text) == 100 and title_score(text, text.upper()) == 100


@given(st.text(max_size=40), st.text(max_size=40))
def test_scores_stay_in_range(a, b):
    assert 0 <= title_score(a, b) <= 100 and 0 <= title_score(a, b, slug=True) <= 100

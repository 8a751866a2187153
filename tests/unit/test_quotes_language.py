"""Offline language identification of quotes, with either bundled model."""

from __future__ import annotations

import pytest

from provenance.words.language import fallback_guesser, identify

SAMPLES = [
    ("no es difícil gobernar un país, dijo el presidente interino", "es"),
    ("it is not difficult to govern a country, said the president", "en"),
    ("det inte är svårt att styra ett land, sa presidenten i går", "sv"),
    ("es ist nicht schwer, ein Land zu regieren, sagte der Präsident", "de"),
    ("não é difícil governar um país, disse o presidente ontem", "pt"),
    ("il n'est pas difficile de gouverner un pays, a dit le président", "fr"),
]


@pytest.mark.parametrize(("text", "lang"), SAMPLES)
def test_fast_model(text: str, lang: str) -> None:
    assert identify(text) == lang


@pytest.mark.parametrize(("text", "lang"), SAMPLES)
def test_fallback_model(text: str, lang: str) -> None:
    assert identify(text, guess=fallback_guesser()) == lang


@pytest.mark.parametrize("text", ["fusible", "La República", "", "12 34 56", "!!!"])
def test_too_short_to_tell(text: str) -> None:
    assert identify(text) is None

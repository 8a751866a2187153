"""Quoted out of context: a negation the quote leaves off just before its words.

    Source: "It is not true that the council will close the library."
    Quote:  “the council will close the library”

The quote's words are in the source verbatim, yet the source's sentence says the opposite.
A word that negates a clause ("not", "no", "nunca", "nicht", "inte", "pas"), among the
few words before the quoted passage in the same sentence, is worth a reader's look: the
verdict keeps its status and gains the ``negated-context`` flag with the source's words.

Only clause negators count: "without", "sin" and "sans" start phrases ("sin embargo",
"without doubt") and would cry wolf.

A negation reaches the passage only if it stays in the passage's clause. Its reach ends at
a clause break (comma, dash, parenthesis) unless the clause after the last break opens with
a complementizer, which makes that clause the object of the negated words: "Es ist nicht
wahr, dass …" and "It is not true, | that …" are flagged; "qu'il ne l'est pas, puisque …"
and "We did not go, because …" are not. It also ends at a word that turns "not X" into
"but Y" ("sondern", "sino", "but"): what follows is asserted. Left as they are: a negation
split from its clause by an insert ("It is not, however, true that …") and a passage that
starts inside a negated list ("may not be published, | broadcast or …") are missed, and a
relative "que" or "that" after a comma is taken for a complementizer.
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
# Negators of some languages that are other words in the source's own language: Portuguese
# "no" is "in the" ("no ano passado"), French "mai" is May ("le 5 mai").
_NOT_NEGATORS_IN = {"pt": frozenset({"no"}), "fr": frozenset({"mai"})}
# Words that open a clause as the complement of the words before it ("not true that …").
# French "qu'" is matched by its prefix. Danish and Norwegian "at" is left out: English
# ", at least …" and ", at the time …" would carry a negation past the comma.
_COMPLEMENTIZERS = frozenset({
    "that", "whether",  # en
    "que",  # es, pt, fr
    "che",  # it
    "dass", "daß", "ob",  # de
    "dat",  # nl
    "att",  # sv
    "että",  # fi
    "że", "iż",  # pl
})
# "not X but Y": what follows these is asserted, comma or not. "aber" ("nicht aber für B":
# but not for B), "mais" (Portuguese "não é mais": no longer) and "ma" (Polish "nie ma":
# there is no) would end real negations, so they are left to the comma rule.
_CORRECTIVES = frozenset({"but", "sondern", "sino", "pero", "utan", "vaan", "bensì"})
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"[.!?;:…]\s|[\n\r]")
# A comma (not one between digits, as in "1,000"), a dash standing apart, a parenthesis.
_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[–—()\[\]]|\s-\s")


def negated_before(text: str, start: int, language: str | None = None) -> str | None:
    """The source's words before ``start`` in its sentence, when a clause negator stands
    among the last few of them and its clause runs on into the passage; None otherwise.
    ``language`` is the source's (ISO 639-1), when known."""
    others = _NOT_NEGATORS_IN.get((language or "").lower()[:2], frozenset())
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end():]
    words = list(_WORD.finditer(window))[-_BEFORE_WORDS:]
    negators = [w for w in words if (k := w.group().casefold()) not in others and _negates(k)]
    # Only the last negator need reach: whatever stops it stops any before it too.
    if not negators or not _reaches(window[negators[-1].end():], text, start):
        return None
    return " ".join(window.split())


def _negates(word: str) -> bool:
    return word in _NEGATORS or word.endswith(("n't", "n’t")) or word.startswith(("n'", "n’"))


def _reaches(between: str, text: str, start: int) -> bool:
    """Whether a negation followed by ``between`` (up to the passage at ``start``) still
    governs the passage's clause."""
    if any(w.casefold() in _CORRECTIVES for w in _WORD.findall(between)):
        return False
    breaks = list(_CLAUSE_BREAK.finditer(between))
    if not breaks:
        return True
    # The clause after the last break may open in the passage itself (", | dass der Rat …").
    opener = (_WORD.search(between, breaks[-1].end())
              or _WORD.search(text, start, start + _WINDOW))
    return opener is not None and _complements(opener.group().casefold())


def _complements(word: str) -> bool:
    return word in _COMPLEMENTIZERS or word.startswith(("qu'", "qu’"))

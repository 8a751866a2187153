"""Comparison form of a text as a list of words, each keeping its span in the original.

Matching never compares raw characters: both sides are cut into words and each word is
reduced to a key (Unicode NFKC, case folded, one glyph per apostrophe, no soft hyphens,
zero-width characters or hyphens, words broken across lines joined again). Because a word
keeps the offsets of its original characters, a match found on keys is reported with the
source's own characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["Words", "normalize", "skeleton", "words"]

# A word character is any letter, digit or combining mark (Bengali vowel signs, decomposed
# accents), plus the invisible characters that may sit inside a word: soft hyphen, zero-width
# space/joiners, word joiner.
_CH = r"[\p{L}\p{N}\p{M}_\u00AD\u200B-\u200D\u2060]"
# What may join two runs of word characters into one word: apostrophes, hyphens, a
# thousands or decimal separator between digits, and a line-end hyphenation break.
_JOIN = (r"(?:[-\u2010\u2011'\u2019\u02BC\u2018]"
         r"|(?<=\p{N})[.,:](?=\p{N})"
         r"|[-\u2010\u00AD][^\S\n]*\n\s*)")
_WORD = regex.compile(rf"{_CH}+(?:{_JOIN}{_CH}+)*")
_INVISIBLE = dict.fromkeys(map(ord, "\u00AD\u200B\u200C\u200D\u2060-\u2010\u2011"), None)
_APOSTROPHES = {ord(c): "'" for c in "\u2019\u02BC\u2018"}
_SPACE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text: keys for comparison, original spans for reporting."""

    text: str
    keys: tuple[str, ...]
    starts: tuple[int, ...]  # char offset in text where each word begins
    ends: tuple[int, ...]  # char offset in text where each word ends (exclusive)

    def __len__(self) -> int:
        return len(self.keys)


def _canon(token: str) -> list[str]:
    """Keys for one original word (usually one; NFKC can split e.g. '½' into '1', '2')."""
    if token.isascii():
        key = token.lower()
        if "-" in key:
            key = _SPACE.sub("", key).replace("-", "")
        return [key]
    text = token.translate(_APOSTROPHES)
    for _ in range(4):  # NFKC and casefold feed each other; iterate to a fixed point
        nxt = unicodedata.normalize("NFKC", text.casefold())
        if nxt == text:
            break
        text = nxt
    text = _SPACE.sub("", text.translate(_INVISIBLE)).translate(_APOSTROPHES)
    return [m.group() for m in _WORD.finditer(text)]


@lru_cache(maxsize=128)
def words(text: str) -> Words:
    """Cut ``text`` into words with their keys and original spans (cached per text)."""
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text):
        for key in _canon(m.group()):
            keys.append(key)
            starts.append(m.start())
            ends.append(m.end())
    return Words(text, tuple(keys), tuple(starts), tuple(ends))


def normalize(text: str) -> str:
    """Comparison form: the word keys joined by single spaces (idempotent)."""
    return " ".join(words(text).keys)


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """A key without diacritics: two keys with equal skeletons differ only in accents."""
    if key.isascii():
        return key
    decomposed = unicodedata.normalize("NFD", key)
    return "".join(c for c in decomposed if not unicodedata.combining(c))

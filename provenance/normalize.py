"""Comparison form of a text as a list of words, each keeping its span in the original.

Matching never compares raw characters: both sides are cut into words and each word is
reduced to a key (Unicode NFKC, case folded, one glyph per apostrophe, no soft hyphens,
zero-width characters or hyphens, words broken across lines joined again). Because a word
keeps the offsets of its original characters, a match found on keys is reported with the
source's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

__all__ = ["Words", "cut", "keys", "normalize", "skeleton", "words"]



def _mark_ranges() -> str:
    """Every combining mark of the Basic Multilingual Plane, as a regex class body."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp))[0] == "M":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


# A word character is any letter, digit or combining mark (Bengali vowel signs, decomposed
# accents), plus the invisible characters that may sit inside a word: soft hyphen, zero-width
# space/joiners, word joiner. The standard library's engine is several times faster than
# ``regex`` here, but its \w leaves out combining marks, so they are listed.
_CH = rf"[\w{_mark_ranges()}\u00ad\u200b-\u200d\u2060]"
# What may join two runs of word characters into one word: apostrophes, hyphens, a
# thousands or decimal separator between digits, and a line-end hyphenation break.
_JOIN = (r"(?:[-\u2010\u2011'\u2019\u02bc\u2018]"
         r"|(?<=\d)[.,:](?=\d)"
         r"|[-\u2010\u00ad][^\S\n]*\n\s*)")
_WORD = re.compile(rf"{_CH}+(?:{_JOIN}{_CH}+)*")
_INVISIBLE_CHARS = "\u00AD\u200B\u200C\u200D\u2060-\u2010\u2011"  # dropped from keys
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Words:
    """The words of a text: keys for comparison, original spans for reporting."""

    text: str
    keys: tuple[str, ...]
    starts: tuple[int, ...]  # char offset in text where each word begins
    ends: tuple[int, ...]  # char offset in text where each word ends (exclusive)

    def __len__(self) -> int:
        return len(self.keys)


@lru_cache(maxsize=1 << 17)
def _canon(token: str) -> tuple[str, ...]:
    """Keys for one original word (usually one; NFKC can split e.g. '½' into '1', '2')."""
    if token.isascii():
        key = token.lower()
        if "-" in key:
            key = _SPACE.sub("", key).replace("-", "")
        return (key,)
    text = _apostrophes(token)
    for _ in range(4):  # NFKC and casefold feed each other; iterate to a fixed point
        nxt = unicodedata.normalize("NFKC", text.casefold())
        if nxt == text:
            break
        text = nxt
    if text.isalnum():  # one word of letters and digits (most are): nothing more to do
        return (text,)
    for c in _INVISIBLE_CHARS:
        if c in text:
            text = text.replace(c, "")
    text = _apostrophes(_SPACE.sub("", text))
    return tuple(_WORD.findall(text))


def _apostrophes(text: str) -> str:
    """One glyph per apostrophe (``str.translate`` with a table is slow on non-ASCII text)."""
    for c in "\u2019\u02bc\u2018":
        if c in text:
            text = text.replace(c, "'")
    return text


def cut(text: str) -> Words:
    """Cut ``text`` into words with their keys and original spans."""
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _WORD.finditer(text):
        canon = _canon(m.group())
        start, end = m.span()
        if len(canon) == 1:
            keys.append(canon[0])
            starts.append(start)
            ends.append(end)
            continue
        for key in canon:
            keys.append(key)
            starts.append(start)
            ends.append(end)
    return Words(text, tuple(keys), tuple(starts), tuple(ends))


# What a word can neither start nor end with: join characters (hyphens, apostrophes, the
# digit separators ".,:") and the common punctuation that only ever separates words.
_EDGES = ".,:-'\u2010\u2011\u2019\u02bc\u2018" + "!\"#$%&()*+/;<=>?@[\\]^`{|}~“”„«»‹›—–…¿¡·•"
# A hyphen at a line end: the word goes on after the line break, across whitespace.
_HYPHENS = "-\u2010\u00ad"
_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")


def _unbreak(text: str) -> str | None:
    """``text`` without its hyphenated line breaks, or None when one needs the word pattern.

    A break (a hyphen, non-newline whitespace, a newline) between two ASCII letters or digits
    is always joined by the word pattern, and its hyphen and whitespace never reach the key:
    removing it (with the whitespace after it) leaves one chunk with the word's key. A soft
    hyphen is a word character, so the pattern does not join at it, and beside other
    characters Unicode composition could differ: those breaks go the slow way. Found by
    looking around each newline, which is much cheaper than a pattern tried at every
    character.
    """
    parts: list[str] = []
    pos = 0
    n = len(text)
    nl = text.find("\n")
    while nl >= 0:
        h = nl - 1
        while h >= 0 and text[h] != "\n" and text[h].isspace():
            h -= 1
        if h >= 0 and text[h] in _HYPHENS:
            end = nl + 1
            while end < n and text[end].isspace():
                end += 1
            if text[h] == "\u00ad" or h == 0 or text[h - 1] not in _ASCII_ALNUM \
                    or end == n or text[end] not in _ASCII_ALNUM:
                return None
            parts.append(text[pos:h])
            pos = nl = end
        nl = text.find("\n", nl + 1)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def keys(text: str) -> list[str]:
    """Only the word keys of ``text`` (no spans), as ``cut(text).keys``, but faster.

    Words never hold whitespace except at a hyphenated line break, which is removed first
    (its hyphen and whitespace are not part of the key), so the text splits on whitespace
    into chunks; a chunk of letters and digits only, once the characters a word cannot start
    or end with are stripped, is one word. Only the other chunks go through the word
    pattern. ASCII text is lowered at once: its keys need nothing more.
    """
    if "\n" in text:
        unbroken = _unbreak(text)
        if unbroken is None:
            return [k for token in _WORD.findall(text) for k in _canon(token)]
        text = unbroken
    ascii = text.isascii()
    if ascii:
        text = text.lower()
    # (A chunk of edge characters alone, such as a dash, holds no word.)
    cores = list(filter(None, [chunk.strip(_EDGES) for chunk in text.split()]))
    if all(map(str.isalnum, cores)):  # most quotes: every chunk is one word
        return cores if ascii else list(chain.from_iterable(map(_canon, cores)))
    out: list[str] = []
    for core in cores:
        if core.isalnum():
            if ascii:
                out.append(core)
            else:
                out.extend(_canon(core))
        elif core:
            for token in _WORD.findall(core):
                out.extend(_canon(token))
    return out


@lru_cache(maxsize=4096)
def words(text: str) -> Words:
    """``cut``, cached: for the short texts (quotes, parts of quotes) met again and again."""
    return cut(text)


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

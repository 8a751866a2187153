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
    text = _fold(_apostrophes(token))
    if text.isalnum():  # one word of letters and digits (most are): nothing more to do
        return (text,)
    for c in _INVISIBLE_CHARS:
        if c in text:
            text = text.replace(c, "")
    text = _apostrophes(_SPACE.sub("", text))
    return tuple(_WORD.findall(text))


def _fold(text: str) -> str:
    """NFKC and case folding, which feed each other, iterated to a fixed point."""
    folded = text.casefold()
    if unicodedata.is_normalized("NFKC", folded):
        return folded  # (case folding gives the same again: the fixed point, at once)
    text = folded
    for _ in range(4):
        nxt = unicodedata.normalize("NFKC", text.casefold())
        if nxt == text:
            break
        text = nxt
    return text


def _apostrophes(text: str) -> str:
    """One glyph per apostrophe (``str.translate`` with a table is slow on non-ASCII text)."""
    for c in "\u2019\u02bc\u2018":
        if c in text:
            text = text.replace(c, "'")
    return text


_START, _END, _GROUP = re.Match.start, re.Match.end, re.Match.group


def cut(text: str) -> Words:
    """Cut ``text`` into words with their keys and original spans."""
    found = list(_WORD.finditer(text))
    canons = list(map(_canon, map(_GROUP, found)))
    if set(map(len, canons)) <= {1}:  # one key a word (nearly always): mapped in C
        return Words(text, tuple(c[0] for c in canons), tuple(map(_START, found)),
                     tuple(map(_END, found)))
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


def _joinable(a: str, b: str) -> bool:
    """Two letters or digits that fold alike written together or apart: a break or an
    invisible character between them can be removed before folding, and the key is the
    one the word pattern gives (not so for a Hangul jamo pair, which composes)."""
    if not (a.isalnum() and b.isalnum()):
        return False
    pair = a + b
    return pair.isascii() or _fold(pair) == _fold(a) + _fold(b)


# A word the pattern takes with a break or a soft hyphen in it has its apostrophes unified
# after folding, and these fold to the modifier apostrophe, a letter: such a text goes the
# slow way (a word without the break keeps the modifier letter in its key).
_MODIFIER_APOSTROPHES = ("\u0149", "\u02bc")


def _unbreak(text: str) -> str | None:
    """``text`` without its hyphenated line breaks, or None when one needs the word pattern.

    A break (a hyphen, non-newline whitespace, a newline) between two letters or digits is
    always joined by the word pattern, and its hyphen and whitespace never reach the key:
    removing it (with the whitespace after it) leaves one chunk with the word's key. A soft
    hyphen is a word character, so the pattern does not join at it, and where composition
    could differ (see _joinable) the break goes the slow way. Found by looking around each
    newline, which is much cheaper than a pattern tried at every character.
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
            if text[h] == "\u00ad" or h == 0 or end == n \
                    or not _joinable(text[h - 1], text[end]):
                return None
            parts.append(text[pos:h])
            pos = nl = end
        nl = text.find("\n", nl + 1)
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def _unsoften(text: str) -> str | None:
    """``text`` without its soft hyphens, or None when one is not inside a word.

    A soft hyphen between two letters or digits is part of that word and never of its key,
    so removing it leaves the same key; elsewhere it can part words (it is no joiner), so
    the text goes the slow way.
    """
    parts: list[str] = []
    pos = 0
    at = text.find("\u00ad")
    while at >= 0:
        if at == 0 or at + 1 == len(text) or not _joinable(text[at - 1], text[at + 1]):
            return None
        parts.append(text[pos:at])
        pos = at + 1
        at = text.find("\u00ad", pos)
    parts.append(text[pos:])
    return "".join(parts)


def _fold_together(cores: list[str]) -> list[str] | None:
    """The keys of words of letters and digits, folded in one call; None when folding
    made one word into two (those go one by one, through ``_canon``).

    Folding is local to each character (a word of letters and digits holds no combining
    mark to compose across a space), so the words folded together are the words folded
    one by one: one call instead of one per word, which matters for words not met before
    (capitals, ligatures).
    """
    folded = _fold(" ".join(cores)).split(" ")
    if len(folded) == len(cores) and all(map(str.isalnum, folded)):
        return folded
    return None


def keys(text: str) -> list[str]:
    """Only the word keys of ``text`` (no spans), as ``cut(text).keys``, but faster.

    Words never hold whitespace except at a hyphenated line break, which is removed first
    (its hyphen and whitespace are not part of the key), as are soft hyphens inside words,
    so the text splits on whitespace into chunks; a chunk of letters and digits only, once
    the characters a word cannot start or end with are stripped, is one word. Only the
    other chunks go through the word pattern. ASCII text is lowered at once: its keys need
    nothing more.
    """
    if "\n" in text or "\u00ad" in text:
        plain = _unbreak(text) if "\n" in text else text
        if plain is not None and "\u00ad" in plain:
            plain = _unsoften(plain)
        if plain is not None and not plain.isascii() and \
                any(c in plain for c in _MODIFIER_APOSTROPHES):
            plain = None
        if plain is None:
            return [k for token in _WORD.findall(text) for k in _canon(token)]
        text = plain
    ascii = text.isascii()
    if ascii:
        text = text.lower()
    # (A chunk of edge characters alone, such as a dash, holds no word.)
    cores = list(filter(None, [chunk.strip(_EDGES) for chunk in text.split()]))
    if all(map(str.isalnum, cores)):  # most quotes: every chunk is one word
        if ascii:
            return cores
        folded = _fold_together(cores)
        return folded if folded is not None else list(chain.from_iterable(map(_canon, cores)))
    together = None if ascii else _fold_together([c for c in cores if c.isalnum()])
    folded_words = iter(together or ())
    out: list[str] = []
    for core in cores:
        if core.isalnum():
            if ascii:
                out.append(core)
            elif together is not None:
                out.append(next(folded_words))
            else:
                out.extend(_canon(core))
        else:
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

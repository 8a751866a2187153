"""The quote as the matcher reads it: its words, and the gaps an ellipsis or a [bracketed]
insertion leaves between them.

An ellipsis may stand for any number of source words (up to ``ELLIPSIS_MAX_GAP``, how far the
search reaches); a [bracketed] insertion for a few (``BRACKET_MAX_WORDS``). A bracket glued to
a word ("[t]he") is an editorial letter change, read as part of the word; "[sic]" stands for
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from provenance.model import Quote
from provenance.words import ellipsis
from provenance.words.normalize import keys, words

__all__ = ["BRACKET_MAX_WORDS", "ELLIPSIS_MAX_GAP", "Gap", "Item", "QuoteWord", "Run",
           "quote_items", "quote_runs", "unbracketed"]

_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_SIC = re.compile(r"^\s*sic\.?!?\s*$", re.IGNORECASE)

ELLIPSIS_MAX_GAP = 400  # source words an ellipsis may leave out (the search reaches this far)
BRACKET_MAX_WORDS = 8  # source words one [bracketed] insertion may stand for


# Named tuples, not frozen dataclasses: a quote has dozens of words and a frozen
# dataclass costs about a microsecond each to build, a sizeable share of a fast match.
class QuoteWord(NamedTuple):
    key: str
    text: str  # the quote's own characters for this word


class Gap(NamedTuple):
    kind: str  # "ellipsis" | "bracket"
    text: str = ""  # the bracketed words, for a bracket


Item = QuoteWord | Gap
Run = list[str]  # the keys of the quote's words between two gaps
_W = TypeVar("_W", QuoteWord, Run)


def quote_items(quote: Quote) -> tuple[Item, ...]:
    """The quote as words and gaps, in order."""
    return _items(quote, _words_of)


def quote_runs(quote: Quote) -> tuple[Run | Gap, ...]:
    """The quote as runs of word keys and gaps, in order: each stretch of words between gaps
    is one item, the list of their keys. Enough for the search of verbatim runs, and
    cheaper than an item a word (see ``pieces``)."""
    return _items(quote, _run_of)


def _items(quote: Quote, words_of: Callable[[str], list[_W]]) -> tuple[_W | Gap, ...]:
    items: list[_W | Gap] = []
    for n, part in enumerate(quote.parts):
        if n:
            items.append(Gap("ellipsis"))
        for m, piece in enumerate(ellipsis.split(part)):
            if m:
                items.append(Gap("ellipsis"))
            items.extend(_piece_items(piece, words_of))
    if all(isinstance(i, Gap) for i in items):
        # Nothing but brackets: they are the quote's own (a title in brackets), not insertions.
        items = [w for part in quote.parts for w in words_of(part)]
    while items and isinstance(items[-1], Gap) and items[-1].kind == "ellipsis":
        items.pop()
    while items and isinstance(items[0], Gap) and items[0].kind == "ellipsis":
        items.pop(0)
    return tuple(items)


def _piece_items(piece: str, words_of: Callable[[str], list[_W]]) -> list[_W | Gap]:
    if "[" not in piece:
        return list(words_of(piece))
    items: list[_W | Gap] = []
    pos = 0
    for m in _BRACKET.finditer(piece):
        glued = (m.start() > 0 and piece[m.start() - 1].isalnum()) or (
            m.end() < len(piece) and piece[m.end()].isalnum())
        if glued:  # "[t]he", "Boric[s]": an editorial letter change inside a word, keep it
            continue
        items.extend(words_of(piece[pos:m.start()]))
        if not _SIC.match(m.group(1)):
            items.append(Gap("bracket", m.group(1).strip()))
        pos = m.end()
    items.extend(words_of(piece[pos:]))
    return items


def _run_of(text: str) -> list[Run]:
    """``_words_of`` without the quote's characters, as one item: the run of their keys
    (nothing when there are none)."""
    run = keys(unbracketed(text))
    return [run] if run else []


def unbracketed(text: str) -> str:
    """``text`` with its square brackets taken out, the words inside them kept."""
    return text.replace("[", "").replace("]", "")


def _words_of(text: str) -> list[QuoteWord]:
    text = unbracketed(text)
    w = words(text)
    return list(map(QuoteWord, w.keys, map(text.__getitem__, map(slice, w.starts, w.ends))))


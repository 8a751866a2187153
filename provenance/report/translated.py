"""The source passage a translated quotation can be shown beside.

A quote in another language than its source cannot be compared word by word: the word
alignment the matcher made across languages lands on an arbitrary spot, and a word diff of
it ("'dåligt' → '17'") means nothing. What does survive translation are names, numbers and
dates. A passage of the source is shown beside a translated quote only when it holds
enough of the quote's names, numbers and dates to be told apart from the rest of the page:

- at least two of them;
- in one sentence of the source, or two sentences in a row (a translation may split or
  join sentences);
- and no other place in the source holding as many (a page that names the same person
  everywhere ties nothing).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from provenance.model import Flag, Span, Verdict
from provenance.words.dates import find_dates

__all__ = ["Tie", "tie_for", "tied_passage"]

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”»’)]*\s+|\n+")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# A number as written: 1,000 / 1.000 / 1 000 are one number; other digit runs are numbers
# of their own (3,5 and 3.5 alike give 3 and 5, whichever the language's decimal mark).
_NUMBER = re.compile(r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?!\d)|\d+")
_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_])")
_QUOTE_START = re.compile(r"(?:^|[.!?…:;]\s+|\n\s*|[\"“”«»„—–(]\s*)$")


@dataclass(frozen=True, slots=True)
class Tie:
    """A passage of the source's main text tied to a translated quote."""

    span: Span  # in the source's main text
    text: str
    shared: tuple[str, ...]  # the quote's names, numbers and dates found there, as it writes them


@dataclass(frozen=True, slots=True)
class _Anchors:
    names: dict[str, str]  # folded -> as written
    numbers: dict[str, str]
    dates: dict[str, str]  # ISO date -> as written

    def __len__(self) -> int:
        return len(self.names) + len(self.numbers) + len(self.dates)


def tied_passage(quote: str, source: str) -> Tie | None:
    """The passage of ``source`` the quote's names, numbers and dates tie it to; None when
    none stands out."""
    anchors = _anchors(quote)
    if len(anchors) < 2:
        return None
    sentences = _sentences(source)
    found = [_shared(anchors, s.slice(source)) for s in sentences]
    windows: list[tuple[int, int, Span, set[tuple[str, str]]]] = []  # score, length, span
    for i, span in enumerate(sentences):
        windows.append((len(found[i]), span.end - span.start, span, found[i]))
        if i + 1 < len(sentences):
            both = found[i] | found[i + 1]
            if len(both) > max(len(found[i]), len(found[i + 1])):
                whole = Span(span.start, sentences[i + 1].end)
                windows.append((len(both), whole.end - whole.start, whole, both))
    if not windows:
        return None
    best = max(windows, key=lambda w: (w[0], -w[1]))
    score, _, span, shared = best
    if score < 2:
        return None
    rivals = [w for w in windows if w[0] == score and not _overlap(w[2], span)]
    if rivals:
        return None
    order = {**{k: i for i, k in enumerate(anchors.dates)},
             **{k: 100 + i for i, k in enumerate(anchors.numbers)},
             **{k: 200 + i for i, k in enumerate(anchors.names)}}
    labels = tuple(_label(anchors, kind, key)
                   for kind, key in sorted(shared, key=lambda s: order.get(s[1], 999)))
    return Tie(span, span.slice(source), labels)


def _label(anchors: _Anchors, kind: str, key: str) -> str:
    table = {"name": anchors.names, "number": anchors.numbers, "date": anchors.dates}[kind]
    return table[key]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _sentences(text: str) -> list[Span]:
    out, at = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > at:
            out.append(Span(at, m.start()))
        at = m.end()
    if at < len(text):
        out.append(Span(at, len(text)))
    return [s for s in out if s.slice(text).strip()]


def _shared(anchors: _Anchors, passage: str) -> set[tuple[str, str]]:
    there = _anchors(passage, every_number=True, every_name=True)
    out: set[tuple[str, str]] = set()
    out |= {("name", k) for k in anchors.names if k in there.names}
    # A number may stand alone in one text and inside a date in the other ("2009").
    out |= {("number", k) for k in anchors.numbers if k in there.numbers}
    out |= {("date", k) for k in anchors.dates if k in there.dates}
    return out


@lru_cache(maxsize=4096)
def _anchors(text: str, every_number: bool = False, every_name: bool = False) -> _Anchors:
    """Names (capitalised words not opening a sentence), numbers and full dates. With
    ``every_number`` the digits inside dates count as numbers too; with ``every_name``
    every word counts (what a passage holds, to look the quote's names up in)."""
    dates: dict[str, str] = {}
    covered: list[Span] = []
    for found in find_dates(text):
        dates.setdefault(found.date.isoformat(), found.span.slice(text))
        covered.append(found.span)

    def in_date(pos: int) -> bool:
        return any(s.start <= pos < s.end for s in covered)

    numbers: dict[str, str] = {}
    for m in _NUMBER.finditer(text):
        if every_number or not in_date(m.start()):
            numbers.setdefault(str(int(re.sub(r"\D", "", m.group()))), m.group())
    names: dict[str, str] = {}
    for m in _WORD.finditer(text):
        word = m.group().rstrip("'’-")
        if every_name:
            names.setdefault(_fold(word), word)
            continue
        if len(word) < 2 or not word[0].isupper() or in_date(m.start()):
            continue
        opens = m.start() == 0 or _QUOTE_START.search(text[max(0, m.start() - 3) : m.start()])
        # The first word of a sentence is capitalised whatever it is: it counts only as the
        # first of a name of several words ("José Jerí", "El Comercio").
        if opens and not ((after := _NEXT_WORD.match(text, m.end())) and after.group(1).isupper()):
            continue
        names.setdefault(_fold(word), word)
    return _Anchors(names, numbers, dates)


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in word if not unicodedata.combining(c))


@lru_cache(maxsize=512)  # every format asks, and it reads the whole page
def tie_for(verdict: Verdict) -> Tie | None:
    """The passage a translated quote's verdict can be shown beside; None for any other
    verdict, and when no passage stands out."""
    source = verdict.source
    if Flag.TRANSLATED not in verdict.flags or source is None or source.text is None:
        return None
    return tied_passage(" ".join(verdict.quote.parts), source.text.main)

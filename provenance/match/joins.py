"""Quotes that run two of the source's quoted passages together, its attribution left out.

    Source: “It’s a good-news bad-news story,” said Trevor Houser, a partner at Rhodium.
            “In the electricity sector we had a banner year.”
    Quote:  “It’s a good-news bad-news story. In the electricity sector we had a banner year.”

Writers do this all the time, and the speaker's words are all there, in order. A word
alignment sees a block of dropped words, and for a long attribution it may pair them with
the quote's words instead; so the source's quoted passages are found beforehand, chained
where one attribution alone stands between two of them in a paragraph, and a quote is
looked up in those chains as one run of words. What it leaves out between passages comes
back as dropped words, which the judge reads as an attribution left out (flag ``joined``).
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from provenance.model import Edit, EditKind, Match, Severity, Span
from provenance.quotes.kinds import speaks
from provenance.words.normalize import Words

__all__ = ["Chain", "attribution_left_out", "attributions", "chains", "joined"]

# A quoted passage within one paragraph: curly, guillemet, low-high and straight quotes.
_QUOTED = re.compile(r"[“„«\"]([^“”„«»\"\n]{2,}?)[”“»\"]")
_GAP_MAX = 200  # characters of attribution between two passages, at most
# A sentence break inside the words between two passages: another sentence may be someone
# else's ("said Roe. Doe replied:").
_SENTENCE = re.compile(r"[.!?;:]\s")
_EDGES = " \t,.;:—–-“”„«»\""


@dataclass(frozen=True, slots=True)
class Chain:
    """Quoted passages of one paragraph with one attribution between each two: the words
    inside them, in order, as page word indexes."""

    indexes: tuple[int, ...]  # page word index of each word inside the passages
    joined: str  # " " + their keys joined by " " + " "
    offsets: tuple[int, ...]  # where each key starts in ``joined``


def chains(w: Words) -> tuple[Chain, ...]:
    """The chains of quoted passages in the page whose words are ``w``."""
    text = w.text
    out: list[Chain] = []
    run: list[tuple[int, int]] = []  # (start, end) of the passages chained so far
    last_end = -1
    for m in _QUOTED.finditer(text):
        start, end = m.span(1)
        if run and not _attribution(text[last_end:m.start()]):
            _close(run, w, out)
            run = []
        run.append((start, end))
        last_end = m.end()
    _close(run, w, out)
    return tuple(out)


_CLOSING = "”»\"’'›」"
_OPENING = "“«\"„‘'‹「"


def attribution_left_out(text: str, span: Span) -> bool:
    """Whether the words of ``text`` at ``span`` are one attribution between two quoted
    passages: a closing mark before them and an opening mark after (punctuation and
    spaces aside), a verb of saying among them, no sentence or paragraph break."""
    a, b = span.start, span.end
    while a > 0 and text[a - 1] in _EDGES and text[a - 1] not in _CLOSING:
        a -= 1
    while b < len(text) and text[b] in _EDGES and text[b] not in _OPENING:
        b += 1
    return a > 0 and text[a - 1] in _CLOSING and b < len(text) and text[b] in _OPENING \
        and _attribution(text[a:b])


def attributions(match: Match, text: str) -> list[Edit]:
    """The match's dropped words that are one attribution left out between two of the
    source's quoted passages (``text`` is the text the match was found in)."""
    return [e for e in match.edits if e.kind is EditKind.WORD_DROPPED and not e.quote
            and e.span is not None and attribution_left_out(text, e.span)]


def _attribution(gap: str) -> bool:
    """One clause naming who speaks, in one paragraph: "” she said. “"."""
    words = gap.strip(_EDGES)
    return bool(words) and len(gap) <= _GAP_MAX and "\n" not in gap and speaks(words) \
        and not _SENTENCE.search(words)


def _close(run: list[tuple[int, int]], w: Words, out: list[Chain]) -> None:
    if len(run) < 2:
        return
    indexes: list[int] = []
    for start, end in run:
        indexes.extend(range(bisect_left(w.starts, start), bisect_right(w.ends, end)))
    offsets: list[int] = []
    pos = 1
    for i in indexes:
        offsets.append(pos)
        pos += len(w.keys[i]) + 1
    out.append(Chain(tuple(indexes), " " + " ".join(w.keys[i] for i in indexes) + " ",
                     tuple(offsets)))


def joined(qkeys: list[str], w: Words, found: tuple[Chain, ...]) -> Match | None:
    """Where the quote's words stand in a row in one chain, across at least one
    attribution: the match, with the words left out as dropped words; None otherwise."""
    needle = " " + " ".join(qkeys) + " "
    for chain in found:
        at = chain.joined.find(needle)
        if at < 0:
            continue
        first = bisect_left(chain.offsets, at + 1)
        used = chain.indexes[first:first + len(qkeys)]
        gaps = [(a, b) for a, b in itertools.pairwise(used) if b != a + 1]
        if not gaps:
            continue  # within one passage: a plain match, found before
        span = Span(w.starts[used[0]], w.ends[used[-1]])
        edits = tuple(_dropped(w, a + 1, b) for a, b in gaps)
        return Match(100.0 * len(qkeys) / (len(qkeys) + sum(b - a - 1 for a, b in gaps)),
                     span, span.slice(w.text), edits)
    return None


def _dropped(w: Words, first: int, end: int) -> Edit:
    span = Span(w.starts[first], w.ends[end - 1])
    said = " ".join(w.text[w.starts[i]:w.ends[i]] for i in range(first, end))
    return Edit(EditKind.WORD_DROPPED, "", said, Severity.MAJOR, span)

"""Anchors: what a translation keeps from its original whatever the language (numbers,
full dates, names, quoted passages), and the alignment of paragraphs they give.

Paragraphs are aligned in order (a translation does not reorder its paragraphs much): a
dynamic programme picks the monotonic pairing with the most shared anchors, paragraph
order breaking ties. Only numbers and dates are compared afterwards: a name may be spelt
or inflected otherwise in another language, a number or a date may not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from provenance.model import AnchorClash, Span
from provenance.words.dates import find_dates

__all__ = ["Anchors", "align_paragraphs", "anchors_of", "block_spans", "clashes",
           "paragraph_spans"]

_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?(?![\w])")
_NAME = re.compile(r"(?<=[^\s.!?¡¿«“\"(])\s+([A-ZÀ-ÖØ-Þ][\w'’-]{2,})")
_QUOTED = re.compile(r"[“«\"„]([^”»\"“]{3,200})[”»\"“]")
_ORDER = 0.05  # weight of paragraph order against one shared anchor's worth
_SHOUTED = 0.7  # share of capitals above which a paragraph is a heading in capitals


@dataclass(frozen=True, slots=True)
class Anchors:
    numbers: frozenset[str]
    dates: frozenset[str]  # ISO
    names: frozenset[str]
    quoted: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return (self.numbers | {"d:" + d for d in self.dates} | {"n:" + n for n in self.names}
                | {"q:" + q for q in self.quoted})


def _number(raw: str) -> str:
    # "1,200" and "1.200" and "1 200" are one number in different conventions.
    digits = re.sub(r"[.,\u202f\u00a0 ](?=\d{3}\b)", "", raw)
    return digits.replace(",", ".")


def anchors_of(text: str) -> Anchors:
    """The anchors of one paragraph; the numbers inside a full date count as the date."""
    dates = find_dates(text)
    rest = list(text)
    for d in dates:
        rest[d.span.start:d.span.end] = " " * (d.span.end - d.span.start)
    plain = "".join(rest)
    # In a heading set in capitals every word looks like a name, and one word its
    # translation happens to share ("ELECTORAL") would pair it with the wrong heading.
    letters = [c for c in text if c.isalpha()]
    shouted = len(letters) >= 8 and sum(c.isupper() for c in letters) > _SHOUTED * len(letters)
    return Anchors(
        frozenset(_number(m.group()) for m in _NUMBER.finditer(plain)),
        frozenset(d.date.isoformat() for d in dates),
        frozenset() if shouted else frozenset(m.group(1).lower() for m in _NAME.finditer(text)),
        frozenset(q.group(1).strip().lower() for q in _QUOTED.finditer(text)),
    )


def align_paragraphs(doc: list[Anchors], orig: list[Anchors]) -> list[tuple[int, int]]:
    """The monotonic pairing of document and original paragraphs sharing the most anchors,
    paragraph order deciding where no anchor does."""
    n, m = len(doc), len(orig)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip doc, 1 skip orig, 2 pair
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            options = [(best[i - 1][j], 0), (best[i][j - 1], 1)]
            gain = _gain(doc[i - 1], orig[j - 1], (i - 1) / max(n, 1), (j - 1) / max(m, 1))
            if gain > 0:
                options.append((best[i - 1][j - 1] + gain, 2))
            best[i][j], step[i][j] = max(options)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if step[i][j] == 2:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif step[i][j] == 0:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


def _gain(a: Anchors, b: Anchors, pa: float, pb: float) -> float:
    # Two paragraphs sharing no anchor may still be one: prose between figures, or the one
    # whose only figure was changed. Order alone pairs them, when no anchor pairs them else.
    near = _ORDER * (1 - abs(pa - pb))
    sa, sb = a.all, b.all
    shared = len(sa & sb)
    return shared / len(sa | sb) + near if shared else near / 2


def clashes(doc: list[Anchors], orig: list[Anchors],
            pairs: list[tuple[int, int]]) -> list[AnchorClash]:
    """For each aligned pair, the numbers and the dates one side has and the other lacks."""
    out = []
    for i, j in pairs:
        for kind, a, b in (("number", doc[i].numbers, orig[j].numbers),
                           ("date", doc[i].dates, orig[j].dates)):
            if a != b:
                out.append(AnchorClash(kind, tuple(sorted(a - b)), tuple(sorted(b - a)),
                                       (i, j)))
    return out


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_END = re.compile(r"\n")


def paragraph_spans(text: str) -> list[Span]:
    """The paragraphs of ``text`` (blank-line separated), blank ones left out."""
    return _split(text, _BLANK_LINE)


def block_spans(text: str) -> list[Span]:
    """The paragraphs a translation is aligned by: blank-line separated, or, in a text with
    no blank line (a page's extracted text puts each block on a line of its own), its
    lines."""
    return _split(text, _BLANK_LINE if _BLANK_LINE.search(text) else _LINE_END)


def _split(text: str, breaks: re.Pattern[str]) -> list[Span]:
    """The non-blank stretches of ``text`` between matches of ``breaks``."""
    out, start = [], 0
    for m in breaks.finditer(text):
        out.append(Span(start, m.start()))
        start = m.end()
    out.append(Span(start, len(text)))
    return [p for p in out if text[p.start:p.end].strip()]

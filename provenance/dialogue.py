"""Speech set off by dialogue dashes, as Spanish, Portuguese and Catalan prose writes it.

    —No vamos a subir los impuestos —dijo el ministro—. Lo haremos en 2026.

A paragraph that opens with a dash stuck to its first word is speech; a dash stuck to the
next word (" —dijo") opens the narrator's words, and a dash stuck to the word before
("ministro—") closes them, after which the speech goes on. Narrator's words left open run
to the paragraph's end. Each stretch of speech is returned on its own, as “…,” dijo, “…”
gives two quotations.

A dash that opens a paragraph is also a list bullet or a credit line ("—The Gazette, 4
March"), so a paragraph counts as dialogue only when the narrator's words say someone
speaks, when dialogue paragraphs follow one another (an interview's questions and
answers), or when the paragraph before ends with a verb of saying and a colon ("El ministro
dijo:").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from .model import Span

__all__ = ["DASHES", "Speech", "speeches"]

DASHES = "—―–"  # em dash, horizontal bar, and the en dash many writers type instead
_MIN_WORDS = 2  # a lone "—Sí." is an answer, but too short to check as a quotation
_CUE_WORDS = 4  # words of the narrator's (or of the sentence before) where a verb of saying is
_AFTER_NARRATOR = " \t.,;:"  # what stands between a closing dash and the speech going on
_WORD = re.compile(r"[^\W_]+")
_OPENS = re.compile(rf"(?<=\s)[{DASHES}](?=\S)")
_CLOSES = re.compile(rf"(?<=\S)[{DASHES}]")


class Speech(NamedTuple):
    start: int  # the speech's words, trimmed
    end: int
    open_at: int  # the dash before it
    close_at: int  # the dash that opens the narrator's words after it (-1: none)


def speeches(text: str, paragraphs: Sequence[Span],
             speaks: Callable[[str], bool]) -> list[Speech]:
    """The stretches of speech in the dialogue paragraphs of ``text``, in order.

    ``speaks(words)`` tells whether a few words say someone speaks ("dijo el ministro",
    "El ministro dijo").
    """
    found: list[tuple[int, list[Speech], bool]] = []  # (paragraph, its speech, narrated)
    for pi, para in enumerate(paragraphs):
        start = _opening(text, para)
        if start < 0:
            continue
        parts, narrators = _split(text, start, para.end)
        if parts:
            found.append((pi, parts, any(speaks(_first_words(n)) for n in narrators)))
    dialogue_paras = {pi for pi, _, _ in found}
    out: list[Speech] = []
    for pi, parts, narrated in found:
        in_a_run = pi - 1 in dialogue_paras or pi + 1 in dialogue_paras
        before = paragraphs[pi - 1] if pi > 0 else None
        introduced = before is not None and text[before.end - 1] == ":" and speaks(
            _last_words(text[before.start:before.end - 1]))
        if narrated or in_a_run or introduced:
            out.extend(p for p in parts if len(_WORD.findall(text, p.start, p.end)) >= _MIN_WORDS)
    return out


def _first_words(text: str) -> str:
    return " ".join(_WORD.findall(text[:80])[:_CUE_WORDS])


def _last_words(text: str) -> str:
    return " ".join(_WORD.findall(text[-80:])[-_CUE_WORDS:])


def _opening(text: str, para: Span) -> int:
    """Where the paragraph's opening dash stands, or -1 when it opens with none."""
    i = para.start
    while i < para.end and text[i] in "> \t":  # Markdown block-quote markers
        i += 1
    if i + 1 < para.end and text[i] in DASHES and not text[i + 1].isspace() \
            and text[i + 1] not in DASHES:
        return i
    return -1


def _split(text: str, dash: int, end: int) -> tuple[list[Speech], list[str]]:
    """The paragraph from its opening dash at ``dash`` to ``end``: its speech, and the
    narrator's words between."""
    parts: list[Speech] = []
    narrators: list[str] = []
    start = dash + 1
    while start < end:
        opens = _narrator_opening(text, start, end)
        speech = _trimmed(text, start, opens if opens >= 0 else end)
        if speech is not None:
            parts.append(Speech(speech.start, speech.end, dash, opens))
        if opens < 0:
            break
        closes = _narrator_closing(text, opens + 1, end)
        narrators.append(text[opens + 1:closes if closes >= 0 else end])
        if closes < 0:
            break
        # After "ministro—." the speech goes on, from the closing dash.
        dash, start = closes, closes + 1
        while start < end and text[start] in _AFTER_NARRATOR:
            start += 1
    return parts, narrators


def _narrator_opening(text: str, start: int, end: int) -> int:
    """The next dash with a space before it and a word stuck after it (" —dijo")."""
    m = _OPENS.search(text, start, end)
    return m.start() if m else -1


def _narrator_closing(text: str, start: int, end: int) -> int:
    """The next dash stuck to the word before it ("ministro—"), or -1."""
    m = _CLOSES.search(text, start + 1, end)
    return m.start() if m else -1


def _trimmed(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if _WORD.search(text, start, end) else None

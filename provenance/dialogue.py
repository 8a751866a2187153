"""Speech set off by dialogue dashes, as Spanish, Portuguese, Nordic and French prose writes it.

Spanish, Portuguese and Catalan stick the dash to the words::

    —No vamos a subir los impuestos —dijo el ministro—. Lo haremos en 2026.

A paragraph that opens with a dash stuck to its first word is speech; a dash stuck to the
next word (" —dijo") opens the narrator's words, and a dash stuck to the word before
("ministro—") closes them, after which the speech goes on. Narrator's words left open run
to the paragraph's end.

Swedish, Norwegian, Danish, Finnish and French set the dash apart, and the narrator's words
follow a comma (or a question or exclamation mark) with the verb first::

    – Vi ska inte höja skatterna, säger finansministern och fortsätter: – Inte i år.

The speech ends where such a verb follows; a spaced dash after the narrator's words starts
the speech again. Each stretch of speech is returned on its own, as “…,” dijo, “…” gives
two quotations.

A dash that opens a paragraph is also a list bullet or a credit line ("—The Gazette, 4
March"), so a paragraph counts as dialogue only when the narrator's words say someone
speaks, when it follows a paragraph of dialogue, or when the paragraph before ends with a
verb of saying and a colon ("El ministro dijo:"). Stuck dashes, which lists seldom use,
count in any run of dialogue paragraphs too (an interview's questions and answers).
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
# Where the narrator's words may start in the spaced convention: after a comma, or after a
# question or exclamation mark that ends the speech ("Varför? frågar hon").
_TOLD = re.compile(r"([,?!])\s+(?=\w)")
# A spaced dash after the narrator's words: the speech starts again.
_SPACED_AGAIN = re.compile(rf"\s([{DASHES}])[ \u00a0\u202f]+(?=[^\s{DASHES}])")


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
    # (paragraph, its speech, narrated, stuck dashes)
    found: list[tuple[int, list[Speech], bool, bool]] = []
    for pi, para in enumerate(paragraphs):
        dash, start = _opening(text, para)
        if dash < 0:
            continue
        stuck = start == dash + 1
        if stuck:
            parts, narrators = _split(text, dash, para.end)
            narrated = any(speaks(_first_words(n)) for n in narrators)
        else:
            parts, narrated = _split_spaced(text, dash, start, para.end, speaks)
        if parts:
            found.append((pi, parts, narrated, stuck))
    stuck_paras = {pi for pi, _, _, stuck in found if stuck}
    out: list[Speech] = []
    accepted = -2  # the last paragraph taken for dialogue
    for pi, parts, narrated, stuck in found:
        in_a_run = stuck and (pi - 1 in stuck_paras or pi + 1 in stuck_paras)
        before = paragraphs[pi - 1] if pi > 0 else None
        introduced = before is not None and text[before.end - 1] == ":" and speaks(
            _last_words(text[before.start:before.end - 1]))
        if narrated or in_a_run or introduced or accepted == pi - 1:
            accepted = pi
            out.extend(p for p in parts if len(_WORD.findall(text, p.start, p.end)) >= _MIN_WORDS)
    return out


def _first_words(text: str) -> str:
    return " ".join(_WORD.findall(text[:80])[:_CUE_WORDS])


def _last_words(text: str) -> str:
    return " ".join(_WORD.findall(text[-80:])[-_CUE_WORDS:])


def _opening(text: str, para: Span) -> tuple[int, int]:
    """(the paragraph's opening dash, where its words start), or (-1, -1) when it opens with
    no dash, or with one followed by nothing but spaces or another dash."""
    i = para.start
    while i < para.end and text[i] in "> \t":  # Markdown block-quote markers
        i += 1
    if i >= para.end or text[i] not in DASHES:
        return -1, -1
    j = i + 1
    if j < para.end and text[j] in " \u00a0\u202f":  # one space: the spaced convention
        j += 1
    if j < para.end and not text[j].isspace() and text[j] not in DASHES:
        return i, j
    return -1, -1


def _split_spaced(text: str, dash: int, start: int, end: int,
                  speaks: Callable[[str], bool]) -> tuple[list[Speech], bool]:
    """The paragraph from its spaced opening dash: its speech, and whether a verb of saying
    follows any of it (", säger hon", ", dit-il")."""
    parts: list[Speech] = []
    narrated = False
    while start < end:
        # The verb comes first in the narrator's words: a comma inside the speech ("Ja,
        # vi ska") is followed by other words.
        told = next((m for m in _TOLD.finditer(text, start, end)
                     if (verb := _WORD.match(text, m.end())) and speaks(verb.group())), None)
        stop = told.start() + (told.group(1) != ",") if told else end
        speech = _trimmed(text, start, stop)
        if speech is not None:
            parts.append(Speech(speech.start, speech.end, dash, -1))
        if told is None:
            break
        narrated = True
        again = _SPACED_AGAIN.search(text, told.end(), end)
        if again is None:
            break
        dash, start = again.start(1), again.end()
    return parts, narrated


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

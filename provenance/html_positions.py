"""Where the text extracted from an HTML file stands in the file itself: the line and column
a reader opening the file would look at, for each run of text the walk emitted.

A run is found by its first word, in order, past the run found before it, and kept when the
file goes on with the same words (any whitespace for a space, an entity for its character).
A run the file writes otherwise is skipped, and the one before it stands for it.
"""

from __future__ import annotations

import bisect
import html
import re

__all__ = ["source_positions"]

_RUN_KEY = 24  # characters of a run looked for in the file, to find where it stands
_RUN_REACH = 20_000  # characters of the file searched past the last run found
_RUN_TRIES = 8  # places a run's first word is tried at (it may stand in a tag before)


def source_positions(source: str, runs: list[tuple[int, str]]
                      ) -> tuple[tuple[int, int, int], ...]:
    """Where each run of extracted text stands in the HTML file, as (text offset, line,
    column): found by its first word, in order, past the run found before it, and kept when
    the file goes on with the same words. A run the file writes differently (an entity, a
    tag inside its first words) is skipped, and the one before it stands for it."""
    line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
    out: list[tuple[int, int, int]] = []
    cursor = 0
    for offset, words in runs:
        lead = len(words) - len(words.lstrip())
        body = words[lead:].rstrip()
        if not body:
            continue
        first = body.split()[0][:_RUN_KEY]
        want = min(len(body), _RUN_KEY)
        at = cursor
        for _ in range(_RUN_TRIES):
            at = source.find(first, at, cursor + _RUN_REACH)
            if at < 0:
                break
            if not _in_tag(source, at) and _same_words(source, at, body[:want]):
                cursor = at + len(first)
                out.extend(_run_anchors(source, line_starts, at, offset + lead, body))
                break
            at += 1
    return tuple(out)


def _same_words(source: str, at: int, words: str) -> bool:
    """Whether the file at ``at`` reads ``words``, any run of its whitespace for a space and
    an entity for the character it stands for."""
    j: int | None = at
    for c in words:
        j = _step(source, j, c) if j is not None else None
        if j is None:
            return False
    return True


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _step(source: str, j: int, c: str) -> int | None:
    """Where the file goes on after it writes ``c`` at ``j``; None when it writes another
    character there."""
    if j >= len(source):
        return None
    if c == " " and source[j].isspace():
        while j < len(source) and source[j].isspace():
            j += 1
        return j
    if source[j] == c:
        return j + 1
    if source[j] == "&" and (m := _ENTITY.match(source, j)):
        decoded = html.unescape(m.group(0))
        if decoded == c or (c == " " and decoded.isspace()):
            return m.end()
    return None


def _in_tag(source: str, at: int) -> bool:
    """Whether ``at`` stands inside a tag (an attribute's value, say), not in the text."""
    lo = max(0, at - 4000)
    return source.rfind("<", lo, at) > source.rfind(">", lo, at)


def _run_anchors(source: str, line_starts: list[int], at: int, offset: int, words: str
                 ) -> list[tuple[int, int, int]]:
    """Anchors for one run found at ``at`` in the file: its start, and each place where the
    file breaks the line inside it (the text has one space where the file has a line break
    and indentation). Stops where the file writes the words otherwise."""
    def anchor(text_at: int, src_at: int) -> tuple[int, int, int]:
        i = bisect.bisect_right(line_starts, src_at) - 1
        return text_at, i + 1, src_at - line_starts[i] + 1

    out = [anchor(offset, at)]
    if source.startswith(words, at):
        return out  # written alike: the run start stands for all of it
    j: int | None = at
    for k, c in enumerate(words):
        before = j
        j = _step(source, j, c) if j is not None else None
        if j is None or before is None:
            break
        if j - before > 1 and "\n" in source[before:j]:
            out.append(anchor(offset + k + 1, j))
        elif j - before > 1 and source[before] == "&":
            out.append(anchor(offset + k + 1, j))  # past an entity: text and file realign
    return out



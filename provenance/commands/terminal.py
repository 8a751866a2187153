"""Colour for the command line: only on a terminal, never when NO_COLOR is set."""

from __future__ import annotations

import io
import json
import os
import sys
from typing import TextIO

from provenance.report.visible import UNSEEN, escape_code

__all__ = ["paint", "tolerant_streams", "wants_colour", "write_json"]

# SGR codes: green, yellow, red, dim; colour-blind readers still get the status word itself.
_STATUS = {"found": "32", "altered": "33", "missing": "31", "unverified": "2"}


def wants_colour(stream: TextIO) -> bool:
    """True for a terminal that can show colour, unless the user said no (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(status: str, stream: TextIO, width: int = 10) -> str:
    """The status padded to ``width``, coloured when ``stream`` wants colour."""
    text = f"{status:<{width}}"
    code = _STATUS.get(status)
    if code is None or not wants_colour(stream):
        return text
    return f"\x1b[{code}m{text}\x1b[0m"


def tolerant_streams() -> None:
    """Let standard output and error show any text on a terminal whose encoding cannot
    (latin-1, ASCII): a character it lacks is written as a \\u escape, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


def write_json(text: str, stream: TextIO) -> None:
    """Write JSON ``text``; where the stream's encoding cannot hold every character, as
    ASCII with \\u escapes, which any JSON reader turns back into the same text. Control
    characters and bidi overrides in its strings are always written as \\u escapes (the
    same JSON), so none reaches a terminal raw."""
    text = UNSEEN.sub(lambda m: escape_code(m.group()), text)
    try:
        text.encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        text = json.dumps(json.loads(text), ensure_ascii=True, indent=2) + "\n"
    stream.write(text)

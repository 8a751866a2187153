"""Did the page change where the quote stands? Compare one passage across a URL's captures.

A fact-check made today against a page the quoting author read months ago must say when the
page was edited in between: a quote "missing" from today's page may be in last year's
capture, and a quote "found" today may have been added after the fact. This module looks
for the passage in every capture the cache holds of a URL and says whether that differs.

The caller supplies the captures with their text (``CaptureText``: reading the cache and
extracting text are other stages' work) and ``find``: given one capture's PageText, the
source's own words that best match the quote (the matcher's ``Match.source_text``), or None
when absent. So this module needs no matcher of its own and agrees with the verdicts by
construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from provenance.model import PageText, Problem

__all__ = ["CaptureText", "PassageInCapture", "page_change", "passage_history"]


@dataclass(frozen=True, slots=True)
class CaptureText:
    """One capture of a URL and the text extracted from it."""

    fetched_at: dt.datetime  # UTC
    sha256: str  # of the capture's body
    warc: str | None  # where the capture's response record is in the cache
    text: PageText


@dataclass(frozen=True, slots=True)
class PassageInCapture:
    fetched_at: dt.datetime  # UTC
    sha256: str  # of the capture's body
    warc: str | None  # where the capture's response record is in the cache
    passage: str | None  # the page's own words there, None when the passage is absent
    problem: Problem | None = None  # why this capture's text could not be searched


def passage_history(captures: Iterable[CaptureText],
                    find: Callable[[PageText], str | None]) -> tuple[PassageInCapture, ...]:
    """The passage as it stands in each of a URL's ``captures`` (oldest first)."""
    out = []
    for capture in captures:
        text = capture.text
        passage = find(text) if not text.problem or text.main else None
        out.append(PassageInCapture(capture.fetched_at, capture.sha256, capture.warc, passage,
                                    text.problem))
    return tuple(out)


def page_change(history: tuple[PassageInCapture, ...]) -> str | None:
    """One line saying how the passage changed between captures, or None if it did not.

    Captures whose text could not be read are left out: a bot wall on one visit is not an
    edit. Passages are compared with whitespace collapsed.
    """
    usable = [h for h in history if h.problem is None or h.passage is not None]
    if len(usable) < 2:
        return None
    changes = []
    for before, after in pairwise(usable):
        if _norm(before.passage) == _norm(after.passage):
            continue
        when = f"between the captures of {_day(before.fetched_at)} and {_day(after.fetched_at)}"
        if before.passage is None:
            changes.append(f"the passage appeared {when}")
        elif after.passage is None:
            changes.append(f"the passage was removed {when}")
        else:
            changes.append(f"the passage was edited {when}: “{before.passage}” became "
                           f"“{after.passage}”")
    return "; ".join(changes) or None


def _norm(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _day(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")

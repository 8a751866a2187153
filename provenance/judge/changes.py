"""Did the page change where the quote stands? Compare one passage across a URL's captures.

A fact-check made today against a page the quoting author read months ago must say when the
page was edited in between: a quote "missing" from today's page may be in last year's
capture, and a quote "found" today may have been added after the fact. This module looks
for the passage in every capture the cache holds of a URL and says whether that differs.

The caller supplies ``find``: given one capture's PageText, the source's own words that best
match the quote (the matcher's ``Match.source_text``), or None when absent. So this module
needs no matcher of its own and agrees with the verdicts by construction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from provenance.cache.store import SnapshotCache
from provenance.model import PageText, Problem, Snapshot
from provenance.text.extract import EXTRACTOR, extract_text

__all__ = ["PassageInCapture", "page_change", "passage_history"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PassageInCapture:
    fetched_at: dt.datetime  # UTC
    sha256: str  # of the capture's body
    warc: str | None  # where the capture's response record is in the cache
    passage: str | None  # the page's own words there, None when the passage is absent
    problem: Problem | None = None  # why this capture's text could not be searched


def passage_history(cache: SnapshotCache, url: str,
                    find: Callable[[PageText], str | None],
                    extract: Callable[[Snapshot], PageText] = extract_text,
                    extractor: str = EXTRACTOR) -> tuple[PassageInCapture, ...]:
    """The passage as it stands in each readable capture of ``url``, oldest first.

    Text is taken from the cache's extracted-text store when there, and stored when not.
    """
    out = []
    for snap in cache.captures(url):
        text = cache.text(snap.sha256, extractor)
        if text is None:
            text = extract(snap)
            cache.store_text(snap.sha256, extractor, text)
        passage = find(text) if not text.problem or text.main else None
        out.append(PassageInCapture(snap.fetched_at, snap.sha256, snap.warc, passage,
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

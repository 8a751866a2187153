"""The flag rules: one ordered list, each rule given what it needs by a FlagContext."""

from __future__ import annotations

import datetime as dt

from provenance.judge import RULES, CaptureText, FlagContext, flag, judge
from provenance.match import best_match
from provenance.model import (
    Citation,
    CitationHow,
    Flag,
    PageText,
    Snapshot,
    Source,
    Status,
    Verdict,
)
from provenance.quotes.speakers import other_speaker
from provenance.settings import Settings
from tests.conftest import make_quote

URL = "https://harbour.example/minutes"
PASSAGE = "the harbour board will widen the northern channel"
# Synthetic test pages: the passage in a negated sentence given to another speaker, and
# an earlier capture of the same page with one word otherwise.
NOW = ("Synthetic test page. John Doe said it is not true that the harbour board will widen "
       "the northern channel next spring.")
BEFORE = NOW.replace("widen", "deepen")


def _when(month: int) -> dt.datetime:
    return dt.datetime(2026, month, 2, tzinfo=dt.UTC)


def _capture(month: int, text: str) -> CaptureText:
    return CaptureText(_when(month), f"{month:064d}", None, PageText(text, text))


def _verdict(read_in: int = 3) -> Verdict:
    """The quote found on the capture of month ``read_in``, cited with another date."""
    snap = Snapshot(URL, URL, 200, "text/html", _when(read_in), f"{read_in:064d}", b"")
    citation = Citation("c1", CitationHow.URL, url=URL, date=dt.date(2026, 1, 5))
    text = PageText(NOW, NOW, date=dt.date(2026, 3, 1), language="en")
    quote = make_quote(PASSAGE, language="en", speaker="Jane Roe")
    return judge(quote, Source(citation, snap, text), best_match(quote, text), Settings())


def test_every_rule_flags_in_the_order_of_the_list() -> None:
    verdict = _verdict()
    assert verdict.status is Status.FOUND and verdict.flags == ()
    asked: list[str] = []

    def captures(url: str) -> list[CaptureText]:
        asked.append(url)
        return [_capture(1, BEFORE), _capture(3, NOW)]

    got = flag(verdict, FlagContext(Settings(), other_speaker, captures))
    assert got.flags == (Flag.NEGATED_CONTEXT, Flag.SPEAKER_MISMATCH, Flag.DATE_MISMATCH,
                         Flag.PAGE_CHANGED)
    assert len(RULES) == len(got.flags)
    clauses = ["a negation comes just before it", "gives these words to Jane Roe, the source "
               "to John Doe", "cited as of 2026-01-05, the page is dated 2026-03-01",
               "the passage was edited between the captures of 2026-01-02"]
    at = [got.reason.index(c) for c in clauses]
    assert at == sorted(at)
    assert asked == [URL]


def test_a_capture_later_than_the_one_read_is_not_seen() -> None:
    # Replaying a report read in March: the April edit did not exist yet.
    history = [_capture(1, NOW), _capture(3, NOW), _capture(4, BEFORE)]
    context = FlagContext(Settings(), other_speaker, lambda url: history)
    assert Flag.PAGE_CHANGED not in flag(_verdict(read_in=3), context).flags
    got = flag(_verdict(read_in=4), context)
    assert Flag.PAGE_CHANGED in got.flags
    assert "the passage was edited between the captures of 2026-03-02" in got.reason


def test_without_a_cache_no_page_change_is_looked_for() -> None:
    got = flag(_verdict(), FlagContext(Settings(), other_speaker))
    assert Flag.PAGE_CHANGED not in got.flags
    assert Flag.DATE_MISMATCH in got.flags


def test_an_unreadable_capture_is_no_edit() -> None:
    blocked = CaptureText(_when(2), "2" * 64, None,
                          PageText("", "", problem="blocked: a bot wall (synthetic)"))
    history = [_capture(1, NOW), blocked, _capture(3, NOW)]
    got = flag(_verdict(), FlagContext(Settings(), other_speaker, lambda url: history))
    assert Flag.PAGE_CHANGED not in got.flags

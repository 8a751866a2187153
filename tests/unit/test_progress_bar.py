"""The command line's progress bar: drawn on a terminal for a batch, never elsewhere."""

from __future__ import annotations

import io

from provenance.commands.progress import ProgressBar
from provenance.model import ProgressEvent, ProgressKind

START, DONE, RETRY = ProgressKind.START, ProgressKind.DONE, ProgressKind.RETRY


def batch(total: int) -> list[ProgressEvent]:
    urls = [f"http://news.test/{i}" for i in range(total)]
    events = [ProgressEvent(START, u, total=total) for u in urls]
    events.insert(1, ProgressEvent(RETRY, urls[0], "HTTP 503: attempt 2 of 3 in 1.5 s"))
    events += [ProgressEvent(DONE, u, done=n, total=total) for n, u in enumerate(urls, 1)]
    return events


def test_a_batch_is_drawn_on_a_terminal_and_taken_off_when_done() -> None:
    out = io.StringIO()
    bar = ProgressBar(out, terminal=True)
    for event in batch(3):
        bar(event)
    drawn = out.getvalue()
    assert "fetching" in drawn
    assert "HTTP 503: attempt 2 of 3 in 1.5 s" in drawn
    bar.close()
    assert out.getvalue() == drawn  # the bar stopped with the batch's last page


def test_nothing_is_drawn_off_a_terminal() -> None:
    out = io.StringIO()
    with ProgressBar(out) as bar:  # a StringIO is no terminal
        for event in batch(3):
            bar(event)
    assert out.getvalue() == ""


def test_nothing_is_drawn_for_one_page() -> None:
    out = io.StringIO()
    with ProgressBar(out, terminal=True) as bar:
        for event in batch(1):
            bar(event)
    assert out.getvalue() == ""

"""Progress over the documents of a batch: a bar on a terminal (done, failed, rate, ETA),
else one plain line per document."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from provenance.batch.outcome import Outcome
from provenance.report.visible import visible

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

__all__ = ["DocumentProgress"]


class DocumentProgress:
    """Told of each document's ``Outcome`` as it ends. ``plain`` (or a stream that is no
    terminal) writes one line per document; else a rich bar drawn on ``stream``."""

    def __init__(self, total: int, stream: TextIO | None = None, *, plain: bool = False,
                 quiet: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.plain = plain or not (isatty and isatty())
        self.quiet, self.total = quiet, total
        self.done = self.failed = 0
        self.began = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> DocumentProgress:
        if not self.quiet and not self.plain and self.total > 1:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                                 TimeRemainingColumn(),
                                 console=Console(file=self.stream, force_terminal=True),
                                 # Redrawn as each document ends (below), not by a thread
                                 # of its own: the batch's workers fork from this process
                                 # only while no other thread runs in it.
                                 auto_refresh=False, transient=True)
            self._bar.start()
            self._task = self._bar.add_task("documents", total=self.total, rate="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar = None

    def __call__(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += bool(outcome.error)
        if self.quiet:
            return
        rate = self.done / max(1e-9, time.monotonic() - self.began)
        if self._bar is not None and self._task is not None:
            failed = f", {self.failed} failed" if self.failed else ""
            self._bar.update(self._task, completed=self.done,
                             description=f"documents{failed}", rate=f"{rate:.1f}/s")
            self._bar.refresh()  # now: a document is seconds of work, worth one redraw
            return
        if outcome.error:
            what = f"not checked: {visible(outcome.error)}"
        elif outcome.resumed:
            what = "earlier reports stand"
        else:
            counts: dict[str, int] = {}
            for r in outcome.rows:
                counts[r.status] = counts.get(r.status, 0) + 1
            what = (", ".join(f"{n} {s}" for s, n in counts.items()) or "no quotations")
        print(f"[{self.done}/{self.total}] {visible(outcome.path)}: {what} "
              f"({outcome.seconds:.2f} s, {rate:.1f} documents/s)", file=self.stream,
              flush=True)

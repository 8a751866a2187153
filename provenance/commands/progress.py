"""Fetch progress drawn on a terminal: the library tells what happens, the command line draws.

A batch of pages (``fetch_many``) gets a rich progress bar on standard error while it runs,
gone once it is done; retries and waits show beside it. Nothing is drawn when standard
error is not a terminal (a pipe, a log file), nor for a batch of one page.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, TextIO

from provenance.model import ProgressEvent, ProgressKind

if TYPE_CHECKING:  # rich loads only when there is a bar to draw
    from rich.progress import Progress, TaskID

__all__ = ["ProgressBar"]

_LABEL = "fetching"


class ProgressBar:
    """A ``Progress`` callback that draws on ``stream``; call it from any thread. ``close``
    (or leaving a ``with`` block) takes a bar still drawn off the screen."""

    def __init__(self, stream: TextIO | None = None, *, terminal: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.terminal = bool(isatty and isatty()) if terminal is None else terminal
        self._lock = threading.Lock()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, event: ProgressEvent) -> None:
        if not self.terminal:
            return
        with self._lock:
            if self._bar is None and event.kind is ProgressKind.START and event.total > 1:
                self._start(event.total)
            if self._bar is None or self._task is None:
                return
            if event.kind is ProgressKind.DONE:
                self._bar.update(self._task, completed=event.done, description=_LABEL)
                if event.done >= event.total:
                    self._stop()
            elif event.kind in (ProgressKind.RETRY, ProgressKind.WAIT):
                self._bar.update(self._task, description=f"{_LABEL} ({event.detail})")
                self._bar.refresh()  # now: the next page done would replace it unseen

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import Progress

        console = Console(file=self.stream, force_terminal=self.terminal)
        self._bar = Progress(console=console, transient=True)
        self._bar.start()
        self._task = self._bar.add_task(_LABEL, total=total)

    def _stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        self._bar, self._task = None, None

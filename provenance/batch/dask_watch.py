"""Whether a batch on a Dask cluster can still finish: the watchdog of ``on_dask``.

Dask retries a task whose worker died on another worker, and a ``LocalCluster``'s nanny
starts a new worker process in the place of a dead one. What Dask does not do is give up:
with every worker gone (killed, out of memory, their machine down) or the scheduler gone,
the batch's futures stay pending for ever. The watchdog says when to stop waiting: no
worker for ``lost_after`` seconds, the scheduler unreachable for as long, or no document
finished for ``quiet_after`` seconds. The documents left are then reported as not checked,
with that reason, rather than the batch hanging.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

__all__ = ["Watchdog"]

LOST_AFTER = 60.0  # s with no worker, or no scheduler, before the batch stops waiting
# s with no document finished before the batch stops waiting. A document's every request
# has a timeout; this is for a task stuck past them all (a worker that hangs).
QUIET_AFTER = 900.0
_EVERY = 1.0  # s between two looks at the cluster


class Watchdog:
    """Told of each finished document (``finished``); ``trouble`` is why the batch should
    stop waiting, or "" while it may still finish. ``clock`` is injectable for tests."""

    def __init__(self, client: Any, lost_after: float = LOST_AFTER,
                 quiet_after: float = QUIET_AFTER,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.client, self.clock = client, clock
        self.lost_after, self.quiet_after = lost_after, quiet_after
        now = clock()
        self._last_done = now
        self._last_look = now - _EVERY
        self._lost_since: float | None = None
        self._lost_what = ""

    def finished(self) -> None:
        self._last_done = self.clock()

    def trouble(self) -> str:
        now = self.clock()
        if now - self._last_look < _EVERY:
            return ""
        self._last_look = now
        lost = self._lost()
        if lost:
            if self._lost_since is None:
                self._lost_since = now
            self._lost_what = lost
            if now - self._lost_since >= self.lost_after:
                return f"{lost} for {self.lost_after:g} s"
        else:
            self._lost_since = None
        if now - self._last_done >= self.quiet_after:
            return f"no document finished in {self.quiet_after:g} s"
        return ""

    @property
    def scheduler_lost(self) -> bool:
        return self._lost_since is not None and self._lost_what.startswith("no answer")

    def _lost(self) -> str:
        """What is missing for the batch to go on: "" when the scheduler answers and has a
        worker."""
        try:
            # Asked with a timeout of its own: a scheduler gone would leave the call waiting.
            threads = self.client.nthreads(callback_timeout=10)
        except Exception:  # any failure to hear from the scheduler is the same news
            return "no answer from the Dask scheduler"
        return "" if threads else "no Dask worker in the cluster"

"""The documents of a local batch still to hand out, shared by the two who take them: the
thread that keeps the worker processes busy, in groups, and this process, which checks
documents itself, one at a time, while workers started by a forkserver get ready."""

from __future__ import annotations

import threading
from collections import deque

from provenance.batch.inputs import Job

__all__ = ["Feed", "Item"]

Item = tuple[int, Job]  # (the document's place in the batch, the document)
_GROUP = 8  # documents sent to a worker at once, at most
_SPREAD = 4  # groups left for each worker, at least, before a group shrinks


class Feed:
    """``todo``, handed out first come first served, largest file first: a long document
    left for the end would keep one worker busy while the others wait."""

    def __init__(self, todo: list[Item], workers: int) -> None:
        self._left = deque(sorted(todo, key=lambda item: -_size(item[1])))
        self._workers = max(1, workers)
        self._lock = threading.Lock()
        self.closed = False

    def one(self) -> Item | None:
        with self._lock:
            return self._left.popleft() if self._left and not self.closed else None

    def group(self) -> list[Item]:
        """The next documents for one worker: up to ``_GROUP`` of them (one message each
        way rather than one per document), fewer as the batch nears its end, so the last
        documents still spread over every worker."""
        with self._lock:
            if self.closed:
                return []
            size = max(1, min(_GROUP, len(self._left) // (self._workers * _SPREAD)))
            return [self._left.popleft() for _ in range(min(size, len(self._left)))]

    def close(self) -> None:
        """Hand out nothing more (the batch was interrupted)."""
        with self._lock:
            self.closed = True


def _size(job: Job) -> int:
    try:
        return job.path.stat().st_size
    except OSError:
        return 0  # unreadable: its worker says why, soon enough

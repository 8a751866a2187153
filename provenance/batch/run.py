"""Run a batch: documents in parallel worker processes sharing one cache.

The checker is imported only by the way that checks here (in this process or its worker
processes): a batch on a Dask cluster checks nothing in this process, which then starts
in a fraction of the time."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.batch.inputs import Job
from provenance.batch.outcome import Outcome
from provenance.batch.resume import earlier
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.batch.worker import Worker

__all__ = ["default_jobs", "run_batch"]

OnDone = Callable[[Outcome], None]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_batch(jobs: Sequence[Job], settings: Settings, workers: int, *,
              resume: bool = False, on_done: OnDone | None = None, dask: str | None = None,
              local: Worker | None = None,
              dask_limits: tuple[float, float] | None = None) -> list[Outcome]:
    """Check every job, ``workers`` processes at once (1: in this process), or on the Dask
    cluster ``dask`` names (``local:N`` or a scheduler's address), and return the outcomes
    in the jobs' order. ``resume`` keeps the reports an earlier run left that still stand.
    ``on_done`` hears of each document as it ends, in any order. ``local``, when given,
    checks every document in this process (a run that logs each step uses it).
    ``dask_limits``, when given, are the cluster watchdog's (lost after, quiet after: s)."""
    tell = on_done or (lambda _: None)
    outcomes: dict[int, Outcome] = {}
    todo: list[tuple[int, Job]] = []
    for i, job in enumerate(jobs):
        kept = earlier(job, settings) if resume else None
        if kept is not None:
            outcomes[i] = kept
            tell(kept)
        else:
            todo.append((i, job))
    if todo and dask is not None:
        from provenance.batch.dask_run import on_dask  # Dask loads only when asked for

        if dask_limits is None:
            on_dask(dask, todo, settings, outcomes, tell)
        else:
            on_dask(dask, todo, settings, outcomes, tell, lost_after=dask_limits[0],
                    quiet_after=dask_limits[1])
    elif todo and (local is not None or workers <= 1 or len(todo) == 1):
        from provenance.batch.worker import Worker

        _in_process(todo, local or Worker(settings, None), outcomes, tell)
    elif todo:
        from provenance.batch.pool import in_pool

        with tempfile.TemporaryDirectory(prefix="provenance-locks-") as locks:
            in_pool(todo, settings, min(workers, len(todo)), Path(locks), outcomes, tell)
    return [outcomes[i] for i in range(len(jobs))]


def _in_process(todo: list[tuple[int, Job]], worker: Worker, outcomes: dict[int, Outcome],
                tell: OnDone) -> None:
    from provenance.api import writing_reports
    from provenance.batch.worker import checked

    try:
        with writing_reports():  # reports written over an earlier run's, no file made each
            for i, job in todo:
                outcomes[i] = checked(worker, job)
                tell(outcomes[i])
    finally:
        worker.close()

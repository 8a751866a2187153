"""Run a batch: documents in parallel worker processes sharing one cache."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

from provenance.batch.inputs import Job
from provenance.batch.resume import earlier
from provenance.batch.worker import Outcome, Worker, check_job, start
from provenance.settings import Settings

__all__ = ["default_jobs", "run_batch"]

OnDone = Callable[[Outcome], None]
_TRIES = 3  # runs of one document whose worker died under it, before it is given up


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
        _in_process(todo, local or Worker(settings, None), outcomes, tell)
    elif todo:
        with tempfile.TemporaryDirectory(prefix="provenance-locks-") as locks:
            _in_pool(todo, settings, workers, Path(locks), outcomes, tell)
    return [outcomes[i] for i in range(len(jobs))]


def _in_process(todo: list[tuple[int, Job]], worker: Worker, outcomes: dict[int, Outcome],
                tell: OnDone) -> None:
    try:
        for i, job in todo:
            try:
                outcomes[i] = worker.check(job)
            except Exception as exc:  # a fault of ours: the other documents still run
                outcomes[i] = Outcome(str(job.path), job.name,
                                      error=f"not checked: {type(exc).__name__}: {exc}")
            tell(outcomes[i])
    finally:
        worker.close()


def _in_pool(todo: list[tuple[int, Job]], settings: Settings, workers: int, locks: Path,
             outcomes: dict[int, Outcome], tell: OnDone) -> None:
    # forkserver (spawn where there is none): a fork of this process would copy its threads'
    # locks and its open cache connection into the children.
    context: BaseContext = multiprocessing.get_context("spawn")
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        # The server imports the checker once; each worker forks from it ready to run,
        # rather than importing it again.
        server.set_forkserver_preload(["provenance.batch.worker"])
        context = server
    tries = dict.fromkeys((i for i, _ in todo), 0)
    while todo:
        todo = _one_pool(todo, settings, workers, locks, context, outcomes, tell, tries)


def _one_pool(todo: list[tuple[int, Job]], settings: Settings, workers: int, locks: Path,
              context: BaseContext, outcomes: dict[int, Outcome], tell: OnDone,
              tries: dict[int, int]) -> list[tuple[int, Job]]:
    """Run ``todo`` in one pool; return the documents to run again in a new pool: those a
    dead worker (killed, out of memory) took down with it, each at most ``_TRIES`` times.
    Their captures already written stay in the cache (each is stored whole or not at all)."""
    again: list[tuple[int, Job]] = []
    with ProcessPoolExecutor(max_workers=min(workers, len(todo)), mp_context=context,
                             initializer=start, initargs=(settings, locks)) as pool:
        futures: dict[Future[Outcome], tuple[int, Job]] = {
            pool.submit(check_job, job): (i, job) for i, job in todo}
        for fut in as_completed(futures):
            i, job = futures[fut]
            try:
                outcomes[i] = fut.result()
            except BrokenProcessPool as exc:
                tries[i] += 1
                if tries[i] < _TRIES:
                    again.append((i, job))
                    continue
                outcomes[i] = Outcome(str(job.path), job.name,
                                      error=f"not checked: its worker died {_TRIES} times ({exc})")
            except Exception as exc:  # a fault of ours in a worker
                outcomes[i] = Outcome(str(job.path), job.name,
                                      error=f"not checked: {type(exc).__name__}: {exc}")
            tell(outcomes[i])
    return sorted(again, key=lambda item: item[0])

"""A batch on a Dask distributed cluster: documents are tasks, a few to a task.

``--dask local:N`` starts a ``distributed.LocalCluster`` of N worker processes on loopback;
``--dask tcp://HOST:PORT`` uses a running scheduler (``dask scheduler`` and ``dask worker``,
see docs/scale.md). Every worker must reach the documents, the cache folder and the report
folder (a shared file system). Each worker process opens its caches once and checks
document after document with them, as a local batch's workers do. A task is a small group
of documents in order (``_groups``): a warm document costs about what a task costs Dask, so
the groups share that cost, while each document is still checked, retried and reported on
its own.

Online, each worker writes its captures to a shard of its own under the cache folder, and
the shards are merged into the cache when the batch ends (``shards``); requests hold
cluster-wide leases of their host, and each page is fetched once on the whole cluster
(``cluster_fetch``). A task whose worker died runs again elsewhere (Dask retries it); a
cluster left with no worker, or no scheduler, ends the batch with the documents left
reported as not checked (``dask_watch``), never a batch waiting for ever.

Dask is an optional extra: ``pip install 'provenance[dask]'``.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provenance.batch.cluster_fetch import distributed_module
from provenance.batch.dask_watch import LOST_AFTER, QUIET_AFTER, Watchdog
from provenance.batch.inputs import Job
from provenance.batch.outcome import Outcome, fault, unchecked
from provenance.errors import ProvenanceError
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.batch.worker import Worker

__all__ = ["on_dask"]

log = logging.getLogger(__name__)

_WORKERS_WAIT = 60.0  # s a batch waits for the cluster's first worker
_RETRIES = 2  # runs again of a document that raised; a task whose worker died is Dask's
# Documents per task, at most, and groups per worker thread, at least. A document is a few
# ms of work when its pages are cached; a task costs the scheduler, the worker and this
# process a few ms more (messages, pickling, state), which groups share.
_GROUP = 16
_SPREAD = 8
_POLL = 0.05  # s between two looks for finished documents
_LOCK = threading.Lock()
_WORKERS: dict[tuple[Settings, str], Worker] = {}  # this worker process's, per run


def on_dask(address: str, todo: Sequence[tuple[int, Job]], settings: Settings,
            outcomes: dict[int, Outcome], tell: Callable[[Outcome], None], *,
            lost_after: float = LOST_AFTER, quiet_after: float = QUIET_AFTER) -> None:
    """Check ``todo`` on the cluster at ``address`` (``local:N`` or a scheduler's URL);
    ``lost_after`` and ``quiet_after`` are the watchdog's (``dask_watch``)."""
    distributed = distributed_module()
    # A worker runs in a folder of its own, on this machine or another: every path it is
    # given names the same file there as here.
    here = Path.cwd()
    todo = [(i, replace(job, cwd=here)) for i, job in todo]
    settings = _absolute_paths(settings)
    # The cluster's own chatter (workers starting, closing) is not the run's output.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    cluster = _local_cluster(distributed, address) if address.startswith("local:") else None
    if cluster is not None:
        from provenance.batch.dask_quiet import LOGGERS

        for name in LOGGERS:  # the in-process nannies and scheduler, as the cluster closes
            logging.getLogger(name).setLevel(logging.CRITICAL)
    if cluster is not None:
        address = cluster.scheduler_address
    run = ""
    if not settings.offline:
        # (the cache's modules load only for a run that may fetch: an offline run's
        # workers read the cache, and this process only gathers their outcomes)
        from provenance.batch.run_caches import catch_up
        from provenance.batch.shards import new_run
        from provenance.text.extract import EXTRACTOR

        run = str(new_run(settings.cache_dir))
        # The workers read the run's cache, never write it: its found-elsewhere index is
        # brought up to date here, as a local run's first lookup would.
        catch_up(settings.cache_dir, EXTRACTOR)
    try:
        with distributed.Client(address) as client:
            try:
                # No worker, no progress: a cluster whose workers never came up would
                # otherwise leave the batch waiting for ever.
                client.wait_for_workers(1, timeout=_WORKERS_WAIT)
            except TimeoutError:
                raise ProvenanceError(f"no Dask worker joined {address} within "
                                      f"{_WORKERS_WAIT:g} s") from None
            if cluster is not None:
                from provenance.batch.dask_quiet import Quiet

                client.register_plugin(Quiet())
            trouble = _gather(distributed, client, todo, settings, run, outcomes, tell,
                              Watchdog(client, lost_after, quiet_after))
            if run and not trouble:  # (a cluster in trouble may not answer)
                _forget(client, settings, run)
    except OSError as exc:
        raise ProvenanceError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    finally:
        if cluster is not None:
            cluster.close(timeout=30)
    if run:
        from provenance.batch.shards import merge_run

        merged = merge_run(Path(run), settings.cache_dir)
        if merged is not None and not merged.ok:
            where = ", ".join(f"{w}: {why}" for w, why in merged.damaged[:3])
            raise ProvenanceError(f"the workers' cache shards in {run} did not merge whole "
                                  f"({where}); they are kept: merge them with 'provenance "
                                  f"cache merge'")


def _absolute_paths(settings: Settings) -> Settings:
    """The settings with each relative path (cache, sources file…) made absolute."""
    paths: dict[str, Any] = {f.name: value.absolute() for f in fields(settings)
             if isinstance(value := getattr(settings, f.name), Path)
             and not value.is_absolute()}
    return replace(settings, **paths) if paths else settings


def _local_cluster(distributed: Any, address: str) -> Any:
    try:
        n = int(address.removeprefix("local:"))
    except ValueError:
        n = 0
    if n < 1:
        raise ProvenanceError(f"--dask local:N takes a number of workers, not {address!r}")
    import dask

    # The scheduler runs in this process: a lease whose holder died is looked for every
    # second, not every ten. Workers do without Dask's statistical profiler (a thread taking
    # every other thread's stack every 10 ms, for the dashboard): its CPU is the checking's.
    # Every server (scheduler, nannies, workers) times its event loop every second, not
    # every 20 ms: at 20 ms an idle cluster of two workers took a tenth of a core.
    dask.config.set({"distributed.scheduler.locks.lease-validation-interval": "1s",
                     "distributed.worker.profile.enabled": False,
                     "distributed.admin.tick.interval": "1s"})
    if "forkserver" in multiprocessing.get_all_start_methods():
        # Worker processes fork from a server that imported Dask and the checker once,
        # rather than each importing them again (seconds of each run's start).
        dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"})
        from distributed.utils import get_mp_context

        # The checker and what its first document would warm (``batch.warm``) too: this
        # module alone no longer loads it.
        get_mp_context().set_forkserver_preload(
            ["distributed", "provenance.batch.dask_run", "provenance.batch.worker",
             "provenance.batch.warm"])
    # No memory limit: the nanny would otherwise restart a worker that grows past its share
    # of the machine, mid-document; the checking keeps no data in Dask's memory.
    # The dashboard on a free port: the usual one may be another cluster's.
    return distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                    host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                    memory_limit=0)


def _groups(todo: Sequence[tuple[int, Job]], threads: int) -> list[list[tuple[int, Job]]]:
    """The documents in order, in groups of up to ``_GROUP``: as many as leave each worker
    thread ``_SPREAD`` groups or more, so the batch's end still spreads over every worker."""
    size = max(1, min(_GROUP, len(todo) // max(1, threads * _SPREAD)))
    return [list(todo[i:i + size]) for i in range(0, len(todo), size)]


def _gather(distributed: Any, client: Any, todo: Sequence[tuple[int, Job]],
            settings: Settings, run: str, outcomes: dict[int, Outcome],
            tell: Callable[[Outcome], None], watch: Watchdog) -> str:
    """Submit the documents and gather their outcomes; why the batch stopped early, or ""."""
    threads = sum(client.nthreads().values())
    # Keys of this batch alone: two batches on one running cluster (offline ones have no
    # run folder) must never share a task.
    tag = uuid.uuid4().hex[:16]
    futures = {client.submit(_check, [job for _, job in group], settings, run,
                             key=f"documents-{group[0][0]}-{tag}", pure=False,
                             retries=_RETRIES): group
               for group in _groups(todo, threads)}
    finished = distributed.as_completed(futures)
    trouble = ""
    while not finished.is_empty():
        batch = finished.next_batch(block=False)
        done = [fut for fut in batch if fut.status == "finished"]
        # Gathered together: one round trip for every group finished since the last look.
        results = dict(zip(done, client.gather(done, errors="skip"), strict=True)) if done else {}
        for fut in batch:
            group = futures.pop(fut)
            got: list[Outcome] = results.get(fut) or []
            why = ""
            if not got:
                try:
                    got = fut.result()
                except Exception as exc:  # failed on every try, or its workers kept dying
                    why = fault(exc)
            for n, (i, job) in enumerate(group):
                outcomes[i] = unchecked(job, why) if why else got[n]
                tell(outcomes[i])
            # Let go of it, so its worker does not hold every outcome until the batch ends.
            fut.release()
            watch.finished()
        if not batch:
            trouble = watch.trouble()
            if trouble:
                break
            time.sleep(_POLL)
    if not trouble:
        return ""
    log.error("Dask batch stopped: %s", trouble)
    left = list(futures)  # the documents not finished
    for fut in left:
        for i, job in futures[fut]:
            outcomes[i] = unchecked(job, trouble)
            tell(outcomes[i])
    if not watch.scheduler_lost:
        try:
            client.cancel(left, force=True)
        except Exception as exc:  # the batch is over either way
            log.warning("could not cancel the Dask tasks left: %s", exc)
    return trouble


def _forget(client: Any, settings: Settings, run: str) -> None:
    """Have every worker close its caches of ``run`` (its shard is merged next)."""
    try:
        client.run(_close_run, settings, run, wait=True)
    except Exception as exc:  # a worker gone closes nothing; its shard is merged all the same
        log.warning("could not tell every Dask worker the batch ended: %s", exc)


def _close_run(settings: Settings, run: str) -> None:
    with _LOCK:
        worker = _WORKERS.pop((settings, run), None)
    if worker is not None:
        worker.close()


def _check(jobs: list[Job], settings: Settings, run: str) -> list[Outcome]:
    """A task: a few documents, one after the other, on whichever worker runs it, with that
    worker's caches. A document that raises is tried again on its own (``_RETRIES``); the
    others of its group go on. A worker that dies takes the group with it: Dask runs it
    again elsewhere, and the documents it had checked are checked again (their captures are
    found, not fetched again; their reports are written again, the same)."""
    from provenance.api import writing_reports  # (loaded with the checker: see _worker)

    with _LOCK:
        worker = _WORKERS.get((settings, run))
        if worker is None:
            worker = _WORKERS[(settings, run)] = _worker(settings, run)
    with writing_reports():  # a group's reports written over an earlier run's, no file made
        return [_one(worker, job) for job in jobs]


def _one(worker: Worker, job: Job) -> Outcome:
    for attempt in range(_RETRIES + 1):
        try:
            return worker.check(job)
        except Exception as exc:  # a fault of ours: the document is tried again
            if attempt == _RETRIES:
                return unchecked(job, fault(exc))
    raise AssertionError("unreachable")


def _worker(settings: Settings, run: str) -> Worker:
    """This worker process's checker for ``run``. The checker is imported here, in the
    worker, not where this module is imported: the command that gathers the outcomes
    never checks a document, and starts without it."""
    from provenance.batch.cluster_fetch import ClusterLocks, HostLeases
    from provenance.batch.run_caches import RunCache
    from provenance.batch.shards import ShardPages, shard_of
    from provenance.batch.worker import Worker

    if settings.offline:
        return Worker(settings, None)
    distributed = distributed_module()
    locks = ClusterLocks()
    shard = shard_of(Path(run), str(distributed.get_worker().name))
    cache = RunCache.over(shard, settings.cache_dir, Path(run))
    return Worker(settings, None, network=HostLeases.around_web(settings, locks), shard=shard,
                  cache=cache, pages=lambda own: ShardPages(own, locks, settings.refresh))

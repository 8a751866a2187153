"""A batch on a Dask distributed cluster: documents are tasks.

``--dask local:N`` starts a ``distributed.LocalCluster`` of N worker processes on loopback;
``--dask tcp://HOST:PORT`` uses a running scheduler (``dask scheduler`` and ``dask worker``,
see docs/scale.md). Every worker must reach the cache folder and the report folder (a
shared file system). Each worker process opens the cache once and checks document after
document with it, as a local batch's workers do. Requests to one host, across the whole
cluster, hold one lease of a ``distributed.Semaphore`` named for that host, so no host has
more than ``--per-host`` requests in flight at once.

Dask is an optional extra: ``pip install 'provenance[dask]'``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from provenance.batch.inputs import Job
from provenance.batch.worker import Outcome, Worker
from provenance.errors import ProvenanceError
from provenance.fetch.schedule import host_of
from provenance.model import Fetcher, Snapshot
from provenance.settings import Settings

__all__ = ["HostLeases", "on_dask"]

_LOCK = threading.Lock()
_WORKERS_WAIT = 60.0  # s a batch waits for the cluster's first worker
_WORKERS: dict[Settings, Worker] = {}


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ProvenanceError("--dask needs Dask: pip install 'provenance[dask]'") from None
    return distributed


def on_dask(address: str, todo: Sequence[tuple[int, Job]], settings: Settings,
            outcomes: dict[int, Outcome], tell: Callable[[Outcome], None]) -> None:
    """Check ``todo`` on the cluster at ``address`` (``local:N`` or a scheduler's URL)."""
    distributed = _distributed()
    # The cluster's own chatter (workers starting, closing) is not the run's output.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    if address.startswith("local:"):
        try:
            n = int(address.removeprefix("local:"))
        except ValueError:
            n = 0
        if n < 1:
            raise ProvenanceError(f"--dask local:N takes a number of workers, not {address!r}")
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address=None)
        address = cluster.scheduler_address
    try:
        with distributed.Client(address) as client:
            try:
                # No worker, no progress: a cluster whose workers never came up would
                # otherwise leave the batch waiting for ever.
                client.wait_for_workers(1, timeout=_WORKERS_WAIT)
            except TimeoutError:
                raise ProvenanceError(f"no Dask worker joined {address} within "
                                      f"{_WORKERS_WAIT:g} s") from None
            futures = {client.submit(_check, job, settings, key=f"document-{i}", pure=False,
                                     retries=2): (i, job) for i, job in todo}
            for fut in distributed.as_completed(futures):
                i, job = futures[fut]
                try:
                    outcomes[i] = fut.result()
                except Exception as exc:  # a worker lost more often than retries allow
                    outcomes[i] = Outcome(str(job.path), job.name,
                                          error=f"not checked: {type(exc).__name__}: {exc}")
                tell(outcomes[i])
    except OSError as exc:
        raise ProvenanceError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    finally:
        if cluster is not None:
            cluster.close()


def _check(job: Job, settings: Settings) -> Outcome:
    """A task: one document, on whichever worker runs it, with that worker's cache."""
    with _LOCK:
        worker = _WORKERS.get(settings)
        if worker is None:
            network = None if settings.offline else HostLeases.around_web(settings)
            worker = _WORKERS[settings] = Worker(settings, None, network=network)
    return worker.check(job)


class HostLeases(Fetcher):
    """``inner``, each request holding a lease of the cluster-wide semaphore of its host
    (``per_host`` leases each). Made in a task, where the worker's client is found."""

    def __init__(self, inner: Fetcher, per_host: int) -> None:
        self.inner, self.per_host = inner, max(1, per_host)
        distributed = _distributed()
        self._client = distributed.get_client()
        self._semaphores: dict[str, Any] = {}
        self._lock = threading.Lock()

    @classmethod
    def around_web(cls, settings: Settings) -> HostLeases:
        from provenance.fetch.archive_origin import ArchiveOriginFetcher
        from provenance.fetch.http import HttpFetcher

        return cls(ArchiveOriginFetcher(HttpFetcher(settings), settings), settings.per_host)

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        semaphore = self._semaphore(host_of(url))
        semaphore.acquire()
        try:
            return self.inner.fetch(url, previous=previous)
        finally:
            semaphore.release()

    def close(self) -> None:
        self.inner.close()

    def _semaphore(self, host: str) -> Any:
        distributed = _distributed()
        with self._lock:
            if host not in self._semaphores:
                # Made in whichever thread fetches (fetch_many's pool), so told outright
                # which scheduler and event loop to use: the worker's, found in the task.
                self._semaphores[host] = distributed.Semaphore(
                    max_leases=self.per_host, name=f"provenance-host-{host}",
                    scheduler_rpc=self._client.scheduler, loop=self._client.loop)
            return self._semaphores[host]

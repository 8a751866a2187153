"""Fetching politely, and each page once, across a Dask cluster.

Every worker of a cluster has its own fetch scheduler; what must hold across all of them is
kept by Dask's distributed primitives, on the scheduler:

- ``HostLeases``: a request to a host holds one lease of the ``distributed.Semaphore`` named
  for that host (``per_host`` leases), so no host has more than ``--per-host`` requests in
  flight across the cluster; with ``--politeness S`` it then waits for the host's next
  polite start, a time kept in a ``distributed.Variable`` read and moved on under a
  one-lease semaphore of the host.
- ``ClusterLocks``: a one-lease semaphore per URL, held while a page is looked up and
  fetched, so two workers wanting the same new page do not both fetch it.

A lease held by a worker that dies is freed when the scheduler stops hearing from it (the
lease timeout, ``LEASE_TIMEOUT``), so a killed worker never blocks a host or a page for good.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from typing import Any

from provenance.errors import ProvenanceError
from provenance.fetch.schedule import host_of
from provenance.model import Fetcher, Snapshot
from provenance.settings import Settings

__all__ = ["LEASE_TIMEOUT", "ClusterLocks", "HostLeases", "distributed_module"]

# s without a refresh from a lease's holder before the scheduler frees the lease. Dask's
# default (30 s) would hold a dead worker's hosts and pages for half a minute; the holder
# refreshes every fifth of it, which a loaded machine still manages.
LEASE_TIMEOUT = "10s"


def distributed_module() -> Any:
    try:
        import distributed
    except ImportError:
        raise ProvenanceError("--dask needs Dask: pip install 'provenance[dask]'") from None
    return distributed


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class ClusterLocks:
    """Named one-lease semaphores (and a variable or two) on the cluster of the task that
    makes this, usable from any thread of that worker."""

    def __init__(self) -> None:
        import dask

        distributed = distributed_module()
        # Set in the worker process before any semaphore is made: each takes its lease
        # timeout from the configuration when it registers.
        dask.config.set({"distributed.scheduler.locks.lease-timeout": LEASE_TIMEOUT})
        self._distributed = distributed
        self.client = distributed.get_client()
        self._made: dict[str, Any] = {}
        self._lock = threading.Lock()

    def semaphore(self, name: str, leases: int) -> Any:
        with self._lock:
            if name not in self._made:
                # Made in whichever thread fetches (fetch_many's pool), so told outright
                # which scheduler and event loop to use: the worker's, found in the task.
                self._made[name] = self._distributed.Semaphore(
                    max_leases=leases, name=name, scheduler_rpc=self.client.scheduler,
                    loop=self.client.loop)
            return self._made[name]

    def variable(self, name: str) -> Any:
        return self._distributed.Variable(name, client=self.client)

    @contextlib.contextmanager
    def url(self, url: str) -> Iterator[None]:
        """Held while ``url`` is looked up and fetched: one worker of the cluster at a time.
        Not kept once released: a run reads thousands of pages, each once."""
        semaphore = self._distributed.Semaphore(
            max_leases=1, name=f"provenance-url-{_key(url)}",
            scheduler_rpc=self.client.scheduler, loop=self.client.loop)
        semaphore.acquire()
        try:
            yield
        finally:
            semaphore.release()
            # Each semaphore refreshes its leases from the event loop, which keeps it alive:
            # stopped, it goes, rather than thousands of them keeping the loop busy.
            refresh = getattr(semaphore, "refresh_callback", None)
            if refresh is not None:
                self.client.loop.add_callback(refresh.stop)


class HostLeases(Fetcher):
    """``inner``, each request holding a lease of its host's cluster-wide semaphore
    (``per_host`` leases each), started ``politeness`` seconds after the host's last start
    anywhere on the cluster."""

    def __init__(self, inner: Fetcher, locks: ClusterLocks, per_host: int,
                 politeness: float = 0.0) -> None:
        self.inner, self.locks = inner, locks
        self.per_host, self.politeness = max(1, per_host), max(0.0, politeness)

    @classmethod
    def around_web(cls, settings: Settings, locks: ClusterLocks) -> Fetcher:
        """The web as a run reads it, a web archive's copies included, every request (the
        archive's too) under its host's leases."""
        from provenance.fetch.archive_origin import ArchiveOriginFetcher
        from provenance.fetch.http import HttpFetcher

        web = cls(HttpFetcher(settings), locks, settings.per_host, settings.politeness)
        return ArchiveOriginFetcher(web, settings)

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        host = _key(host_of(url))
        semaphore = self.locks.semaphore(f"provenance-host-{host}", self.per_host)
        semaphore.acquire()
        try:
            if self.politeness:
                self._polite_start(host)
            return self.inner.fetch(url, previous=previous)
        finally:
            semaphore.release()

    def close(self) -> None:
        self.inner.close()

    def _polite_start(self, host: str) -> None:
        """Wait for the host's next start and set the one after, under the host's lock.
        Times are wall-clock (time.time): the workers' clocks must agree, as NTP keeps them."""
        lock = self.locks.semaphore(f"provenance-polite-{host}", 1)
        lock.acquire()
        try:
            due = self.locks.variable(f"provenance-polite-{host}")
            try:
                pause = float(due.get(timeout=0)) - time.time()
            except TimeoutError:  # no request to this host yet
                pause = 0.0
            if pause > 0:
                time.sleep(pause)
            due.set(time.time() + self.politeness)
        finally:
            lock.release()

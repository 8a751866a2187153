"""Check one document of a batch, in whichever process runs it, and write its reports.

Each worker process opens the cache once (``start``) and checks document after document
with it; what goes back to the parent is small (an ``Outcome``), never the report itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from multiprocessing.util import Finalize
from pathlib import Path

from provenance.api import load_document, write_reports, writing_reports
from provenance.batch.host_slots import HostSlots
from provenance.batch.inputs import Job
from provenance.batch.once import OncePerUrl
from provenance.batch.outcome import Outcome, fault, unchecked
from provenance.batch.rows import row_of
from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.store import SnapshotCache
from provenance.errors import ProvenanceError
from provenance.model import Fetcher, Report, ReuseKind
from provenance.pipeline import resolvers, verify
from provenance.settings import Settings

__all__ = ["Worker", "check_group", "checked", "start", "with_evidence"]


class Worker:
    """The cache and fetcher one process checks its documents with.

    ``shard``, when given, is the cache folder this worker writes its captures to instead of
    the run's cache (a cluster's worker), and ``pages`` what the pipeline reads pages
    through, made around the fetcher over that cache (one that also looks in the run's
    cache and the other workers' shards). ``cache``, when given, is the cache opened over
    that folder (closed with the worker)."""

    def __init__(self, settings: Settings, locks: Path | None, *,
                 network: Fetcher | None = None, shard: Path | None = None,
                 pages: Callable[[CachedFetcher], Fetcher] | None = None,
                 cache: SnapshotCache | None = None) -> None:
        self.settings = settings
        self.fetcher: CachedFetcher
        self.cache: SnapshotCache
        if network is None and locks is not None and not settings.offline:
            network = HostSlots.around_web(settings, locks)
        opened = settings if shard is None else replace(settings, cache_dir=shard)
        self.fetcher, self.cache = open_fetcher(opened, network=network, cache=cache)
        self._given = cache
        self.pages: Fetcher = self.fetcher
        if pages is not None:
            self.pages = pages(self.fetcher)
        elif locks is not None and not settings.offline:
            self.pages = OncePerUrl(self.fetcher, locks)
        self.resolver = resolvers(settings, self.pages)

    def check(self, job: Job) -> Outcome:
        began = time.perf_counter()
        origin = str(job.path)
        try:
            path, out_dir = job.here()
            document = load_document(path, self.fetcher)
            if path != job.path:  # named as the command was given it, wherever read
                document = replace(document, origin=origin)
            report = verify(document, self.settings, self.pages, self.cache, self.resolver())
            unstored = tuple(self.fetcher.unstored)
            self.fetcher.unstored.clear()
            report = with_evidence(report, unstored)
            written = write_reports(report, out_dir, self.settings.formats, name=job.name)
        except ProvenanceError as exc:  # DocumentError included: unreadable, too large…
            return Outcome(origin, job.name, error=str(exc),
                           seconds=time.perf_counter() - began)
        uncredited = sum(r.kind is ReuseKind.UNCREDITED for r in report.reuse)
        return Outcome(origin, job.name, tuple(row_of(origin, v) for v in report.verdicts),
                       tuple(map(str, written)), "", unstored, time.perf_counter() - began,
                       uncredited=uncredited)

    def close(self) -> None:
        self.pages.close()
        if self._given is not None:
            self._given.close()


_WORKER: Worker | None = None


def start(settings: Settings, locks: Path | None) -> None:
    """A worker process's initializer: open the cache once for all its documents."""
    global _WORKER
    _WORKER = Worker(settings, locks)
    # A worker process ends through multiprocessing, which runs its finalizers, not atexit.
    Finalize(None, _WORKER.close, exitpriority=0)


def check_group(jobs: list[Job]) -> list[Outcome]:
    """Run in a worker process started with ``start``: a few documents, one after the
    other, their outcomes sent back together."""
    if _WORKER is None:
        raise RuntimeError("check_group runs in a process started with start()")
    with writing_reports():  # a group's reports written over an earlier run's, no file made
        return [checked(_WORKER, job) for job in jobs]


def checked(worker: Worker, job: Job) -> Outcome:
    """``worker.check(job)``; a fault of ours in it is that document's outcome, and the
    other documents still run."""
    try:
        return worker.check(job)
    except Exception as exc:
        return unchecked(job, fault(exc))


def with_evidence(report: Report, unstored: tuple[tuple[str, str], ...] | list[tuple[str, str]]
                  ) -> Report:
    """The report, its manifest saying which captures could not be kept, if any."""
    if not unstored:
        return report
    reasons = sorted({why for _, why in unstored})
    line = (f"not stored: {'; '.join(reasons)} ({len(unstored)} "
            f"capture{'s' if len(unstored) != 1 else ''}: "
            + ", ".join(url for url, _ in unstored) + ")")
    return replace(report, manifest=(*report.manifest, ("evidence", line)))

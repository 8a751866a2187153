"""A local batch over worker processes.

Where it is safe (a POSIX system, and no other thread in this process yet), the workers
are forked from this process at once: they start in milliseconds with everything it has
loaded, warmed once here (``batch.warm``). Otherwise they fork from a forkserver that
imports the checker once; until that is done (half a second or more, on a busy machine
longer) they check nothing, so this process, which has the checker loaded already, checks
documents itself, one at a time, until the first worker's outcome comes back, and from
then on only gathers outcomes. Either way a thread keeps the workers busy, a small group
of documents per message (``Feed.group``).

A worker that dies (killed, out of memory) breaks its pool: each document of the groups
that were in flight is run again in a new pool (from the forkserver: threads run here by
then), on its own, at most ``_TRIES`` times in all, so one document that kills its worker
does not take the others of its group down with it for good. Its captures already written
stay in the cache (each is stored whole or not at all). Documents run again never run in
this process: one of them may be what killed a worker.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path

from provenance.api import writing_reports
from provenance.batch.feed import Feed, Item
from provenance.batch.outcome import Outcome, fault, unchecked
from provenance.batch.worker import Worker, check_group, checked, start
from provenance.settings import Settings

__all__ = ["in_pool"]

_TRIES = 3  # runs of one document whose worker died under it, before it is given up
_AHEAD = 2  # groups in flight per worker: the next is there when one ends

_Done = tuple[int, Outcome]
_Told = queue.Queue[_Done | BaseException | None]  # outcomes; a failure; the end (None)


def in_pool(todo: list[Item], settings: Settings, workers: int, locks: Path,
            outcomes: dict[int, Outcome], tell: Callable[[Outcome], None]) -> None:
    """Check ``todo`` with ``workers`` processes, and this one while they start."""
    feed = Feed(todo, workers)
    done: _Told = queue.Queue()
    forked = _forked(settings, workers, locks)  # before any thread of ours starts
    pools = threading.Thread(target=_pools, args=(feed, settings, workers, locks, done,
                                                  forked),
                             name="provenance-pool", daemon=True)
    pools.start()
    ended = False

    def take(item: _Done | BaseException | None) -> None:
        nonlocal ended
        if item is None:
            ended = True
        elif isinstance(item, BaseException):
            raise item
        else:
            outcomes[item[0]] = item[1]
            tell(item[1])

    try:
        if forked is None:  # workers still starting: check documents here meanwhile
            _help(feed, settings, locks, done, outcomes, tell)
        while not ended:
            take(done.get())
    finally:
        feed.close()  # interrupted: the groups in flight end, no more are handed out
        pools.join()


def _help(feed: Feed, settings: Settings, locks: Path, done: _Told,
          outcomes: dict[int, Outcome], tell: Callable[[Outcome], None]) -> None:
    """Check documents in this process until a worker's first outcome (or the end, or a
    failure to start the workers) comes back."""
    worker: Worker | None = None
    try:
        with writing_reports():  # reports written over an earlier run's, no file made each
            while done.empty():
                item = feed.one()
                if item is None:
                    break
                if worker is None:
                    # Opened only now: a batch whose workers are up at once opens nothing.
                    worker = Worker(settings, locks)
                i, job = item
                outcomes[i] = checked(worker, job)
                tell(outcomes[i])
    finally:
        if worker is not None:
            worker.close()


def _forked(settings: Settings, workers: int, locks: Path) -> ProcessPoolExecutor | None:
    """A pool of ``workers`` processes forked from this one now, or None when a fork is not
    safe here: where the system has none, or where another thread runs (a fork copies the
    locks it may hold, never to be released in the child). No cache is open here yet, and a
    connection opened later is this process's alone (``cache.index`` asks whose it is)."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    # Warms this process on its first import (once here, rather than once in each worker on
    # its first document); a later batch of the same process finds it warm.
    import provenance.batch.warm  # noqa: F401
    pool = _pool(multiprocessing.get_context("fork"), settings, workers, locks)
    # With fork the pool starts every worker on its first task, from the thread that gives
    # it, and only then its own threads: given here, the fork sees this thread alone.
    pool.submit(int)
    return pool


def _pools(feed: Feed, settings: Settings, workers: int, locks: Path, done: _Told,
           forked: ProcessPoolExecutor | None) -> None:
    try:
        tries: dict[int, int] = {}
        again: list[Item] = []
        broken = True
        pool = forked
        while broken and not feed.closed:  # a pool that broke leaves the rest to a new one
            if pool is None:
                pool = _pool(_forkserver(), settings, workers, locks)
            again, broken = _one_pool(feed, again, pool, workers, done, tries)
            pool = None
    except BaseException as exc:  # told to the main thread, which raises it
        done.put(exc)
    finally:
        if forked is not None:  # (closed already, unless the batch ended before it ran)
            forked.shutdown(cancel_futures=True)
        done.put(None)


def _pool(context: BaseContext, settings: Settings, workers: int,
          locks: Path) -> ProcessPoolExecutor:
    """``workers`` processes started by ``context``, each opening the cache once."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=start,
                               initargs=(settings, locks))


def _forkserver() -> BaseContext:
    # forkserver (spawn where there is none): a fork of this process would copy its threads'
    # locks and its open cache connection into the children.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    server = multiprocessing.get_context("forkserver")
    # The server imports the checker once, and warms what each worker would build on its
    # first document; each worker forks from it ready to run.
    server.set_forkserver_preload(["provenance.batch.worker", "provenance.batch.warm"])
    return server


def _one_pool(feed: Feed, again: list[Item], pool: ProcessPoolExecutor, workers: int,
              done: _Told, tries: dict[int, int]) -> tuple[list[Item], bool]:
    """Run documents in ``pool`` until there are none left or a worker dies, and close it;
    return the documents to run again in a new pool, each on its own, and whether a worker
    died."""
    retry: list[Item] = []
    with pool:
        flying: dict[Future[list[Outcome]], list[Item]] = {}
        broken = _top_up(pool, flying, again, feed, workers, retry)
        while flying:
            finished, _ = wait(flying, return_when=FIRST_COMPLETED)
            for fut in finished:
                group = flying.pop(fut)
                try:
                    got = fut.result()
                except BrokenProcessPool as exc:
                    broken = True
                    retry += _dead(group, tries, exc, done)
                    continue
                except Exception as exc:  # a fault of ours in a worker, outside any document
                    got = [unchecked(job, fault(exc)) for _, job in group]
                for (i, _), outcome in zip(group, got, strict=True):
                    done.put((i, outcome))
            if not broken:
                broken = _top_up(pool, flying, again, feed, workers, retry)
    return sorted(retry + again, key=lambda item: item[0]), broken


def _top_up(pool: ProcessPoolExecutor, flying: dict[Future[list[Outcome]], list[Item]],
            again: list[Item], feed: Feed, workers: int, retry: list[Item]) -> bool:
    """Give the workers groups until ``_AHEAD`` each are in flight: the documents to run
    again first, one to a group. Returns whether the pool is broken."""
    while len(flying) < workers * _AHEAD:
        group = [again.pop(0)] if again else feed.group()
        if not group:
            break
        try:
            flying[pool.submit(check_group, [job for _, job in group])] = group
        except BrokenProcessPool:  # a worker died before a group in flight was seen to fail
            retry += group
            return True
    return False


def _dead(group: list[Item], tries: dict[int, int], exc: BaseException,
          done: _Told) -> list[Item]:
    """The documents of a group whose worker died to run again; those that have been
    there ``_TRIES`` times are given up, and said to be."""
    retry: list[Item] = []
    for i, job in group:
        tries[i] = tries.get(i, 0) + 1
        if tries[i] < _TRIES:
            retry.append((i, job))
        else:
            done.put((i, unchecked(job, f"its worker died {_TRIES} times ({exc})")))
    return retry

"""``--per-host`` and ``--politeness`` across the worker processes of one machine.

Each process's scheduler keeps its own per-host count; N processes would otherwise let a
host see N times ``--per-host`` requests at once. ``HostSlots`` wraps the network fetcher
(under the cache, so a page served from the cache takes no slot): a request first holds one
of ``per_host`` lock files of its host (``fcntl.flock``, let go when the request ends or its
process dies; with none free, it waits on one of them in turn), then waits until the host's
next polite start, which a small file shared by the processes records.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import struct
import threading
import time
from pathlib import Path

from provenance.fetch.archive_origin import ArchiveOriginFetcher
from provenance.fetch.http import HttpFetcher
from provenance.fetch.schedule import host_of
from provenance.model import Fetcher, Snapshot
from provenance.settings import Settings

__all__ = ["HostSlots"]

class HostSlots(Fetcher):
    def __init__(self, inner: Fetcher, locks: Path, per_host: int, politeness: float) -> None:
        self.inner, self.locks = inner, locks
        self.per_host, self.politeness = max(1, per_host), max(0.0, politeness)
        self._turn, self._turn_lock = 0, threading.Lock()
        locks.mkdir(parents=True, exist_ok=True)

    @classmethod
    def around_web(cls, settings: Settings, locks: Path) -> Fetcher:
        """The web as a run reads it (a web archive's copies included), every request to a
        host, the archive's included, in one of that host's slots."""
        web = HostSlots(HttpFetcher(settings), locks, settings.per_host, settings.politeness)
        return ArchiveOriginFetcher(web, settings)

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        key = "host-" + hashlib.sha256(host_of(url).encode("utf-8", "surrogatepass")
                                       ).hexdigest()[:24]
        slot = self._slot(key)
        try:
            if self.politeness:
                self._polite_start(key)
            return self.inner.fetch(url, previous=previous)
        finally:
            os.close(slot)  # lets go of the lock

    def close(self) -> None:
        self.inner.close()

    def _slot(self, key: str) -> int:
        """The descriptor of a slot file this process now holds locked: a free one, else
        the next one in turn, waited for (the kernel hands it over the moment it is let go;
        looking again every few milliseconds left a request idle for most of that time)."""
        for i in range(self.per_host):
            fd = self._open(key, i)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            return fd
        with self._turn_lock:
            self._turn += 1
            i = self._turn % self.per_host  # waiters spread over the slots
        fd = self._open(key, i)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _open(self, key: str, i: int) -> int:
        return os.open(self.locks / f"{key}-{i}.lock", os.O_RDWR | os.O_CREAT, 0o600)

    def _polite_start(self, key: str) -> None:
        """Wait for the host's next start time and set the one after, under a lock."""
        fd = os.open(self.locks / f"{key}.next", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            raw = os.pread(fd, 8, 0)
            due = struct.unpack("d", raw)[0] if len(raw) == 8 else 0.0
            # time.time, not monotonic: the processes must share one clock.
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            os.pwrite(fd, struct.pack("d", time.time() + self.politeness), 0)
        finally:
            os.close(fd)

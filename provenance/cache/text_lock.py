"""One process at a time makes a body's text, of all those sharing a cache.

A page cited by many documents of a batch is wanted by several worker processes at once:
the one that fetched it goes on to extract its text (the slow part of a cold run), and the
others, which waited for the capture, would extract it again, each keeping the same text.
``making_text`` holds an exclusive lock (``fcntl.flock``, let go when the block ends or the
process dies) while a text is made; whoever waited on it reads the text kept meanwhile.

The locks are a fixed set of small files under the cache (``locks/text-XX.lock``, by the
digest's first two hex digits): a cache of any size holds at most 256, and two bodies that
share one wait for each other only while one of them is read.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["TextBusy", "making_text"]

try:
    import fcntl
except ImportError:  # (no flock: each process makes what it needs, as before)
    fcntl = None  # type: ignore[assignment]


class TextBusy(Exception):
    """Another process is making a text under the lock asked for without waiting."""


@contextlib.contextmanager
def making_text(root: Path, sha256: str, wait: bool = True) -> Iterator[None]:
    """A block in which no other process sharing the cache at ``root`` makes a text of a
    body with this digest's first two hex digits; without ``wait``, TextBusy when another
    process is in such a block now. A cache whose folder cannot take the lock file
    (read-only, full) runs the block unlocked: a lock only saves work."""
    fd = -1
    if fcntl is not None:
        try:
            folder = root / "locks"
            folder.mkdir(exist_ok=True)
            fd = os.open(folder / f"text-{sha256[:2].lower()}.lock", os.O_RDWR | os.O_CREAT,
                         0o600)
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise TextBusy(sha256) from None
        except OSError:
            if fd >= 0:
                os.close(fd)
            fd = -1
    try:
        yield
    finally:
        if fd >= 0:
            os.close(fd)  # lets go of the lock

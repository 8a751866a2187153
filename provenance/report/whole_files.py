"""Report files written whole or not at all, a re-run's without making a file each.

A report is written into a temporary file that is then moved over its name: a reader, or a
run killed midway, finds the old report or the new one, never half of one. Each such move
makes a new file and frees the old one, and making a file is what costs on some file
systems: ext4 without a journal looks past every inode freed in the last few seconds for a
free one, up to 0.7 ms of kernel time a file on a disk whose files churn, as a batch's
reports do when it is run again.

Inside ``spare_files()``, where the system can swap two names at once (Linux's
``renameat2`` with ``RENAME_EXCHANGE``: ext4, XFS, Btrfs, tmpfs), a report that exists is
replaced by writing the new one into a spare file of its folder and swapping the two names:
the old report becomes the spare for the next one. A re-run writes its thousands of reports
without making or freeing a file; a new report still takes one file. The spares (hidden,
``.provenance-spare-PID-….tmp``) are removed when the block ends. Elsewhere, or where the
swap fails, a report is written as before, through a temporary file of its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["replace_file", "replace_text", "spare_files"]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28, musl 1.2.5
    except (OSError, AttributeError, TypeError):  # a C library without it
        return None
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    call.restype = ctypes.c_int
    found: Callable[..., int] = call
    return found


_RENAME = _renameat2()  # None where the names cannot be swapped (then, for the process)


class _Spares(threading.local):
    def __init__(self) -> None:
        self.depth = 0
        self.by_folder: dict[Path, Path] = {}
        self.pid = os.getpid()  # a process forked inside a block starts without its spares


_LOCAL = _Spares()  # per thread: a spare is never written by two threads at once


def _spares() -> _Spares:
    if _LOCAL.pid != os.getpid():
        _LOCAL.depth, _LOCAL.by_folder, _LOCAL.pid = 0, {}, os.getpid()
    return _LOCAL


@contextlib.contextmanager
def spare_files() -> Iterator[None]:
    """A block in which ``replace_file`` keeps one spare file per folder (see the module
    docstring); they are removed when the outermost block ends."""
    local = _spares()
    local.depth += 1
    try:
        yield
    finally:
        local.depth -= 1
        if local.depth == 0:
            spares, local.by_folder = local.by_folder, {}
            for spare in spares.values():
                with contextlib.suppress(OSError):
                    spare.unlink()


def replace_file(path: Path, fill: Callable[[TextIO], object]) -> Path:
    """Write ``path`` whole or not at all: ``fill`` writes the text into a stream of a file
    that then takes the name ``path``."""
    local, folder = _spares(), path.parent
    spare = local.by_folder.pop(folder, None) if local.depth else None
    tmp = spare or folder / (f".provenance-spare-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
                             if local.depth else path.name + ".tmp")
    try:
        # A spare is written over, then cut to the new text's length: emptying it first
        # would free its blocks only for the new text to take others (several times the
        # kernel time of the write).
        with tmp.open("r+" if spare else "w", encoding="utf-8") as stream:
            fill(stream)
            if spare:
                stream.truncate()
        if local.depth and _swapped(tmp, path):
            local.by_folder[folder] = tmp  # the old report, to be written over next
        else:
            tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # no half-written report left behind
        raise
    return path


def replace_text(path: Path, text: str) -> Path:
    """``replace_file`` with ``text`` as the file's whole content."""
    return replace_file(path, lambda stream: stream.write(text))


def _swapped(tmp: Path, path: Path) -> bool:
    """Swap the two names; False when ``path`` is not a file (yet) or the file system
    cannot swap (then never asked again in this process)."""
    global _RENAME
    if _RENAME is None:
        return False
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False  # a folder or a link in the report's place: not swapped away
    except FileNotFoundError:
        return False  # a new report
    if _RENAME(_AT_FDCWD, os.fsencode(tmp), _AT_FDCWD, os.fsencode(path),
               _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.ENOENT:  # a new report: moved into place as usual
        return False
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        _RENAME = None  # a file system (or kernel, or sandbox) without the swap
        return False
    raise OSError(code, os.strerror(code), str(path))

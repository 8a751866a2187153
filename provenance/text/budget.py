"""Reading a big page under a time budget and a memory ceiling.

A page of many megabytes can take trafilatura and lxml tens of seconds and gigabytes (the
parse trees of a page are many times its size), and what a parser allocates is not all given
back to the system when it is done. So a big page is read in a child process
(``python -m provenance.text.reader``): it caps its own address space
(``resource.setrlimit``), the parent waits for it at most the time the settings give it
(``Settings.page_seconds``, its ceiling ``page_memory``), and all its memory
goes back to the system when it exits, whatever the parser kept. A page over budget gets a
typed problem saying so, never a hang; that text is not cached (``per_capture``), so a later
run on a less busy machine reads the page again.

The child is a fresh interpreter, not a fork: the run has fetcher threads, and forking a
threaded process can deadlock the child; multiprocessing's spawn would re-run the caller's
main script. The snapshot goes in and the text comes out as pickles over the child's stdin
and stdout, between two processes of this same package.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable

from provenance.model import PageText, Problem, ProblemKind, Snapshot
from provenance.settings import Settings

__all__ = ["MEMORY_EXIT", "NEAR", "bounded", "cap_memory", "peak_mapped"]

log = logging.getLogger(__name__)

MEMORY_EXIT = 3  # the child's exit code when the ceiling was hit
NEAR = 64 * 1024 * 1024  # bytes: a failure this close to the ceiling is the ceiling's
_DEFAULTS = Settings()


def bounded(snapshot: Snapshot, seconds: float | None = None, memory: int | None = None,
            fallback: Callable[[Snapshot], PageText] | None = None) -> PageText:
    """The page's text read in a child process, or a PageText whose problem says the page
    was over budget: ``seconds`` to read it, ``memory`` bytes the child may map beyond what
    it starts with (by default the settings' ``page_seconds`` and ``page_memory``).
    ``fallback`` reads it here when no child process can be started."""
    seconds = _DEFAULTS.page_seconds if seconds is None else seconds
    memory = _DEFAULTS.page_memory if memory is None else memory
    command = [sys.executable, "-m", "provenance.text.reader", str(memory)]
    try:
        done = subprocess.run(command, input=pickle.dumps(snapshot, pickle.HIGHEST_PROTOCOL),
                              capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:  # (run() has killed the child)
        return _over(snapshot, f"reading the page took over {seconds:g} s")
    except OSError as exc:
        if fallback is None:
            raise
        log.warning("reading %s in this process: %s", snapshot.url, exc)
        return fallback(snapshot)
    mb = memory // (1024 * 1024)
    if done.returncode == MEMORY_EXIT:
        return _over(snapshot, f"reading the page needed more than {mb} MB of memory")
    if done.returncode != 0:
        # No word from the child: the system's memory killer, or a crash in a parser.
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"the page reader stopped (exit code {done.returncode}) {why[0]}")
    text = pickle.loads(done.stdout)  # (written by our own child, just now)
    if not isinstance(text, PageText):
        raise RuntimeError(f"the page reader answered a {type(text).__name__}")
    return text


def _over(snapshot: Snapshot, why: str) -> PageText:
    size = len(snapshot.body) / (1024 * 1024)
    log.warning("%s: %s", snapshot.url, why)
    return PageText("", "", per_capture=True, problem=Problem(
        ProblemKind.UNREADABLE, f"{why} ({size:.1f} MB)"))


def cap_memory(memory: int) -> int:
    """Cap this process's address space at what it maps now plus ``memory``; the cap, or 0
    when none could be set."""
    try:
        import resource
    except ImportError:  # not on this system: the time budget still holds
        return 0
    try:
        with open("/proc/self/statm") as f:
            mapped = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        mapped = 0
    limit = mapped + memory
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as exc:
        log.warning("memory ceiling not set: %s", exc)
        return 0
    return limit


def peak_mapped() -> int:
    """The most this process has mapped (VmPeak), in bytes; 0 when unknown."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0

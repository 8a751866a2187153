"""The page reader's child process (``python -m provenance.text.reader MEMORY``): a pickled
snapshot in on stdin, its pickled text out on stdout, under a memory ceiling (see
``provenance.text.budget``)."""

from __future__ import annotations

import contextlib
import importlib
import pickle
import sys

from provenance.text.budget import MEMORY_EXIT, NEAR, cap_memory, peak_mapped
from provenance.text.extract import read_snapshot

__all__: list[str] = []


def _main(memory: int) -> int:
    snapshot = pickle.loads(sys.stdin.buffer.read())  # (sent by our parent)
    # What reading any page loads is loaded before the ceiling, so that the ceiling
    # measures this page (a library mapped under it fails as an ImportError, not as memory).
    for module in ("trafilatura", "trafilatura.settings", "lxml.html", "py3langid",
                   "charset_normalizer", "unicodedata", "pypdf"):
        with contextlib.suppress(ImportError):
            importlib.import_module(module)
    limit = cap_memory(memory)
    try:
        text = read_snapshot(snapshot)
    except MemoryError:
        return MEMORY_EXIT
    except Exception:
        # Out of memory, a C library says something else ("XPathEvalError: unknown error"):
        # a failure near the ceiling is the ceiling's.
        if limit and peak_mapped() >= limit - NEAR:
            return MEMORY_EXIT
        raise
    del snapshot
    sys.stdout.buffer.write(pickle.dumps(text, pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_main(int(sys.argv[1])))

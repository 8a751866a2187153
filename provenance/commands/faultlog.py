"""Where the tracebacks of faults of ours go during a command: a file, named to the user.

The library sends them to the ``provenance.internal`` logger (``errors.internal_error``);
the terminal gets one line per fault (the verdict's reason) and, at the end, where the
tracebacks are. The file is made only when there is something to put in it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import TracebackType

from provenance.errors import INTERNAL_LOG

__all__ = ["FaultLog"]

NAME = "provenance-errors.log"


class _File(logging.FileHandler):
    """A file handler that makes its folder when it first writes, and counts records."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        try:
            Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return  # nowhere to keep it: the verdicts still say what failed
        super().emit(record)


class FaultLog:
    """Attach a file for the internal logger while the block runs."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / NAME
        self._handler = _File(self.path)
        self._handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S"))

    @property
    def count(self) -> int:
        return self._handler.count

    def __enter__(self) -> FaultLog:
        logging.getLogger(INTERNAL_LOG).addHandler(self._handler)
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        logging.getLogger(INTERNAL_LOG).removeHandler(self._handler)
        self._handler.close()

    def summary(self) -> str | None:
        """The line that names the file, when anything was written to it."""
        if not self.count:
            return None
        plural = "error" if self.count == 1 else "errors"
        return (f"provenance: {self.count} internal {plural} (a fault of this tool, not of "
                f"the pages); the tracebacks are in {self.path}")

"""What becomes of one document of a batch: its verdict rows and report files, or why it
has none. Kept apart from the checking (``worker``): the process that gathers a cluster's
outcomes reads them without loading the checker."""

from __future__ import annotations

from dataclasses import dataclass

from provenance.batch.inputs import Job
from provenance.batch.rows import Row

__all__ = ["Outcome", "fault", "unchecked"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one document: its rows and report files, or why it has none."""

    path: str
    name: str
    rows: tuple[Row, ...] = ()
    written: tuple[str, ...] = ()
    error: str = ""  # the document could not be read or its reports not written
    unstored: tuple[tuple[str, str], ...] = ()  # (URL, why) of captures not kept
    seconds: float = 0.0
    resumed: bool = False  # an earlier run's reports stand
    uncredited: int = 0  # passages reused from a cited source with nothing crediting it


def unchecked(job: Job, why: str) -> Outcome:
    """The outcome of a document that was not checked, and why."""
    return Outcome(str(job.path), job.name, error=f"not checked: {why}")


def fault(exc: BaseException) -> str:
    """A fault of ours as a document's outcome gives it: the exception's kind and words."""
    return f"{type(exc).__name__}: {exc}"

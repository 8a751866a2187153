"""Which files of the paths given are documents, and the name of each one's reports."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from provenance.document import DOCUMENT_SUFFIXES

__all__ = ["Job", "Skipped", "collect", "name_reports"]


@dataclass(frozen=True, slots=True)
class Job:
    """One document of a batch: where it is, the folder and file stem of its reports."""

    path: Path
    out_dir: Path
    name: str
    # The folder a relative ``path`` and ``out_dir`` are taken from, when it is not the
    # current one (a cluster worker's is its own); the document keeps ``path`` as its name.
    cwd: Path | None = None

    def here(self) -> tuple[Path, Path]:
        """The document's path and its reports' folder, in this process's folder."""
        if self.cwd is None:
            return self.path, self.out_dir
        return self.cwd / self.path, self.cwd / self.out_dir


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file a batch did not check, and why (unsupported type, unreadable)."""

    path: Path
    reason: str


def collect(targets: Sequence[Path], out_dir: Path) -> tuple[list[Job], list[Skipped]]:
    """The documents under ``targets`` in a stable order, and the files passed over.

    A folder is walked; its hidden files and folders (a name starting with ".") and the
    report folder ``out_dir`` are never entered, so a second run does not check the first
    one's reports. A file named outright is checked whatever its name. Reports mirror each
    folder's layout under ``out_dir``.
    """
    out = _resolved(out_dir)
    found: list[tuple[Job, Path]] = []  # each with the file it is, to count it once
    skipped: list[Skipped] = []
    for target in targets:
        if not target.is_dir():
            found.append((Job(target, out_dir, target.stem or "document"), _resolved(target)))
            continue
        walked: list[tuple[Path, Path]] = []
        _walk(target, _resolved(target), out, walked)
        for path, real in walked:
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                rel = path.parent.relative_to(target)
                found.append((Job(path, out_dir / rel, path.stem or "document"), real))
            else:
                skipped.append(Skipped(path, f"unsupported type {path.suffix or '(none)'}"))
    return name_reports(_unique(found)), skipped


def name_reports(jobs: list[Job]) -> list[Job]:
    """Report names that never collide. A document keeps its stem (``story.md`` gives
    ``story.md``/``story.json``) unless another document's reports would land in the same
    folder under the same stem; then each of them keeps its extension (``story.html.md``,
    ``story.md.md``), and a name still taken gets ``-2``, ``-3``… in path order."""
    groups: dict[tuple[Path, str], list[int]] = defaultdict(list)
    for i, job in enumerate(jobs):
        groups[(job.out_dir, job.name.casefold())].append(i)
    names = [job.name for job in jobs]
    for members in groups.values():
        if len(members) > 1:
            for i in members:
                names[i] = jobs[i].path.name
    taken: set[tuple[Path, str]] = set()
    named = []
    for job, name in zip(jobs, names, strict=True):
        candidate, n = name, 1
        while (job.out_dir, candidate.casefold()) in taken:
            n += 1
            candidate = f"{name}-{n}"
        taken.add((job.out_dir, candidate.casefold()))
        named.append(Job(job.path, job.out_dir, candidate))
    return named


def _walk(folder: Path, real: Path, out: Path, found: list[tuple[Path, Path]]) -> None:
    """The files under ``folder`` (whose resolved path is ``real``), in name order, a
    folder's own before its subfolders', each with the file it resolves to; hidden ones, the
    report folder ``out`` and linked folders are passed over, as a folder that cannot be
    listed is. What a listing says of each entry is used: no file is looked at apart, so a
    folder of a million documents is listed, not a million files asked about."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        return
    folders = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
            elif entry.is_symlink():
                # Linked: a document when it leads to a file (not a folder, not nowhere),
                # counted as the file it leads to.
                if entry.is_file():
                    found.append((folder / entry.name, _resolved(folder / entry.name)))
            elif entry.is_file(follow_symlinks=False):
                found.append((folder / entry.name, real / entry.name))
        except OSError:  # gone since the listing
            continue
    for entry in folders:
        inner = real / entry.name
        if inner != out:
            _walk(folder / entry.name, inner, out, found)


def _unique(found: list[tuple[Job, Path]]) -> list[Job]:
    """Each document once, though named twice (a file and its folder, a link and the file
    it leads to)."""
    seen: set[Path] = set()
    kept = []
    for job, real in found:
        if real not in seen:
            seen.add(real)
            kept.append(job)
    return kept


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()

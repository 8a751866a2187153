"""`provenance check DIR|FILE...`: a batch of documents, one report each, then the index
and summary of the whole batch."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from provenance.batch.inputs import collect
from provenance.batch.run import default_jobs, run_batch
from provenance.batch.summary import summarize, write_index
from provenance.commands.documents_progress import DocumentProgress
from provenance.errors import DocumentError, ProvenanceError
from provenance.report.visible import visible
from provenance.resolve.sources import read_user_files
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.batch.worker import Worker

__all__ = ["run_batch_command"]

_SHOWN = 10  # unreadable and skipped files listed by name on the terminal; all in the summary


class _Fails(Protocol):
    @property
    def uncredited_reuse(self) -> bool: ...

    def hits(self, status: str, flags: tuple[str, ...]) -> bool: ...


def run_batch_command(args: argparse.Namespace, settings: Settings, fails: _Fails) -> int:
    """Exit code: 2 when captures could not be kept (unless ``--no-evidence``), else 1
    when a verdict is one ``--fail-on`` names, else 0. A document that cannot be read is
    listed in the summary; it does not decide the exit code."""
    if args.json or args.replay is not None:
        raise ProvenanceError("--json and --replay take one document, not a batch")
    workers = default_jobs() if args.jobs is None else args.jobs
    for name, value in (("--dask-lost-after", args.dask_lost_after),
                        ("--dask-quiet-after", args.dask_quiet_after)):
        if not value > 0:  # NaN too
            raise ProvenanceError(f"{name} takes a number of seconds above 0, not {value:g}")
    if workers < 1:
        raise ProvenanceError(f"--jobs must be 1 or more, not {workers}")
    targets = [Path(d) for d in args.document]
    missing = [t for t in targets if not t.exists()]
    if missing:
        raise DocumentError(f"{missing[0]}: no such file or folder")
    if args.resume and "json" not in settings.formats:
        raise ProvenanceError("--resume reads the earlier JSON reports: keep json in --format")
    read_user_files(settings)  # a sources or outlets file that does not read: one error, now
    jobs, skipped = collect(targets, settings.out_dir)
    if not jobs:
        raise DocumentError(f"{', '.join(map(str, targets))}: no .txt, .md, .html or .pdf "
                            "documents in it")
    with DocumentProgress(len(jobs), plain=args.progress == "plain",
                          quiet=args.quiet) as progress:
        outcomes = run_batch(jobs, settings, workers, resume=args.resume, on_done=progress,
                             dask=args.dask, local=_logged_worker(settings, args),
                             dask_limits=(args.dask_lost_after, args.dask_quiet_after))
    summary = summarize(outcomes, skipped)
    written = write_index(settings.out_dir, outcomes, summary)
    if not args.quiet:
        _print(summary, written)
    lost = [u for o in outcomes for u in o.unstored]
    if lost:
        print(f"provenance: evidence not stored: {len(lost)} of the pages read have no "
              "capture in the cache", file=sys.stdout)
        if not args.no_evidence:
            return 2
    failed = any(fails.hits(r.status, r.flags) for o in outcomes for r in o.rows) or (
        fails.uncredited_reuse and any(o.uncredited for o in outcomes))
    return 1 if failed else 0


def _logged_worker(settings: Settings, args: argparse.Namespace) -> Worker | None:
    """With -v, a worker in this process that logs every page and resolution step (worker
    processes would log where no one reads); else None."""
    if not args.verbose or args.dask:
        return None
    from provenance.batch.worker import Worker
    from provenance.commands.verbose import LoggedPages, LoggedResolver, logged_network
    from provenance.pipeline import resolvers

    worker = Worker(settings, None,
                    network=None if settings.offline else logged_network(settings))
    worker.pages = LoggedPages(worker.pages)
    worker.resolver = resolvers(settings, worker.pages, LoggedResolver)
    return worker


def _print(summary: dict[str, Any], written: list[Path]) -> None:
    statuses = ", ".join(f"{n} {s}" for s, n in summary["status"].items())
    print(f"{summary['documents']} documents: {summary['checked']} checked, "
          f"{summary['resumed']} kept from an earlier run, {len(summary['unreadable'])} "
          f"unreadable; {len(summary['skipped'])} files skipped")
    print(f"{summary['quotations']} quotations: {statuses}")
    if summary["flag"]:
        print("flags: " + ", ".join(f"{n} {f}" for f, n in summary["flag"].items()))
    for title, items in (("unreadable", summary["unreadable"]),
                         ("skipped", summary["skipped"])):
        for item in items[:_SHOWN]:
            # A document's error begins with its path: said once.
            reason = item["reason"].removeprefix(f"{item['path']}: ")
            print(f"  {title}: {visible(item['path'])}: {visible(reason)}")
        if len(items) > _SHOWN:
            print(f"  … and {len(items) - _SHOWN} more {title} (see the summary)")
    for path in written:
        print(f"wrote {path}")

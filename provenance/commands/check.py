"""`provenance check DOC`: the main job, from document to written reports."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, replace
from pathlib import Path

from provenance.batch.dask_watch import LOST_AFTER, QUIET_AFTER
from provenance.commands.folder import run_batch_command
from provenance.commands.from_bundle import Bundled, from_bundle
from provenance.commands.options import common
from provenance.errors import ProvenanceError
from provenance.fetch.archives import parse_archives
from provenance.model import Flag, Report, ReuseKind, Status, Verdict
from provenance.report.formats import FORMATS
from provenance.settings import Settings

NAME = "check"

EXAMPLES = """examples:
  provenance check examples/harbour-expansion.md --offline
  provenance check article.html --out reports/ --format md,json,html,annotations
  provenance check https://example.org/post --json > report.json
  provenance check draft.txt --fail-on missing,altered
  provenance check drafts/ --sources sources.toml      every document in a folder
  provenance check archive/ more.md --jobs 2 --resume  a batch, two worker processes
  provenance check draft.txt --refresh                 new captures, page edits flagged
  provenance check draft.txt --replay reports/draft.json   reproduce an earlier report
  provenance check story.wacz --offline                reproduce a bundle's report from it
  provenance check draft.txt -v                        log every URL, retry, wait and step
  provenance check draft.txt -q && echo "all found"    print nothing; the exit code says
"""

_DEFAULTS = Settings()
_MB = 1024 * 1024


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, parents=[common()],
        help="check every quotation in a document against its cited work",
        description="Find every quotation in DOC and the work it cites, fetch that work "
                    "(or read it from the evidence cache), and report found / altered / "
                    "missing / unverified for each.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("document", metavar="DOC", nargs="+",
                   help="a .txt, .md, .html or .pdf file, a URL, or a folder of documents; "
                        "several files and folders make one batch")
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="a batch's documents checked in N worker processes at once "
                        "(default: the number of cores; with -v, one, in this process)")
    p.add_argument("--dask", metavar="CLUSTER",
                   help="run a batch on a Dask cluster: local:N (N worker processes on this "
                        "machine) or tcp://HOST:PORT (a running scheduler); needs "
                        "pip install 'provenance[dask]'")
    p.add_argument("--dask-lost-after", type=float, default=LOST_AFTER, metavar="S",
                   help="end a Dask batch whose cluster has had no worker, or whose "
                        "scheduler has not answered, for S seconds; the documents left are "
                        "listed as not checked (default: %(default)g)")
    p.add_argument("--dask-quiet-after", type=float, default=QUIET_AFTER, metavar="S",
                   help="end a Dask batch when no document has finished for S seconds "
                        "(default: %(default)g)")
    p.add_argument("--resume", action="store_true",
                   help="in a batch, keep the reports of documents an earlier run checked "
                        "with the same settings and tool version since they last changed")
    p.add_argument("--progress", choices=("auto", "plain"), default="auto",
                   help="a batch's progress: a bar on a terminal (auto), or one line per "
                        "document (plain; also when standard error is no terminal)")
    p.add_argument("--offline", action="store_true",
                   help="read only the cache; never open a network connection")
    p.add_argument("--refresh", action="store_true", help="take a new capture of every page")
    p.add_argument("--replay", type=Path, metavar="REPORT",
                   help="offline, read each page as the earlier JSON REPORT read it "
                        "(the capture its manifest names), to reproduce that report; or "
                        "as the report in a bundle (.wacz) read it, from its captures")
    p.add_argument("--cache", type=Path, default=_DEFAULTS.cache_dir, metavar="DIR",
                   help="evidence cache folder (default: %(default)s)")
    p.add_argument("--out", type=Path, default=_DEFAULTS.out_dir, metavar="DIR",
                   help="where reports are written (default: %(default)s)")
    p.add_argument("--format", default="md,json", metavar="LIST",
                   help=f"report formats, comma-separated, from {', '.join(FORMATS)} "
                        "(default: %(default)s)")
    p.add_argument("--json", action="store_true", help="print the JSON report to stdout")
    p.add_argument("--fail-on", default="altered,missing,unverified", metavar="LIST",
                   help="statuses and flags that make the exit code 1, e.g. "
                        "altered,missing,speaker-mismatch; uncredited-reuse for a passage "
                        "reused without quote marks or credit (default: %(default)s)")
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs on loopback and private addresses (local testing)")
    p.add_argument("--timeout", type=float, default=_DEFAULTS.read_timeout, metavar="S",
                   help="seconds one request may take, connecting, headers and body "
                        "included (default: %(default)s)")
    p.add_argument("--attempts", type=int, default=_DEFAULTS.attempts, metavar="N",
                   help="tries per URL on transient failures (default: %(default)s)")
    p.add_argument("--per-host", type=int, default=_DEFAULTS.per_host, metavar="N",
                   help="concurrent requests to one host (default: %(default)s)")
    p.add_argument("--politeness", type=float, default=_DEFAULTS.politeness, metavar="S",
                   help="seconds between two requests to one host (default: %(default)s)")
    p.add_argument("--proxy", metavar="URL",
                   help="HTTP(S) proxy for every request (proxy variables are ignored)")
    p.add_argument("--page-seconds", type=float, default=_DEFAULTS.page_seconds, metavar="S",
                   help="seconds reading one large page may take; over it, its quotes are "
                        "unverified with the reason (default: %(default)s)")
    p.add_argument("--page-memory", type=int, default=_DEFAULTS.page_memory // _MB,
                   metavar="MB", help="megabytes reading one large page may use; over it, "
                   "its quotes are unverified with the reason (default: %(default)s)")
    p.add_argument("--sources", type=Path, metavar="FILE",
                   help="TOML file mapping cited works to URLs")
    p.add_argument("--original", metavar="URL",
                   help="compare the whole document with this page (a repost or translation "
                        "of it); by default with the original the document declares")
    p.add_argument("--reuse-cache", action="store_true",
                   help="look for passages reused without quote marks in every page in the "
                        "cache, not only in the pages the document cites")
    p.add_argument("--outlets", type=Path, metavar="FILE",
                   help="TOML file adding to the registry of known outlets")
    p.add_argument("--archive-url", action="append", metavar="URL",
                   help="web archive to consult, repeatable (tried in order): a Wayback "
                        "API base, or a Memento TimeGate (a path with /timegate/, or "
                        "memento:URL; wayback:URL forces the other) (default: "
                        f"{_DEFAULTS.archive_url})")
    p.add_argument("--no-archive", action="store_true",
                   help="never consult a web archive")
    p.add_argument("--no-evidence", action="store_true",
                   help="a capture that cannot be kept (a full disk) does not make the exit "
                        "code 2")
    p.set_defaults(run=run)


def _archives(given: list[str] | None) -> str:
    """The --archive-url options as the setting holds them, checked: a bad one is an error
    before the run, not an archive silently left out."""
    value = " ".join(given) if given else _DEFAULTS.archive_url
    try:
        parse_archives(value)
    except ValueError as exc:
        raise ProvenanceError(f"--archive-url: {exc}") from exc
    return value


def settings_from_args(args: argparse.Namespace) -> Settings:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ProvenanceError(f"unknown report format {unknown[0]!r}: use {', '.join(FORMATS)}")
    settings = Settings(
        cache_dir=args.cache, out_dir=args.out, refresh=args.refresh,
        offline=args.offline or args.replay is not None,
        read_timeout=args.timeout, attempts=args.attempts, allow_private=args.allow_private,
        sources_file=args.sources, outlets_file=args.outlets, original_url=args.original,
        reuse_cache=args.reuse_cache,
        archive_url="" if args.no_archive else _archives(args.archive_url), formats=formats,
        per_host=args.per_host, politeness=args.politeness, proxy=args.proxy,
    )
    page_seconds, page_memory = _page_limits(args.page_seconds, args.page_memory)
    request, connect, deadline = _time_limits(args.timeout, args.attempts)
    return replace(settings, read_timeout=request, request_timeout=request,
                   connect_timeout=connect, deadline=deadline, page_seconds=page_seconds,
                   page_memory=page_memory)


def _page_limits(seconds: float, megabytes: int) -> tuple[float, int]:
    """``page_seconds`` and ``page_memory`` (bytes) for ``--page-seconds S --page-memory
    MB``, checked."""
    if not seconds > 0:
        raise ProvenanceError(
            f"--page-seconds must be a positive number of seconds, not {seconds:g}")
    if megabytes < 1:
        raise ProvenanceError(f"--page-memory must be a positive number of MB, not {megabytes}")
    return seconds, megabytes * _MB


def _time_limits(timeout: float, attempts: int) -> tuple[float, float, float]:
    """Request, connect and per-URL limits, in seconds, for ``--timeout S``: every request
    ends within S seconds, and one URL, its retries
    included, within S per attempt (never under S, never over the default deadline unless
    S itself is), so a run's time is bounded by its number of URLs."""
    if not timeout > 0:
        raise ProvenanceError(f"--timeout must be a positive number of seconds, not {timeout:g}")
    per_url = max(timeout, min(_DEFAULTS.deadline, timeout * max(1, attempts)))
    return timeout, min(_DEFAULTS.connect_timeout, timeout), per_url


@dataclass(frozen=True)
class FailOn:
    """What makes the exit code 1: verdicts with one of these statuses or flags."""

    statuses: frozenset[Status]
    flags: frozenset[Flag] = frozenset()
    uncredited_reuse: bool = False  # a passage reused without quote marks or credit

    def __call__(self, verdict: Verdict) -> bool:
        return verdict.status in self.statuses or any(f in self.flags for f in verdict.flags)

    def report(self, report: Report) -> bool:
        """Whether anything in ``report`` makes the run fail."""
        return any(map(self, report.verdicts)) or (self.uncredited_reuse and any(
            r.kind is ReuseKind.UNCREDITED for r in report.reuse))

    def hits(self, status: str, flags: tuple[str, ...]) -> bool:
        """The same test on a verdict's status and flags by name (a batch's rows)."""
        return (any(s.value == status for s in self.statuses)
                or any(f.value in flags for f in self.flags))


def fail_on(text: str) -> FailOn:
    """``--fail-on``: statuses and flags, comma-separated ("altered,speaker-mismatch")."""
    names = [s.strip() for s in text.split(",") if s.strip()]
    statuses = {s.value: s for s in Status}
    flags = {f.value: f for f in Flag}
    unknown = [n for n in names if n not in statuses and n not in flags and n != _REUSE]
    if unknown:
        raise ProvenanceError(
            f"--fail-on takes statuses ({', '.join(statuses)}), flags "
            f"({', '.join(flags)}) and {_REUSE}; not {', '.join(map(repr, unknown))}")
    return FailOn(frozenset(statuses[n] for n in names if n in statuses),
                  frozenset(flags[n] for n in names if n in flags), _REUSE in names)


_REUSE = "uncredited-reuse"


def _ready(settings: Settings) -> None:
    """Refuse, before any page is fetched, a report folder that cannot be written and a
    cache path that is no folder: a run that ends unable to save its reports, or reads an
    empty cache where the user meant another, costs more than one that never starts."""
    cache = settings.cache_dir
    if cache.exists() and not cache.is_dir():
        raise ProvenanceError(f"the cache {cache} is a file, not a folder")
    out = settings.out_dir
    if out.exists() and not out.is_dir():
        raise ProvenanceError(f"cannot write reports to {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProvenanceError(f"cannot write reports to {out}: {exc.strerror or exc}") from None
    if not out.is_dir() or not os.access(out, os.W_OK):
        raise ProvenanceError(f"cannot write reports to {out}: not a writable folder")


def run(args: argparse.Namespace) -> int:
    bundled = from_bundle(args)  # DOC or --replay a .wacz: its captures, in the cache
    try:
        return _run(args, bundled)
    finally:
        if bundled is not None:
            bundled.close()


def _run(args: argparse.Namespace, bundled: Bundled | None) -> int:
    settings = settings_from_args(args)
    if bundled is not None:
        settings = bundled.settings(settings)
    _ready(settings)
    fails = fail_on(args.fail_on)
    if len(args.document) > 1 or Path(args.document[0]).is_dir():
        return run_batch_command(args, settings, fails)
    from provenance.commands.check_document import check_document

    return check_document(args, settings, bundled, fails)

"""`provenance check DOC`: the main job, from document to written reports."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.replay import ReplayFetcher, pins_from_report
from provenance.cache.store import SnapshotCache
from provenance.commands.progress import ProgressBar
from provenance.commands.terminal import paint, write_json
from provenance.document import DOCUMENT_SUFFIXES, parse_document, read_document
from provenance.errors import DocumentError, FetchError, ProvenanceError
from provenance.model import (
    Document,
    Fetcher,
    Flag,
    Origin,
    Progress,
    Report,
    Snapshot,
    Status,
    Verdict,
)
from provenance.pipeline import verify
from provenance.report.render import FORMATS, summary, to_json
from provenance.resolve.sources import needs_source, unresolved_template
from provenance.settings import Settings
from provenance.text.extract import content_kind

NAME = "check"

EXAMPLES = """examples:
  provenance check examples/harbour-expansion.md --offline
  provenance check article.html --out reports/ --format md,json,html,annotations
  provenance check https://example.org/post --json > report.json
  provenance check draft.txt --fail-on missing,altered
  provenance check drafts/ --sources sources.toml      every document in a folder
  provenance check draft.txt --refresh                 new captures, page edits flagged
  provenance check draft.txt --replay reports/draft.json   reproduce an earlier report
"""

_DEFAULTS = Settings()


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, help="check every quotation in a document against its cited work",
        description="Find every quotation in DOC and the work it cites, fetch that work "
                    "(or read it from the evidence cache), and report found / altered / "
                    "missing / unverified for each.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("document", metavar="DOC",
                   help="a .txt, .md, .html or .pdf file, a URL, or a folder of documents")
    p.add_argument("--offline", action="store_true",
                   help="read only the cache; never open a network connection")
    p.add_argument("--refresh", action="store_true", help="take a new capture of every page")
    p.add_argument("--replay", type=Path, metavar="REPORT",
                   help="offline, read each page as the earlier JSON REPORT read it "
                        "(the capture its manifest names), to reproduce that report")
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
                        "altered,missing,speaker-mismatch (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    p.add_argument("--allow-private", action="store_true",
                   help="allow URLs on loopback and private addresses (local testing)")
    p.add_argument("--timeout", type=float, default=_DEFAULTS.read_timeout, metavar="S",
                   help="read timeout per request in seconds (default: %(default)s)")
    p.add_argument("--attempts", type=int, default=_DEFAULTS.attempts, metavar="N",
                   help="tries per URL on transient failures (default: %(default)s)")
    p.add_argument("--per-host", type=int, default=_DEFAULTS.per_host, metavar="N",
                   help="concurrent requests to one host (default: %(default)s)")
    p.add_argument("--politeness", type=float, default=_DEFAULTS.politeness, metavar="S",
                   help="seconds between two requests to one host (default: %(default)s)")
    p.add_argument("--proxy", metavar="URL",
                   help="HTTP(S) proxy for every request (proxy variables are ignored)")
    p.add_argument("--sources", type=Path, metavar="FILE",
                   help="TOML file mapping cited works to URLs")
    p.add_argument("--outlets", type=Path, metavar="FILE",
                   help="TOML file adding to the registry of known outlets")
    p.add_argument("--archive-url", default=_DEFAULTS.archive_url, metavar="URL",
                   help="web archive to consult (default: %(default)s)")
    p.add_argument("--no-archive", action="store_true",
                   help="never consult a web archive")
    p.set_defaults(run=run)


def settings_from_args(args: argparse.Namespace) -> Settings:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ProvenanceError(f"unknown report format {unknown[0]!r}: use {', '.join(FORMATS)}")
    return Settings(
        cache_dir=args.cache, out_dir=args.out, refresh=args.refresh,
        offline=args.offline or args.replay is not None,
        read_timeout=args.timeout, attempts=args.attempts, allow_private=args.allow_private,
        sources_file=args.sources, outlets_file=args.outlets,
        archive_url="" if args.no_archive else args.archive_url, formats=formats,
        per_host=args.per_host, politeness=args.politeness, proxy=args.proxy,
    )


@dataclass(frozen=True)
class FailOn:
    """What makes the exit code 1: verdicts with one of these statuses or flags."""

    statuses: frozenset[Status]
    flags: frozenset[Flag] = frozenset()

    def __call__(self, verdict: Verdict) -> bool:
        return verdict.status in self.statuses or any(f in self.flags for f in verdict.flags)


def fail_on(text: str) -> FailOn:
    """``--fail-on``: statuses and flags, comma-separated ("altered,speaker-mismatch")."""
    names = [s.strip() for s in text.split(",") if s.strip()]
    statuses = {s.value: s for s in Status}
    flags = {f.value: f for f in Flag}
    unknown = [n for n in names if n not in statuses and n not in flags]
    if unknown:
        raise ProvenanceError(
            f"--fail-on takes statuses ({', '.join(statuses)}) and flags "
            f"({', '.join(flags)}); not {', '.join(map(repr, unknown))}")
    return FailOn(frozenset(statuses[n] for n in names if n in statuses),
                  frozenset(flags[n] for n in names if n in flags))


def load_document(where: str, fetcher: CachedFetcher) -> Document:
    """A path is read from disk; a URL goes through the fetcher, so it is evidence too, and so
    is a PDF file (stored as an imported capture: PDFs are what people cite and replace)."""
    if not where.startswith(("http://", "https://")):
        document = read_document(where)
        if document.format == "pdf":
            _keep_document(Path(where), fetcher.cache)
        return document
    try:
        snap = fetcher.fetch(where)
    except FetchError as exc:
        raise DocumentError(f"cannot read the document: {exc}") from exc
    if snap.status >= 400:
        raise DocumentError(f"cannot read the document {where}: HTTP {snap.status}")
    kind = content_kind(snap)  # sniffed: servers mislabel PDFs and pages
    if kind is None:
        raise DocumentError(f"cannot read the document {where}: unsupported type "
                            f"{snap.content_type or 'unknown'}")
    fmt = {"pdf": "pdf", "html": "html"}.get(kind, "txt")
    if kind == "text" and snap.content_type.split(";")[0].strip().lower() == "text/markdown":
        fmt = "md"
    return parse_document(snap.body, where, fmt)


def _keep_document(path: Path, cache: SnapshotCache) -> None:
    body = path.read_bytes()
    url = path.resolve().as_uri()
    digest = hashlib.sha256(body).hexdigest()
    if any(c.sha256 == digest for c in cache.index(url)):
        return
    cache.store(Snapshot(
        url=url, final_url=url, status=200, content_type="application/pdf",
        fetched_at=dt.datetime.now(dt.UTC), sha256=digest, body=body,
        headers=(("Content-Type", "application/pdf"),), origin=Origin.IMPORT))


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


def write_reports(report: Report, settings: Settings) -> list[Path]:
    try:
        return _write_reports(report, settings)
    except OSError as exc:  # a full disk, a folder removed during the run
        raise ProvenanceError(f"cannot write the reports of {report.document.origin} to "
                              f"{settings.out_dir}: {exc.strerror or exc}") from None


def _write_reports(report: Report, settings: Settings) -> list[Path]:
    settings.out_dir.mkdir(parents=True, exist_ok=True)
    stem = _stem(report.document.origin)
    written = []
    for fmt in settings.formats:
        suffix, render = FORMATS[fmt]
        written.append(_write(settings.out_dir / f"{stem}{suffix}", render(report)))
    # The works no step could find, as a sources file the user fills in and passes back.
    template = settings.out_dir / f"{stem}.sources.toml"
    unresolved = [v.quote.citation for v in report.verdicts
                  if v.quote.citation and needs_source(v.quote.citation)]
    if unresolved:
        quoted: dict[str, list[str]] = {}
        for v in report.verdicts:
            if v.quote.citation:
                quoted.setdefault(v.quote.citation.key, []).append(v.quote.text)
        written.append(_write(template, unresolved_template(unresolved, quoted)))
    else:
        template.unlink(missing_ok=True)  # a stale template would list works now found
    return written


def _write(path: Path, text: str) -> Path:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def _stem(origin: str) -> str:
    if origin.startswith(("http://", "https://")):
        tail = origin.split("://", 1)[1].rstrip("/")
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in tail)[:120] or "document"
    return Path(origin).stem or "document"


def run(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    _ready(settings)
    fails = fail_on(args.fail_on)
    with ProgressBar() as progress:
        fetcher, cache = open_fetcher(settings, progress=progress)
        with fetcher:
            if Path(args.document).is_dir():
                return _run_folder(args, settings, fails, fetcher, cache, progress)
            document = load_document(args.document, fetcher)
            pages: Fetcher = fetcher
            if args.replay is not None:
                pages = ReplayFetcher(cache, pins_from_report(args.replay), fallback=fetcher)
            report = verify(document, settings, pages, cache, progress=progress)
    written = write_reports(report, settings)
    if args.json:
        write_json(to_json(report), sys.stdout)
    elif not args.quiet:
        _print_summary(report, written)
    return 1 if any(map(fails, report.verdicts)) else 0


def _run_folder(args: argparse.Namespace, settings: Settings, fails: FailOn,
                fetcher: CachedFetcher, cache: SnapshotCache, progress: Progress) -> int:
    """Every document in a folder, one report each, sharing one cache. A document that
    cannot be read is said and skipped; the others are still checked."""
    if args.json or args.replay is not None:
        raise ProvenanceError("--json and --replay take one document, not a folder")
    folder = Path(args.document)
    paths = sorted(p for p in folder.rglob("*")
                   if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
    if not paths:
        raise DocumentError(f"{folder}: no .txt, .md, .html or .pdf documents in it")
    code = 0
    for path in paths:
        try:
            report = verify(load_document(str(path), fetcher), settings, fetcher, cache,
                            progress=progress)
        except DocumentError as exc:
            print(f"provenance: error: {exc}", file=sys.stderr)
            code = 2
            continue
        # Reports mirror the folder's layout, so a.md and sub/a.md do not overwrite each other.
        where = settings.out_dir / path.parent.relative_to(folder)
        written = write_reports(report, replace(settings, out_dir=where))
        if not args.quiet:
            _print_summary(report, written)
        if code == 0 and any(map(fails, report.verdicts)):
            code = 1
    return code


def _print_summary(report: Report, written: list[Path]) -> None:
    counts = summary(report)
    print(f"{report.document.origin}: {len(report.verdicts)} quotations: "
          + ", ".join(f"{n} {s}" for s, n in counts.items()))
    for v in report.verdicts:
        print(f"  {paint(v.status.value, sys.stdout)} {v.quote.line}:{v.quote.column}  "
              f"{_short(v.quote.text)}  ({v.reason})")
    for path in written:
        print(f"wrote {path}")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"

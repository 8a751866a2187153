"""`provenance check DOC` for one document: read it, check it, write its reports and say
what was found. Loaded only for one document (``check`` dispatches): a batch's command
checks nothing itself when its documents go to a cluster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from provenance.api import document_input, load_document, write_reports
from provenance.batch.worker import with_evidence
from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.replay import ReplayFetcher, pins_from_report
from provenance.commands.progress import ProgressBar
from provenance.commands.terminal import paint, write_json
from provenance.commands.verbose import LoggedPages, LoggedResolver, logged_network
from provenance.model import Fetcher, Report
from provenance.pipeline import make_resolver, verify
from provenance.report.render import summary, to_json
from provenance.report.visible import visible
from provenance.resolve.resolver import Resolver
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.commands.from_bundle import Bundled

__all__ = ["check_document"]


class _Fails(Protocol):
    def report(self, report: Report) -> bool: ...


def check_document(args: argparse.Namespace, settings: Settings, bundled: Bundled | None,
                   fails: _Fails) -> int:
    """Check the one document ``args`` names; the exit code."""
    verbose = bool(args.verbose)
    with ProgressBar() as progress:
        network = logged_network(settings, progress) if verbose and not settings.offline \
            else None
        fetcher, cache = open_fetcher(settings, network=network, progress=progress)
        with fetcher:
            document = load_document(document_input(args.document[0]), fetcher)
            pages: Fetcher = fetcher
            if bundled is not None:
                document = bundled.document(document)
                pages = ReplayFetcher(cache, bundled.pins, fallback=fetcher)
            elif args.replay is not None:
                pages = ReplayFetcher(cache, pins_from_report(args.replay), fallback=fetcher)
            pages = _logged(pages, verbose)
            report = verify(document, settings, pages, cache, _resolver(settings, pages, verbose),
                            progress=progress)
    report = with_evidence(report, fetcher.unstored)
    written = write_reports(report, settings.out_dir, settings.formats)
    if args.json:
        write_json(to_json(report), sys.stdout)
    elif not args.quiet:
        _print_summary(report, written)
    if _evidence_lost(fetcher, args):
        return 2
    return 1 if fails.report(report) else 0


def _evidence_lost(fetcher: CachedFetcher, args: argparse.Namespace) -> bool:
    """Say on stdout when pages were read but their captures not kept; whether that makes
    the exit code 2 (it does unless ``--no-evidence``)."""
    if not fetcher.unstored:
        return False
    reasons = sorted({why for _, why in fetcher.unstored})
    print(f"provenance: evidence not stored: {'; '.join(reasons)} "
          f"({len(fetcher.unstored)} of the pages read have no capture in the cache)",
          file=sys.stderr if args.json else sys.stdout)
    fetcher.unstored.clear()
    return not args.no_evidence


def _logged(pages: Fetcher, verbose: bool) -> Fetcher:
    return LoggedPages(pages) if verbose else pages


def _resolver(settings: Settings, pages: Fetcher, verbose: bool) -> Resolver | None:
    """With -v, a resolver that logs its steps; else the pipeline makes its own."""
    return make_resolver(settings, pages, LoggedResolver) if verbose else None


def _print_summary(report: Report, written: list[Path]) -> None:
    counts = summary(report)
    terms = sum(q.kind.value == "term" for q in report.others)
    titles = sum(q.kind.value == "title" for q in report.others)
    statuses = ", ".join(f"{n} {s}" for s, n in counts.items())
    print(f"{visible(report.document.origin)}: {len(report.verdicts)} quotations checked "
          f"({statuses}); {terms} terms and {titles} titles listed")
    for v in report.verdicts:
        # Quotes and reasons hold a document's and a page's characters: a control character
        # or a bidi override is shown as its escape, never sent to the terminal.
        print(f"  {paint(v.status.value, sys.stdout)} {v.quote.line}:{v.quote.column}  "
              f"{_short(v.quote.text)}  ({visible(v.reason)})")
    for path in written:
        print(f"wrote {path}")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(visible(text).split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"

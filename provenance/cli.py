"""Command line: `provenance check|quotes|cache|diff`. The only module that prints."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from provenance import blas_threads  # noqa: F401  (before .commands: it must run before numpy loads)
from provenance.commands import cache, check, diff, quotes
from provenance.commands.faultlog import FaultLog
from provenance.commands.terminal import tolerant_streams
from provenance.errors import ProvenanceError, internal_error
from provenance.version import __version__

EXAMPLES = """examples:
  provenance check story.md                       check every quotation, write reports/
  provenance check story.md --offline             the same, from the evidence cache only
  provenance check https://example.org/post --format md,json,html
  provenance quotes story.md --json               what was found to check, and what it cites
  provenance cache list                           the captures in the evidence cache
  provenance diff old.json new.json               what changed between two runs

Run 'provenance COMMAND --help' for a command's options and examples.
Exit codes: 0 all quotations found, 1 some altered/missing/unverified, 2 could not run.
"""

COMMANDS = (check, quotes, cache, diff)  # each: NAME, add_parser(subparsers), run(args) -> int


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Check that the quotations in a document are really in the works they cite.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="provenance: %(levelname)s: %(message)s")
    faults = FaultLog(_log_folder(args))
    try:
        with faults:
            try:
                return int(args.run(args))
            except (ProvenanceError, KeyboardInterrupt, BrokenPipeError):
                raise
            except Exception as exc:  # a fault of ours: one line here, the traceback kept
                reason = internal_error(f"running {args.command}", exc)
                print(f"provenance: error: {reason}", file=sys.stderr)
                return 2
    except ProvenanceError as exc:
        print(f"provenance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("provenance: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of the output went away ("| head"): the reports are already written.
        # Say nothing more (Python would complain again when it flushes at exit), and leave
        # with the code a shell gives a command a pipe stopped: 128 + SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    finally:
        if (line := faults.summary()) is not None:
            # Beside the run's summary, unless stdout carries a JSON report.
            print(line, file=sys.stderr if getattr(args, "json", False) else sys.stdout)


def _log_folder(args: argparse.Namespace) -> Path:
    """Where a command keeps the tracebacks of its faults: beside its reports, else beside
    its cache, else in the temporary folder."""
    for name in ("out", "cache"):
        folder = getattr(args, name, None)
        if isinstance(folder, Path):
            return folder
    return Path(tempfile.gettempdir())

"""Command line: `provenance check|quotes|cache|diff|bundle|keys`. The only module that prints."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from provenance import blas_threads  # noqa: F401  (before .commands: it must run before numpy loads)
from provenance.commands.faultlog import FaultLog
from provenance.commands.options import add_common, logging_for
from provenance.commands.terminal import tolerant_streams
from provenance.errors import ProvenanceError, internal_error
from provenance.report.visible import visible
from provenance.version import __version__

EXAMPLES = """examples:
  provenance check story.md                       check every quotation, write reports/
  provenance check story.md --offline             the same, from the evidence cache only
  provenance check https://example.org/post --format md,json,html
  provenance quotes story.md --json               what was found to check, and what it cites
  provenance cache list                           the captures in the evidence cache
  provenance diff old.json new.json               what changed between two runs
  provenance bundle reports/story.json --out story.wacz   the evidence as one WACZ file
  provenance keys new --out keys/                 a key pair to sign bundles with
  provenance check story.md -v                    the same, logging every URL, retry and step

Run 'provenance COMMAND --help' for a command's options and examples.
Exit codes: 0 all quotations found, 1 some altered/missing/unverified, 2 could not run.
"""

# Each a module of provenance.commands: NAME, add_parser(subparsers), run(args) -> int.
COMMANDS = ("check", "quotes", "cache", "diff", "bundle", "keys")


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"provenance.commands.{name}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone: a command line that names one
    loads that command's module and what it imports, not every other's (a batch sent to a
    cluster then starts without the checker, bundles or signing)."""
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Check that the quotations in a document are really in the works they cite.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    add_common(parser, defaults=True)  # and again on every command, after its name
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS if command is None else (command,):
        command_module(name).add_parser(sub)
    return parser


def _named(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is no option, when that is a
    command (the options before a command's name take no value); else None."""
    for arg in argv:
        if arg == "--" or not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_streams()
    given = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_named(given))
    args = parser.parse_args(given)
    if args.verbose and args.quiet:
        parser.error("-v (log each step) and -q (print only errors) ask for opposites: "
                     "give one")
    faults = FaultLog(_log_folder(args))
    try:
        with logging_for(args.verbose, args.quiet), faults:
            try:
                return int(args.run(args))
            except (ProvenanceError, KeyboardInterrupt, BrokenPipeError):
                raise
            except Exception as exc:  # a fault of ours: one line here, the traceback kept
                reason = internal_error(f"running {args.command}", exc)
                print(f"provenance: error: {visible(reason)}", file=sys.stderr)
                return 2
    except ProvenanceError as exc:
        # The message may name a document or URL: its control characters become escapes.
        print(f"provenance: error: {visible(str(exc))}", file=sys.stderr)
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

"""Command line: `provenance check|quotes|cache|diff`. The only module that prints."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from . import __version__
from .commands import cache, check, diff, quotes
from .errors import ProvenanceError

COMMANDS = (check, quotes, cache, diff)  # each: NAME, add_parser(subparsers), run(args) -> int


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="provenance",
        description="Check that the quotations in a document are really in the works they cite.",
        epilog="Run 'provenance COMMAND --help' for a command's options and examples.",
    )
    parser.add_argument("--version", action="version", version=f"provenance {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="provenance: %(levelname)s: %(message)s")
    try:
        return int(args.run(args))
    except ProvenanceError as exc:
        print(f"provenance: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("provenance: interrupted", file=sys.stderr)
        return 2

"""Options every command takes, before or after its name: -v/--verbose and -q/--quiet.

``provenance -v check doc.md`` and ``provenance check doc.md -v`` mean the same. The
subcommands' copies default to "not given" (SUPPRESS), so one given before the command name
is not reset by the subcommand's parser.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
from collections.abc import Iterator

from provenance.report.visible import visible

__all__ = ["add_common", "common", "logging_for"]

VERBOSE_HELP = "log each step: every URL fetched, each retry and wait, each resolution step"
QUIET_HELP = "print only errors and what the command is asked for (no summaries or notes)"


def add_common(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """Add -v and -q to ``parser``: with defaults (the top-level parser) or without (a
    command's, so that one given before the command name stands)."""
    default = False if defaults else argparse.SUPPRESS
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help=VERBOSE_HELP)
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help=QUIET_HELP)


def common() -> argparse.ArgumentParser:
    """A parent parser holding -v and -q, for ``add_parser(..., parents=[common()])``."""
    parent = argparse.ArgumentParser(add_help=False)
    add_common(parent, defaults=False)
    return parent


@contextlib.contextmanager
def logging_for(verbose: bool, quiet: bool) -> Iterator[None]:
    """While a command runs: warnings by default; with -v this package's steps too (not
    other libraries' chatter); with -q errors only. The package logger's level is put back
    after, so a program that calls ``main`` twice (a test suite) gets each run's own."""
    if not logging.root.handlers:  # as logging.basicConfig, with our formatter
        handler = logging.StreamHandler()
        handler.setFormatter(_Visible("provenance: %(levelname)s: %(message)s"))
        logging.root.addHandler(handler)
        logging.root.setLevel(logging.WARNING)
    logger = logging.getLogger("provenance")
    before = logger.level
    logger.setLevel(logging.INFO if verbose else logging.ERROR if quiet else before)
    try:
        yield
    finally:
        logger.setLevel(before)


class _Visible(logging.Formatter):
    """Log lines name URLs and documents, which are untrusted: their control characters and
    bidi overrides reach the terminal only as escapes."""

    def format(self, record: logging.LogRecord) -> str:
        return visible(super().format(record))

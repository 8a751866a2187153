"""`provenance quotes`: not built yet."""

from __future__ import annotations

import argparse

NAME = "quotes"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(NAME, help="(not built yet)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError

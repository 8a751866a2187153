"""`provenance diff OLD.json NEW.json`: what changed between two runs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from provenance.commands.options import common
from provenance.commands.terminal import write_json
from provenance.report.diff import diff_reports, load_report

NAME = "diff"

EXAMPLES = """examples:
  provenance diff reports/article.json reports-2026-04/article.json
  provenance diff old.json new.json --json > changes.json
  provenance diff old.json new.json --quiet && echo "nothing changed"

Exit status: 0 when nothing changed, 1 when anything it prints did (a setting and the tool's
version included), 2 when a report cannot be read. How the pages were got (offline,
refresh) is no change: an offline re-run or a --replay that reproduces a run diffs as the same.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, parents=[common()], help="list what changed between two JSON reports",
        description="Compare two JSON reports (schema provenance-report/1) of the same "
                    "document: quotations added or removed, and for each one kept, changes "
                    "of status, reason, flags, cited URL, score, the source's words and the "
                    "capture the verdict rests on; then settings and the tool's version.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("old", type=Path, metavar="OLD.json", help="the earlier report")
    p.add_argument("new", type=Path, metavar="NEW.json", help="the later report")
    p.add_argument("--json", action="store_true", help="print the changes as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    diff = diff_reports(load_report(args.old), load_report(args.new))
    if args.json:
        write_json(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n", sys.stdout)
    elif not args.quiet:
        sys.stdout.write(diff.to_text())
    return 0 if diff.same else 1

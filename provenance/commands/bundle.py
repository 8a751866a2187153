"""`provenance bundle`: a report's evidence as one WACZ file; check one; import one."""

from __future__ import annotations

import argparse
from pathlib import Path

from provenance.cache.bundle import import_bundle, verify_bundle, write_bundle
from provenance.cache.store import SnapshotCache
from provenance.commands.options import common
from provenance.errors import ProvenanceError
from provenance.report.visible import visible
from provenance.settings import Settings

NAME = "bundle"

EXAMPLES = """examples:
  provenance bundle reports/story.json --out story.wacz    the captures, report and document
  provenance bundle --verify story.wacz                    recompute every hash; exit 1 if any
                                                           byte changed
  provenance bundle --import story.wacz --cache evidence   its captures into a cache, for
                                                           provenance check --offline

A bundle is a WACZ 1.1.1 file: it opens in ReplayWeb.page and pywb, and 'wacz validate'
accepts it.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, parents=[common()], help="write, verify or import a WACZ evidence bundle",
        description="Write the evidence behind a JSON report as one WACZ file: the WARC "
                    "records of every capture it used as stored, their CDXJ index, one page "
                    "per cited URL, the report (json, md, html) and the document, each "
                    "listed with its sha256 in datapackage.json.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("report", nargs="?", type=Path, metavar="REPORT.json",
                   help="the JSON report whose evidence to bundle")
    p.add_argument("--out", type=Path, metavar="FILE.wacz", help="the bundle to write")
    p.add_argument("--document", type=Path, metavar="PATH",
                   help="the document the report checked (default: where the report says)")
    p.add_argument("--verify", type=Path, metavar="FILE.wacz",
                   help="check every hash of a bundle and say what it holds")
    p.add_argument("--import", dest="import_", type=Path, metavar="FILE.wacz",
                   help="store a bundle's captures in the cache")
    p.add_argument("--cache", type=Path, default=Settings().cache_dir, metavar="DIR",
                   help="evidence cache folder (default: %(default)s)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.verify is not None:
        return _verify(args)
    if args.import_ is not None:
        stored = import_bundle(SnapshotCache(args.cache), args.import_)
        if not args.quiet:
            print(f"imported {len(stored)} captures from {visible(str(args.import_))} "
                  f"into {visible(str(args.cache))}")
        return 0
    if args.report is None or args.out is None:
        raise ProvenanceError("bundle: give REPORT.json and --out FILE.wacz, or --verify "
                              "FILE.wacz, or --import FILE.wacz")
    done = write_bundle(SnapshotCache(args.cache), args.report, args.out,
                        document=args.document)
    if not args.quiet:
        print(f"wrote {visible(str(done.path))}: {done.captures} capture files, {done.pages} "
              f"pages, {done.files} files, {done.size} bytes")
    return 0


def _verify(args: argparse.Namespace) -> int:
    check = verify_bundle(args.verify)
    name = visible(str(args.verify))
    if not check.ok:
        for problem in check.problems:
            print(f"{name}: {visible(problem)}")
        print(f"{name}: NOT verified: {len(check.problems)} problem(s); the bundle is not "
              "what was written")
        return 1
    if not args.quiet:
        print(f"{name}: verified: every hash holds ({len(check.resources)} files)")
        print(f"  {visible(check.title)}")
        print(f"  bundled {check.created} by {visible(check.software)}")
        print(f"  {check.count('archive/')} capture files, {check.count('report/')} report "
              f"files, {check.count('document/')} document")
        print("  not signed: the hashes show the bundle is whole, not who made it")
    return 0

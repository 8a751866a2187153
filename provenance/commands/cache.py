"""`provenance cache`: look into the evidence cache, add to it, export it, check it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from provenance.cache.capture_files import export_warc, import_file, report_urls
from provenance.cache.index import Capture
from provenance.cache.merge import merge_shards
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.commands.options import common
from provenance.errors import CacheError, ProvenanceError
from provenance.report.visible import visible
from provenance.settings import Settings
from provenance.text.extract import EXTRACTOR, extract_text

NAME = "cache"

EXAMPLES = """examples:
  provenance cache list
  provenance cache show https://www.harbour-gazette.example/2026/03/02/council-approves
  provenance cache import saved-page.html --url https://news.example/story
  provenance cache import crawl.warc.gz
  provenance cache export --warc evidence.warc.gz --report reports/draft.json
  provenance cache verify
  provenance cache merge shards/* --into ~/evidence
"""

_DEFAULTS = Settings()


_VERB_EXAMPLES = {
    "list": """examples:
  provenance cache list                              every capture, oldest first per URL
  provenance cache list https://news.example/        only URLs starting with this
  provenance cache list --cache ~/evidence           another cache folder
""",
    "show": """examples:
  provenance cache show https://news.example/story   every capture of the page: time, status,
                                                     digest, WARC record, title and date read
  provenance cache show https://news.example/story --text   and the main text extracted
""",
    "import": """examples:
  provenance cache import saved-page.html --url https://news.example/story
  provenance cache import report.pdf --url https://agency.example/r.pdf --date 2026-03-02T10:00Z
  provenance cache import crawl.warc.gz               every capture in a WARC file (its URLs)
  provenance cache import page.txt --url https://x.example/a --type text/plain
""",
    "export": """examples:
  provenance cache export --warc evidence.warc.gz                  every capture
  provenance cache export --warc story.warc.gz --report reports/story.json
                                                     the captures behind one report
  provenance cache export --warc one.warc.gz https://news.example/story
""",
    "verify": """examples:
  provenance cache verify             recompute every digest; exit 1 when something is damaged
  provenance cache verify --repair    rebuild a lost or unusable index from the capture files
  provenance cache verify -q          print only what is wrong
""",
    "merge": """examples:
  provenance cache merge shards/worker-1 shards/worker-2 --into ~/evidence
  provenance cache merge shards/* --into .provenance-cache      every shard of a batch
  provenance cache merge old-laptop-cache --into ~/evidence   any cache merges the same way

Each capture file is copied whole; a capture already in CACHE (same URL, time and body
digest) is counted once. Damaged captures are named and left out (exit 1); the rest is
merged. Afterwards 'provenance cache verify --cache CACHE' checks the whole cache.
""",
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--cache", type=Path, default=_DEFAULTS.cache_dir, metavar="DIR",
                       help="evidence cache folder (default: %(default)s)")
    parents = [common(), where]
    p = sub.add_parser(
        NAME, parents=[common()], help="list, show, import, export and verify captured pages",
        description="The evidence cache keeps every capture of every page as WARC records "
                    "with an index. These commands read it, add pages saved by hand, "
                    "export captures as one WARC file, and check every digest. Run "
                    "'provenance cache VERB --help' for a verb's options and examples.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    verbs = p.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, help: str, description: str) -> argparse.ArgumentParser:
        return verbs.add_parser(name, parents=parents, help=help, description=description,
                                epilog=_VERB_EXAMPLES[name],
                                formatter_class=argparse.RawDescriptionHelpFormatter)

    v = verb("list", "one line per capture",
             "One line per capture: when, HTTP status, origin, size, URL (and where it "
             "redirected).")
    v.add_argument("prefix", nargs="?", default="", metavar="URL-PREFIX",
                   help="only URLs starting with this")
    v.set_defaults(verb_run=_list)

    v = verb("show", "every capture of one URL",
             "Every capture of one URL, with its evidence and what was read from it.")
    v.add_argument("url", metavar="URL")
    v.add_argument("--text", action="store_true", help="print the extracted main text too")
    v.set_defaults(verb_run=_show)

    v = verb("import", "add a page saved by hand (HTML, PDF, text or WARC)",
             "Add a page saved by hand to the cache as an imported capture, so a check "
             "reads it as it would a fetched page; a WARC file brings every capture in it.")
    v.add_argument("file", type=Path, metavar="FILE")
    v.add_argument("--url", help="the URL the page was saved from (required unless a WARC)")
    v.add_argument("--type", dest="content_type", metavar="MIME",
                   help="content type (default: from the file's suffix)")
    v.add_argument("--date", metavar="ISO",
                   help="when the page was saved, e.g. 2026-03-02T10:00Z (default: now)")
    v.set_defaults(verb_run=_import)

    v = verb("export", "write captures into one WARC file",
             "Write captures (all, those of some URLs, or those a report rests on) into one "
             "WARC file other archiving tools can read and replay.")
    v.add_argument("urls", nargs="*", metavar="URL", help="captures of these URLs")
    v.add_argument("--warc", type=Path, required=True, metavar="OUT",
                   help="the WARC file to write (e.g. evidence.warc.gz)")
    v.add_argument("--report", type=Path, metavar="JSON",
                   help="the captures behind this JSON report")
    v.set_defaults(verb_run=_export)

    v = verb("verify", "recompute every digest and name damaged entries",
             "Read every capture back and recompute its digests; name damaged entries, "
             "unindexed capture files and unfinished writes. Exit 1 when something is "
             "damaged.")
    v.add_argument("--repair", action="store_true",
                   help="rebuild the index from the capture files (for a lost or unusable "
                        "index, or orphans), then verify")
    v.set_defaults(verb_run=_verify)

    v = verbs.add_parser(
        "merge", parents=[common()], help="copy the captures of cache shards into one cache",
        description="Copy every capture of each SHARD (a cache folder, such as one a batch "
                    "worker wrote) into CACHE, with no capture twice. Capture files are "
                    "copied byte for byte; complete captures a shard never indexed (a "
                    "worker killed in between) are merged too, and so is the text "
                    "extracted from them, so no later run extracts it again.",
        epilog=_VERB_EXAMPLES["merge"], formatter_class=argparse.RawDescriptionHelpFormatter)
    v.add_argument("shards", nargs="+", type=Path, metavar="SHARD",
                   help="cache folders to merge")
    v.add_argument("--into", type=Path, required=True, metavar="CACHE",
                   help="the cache to merge them into (made if missing)")
    v.set_defaults(verb_run=_merge)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return int(args.verb_run(args))


def _cache(args: argparse.Namespace) -> SnapshotCache:
    return SnapshotCache(args.cache)


def _list(args: argparse.Namespace) -> int:
    rows = [r for r in _cache(args).index() if r.url.startswith(args.prefix)]
    for r in rows:
        moved = f" -> {visible(r.final_url)}" if r.final_url != r.url else ""
        print(f"{_when(r.fetched_at)}  {r.status}  {r.origin.value:<7} {_size(r.length):>7}  "
              f"{visible(r.url)}{moved}")
    if not rows and not args.quiet:
        print(f"no captures in {args.cache}" + (f" for {args.prefix}" if args.prefix else ""))
    return 0


def _show(args: argparse.Namespace) -> int:
    cache = _cache(args)
    rows = cache.index(args.url)
    if not rows:
        raise ProvenanceError(f"no capture of {args.url} in {args.cache}")
    for n, row in enumerate(rows, 1):
        print(f"capture {n} of {len(rows)}: {visible(row.url)}")
        for label, value in _row_fields(row):
            print(f"  {label:<13} {visible(value)}")
        try:
            snap = cache.read(row)
        except DamagedEntry as exc:
            print(f"  {'damaged':<13} {exc.reason}")
            continue
        if snap.not_modified is not None:
            print(f"  {'revisit of':<13} {snap.not_modified.earlier} (the server answered "
                  "304 Not Modified)")
        text = cache.text(snap.sha256, EXTRACTOR)
        if text is None:
            text = extract_text(snap)
            cache.store_text(snap.sha256, EXTRACTOR, text)
        print(f"  {'title':<13} {visible(text.title or '-')}")
        print(f"  {'published':<13} {text.date or '-'}   author: "
              f"{visible(text.author or '-')}   language: {text.language or '-'}")
        print(f"  {'main text':<13} {len(text.main.split())} words"
              + (f"   problem: {text.problem}" if text.problem else ""))
        if args.text and text.main:
            print()
            print(visible(text.main))
            print()
    return 0


def _row_fields(row: Capture) -> list[tuple[str, str]]:
    return [("final URL", row.final_url), ("captured", _when(row.fetched_at)),
            ("status", str(row.status)), ("type", row.content_type or "-"),
            ("size", f"{row.length} bytes"), ("sha256", row.sha256),
            ("origin", row.origin.value), ("WARC record", row.warc)]


def _import(args: argparse.Namespace) -> int:
    when = None
    if args.date:
        try:
            when = dt.datetime.fromisoformat(args.date.replace("Z", "+00:00"))
        except ValueError:
            raise ProvenanceError(f"--date takes an ISO 8601 time: {args.date!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
    stored = import_file(_cache(args), args.file, args.url, args.content_type, when)
    for snap in stored if not args.quiet else ():
        print(f"imported {snap.url} ({snap.status}, {len(snap.body)} bytes, "
              f"{_when(snap.fetched_at)}) as {snap.warc}")
    return 0


def _export(args: argparse.Namespace) -> int:
    cache = _cache(args)
    rows = cache.index()
    wanted_urls = set(args.urls)
    wanted_files: set[str] = set()
    if args.report:
        urls, files = report_urls(args.report)
        wanted_urls |= urls
        wanted_files |= files
    if wanted_urls or wanted_files:
        chosen = [r for r in rows if r.warc_file in wanted_files]
        covered = {r.url for r in chosen} | {r.final_url for r in chosen}
        for url in sorted(wanted_urls - covered):
            matching = [r for r in rows if url in (r.url, r.final_url)]
            # A URL given on the command line brings every capture of it; a URL a report
            # names without its capture (the document's own, say) brings the latest.
            chosen.extend(matching if url in args.urls else matching[-1:])
        rows = tuple(chosen)
    if not rows:
        raise ProvenanceError("no captures to export" + (
            ": none of the report's or given URLs is in the cache"
            if wanted_urls or wanted_files else f": {args.cache} is empty"))
    count = export_warc(cache, rows, args.warc)
    if not args.quiet:
        print(f"wrote {count} captures to {args.warc}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    cache = _cache(args)
    if args.repair:
        indexed = cache.rebuild_index()
        if not args.quiet:
            print(f"indexed {indexed} capture files again")
    try:
        check = cache.verify()
    except CacheError as exc:
        print(f"damaged  {exc}")
        print("the index can be rebuilt from the capture files: "
              "provenance cache verify --repair")
        return 1
    for where, problem in check.damaged:
        print(f"damaged  {where}: {problem}")
    for where in check.orphans if not args.quiet else ():
        print(f"orphan   {where}: a complete capture with no index row (a run stopped "
              "between writing and indexing); harmless")
    for where in check.partial:
        # Never part of a capture (those are moved into place whole): removed.
        (cache.root / where).unlink(missing_ok=True)
        if not args.quiet:
            print(f"removed  {where}: an unfinished write")
    if not args.quiet:
        print(f"{check.captures} captures checked: "
              + ("all digests match" if check.ok else f"{len(check.damaged)} damaged"))
    return 0 if check.ok else 1


def _merge(args: argparse.Namespace) -> int:
    result = merge_shards(args.shards, SnapshotCache(args.into))
    for where, problem in result.damaged:
        print(f"damaged  {where}: {problem}; left out")
    if not args.quiet:
        print(f"merged {result.shards} shards into {args.into}: {result.copied} captures "
              f"copied, {result.duplicates} already there"
              + (f", {len(result.damaged)} damaged left out" if result.damaged else "")
              + (f"; {result.texts} extracted texts with them" if result.texts else ""))
    return 0 if result.ok else 1


def _when(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"

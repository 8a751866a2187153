"""`provenance bundle`: a report's evidence as one WACZ file; check one; import one."""

from __future__ import annotations

import argparse
from pathlib import Path

from provenance.cache.bundle import BundleCheck, import_bundle, verify_bundle, write_bundle
from provenance.cache.signing import load_signing_key, new_signer, public_key_fingerprint
from provenance.cache.store import SnapshotCache
from provenance.commands.options import common
from provenance.errors import ProvenanceError
from provenance.report.visible import visible
from provenance.settings import Settings

NAME = "bundle"

EXAMPLES = """examples:
  provenance bundle reports/story.json --out story.wacz    the captures, report and document
  provenance bundle reports/story.json --out story.wacz --sign keys/provenance-signing-key.pem
                                                           signed with your key
                                                           (provenance keys new)
  provenance bundle --verify story.wacz                    recompute every hash, check the
                                                           signature; exit 1 if any byte
                                                           changed
  provenance bundle --verify story.wacz --key their.pub.pem   and that their key signed it
  provenance bundle --import story.wacz --cache evidence   its captures into a cache, for
                                                           provenance check --offline

A bundle is a WACZ 1.1.1 file: it opens in ReplayWeb.page and pywb, and 'wacz validate'
accepts it. Signatures follow WACZ Signing and Verification 0.1.0 (the anonymous form, with
the public key in the bundle): a local key's fingerprint says the same key signed, not who
holds it, and the signing time is the signer's own clock.
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
    sign = p.add_mutually_exclusive_group()
    sign.add_argument("--sign", type=Path, metavar="KEY.pem",
                      help="sign the bundle with this private key (provenance keys new)")
    sign.add_argument("--sign-anonymous", action="store_true",
                      help="sign with a key made for this bundle and thrown away: shows the "
                           "bundle is whole, not who made it")
    p.add_argument("--verify", type=Path, metavar="FILE.wacz",
                   help="check every hash and the signature of a bundle and say what it holds")
    p.add_argument("--key", type=Path, metavar="PUBLIC.pem",
                   help="with --verify: the bundle must be signed with this key")
    p.add_argument("--import", dest="import_", type=Path, metavar="FILE.wacz",
                   help="store a bundle's captures in the cache")
    p.add_argument("--cache", type=Path, default=Settings().cache_dir, metavar="DIR",
                   help="evidence cache folder (default: %(default)s)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    signing = args.sign is not None or args.sign_anonymous
    if signing and (args.verify is not None or args.import_ is not None):
        raise ProvenanceError("bundle: --sign and --sign-anonymous sign a bundle being "
                              "written (REPORT.json --out FILE.wacz), not one verified or "
                              "imported")
    if args.key is not None and args.verify is None:
        raise ProvenanceError("bundle: --key names the key expected to have signed a bundle "
                              "given with --verify")
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
    signer = load_signing_key(args.sign) if args.sign is not None else \
        new_signer() if args.sign_anonymous else None
    done = write_bundle(SnapshotCache(args.cache), args.report, args.out,
                        document=args.document, signer=signer)
    if not args.quiet:
        print(f"wrote {visible(str(done.path))}: {done.captures} capture files, {done.pages} "
              f"pages, {done.files} files, {done.size} bytes")
        if args.sign is not None:
            print(f"  signed with key {public_key_fingerprint(args.sign)}")
        elif args.sign_anonymous:
            print("  signed anonymously (a key made for this bundle only)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    check = verify_bundle(args.verify)
    name = visible(str(args.verify))
    if args.key is not None:
        _expect_key(check, public_key_fingerprint(args.key), args.key)
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
        _print_signature(check, args.key is not None)
    return 0


def _expect_key(check: BundleCheck, expected: str, path: Path) -> None:
    sig = check.signature
    if sig is None:
        check.problems.append(f"not signed, but {path} was to have signed it")
    elif sig.signer != expected:
        check.problems.append(f"signed with key {visible(sig.signer)}, not with {path} "
                              f"({expected})")


def _print_signature(check: BundleCheck, key_given: bool) -> None:
    sig = check.signature
    if sig is None:
        print("  not signed: the hashes show the bundle is whole, not who made it")
    elif sig.kind == "domain":
        print(f"  signed {sig.created} for the domain {visible(sig.signer)} with "
              f"{visible(sig.software)}: the signature holds for its certificate; the "
              "certificate's chain and the timestamp are not checked here "
              "(wacz validate --verify-auth does)")
    else:
        print(f"  signed {sig.created} by key {sig.signer} with {visible(sig.software)}: "
              "the hash of datapackage.json, which holds every file's hash")
        if key_given:
            print("  the key is the one given with --key")
        else:
            print("  the key is in the bundle itself: it proves the same key signed, not "
                  "whose it is; compare its fingerprint with the one the signer publishes, "
                  "or give their public key with --key")
        print("  the signing time is the signer's own clock (no timestamp authority)")

"""`provenance keys`: a local key pair to sign bundles with, and a key's fingerprint."""

from __future__ import annotations

import argparse
from pathlib import Path

from provenance.cache.signing import new_key_pair, public_key_fingerprint
from provenance.commands.options import common
from provenance.errors import ProvenanceError
from provenance.report.visible import visible

NAME = "keys"

EXAMPLES = """examples:
  provenance keys new --out keys/          keys/provenance-signing-key.pem (private: keep it
                                           secret) and keys/provenance-signing-key.pub.pem
  provenance keys show keys/provenance-signing-key.pub.pem    its fingerprint

Publish the public key or its fingerprint where readers know it is yours (your site, your
profile): a bundle signed with the key then shows it came from whoever holds that key. The
key names no one by itself: it is a local, domain-less identity.
"""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        NAME, parents=[common()], help="make a key pair to sign bundles with",
        description="Make an ECDSA P-256 key pair for signing WACZ bundles "
                    "(provenance bundle --sign), or show a key's fingerprint.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=("new", "show"), help="new: make a pair; show: a "
                   "key's fingerprint")
    p.add_argument("key", nargs="?", type=Path, metavar="KEY.pem",
                   help="with show: the public or private key file")
    p.add_argument("--out", type=Path, default=Path("."), metavar="DIR",
                   help="with new: the folder to write the pair in (default: here)")
    p.add_argument("--force", action="store_true",
                   help="with new: replace a pair already in the folder")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "show":
        if args.key is None:
            raise ProvenanceError("keys show: give the key file (KEY.pem)")
        print(public_key_fingerprint(args.key))
        return 0
    pair = new_key_pair(args.out, overwrite=args.force)
    if not args.quiet:
        print(f"wrote {visible(str(pair.private))} (private: keep it secret) and "
              f"{visible(str(pair.public))}")
    print(pair.fingerprint)
    return 0

"""The evidence behind a report as one WACZ 1.1.1 file anyone can open, replay and check.

A bundle holds, each listed in ``datapackage.json`` with its sha256 and size:

- ``archive/``: the WARC file of every capture the report's manifest names, copied as stored
  in the cache (each capture is its own file), and for a revisit the capture it confirmed
  (``bundle_captures``);
- ``indexes/index.cdx``: the CDXJ index of those records, as cdxj-indexer writes it, made
  from the cache's index rows where they describe the file (``cdxj``);
- ``pages/pages.jsonl``: one page per cited URL, at the time it was captured;
- ``report/``: the JSON report, and its Markdown and HTML siblings when they are beside it;
- ``document/``: the document the report checked, as it was (its sha256 is checked).

``datapackage-digest.json`` holds the hash of ``datapackage.json``, so one hash stands for
the whole, and, when the bundle is signed, that hash's signature (``signing``). Every member
is stored in one canonical ZIP form (``zip_framing``), so no byte of the file escapes the
hashes. ``verify_bundle`` recomputes every hash and checks the framing and the signature;
``import_bundle`` brings the captures into a cache, where an offline check reads them as it
would its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from provenance.cache.bundle_captures import CaptureFiles, ReadAhead, read_file
from provenance.cache.bundle_json import (
    datapackage,
    digest_json,
    pages,
    resource,
    safe_name,
    sha256_of,
)
from provenance.cache.capture_files import import_file
from provenance.cache.cdxj import CdxjIndex
from provenance.cache.signing import Signature, check_signature, sign_hash
from provenance.cache.store import SnapshotCache
from provenance.cache.zip_framing import CanonicalZip, StoredMembers, framing_problems
from provenance.errors import ProvenanceError
from provenance.model import Snapshot
from provenance.version import __version__

__all__ = ["BundleCheck", "Bundled", "import_bundle", "verify_bundle", "write_bundle"]

WACZ_VERSION = "1.1.1"
DATAPACKAGE = "datapackage.json"
DIGEST = "datapackage-digest.json"
PAGES = "pages/pages.jsonl"
INDEX = "indexes/index.cdx"


@dataclass(frozen=True, slots=True)
class Bundled:
    """What ``write_bundle`` wrote."""

    path: Path
    captures: int  # WARC files in archive/
    pages: int
    files: int  # resources listed in datapackage.json
    size: int  # bytes of the .wacz file


@dataclass(slots=True)
class BundleCheck:
    """What ``verify_bundle`` found: the package's own account, and every problem."""

    path: Path
    created: str = ""
    software: str = ""
    title: str = ""
    resources: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    signature: Signature | None = None  # None: not signed

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, folder: str) -> int:
        return sum(1 for r in self.resources if str(r.get("path", "")).startswith(folder))


def write_bundle(cache: SnapshotCache, report_path: Path, out: Path, *,
                 document: Path | None = None, signer: Any = None) -> Bundled:
    """Write the WACZ of the report at ``report_path`` and the captures it used to ``out``;
    signed with ``signer`` (an ECDSA private key from ``signing``) when given."""
    report, report_bytes = _read_report(report_path)
    manifest = report["manifest"]
    siblings = _siblings(report_path)
    doc_files = _document_files(manifest.get("document") or {}, report_path, document)
    # The report's siblings and the document are read last, from the disk meanwhile (asked
    # for after the captures, read first).
    with CaptureFiles(cache, manifest.get("captures") or []) as files, \
            ReadAhead([*siblings, *doc_files]) as ahead:
        return _write(cache, report_path, report, report_bytes, files, out,
                      _Others(siblings, doc_files, document is not None, ahead), signer)


@dataclass(frozen=True, slots=True)
class _Others:
    """The files a bundle holds beside the captures and the report: where they may be."""

    siblings: list[Path]  # the report's Markdown and HTML forms
    document: list[Path]  # where the document may be, in order
    given: bool  # the document's path was given (not the report's own account)
    files: ReadAhead


def _write(cache: SnapshotCache, report_path: Path, report: dict[str, Any],
           report_bytes: bytes, files: CaptureFiles, out: Path, others: _Others,
           signer: Any) -> Bundled:
    page_list = pages(report)
    index = CdxjIndex()
    # Before a byte is written, as far as the manifest tells (the captures revisits confirmed
    # are counted after writing).
    _refuse_zip64(out, files.size, len(files.rows))

    if not os.path.isdir(out.parent):  # one stat where it is (mkdir would try to make it)
        out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    resources: list[str] = []
    names: set[str] = set()
    try:
        with CanonicalZip(tmp) as wacz:
            def add(path: str, data: bytes) -> None:
                wacz.add(path, data)
                resources.append(resource(path, data, names))

            captures = files.add_to(add, index)
            add(INDEX, index.text().encode("utf-8"))
            add(PAGES, page_list.text.encode("utf-8"))
            add(f"report/{safe_name(report_path.name)}", report_bytes)  # as parsed
            for sibling in others.siblings:  # copied as they are, not made again
                data = others.files.read(sibling)
                if data is not None:
                    add(f"report/{safe_name(sibling.name)}", data)
            doc_name, doc_bytes = _document(cache, report["manifest"].get("document") or {},
                                            others)
            add(f"document/{safe_name(doc_name)}", doc_bytes)
            created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            package = datapackage(resources, report, page_list, created,
                                  f"provenance {__version__}", WACZ_VERSION)
            wacz.add(DATAPACKAGE, package)
            digest: dict[str, Any] = {"path": DATAPACKAGE, "hash": sha256_of(package)}
            if signer is not None:  # the spec signs the hash, at the package's own time
                digest["signedData"] = sign_hash(signer, digest["hash"], created,
                                                 f"provenance {__version__}")
            wacz.add(DIGEST, digest_json(digest))
        size = wacz.size
        _refuse_zip64(out, size, len(resources) + 2)
        # Under its own name only when whole: a crash leaves a temporary file, never a
        # half-written bundle. Not synced: the bundle can be written again from the cache,
        # and a sync is most of the time a small bundle takes (the kernel writes it soon).
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Bundled(out, captures, page_list.count, len(resources), size)


def _refuse_zip64(out: Path, size: int, files: int) -> None:
    """A bundle stays within the ZIP's 32-bit form, whose every field ``zip_framing`` checks:
    zipfile adds 64-bit extensions past 2 GiB or 65,535 files."""
    if size > zipfile.ZIP64_LIMIT or files >= zipfile.ZIP_FILECOUNT_LIMIT:
        raise ProvenanceError(f"{out}: a bundle holds at most 2 GiB in 65,534 files, and this "
                              f"one needs {size} bytes in {files} files: bundle the reports "
                              "one by one")


def _read_report(path: Path) -> tuple[dict[str, Any], bytes]:
    """The report at ``path``, and its bytes."""
    try:
        raw = read_file(path)
        if raw is None:
            raise FileNotFoundError("there is no file there")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or not isinstance(data["manifest"], dict):
            raise TypeError("no manifest object")
        return data, raw
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ProvenanceError(f"{path}: not a provenance JSON report with a manifest "
                              f"({exc})") from exc


def _siblings(report_path: Path) -> list[Path]:
    """Where the report's Markdown and HTML forms are, when they are."""
    stem = report_path.name.removesuffix(".json")
    return [report_path.with_name(stem + suffix) for suffix in (".md", ".html")]


def _document_files(doc: dict[str, Any], report_path: Path, given: Path | None) -> list[Path]:
    """Where the checked document may be, in order; none when it is a URL (in the cache)."""
    origin = str(doc.get("origin", ""))
    if given is not None:
        return [given]
    if origin.startswith(("http://", "https://")):
        return []
    return [Path(origin), report_path.parent / origin]


def _document(cache: SnapshotCache, doc: dict[str, Any],
              others: _Others) -> tuple[str, bytes]:
    """The checked document's file name and bytes, which must be those the report read."""
    origin, digest = str(doc.get("origin", "")), str(doc.get("sha256", ""))
    if not others.given and origin.startswith(("http://", "https://")):
        for row in reversed(cache.index(origin)):
            if row.sha256 == digest:
                snap = cache.read(row)
                return (Path(origin.split("?")[0].rstrip("/")).name or "document"), snap.body
        raise ProvenanceError(f"the document {origin} is not in the cache as the report read "
                              "it: give it with --document")
    for path in others.document:
        data = others.files.read(path)
        if data is not None:
            if digest and hashlib.sha256(data).hexdigest() != digest:
                raise ProvenanceError(f"{path}: the document has changed since the report "
                                      f"was made (its sha256 is not {digest[:12]}…)")
            return path.name, data
    raise ProvenanceError(f"the document the report checked ({origin or 'unnamed'}) is not "
                          "found: give it with --document")


def verify_bundle(path: Path) -> BundleCheck:
    """Recompute every hash of the WACZ at ``path``; the problems found are in ``problems``."""
    check = BundleCheck(path)
    try:
        with zipfile.ZipFile(path) as wacz:
            names = set(wacz.namelist())
            package_bytes = _member(wacz, DATAPACKAGE, check)
            digest_bytes = _member(wacz, DIGEST, check)
            if package_bytes is None:
                return check
            package = json.loads(package_bytes)
            check.created = str(package.get("created", ""))
            check.software = str(package.get("software", ""))
            check.title = str(package.get("title", ""))
            check.resources = list(package.get("resources") or [])
            if digest_bytes is not None:
                _check_digest(check, json.loads(digest_bytes), package_bytes)
            framing: list[str] = []
            if check.software.startswith("provenance "):  # ours: every byte is accounted for
                framing = framing_problems(path, wacz)
                check.problems += framing
            # A ZIP in the canonical form is hashed in place; any other read through zipfile.
            in_place = None
            if check.software.startswith("provenance ") and not framing:
                with contextlib.suppress(OSError, ValueError):  # a file that cannot be mapped
                    in_place = StoredMembers(path, wacz)
            listed = set()
            try:
                for res in check.resources:
                    name = str(res.get("path", ""))
                    listed.add(name)
                    got = _hashed(wacz, in_place, name, check)
                    if got is not None and (res.get("hash") != got[0]
                                            or res.get("bytes") != got[1]):
                        check.problems.append(f"{name}: its bytes are not those listed in "
                                              f"{DATAPACKAGE} (hash or size differs)")
            finally:
                if in_place is not None:
                    in_place.close()
            for extra in sorted(names - listed - {DATAPACKAGE, DIGEST}):
                check.problems.append(f"{extra}: not listed in {DATAPACKAGE}")
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        check.problems.append(f"not a readable WACZ file ({exc})")
    return check


def _check_digest(check: BundleCheck, digest: Any, package_bytes: bytes) -> None:
    if not isinstance(digest, dict):
        check.problems.append(f"{DIGEST}: not a JSON object")
        return
    if digest.get("hash") != sha256_of(package_bytes):
        check.problems.append(f"{DATAPACKAGE}: its hash is not the one {DIGEST} holds: the "
                              "package was changed")
    if "signedData" in digest:
        check.signature = check_signature(digest["signedData"], sha256_of(package_bytes),
                                          check.created)
        if not check.signature.ok:
            check.problems.append(f"{DIGEST}: the signature does not hold: "
                                  f"{check.signature.problem}")


def _hashed(wacz: zipfile.ZipFile, in_place: StoredMembers | None, name: str,
            check: BundleCheck) -> tuple[str, int] | None:
    """The hash (as datapackage.json writes it) and size of the member ``name``; None when
    it cannot be read (``check`` hears why)."""
    if in_place is None:
        data = _member(wacz, name, check)
        return None if data is None else (sha256_of(data), len(data))
    try:
        got = in_place.sha256(name)
    except ValueError as exc:
        check.problems.append(f"{name}: damaged in the ZIP file ({exc})")
        return None
    if got is None:
        check.problems.append(f"{name}: missing from the bundle")
        return None
    return "sha256:" + got[0], got[1]


def _member(wacz: zipfile.ZipFile, name: str, check: BundleCheck) -> bytes | None:
    try:
        return wacz.read(name)
    except KeyError:
        check.problems.append(f"{name}: missing from the bundle")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        # zipfile's own CRC check, or a deflated member that no longer inflates.
        check.problems.append(f"{name}: damaged in the ZIP file ({exc})")
    except Exception as exc:  # zlib.error and others: the bytes were changed
        check.problems.append(f"{name}: damaged in the ZIP file ({exc})")
    return None


def import_bundle(cache: SnapshotCache, path: Path) -> tuple[Snapshot, ...]:
    """Store every capture in the bundle's WARC files in ``cache``; its hashes must hold."""
    check = verify_bundle(path)
    if not check.ok:
        raise ProvenanceError(f"{path}: not imported: " + "; ".join(check.problems))
    stored: list[Snapshot] = []
    # In the package's order, where a capture a revisit confirmed comes before the revisit
    # (which is stored as that capture's body); a file that still cannot be imported is tried
    # again after the others, for packages written in another order.
    pending = [str(r.get("path")) for r in check.resources
               if str(r.get("path", "")).startswith("archive/")]
    with zipfile.ZipFile(path) as wacz, tempfile.TemporaryDirectory() as tmp:
        while pending:
            failed: list[tuple[str, ProvenanceError]] = []
            for name in pending:
                target = Path(tmp) / Path(name).name
                target.write_bytes(wacz.read(name))
                try:
                    stored.extend(import_file(cache, target))
                except ProvenanceError as exc:
                    failed.append((name, exc))
            if len(failed) == len(pending):
                raise failed[0][1]
            pending = [name for name, _ in failed]
    return tuple(stored)

"""Captures in and out of the cache as files: pages saved by hand, WARC files, WARC exports.

Some sites block every tool; the user then saves the page from a browser (HTML or PDF) or
with an archiving tool (WARC) and imports it, and it becomes a capture of origin ``import``
like any other. An export gathers the captures behind a report into one WARC file that
other archiving tools can read and replay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .cache import Capture, SnapshotCache
from .errors import ProvenanceError
from .model import Origin, Snapshot
from .urlsafety import check_url

__all__ = ["export_warc", "import_file", "report_urls"]

MAX_IMPORT = 64 * 1024 * 1024  # bytes per page, as for documents

_SUFFIX_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".xhtml": "application/xhtml+xml",
    ".mhtml": "multipart/related", ".pdf": "application/pdf", ".txt": "text/plain",
    ".md": "text/markdown",
}


def import_file(cache: SnapshotCache, path: Path, url: str | None = None,
                content_type: str | None = None,
                when: dt.datetime | None = None) -> tuple[Snapshot, ...]:
    """Store a saved page (HTML, PDF, text) as a capture of ``url``, or every page in a WARC
    file (each under its own URL and time; ``url`` then keeps only that one)."""
    if not path.is_file():
        raise ProvenanceError(f"{path}: no such file")
    if _is_warc(path):
        return _import_warc(cache, path, url)
    if not url:
        raise ProvenanceError(f"{path}: say which URL this page was saved from (--url)")
    check_url(url, allow_private=True)  # the scheme must be http(s); no request is made
    size = path.stat().st_size
    if size > MAX_IMPORT:
        raise ProvenanceError(f"{path}: {size} bytes is over the {MAX_IMPORT} byte limit")
    body = path.read_bytes()
    if not body.strip():
        raise ProvenanceError(f"{path}: the file is empty")
    ctype = content_type or _SUFFIX_TYPES.get(path.suffix.lower(), "application/octet-stream")
    snap = Snapshot(
        url=url, final_url=url, status=200, content_type=ctype,
        fetched_at=when or dt.datetime.now(dt.UTC), sha256=hashlib.sha256(body).hexdigest(),
        body=body, origin=Origin.IMPORT,
        headers=(("Content-Type", ctype), ("X-Provenance-Imported-From", path.name)))
    return (cache.store(snap),)


def _is_warc(path: Path) -> bool:
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:2] == b"\x1f\x8b":  # gzip: a .warc.gz, or a gzipped page
        import gzip

        with gzip.open(path, "rb") as g:
            try:
                head = g.read(5)
            except OSError:
                return False
    return head.startswith(b"WARC")


def _import_warc(cache: SnapshotCache, path: Path, only: str | None) -> tuple[Snapshot, ...]:
    stored = []
    try:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                snap = _snapshot_of(record)
                if snap is None or (only and only not in (snap.url, snap.final_url)):
                    continue
                stored.append(cache.store(snap))
    except ProvenanceError:
        raise
    except Exception as exc:  # warcio raises several unrelated types on bad files
        raise ProvenanceError(f"{path}: not a readable WARC file ({exc})") from exc
    if not stored:
        what = f"a response for {only}" if only else "any response or resource record"
        raise ProvenanceError(f"{path}: the WARC file holds no {what}")
    return tuple(stored)


def _snapshot_of(record: object) -> Snapshot | None:
    kind = record.rec_type  # type: ignore[attr-defined]
    if kind not in ("response", "resource"):
        return None
    rec_headers = record.rec_headers  # type: ignore[attr-defined]
    uri = rec_headers.get_header("WARC-Target-URI") or ""
    if not uri.startswith(("http://", "https://")):
        return None
    http_headers = record.http_headers  # type: ignore[attr-defined]
    if kind == "response" and http_headers is not None:
        status = int(http_headers.get_statuscode() or 0)
        headers = tuple(http_headers.headers)
        ctype = http_headers.get_header("Content-Type") or ""
    else:
        status, ctype = 200, rec_headers.get_header("Content-Type") or ""
        headers = (("Content-Type", ctype),)
    if 300 <= status < 400 or status == 0:
        return None  # redirects and revisits carry no page
    # content_stream() undoes chunking and content encoding, as a fetch would.
    body = record.content_stream().read(MAX_IMPORT + 1)  # type: ignore[attr-defined]
    if len(body) > MAX_IMPORT:
        raise ProvenanceError(f"{uri}: the archived page is over the {MAX_IMPORT} byte limit")
    date = rec_headers.get_header("WARC-Date") or ""
    try:
        when = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        when = dt.datetime.now(dt.UTC)
    return Snapshot(url=uri, final_url=uri, status=status, content_type=ctype,
                    fetched_at=when.astimezone(dt.UTC), sha256=hashlib.sha256(body).hexdigest(),
                    body=body, headers=headers, origin=Origin.IMPORT)


def export_warc(cache: SnapshotCache, rows: Iterable[Capture], out: Path) -> int:
    """Write the WARC files of ``rows`` into one WARC file at ``out``; returns how many.

    Each capture file is a series of gzip members, so joining them gives a valid WARC file.
    """
    files = list(dict.fromkeys(row.warc_file for row in rows))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with open(tmp, "wb") as dst:
        for rel in files:
            with open(cache.root / rel, "rb") as src:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, out)
    return len(files)


def report_urls(path: Path) -> tuple[set[str], set[str]]:
    """(URLs, WARC locations) named anywhere in a JSON report, whatever its schema version."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ProvenanceError(f"{path}: not a readable JSON report ({exc})") from exc
    urls: set[str] = set()
    warcs: set[str] = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str):
                    if key in ("warc", "warc_file") and value:
                        warcs.add(value.split("#", 1)[0])
                    elif key in ("url", "final_url", "origin") and value.startswith(
                            ("http://", "https://")):
                        urls.add(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return urls, warcs

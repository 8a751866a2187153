"""Captures in and out of the cache as files: pages saved by hand, WARC files, WARC exports.

Some sites block every tool; the user then saves the page from a browser (HTML or PDF) or
with an archiving tool (WARC) and imports it, and it becomes a capture of origin ``import``
like any other. An export gathers the captures behind a report into one WARC file that
other archiving tools can read and replay.

Revisit records are kept as what they say: a 304 Not Modified (``server-not-modified``)
becomes a revisit capture of the capture it confirmed, an identical-payload revisit a capture
with the body it left out as a duplicate. Either needs that earlier capture: in the same file
(by ``WARC-Refers-To``) or already in the cache (by a sha256 ``WARC-Payload-Digest``). An export
brings the capture each revisit capture confirmed, so the file stands alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from provenance.cache.index import Capture
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.cache.warc import payload_sha256
from provenance.errors import ProvenanceError
from provenance.fetch.revalidation import revalidated_headers
from provenance.fetch.urlsafety import check_url
from provenance.model import NotModified, Origin, Snapshot

__all__ = ["export_warc", "import_file", "report_urls"]

log = logging.getLogger(__name__)

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
    # Record id in this file -> (URL, WARC location) of the capture it became here, for the
    # revisits that refer to it; bodies are read back from the cache when one does.
    by_id: dict[str, tuple[str, str]] = {}
    try:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f):
                if record.rec_type == "revisit":
                    snap = _revisit_of(cache, record, by_id)
                else:
                    snap = _snapshot_of(record)
                if snap is None or (only and only not in (snap.url, snap.final_url)):
                    continue
                got = cache.store(snap)
                stored.append(got)
                record_id = record.rec_headers.get_header("WARC-Record-ID")
                if record_id and got.warc:
                    by_id[record_id] = (got.url, got.warc)
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
        return None  # redirects carry no page
    # content_stream() undoes chunking and content encoding, as a fetch would.
    body = record.content_stream().read(MAX_IMPORT + 1)  # type: ignore[attr-defined]
    if len(body) > MAX_IMPORT:
        raise ProvenanceError(f"{uri}: the archived page is over the {MAX_IMPORT} byte limit")
    return Snapshot(url=uri, final_url=uri, status=status, content_type=ctype,
                    fetched_at=_record_time(rec_headers),
                    sha256=hashlib.sha256(body).hexdigest(), body=body, headers=headers,
                    origin=Origin.IMPORT)


def _revisit_of(cache: SnapshotCache, record: object,
                by_id: dict[str, tuple[str, str]]) -> Snapshot | None:
    """The capture a revisit record stands for, with the body of the capture it refers to."""
    rec_headers: StatusAndHeaders = record.rec_headers  # type: ignore[attr-defined]
    uri = rec_headers.get_header("WARC-Target-URI") or ""
    if not uri.startswith(("http://", "https://")):
        return None
    profile = rec_headers.get_header("WARC-Profile") or ""
    not_modified = profile.endswith("/revisit/server-not-modified")
    if not not_modified and not profile.endswith("identical-payload-digest"):
        # WARC: a reader shall not interpret a revisit whose profile it does not know.
        log.warning("%s: a revisit of an unknown kind (%s) was not imported", uri,
                    profile or "no WARC-Profile")
        return None
    earlier = _earlier_capture(cache, rec_headers, by_id)
    if earlier is None:
        log.warning("%s: a revisit was not imported: the capture it refers to (%s) is neither "
                    "in the file nor in the cache", uri,
                    rec_headers.get_header("WARC-Refers-To") or "not named")
        return None
    http_headers = record.http_headers  # type: ignore[attr-defined]
    fresh = tuple(http_headers.headers) if http_headers else ()
    base = replace(earlier, url=uri, final_url=uri, fetched_at=_record_time(rec_headers),
                   origin=Origin.IMPORT, warc=None, request_headers=(), redirects=(),
                   not_modified=None)
    if not_modified:
        return replace(base, headers=revalidated_headers(earlier.headers, fresh,
                                                         earlier.fetched_at),
                       not_modified=NotModified(fresh, earlier=earlier.warc))
    # Identical payload: a full response whose body was left out as a duplicate.
    status = int(http_headers.get_statuscode() or 0) if http_headers else earlier.status
    if 300 <= status < 400 or status == 0:
        return None
    ctype = (http_headers.get_header("Content-Type") if http_headers else None) \
        or earlier.content_type
    return replace(base, status=status, content_type=ctype, headers=fresh or earlier.headers)


def _earlier_capture(cache: SnapshotCache, rec_headers: StatusAndHeaders,
                     by_id: dict[str, tuple[str, str]]) -> Snapshot | None:
    """The capture a revisit refers to: imported from the same file, or one in the cache with
    the same body."""
    digest = payload_sha256(rec_headers.get_header("WARC-Payload-Digest") or "")
    refers_to = rec_headers.get_header("WARC-Refers-To") or ""
    if refers_to in by_id:
        url, warc = by_id[refers_to]
        rows = [row for row in cache.index(url) if row.warc == warc]
    else:
        rows = list(reversed(cache.by_digest(digest))) if digest else []
    for row in rows:
        try:
            snap = cache.read(row)
        except DamagedEntry as exc:
            log.warning("%s", exc)
            continue
        if not digest or snap.sha256 == digest:  # a revisit of another body is not this one
            return snap
    return None


def _record_time(rec_headers: StatusAndHeaders) -> dt.datetime:
    date = rec_headers.get_header("WARC-Date") or ""
    try:
        when = dt.datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        when = dt.datetime.now(dt.UTC)
    return when.astimezone(dt.UTC)


def export_warc(cache: SnapshotCache, rows: Iterable[Capture], out: Path) -> int:
    """Write the WARC files of ``rows`` into one WARC file at ``out``; returns how many.

    Each capture file is a series of gzip members, so joining them gives a valid WARC file.
    A revisit capture (a 304) brings the capture it confirmed, written before it, so the
    export holds the body the revisit refers to.
    """
    wanted = []
    for row in rows:
        try:
            earlier = cache.confirmed(row)
        except DamagedEntry as exc:
            # Exported as it is: it still shows what the server answered, and when.
            log.warning("%s", exc)
            earlier = None
        if earlier is not None:
            wanted.append(earlier.warc_file)
        wanted.append(row.warc_file)
    files = list(dict.fromkeys(wanted))
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

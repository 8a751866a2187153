"""Capture files: a capture as WARC records, and back.

Each capture file is a WARC 1.1 file (ISO 28500), one gzip member per record, readable by
any WARC tool (``warcio check``, pywb, ...). File names and record ids derive from the
capture (URL, time, digest, origin), so rebuilding a cache gives identical files:

- for each redirect hop first, a ``request`` and a bodiless 3xx ``response``;
- ``request``: the HTTP request as sent (method, target, headers);
- ``response``: the HTTP status line and headers, then the body exactly as the tool read it
  (after transfer and content decoding: ``Content-Encoding`` is kept as
  ``X-Provenance-Orig-Content-Encoding`` and ``Content-Length`` is the stored length, so a
  replay tool does not try to decode it twice). ``WARC-Payload-Digest`` is
  ``sha256:BASE32`` of the body; ``WARC-Block-Digest`` is warcio's sha1 of the block;
- ``metadata``: ``application/warc-fields`` with ``requested-url``, ``origin``
  (live | archive | import), ``fetched-at`` (ISO 8601, microseconds) and one
  ``redirect: URL STATUS LOCATION`` line per hop.

A ``--refresh`` answered 304 Not Modified is a *revisit capture*: the same records, with a
``revisit`` record (profile ``http://netpreserve.org/warc/1.1/revisit/server-not-modified``)
where the response would be. It holds the 304's status line and headers only (encodings
renamed as above) and names the confirmed capture's response record: ``WARC-Refers-To`` (its
record id), ``WARC-Refers-To-Target-URI``, ``WARC-Refers-To-Date``, and
``WARC-Payload-Digest`` of its body. Its metadata record adds ``confirmed-status``,
``confirmed-content-type`` and ``confirmed-length`` (of that body), so the file alone gives its
index row. A revisit always refers to a response record, never to another revisit.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http
import io
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.cache.index import Capture, iso, utc
from provenance.fetch.revalidation import revalidated_headers
from provenance.fetch.urls import split_url, to_uri
from provenance.model import NotModified, Origin, Snapshot

__all__ = ["NOT_MODIFIED_PROFILE", "Record", "capture_bytes", "capture_key", "payload_sha256",
           "read_record", "row_of_file", "stored_304_headers", "stored_headers",
           "warc_problem"]

log = logging.getLogger(__name__)

_RENAMED = {"content-encoding": "X-Provenance-Orig-Content-Encoding",
            "transfer-encoding": "X-Provenance-Orig-Transfer-Encoding"}
# WARC 1.1's revisit profile for a server's "not modified" (warcio writes only the other one).
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True, slots=True)
class Record:
    """One WARC record of a capture file, as much of it as reading a capture needs."""

    kind: str  # WARC-Type
    fields: StatusAndHeaders  # the WARC header fields
    headers: tuple[tuple[str, str], ...]  # the HTTP header fields, if any
    body: bytes  # of a response record; empty for any other

    def field(self, name: str) -> str:
        return self.fields.get_header(name) or ""


def capture_key(snap: Snapshot) -> uuid.UUID:
    # Names and record ids derive from the capture itself, so rebuilding a cache from the
    # same captures gives the same files byte for byte.
    return uuid.uuid5(uuid.NAMESPACE_URL,
                      f"{snap.url} {iso(snap.fetched_at)} {snap.sha256} {snap.origin}")


def _record_id(key: uuid.UUID, kind: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(key, kind)}>"


def capture_bytes(snap: Snapshot, key: uuid.UUID, confirmed: tuple[Capture, Record] | None
                  ) -> tuple[bytes, int, tuple[tuple[str, str], ...]]:
    """The capture as WARC bytes, the response (or revisit) record's offset, and the headers
    as read back. With ``confirmed`` (the capture a 304 confirmed) a revisit record of it
    stands where the response would."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    date = _warc_date(snap.fetched_at)
    # WARC-Target-URI is a URI (ASCII); an IRI is converted, as it was for the request.
    uri = to_uri(snap.final_url)

    # Each redirect hop is kept as its own request and (bodiless) response, as a browser-based
    # archiving tool would record them: the evidence shows how the cited URL led to the page.
    hops = []
    for n, (hop_url, status, location) in enumerate(snap.redirects):
        hop_url = to_uri(hop_url)
        hop_request = _request_record(writer, hop_url, snap, date, _record_id(key, f"hop{n}q"))
        hop_response = writer.create_warc_record(
            hop_url, "response", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"{status} {_phrase(status)}",
                                          [("Location", location), ("Content-Length", "0")],
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(key, f"hop{n}")})
        hop_request.rec_headers.add_header("WARC-Concurrent-To",
                                           hop_response.rec_headers.get_header("WARC-Record-ID"))
        hops += [hop_request, hop_response]
    request = _request_record(writer, uri, snap, date, _record_id(key, "request"))

    payload_digest = _payload_digest(snap.sha256)
    confirms = ""
    if confirmed is None or snap.not_modified is None:
        headers = stored_headers(snap)
        response = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(snap.body), length=len(snap.body),
            http_headers=StatusAndHeaders(f"{snap.status} {_phrase(snap.status)}",
                                          list(headers), protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": payload_digest,
                               "WARC-Record-ID": _record_id(key, "response")})
    else:
        row, earlier = confirmed
        fresh = stored_304_headers(snap.not_modified)
        headers = revalidated_headers(earlier.headers, fresh, row.fetched_at)
        # The 304 as it came, and which record holds the body it confirmed (WARC 1.1 6.7.3).
        response = writer.create_revisit_record(
            uri, payload_digest, earlier.field("WARC-Target-URI"), earlier.field("WARC-Date"),
            http_headers=StatusAndHeaders(f"304 {_phrase(304)}", list(fresh),
                                          protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id(key, "revisit"),
                               "WARC-Refers-To": earlier.field("WARC-Record-ID")})
        response.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
        # What the row of this capture holds, so the file alone can index it again.
        confirms = (f"confirmed-status: {snap.status}\r\n"
                    f"confirmed-content-type: {snap.content_type}\r\n"
                    f"confirmed-length: {len(snap.body)}\r\n")
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    request.rec_headers.add_header("WARC-Concurrent-To", response_id)

    fields = (f"requested-url: {snap.url}\r\norigin: {snap.origin}\r\n"
              f"fetched-at: {iso(snap.fetched_at)}\r\n"
              + "".join(f"redirect: {u} {st} {loc}\r\n" for u, st, loc in snap.redirects)
              + confirms).encode()
    metadata = writer.create_warc_record(
        uri, "metadata", payload=io.BytesIO(fields), length=len(fields),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id,
                           "WARC-Record-ID": _record_id(key, "metadata")})

    for record in hops:
        writer.write_record(record)
    writer.write_record(request)
    offset = out.tell()
    writer.write_record(response)
    writer.write_record(metadata)
    return out.getvalue(), offset, headers


def _request_record(writer: WARCWriter, uri: str, snap: Snapshot, date: str,
                    record_id: str) -> ArcWarcRecord:
    parts = split_url(uri)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)] + [
        (k, v) for k, v in snap.request_headers if k.lower() != "host"]
    return writer.create_warc_record(
        uri, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True),
        warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": record_id})


def row_of_file(path: Path, rel: str) -> Capture | None:
    """The index row a capture file stands for, read from its response (or revisit) and
    metadata records."""
    found: dict[str, object] = {}
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for record in records:
                if record.rec_type == "response":  # the last one: redirect hops come first
                    body = record.raw_stream.read()
                    http_headers = record.http_headers
                    found.update(
                        offset=records.get_record_offset(),
                        final_url=record.rec_headers.get_header("WARC-Target-URI"),
                        date=record.rec_headers.get_header("WARC-Date"),
                        status=int(http_headers.get_statuscode()) if http_headers else 0,
                        ctype=(http_headers.get_header("Content-Type") or "")
                        if http_headers else "",
                        sha256=hashlib.sha256(body).hexdigest(), length=len(body))
                elif record.rec_type == "revisit":
                    # The body is the confirmed capture's: its digest is in the record, its
                    # status, type and length in the metadata record (below).
                    record.content_stream().read()
                    found.update(
                        offset=records.get_record_offset(),
                        final_url=record.rec_headers.get_header("WARC-Target-URI"),
                        date=record.rec_headers.get_header("WARC-Date"),
                        status=None, ctype=None, length=None,
                        sha256=payload_sha256(
                            record.rec_headers.get_header("WARC-Payload-Digest") or ""))
                elif record.rec_type == "metadata":
                    text = record.content_stream().read().decode("utf-8", "replace")
                    for line in text.splitlines():
                        key, _, value = line.partition(": ")
                        found.setdefault(f"meta:{key.strip()}", value.strip())
                else:
                    record.content_stream().read()
    except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
        log.warning("%s: unreadable (%s)", path, exc)
        return None
    if "offset" not in found:
        return None
    if found["status"] is None:  # a revisit: take what it confirmed from the metadata
        try:
            found.update(status=int(str(found["meta:confirmed-status"])),
                         ctype=found["meta:confirmed-content-type"],
                         length=int(str(found["meta:confirmed-length"])))
        except (KeyError, ValueError):
            log.warning("%s: a revisit without the confirmed capture's status, type and "
                        "length", path)
            return None
        if not found["sha256"]:
            log.warning("%s: a revisit without a sha256 payload digest", path)
            return None
    when = str(found.get("meta:fetched-at") or found["date"]).replace("Z", "+00:00")
    final_url = str(found["final_url"])
    return Capture(
        url=str(found.get("meta:requested-url") or final_url), final_url=final_url,
        fetched_at=utc(dt.datetime.fromisoformat(when)), status=int(str(found["status"])),
        content_type=str(found["ctype"]), sha256=str(found["sha256"]),
        length=int(str(found["length"])),
        origin=Origin(str(found.get("meta:origin") or Origin.LIVE)), warc_file=rel,
        warc_offset=int(str(found["offset"])))


def warc_problem(path: Path) -> str | None:
    """What is wrong with a WARC file's records and digests, or None."""
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f, check_digests=True)
            count = 0
            for record in records:
                count += 1
                stream = record.content_stream()
                while stream.read(1 << 20):
                    pass
                if record.digest_checker.passed is False:
                    problems = "; ".join(str(p) for p in record.digest_checker.problems)
                    return f"record at offset {records.get_record_offset()} fails its " \
                           f"digest ({problems})"
            if count == 0:
                return "no WARC records"
    except Exception as exc:  # warcio and gzip raise many unrelated types on bad data
        return f"unreadable WARC ({type(exc).__name__}: {exc})"
    return None


def read_record(path: Path, offset: int, limit: int) -> Record:
    """The record at ``offset`` of a capture file, with at most ``limit + 1`` bytes of a
    response's body (one more than expected shows a body that grew)."""
    with open(path, "rb") as f:
        f.seek(offset)
        record = next(iter(ArchiveIterator(f)))
        body = record.raw_stream.read(limit + 1) if record.rec_type == "response" else b""
        headers = tuple(record.http_headers.headers) if record.http_headers else ()
        return Record(record.rec_type, record.rec_headers, headers, body)


def _payload_digest(sha256: str) -> str:
    return "sha256:" + base64.b32encode(bytes.fromhex(sha256)).decode()


def payload_sha256(payload_digest: str) -> str:
    """The hex sha256 in a ``WARC-Payload-Digest``; empty when it is not a sha256."""
    algorithm, _, value = payload_digest.partition(":")
    if algorithm.strip().lower() not in ("sha256", "sha-256"):
        return ""
    try:
        raw = base64.b32decode(value.strip().upper())
    except ValueError:
        return ""
    return raw.hex() if len(raw) == 32 else ""


def stored_304_headers(not_modified: NotModified) -> tuple[tuple[str, str], ...]:
    # Renamed as in a response record, so no replay tool applies them to the body it serves.
    return tuple((_RENAMED.get(k.lower(), k), v) for k, v in not_modified.headers)


def stored_headers(snap: Snapshot) -> tuple[tuple[str, str], ...]:
    """A response's headers as its record keeps them: encodings renamed, the stored length."""
    headers: list[tuple[str, str]] = []
    for k, v in snap.headers:
        low = k.lower()
        if low == "content-length":
            continue
        headers.append((_RENAMED.get(low, k), v))
    if not any(k.lower() == "content-type" for k, _ in headers) and snap.content_type:
        headers.append(("Content-Type", snap.content_type))
    headers.append(("Content-Length", str(len(snap.body))))
    return tuple(headers)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _warc_date(when: dt.datetime) -> str:
    return utc(when).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

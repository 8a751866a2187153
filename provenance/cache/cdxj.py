"""A bundle's CDXJ index, line for line as cdxj-indexer writes it, made from the cache's rows.

cdxj-indexer reads every record of every WARC file (decompressing each body) to write one
line per response, revisit or resource record: the SURT key of ``WARC-Target-URI``, the
14-digit ``WARC-Date``, then ``{"url", "mime", "status", "digest", "length", "offset",
"filename"}``, sorted with repeated lines once. For a capture file as the cache writes it (a
request, the response, a metadata record; see ``warc``), the cache's index row already holds
the URL, time, status, type, body digest and the response's offset; what it lacks is the
record's length in the file, which is where the metadata record after it begins.

So the line is made from the row, and only the small parts of the file around it are read:
the request record before the response (it must end where the response begins: no redirect
hops), the first few KB of the response (its WARC and HTTP header fields, which must agree
with the row, field by field), and the metadata record that ends the file (found from the
end, and accepted only when it inflates to exactly the file's end, is the metadata record of
that response, and the response's gzip trailer before it gives the response's own size).
Any other file (a revisit, redirect hops, a row that disagrees with its record, a file from
another tool) is indexed by cdxj-indexer itself, as before.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from collections.abc import Callable

from provenance.cache.index import Capture, utc
from provenance.cache.surt_keys import SurtKeys
from provenance.errors import ProvenanceError
from provenance.fetch.urls import to_uri

__all__ = ["CdxjIndex", "b32_sha256", "record_type"]

_HEAD = 1 << 16  # compressed bytes of a response record its header fields must be within
_STEP = 512  # compressed bytes inflated at a time
_SMALL = 1 << 16  # the most a request or metadata record is read for (both are small)
_GZIP = b"\x1f\x8b\x08"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_PAIRS = [a + b for a in _B32 for b in _B32]  # 10 bits -> two base32 digits
_SHIFTS = range(250, -1, -10)
_DATE = str.maketrans("", "", "-T:")  # 2026-01-02T03:04:05 -> 20260102030405
_SPACE = re.compile(r"[;\s]")  # cdxj-indexer's cut of a Content-Type to its mime type
_json_str: Callable[[str], str] = json.encoder.encode_basestring_ascii  # json.dumps's escaper


class CdxjIndex:
    """The CDXJ index of the WARC files added; ``from_rows`` counts the lines made from index
    rows, ``parsed`` the files cdxj-indexer read."""

    def __init__(self) -> None:
        try:
            from cdxj_indexer.main import write_cdx_index
            from surt import surt
        except ImportError as exc:
            raise ProvenanceError("bundles need the wacz tools: pip install "
                                  "'provenance[wacz]'") from exc
        self._index = write_cdx_index
        self._surt: Callable[[str], str] = SurtKeys(surt)
        self._lines: list[str] = []
        self.from_rows = 0
        self.parsed = 0

    def add(self, name: str, data: bytes, row: Capture | None = None) -> str | None:
        """Index the WARC file ``name`` whose bytes are ``data`` and whose capture is ``row``;
        returns the WARC-Type of the row's record when its first bytes tell it."""
        line = _row_line(name, data, row, self._surt) if row is not None else None
        if line is not None:
            self._lines.append(line)
            self.from_rows += 1
            return "response"
        out = io.StringIO()
        # post_append puts each request record's fields on its response line, as pywb expects.
        self._index(out, io.BytesIO(data), {"post_append": True, "filename": name})
        self._lines += out.getvalue().splitlines(keepends=True)
        self.parsed += 1
        return record_type(data, row.warc_offset) if row is not None else None

    def text(self) -> str:
        # As the indexer's own sort does: every line in order, a repeated line once.
        return "".join(dict.fromkeys(sorted(self._lines)))


def _row_line(name: str, data: bytes, row: Capture, surt: Callable[[str], str]) -> str | None:
    """The CDXJ line of the capture file ``data`` made from its row; None when the file is not
    the plain request, response, metadata a row alone describes."""
    offset = row.warc_offset
    request = _inflate(data, 0)
    if request is None or request[1] != offset or _field(request[0], b"warc-type") != "request":
        return None
    head = _head(data, offset)
    if head is None:
        return None
    warc, http = _Block(head[0]), _Block(head[1])
    record_id = warc.field(b"warc-record-id")
    try:
        block_length = int(warc.field(b"content-length") or "")
    except ValueError:
        return None
    if warc.field(b"warc-type") != "response" or not record_id:
        return None
    end = _metadata_offset(data, offset, record_id, len(head[0]) + block_length + 4)
    if end is None:
        return None
    uri = warc.field(b"warc-target-uri") or ""
    if uri != row.final_url and uri != to_uri(row.final_url):  # an IRI is written as a URI
        return None
    t = utc(row.fetched_at)
    timestamp = f"{t.year:04d}{t.month:02d}{t.day:02d}{t.hour:02d}{t.minute:02d}{t.second:02d}"
    digest = "sha256:" + b32_sha256(row.sha256)
    mime = _SPACE.split(row.content_type, 1)[0].strip()
    # The row speaks for the record only where they agree, field by field.
    status = head[1][:head[1].find(b"\r\n")].split(b" ", 2)
    if ((warc.field(b"warc-date") or "")[:19].translate(_DATE) != timestamp
            or warc.field(b"warc-payload-digest") != digest
            or len(status) < 2 or status[1] != str(row.status).encode() or not mime
            or _SPACE.split(http.field(b"content-type") or "", 1)[0].strip() != mime):
        return None
    try:
        key = surt(uri)
    except Exception:  # as cdxj-indexer does: an URL surt cannot read is its own key
        key = uri
    # The JSON json.dumps writes for these fields, in this order, written directly: the
    # strings escaped by its own (C) escaper; the status, digest (base32), length and
    # offset need no escaping.
    return (f'{key} {timestamp} {{"url": {_json_str(uri)}, "mime": {_json_str(mime)}, '
            f'"status": "{row.status}", "digest": "{digest}", "length": "{end - offset}", '
            f'"offset": "{offset}", "filename": {_json_str(name)}}}\n')


def record_type(data: bytes, offset: int) -> str | None:
    """The WARC-Type of the record at ``offset`` of a WARC file's bytes, from its first few
    hundred bytes inflated; None when they do not tell."""
    if data[offset:offset + 3] != _GZIP:
        return None
    try:
        start = zlib.decompressobj(31).decompress(data[offset:offset + 2048], 4096)
    except zlib.error:
        return None
    end = start.find(b"\r\n\r\n")
    if end < 0 or not start.startswith(b"WARC/"):
        return None
    return _field(start[:end + 4], b"warc-type")


def b32_sha256(hex_digest: str) -> str:
    """``base64.b32encode`` of a sha256 given in hex (padding included), as a payload digest
    holds it: the standard library's is written in Python, and takes longer than all the
    rest of a line."""
    n = int(hex_digest, 16) << 4  # 256 bits, made 260: 26 pairs of 5-bit digits
    if len(hex_digest) != 64:
        raise ValueError(f"not a sha256: {hex_digest!r}")
    return "".join([_B32_PAIRS[(n >> shift) & 1023] for shift in _SHIFTS]) + "===="


def _inflate(data: bytes, start: int) -> tuple[bytes, int] | None:
    """The small gzip member at ``start`` inflated, and where it ends; None when it is no
    whole gzip member within ``_SMALL`` bytes."""
    if data[start:start + 3] != _GZIP:
        return None
    inflater, chunk = zlib.decompressobj(31), data[start:start + _SMALL]
    try:
        out = inflater.decompress(chunk, _SMALL)
    except zlib.error:
        return None
    if not inflater.eof:
        return None
    return out, start + len(chunk) - len(inflater.unused_data)


class _Block:
    """A WARC or HTTP header block that ends with CRLF CRLF, and its fields as warcio reads
    them (names in any case, the first of a name)."""

    __slots__ = ("block", "lower")

    def __init__(self, block: bytes) -> None:
        self.block, self.lower = block, block.lower()

    def field(self, name: bytes) -> str | None:
        """The value of the field ``name`` (lower case); None when absent, or folded over
        lines (left to the indexer)."""
        at = self.lower.find(b"\r\n" + name + b":")
        if at < 0:
            return None
        start = at + len(name) + 3
        end = self.block.find(b"\r\n", start)
        if end < 0 or self.block[end + 2:end + 3] in (b" ", b"\t"):
            return None
        return self.block[start:end].strip().decode("utf-8", "replace")


def _field(block: bytes, name: bytes) -> str | None:
    return _Block(block).field(name)


def _head(data: bytes, offset: int) -> tuple[bytes, bytes] | None:
    """The WARC header block and the HTTP header block (each with its CRLF CRLF) of the
    record at ``offset``, from its first bytes only."""
    if data[offset:offset + 3] != _GZIP:
        return None
    inflater, start = zlib.decompressobj(31), b""
    # Inflated a little at a time, as far as the end of the HTTP header block (a body
    # inflated for nothing is what this module saves).
    for at in range(offset, min(len(data), offset + _HEAD), _STEP):
        try:
            start += inflater.decompress(data[at:at + _STEP])
        except zlib.error:
            return None
        warc_end = start.find(b"\r\n\r\n")
        http_end = start.find(b"\r\n\r\n", warc_end + 4) if warc_end >= 0 else -1
        if http_end >= 0:
            if not start.startswith(b"WARC/"):
                return None
            return start[:warc_end + 4], start[warc_end + 4:http_end + 4]
        if inflater.eof:
            break
    return None


def _metadata_offset(data: bytes, offset: int, record_id: str, size: int) -> int | None:
    """Where the metadata record that ends the file begins: the gzip member that inflates to
    exactly the file's end, is the metadata record of the response with ``record_id``, and
    follows the response's gzip trailer, whose size field says ``size``."""
    floor = max(offset + 1, len(data) - _SMALL)
    at = len(data)
    while (at := data.rfind(_GZIP, floor, at)) >= 0:
        member = _inflate(data, at)
        if member is None or member[1] != len(data) or not member[0].startswith(b"WARC/"):
            continue
        warc = _Block(member[0][:member[0].find(b"\r\n\r\n") + 4])
        if (warc.field(b"warc-type") != "metadata"
                or warc.field(b"warc-concurrent-to") != record_id):
            continue
        if struct.unpack("<I", data[at - 4:at])[0] != size % (1 << 32):
            return None
        return at
    return None

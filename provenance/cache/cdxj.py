"""A bundle's CDXJ index, line for line as cdxj-indexer writes it, made from the cache's rows.

cdxj-indexer reads every record of every WARC file (decompressing each body) to write one
line per response, revisit or resource record: the SURT key of ``WARC-Target-URI``, the
14-digit ``WARC-Date``, then ``{"url", "mime", "status", "digest", "length", "offset",
"filename"}``, sorted with repeated lines once. For a capture file as the cache writes it (a
request, the response, a metadata record; see ``warc``), the cache's index row already holds
the URL, time, status, type, body digest and the response's offset; what it lacks is the
record's length in the file, which is where the metadata record after it begins.

So the line is made from the row, and only one small part of the file is inflated: the first
few KB of the response (its WARC and HTTP header fields, which must agree with the row, field
by field). The rest is read from the gzip framing alone, since the cache's own writer
(``warc.capture_bytes``) makes every capture file and writes each record as one gzip member
with the same header: one member (the request) before the response, so no redirect hops;
one member (the metadata record) after it, the last of the file; and the response's gzip
trailer, just before that, gives the size its own header fields do. Whether every record
inflates whole is checked where records are read, not here: inflating the request and the
metadata took a third of a small bundle's time, to find what the writer's form already says.
``import_bundle`` (and so ``provenance check run.wacz``) reads every record of every file,
and ``verify_bundle`` checks that each file is the bytes the bundle hashed.
Any other file (a revisit, redirect hops, a row that disagrees with its record, a member
after the metadata record, a file from another tool) is indexed by cdxj-indexer itself, as
before.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import zlib
from collections.abc import Callable

from provenance.cache.index import Capture, utc
from provenance.cache.surt_keys import SurtKeys
from provenance.errors import ProvenanceError
from provenance.fetch.urls import to_uri

__all__ = ["CdxjIndex", "b32_sha256", "record_type"]

_HEAD = 1 << 16  # compressed bytes of a response record its header fields must be within
_STEP = 512  # compressed bytes inflated at a time
_GZIP = b"\x1f\x8b\x08"
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_PAIRS = [a + b for a in _B32 for b in _B32]  # 10 bits -> two base32 digits
_SHIFTS = range(250, -1, -10)
_DATE = str.maketrans("", "", "-T:")  # 2026-01-02T03:04:05 -> 20260102030405
_SPACE = re.compile(r"[;\s]")  # cdxj-indexer's cut of a Content-Type to its mime type
_json_str: Callable[[str], str] = json.encoder.encode_basestring_ascii  # json.dumps's escaper
_surt_keys: SurtKeys | None = None


def _missing() -> ProvenanceError:
    return ProvenanceError("bundles need the wacz tools: pip install 'provenance[wacz]'")


class CdxjIndex:
    """The CDXJ index of the WARC files added; ``from_rows`` counts the lines made from index
    rows, ``parsed`` the files cdxj-indexer read."""

    def __init__(self) -> None:
        # cdxj-indexer itself is imported only for a file the rows do not describe: importing
        # it (and what it imports) takes longer than bundling a few captures, and most
        # bundles have no such file. Whether it is there is asked now, before any writing,
        # once a process (the search of the import path takes a tenth of a millisecond).
        global _surt_keys
        if _surt_keys is None:  # one per process: each host's key is asked of surt once
            if importlib.util.find_spec("cdxj_indexer") is None:
                raise _missing()
            try:
                from surt import surt
            except ImportError as exc:
                raise _missing() from exc
            _surt_keys = SurtKeys(surt)
        self._surt: Callable[[str], str] = _surt_keys
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
        try:
            from cdxj_indexer.main import write_cdx_index
        except ImportError as exc:
            raise _missing() from exc
        out = io.StringIO()
        # post_append puts each request record's fields on its response line, as pywb expects.
        write_cdx_index(out, io.BytesIO(data), {"post_append": True, "filename": name})
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
    member = data[offset:offset + 10]  # the gzip header every member of the file starts with
    if (offset < 10 or member[:3] != _GZIP or data[:10] != member
            or data.find(_GZIP, 10, offset) >= 0):  # one member (the request) before it
        return None
    head = _head(data, offset)
    if head is None:
        return None
    block, lower = head[0], head[0].lower()
    try:
        size = len(block) + int(_field(block, lower, b"content-length") or "") + 4
    except ValueError:
        return None
    if _field(block, lower, b"warc-type") != "response":
        return None
    # The metadata record: the one member after the response, the last of the file, where
    # the response's gzip trailer ends with the size its own header fields give it.
    end = data.rfind(member, offset + 10)
    if (end < 0 or data.find(_GZIP, end + 10) >= 0
            or data[end - 4:end] != (size % (1 << 32)).to_bytes(4, "little")):
        return None
    uri = _field(block, lower, b"warc-target-uri") or ""
    if uri != row.final_url and uri != to_uri(row.final_url):  # an IRI is written as a URI
        return None
    t = utc(row.fetched_at)
    timestamp = f"{t.year:04d}{t.month:02d}{t.day:02d}{t.hour:02d}{t.minute:02d}{t.second:02d}"
    digest = "sha256:" + b32_sha256(row.sha256)
    mime = _SPACE.split(row.content_type, 1)[0].strip()
    # The row speaks for the record only where they agree, field by field.
    status = head[1][:head[1].find(b"\r\n")].split(b" ", 2)
    if ((_field(block, lower, b"warc-date") or "")[:19].translate(_DATE) != timestamp
            or _field(block, lower, b"warc-payload-digest") != digest
            or len(status) < 2 or status[1] != str(row.status).encode() or not mime
            or _SPACE.split(_field(head[1], head[1].lower(), b"content-type") or "",
                            1)[0].strip() != mime):
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
    return _fields(start[:end + 4]).get(b"warc-type")


def b32_sha256(hex_digest: str) -> str:
    """``base64.b32encode`` of a sha256 given in hex (padding included), as a payload digest
    holds it: the standard library's is written in Python, and takes longer than all the
    rest of a line."""
    n = int(hex_digest, 16) << 4  # 256 bits, made 260: 26 pairs of 5-bit digits
    if len(hex_digest) != 64:
        raise ValueError(f"not a sha256: {hex_digest!r}")
    return "".join([_B32_PAIRS[(n >> shift) & 1023] for shift in _SHIFTS]) + "===="


def _fields(block: bytes) -> dict[bytes, str | None]:
    """The fields of a WARC or HTTP header block that ends with CRLF CRLF, as warcio reads
    them: names in any case (given here in lower case), the first of a name; None for a
    value folded over lines (left to the indexer)."""
    out: dict[bytes, str | None] = {}
    lines = block.split(b"\r\n")
    for n in range(1, len(lines) - 2):  # after the status line, before the blank ones
        name, colon, value = lines[n].partition(b":")
        if not colon or name[:1] in (b" ", b"\t"):
            continue
        name = name.lower()
        if name not in out:
            folded = lines[n + 1][:1] in (b" ", b"\t")
            out[name] = None if folded else value.strip().decode("utf-8", "replace")
    return out


def _field(block: bytes, lower: bytes, name: bytes) -> str | None:
    """``_fields(block).get(name)``, found rather than every field parsed (``lower`` is
    ``block.lower()``, ``name`` in lower case): the first line whose name is ``name``, its
    value stripped; None when there is none, or when it is folded over lines."""
    at = lower.find(b"\r\n" + name + b":")  # a line's start, so never the status line
    if at < 0:
        return None
    start = at + len(name) + 3
    end = block.find(b"\r\n", start)  # there is one: the block ends with CRLF CRLF
    if block[end + 2:end + 3] in (b" ", b"\t"):
        return None
    return block[start:end].strip().decode("utf-8", "replace")


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

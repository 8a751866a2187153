"""Bytes to text: the one decoder for fetched pages and documents read from disk.

A declared charset (a byte-order mark, the HTTP header, ``<meta charset>`` or the XML
declaration) is trusted when the bytes decode under it with only a few errors: one stray
byte in a UTF-8 page must not turn the whole page into a legacy code page ("seĂ±or"). The
errors are counted; only a declaration that fails badly, or none at all, sends the bytes to
charset detection.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

__all__ = ["Decoded", "declared_charset", "decode", "sniffed_charset"]

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
         (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
                           re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# What browsers do (WHATWG Encoding): these labels mean windows-1252.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252",
                  "l1": "cp1252"}
# A declaration is believed while at most one character in this many is a replacement: a
# cut multi-byte character or a stray byte from a bad paste, not a wrong charset.
TOLERANCE = 1000


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that gave it, how it was chosen and how many bytes failed."""

    text: str
    codec: str
    how: str  # "bom", "utf-8", "declared", "detected"
    errors: int = 0


def declared_charset(content_type: str) -> str | None:
    """The charset an HTTP Content-Type header names, if any."""
    m = _HEADER_CHARSET.search(content_type or "")
    return m.group(1) if m else None


def sniffed_charset(body: bytes) -> str | None:
    """The charset the page names in its first bytes (XML declaration or ``<meta>``)."""
    head = body[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "replace") if m else None


def decode(body: bytes, declared: str | None = None) -> Decoded:
    """Decode ``body``; ``declared`` is the HTTP header's charset (the page's own ``<meta>``
    is read here). Never raises."""
    for bom, bom_codec in _BOMS:
        if body.startswith(bom):
            return Decoded(body.decode(bom_codec, errors="replace"), bom_codec, "bom")
    try:
        # Non-ASCII bytes that happen to form valid UTF-8 are almost never another charset,
        # whatever the label says ("UTF-8 served as Latin-1").
        return Decoded(body.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    labels = [c for c in (_codec(declared), _codec(sniffed_charset(body))) if c]
    for codec in dict.fromkeys(labels):
        got = _counted(body, codec)
        if got is not None and got.errors * TOLERANCE <= max(len(got.text), TOLERANCE):
            return got
    if not labels:
        # Undeclared, and UTF-8 but for a few bytes: still UTF-8.
        got = _counted(body, "utf-8")
        if got is not None and got.errors * TOLERANCE <= max(len(got.text), TOLERANCE):
            return got
    return _detected(body)


def _counted(body: bytes, codec: str) -> Decoded | None:
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        return None
    errors = text.count("\ufffd") - _own_replacements(body, codec)
    return Decoded(text, codec, "declared", max(0, errors))


def _own_replacements(body: bytes, codec: str) -> int:
    """U+FFFD characters the bytes spell themselves, not decoding failures."""
    try:
        return body.count("\ufffd".encode(codec))
    except (UnicodeEncodeError, LookupError):
        return 0


def _detected(body: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(body))
    if not matches:
        return Decoded(body.decode("cp1252", errors="replace"), "cp1252", "detected")
    best = matches[0]
    # Several single-byte charsets often fit equally well; the detector then picks one
    # arbitrarily (cp1250 turns "año" into "ańo"). Like browsers, prefer windows-1252 when it
    # fits as well as the best.
    for m in matches:
        if (m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.1
                and "cp1252" in m.could_be_from_charset):
            return Decoded(body.decode("cp1252", errors="replace"), "cp1252", "detected")
    return Decoded(str(best), best.encoding, "detected")


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None

"""Content-Encoding decoding with a size cap that holds for every encoding.

A compressed body can inflate a thousandfold (a "zip bomb"); decoding here never produces
more than the caller still has room for, so the cap stops a bomb at the cap, not at its
full size.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable

__all__ = ["Decoder"]


class Decoder:
    """Content-Encoding decoding that never produces more than asked for at once."""

    ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # deflate is zlib-wrapped or raw depending on the server: decided on the first bytes.
        gzip = encoding in ("gzip", "x-gzip")
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._head = b""  # deflate bytes held until the wrapping can be told

    def feed(self, data: bytes, limit: int) -> Iterable[bytes]:
        if self.encoding in ("", "identity"):
            yield data
            return
        if self._z is None:  # deflate: its first two bytes tell zlib-wrapped from raw
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            raw = not (data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0)
            self._z = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        z = self._z
        out = z.decompress(data, max(1, limit))
        yield out
        # unconsumed_tail holds input not yet decoded because of max_length: keep going
        # only while under the limit, so a bomb stops at the cap, not at its full size.
        while z.unconsumed_tail:
            limit -= len(out)
            if limit <= 0:
                yield b"\0"  # one byte over: the caller sees the cap crossed
                return
            out = z.decompress(z.unconsumed_tail, max(1, limit))
            yield out

    def flush(self) -> bytes:
        if self._z is None and self._head:  # a one-byte deflate body: raw at best
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._z.decompress(self._head) + self._z.flush()
        return self._z.flush() if self._z is not None else b""

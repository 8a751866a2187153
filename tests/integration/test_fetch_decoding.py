"""Properties of body decoding: content encodings and charsets, on arbitrary input."""

from __future__ import annotations

import gzip
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.fetch.decoding import Decoder
from provenance.text.extract import decode_body


def _decode(encoded: bytes, encoding: str, cuts: list[int], cap: int) -> bytes | None:
    """Feed ``encoded`` in pieces as a socket would; None when the cap is crossed."""
    decoder, out, size, start = Decoder(encoding), [], 0, 0
    for end in [*sorted(set(cuts)), len(encoded)]:
        for piece in decoder.feed(encoded[start:end], cap - size + 1):
            size += len(piece)
            if size > cap:
                return None
            out.append(piece)
        start = end
    out.append(decoder.flush())
    return b"".join(out)


def _encode(data: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.compress(data)
    if encoding == "deflate-raw":
        z = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return z.compress(data) + z.flush()
    return zlib.compress(data)  # deflate as RFC 9110 means it: zlib-wrapped


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=20_000), encoding=st.sampled_from(["gzip", "deflate",
                                                                  "deflate-raw"]),
       cuts=st.lists(st.integers(min_value=0, max_value=2_000), max_size=6))
def test_any_body_decodes_to_itself_in_any_pieces(data: bytes, encoding: str,
                                                  cuts: list[int]) -> None:
    encoded = _encode(data, encoding)
    cuts = [c for c in cuts if c < len(encoded)]
    header = "deflate" if encoding.startswith("deflate") else encoding
    assert _decode(encoded, header, cuts, cap=len(data) + 1) == data


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=1, max_value=400_000),
       cap=st.integers(min_value=0, max_value=200_000))
def test_the_cap_holds_whatever_the_compression_ratio(size: int, cap: int) -> None:
    encoded = gzip.compress(bytes(size))  # zeros: the highest ratio there is
    got = _decode(encoded, "gzip", [len(encoded) // 2], cap)
    assert got is None if size > cap else got == bytes(size)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=3_000),
       label=st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1251", "shift_jis",
                              "no-such-charset"]))
def test_decoding_never_fails(data: bytes, label: str | None) -> None:
    assert isinstance(decode_body(data, label), str)


@given(text=st.text(max_size=500), label=st.sampled_from([None, "iso-8859-1", "utf-8"]))
def test_utf8_is_read_as_utf8_whatever_the_label(text: str, label: str | None) -> None:
    data = text.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        return  # a leading BOM character is consumed as a BOM, by design
    assert decode_body(data, label) == text

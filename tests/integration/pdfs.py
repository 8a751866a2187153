"""Hostile PDFs, written byte by byte: broken encryption, a decompression bomb, deep nesting.

Each is a synthetic one-page PDF with a real text layer (Helvetica), so that a reader that
got past the hostile part would find text: a failure to read it cannot pass for "a scan".
"""

from __future__ import annotations

import re
import zlib
from functools import cache

TEXT = b"BT /F1 11 Tf 72 760 Td (Synthetic test page: the harbour will reopen in May.) Tj ET\n"


def build(objects: list[bytes], trailer: bytes = b"", version: str = "1.7") -> bytes:
    """A PDF of ``objects`` (numbered from 1; 1 is the catalog) with a correct xref table."""
    out = bytearray(f"%PDF-{version}\n".encode() + b"%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer
            + f">>\nstartxref\n{xref}\n%%EOF\n".encode())
    return bytes(out)


def page(content: bytes, *, filters: bytes = b"", page_extra: bytes = b"") -> list[bytes]:
    """Catalog, pages, one page, its content stream (``content`` as stored), a font."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + page_extra + b">>",
        b"<< /Length " + str(len(content)).encode() + b" " + filters + b">>\nstream\n"
        + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def plain() -> bytes:
    return build(page(TEXT))


def encrypted(version: int, handler: bytes = b"/Standard") -> bytes:
    """Encrypted with an encryption dictionary naming ``version`` (/V) and ``handler``."""
    objects = page(TEXT)
    objects.append(b"<< /Filter " + handler + b" /V " + str(version).encode()
                   + b" /R 3 /Length 128 /O <" + b"00" * 32 + b"> /U <" + b"00" * 32
                   + b"> /P -4 >>")
    ident = b"<" + b"ab" * 16 + b">"
    return build(objects, b"/Encrypt 6 0 R /ID [" + ident + b" " + ident + b"] ")


@cache  # built once: it takes half a second
def decompression_bomb(inflated: int = 80 * 1024 * 1024) -> bytes:
    """A page whose content stream inflates to ``inflated`` bytes (past pypdf's 75 MB cap)
    from about a thousandth of that."""
    z = zlib.compressobj(9)
    parts = [z.compress(TEXT)]
    chunk = b" " * (1 << 20)
    parts += [z.compress(chunk) for _ in range(inflated >> 20)]
    parts.append(z.flush())
    return build(page(b"".join(parts), filters=b"/Filter /FlateDecode "))


@cache
def deeply_nested(depth: int = 50_000) -> bytes:
    """A page whose content stream nests arrays ``depth`` deep after its text."""
    return build(page(TEXT + b"[" * depth + b"]" * depth + b"\n"))


def assert_well_formed(data: bytes) -> None:
    """The xref offsets point at their objects (so a failure is the hostile part's)."""
    xref = int(re.search(rb"startxref\n(\d+)", data).group(1))  # type: ignore[union-attr]
    rows = re.findall(rb"(\d{10}) 00000 n", data[xref:])
    for number, offset in enumerate(rows, 1):
        assert data[int(offset):].startswith(f"{number} 0 obj".encode()), number

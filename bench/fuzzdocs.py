"""Hostile documents for fuzzing: the pieces that broke runs, mixed with random text.

``render(fmt, parts)`` turns a list of text pieces into the bytes of a document in one
format (txt, md, html or pdf); ``random_document`` draws one with ``random.Random``. The
pieces are synthetic: quotation marks of every kind, footnotes, links whose URLs are
malformed (unbalanced brackets, bad ports, upper-case schemes, letters outside ASCII,
control and bidi characters), Markdown and HTML constructs cut in half. Documents are
NUL-free (a NUL marks a binary file, which is refused before any parsing).
"""

from __future__ import annotations

import html
import random
import zlib

__all__ = ["FORMATS", "PIECES", "URLS", "random_document", "render"]

FORMATS = ("txt", "md", "html", "pdf")

URLS = (
    "http://[.example", "(http://[.example)", "http://[::1.example/a", "http://news.example:99999/",
    "http://news.example:port/a", "HTTP://NEWS.EXAMPLE/A", "https://bücher.example/año.html?q=café",
    "http://news.example/%zz%", "http://news.example/a b", "http://news.example/\u202eevil",
    "http://xn--.example/", "http://a..b/", "http://" + "a" * 300 + ".example/",
    "https://news.example/2026/03/02/harbour?x=1#:~:text=reopen", "http://127.0.0.1:9/a",
    "javascript:alert(1)", "file:///etc/passwd", "http://", "https://:80/", "http://@/",
    "http://news.example/" + "%" * 20, "http://[::ffff:127.0.0.1]/", "http://0x7f.1/",
)

PIECES = (
    "The mayor said “the harbour will reopen before the summer season”. ",
    "«la reunión del año será en Málaga», dijo. ", "”Över år möttes de”, skrev han. ",
    "He called it a `fuse`. ", "\"unclosed quote ", "“nested ‘inner’ quote” ", "FRAUD1 ",
    "[1] ", "[^1]: See the editorial. ", "(La República, 3 March 2026) ",
    "as El Comercio editorialized: “a synthetic sentence” ", "edición ya citada ",
    "… ", "[…] ", "\u202e", "\u2066", "\u200b", "\r\n", "\n\n", "\t", "> ", "# ", "* ",
    "<a href=\"", "\">", "</a>", "<script>", "<!--", "]]>", "<p>", "&amp;", "&#0;", "&#xD800;",
    "](", ")", "[", "]", "**", "__", "``", "|", "---\n",
)


def render(fmt: str, parts: list[str]) -> bytes:
    """The document, in ``fmt``, whose text is ``parts`` joined (links made by format)."""
    text = "".join(parts).replace("\x00", "")
    if fmt == "md":
        return text.encode("utf-8", "surrogatepass").replace(b"\x00", b"")
    if fmt == "html":
        body = "".join(f"<a href=\"{html.escape(p, quote=True)}\">link</a>" if p in URLS else p
                       for p in parts)
        return (f"<!DOCTYPE html><html><body><article>{body}</article></body></html>"
                .replace("\x00", "").encode("utf-8", "surrogatepass"))
    if fmt == "pdf":
        return _pdf(text)
    return text.encode("utf-8", "surrogatepass").replace(b"\x00", b"")


def random_document(rng: random.Random, size: int) -> tuple[str, bytes]:
    """(format, bytes) of a document of about ``size`` bytes."""
    fmt = rng.choice(FORMATS)
    parts: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < 0.45:
            piece = rng.choice(PIECES)
        elif roll < 0.6:
            url = rng.choice(URLS)
            piece = rng.choice((f" {url} ", f"[the page]({url}) ", f"({url})", url))
        elif roll < 0.9:
            piece = " ".join(rng.choice(("harbour", "reopen", "año", "Synthetic", "said",
                                         "the", "quay", "1999", "17", "dåligt"))
                             for _ in range(rng.randint(1, 30))) + " "
        else:
            piece = "".join(chr(rng.choice((rng.randint(1, 0x7F), rng.randint(0xA0, 0x2FFF),
                                            rng.randint(0x1F300, 0x1F6FF))))
                            for _ in range(rng.randint(1, 40)))
        parts.append(piece)
        total += len(piece)
    if fmt == "pdf" and rng.random() < 0.3:  # damaged PDF bytes as well as whole ones
        data = bytearray(render(fmt, parts))
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(len(data))] = rng.randint(1, 255)
        return fmt, bytes(data)
    return fmt, render(fmt, parts)


def _pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in its text layer (Latin-1 where it can be)."""
    lines = [line[:200] for line in text.splitlines() if line.strip()][:400] or ["(empty)"]
    ops = " ".join("(" + line.encode("cp1252", "replace").decode("cp1252")
                   .replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
                   for line in lines)
    content = zlib.compress(f"BT /F1 9 Tf 40 800 Td 11 TL {ops} ET".encode("cp1252",
                                                                           "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out).replace(b"\x00", b"\x01")

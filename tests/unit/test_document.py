"""Reading documents, and what happens with input that is not what it claims to be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.document import MAX_DOCUMENT, parse_document, read_document
from provenance.errors import DocumentError
from provenance.quotes.find import find_quotes

SPANISH = ("El Comercio, alineado con Fuerza Popular, editorializó: “José Jerí cayó por sus "
           "propios errores, pero el Parlamento marcó un pésimo precedente con esta censura.”\n")


def test_reads_text_markdown_and_html(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "a.md").write_text("# T\n\n> quoted line\n\nSee [x](https://example.org/m).\n",
                                   encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>See <a href='https://example.org/h'>here</a>.</p>",
                                     encoding="utf-8")
    assert read_document(tmp_path / "a.txt").text == SPANISH
    md = read_document(tmp_path / "a.md")
    assert [link.url for link in md.links] == ["https://example.org/m"]
    assert [md.text[s.start : s.end] for s in md.block_quotes] == ["quoted line"]
    html = read_document(tmp_path / "a.html")
    assert html.text.strip() == "See here." and html.links[0].url == "https://example.org/h"


def test_html_blocks_are_paragraphs_and_a_br_is_a_line_inside_one() -> None:
    html = ("<h1>Title</h1><p>She said: “We will build<br>the quay this year.”</p>"
            "<ul><li>one</li><li>two</li></ul>").encode()
    doc = parse_document(html, "t.html", "html")
    assert doc.text == ("Title\n\nShe said: “We will build\nthe quay this year.”\n\n"
                        "one\n\ntwo\n\n")
    # The quote runs over the line break: one quote, not two pieces.
    assert [q.text for q in find_quotes(doc)] == ["We will build\nthe quay this year."]


@pytest.mark.parametrize(("data", "message"), [
    (b"", "empty"),
    (b"  \n\t\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary"),
    (bytes(range(1, 32)) * 400, "binary"),
])
def test_bad_input_is_a_clear_error(tmp_path: Path, data: bytes, message: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message):
        read_document(path)
    assert main(["quotes", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("provenance: error: ") and message in err and "Traceback" not in err


def test_missing_file_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["quotes", str(tmp_path)]) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    path = tmp_path / "locked.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(DocumentError, match="cannot read"):
        read_document(path)


def test_legacy_charset_is_detected(tmp_path: Path) -> None:
    text = SPANISH * 5 + "La vacancia de Jerí tuvo lugar mediante un consenso reaccionario.\n"
    path = tmp_path / "latin.txt"
    path.write_bytes(text.replace("“", '"').replace("”", '"').encode("cp1252"))
    doc = read_document(path)
    assert "Jerí cayó" in doc.text and "pésimo" in doc.text


def test_utf16_with_bom() -> None:
    doc = parse_document(SPANISH.encode("utf-16"), "u16.txt", "txt")
    assert doc.text == SPANISH


def test_a_few_bad_bytes_keep_utf8() -> None:
    data = (SPANISH * 20).encode("utf-8")
    data = data[:100] + b"\xff" + data[100:]
    doc = parse_document(data, "damaged.txt", "txt")
    assert "\ufffd" in doc.text
    assert doc.text.count("Jerí cayó") == 20  # every other accent survives


def test_line_endings_are_normalised() -> None:
    doc = parse_document(b"one\r\ntwo\rthree\n", "crlf.txt", "txt")
    assert doc.text == "one\ntwo\nthree\n"


def test_too_large_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_DOCUMENT + 1)  # sparse: no disk used
    with pytest.raises(DocumentError, match="byte limit"):
        read_document(path)


@pytest.mark.slow
def test_fifty_megabytes_gives_a_result(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    block = ("The council met on Tuesday and spoke at length about the harbour budget. " * 40
             + "\n\n")
    quoted = "The mayor said: “We will fix the road before winter comes.”\n\n"
    path = tmp_path / "fifty.txt"
    with path.open("w", encoding="utf-8") as f:
        while f.tell() < 50_000_000:
            f.write(block * 20 + quoted)
    assert main(["quotes", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"We will fix the road before winter comes."' in out


def test_deeply_nested_html_is_read_or_refused_cleanly() -> None:
    html = ("<div>" * 5000 + "“deep words here”" + "</div>" * 5000).encode()
    try:
        doc = parse_document(html, "deep.html", "html")
    except DocumentError as exc:
        assert "deep" in str(exc)
    else:
        assert "deep words here" in doc.text


def test_html_without_text_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match="no readable text"):
        parse_document(b"<html><body><script>var x = 1;</script></body></html>", "s.html", "html")

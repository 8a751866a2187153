"""`provenance quotes DOC [--json]` on small documents (fictional outlets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.cli import main

DOC = """Harbour news, synthetic test page.

{editorial}

The Harbour Gazette, in an editorial, wrote: “The council has set a poor precedent.”

Out of nowhere came “a sentence that nobody can trace to any source at all”.

The board said: “We will fix the road before winter.”

The board said: “We will fix the road before winter.”
""".format(editorial="It was “a miscalculation by the harbour board” (Editorial “Zero Hour”, "
                     "The Daily Planet, March 3, 2024). The mayor was the right person to "
                     "serve as a “fuse”.")


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


def test_json_shape(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", str(doc), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_text = {q["text"]: q for q in data["quotes"]}
    q = by_text["a miscalculation by the harbour board"]
    assert {k: q[k] for k in ("kind", "line", "column", "language")} == {
        "kind": "quotation", "line": 3, "column": 9, "language": "en"}
    assert q["locations"] == [{"line": 3, "column": 9}]
    assert q["citation"] == {
        "key": q["citation"]["key"], "outlet": "The Daily Planet", "title": "Zero Hour",
        "author": None, "date": "2024-03-03", "url": None, "how": "parenthetical",
        "reference": "(Editorial “Zero Hour”, The Daily Planet, March 3, 2024)"}
    assert by_text["Zero Hour"]["kind"] == "title"
    assert by_text["fuse"]["kind"] == "term" and by_text["fuse"]["citation"] is None
    gazette = by_text["The council has set a poor precedent."]["citation"]
    assert (gazette["outlet"], gazette["how"]) == ("The Harbour Gazette", "narrative")
    lone = by_text["a sentence that nobody can trace to any source at all"]
    assert (lone["kind"], lone["citation"], lone["link_reason"]) == (
        "quotation", None, "unattributed")
    repeated = by_text["We will fix the road before winter."]
    assert repeated["locations"] == [{"line": 9, "column": 18}, {"line": 11, "column": 18}]
    assert {c["key"] for c in data["citations"]} >= {q["citation"]["key"], gazette["key"]}


def test_text_output(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "3:9  quotation en  “a miscalculation by the harbour board”" in out
    assert "-> The Daily Planet, “Zero Hour”, 2024-03-03 (parenthetical)" in out
    assert "(+1 more)" in out
    assert out.rstrip().endswith("4 quotations, 1 terms, 1 titles, 2 cited works")


def test_html_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>Synthetic test page.</p><p>The mayor said: <q>we will "
                    "build the bridge</q> (<a href='https://example.org/b'>source</a>).</p>"
                    "</body></html>", encoding="utf-8")
    assert main(["quotes", str(path), "--json"]) == 0
    (q,) = json.loads(capsys.readouterr().out)["quotes"]
    assert (q["text"], q["kind"], q["citation"]["url"], q["citation"]["how"]) == (
        "we will build the bridge", "quotation", "https://example.org/b", "url")


def test_html_quotes_carry_the_files_own_lines_and_columns(tmp_path) -> None:
    """Line and column of a quote in an HTML document are the file's, not the extracted
    text's: past a line break and indentation inside a paragraph, and past an entity."""
    from provenance.commands.quotes import extract
    from provenance.document import parse_document

    html = ("<html>\n<body>\n<h1>Synthetic harbour page</h1>\n<p>The mayor said:\n"
            "   “the pier will be finished before the winter comes”.</p>\n"
            "<p>Then &amp; later she wrote <q>we will open in May</q> in a letter.</p>\n"
            "</body>\n</html>\n")
    doc = parse_document(html.encode(), "synthetic.html", "html")
    quotes, _ = extract(doc)
    lines = html.split("\n")
    got = {q.text[:10]: (q.line, q.column) for q in quotes}
    assert got == {"the pier w": (5, 5), "we will op": (6, 34)}
    for q in quotes:
        assert lines[q.line - 1][q.column - 1:].startswith(q.text[:10])

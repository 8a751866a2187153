"""`provenance check` on a synthetic document, offline: the console summary line counts the
terms and titles listed beside the quotations checked, and the JSON report carries the
document's own source as ``document.sources``."""

from __future__ import annotations

import json
from pathlib import Path

from provenance.cli import main

_DOC = """# The harbour works (synthetic)

Source: https://example.org/original-harbour-post

The so-called “quiet season” ended when the mayor said: “The works on the pier will be
finished before the winter arrives in the harbour.”

She had read the editorial “The tides of winter” the day before.
"""


def test_summary_counts_terms_and_titles_and_json_keeps_document_sources(
        tmp_path: Path, capsys) -> None:
    doc = tmp_path / "harbour.md"
    doc.write_text(_DOC, encoding="utf-8")
    out = tmp_path / "reports"
    code = main(["check", str(doc), "--offline", "--cache", str(tmp_path / "cache"),
                 "--out", str(out), "--format", "json"])
    assert code in (0, 1)
    line = next(x for x in capsys.readouterr().out.splitlines() if "quotations checked" in x)
    assert "1 quotations checked (" in line and line.endswith("; 1 terms and 1 titles listed")
    report = json.loads((out / "harbour.json").read_text(encoding="utf-8"))
    urls = [s.get("url") for s in report["document"]["sources"]]
    assert urls == ["https://example.org/original-harbour-post"]

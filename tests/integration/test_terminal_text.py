"""What the commands print holds a document's and a page's characters: a control character
or a bidi override reaches the terminal only as its visible escape."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
RAW = ("\u202e", "\x1b", "\x07")


def test_check_quotes_and_diff_print_escapes(tmp_path: Path, httpserver: HTTPServer,
                                             capsys) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    doc = tmp_path / "story.md"
    doc.write_text("Synthetic test document. She said “not by \u202etaxpayers\x1b[2J\x07” "
                   f"([Courier]({url})).\n", encoding="utf-8")
    common = ["--cache", str(tmp_path / "cache"), "--allow-private", "--no-archive",
              "--format", "json"]
    main(["check", str(doc), *common, "--out", str(tmp_path / "a")])
    out = capsys.readouterr().out
    assert "not by \\u202etaxpayers\\u001b[2J\\u0007" in out
    assert not any(ch in out for ch in RAW)

    main(["quotes", str(doc)])
    out = capsys.readouterr().out
    assert "\\u202etaxpayers\\u001b[2J\\u0007" in out and not any(ch in out for ch in RAW)

    old = tmp_path / "a/story.json"
    data = json.loads(old.read_text(encoding="utf-8"))
    data["verdicts"][0]["reason"] = "changed \u202eevil\x1b]0;title\x07"
    new = tmp_path / "new.json"
    new.write_text(json.dumps(data), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "changed \\u202eevil\\u001b]0;title\\u0007" in out
    assert not any(ch in out for ch in RAW)


def test_an_error_naming_a_document_prints_its_escapes(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "draft\u202edm.txt\x1b[31m"
    assert main(["quotes", str(missing)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("provenance: error: ") and "draft\\u202edm.txt\\u001b[31m" in err
    assert not any(ch in err for ch in RAW)


def test_log_lines_print_escapes(tmp_path: Path) -> None:
    """In a process of its own (where the command sets up logging, not a test runner)."""
    import subprocess
    import sys

    doc = tmp_path / "story.txt"
    doc.write_text("Synthetic test document. She said “not by taxpayers” "
                   "(https://courier.invalid/a\u202ebc).\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "provenance", "check", str(doc), "--offline",
                          "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out"),
                          "-v"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.startswith("provenance: INFO: ")]
    assert any("https://courier.invalid/a\\u202ebc" in line for line in lines), run.stderr
    assert "\u202e" not in run.stderr and "\u202e" not in run.stdout


def test_json_on_stdout_escapes_them_and_means_the_same(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "story.md"
    words = "not by \u202etaxpayers\x85 at all"
    doc.write_text(f"Synthetic test document. She said “{words}” (https://courier.invalid/a).\n",
                   encoding="utf-8")
    main(["quotes", str(doc), "--json"])
    out = capsys.readouterr().out
    assert "\\u202e" in out and "\\u0085" in out and not any(ch in out for ch in "\u202e\x85")
    assert json.loads(out)["quotes"][0]["text"] == words

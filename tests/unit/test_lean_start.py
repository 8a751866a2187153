"""What a command loads before it works: only what it uses. A batch sent to a Dask cluster
checks nothing in the command's process, which gathers outcomes only: it must start without
the checker (pipeline, quote finder, matcher), bundles or signing, the seconds of imports
every worker has already paid for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Modules of the checker and of the other commands, none of which a cluster's client needs.
_HEAVY = ("provenance.pipeline", "provenance.quotes.find", "provenance.citations.attribute",
          "provenance.match.search", "provenance.judge", "provenance.reuse",
          "provenance.cache.bundle", "provenance.cache.signing", "warcio")

# In a fresh interpreter: parse a batch command line as `provenance` does, load what its
# Dask path runs in this process, and read back an outcome as a worker sends it (pickled).
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
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_a_cluster_batch_command_starts_without_the_checker() -> None:
    loaded = _loaded(_CLIENT)
    assert "provenance.commands.check" in loaded and "provenance.batch.dask_run" in loaded
    assert not [m for m in _HEAVY if m in loaded]


@pytest.mark.parametrize("command", ["diff", "keys"])
def test_a_command_loads_no_other_commands(command: str) -> None:
    loaded = _loaded("import json, sys\nfrom provenance.cli import build_parser\n"
                     f"build_parser({command!r})\nprint(json.dumps(sorted(sys.modules)))")
    others = {"check", "quotes", "cache", "diff", "bundle", "keys"} - {command}
    assert f"provenance.commands.{command}" in loaded
    assert not [o for o in others if f"provenance.commands.{o}" in loaded]

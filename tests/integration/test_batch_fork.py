"""Workers forked straight from the command's process: a batch run in a fresh process (no
other thread in it, as from the command line) forks its workers from that process, gives
the verdicts one process gives, and loses no document when a worker is killed. The pages
are synthetic captures imported into the cache; the run is offline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.batch_corpus import make_documents, make_pages, store_pages
from provenance.cli import main

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads a process's parent from /proc")

# Run in a process of its own: the test runner's process may hold threads (servers of
# other tests), and then the batch rightly takes the forkserver instead.
_SCRIPT = """
import json, os, signal, sys, time
from pathlib import Path
from provenance.batch.inputs import collect
from provenance.batch.run import run_batch
from provenance.settings import Settings

cache, docs, out, kill = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "kill"
settings = Settings(cache_dir=Path(cache), out_dir=Path(out), offline=True, archive_url="")
jobs, _ = collect([Path(docs)], settings.out_dir)
parents, killed = set(), []

def children():
    import multiprocessing
    return [c.pid for c in multiprocessing.active_children() if c.pid is not None]

def heard(outcome):
    for pid in children():
        stat = Path(f"/proc/{pid}/stat").read_text()
        parents.add(int(stat.rpartition(")")[2].split()[1]))
    if kill and not killed and children():
        os.kill(children()[0], signal.SIGKILL)
        killed.append(1)

outcomes = run_batch(jobs, settings, 2, on_done=heard)
print(json.dumps({"me": os.getpid(), "parents": sorted(parents), "killed": bool(killed),
                  "errors": [o.error for o in outcomes],
                  "statuses": [[r.status for r in o.rows] for o in outcomes]}))
"""


@pytest.fixture
def batch(tmp_path: Path) -> tuple[Path, Path]:
    pages = make_pages(4, seed=5, paragraphs=6)
    store_pages(tmp_path / "cache", pages, with_text=False)
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(make_documents(24, pages, seed=6, quotes=3)):
        (docs / f"doc{i:02}.md").write_text(text, encoding="utf-8")
    return tmp_path / "cache", docs


def _run(tmp_path: Path, cache: Path, docs: Path, how: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(cache), str(docs),
                           str(tmp_path / f"out-{how}"), how], capture_output=True,
                          text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _one_process(tmp_path: Path, cache: Path, docs: Path) -> list[list[str]]:
    out = tmp_path / "out-one"
    main(["check", str(docs), "--cache", str(cache), "--out", str(out), "--offline",
          "--no-archive", "--jobs", "1", "-q"])
    rows = [json.loads(line) for line in (out / "index.jsonl").read_text().splitlines()]
    by_doc: dict[str, list[str]] = {}
    for row in rows:
        by_doc.setdefault(row["document"], []).append(row["status"])
    return [by_doc[name] for name in sorted(by_doc)]


def test_workers_fork_from_the_command_and_give_the_verdicts_of_one_process(
        tmp_path: Path, batch: tuple[Path, Path]) -> None:
    cache, docs = batch
    forked = _run(tmp_path, cache, docs, "keep")
    assert forked["parents"] == [forked["me"]]  # no forkserver between them
    assert forked["errors"] == [""] * 24
    assert forked["statuses"] == _one_process(tmp_path, cache, docs)


def test_a_forked_worker_killed_mid_batch_loses_no_document(
        tmp_path: Path, batch: tuple[Path, Path]) -> None:
    cache, docs = batch
    killed = _run(tmp_path, cache, docs, "kill")
    assert killed["killed"]
    assert killed["errors"] == [""] * 24
    assert killed["statuses"] == _one_process(tmp_path, cache, docs)
    assert main(["cache", "verify", "--cache", str(cache), "-q"]) == 0

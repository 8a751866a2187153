"""The cache survives a writer killed mid-capture and two writers at once (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from provenance.cache.store import SnapshotCache

ROOT = Path(__file__).resolve().parents[2]

# Stores captures of 512 KB bodies forever (or N of them), printing each index row's
# URL once it is committed, so the parent knows what must survive.
WRITER = textwrap.dedent("""
    import datetime as dt, hashlib, os, sys
    from pathlib import Path
    from provenance.cache.store import SnapshotCache
    from provenance.model import Snapshot

    cache = SnapshotCache(Path(sys.argv[1]))
    name, count = sys.argv[2], int(sys.argv[3])
    i = 0
    while count < 0 or i < count:
        body = (f"synthetic test page {name} {i} ".encode() + os.urandom(8)) * 20000
        url = f"http://writer-{name}.test/page/{i % 7}"
        cache.store(Snapshot(url=url, final_url=url, status=200, content_type="text/plain",
                             fetched_at=dt.datetime.now(dt.UTC),
                             sha256=hashlib.sha256(body).hexdigest(), body=body))
        print(url, flush=True)
        i += 1
""")


def _writer(cache: Path, name: str, count: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", WRITER, str(cache), name, str(count)],
                            stdout=subprocess.PIPE, text=True, env=env)


@pytest.mark.parametrize("delay", [0.0, 0.004, 0.011, 0.05])
def test_killed_writer_leaves_a_readable_cache(tmp_path: Path, delay: float) -> None:
    cache_dir = tmp_path / "cache"
    # Earlier captures from a run that finished.
    done = _writer(cache_dir, "earlier", 3)
    assert done.wait(timeout=60) == 0
    earlier = SnapshotCache(cache_dir).index()
    assert len(earlier) == 3

    proc = _writer(cache_dir, "killed", -1)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # it is writing now: one capture takes a few ms
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=30)
    committed = [first, *out.split()]

    cache = SnapshotCache(cache_dir)
    rows = cache.index()
    assert len(rows) >= 3 + len(committed)  # nothing reported stored was lost
    for row in rows:  # and every indexed capture reads back and matches its digest
        assert cache.read(row).sha256 == row.sha256
    assert {r.warc for r in earlier} <= {r.warc for r in rows}
    check = cache.verify()
    assert check.ok, check.damaged
    # What the kill interrupted is at most one unindexed file or one temporary file.
    assert len(check.orphans) + len(check.partial) <= 1


def test_two_writer_processes_share_a_cache(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    procs = [_writer(cache_dir, name, 12) for name in ("a", "b")]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr
    cache = SnapshotCache(cache_dir)
    rows = cache.index()
    assert len(rows) == 24
    assert {r.url.split("/")[2] for r in rows} == {"writer-a.test", "writer-b.test"}
    check = cache.verify()
    assert check.ok and not check.orphans and not check.partial
    # A URL written 2 times by its writer keeps both captures, oldest first.
    captures = cache.captures("http://writer-a.test/page/0")
    assert len(captures) == 2
    assert captures[0].fetched_at <= captures[1].fetched_at

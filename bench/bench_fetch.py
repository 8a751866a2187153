"""Concurrent fetching against its ideal bound.

100 URLs over 10 hosts (127.0.0.2 ... 127.0.0.11, one local server each), every answer
after 200 ms, at most 2 requests in flight per host. The ideal wall time is what perfect
scheduling would take: ceil(URLs per host / per-host limit) x 200 ms (with enough workers
for every host at once). Printed: wall time, ideal, their ratio (target <= 1.3), and the
same run one URL at a time as a baseline in the same process.

    python bench/bench_fetch.py
"""

from __future__ import annotations

import math
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.fetch.http import HttpFetcher
from provenance.fetch.schedule import Schedule, fetch_many
from provenance.model import Snapshot
from provenance.settings import Settings
from tests.integration.faultserver import DelayServer

HOSTS, PER_HOST_URLS, DELAY, PER_HOST = 10, 10, 0.2, 2


def serve(hosts: int) -> None:
    """Child process: the local servers, so they do not share the fetcher's interpreter."""
    servers = [DelayServer(f"127.0.0.{i}", DELAY) for i in range(2, 2 + hosts)]
    print(" ".join(s.url("") for s in servers), flush=True)
    sys.stdin.readline()  # the parent asks how many requests were in flight at most
    print(max(s.max_in_flight for s in servers), flush=True)
    sys.stdin.read()  # until the parent closes our stdin


def run(settings: Settings, bases: list[str]) -> float:
    urls = [f"{b}/article/{i}" for i in range(PER_HOST_URLS) for b in bases]
    start = time.perf_counter()
    got = fetch_many(HttpFetcher(settings), urls, Schedule.of(settings))
    wall = time.perf_counter() - start
    bad = [u for u, v in got.items() if not isinstance(v, Snapshot)]
    if bad:
        raise SystemExit(f"{len(bad)} fetches failed, e.g. {got[bad[0]]}")
    return wall


def main() -> int:
    child = subprocess.Popen([sys.executable, __file__, "--serve"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdin is not None
    bases = child.stdout.readline().split()
    base = Settings(allow_private=True, per_host=PER_HOST, workers=HOSTS * PER_HOST,
                    politeness=0.0)
    try:
        run(replace(base, workers=2), bases[:1])  # warm-up: imports, first connections
        wall = run(base, bases)
        child.stdin.write("peak?\n")
        child.stdin.flush()
        peak = int(child.stdout.readline())
        sequential = run(replace(base, workers=1), bases)
    finally:
        child.stdin.close()
        child.wait(timeout=10)
    urls = HOSTS * PER_HOST_URLS
    ideal = math.ceil(PER_HOST_URLS / PER_HOST) * DELAY
    ratio = wall / ideal
    print(f"{urls} URLs over {HOSTS} hosts, {DELAY * 1000:.0f} ms each, per-host limit "
          f"{PER_HOST}, {base.workers} workers")
    print(f"  concurrent wall time    {wall:6.3f} s")
    print(f"  ideal bound             {ideal:6.3f} s")
    print(f"  ratio to ideal          {ratio:6.3f}   (target <= 1.3: "
          f"{'met' if ratio <= 1.3 else 'NOT met'})")
    print(f"  most in flight on one host: {peak} (limit {PER_HOST})")
    print(f"  baseline, one at a time {sequential:6.3f} s   speed-up x{sequential / wall:.1f}")
    return 0 if ratio <= 1.3 and peak <= PER_HOST else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve(HOSTS)
        raise SystemExit(0)
    raise SystemExit(main())

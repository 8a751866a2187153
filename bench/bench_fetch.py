"""Concurrent fetching against its ideal bound.

100 URLs over 10 hosts (127.0.0.2 ... 127.0.0.11, one local server each), every answer
after 200 ms, at most 2 requests in flight per host. The ideal wall time is what perfect
scheduling would take: ceil(URLs per host / per-host limit) x 200 ms (with enough workers
for every host at once). Printed: wall time, ideal, their ratio (target <= 1.3), and the
same run one URL at a time as a baseline in the same process. Then one host alone: 16 URLs,
at most 4 in flight (``--per-host 4``), ideal ceil(16 / 4) x 200 ms, same target.

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
ONE_HOST_URLS, ONE_HOST_LIMIT = 16, 4


def serve(hosts: int) -> None:
    """Child process: the local servers, so they do not share the fetcher's interpreter."""
    servers = [DelayServer(f"127.0.0.{i}", DELAY) for i in range(2, 2 + hosts)]
    print(" ".join(s.url("") for s in servers), flush=True)
    # The parent asks how many requests were in flight at most on one host since it last
    # asked, until it closes our stdin.
    for _ in sys.stdin:
        print(max(s.max_in_flight for s in servers), flush=True)
        for s in servers:
            s.max_in_flight = 0


def run(settings: Settings, bases: list[str], per_host_urls: int = PER_HOST_URLS) -> float:
    urls = [f"{b}/article/{i}" for i in range(per_host_urls) for b in bases]
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
        peak = ask_peak(child)
        one = replace(base, per_host=ONE_HOST_LIMIT, workers=8)
        one_wall = run(one, bases[:1], ONE_HOST_URLS)
        one_peak = ask_peak(child)
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
    one_ideal = math.ceil(ONE_HOST_URLS / ONE_HOST_LIMIT) * DELAY
    one_ratio = one_wall / one_ideal
    print(f"{ONE_HOST_URLS} URLs on one host, per-host limit {ONE_HOST_LIMIT}")
    print(f"  wall time {one_wall:6.3f} s, ideal {one_ideal:6.3f} s, ratio {one_ratio:6.3f} "
          f"(target <= 1.3: {'met' if one_ratio <= 1.3 else 'NOT met'}); most in flight "
          f"{one_peak} (limit {ONE_HOST_LIMIT})")
    met = ratio <= 1.3 and one_ratio <= 1.3
    return 0 if met and peak <= PER_HOST and one_peak <= ONE_HOST_LIMIT else 1


def ask_peak(child: subprocess.Popen[str]) -> int:
    """The most requests one host had in flight since the last question."""
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("peak?\n")
    child.stdin.flush()
    return int(child.stdout.readline())


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve(HOSTS)
        raise SystemExit(0)
    raise SystemExit(main())

"""The shipped example re-run offline: whole-process wall time and peak memory.

Runs ``provenance check examples/harbour-expansion.md --offline`` on a copy of the shipped
cache as a separate process, several times, and compares it with two baselines measured the
same way, interleaved with it, in the same run: the interpreter's own start-up
(``python -c pass``) and importing the command line (``python -c "import provenance.cli"``).
Target: under one second of wall time on top of start-up. Wall time swings on a busy
machine; CPU time (user + system) much less, so both are printed, each as a ratio to the
start-up. The first run may extract and cache text the shipped cache lacks; it is reported
apart from the repeat runs.

Child processes may write bytecode (``__pycache__``) even when PYTHONDONTWRITEBYTECODE is
set here, as an installed package has it: compiling every module on every run would be
measured otherwise.

    python bench/bench_offline.py [RUNS]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour-expansion.md"
CACHE = ROOT / "cache"


_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str]) -> tuple[float, int, float]:
    """(wall seconds, peak resident memory in KB, CPU seconds) of one child process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1 is "something is not found": the example has some
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def cache_part(cache_dir: Path) -> tuple[float, int]:
    """In this process: the evidence cache's share of an offline run, in seconds, over every
    capture of the cache (open, read, check the digest, look up the extracted text)."""
    sys.path.insert(0, str(ROOT))
    from provenance.cache.fetcher import open_fetcher
    from provenance.fetch.schedule import Schedule, fetch_many
    from provenance.settings import Settings
    from provenance.text.extract import EXTRACTOR

    settings = Settings(cache_dir=cache_dir, offline=True)
    fetcher, cache = open_fetcher(settings)
    urls = [row.url for row in cache.index()]
    start = time.perf_counter()
    got = fetch_many(fetcher, urls, Schedule.of(settings))
    texts = [cache.text(s.sha256, EXTRACTOR) for s in got.values() if hasattr(s, "sha256")]
    took = time.perf_counter() - start
    if len(texts) != len(urls):
        raise SystemExit("the shipped cache did not read back whole")
    return took, len(urls)


class Runs:
    """Wall and CPU seconds and peak memory of repeated runs of one command."""

    def __init__(self, argv: list[str]) -> None:
        self.argv = argv
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.rss: list[int] = []

    def run(self) -> None:
        wall, rss, cpu = timed(self.argv)
        self.walls.append(wall)
        self.cpus.append(cpu)
        self.rss.append(rss)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if not EXAMPLE.is_file() or not CACHE.is_dir():
        print(f"no shipped example here ({EXAMPLE.relative_to(ROOT)} and "
              f"{CACHE.relative_to(ROOT)}/): nothing to measure")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        shutil.copytree(CACHE, cache)  # the run may add extracted text: keep the shipped one
        bare = Runs([sys.executable, "-c", "pass"])
        imports = Runs([sys.executable, "-c", "import provenance.cli"])
        check = Runs([sys.executable, "-m", "provenance", "check", str(EXAMPLE), "--offline",
                      "--cache", str(cache), "--out", str(Path(tmp) / "out"), "-q"])
        timed(bare.argv)  # warm the file system cache and write the bytecode
        timed(imports.argv)
        first_wall, first_rss, _ = timed(check.argv)
        for _ in range(runs):  # interleaved, so a burst of load falls on all three alike
            bare.run()
            imports.run()
            check.run()
        cache_took, captures = cache_part(cache)
    extra = check.wall - bare.wall
    print(f"offline re-run of {EXAMPLE.relative_to(ROOT)} ({runs} runs, medians)")
    print(f"  {'':24} {'wall':>8}   {'CPU':>8}   (ratios to start-up)")
    for name, r in (("interpreter start-up", bare), ("import provenance.cli", imports),
                    ("whole process", check)):
        print(f"  {name:24} {r.wall:6.3f} s   {r.cpu:6.3f} s   "
              f"(x{r.wall / bare.wall:.1f} wall, x{r.cpu / bare.cpu:.1f} CPU)")
    print(f"  on top of start-up       {extra:6.3f} s   {check.cpu - bare.cpu:6.3f} s   "
          f"(target < 1 s wall: {'met' if extra < 1.0 else 'NOT met'})")
    print(f"  of which importing       {imports.wall - bare.wall:6.3f} s   "
          f"{imports.cpu - bare.cpu:6.3f} s   "
          f"({(imports.cpu - bare.cpu) / max(check.cpu - bare.cpu, 1e-9):.0%} of the CPU "
          "on top of start-up)")
    print(f"  peak memory              {max(check.rss) / 1024:6.1f} MB  (start-up "
          f"{max(bare.rss) / 1024:.1f} MB)")
    print(f"  evidence cache's part    {cache_took * 1000:6.1f} ms   ({captures} captures read, "
          "digests checked, cached text looked up)")
    print(f"  first run (fills text)   {first_wall:6.3f} s, {first_rss / 1024:.1f} MB")
    return 0 if extra < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

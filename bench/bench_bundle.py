"""Evidence bundles: size against the cache bytes they hold, and the time to write and to
verify one, for 10, 100 and 1,000 captures.

Each size gets a fresh cache of synthetic article pages (generated, marked synthetic; words
drawn at random so they compress as prose does, about 3:1), a JSON report whose manifest
names every capture, and the document. Every file the bundle holds is read from is "the
bytes": the capture files, the report and the document. Then, in this process and in turn,
RUNS times each, the same page-cache state before each timed step:

- the baseline: reading those bytes from the disk twice over (O_DIRECT, past the page
  cache, one file after the other into one buffer: no Python object per read), and, for
  scale, twice through the page cache;
- ``write_bundle`` (read the report, every WARC file and the document, hash them, index the
  captures as CDXJ from the cache's rows, write the WACZ), signed anonymously, as
  ``provenance bundle --sign-anonymous`` does (the key made in the timed step too), from the
  baseline's page-cache state: every one of those files is put out of the page cache first
  (they are written and synced once, then ``posix_fadvise(DONTNEED)`` before each run), so
  the write reads them from the disk as the baseline does, and its CPU time then too
  ("cold cpu": process time, user and system, the kernel's work to read the files from the
  disk included). Written again with the files in the page cache ("warm"), and its CPU time
  then ("cpu"), since on a loaded machine the wall time is partly waiting for a core while
  the disk baseline waits for the disk;
- ``verify_bundle`` (every member's hash, the ZIP framing, the signature), with the bundle
  synced and put out of the page cache too, so it is read from the disk once.

Each write makes a new file: the previous run's bundle is deleted before it, untimed (replacing
it would add the freeing of its blocks, which this disk discards as it frees them: 10 ms for
1,000 captures). The bundle is written to the page cache and not synced (as ``provenance
bundle`` leaves it to the kernel), so the writes of its bytes to the disk are not in its
time, as no write is in the baseline's. Each figure is the median of its runs (RUNS, and more
for fewer than 100 captures, where a run is short: RUNS × 100 / captures), and the ratios are
of medians measured in the same invocation, because a shared machine's absolute times are
noisy; then each run's write and verify against that run's own baseline, measured moments
apart (the median and middle half of those ratios). Target: writing (from the disk) and
verifying each take less than the baseline.

``--baseline REF`` measures the code of git commit REF too (exported with ``git archive``, run
in a process of its own), size by size in turns with this code, so both meet the same load.

    python bench/bench_bundle.py [--sizes 10,100,1000] [--runs 9] [--page-kb 40] [--baseline REF]
"""

from __future__ import annotations

import argparse
import mmap
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# --code DIR: the provenance package in DIR (a baseline's code, exported) instead of this tree's.
CODE = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv[:-1] else str(ROOT)
sys.path.insert(0, CODE)

sys.path.insert(1, str(ROOT))  # this tree's bench modules (behind a baseline's code)

from bench.bundle_corpus import make_run  # noqa: E402
from provenance.cache.bundle import verify_bundle, write_bundle  # noqa: E402
from provenance.cache.signing import new_signer  # noqa: E402


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def timed_both(work: Callable[[], object]) -> tuple[float, float]:
    """The wall time and the CPU time (this process's user and system) of ``work``."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def cpu_timed(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def evict(files: list[Path]) -> None:
    """Put the files out of the page cache (they are synced: the kernel drops clean pages),
    so the next read of them is the disk's."""
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def read_twice(files: list[Path]) -> None:
    """The files read twice through the page cache (where they are, just written)."""
    for _ in range(2):
        for path in files:
            path.read_bytes()


_BUFFER = mmap.mmap(-1, 1 << 20)  # page-aligned, as O_DIRECT needs


def read_twice_from_disk(files: list[Path]) -> None:
    """The files read twice from the disk itself: O_DIRECT bypasses the page cache, so each
    read is the device's, without dropping the machine's caches (it is shared)."""
    for _ in range(2):
        for path in files:
            fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
            try:
                while os.readv(fd, [_BUFFER]) == len(_BUFFER):
                    pass
            finally:
                os.close(fd)


def measure(count: int, runs: int, page_kb: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        folder = Path(tmp)
        cache, report, files = make_run(folder, count, page_kb)
        out = folder / "run.wacz"
        evict(files)  # synced: no write of theirs is left for a timed read to wait on
        warm, base, write, write_warm, write_cpu, verify = [], [], [], [], [], []
        write_cold_cpu: list[float] = []
        for _ in range(max(runs, runs * 100 // count)):  # more runs where each is short
            warm.append(timed(lambda: read_twice(files)))
            base.append(timed(lambda: read_twice_from_disk(files)))
            evict(files)
            out.unlink(missing_ok=True)
            wall, cpu = timed_both(lambda: write_bundle(cache, report, out, signer=new_signer()))
            write.append(wall)
            write_cold_cpu.append(cpu)
            out.unlink()
            write_warm.append(timed(
                lambda: write_bundle(cache, report, out, signer=new_signer())))
            out.unlink()
            write_cpu.append(cpu_timed(
                lambda: write_bundle(cache, report, out, signer=new_signer())))
            check = verify_bundle(out)
            if not check.ok or check.signature is None:
                raise SystemExit(f"the bundle does not verify: {check.problems}")
            evict([out])
            verify.append(timed(lambda: verify_bundle(out)))
        cache.close()
        used = sum(p.stat().st_size for p in files[1:-1])  # the capture files
        return {"captures": count, "cache_bytes": used, "bundle_bytes": out.stat().st_size,
                "read_twice": statistics.median(base), "warm_twice": statistics.median(warm),
                "write": statistics.median(write),
                "write_warm": statistics.median(write_warm),
                "write_cpu": statistics.median(write_cpu),
                "write_cold_cpu": statistics.median(write_cold_cpu),
                "verify": statistics.median(verify),
                # Each run's write and verify against the same run's baseline, measured
                # moments apart: the load of a shared machine changes less between them
                # than between the medians of all runs.
                "write_ratios": [w / b for w, b in zip(write, base, strict=True)],
                "verify_ratios": [v / b for v, b in zip(verify, base, strict=True)]}


def spread(ratios: list[float]) -> str:
    """The median of ``ratios`` and their middle half (from the first to the third quartile)."""
    q1, q2, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    return f"{q2:.2f} ({q1:.2f}-{q3:.2f})"


def _export(ref: str, into: Path) -> Path:
    """The code of commit ``ref``, as files (never a checkout of this worktree)."""
    archive = subprocess.run(["git", "archive", ref, "provenance"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--page-kb", type=int, default=40)
    parser.add_argument("--baseline", metavar="REF",
                        help="git commit whose code is measured too, size by size in turns")
    parser.add_argument("--code", help=argparse.SUPPRESS)  # read before the imports above
    parser.add_argument("--label", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    label = "this" if args.baseline else args.label
    if not args.label:
        # The load the figures were measured under: on a shared machine it inflates them.
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") \
            else "unknown"
        print(f"# {os.cpu_count()} cores, load average {load} (1, 5, 15 min)")
        print(f"{label:>8} {'captures':>8} {'cache MB':>9} {'bundle MB':>9} {'size':>6} "
              f"{'warm×2 ms':>9} {'disk×2 ms':>9} {'write ms':>8} {'warm ms':>7} {'cpu ms':>7} "
              f"{'cold cpu':>8} "
              f"{'verify ms':>9} {'write/disk×2':>12} {'verify/disk×2':>13}  per run: "
              "write/disk×2, verify/disk×2 (median, middle half)")
    with tempfile.TemporaryDirectory(prefix="bench-bundle-code-") as code:
        if args.baseline:
            _export(args.baseline, Path(code))
        for count in (int(s) for s in args.sizes.split(",")):
            m = measure(count, args.runs, args.page_kb)
            print(f"{label:>8} {count:>8} "
                  f"{m['cache_bytes'] / 1e6:>9.2f} {m['bundle_bytes'] / 1e6:>9.2f} "
                  f"{m['bundle_bytes'] / m['cache_bytes']:>6.3f} "
                  f"{m['warm_twice'] * 1e3:>9.2f} {m['read_twice'] * 1e3:>9.2f} "
                  f"{m['write'] * 1e3:>8.2f} {m['write_warm'] * 1e3:>7.2f} "
                  f"{m['write_cpu'] * 1e3:>7.2f} {m['write_cold_cpu'] * 1e3:>8.2f} "
                  f"{m['verify'] * 1e3:>9.2f} "
                  f"{m['write'] / m['read_twice']:>12.2f} "
                  f"{m['verify'] / m['read_twice']:>13.2f}  "
                  f"{spread(m['write_ratios'])}, {spread(m['verify_ratios'])}", flush=True)
            if args.baseline:  # the same size by the baseline's code, in a process of its own
                subprocess.run([sys.executable, __file__, "--code", code,
                                "--label", args.baseline[:8],
                                "--sizes", str(count), "--runs", str(args.runs),
                                "--page-kb", str(args.page_kb)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

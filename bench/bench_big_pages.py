"""Peak memory and time of a check that cites big pages (synthetic, served on 127.0.0.1).

Run from the repository root:  python -m bench.bench_big_pages [--sizes 5 20] [--counts 1 3 10]

Each run is one document citing N synthetic pages of S MB (``bench/bigpages.py``: an
ordinary article buried in scripts, styles, SVG, data-URI images, related-link lists and
comments), checked through ``provenance.check`` in a fresh process with its cache in a
temporary folder; the site is another process. Peak memory is the largest resident size of
the run and its page readers together (big pages are read one at a time, each in a child
process), sampled every 20 ms. Targets: ten 5 MB
pages under 1.5 GB, no page over 30 s.
"""

from __future__ import annotations

import argparse
import functools
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MB = 1024 * 1024  # (page sizes are in decimal MB: a "20 MB" page is under the 20 MiB cap)


class Sampler:
    """The largest resident size of this process and its children together, sampled every
    20 ms from /proc (ru_maxrss cannot say it: a child's counts what it inherited)."""

    def __init__(self) -> None:
        self.peak = self.own = self.reader = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            own = _rss("self")
            children = sum(_rss(pid) for pid in _children())
            self.own, self.reader = max(self.own, own), max(self.reader, children)
            self.peak = max(self.peak, own + children)


def _rss(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _children() -> list[str]:
    out: list[str] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            out.extend((task / "children").read_text().split())
        except OSError:
            continue
    return out


def _pages(count: int, size_mb: float) -> dict[str, tuple[bytes, str]]:
    from bench.bigpages import big_page

    return {f"/news/2026/03/02/story-{i}": (big_page(int(size_mb * 1e6), seed=i),
                                            "text/html; charset=utf-8") for i in range(count)}


def one_run(count: int, size_mb: float) -> dict[str, object]:
    """Check a document citing ``count`` pages of ``size_mb`` MB; what it cost."""
    import provenance
    from bench.bigpages import QUOTES
    from bench.localsite import serve_elsewhere
    from provenance.settings import Settings
    from provenance.text import budget

    reads: list[float] = []
    bounded = budget.bounded

    def timed(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return bounded(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            reads.append(time.perf_counter() - start)

    budget.bounded = timed  # type: ignore[assignment]
    paths = [f"/news/2026/03/02/story-{i}" for i in range(count)]
    with serve_elsewhere(functools.partial(_pages, count, size_mb)) as base, \
            tempfile.TemporaryDirectory() as tmp:
        doc = "".join(f"The chair said “{QUOTES[i % len(QUOTES)]}” "
                      f"([The Synthetic Courier]({base}{path})).\n\n"
                      for i, path in enumerate(paths))
        settings = Settings(cache_dir=Path(tmp) / "cache", allow_private=True, archive_url="")
        with Sampler() as sampler:
            start = time.perf_counter()
            report = provenance.check(doc, settings=settings, cache=Path(tmp) / "cache")
            took = time.perf_counter() - start
    return {"pages": count, "mb": size_mb, "seconds": took,
            "slowest_page": max(reads, default=0.0), "peak": sampler.peak,
            "own": sampler.own, "reader": sampler.reader, "summary": dict(report.summary)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[5, 20], help="MB per page")
    ap.add_argument("--counts", type=int, nargs="+", default=[1, 3, 10])
    ap.add_argument("--one", nargs=2, metavar=("COUNT", "MB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one_run(int(args.one[0]), float(args.one[1]))))
        return 0
    print("synthetic pages (bench/bigpages.py), served on 127.0.0.1, checked through "
          "provenance.check in a fresh process each")
    print(f"{'pages':>5} {'MB':>4} {'time':>8} {'slowest':>8} {'peak':>9} {'run':>8} "
          f"{'reader':>8}  verdicts")
    worst_ok = True
    for size in args.sizes:
        for count in args.counts:
            done = subprocess.run([sys.executable, "-m", "bench.bench_big_pages", "--one",
                                   str(count), str(size)], capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                print(f"{count:>5} {size:>4g}  failed: {done.stderr.strip()[-300:]}")
                worst_ok = False
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{r['pages']:>5} {r['mb']:>4g} {r['seconds']:>7.1f}s "
                  f"{r['slowest_page']:>7.1f}s {r['peak'] / MB:>7.0f}MB {r['own'] / MB:>6.0f}MB "
                  f"{r['reader'] / MB:>6.0f}MB  {r['summary']}")
            worst_ok &= r["slowest_page"] <= 30
    print("targets: ten 5 MB pages under 1.5 GB peak; no page over 30 s"
          + ("" if worst_ok else "  (a page went over 30 s)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

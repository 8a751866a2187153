"""Fuzz benchmark: thousands of hostile documents through the CLI, offline; crashes and the
slowest input. Not run in CI (it takes minutes).

Run from the repository root:  python -m bench.bench_fuzz [--count 5000] [--seed 16]
[--max-size 2000000] [--workers N]

Each document (``bench.fuzzdocs``: txt, md, html or pdf, NUL-free, most of a few KB, one
in a hundred up to ``--max-size`` bytes) is checked with ``main(["check", DOC, "--offline",
...])`` in a worker process with its own cache. A crash is an exit code other than 0, 1 or
2, a traceback on stdout or stderr, or an internal error (a traceback in the run's log).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.fuzzdocs import random_document

_SAVED = Path(tempfile.gettempdir()) / "bench-fuzz-crashes"  # inputs that crashed, to replay


def _size(rng: random.Random, largest: int) -> int:
    roll = rng.random()
    if roll < 0.01:
        return rng.randint(200_000, largest)
    if roll < 0.10:
        return rng.randint(20_000, 200_000)
    return rng.randint(1, 20_000)


def _run(job: tuple[int, int, int]) -> tuple[int, str, int, float, int, str]:
    """(index, format, size, seconds, exit code, problem or "") of one document."""
    from provenance.cli import main
    from provenance.commands.faultlog import NAME

    index, seed, largest = job
    rng = random.Random(seed * 1_000_003 + index)
    fmt, data = random_document(rng, _size(rng, largest))
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / f"doc{index}.{fmt}"
        doc.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["check", str(doc), "--offline", "--no-archive", "-q",
                             "--cache", f"{tmp}/cache", "--out", f"{tmp}/out"])
            except SystemExit as exc:
                code = int(exc.code or 0)
            except BaseException as exc:  # the crash this benchmark looks for
                code, err = -1, io.StringIO(f"Traceback: {type(exc).__name__}: {exc}")
        took = time.perf_counter() - start
        log = Path(tmp) / "out" / NAME
        problem = ""
        if code not in (0, 1, 2):
            problem = f"exit code {code}: {err.getvalue()[-300:]}"
        elif "Traceback" in out.getvalue() + err.getvalue():
            problem = "traceback: " + (out.getvalue() + err.getvalue())[-300:]
        elif log.exists():
            problem = "internal error: " + log.read_text(encoding="utf-8")[-300:]
        if problem:
            _SAVED.mkdir(exist_ok=True)
            (_SAVED / doc.name).write_bytes(data)
    return index, fmt, len(data), took, code, problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--max-size", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    jobs = [(i, args.seed, args.max_size) for i in range(args.count)]
    results = []
    with ProcessPoolExecutor(args.workers) as pool:
        for result in pool.map(_run, jobs, chunksize=8):
            results.append(result)
    crashes = [r for r in results if r[5]]
    codes: dict[int, int] = {}
    for r in results:
        codes[r[4]] = codes.get(r[4], 0) + 1
    by_format: dict[str, int] = {}
    for r in results:
        by_format[r[1]] = by_format.get(r[1], 0) + 1
    slowest = max(results, key=lambda r: r[3])
    total = sum(r[2] for r in results)
    print(f"{len(results)} documents ({', '.join(f'{n} {f}' for f, n in sorted(by_format.items()))}"
          f"; {total / 1e6:.1f} MB, largest {max(r[2] for r in results)} bytes) in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} workers")
    print("exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(codes.items())))
    print(f"crashes: {len(crashes)}")
    for r in crashes[:20]:
        print(f"  doc{r[0]}.{r[1]} ({r[2]} bytes): {r[5][:200]!r}")
    print(f"slowest: doc{slowest[0]}.{slowest[1]}, {slowest[2]} bytes, {slowest[3]:.2f} s "
          f"(exit {slowest[4]})")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

"""Batches over every core and on a Dask cluster: documents/s and quotes/s, each a ratio to
one process in the same invocation, peak memory per process, and cost per document as the
batch grows.

Synthetic corpus: PAGES local article pages (a server on 127.0.0.1 in this process, every
page saying it is synthetic) and N documents of about 3 KB, each quoting four passages of
its pages (three verbatim, one with a word changed). For each N and each way of running,
``--jobs 1``, ``--jobs 2``, ``--dask local:2`` (the command starts a LocalCluster of two
worker processes, and stops it) and ``--dask tcp://…`` (a LocalCluster of two worker
processes this benchmark started before, as a cluster already running is used), one cold
run fills a new cache online, then a warm ``--offline`` run reads it; each is the whole
``provenance check DIR`` command as a separate process, start-up and the index (and for a
cluster the merge of its workers' cache shards) included. While a run goes, the resident
memory of each of its processes (and of the running cluster's workers) is sampled (psutil,
every 0.2 s): the peak of the largest worker is reported beside the command's own. Verdicts
of every run are compared with the first (index.jsonl).

Targets: ``--jobs 2`` at least 1.7x ``--jobs 1``; the cluster within 15% of ``--jobs 2``;
peak memory per worker under 400 MB; cost per document flat as N grows (linear cost).

    python bench/bench_batch_jobs.py [N ...]        (default: 100 1000 10000)
    python bench/bench_batch_jobs.py --modes jobs1,jobs2,dask2,running 1000
    python bench/bench_batch_jobs.py --modes jobs2,running --rounds 3 1000   (paired rounds)
    python bench/bench_batch_jobs.py --modes jobs1,jobs2 --baseline REF 1000  (the older command)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.pages import article_page

ROOT = Path(__file__).resolve().parents[1]

PAGES = 50
WORDS = ("harbour", "council", "budget", "ferry", "school", "tunnel", "bridge", "market",
         "library", "clinic", "river", "station", "tram", "museum", "stadium", "port", "vote",
         "fees", "taxes", "residents", "mayor", "board", "plan")
MODES = {"jobs1": ("--jobs", "1"), "jobs2": ("--jobs", "2"), "dask2": ("--dask", "local:2"),
         "running": ("--dask", "ADDRESS")}
LABEL = {"jobs1": "--jobs 1", "jobs2": "--jobs 2", "dask2": "--dask local:2",
         "running": "--dask tcp://", "then": "the baseline"}
BASELINE: dict[str, Path] = {}  # "then": the exported code of --baseline REF


def sentences(page: int) -> list[str]:
    rng = random.Random(page)
    return [f"Sentence {i} of page {page}: the " + " ".join(rng.choices(WORDS, k=14)) + "."
            for i in range(30)]


def serve() -> tuple[ThreadingHTTPServer, str]:
    bodies = {f"/page/{k}": article_page(f"Synthetic article {k}", sentences(k)).encode()
              for k in range(PAGES)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def corpus(folder: Path, n: int, base: str) -> int:
    """N documents; returns the number of quotations."""
    folder.mkdir(parents=True)
    rng = random.Random(n)
    filler = "This synthetic paragraph is filler around the quotations of a test document. " * 4
    for d in range(n):
        parts = [f"# Synthetic story {d}\n"]
        for q in range(4):
            page = rng.randrange(PAGES)
            words = rng.choice(sentences(page)).rstrip(".").split()[4:14]
            if q == 3:
                words[3] = "zeppelin"  # one altered quotation per document
            parts.append(f"{filler}\n\nThe mayor said “{' '.join(words)}” "
                         f"([Courier]({base}/page/{page})).\n\n{filler}\n")
        (folder / f"story{d:05}.md").write_text("\n".join(parts), encoding="utf-8")
    return n * 4


@dataclass
class Run:
    seconds: float
    main_mb: float  # peak resident memory of the command's own process
    worker_mb: float  # peak of its largest other process (a worker), 0 with none


class Cluster:
    """A LocalCluster of two worker processes, started once, for the ``running`` mode."""

    def __init__(self) -> None:
        import dask
        import distributed

        # As docs/scale.md says to start a cluster: leases looked for every second, and
        # workers without Dask's statistical profiler.
        dask.config.set({"distributed.scheduler.locks.lease-validation-interval": "1s",
                         "distributed.worker.profile.enabled": False})
        self.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                                processes=True, host="127.0.0.1",
                                                dashboard_address="127.0.0.1:0", memory_limit=0)
        self.address = self.cluster.scheduler_address

        self.client = distributed.Client(self.cluster)

    def workers(self) -> list[int]:
        """The process ids of its workers, asked each time: a dead one is replaced."""
        return list(self.client.run(os.getpid).values())

    def close(self) -> None:
        self.client.close()
        self.cluster.close()


def check(docs: Path, cache: Path, out: Path, mode: str, offline: bool,
          cluster: Cluster | None = None) -> Run:
    options = MODES.get(mode, ()) if mode != "running" or cluster is None else ("--dask",
                                                                        cluster.address)
    argv = [sys.executable, "-m", "provenance", "check", str(docs), "--cache", str(cache),
            "--out", str(out), *options, "--allow-private", "--no-archive", "-q",
            "--progress", "plain", *(["--offline"] if offline else [])]
    cwd = ROOT
    if mode == "then":  # the older command, one process, run from its own exported code
        cwd = BASELINE["then"]
        argv = [sys.executable, "-m", "provenance", "check", str(docs), "--cache", str(cache),
                "--out", str(out), "--allow-private", "--no-archive", "--quiet",
                *(["--offline"] if offline else [])]
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    peaks: dict[str, float] = {"main": 0.0, "worker": 0.0}
    done = threading.Event()
    extra = cluster.workers() if cluster is not None and mode == "running" else []
    threading.Thread(target=_sample, args=(proc.pid, peaks, done, extra), daemon=True).start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return Run(wall, peaks["main"] / 2**20, peaks["worker"] / 2**20)


def _sample(pid: int, peaks: dict[str, float], done: threading.Event,
            extra: list[int]) -> None:
    try:
        root = psutil.Process(pid)
        others = [psutil.Process(p) for p in extra]
    except psutil.Error:
        return
    while not done.is_set():
        try:
            peaks["main"] = max(peaks["main"], root.memory_info().rss)
            for child in root.children(recursive=True) + others:
                try:
                    peaks["worker"] = max(peaks["worker"], child.memory_info().rss)
                except psutil.Error:
                    continue
        except psutil.Error:
            return
        done.wait(0.2)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--modes", default="jobs1,jobs2,dask2,running")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every mode this many times, in turn, and compare each "
                             "with --jobs 2 round by round (a loaded machine)")
    parser.add_argument("--baseline", metavar="REF",
                        help="also run the command of git commit REF, one process (its "
                             "verdicts are not compared: its reports differ in form)")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if args.baseline:
        from bench.bench_batch import _export

        BASELINE["then"] = _export(args.baseline, Path(tempfile.mkdtemp()) / "baseline")
        modes.insert(0, "then")
    httpd, base = serve()
    cluster = Cluster() if "running" in modes else None
    ok = True
    per_doc: dict[tuple[str, str], list[tuple[int, float]]] = {}
    try:
        for n in args.sizes:
            with tempfile.TemporaryDirectory() as tmp:
                ok &= _one_size(Path(tmp), n, base, modes, per_doc, cluster, args.rounds)
    finally:
        httpd.shutdown()
        if cluster is not None:
            cluster.close()
    if len(args.sizes) > 1:
        print("cost per document (ms) as the batch grows, largest / smallest batch:")
        for (mode, kind), points in per_doc.items():
            first, last = points[0][1], points[-1][1]
            shown = ", ".join(f"{n}: {ms:.1f}" for n, ms in points)
            print(f"  {LABEL[mode]:15} {kind}  {shown}  x{last / first:.2f}")
    return 0 if ok else 1


def _paired(rounds_of: dict[tuple[str, str], list[float]], modes: list[str]) -> None:
    """Each mode against ``--jobs 2`` round by round (the runs of one round are minutes
    apart, so the machine's other load weighs on them alike): the median and range."""
    for kind in ("cold", "warm"):
        two = rounds_of.get(("jobs2", kind))
        for mode in modes:
            other = rounds_of.get((mode, kind))
            if two is None or other is None or mode == "jobs2":
                continue
            gaps = sorted(o / t - 1 for o, t in zip(other, two, strict=True))
            print(f"  {kind}: {LABEL[mode]} against --jobs 2, round by round: median "
                  f"{statistics.median(gaps):+.0%}, range {gaps[0]:+.0%} to {gaps[-1]:+.0%} "
                  f"({len(gaps)} rounds)", flush=True)


def _one_size(root: Path, n: int, base: str, modes: list[str],
              per_doc: dict[tuple[str, str], list[tuple[int, float]]],
              cluster: Cluster | None, rounds: int = 1) -> bool:
    quotes = corpus(root / "docs", n, base)
    print(f"{n} documents, {quotes} quotations ({PAGES} pages)", flush=True)
    runs: dict[tuple[str, str], Run] = {}
    rounds_of: dict[tuple[str, str], list[float]] = {}  # seconds of each round
    first: bytes | None = None
    same = True
    for r, mode in ((r, mode) for r in range(rounds) for mode in modes):
        for kind, offline in (("cold", False), ("warm", True)):
            out = root / f"out-{mode}-{kind}-{r}"
            run = runs[(mode, kind)] = check(root / "docs", root / f"cache-{mode}-{r}", out,
                                             mode, offline, cluster)
            rounds_of.setdefault((mode, kind), []).append(run.seconds)
            if mode != "then":
                index = (out / "index.jsonl").read_bytes()
                first = index if first is None else first
                same &= index == first
            per_doc.setdefault((mode, kind), []).append((n, 1000 * run.seconds / n))
            base_run = runs.get(("jobs1", kind))
            against = f"x{base_run.seconds / run.seconds:.2f}" if base_run else "     "
            print(f"  {kind}, {LABEL[mode]:15} {run.seconds:8.2f} s {n / run.seconds:7.1f} "
                  f"documents/s {quotes / run.seconds:7.1f} quotes/s  {against} of --jobs 1  "
                  f"peak {run.main_mb:5.0f} MB, worker {run.worker_mb:5.0f} MB", flush=True)
    ok = same
    if rounds > 1:
        _paired(rounds_of, modes)
    for kind in ("cold", "warm"):
        one, two = runs.get(("jobs1", kind)), runs.get(("jobs2", kind))
        if one and two:
            ratio = one.seconds / two.seconds
            ok &= ratio >= 1.7
            print(f"  {kind}: --jobs 2 / --jobs 1 x{ratio:.2f} (target >= 1.7: "
                  f"{'met' if ratio >= 1.7 else 'NOT met'})")
        for mode in ("dask2", "running"):
            dask = runs.get((mode, kind))
            if two and dask:
                gap = dask.seconds / two.seconds - 1
                ok &= gap <= 0.15
                print(f"  {kind}: {LABEL[mode]} {gap:+.0%} of the --jobs 2 time (target "
                      f"within 15%: {'met' if gap <= 0.15 else 'NOT met'})")
        then = runs.get(("then", kind))
        for mode in ("jobs1", "jobs2"):
            now = runs.get((mode, kind))
            if then and now:
                print(f"  {kind}: {LABEL[mode]} x{then.seconds / now.seconds:.1f} faster than "
                      f"the baseline's command")
    worst = max(max(r.worker_mb, r.main_mb) for r in runs.values())
    ok &= worst < 400
    print(f"  peak memory of any one process {worst:.0f} MB (target < 400 MB); "
          f"verdicts identical in every run: {same}", flush=True)
    return ok


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

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
every 0.2 s): the peak of the largest worker is reported beside the command's own; so is
the CPU time of the command and every process under it (sampled every 0.05 s), which a
busy machine inflates far less than the wall time. Verdicts of every run are compared with
the first (index.jsonl).

Fair to every mode: the same documents; each mode's warm run reads the cache its own cold
run just wrote (so in the page cache alike); the package of each tree (this one and
``--baseline``'s) is byte-compiled before any run is timed, and the commands may use the
byte-code (a shell with PYTHONDONTWRITEBYTECODE would otherwise have every command and
every forkserver compile the package from source). With ``--rounds R`` every mode runs R
times, in turn (every other round in the reverse order); the ratios reported are medians
of the round-by-round ratios, with their range (the runs of one round are close in time,
so a busy machine weighs on them alike).
A busy machine still makes the ``--jobs`` ratios meaningless where Linux schedules by
session (autogroup, the default): the command's workers then share one session's share of
the cores. The load, and that warning, are printed with each batch size.

Targets: ``--jobs 2`` at least 1.7x ``--jobs 1``; the cluster within 15% of ``--jobs 2``;
peak memory per worker under 400 MB; cost per document flat as N grows (linear cost); a
warm ``--offline`` run of 1,000 documents with the default ``--jobs`` (the cores: 2 here)
at least 5x faster than the older one-process command (``--baseline REF``, in the same
invocation).

    python bench/bench_batch_jobs.py [N ...]        (default: 100 1000 10000)
    python bench/bench_batch_jobs.py --modes jobs1,jobs2,dask2,running 1000
    python bench/bench_batch_jobs.py --modes jobs2,running --rounds 3 1000   (paired rounds)
    python bench/bench_batch_jobs.py --modes jobs1,jobs2 --rounds 3 --baseline REF 1000
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
    cpu: float = 0.0  # CPU seconds (user + system) of the command and every process under it
    # A running cluster's workers: CPU seconds they spent while the command ran (the batch's
    # work and the cluster's own chatter), apart from the command's.
    workers_cpu: float = 0.0


class Cluster:
    """A LocalCluster of two worker processes, started once, for the ``running`` mode."""

    def __init__(self, tick: str = "1s") -> None:
        import dask
        import distributed

        # As docs/scale.md says to start a cluster: leases looked for every second, workers
        # without Dask's statistical profiler, event loops timed every second (at Dask's
        # 20 ms this idle cluster took a tenth of a core while the other modes ran).
        dask.config.set({"distributed.scheduler.locks.lease-validation-interval": "1s",
                         "distributed.worker.profile.enabled": False,
                         "distributed.admin.tick.interval": tick})
        self.cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                                processes=True, host="127.0.0.1",
                                                dashboard_address="127.0.0.1:0", memory_limit=0)
        self.address = self.cluster.scheduler_address

        self.client = distributed.Client(self.cluster)

    def workers(self) -> list[int]:
        """The process ids of its workers, asked each time: a dead one is replaced."""
        return list(self.client.run(os.getpid).values())

    def idle_cpu(self, seconds: float = 10.0) -> float:
        """CPU seconds the cluster takes doing nothing for ``seconds``: its workers' and
        this process's (its scheduler and nannies; the page server sleeps meanwhile)."""
        procs = [psutil.Process(), *map(psutil.Process, self.workers())]
        before = [p.cpu_times() for p in procs]
        time.sleep(seconds)
        return sum(a.user + a.system - b.user - b.system
                   for a, b in zip((p.cpu_times() for p in procs), before, strict=True))

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
                            text=True, env=_ENV)
    peaks: dict[str, float] = {"main": 0.0, "worker": 0.0}
    cpu: dict[int, float] = {}
    done = threading.Event()
    extra = cluster.workers() if cluster is not None and mode == "running" else []
    before = _cpu_of(extra)
    sampler = threading.Thread(target=_sample, args=(proc.pid, peaks, cpu, done, extra),
                               daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    spent = sum(_cpu_of(extra).values()) - sum(before.values())
    return Run(wall, peaks["main"] / 2**20, peaks["worker"] / 2**20, sum(cpu.values()), spent)


def _cpu_of(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        out[pid] = times.user + times.system
    return out


def _sample(pid: int, peaks: dict[str, float], cpu: dict[int, float], done: threading.Event,
            extra: list[int]) -> None:
    """Peak memory (every 0.2 s) and CPU time (every 0.05 s: the last reading of each
    process counts, so up to 0.05 s of each process's end is missed) of the command and the
    processes under it. A running cluster's workers count for memory here; their CPU time
    over the run is taken apart (``Run.workers_cpu``), since it holds the cluster's own
    chatter too."""
    try:
        root = psutil.Process(pid)
        others = [psutil.Process(p) for p in extra]
    except psutil.Error:
        return
    tick = 0
    while not done.is_set():
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.Error:
            return
        for process in processes:
            try:
                times = process.cpu_times()
                cpu[process.pid] = times.user + times.system
            except psutil.Error:
                continue
        if tick % 4 == 0:
            for process in processes + others:
                try:
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                key = "main" if process.pid == pid else "worker"
                peaks[key] = max(peaks[key], rss)
        tick += 1
        done.wait(0.05)


def _bytecode_env() -> dict[str, str]:
    """The commands' environment, byte-code caches allowed (as on any installed copy: a
    shell that sets PYTHONDONTWRITEBYTECODE would have every command, and every forkserver,
    compile the whole package from source before its first document)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _compile(tree: Path) -> None:
    """Byte-compile ``tree``'s package before any run is timed, for every mode alike."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "provenance")],
                   check=True, env=_ENV, stdout=subprocess.DEVNULL)


_ENV = _bytecode_env()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument("--modes", default="jobs1,jobs2,dask2,running")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every mode this many times, in turn, and compare the "
                             "modes round by round: medians and ranges (a loaded machine)")
    parser.add_argument("--baseline", metavar="REF",
                        help="also run the command of git commit REF, one process (its "
                             "verdicts are not compared: its reports differ in form)")
    parser.add_argument("--tick", default="1s",
                        help="how often the running cluster's servers time their event "
                             "loops (Dask's own default: 20ms)")
    args = parser.parse_args(argv)
    modes = [m for m in args.modes.split(",") if m]
    if args.baseline:
        from bench.bench_batch import _export

        BASELINE["then"] = _export(args.baseline, Path(tempfile.mkdtemp()) / "baseline")
        modes.insert(0, "then")
        _compile(BASELINE["then"])
    _compile(ROOT)
    httpd, base = serve()
    cluster = Cluster(args.tick) if "running" in modes else None
    if cluster is not None:
        print(f"the running cluster (event loops timed every {args.tick}), idle for 10 s, "
              f"took {cluster.idle_cpu():.2f} s of CPU (its workers, scheduler and nannies)",
              flush=True)
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


def _ratios(rounds_of: dict[tuple[str, str], list[Run]], kind: str, slow: str, fast: str,
            cpu: bool = False) -> list[float] | None:
    """``slow``'s time over ``fast``'s, round by round (the runs of one round are minutes
    apart, so the machine's other load weighs on them alike), sorted; None when either
    did not run."""
    a, b = rounds_of.get((slow, kind)), rounds_of.get((fast, kind))
    if not a or not b:
        return None
    return sorted((x.cpu / y.cpu) if cpu else (x.seconds / y.seconds)
                  for x, y in zip(a, b, strict=True))


def _spread(ratios: list[float]) -> str:
    median = statistics.median(ratios)
    if len(ratios) == 1:
        return f"x{median:.2f}"
    return f"x{median:.2f} (median of {len(ratios)} rounds, x{ratios[0]:.2f} to x{ratios[-1]:.2f})"


def _one_size(root: Path, n: int, base: str, modes: list[str],
              per_doc: dict[tuple[str, str], list[tuple[int, float]]],
              cluster: Cluster | None, rounds: int = 1) -> bool:
    quotes = corpus(root / "docs", n, base)
    print(f"{n} documents, {quotes} quotations ({PAGES} pages); {_machine()}", flush=True)
    rounds_of: dict[tuple[str, str], list[Run]] = {}
    first: bytes | None = None
    same = True
    # Every other round runs the modes in the reverse order: a machine slowing down or
    # speeding up over a round then weighs on the first and the last modes alike.
    for r, mode in ((k, mode) for k in range(rounds)
                    for mode in (modes if k % 2 == 0 else modes[::-1])):
        for kind, offline in (("cold", False), ("warm", True)):
            out = root / f"out-{mode}-{kind}-{r}"
            run = check(root / "docs", root / f"cache-{mode}-{r}", out, mode, offline, cluster)
            rounds_of.setdefault((mode, kind), []).append(run)
            if mode != "then":
                index = (out / "index.jsonl").read_bytes()
                first = index if first is None else first
                same &= index == first
            one = rounds_of.get(("jobs1", kind), [])
            against = f"x{one[r].seconds / run.seconds:.2f}" if len(one) > r else "     "
            workers = f" + workers {run.workers_cpu:5.2f}" if run.workers_cpu else ""
            print(f"  round {r + 1} {kind}, {LABEL[mode]:15} {run.seconds:8.2f} s "
                  f"(CPU {run.cpu:6.2f} s{workers}) {n / run.seconds:7.1f} documents/s "
                  f"{quotes / run.seconds:7.1f} quotes/s  {against} of --jobs 1  "
                  f"peak {run.main_mb:5.0f} MB, worker {run.worker_mb:5.0f} MB", flush=True)
    for (mode, kind), runs in rounds_of.items():
        per_doc.setdefault((mode, kind), []).append(
            (n, 1000 * statistics.median(r.seconds for r in runs) / n))
    ok = same
    for kind in ("cold", "warm"):
        ratio = _ratios(rounds_of, kind, "jobs1", "jobs2")
        if ratio:
            met = statistics.median(ratio) >= 1.7
            ok &= met
            cpu = _ratios(rounds_of, kind, "jobs2", "jobs1", cpu=True) or [0.0]
            print(f"  {kind}: --jobs 2 against --jobs 1 {_spread(ratio)} (target >= 1.7: "
                  f"{'met' if met else 'NOT met'}); CPU of --jobs 2 over --jobs 1 "
                  f"{_spread(cpu)}")
        for mode in ("dask2", "running"):
            gaps = _ratios(rounds_of, kind, mode, "jobs2")
            if gaps:
                gap = statistics.median(gaps) - 1
                ok &= gap <= 0.15
                print(f"  {kind}: {LABEL[mode]} {gap:+.0%} of the --jobs 2 time, median of "
                      f"{len(gaps)} rounds ({gaps[0] - 1:+.0%} to {gaps[-1] - 1:+.0%}; target "
                      f"within 15%: {'met' if gap <= 0.15 else 'NOT met'})")
                if mode == "running":
                    spent = sorted((x.cpu + x.workers_cpu) / y.cpu for x, y in zip(
                        rounds_of[(mode, kind)], rounds_of[("jobs2", kind)], strict=True))
                    print(f"  {kind}: CPU of the command and the running cluster's workers "
                          f"over --jobs 2's {_spread(spent)}")
        for mode in ("jobs1", "jobs2"):
            then = _ratios(rounds_of, kind, "then", mode)
            if then:
                print(f"  {kind}: {LABEL[mode]} faster than the baseline's command "
                      f"{_spread(then)}")
    runs_all = [r for runs in rounds_of.values() for r in runs]
    worst = max(max(r.worker_mb, r.main_mb) for r in runs_all)
    ok &= worst < 400
    print(f"  peak memory of any one process {worst:.0f} MB (target < 400 MB); "
          f"verdicts identical in every run: {same}; at the end, {_machine()}", flush=True)
    return ok


def _machine() -> str:
    """The machine's load, and a warning when it makes the wall-time ratios meaningless:
    with Linux's autogroup scheduling, every terminal session (this benchmark's included)
    gets an equal share of the cores when several are busy, so on a machine other sessions
    keep busy a command's worker processes share its one session's share, and ``--jobs 2``
    runs no faster than ``--jobs 1``, whatever the code. Its CPU times still compare."""
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    said = f"load average {load:.1f} on {cores} cores"
    try:
        autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        autogroup = False
    if load > cores / 2 and autogroup:
        said += (" (BUSY, autogroup scheduling on: the other sessions' load caps this one's "
                 "share of the cores; compare CPU times, not the --jobs ratios)")
    elif load > cores / 2:
        said += " (BUSY: the wall times are noisy)"
    return said


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

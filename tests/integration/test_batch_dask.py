"""A batch on a real Dask cluster: a LocalCluster of worker processes, and a scheduler and
two workers started with the ``dask`` command, all on loopback. The verdicts are those of
``--jobs 1`` and ``--jobs 2``; no host has more than --per-host requests in flight across
the cluster; each page is fetched once; the workers' cache shards merge into a cache that
verifies and replays offline; a worker killed mid-batch loses no document; a cluster left
with no worker ends the batch instead of leaving it waiting. Pages come from local servers
(synthetic articles). Each test has a hard timeout: a hang fails it, never the suite."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import pytest

from provenance.cli import main
from tests.integration.faultserver import DelayServer

if TYPE_CHECKING:
    from provenance.batch.inputs import Job
    from provenance.settings import Settings

pytest.importorskip("distributed")

HARD_TIMEOUT = 150  # s any one test of this file may take, whatever happens to the cluster
# What the synthetic page says, and each with a word changed.
FOUND = ("will reopen before the summer season", "no plan to sell the old quay",
         "Fishermen met on Tuesday to discuss the repairs", "expected to take six weeks")
ALTERED = ("will reopen before the winter season", "no plan to sell the new quay",
           "Fishermen met on Friday to discuss the repairs", "expected to take nine weeks")


@pytest.fixture(autouse=True)
def hard_timeout() -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"the test ran past its hard timeout of {HARD_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(HARD_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def host() -> Iterator[DelayServer]:
    server = DelayServer("127.0.0.5", delay=0.1)
    try:
        yield server
    finally:
        server.close()


def corpus(docs: Path, host: DelayServer, n: int, pages: int, per_doc: int) -> None:
    """``n`` documents citing ``per_doc`` of ``pages`` pages each, so each page is cited by
    several documents; one quotation in four is altered."""
    docs.mkdir()
    for d in range(n):
        lines = []
        for k in range(per_doc):
            quote = (ALTERED if (d + k) % 4 == 3 else FOUND)[k]
            url = host.url(f"/page/{(d * per_doc + k) % pages}")
            lines.append(f"Story {d}, part {k}: she said “{quote}” ([Courier]({url})).")
        (docs / f"doc{d:02}.md").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def check(tmp_path: Path, docs: Path, out: str, *extra: str, cache: str = "") -> int:
    return main(["check", str(docs), "--cache", str(tmp_path / (cache or f"cache-{out}")),
                 "--out", str(tmp_path / out), "--allow-private", "--attempts", "1",
                 "--no-archive", "-q", *extra])


def index(tmp_path: Path, out: str) -> str:
    return (tmp_path / out / "index.jsonl").read_text(encoding="utf-8")


def verifies(cache: Path) -> bool:
    return main(["cache", "verify", "--cache", str(cache), "-q"]) == 0


def test_sixty_documents_give_one_set_of_verdicts_locally_and_on_a_cluster(
        tmp_path: Path, host: DelayServer) -> None:
    docs = tmp_path / "docs"
    corpus(docs, host, 60, pages=40, per_doc=4)
    check(tmp_path, docs, "one", "--jobs", "1", "--per-host", "2")
    one = index(tmp_path, "one")
    assert len(one.splitlines()) == 240
    assert {json.loads(line)["status"] for line in one.splitlines()} == {"found", "altered"}
    check(tmp_path, docs, "two", "--jobs", "2", "--per-host", "2")
    assert index(tmp_path, "two") == one
    before = len(host.starts)
    host.max_in_flight = 0
    check(tmp_path, docs, "dask", "--dask", "local:2", "--per-host", "2")
    assert index(tmp_path, "dask") == one
    # Two workers, each fetching a document's 4 pages 2 at a time: without the cluster's
    # semaphore the host would see 4 at once. Each of the 40 pages, cited by 6 documents,
    # was fetched once on the whole cluster.
    assert host.max_in_flight == 2
    assert len(host.starts) - before == 40
    summary = json.loads((tmp_path / "dask" / "summary.json").read_text())
    assert summary["checked"] == 60 and summary["unreadable"] == []
    # The workers' shards were merged into the cache and removed; the cache verifies,
    # holds each page once, and replays offline to the same verdicts.
    cache = tmp_path / "cache-dask"
    assert not (cache / "shards").exists()
    assert verifies(cache)
    assert len(list((cache / "warc").iterdir())) == 40
    count = len(host.starts)
    check(tmp_path, docs, "replay", "--jobs", "1", "--offline", cache="cache-dask")
    assert index(tmp_path, "replay") == one
    assert len(host.starts) == count


def batch_of(tmp_path: Path, docs: Path) -> tuple[Settings, list[Job]]:
    """Settings for a batch of ``docs`` on the local servers (no archive, one attempt), and
    its jobs."""
    from provenance.batch.inputs import collect
    from provenance.settings import Settings

    settings = Settings(cache_dir=tmp_path / "cache", out_dir=tmp_path / "out",
                        allow_private=True, attempts=1, archive_url="")
    jobs, _ = collect([docs], settings.out_dir)
    return settings, jobs


def test_a_worker_killed_mid_batch_loses_no_document_and_no_capture(
        tmp_path: Path, host: DelayServer) -> None:
    import distributed

    from provenance.batch.outcome import Outcome
    from provenance.batch.run import run_batch
    from provenance.cache.store import SnapshotCache

    docs = tmp_path / "docs"
    corpus(docs, host, 16, pages=16, per_doc=2)
    settings, jobs = batch_of(tmp_path, docs)
    killed: list[int] = []

    def kill_one_worker(outcome: Outcome) -> None:
        if killed:
            return
        # The batch's client is this thread's default; its workers say their process ids.
        # (Their nannies run in this process and start a new worker in a dead one's place.)
        pids = sorted(distributed.default_client().run(os.getpid).values())
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    outcomes = run_batch(jobs, settings, 1, on_done=kill_one_worker, dask="local:2")
    assert killed
    assert [o.error for o in outcomes] == [""] * 16
    statuses = [r.status for o in outcomes for r in o.rows]
    assert statuses == ["altered" if (d + k) % 4 == 3 else "found"
                        for d in range(16) for k in range(2)]
    assert not (settings.cache_dir / "shards").exists()
    assert verifies(settings.cache_dir)
    # Every page once in the merged cache, the dead worker's shard's included.
    urls = [row.url for row in SnapshotCache(settings.cache_dir).index()]
    assert sorted(urls) == sorted({host.url(f"/page/{k}") for k in range(16)})
    before = list(host.starts)
    assert main(["check", str(docs), "--cache", str(settings.cache_dir), "--out",
                 str(tmp_path / "replay"), "--jobs", "1", "--offline", "-q"]) == 1
    replayed = [json.loads(line)["status"] for line in index(tmp_path, "replay").splitlines()]
    assert replayed == statuses and host.starts == before


def test_a_cluster_left_with_no_worker_ends_the_batch_with_a_clear_error(
        tmp_path: Path, host: DelayServer) -> None:
    import distributed

    from provenance.batch.dask_run import on_dask
    from provenance.batch.outcome import Outcome

    docs = tmp_path / "docs"
    corpus(docs, host, 10, pages=10, per_doc=1)
    settings, jobs = batch_of(tmp_path, docs)
    host.delay = 0.5
    # A scheduler with no worker of its own, and one worker with no nanny to start it again.
    cluster = distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1",
                                       dashboard_address="127.0.0.1:0")
    worker = start_worker(cluster.scheduler_address, "--no-nanny")
    outcomes: dict[int, Outcome] = {}

    def kill_the_worker(outcome: Outcome) -> None:
        if len(outcomes) == 1:
            os.kill(worker.pid, signal.SIGKILL)

    began = time.monotonic()
    try:
        on_dask(cluster.scheduler_address, list(enumerate(jobs)), settings, outcomes,
                kill_the_worker, lost_after=3)
    finally:
        worker.kill()
        worker.wait()
        cluster.close(timeout=10)
    assert time.monotonic() - began < 60
    assert len(outcomes) == 10
    errors = [o.error for o in outcomes.values() if o.error]
    assert errors and all(e == "not checked: no Dask worker in the cluster for 3 s"
                          for e in errors)
    # What was fetched before the worker died was merged into the cache, which verifies.
    assert verifies(settings.cache_dir)


def dask_command() -> str:
    import shutil
    import sys

    dask = shutil.which("dask", path=str(Path(sys.executable).parent))
    if dask is None:
        pytest.skip("the dask command is not installed")
    return dask


def start_worker(address: str, *options: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([dask_command(), "worker", address, "--nthreads", "1",
                             "--no-dashboard", "--host", "127.0.0.1", *options],
                            cwd=Path(__file__).resolve().parents[2], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def address_in(info: Path, deadline: float) -> str:
    """The address the scheduler writes to its file. The file appears before its contents
    do, so an empty or half-written file is read again until the deadline."""
    while True:
        try:
            return str(json.loads(info.read_text())["address"])
        except (OSError, ValueError, KeyError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def relative_check(folder: str, *extra: str) -> int:
    """A check named by paths relative to the current folder, as a user types them."""
    return main(["check", "docs", "--cache", f"cache-{folder}", "--out", folder,
                 "--allow-private", "--attempts", "1", "--no-archive", "-q", *extra])


def test_a_scheduler_and_two_workers_started_with_the_dask_command(
        tmp_path: Path, host: DelayServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started in another folder than the command's (as on another machine), the workers
    read and write the files the command names by relative paths."""
    dask = dask_command()
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    corpus(docs, host, 6, pages=6, per_doc=1)
    info = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__LOCKS__LEASE_VALIDATION_INTERVAL": "1s"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True, "env": env}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(info)], **quiet)]
    try:
        address = address_in(info, deadline=time.monotonic() + 60)
        procs += [start_worker(address) for _ in range(2)]
        assert relative_check("cluster", "--dask", address, "--per-host", "1",
                              "--politeness", "0.5") == 1  # (an altered quotation)
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(timeout=30)
    # One request at a time to the host, and starts 0.5 s apart across the two workers, as
    # the server sees them: a request's handling may start late on a loaded machine (which
    # shortens the gap after it, not the time from the first start), so each start is
    # allowed 0.2 s of lateness. Without the spacing they would be 0.1 s apart (the answer).
    assert host.max_in_flight == 1 and len(host.starts) == 6
    since = [t - host.starts[0] for t in host.starts]
    assert all(since[j] - since[i] >= 0.5 * (j - i) - 0.2
               for i in range(6) for j in range(i + 1, 6)), since
    relative_check("one", "--jobs", "1")
    assert index(tmp_path, "cluster") == index(tmp_path, "one")
    assert len(index(tmp_path, "one").splitlines()) == 6
    assert json.loads(index(tmp_path, "one").splitlines()[0])["document"] == "docs/doc00.md"
    assert verifies(tmp_path / "cache-cluster")


class Scheduler:
    """Stands in for a client's view of the scheduler: how many worker threads it has, or
    no answer at all."""

    def __init__(self) -> None:
        self.threads: dict[str, int] | None = {"w1": 1}

    def nthreads(self, callback_timeout: float) -> dict[str, int]:
        if self.threads is None:
            raise OSError("connection refused")
        return self.threads


def test_the_watchdog_waits_out_a_worker_restart_but_not_a_lost_cluster() -> None:
    from provenance.batch.dask_watch import Watchdog

    now = [0.0]
    scheduler = Scheduler()
    watch = Watchdog(scheduler, lost_after=10, quiet_after=100, clock=lambda: now[0])
    assert watch.trouble() == ""
    scheduler.threads = {}  # a worker died; its nanny starts another within seconds
    for t in (2, 4, 6):
        now[0] = t
        assert watch.trouble() == ""
    scheduler.threads = {"w2": 1}
    now[0] = 20
    watch.finished()
    assert watch.trouble() == ""
    scheduler.threads = None  # the scheduler is gone
    for t in (21, 25, 30):
        now[0] = t
        assert watch.trouble() == ""
    now[0] = 31
    assert watch.trouble() == "no answer from the Dask scheduler for 10 s"
    assert watch.scheduler_lost
    # Workers there, and no document finishing: a task stuck past every timeout.
    scheduler.threads = {"w2": 1}
    now[0] = 119
    assert watch.trouble() == ""
    now[0] = 121
    assert watch.trouble() == "no document finished in 100 s"


def test_the_watchdog_limits_are_set_from_the_command_line(
        tmp_path: Path, host: DelayServer, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    corpus(docs, host, 3, pages=3, per_doc=1)
    assert check(tmp_path, docs, "bad", "--dask", "local:1", "--dask-lost-after", "0") == 2
    assert "--dask-lost-after takes a number of seconds above 0, not 0" in (
        capsys.readouterr().err)
    # Every page answers in 6 s: with --dask-quiet-after 1 the batch stops waiting long
    # before any document can finish, and says why for each.
    host.delay = 6.0
    began = time.monotonic()
    check(tmp_path, docs, "quiet", "--dask", "local:1", "--dask-quiet-after", "1")
    summary = json.loads((tmp_path / "quiet" / "summary.json").read_text())
    assert [u["reason"] for u in summary["unreadable"]] == (
        ["not checked: no document finished in 1 s"] * 3)
    assert time.monotonic() - began < 60

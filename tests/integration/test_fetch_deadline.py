"""Every request ends in bounded time, and a malformed answer is not asked for again.

Against the fault server on 127.0.0.1: a server that sends the status line and then one
header byte a second (no socket read ever times out), a header line over the 64 KB limit,
more header lines than http.client takes, a status line that is none.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.errors import FetchError, FetchFailure
from provenance.fetch.http import HttpFetcher
from provenance.settings import Settings
from tests.integration.faultserver import QUOTE, FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def test_a_header_trickle_is_cut_at_the_request_timeout(faults: FaultServer,
                                                         settings: Settings) -> None:
    quick = replace(settings, request_timeout=1.0, read_timeout=5.0, attempts=2)
    start = time.monotonic()
    with pytest.raises(FetchError) as caught:
        HttpFetcher(quick, sleep=lambda s: None).fetch(faults.url("/header-trickle"))
    took = time.monotonic() - start
    assert caught.value.kind is FetchFailure.TIMEOUT
    assert caught.value.reason == "timed out: no complete answer within 1 s after 2 attempts"
    assert faults.count("/header-trickle") == 2  # a timeout is transient: tried again
    assert 1.9 < took < 4.0


def test_the_url_deadline_bounds_every_attempt(faults: FaultServer, settings: Settings) -> None:
    short = replace(settings, request_timeout=30.0, read_timeout=30.0, deadline=1.5)
    start = time.monotonic()
    with pytest.raises(FetchError) as caught:
        HttpFetcher(short, sleep=lambda s: None).fetch(faults.url("/header-trickle"))
    assert caught.value.reason == "timed out: no complete answer within the 1.5 s deadline"
    assert time.monotonic() - start < 3.0


def test_a_run_of_trickling_urls_ends_in_bounded_time(
        faults: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text("Synthetic test document.\n" + "".join(
        f"Source {n} said “{QUOTE} {n}” ([page]({faults.url(f'/header-trickle?{n}')})).\n"
        for n in range(3)), encoding="utf-8")
    start = time.monotonic()
    code = main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "out"), "--allow-private", "--no-archive", "--timeout", "1",
                 "--attempts", "1", "--per-host", "4"])
    took = time.monotonic() - start
    out = capsys.readouterr().out
    assert code == 1 and out.count("(timed out") == 3, out
    assert took < 5.0


@pytest.mark.parametrize(("path", "reason"), [
    ("/long-header", "protocol violation: got more than 65536 bytes when reading header line"),
    ("/many-headers", "protocol violation: too many header lines (got more than 100 headers)"),
    ("/bad-status", "protocol violation: a malformed status line ('HTTP/1.1 OK-ish\\r\\n')"),
])
def test_a_protocol_violation_is_not_retried(faults: FaultServer, settings: Settings,
                                             path: str, reason: str) -> None:
    waits: list[float] = []
    with pytest.raises(FetchError) as caught:
        HttpFetcher(settings, sleep=waits.append).fetch(faults.url(path))
    assert (caught.value.kind, caught.value.reason) == (FetchFailure.CORRUPT, reason)
    assert faults.count(path) == 1 and waits == []


def test_a_reset_is_still_retried(faults: FaultServer, settings: Settings) -> None:
    snap = HttpFetcher(settings, sleep=lambda s: None).fetch(faults.url("/reset-once"))
    assert snap.status == 200 and faults.count("/reset-once") == 2

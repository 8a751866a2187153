"""Big pages are read in a child process under a time budget and a memory ceiling: over
budget, the page's quotes are unverified with a reason, never a hang."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from pytest_httpserver import HTTPServer

from bench.bigpages import QUOTES, big_page
from provenance.model import ProblemKind, Snapshot, Status
from provenance.settings import Settings
from provenance.text import budget
from provenance.text.extract import read_snapshot
from tests.integration.runs import cite, run

BIG = big_page(3 * 1024 * 1024)  # synthetic


def _snapshot(body: bytes) -> Snapshot:
    return Snapshot(url="http://127.0.0.1/big", final_url="http://127.0.0.1/big", status=200,
                    content_type="text/html; charset=utf-8",
                    sha256=hashlib.sha256(body).hexdigest(),
                    fetched_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC), body=body)


def test_a_big_page_reads_the_same_in_the_child() -> None:
    snap = _snapshot(BIG)
    here, there = read_snapshot(snap), budget.bounded(snap)
    assert there == here
    assert QUOTES[3] in there.main and there.problem is None


def test_a_page_over_its_time_is_unreadable_and_not_cached() -> None:
    text = budget.bounded(_snapshot(BIG), seconds=0.01)
    assert text.problem is not None and text.problem.kind is ProblemKind.UNREADABLE
    assert "reading the page took over 0.01 s" in text.problem.sentence
    assert text.per_capture and text.main == ""


def test_a_page_over_its_memory_is_unreadable() -> None:
    text = budget.bounded(_snapshot(BIG), memory=8 * 1024 * 1024)
    assert text.problem is not None and text.problem.kind is ProblemKind.UNREADABLE
    assert "needed more than 8 MB of memory" in text.problem.sentence


def test_a_check_citing_a_page_over_budget_says_why(httpserver: HTTPServer, settings: Settings,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "SECONDS", 0.01)
    httpserver.expect_request("/big").respond_with_data(BIG, content_type="text/html")
    (verdict,) = run(cite(QUOTES[2], httpserver.url_for("/big")), settings).verdicts
    assert verdict.status is Status.UNVERIFIED
    assert "reading the page took over 0.01 s" in verdict.reason
    monkeypatch.setattr(budget, "SECONDS", 60.0)  # the next run reads it: nothing was cached
    (verdict,) = run(cite(QUOTES[2], httpserver.url_for("/big")), settings).verdicts
    assert verdict.status is Status.FOUND

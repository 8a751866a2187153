"""Big pages are read in a child process under a time budget and a memory ceiling: over
budget, the page's quotes are unverified with a reason, never a hang."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import pytest
from pytest_httpserver import HTTPServer

from bench.bigpages import QUOTES, big_page
from provenance.cli import build_parser, main
from provenance.commands.check import settings_from_args
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


def test_a_check_citing_a_page_over_budget_says_why(httpserver: HTTPServer,
                                                    settings: Settings) -> None:
    httpserver.expect_request("/big").respond_with_data(BIG, content_type="text/html")
    url = httpserver.url_for("/big")
    (verdict,) = run(cite(QUOTES[2], url), replace(settings, page_seconds=0.01)).verdicts
    assert verdict.status is Status.UNVERIFIED
    assert "reading the page took over 0.01 s" in verdict.reason
    # The same page under the default budget is read: nothing of the first run was cached.
    (verdict,) = run(cite(QUOTES[2], url), settings).verdicts
    assert verdict.status is Status.FOUND


def test_a_check_under_a_smaller_memory_ceiling_says_why(httpserver: HTTPServer,
                                                        settings: Settings) -> None:
    # Other bytes than the other tests' page: a page read whole once is remembered.
    page = BIG + b"<!-- synthetic: another capture of the page -->"
    httpserver.expect_request("/big").respond_with_data(page, content_type="text/html")
    small = replace(settings, page_memory=8 * 1024 * 1024)
    (verdict,) = run(cite(QUOTES[2], httpserver.url_for("/big")), small).verdicts
    assert verdict.status is Status.UNVERIFIED
    assert "reading the page needed more than 8 MB of memory" in verdict.reason


def test_the_command_line_sets_the_page_budget() -> None:
    args = build_parser().parse_args(["check", "doc.md", "--page-seconds", "2.5",
                                      "--page-memory", "300"])
    got = settings_from_args(args)
    assert (got.page_seconds, got.page_memory) == (2.5, 300 * 1024 * 1024)
    defaults = settings_from_args(build_parser().parse_args(["check", "doc.md"]))
    assert (defaults.page_seconds, defaults.page_memory) == (
        Settings().page_seconds, Settings().page_memory)


@pytest.mark.parametrize("flags", [["--page-seconds", "0"], ["--page-memory", "0"]])
def test_a_page_budget_that_is_not_positive_is_refused(
        flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "doc.md", *flags]) == 2
    assert f"{flags[0]} must be a positive number" in capsys.readouterr().err

"""`check --replay OLD.json` reproduces an earlier report even after the page was re-captured."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pytest_httpserver import HTTPServer

from provenance.cache.store import SnapshotCache
from provenance.cli import main
from tests.conftest import read_report
from tests.pages import HARBOUR, article_page

BEFORE = article_page("Council approves harbour expansion", HARBOUR)
AFTER = BEFORE.replace("not by taxpayers", "and partly by taxpayers")


def check(tmp_path: Path, doc: Path, out: str, *extra: str) -> int:
    return main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / out), "--allow-private", "--no-archive", "-q", *extra])


def test_replay_reads_the_captures_the_report_used(tmp_path: Path,
                                                   httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data(BEFORE, content_type="text/html")
    httpserver.expect_ordered_request("/a").respond_with_data(AFTER, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    assert check(tmp_path, doc, "second", "--refresh") == 1  # the page now says otherwise
    requests_made = len(httpserver.log)

    assert check(tmp_path, doc, "replayed", "--replay", str(tmp_path / "first/story.json")) == 0
    assert len(httpserver.log) == requests_made  # a replay is offline
    first = read_report(tmp_path / "first/story.json")
    replayed = read_report(tmp_path / "replayed/story.json")
    assert replayed["manifest"]["captures"] == first["manifest"]["captures"]
    assert main(["diff", str(tmp_path / "first/story.json"),
                 str(tmp_path / "replayed/story.json"), "-q"]) == 0
    # The latest capture alone would not reproduce it: a plain offline run reads the new page.
    assert check(tmp_path, doc, "latest", "--offline") == 1


def test_replay_says_when_the_capture_is_gone(tmp_path: Path, httpserver: HTTPServer,
                                              capsys) -> None:
    httpserver.expect_request("/a").respond_with_data(BEFORE, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    shutil.rmtree(tmp_path / "cache")
    assert check(tmp_path, doc, "again", "--replay", str(tmp_path / "first/story.json")) == 1
    verdict = read_report(tmp_path / "again/story.json")["verdicts"][0]
    assert verdict["status"] == "unverified"
    assert verdict["reason"].startswith("replay: the capture the report used")


def test_replay_of_something_that_is_not_a_report_exits_2(tmp_path: Path, capsys) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]", encoding="utf-8")
    doc = tmp_path / "story.md"
    doc.write_text("No quotes.\n", encoding="utf-8")
    assert check(tmp_path, doc, "out", "--replay", str(bogus)) == 2
    assert "cannot replay" in capsys.readouterr().err


def test_a_page_confirmed_by_304_replays_and_runs_offline(tmp_path: Path,
                                                          httpserver: HTTPServer) -> None:
    # check --refresh sends the validators through every wrapper around the HTTP fetcher.
    etag = '"v1-synthetic"'
    httpserver.expect_ordered_request("/a").respond_with_data(
        BEFORE, content_type="text/html", headers={"ETag": etag})
    httpserver.expect_ordered_request("/a", headers={"If-None-Match": etag}).respond_with_data(
        "", status=304, headers={"ETag": etag})
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    assert check(tmp_path, doc, "second", "--refresh") == 0  # kept as a revisit record
    httpserver.check_assertions()
    requests_made = len(httpserver.log)
    first_row, revisit = SnapshotCache(tmp_path / "cache").index(httpserver.url_for("/a"))
    assert SnapshotCache(tmp_path / "cache").confirmed(revisit) == first_row
    second = read_report(tmp_path / "second/story.json")
    assert check(tmp_path, doc, "offline", "--offline") == 0
    assert check(tmp_path, doc, "replayed", "--replay", str(tmp_path / "second/story.json")) == 0
    assert len(httpserver.log) == requests_made
    replayed = read_report(tmp_path / "replayed/story.json")
    assert replayed["manifest"]["captures"] == second["manifest"]["captures"]
    assert main(["diff", str(tmp_path / "second/story.json"),
                 str(tmp_path / "replayed/story.json"), "-q"]) == 0


def test_replay_keeps_to_the_capture_not_a_newer_one_with_the_same_body(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    """The page did not change; --refresh took a second capture of the same bytes. A replay
    of the first report reads the first capture (its id), not the newer twin."""
    httpserver.expect_request("/a").respond_with_data(BEFORE, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    assert check(tmp_path, doc, "second", "--refresh") == 0
    cache = SnapshotCache(tmp_path / "cache")
    older, newer = cache.index(httpserver.url_for("/a"))
    assert older.sha256 == newer.sha256 and older.warc != newer.warc  # twins

    first = read_report(tmp_path / "first/story.json")
    assert [c["warc"] for c in first["manifest"]["captures"]] == [older.warc]
    assert check(tmp_path, doc, "replayed", "--replay", str(tmp_path / "first/story.json")) == 0
    replayed = read_report(tmp_path / "replayed/story.json")
    assert replayed["manifest"]["captures"] == first["manifest"]["captures"]
    assert replayed["verdicts"][0]["snapshot"]["fetched_at"] == older.fetched_at.isoformat()
    assert main(["diff", str(tmp_path / "first/story.json"),
                 str(tmp_path / "replayed/story.json"), "-q"]) == 0
    # And the second report replays to its own capture.
    assert check(tmp_path, doc, "replayed2", "--replay", str(tmp_path / "second/story.json")) == 0
    assert read_report(tmp_path / "replayed2/story.json")["verdicts"][0]["snapshot"]["warc"] \
        == newer.warc


def test_replay_never_takes_a_twin_for_a_capture_that_is_gone(tmp_path: Path,
                                                              httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(BEFORE, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    cache = SnapshotCache(tmp_path / "cache")
    (used,) = cache.index(httpserver.url_for("/a"))
    assert check(tmp_path, doc, "second", "--refresh") == 0
    (tmp_path / "cache" / used.warc_file).unlink()  # the capture the first report used
    cache.rebuild_index()  # the index forgets it; its twin stays
    assert check(tmp_path, doc, "again", "--replay", str(tmp_path / "first/story.json")) == 1
    verdict = read_report(tmp_path / "again/story.json")["verdicts"][0]
    assert verdict["status"] == "unverified"
    assert verdict["reason"].startswith("replay: the capture the report used (sha256 ")
    assert used.warc in verdict["reason"]


def test_a_report_without_capture_ids_replays_by_time_and_digest(tmp_path: Path,
                                                                 httpserver: HTTPServer) -> None:
    """A manifest written without ``warc`` (evidence not stored, or another tool's) pins by
    the capture's time and digest together."""
    httpserver.expect_request("/a").respond_with_data(BEFORE, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    assert check(tmp_path, doc, "first") == 0
    assert check(tmp_path, doc, "second", "--refresh") == 0
    report = tmp_path / "first/story.json"
    data = json.loads(report.read_text(encoding="utf-8"))
    for capture in data["manifest"]["captures"]:
        capture["warc"] = None
    report.write_text(json.dumps(data), encoding="utf-8")
    assert check(tmp_path, doc, "replayed", "--replay", str(report)) == 0
    replayed = read_report(tmp_path / "replayed/story.json")
    assert replayed["verdicts"][0]["snapshot"]["fetched_at"] == \
        data["manifest"]["captures"][0]["fetched_at"]

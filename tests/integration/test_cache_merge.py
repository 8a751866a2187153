"""`provenance cache merge SHARD... --into CACHE`: shards written by real runs against a local
server (synthetic articles) merge into a cache that verifies and replays offline to the same
verdicts, with no capture twice; damaged captures are named and left out."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance import pipeline
from provenance.cache.fetcher import open_fetcher
from provenance.cache.index import Index
from provenance.cache.shingled import ShingleIndex
from provenance.cache.store import SnapshotCache
from provenance.cli import main
from provenance.model import PageText, Snapshot
from provenance.settings import Settings
from provenance.text.extract import EXTRACTOR
from tests.conftest import read_report
from tests.integration.damage import damage
from tests.integration.faultserver import FaultServer
from tests.pages import HARBOUR, article_page

COMMON = article_page("Council approves harbour expansion (synthetic)", HARBOUR)
ONLY_A = article_page("Quay contract signed (synthetic)", [
    "The port authority signed the first contract for the deep-water quay on Monday.",
    "Work on the quay is to begin in the autumn and last two years, the authority said."])
ONLY_B = article_page("Ferry timetable changes (synthetic)", [
    "The ferry to the islands will leave every forty minutes from the first of May.",
    "The operator said the change follows a year of complaints about crowded boats."])


@pytest.fixture
def urls(httpserver: HTTPServer) -> dict[str, str]:
    pages = {"common": COMMON, "a": ONLY_A, "b": ONLY_B}
    for name, page in pages.items():
        httpserver.expect_request(f"/{name}").respond_with_data(page, content_type="text/html")
    return {name: httpserver.url_for(f"/{name}") for name in pages}


def check(doc: Path, cache: Path, out: Path, *extra: str) -> int:
    return main(["check", str(doc), "--cache", str(cache), "--out", str(out),
                 "--allow-private", "--attempts", "1", "--no-archive", "-q", *extra])


def merge(*args: Path | str) -> int:
    return main(["cache", "merge", *map(str, args)])


def verdicts(report: Path) -> list[tuple[str, str, str | None]]:
    data = read_report(report)
    return [(v["quote"]["text"], v["status"], (v.get("source") or {}).get("url"))
            for v in data["verdicts"]]


def documents(tmp_path: Path, urls: dict[str, str]) -> tuple[Path, Path]:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(f"She said “not by taxpayers” ([Courier]({urls['common']})).\n\n"
                 f"He said “last three years” ([Courier]({urls['a']})).\n", encoding="utf-8")
    b.write_text(f"She said “cost 48 million crowns” ([Courier]({urls['common']})).\n\n"
                 f"They said “every forty minutes” ([Courier]({urls['b']})).\n",
                 encoding="utf-8")
    return a, b


def test_shards_of_two_runs_merge_verify_and_replay_offline(
        tmp_path: Path, urls: dict[str, str], httpserver: HTTPServer,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    doc_a, doc_b = documents(tmp_path, urls)
    shard_a, shard_b = tmp_path / "shards/1", tmp_path / "shards/2"
    assert check(doc_a, shard_a, tmp_path / "first") == 1  # "last three years" is altered
    # The second shard starts from a copy of the first, as a worker's shard starts from what
    # the main cache held: the common page is then the same capture in both shards.
    shutil.copytree(shard_a, shard_b)
    assert check(doc_b, shard_b, tmp_path / "first") == 0
    assert [e[0].path for e in httpserver.log].count("/common") == 1
    first = {d: verdicts(tmp_path / f"first/{d}.json") for d in ("a", "b")}
    assert {v[1] for v in first["a"]} == {"found", "altered"}
    requests = len(httpserver.log)

    merged = tmp_path / "merged"
    capsys.readouterr()
    assert merge(shard_a, shard_b, "--into", merged) == 0
    assert "3 captures copied, 2 already there; 3 extracted texts with them" in (
        capsys.readouterr().out)
    cache = SnapshotCache(merged)
    # The text the runs extracted came with the captures, indexed for found-elsewhere.
    shingled = ShingleIndex(Index(merged))
    for row in cache.index():
        assert cache.text(row.sha256, EXTRACTOR) is not None
        assert shingled.kept(row.sha256, EXTRACTOR) is not None
    assert sorted(row.url for row in cache.index()) == sorted(urls.values())
    assert sorted(p.name for p in (merged / "warc").iterdir()) == sorted(
        {p.name for s in (shard_a, shard_b) for p in (s / "warc").iterdir()})
    assert main(["cache", "verify", "--cache", str(merged)]) == 0
    assert "3 captures checked: all digests match" in capsys.readouterr().out

    extracted: list[str] = []
    real = pipeline.extract_text

    def counted(snapshot: Snapshot) -> PageText:
        extracted.append(snapshot.url)
        return real(snapshot)

    monkeypatch.setattr(pipeline, "extract_text", counted)
    for d, doc in (("a", doc_a), ("b", doc_b)):
        check(doc, merged, tmp_path / "again", "--offline")
        assert verdicts(tmp_path / f"again/{d}.json") == first[d]
    assert len(httpserver.log) == requests  # the merged cache alone answered
    assert extracted == []  # and its kept text: no page was extracted again

    # Merging again changes nothing: every capture is already there.
    assert merge(shard_b, shard_a, "--into", merged) == 0
    assert "0 captures copied, 5 already there" in capsys.readouterr().out
    assert len(cache.index()) == 3


def test_captures_of_one_page_at_two_times_are_both_kept(
        tmp_path: Path, urls: dict[str, str]) -> None:
    doc_a, doc_b = documents(tmp_path, urls)
    assert check(doc_a, tmp_path / "s1", tmp_path / "r") == 1
    assert check(doc_b, tmp_path / "s2", tmp_path / "r") == 0
    assert merge(tmp_path / "s1", tmp_path / "s2", "--into", tmp_path / "m") == 0
    rows = SnapshotCache(tmp_path / "m").index(urls["common"])
    assert len(rows) == 2 and rows[0].fetched_at < rows[1].fetched_at  # two captures, not one
    assert SnapshotCache(tmp_path / "m").verify().ok


def test_a_damaged_capture_is_named_and_left_out(
        tmp_path: Path, urls: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    doc_a, _ = documents(tmp_path, urls)
    shard = tmp_path / "shard"
    assert check(doc_a, shard, tmp_path / "r") == 1
    source = SnapshotCache(shard)
    bad = source.latest(urls["a"])
    assert bad is not None and bad.warc is not None
    damage(source, bad, "edited")
    capsys.readouterr()
    assert merge(shard, "--into", tmp_path / "m") == 1
    out = capsys.readouterr().out
    assert f"damaged  {shard / bad.warc.split('#')[0]}" in out
    assert "1 captures copied, 0 already there, 1 damaged left out" in out
    merged = SnapshotCache(tmp_path / "m")
    assert [row.url for row in merged.index()] == [urls["common"]]
    check_ = merged.verify()
    assert check_.ok and not check_.orphans


def test_captures_a_shard_never_indexed_are_merged(tmp_path: Path, urls: dict[str, str]) -> None:
    doc_a, _ = documents(tmp_path, urls)
    shard = tmp_path / "shard"
    assert check(doc_a, shard, tmp_path / "r") == 1
    before = [(r.url, r.fetched_at, r.sha256) for r in SnapshotCache(shard).index()]
    (shard / "index.sqlite").unlink()  # a worker killed between its files and its index
    (shard / "warc" / ".x.warc.gz.tmp").write_bytes(b"half a capture")
    assert merge(shard, "--into", tmp_path / "m") == 0
    merged = SnapshotCache(tmp_path / "m")
    assert sorted((r.url, r.fetched_at, r.sha256) for r in merged.index()) == sorted(before)
    assert merged.verify().ok and not merged.verify().partial


def test_bad_shards_are_clear_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert merge(tmp_path / "nowhere", "--into", tmp_path / "m") == 2
    assert "no such cache folder" in capsys.readouterr().err
    (tmp_path / "plain").mkdir()
    assert merge(tmp_path / "plain", "--into", tmp_path / "m") == 2
    assert "not a cache folder" in capsys.readouterr().err
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "warc").mkdir()
    assert merge(tmp_path / "m", "--into", tmp_path / "m") == 2
    assert "into itself" in capsys.readouterr().err
    assert not json.dumps(capsys.readouterr().err).count("Traceback")


def test_a_revisit_merges_with_the_capture_it_confirmed(tmp_path: Path,
                                                        settings: Settings) -> None:
    with FaultServer() as faults:
        url = faults.url("/etag")
        shard = SnapshotCache(tmp_path / "shard")
        online = replace(settings, cache_dir=shard.root, offline=False)
        for refresh in (False, True):  # the second visit is answered 304 Not Modified
            fetcher, _ = open_fetcher(replace(online, refresh=refresh), sleep=lambda s: None)
            with fetcher:
                fetcher.fetch(url)
    first, second = shard.index(url)
    assert shard.confirmed(second) == first  # the second capture is a revisit of the first

    assert merge(shard.root, "--into", tmp_path / "m") == 0
    merged = SnapshotCache(tmp_path / "m")
    assert merged.index(url) == shard.index(url)  # the same files, at the same offsets
    back = merged.latest(url)
    assert back is not None and back.not_modified is not None
    assert back.body == shard.read(first).body
    assert merged.verify().ok


def test_a_text_kept_in_another_shard_than_its_capture_is_merged(tmp_path: Path) -> None:
    """On a cluster the worker that fetched a page and the one that read it first may
    differ: the capture is in one shard and its text in the other. Both reach the cache."""
    body = COMMON.encode()
    url = "http://127.0.0.1:9/common"
    snap = Snapshot(url=url, final_url=url, status=200, content_type="text/html",
                    fetched_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body)
    fetched_by, read_by = SnapshotCache(tmp_path / "a"), SnapshotCache(tmp_path / "b")
    fetched_by.store(snap)
    text = PageText("Text read by the other worker (synthetic).", "full", language="en")
    read_by.store_text(snap.sha256, EXTRACTOR, text)
    fetched_by.close()
    read_by.close()
    assert merge(tmp_path / "a", tmp_path / "b", "--into", tmp_path / "m") == 0
    merged = SnapshotCache(tmp_path / "m")
    assert [r.url for r in merged.index()] == [url]
    assert merged.text(snap.sha256, EXTRACTOR) == text
    assert ShingleIndex(Index(tmp_path / "m")).kept(snap.sha256, EXTRACTOR) is not None
    merged.close()

"""A --refresh answered 304 Not Modified is kept as a WARC revisit record of the capture it
confirmed, and reads, verifies, rebuilds, exports and imports as any other capture."""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gzip
import hashlib
import io
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from provenance.cache.capture_files import export_warc, import_file
from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.store import SnapshotCache
from provenance.cache.warc import NOT_MODIFIED_PROFILE
from provenance.cli import main
from provenance.errors import FetchError
from provenance.fetch.http import HttpFetcher
from provenance.model import Origin, Snapshot
from provenance.settings import Settings
from tests.integration.faultserver import FaultServer


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def fetch(settings: Settings, cache: SnapshotCache, url: str, refresh: bool) -> Snapshot:
    online = replace(settings, cache_dir=cache.root, offline=False, refresh=refresh)
    fetcher, _ = open_fetcher(online, sleep=lambda s: None)
    with fetcher:
        return fetcher.fetch(url)


class Record(NamedTuple):
    type: str
    warc: dict[str, str]  # WARC fields
    status: str | None  # HTTP status code
    http: dict[str, str]  # HTTP fields
    content: bytes


def records(path: Path) -> list[Record]:
    """Every record of a WARC file, read as a WARC tool reads it."""
    with gzip.open(path, "rb") as f:
        return [Record(r.rec_type, dict(r.rec_headers.headers),
                       r.http_headers.get_statuscode() if r.http_headers else None,
                       dict(r.http_headers.headers) if r.http_headers else {},
                       r.content_stream().read()) for r in ArchiveIterator(f)]


def file_of(cache: SnapshotCache, snap: Snapshot) -> Path:
    assert snap.warc is not None
    return cache.root / snap.warc.split("#")[0]


def refreshed(faults: FaultServer, settings: Settings,
              cache: SnapshotCache) -> tuple[str, Snapshot, Snapshot]:
    """A page captured, then refreshed: the server answers the second visit 304."""
    url = faults.url("/etag")
    first = fetch(settings, cache, url, refresh=False)
    second = fetch(settings, cache, url, refresh=True)
    assert faults.count("/etag") == 2
    return url, first, second


def test_a_refresh_answered_304_writes_a_revisit_record(faults: FaultServer,
                                                        settings: Settings,
                                                        tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, second = refreshed(faults, settings, cache)
    original = next(r for r in records(file_of(cache, first)) if r.type == "response")
    got = records(file_of(cache, second))
    assert [r.type for r in got] == ["request", "revisit", "metadata"]
    request, revisit, metadata = got
    assert revisit.warc["WARC-Profile"] == NOT_MODIFIED_PROFILE == \
        "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
    assert revisit.warc["WARC-Refers-To"] == original.warc["WARC-Record-ID"]
    assert revisit.warc["WARC-Refers-To-Target-URI"] == url
    assert revisit.warc["WARC-Refers-To-Date"] == original.warc["WARC-Date"]
    digest = "sha256:" + base64.b32encode(hashlib.sha256(first.body).digest()).decode()
    assert revisit.warc["WARC-Payload-Digest"] == digest == original.warc["WARC-Payload-Digest"]
    # The 304 as the server sent it, and nothing else: no copy of the body.
    assert revisit.status == "304" and revisit.content == b""
    assert revisit.http["ETag"] == '"v1-synthetic"'
    assert "X-Provenance-Revalidated" not in revisit.http
    assert request.warc["WARC-Concurrent-To"] == revisit.warc["WARC-Record-ID"]
    assert request.http["If-None-Match"] == '"v1-synthetic"'
    assert b"confirmed-status: 200\r\n" in metadata.content


def test_a_revisit_reads_back_as_the_body_it_confirmed(faults: FaultServer,
                                                       settings: Settings,
                                                       tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, second = refreshed(faults, settings, cache)
    row = cache.index(url)[-1]
    # The row holds what a reader gets: the confirmed status, body digest and length.
    assert (row.status, row.sha256, row.length, row.content_type) == \
        (200, first.sha256, len(first.body), first.content_type)
    assert row.warc == second.warc != first.warc
    back = cache.latest(url)
    assert back is not None
    assert back.body == first.body and back.status == 200 and back.fetched_at > first.fetched_at
    assert back.not_modified is not None and back.not_modified.earlier == first.warc
    assert dict(back.headers)["X-Provenance-Revalidated"] == \
        f"304 Not Modified; body of the capture of {first.fetched_at.isoformat()}"
    assert dict(back.headers)["Content-Length"] == str(len(first.body))
    assert back.headers == second.headers  # the run saw what a later run reads
    assert [s.body for s in cache.captures(url)] == [first.body, first.body]
    assert cache.confirmed(row) == cache.index(url)[0]
    assert cache.confirmed(cache.index(url)[0]) is None  # a full capture confirms nothing


def test_an_offline_rerun_after_a_revisit_reads_the_cache_only(
        faults: FaultServer, settings: Settings, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, _ = refreshed(faults, settings, cache)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a socket was opened")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    got = CachedFetcher(None, cache, offline=True).fetch(url)
    assert got.body == first.body and got.not_modified is not None
    assert faults.count("/etag") == 2


def test_a_second_304_refers_to_the_response_not_to_the_revisit(faults: FaultServer,
                                                                settings: Settings,
                                                                tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, _ = refreshed(faults, settings, cache)
    third = fetch(settings, cache, url, refresh=True)
    original = next(r for r in records(file_of(cache, first)) if r.type == "response")
    revisit = next(r for r in records(file_of(cache, third)) if r.type == "revisit")
    assert revisit.warc["WARC-Refers-To"] == original.warc["WARC-Record-ID"]
    assert third.not_modified is not None and third.not_modified.earlier == first.warc
    assert [s.body for s in cache.captures(url)] == [first.body] * 3


def test_every_record_passes_warcio_check(faults: FaultServer, settings: Settings,
                                          tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cache = SnapshotCache(tmp_path)
    url, _, _ = refreshed(faults, settings, cache)
    fetch(settings, cache, url, refresh=True)
    files = sorted((tmp_path / "warc").iterdir())
    assert len(files) == 3
    kinds = []
    for path in files:
        with open(path, "rb") as f:
            for record in ArchiveIterator(f, check_digests=True):
                record.content_stream().read()
                assert record.digest_checker.passed is not False, record.digest_checker.problems
                kinds.append(record.rec_type)
    assert kinds.count("revisit") == 2 and kinds.count("response") == 1
    capsys.readouterr()
    checker = Checker(argparse.Namespace(inputs=[str(p) for p in files], verbose=False))
    assert checker.process_all() == 0 and capsys.readouterr().out == ""
    assert cache.verify().ok


def test_the_index_rebuilt_from_the_files_has_the_same_rows(faults: FaultServer,
                                                            settings: Settings,
                                                            tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, _ = refreshed(faults, settings, cache)
    fetch(settings, cache, url, refresh=True)
    before = cache.index()
    assert cache.rebuild_index() == 3
    assert cache.index() == before
    assert cache.verify().ok
    # The revisit file alone gives its row, even with the confirmed capture gone.
    file_of(cache, first).unlink()
    (tmp_path / "index.sqlite").unlink()
    assert cache.rebuild_index() == 2
    assert cache.index() == before[1:]


def test_verify_names_a_revisit_whose_confirmed_capture_is_gone(
        faults: FaultServer, settings: Settings, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    cache = SnapshotCache(tmp_path)
    url, first, second = refreshed(faults, settings, cache)
    file_of(cache, first).unlink()
    check = cache.verify()
    assert not check.ok
    problems = dict(check.damaged)
    revisit_file = str(file_of(cache, second).relative_to(tmp_path))
    assert "is missing" in problems[str(file_of(cache, first).relative_to(tmp_path))]
    assert "304 Not Modified confirming the capture of " + url in problems[revisit_file]
    assert problems[revisit_file].endswith("which is not in the cache")

    # Offline, the broken revisit is a reason, not a traceback, and nothing is deleted.
    with pytest.raises(FetchError) as err:
        CachedFetcher(None, cache, offline=True).fetch(url)
    assert err.value.reason.startswith("offline: damaged cache entry: " + revisit_file)
    assert "not in the cache" in err.value.reason
    assert cache.captures(url) == ()
    assert len(cache.index(url)) == 2 and file_of(cache, second).exists()

    capsys.readouterr()
    assert main(["cache", "verify", "--cache", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"damaged  {revisit_file}: {url}: damaged cache entry:" in out
    assert "which is not in the cache" in out


def test_a_304_for_a_capture_the_cache_does_not_hold_is_kept_in_full(
        faults: FaultServer, settings: Settings, tmp_path: Path) -> None:
    url = faults.url("/etag")
    elsewhere = SnapshotCache(tmp_path / "elsewhere")
    earlier = fetch(settings, elsewhere, url, refresh=False)
    cache = SnapshotCache(tmp_path / "cache")
    got = cache.store(HttpFetcher(settings).fetch(url, previous=earlier))
    assert [r.type for r in records(file_of(cache, got))] == ["request", "response",
                                                                 "metadata"]
    back = cache.latest(url)
    assert back is not None and back.body == earlier.body and back.not_modified is None
    assert "X-Provenance-Revalidated" in dict(back.headers)
    assert cache.verify().ok


def test_export_brings_the_confirmed_capture_and_import_keeps_the_revisit(
        faults: FaultServer, settings: Settings, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    url, first, second = refreshed(faults, settings, cache)
    out = tmp_path / "evidence.warc.gz"
    assert export_warc(cache, [cache.index(url)[-1]], out) == 2  # the revisit, and its body
    assert [r.type for r in records(out)] == ["request", "response", "metadata",
                                                 "request", "revisit", "metadata"]

    other = SnapshotCache(tmp_path / "other")
    imported = import_file(other, out)
    assert len(imported) == 2
    assert [s.body for s in other.captures(url)] == [first.body, first.body]
    revisit = other.latest(url)
    assert revisit is not None and revisit.origin is Origin.IMPORT
    assert revisit.fetched_at == second.fetched_at and revisit.not_modified is not None
    assert revisit.not_modified.earlier == other.index(url)[0].warc
    assert [r.type for r in records(file_of(other, revisit))] == ["request", "revisit",
                                                                     "metadata"]
    assert other.verify().ok

    capsys.readouterr()
    assert main(["cache", "show", url, "--cache", str(tmp_path / "cache")]) == 0
    assert f"revisit of    {first.warc} (the server answered 304 Not Modified)" in \
        capsys.readouterr().out


def test_import_takes_an_identical_payload_revisit_with_the_body_it_left_out(
        tmp_path: Path) -> None:
    # As a deduplicating crawler writes them: the second visit's body is left out.
    url = "https://harbour-gazette.example/a"
    body = b"<html><body><p>Synthetic test page: the harbour will reopen.</p></body></html>"
    digest = "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    http = [("Content-Type", "text/html"), ("Content-Length", str(len(body)))]
    response = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body),
        http_headers=StatusAndHeaders("200 OK", http, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2026-03-02T10:00:00Z"})
    writer.write_record(response)
    revisit = writer.create_revisit_record(
        url, digest, url, "2026-03-02T10:00:00Z",
        http_headers=StatusAndHeaders("200 OK", http, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2026-03-09T10:00:00Z", "WARC-Refers-To":
                           response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(revisit)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())

    cache = SnapshotCache(tmp_path / "cache")
    assert len(import_file(cache, path)) == 2
    got = cache.captures(url)
    assert [s.body for s in got] == [body, body]
    assert got[1].fetched_at == dt.datetime(2026, 3, 9, 10, tzinfo=dt.UTC)
    assert got[1].status == 200 and got[1].not_modified is None
    assert cache.verify().ok


def test_an_unknown_revisit_is_not_imported(tmp_path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True, warc_version="1.1")
    url = "https://harbour-gazette.example/a"
    body = b"Synthetic test page."
    writer.write_record(writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/plain")],
                                      protocol="HTTP/1.1")))
    revisit = writer.create_revisit_record(url, "sha1:AAAA", url, "2026-03-02T10:00:00Z")
    revisit.rec_headers.replace_header("WARC-Profile", "https://example.org/revisit/diff")
    writer.write_record(revisit)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buf.getvalue())
    cache = SnapshotCache(tmp_path / "cache")
    assert [s.body for s in import_file(cache, path)] == [body]


def test_snapshots_from_before_revisits_store_as_before(tmp_path: Path) -> None:
    # A snapshot without not_modified is a full capture, whatever its headers say.
    body = b"Synthetic test page."
    snap = Snapshot(url="http://news.test/a", final_url="http://news.test/a", status=200,
                    content_type="text/plain", fetched_at=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body,
                    headers=(("X-Provenance-Revalidated", "304 Not Modified; body of the "
                              "capture of 2026-03-01T00:00:00+00:00"),))
    cache = SnapshotCache(tmp_path)
    got = cache.store(snap)
    assert [r.type for r in records(file_of(cache, got))] == ["request", "response",
                                                                 "metadata"]
    assert cache.store(replace(snap)).warc == got.warc  # the same capture twice: one file

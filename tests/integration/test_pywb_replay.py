"""The evidence replays in pywb, a real replay server: the WARCs and CDXJ index of a bundle
written by ``provenance bundle`` are a pywb collection as they are, pywb is started on
127.0.0.1, and the cited page comes back byte for byte with the quoted passage in it. pywb
is also a Memento TimeGate: a page gone at its origin is found through it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from provenance.cli import main
from tests.pages import HARBOUR, article_page

pytest.importorskip("pywb", reason="pywb is not installed (it is in the test extra)")
pytest.importorskip("cdxj_indexer", reason="provenance bundle needs the wacz extra")

BIN = Path(sys.executable).parent
PAGE = article_page("Council approves harbour expansion", HARBOUR)
QUOTE = "not by taxpayers"
_START_WITHIN = 60.0  # s: pywb imports gevent and its apps before it listens


@dataclass
class Replay:
    base: str  # the pywb collection's URL, ending in "/"
    page: str  # the cited page's original URL
    snapshot: dict  # the report's capture of it
    work: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def origin() -> Iterator[tuple[HTTPServer, dict[str, bool]]]:
    state = {"gone": False}

    def answer(_: Request) -> Response:
        if state["gone"]:
            return Response("synthetic page, gone", status=410)
        return Response(PAGE, content_type="text/html; charset=utf-8")

    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/news/harbour").respond_with_handler(answer)
    server.start()
    yield server, state
    server.stop()


@pytest.fixture(scope="module")
def replay(tmp_path_factory: pytest.TempPathFactory, origin) -> Iterator[Replay]:
    server, _ = origin
    work = tmp_path_factory.mktemp("pywb")
    page = server.url_for("/news/harbour")
    doc = work / "story.md"
    doc.write_text(f"She said “{QUOTE}” ([Courier]({page})).\n", encoding="utf-8")
    assert main(["check", str(doc), "--cache", str(work / "cache"), "--out",
                 str(work / "reports"), "--allow-private", "--no-archive", "-q",
                 "--format", "json"]) == 0
    report = work / "reports/story.json"
    assert main(["bundle", str(report), "--out", str(work / "run.wacz"), "--cache",
                 str(work / "cache"), "-q"]) == 0
    # A WACZ holds a pywb collection as is: its WARCs (archive/) and its CDXJ index
    # (indexes/). pywb is given them unchanged, so it replays through the bundle's own index.
    collection = work / "collections" / "evidence"
    with zipfile.ZipFile(work / "run.wacz") as wacz:
        for name in wacz.namelist():
            folder, _, file = name.partition("/")
            if folder in ("archive", "indexes") and file and "/" not in file:
                (collection / folder).mkdir(parents=True, exist_ok=True)
                (collection / folder / file).write_bytes(wacz.read(name))
    assert list((collection / "indexes").iterdir()) and list((collection / "archive").iterdir())
    port = _free_port()
    log = (work / "pywb.log").open("wb")
    proc = subprocess.Popen([str(BIN / "wayback"), "-b", "127.0.0.1", "-p", str(port),
                             "-d", str(work)], cwd=work, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", proc, work / "pywb.log")
        snapshot = json.loads(report.read_text(encoding="utf-8"))["verdicts"][0]["snapshot"]
        yield Replay(f"http://127.0.0.1:{port}/evidence/", page, snapshot, work)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _wait_for(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + _START_WITHIN
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"pywb exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail(f"pywb did not answer within {_START_WITHIN:.0f} s")


def _taken(replay: Replay) -> dt.datetime:
    return dt.datetime.fromisoformat(replay.snapshot["fetched_at"]).replace(microsecond=0)


def test_pywb_replays_the_bundled_capture_byte_for_byte(replay: Replay) -> None:
    stamp = _taken(replay).strftime("%Y%m%d%H%M%S")
    resp = requests.get(f"{replay.base}{stamp}id_/{replay.page}", timeout=10)
    assert resp.status_code == 200
    assert hashlib.sha256(resp.content).hexdigest() == replay.snapshot["sha256"]
    assert QUOTE in resp.text and "Synthetic test page" in resp.text
    memento = resp.headers["Memento-Datetime"]
    assert dt.datetime.strptime(memento, "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=dt.UTC) == _taken(replay)


def test_a_gone_page_is_read_from_pywb_through_memento(replay: Replay, origin,
                                                       tmp_path: Path) -> None:
    _, state = origin
    log = replay.work / "pywb.log"
    before = len(log.read_bytes())
    state["gone"] = True
    try:
        doc = tmp_path / "story.md"
        doc.write_text(f"She said “{QUOTE}” ([Courier]({replay.page})).\n", encoding="utf-8")
        assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                     str(tmp_path / "reports"), "--allow-private", "-q", "--attempts", "1",
                     "--format", "json", "--archive-url", f"memento:{replay.base}"]) == 0
    finally:
        state["gone"] = False
    data = json.loads((tmp_path / "reports/story.json").read_text(encoding="utf-8"))
    (verdict,) = data["verdicts"]
    snap = verdict["snapshot"]
    assert verdict["status"] == "found" and snap["origin"] == "archive"
    assert snap["sha256"] == replay.snapshot["sha256"]  # the very bytes first captured
    assert snap["url"].startswith(replay.base) and "id_/" in snap["url"]
    assert dt.datetime.fromisoformat(snap["memento_datetime"]) == _taken(replay)
    assert verdict["links"]["original"] == replay.page
    # pywb's own access log: its TimeGate was asked, then the raw copy it chose was read.
    served = log.read_bytes()[before:].decode(errors="replace")
    stamp = _taken(replay).strftime("%Y%m%d%H%M%S")
    assert f'"GET /evidence/{replay.page} ' in served
    assert f'"GET /evidence/{stamp}id_/{replay.page} ' in served

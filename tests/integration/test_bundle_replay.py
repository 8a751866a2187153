"""A report reproduced from its bundle alone: `check run.wacz --offline` and `check DOC
--replay run.wacz`, in a fresh cache, with the first cache gone; and the round trip, check ->
bundle -> check the bundle -> `provenance diff` finds no change."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.conftest import read_report
from tests.integration.test_bundle import bundle, checked

pytest.importorskip("cdxj_indexer")


def elsewhere(tmp_path: Path, out: Path) -> tuple[Path, Path]:
    """Another machine: the bundle copied to a new folder, the first cache removed."""
    there = tmp_path / "elsewhere"
    there.mkdir()
    moved = there / out.name
    shutil.copy(out, moved)
    shutil.rmtree(tmp_path / "cache")
    return there, moved


def outcome(report: Path) -> list[tuple[str, str, str, str | None]]:
    return [(v["quote"]["text"], v["status"], v["reason"],
             (v["snapshot"] or {}).get("sha256")) for v in read_report(report)["verdicts"]]


def test_round_trip_check_bundle_check_the_bundle_offline_diff_finds_no_change(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    first = checked(tmp_path, httpserver)  # against the local server, --no-archive
    out = bundle(tmp_path, first, "--sign-anonymous")
    requests_made = len(httpserver.log)
    there, moved = elsewhere(tmp_path, out)
    capsys.readouterr()
    assert main(["check", str(moved), "--offline", "--cache", str(there / "fresh-cache"),
                 "--out", str(there / "reports"), "-q"]) == 1  # as the first: one missing
    assert len(httpserver.log) == requests_made  # nothing fetched
    again = there / "reports/story.json"  # named for the document, as the first
    assert outcome(again) == outcome(first)
    assert {v[1] for v in outcome(first)} == {"found", "missing"}
    assert read_report(again)["document"]["sha256"] == read_report(first)["document"]["sha256"]
    capsys.readouterr()
    assert main(["diff", str(first), str(again)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out == "no changes\n"


def test_a_document_replayed_against_a_bundle_reproduces_its_report(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    first = checked(tmp_path, httpserver)
    out = bundle(tmp_path, first)
    requests_made = len(httpserver.log)
    there, moved = elsewhere(tmp_path, out)
    shutil.copy(tmp_path / "story.md", there / "story.md")
    assert main(["check", str(there / "story.md"), "--replay", str(moved), "--cache",
                 str(there / "fresh-cache"), "--out", str(there / "reports"), "-q"]) == 1
    assert len(httpserver.log) == requests_made
    capsys.readouterr()
    assert main(["diff", str(first), str(there / "reports/story.json")]) == 0, \
        capsys.readouterr().out


def test_the_bundles_settings_are_the_ones_replayed(tmp_path: Path, httpserver: HTTPServer,
                                                     capsys) -> None:
    first = checked(tmp_path, httpserver)  # made with --no-archive: archive_url ""
    there, moved = elsewhere(tmp_path, bundle(tmp_path, first))
    # This run's own archive default would differ from the report's; the report's stands.
    assert main(["check", str(moved), "--cache", str(there / "c"), "--out",
                 str(there / "r"), "-q"]) == 1
    settings = read_report(there / "r/story.json")["manifest"]["settings"]
    assert settings["archive_url"] == read_report(first)["manifest"]["settings"]["archive_url"]
    assert settings["offline"] == "True"


def test_without_the_bundle_the_same_offline_check_cannot_reproduce(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    first = checked(tmp_path, httpserver)
    there, _ = elsewhere(tmp_path, bundle(tmp_path, first))
    shutil.copy(tmp_path / "story.md", there / "story.md")
    assert main(["check", str(there / "story.md"), "--offline", "--cache",
                 str(there / "fresh-cache"), "--out", str(there / "reports"), "-q"]) == 1
    assert {v[1] for v in outcome(there / "reports/story.json")} == {"unverified"}


def test_a_changed_bundle_is_refused_and_nothing_is_imported(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    there, moved = elsewhere(tmp_path, out)
    with zipfile.ZipFile(moved) as wacz:
        info = wacz.getinfo("document/story.md")
    data = bytearray(moved.read_bytes())
    data[info.header_offset + 30 + len(info.orig_filename) + 3] ^= 0x01
    moved.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["check", str(moved), "--cache", str(there / "fresh-cache"), "--out",
                 str(there / "reports"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "not imported" in err and "document/story.md" in err and "Traceback" not in err
    assert not (there / "reports").exists()
    assert not list((there / "fresh-cache").rglob("*.warc.gz"))


def revisit_bundle(tmp_path: Path, httpserver: HTTPServer) -> tuple[Path, Path]:
    """A report whose page was refreshed with a 304 (kept as a revisit), and its bundle."""
    from werkzeug import Request, Response

    from tests.integration.test_bundle import PAGE

    def page(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(PAGE, content_type="text/html", headers={"ETag": '"v1"'})

    httpserver.expect_request("/a").respond_with_handler(page)
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n",
                   encoding="utf-8")
    common = [str(doc), "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "reports"),
              "--allow-private", "--no-archive", "-q"]
    assert main(["check", *common]) == 0
    assert main(["check", *common, "--refresh"]) == 0  # a 304: kept as a revisit
    first = tmp_path / "reports/story.json"
    return first, bundle(tmp_path, first)


def test_a_revisit_capture_travels_with_the_capture_it_confirmed(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    first, out = revisit_bundle(tmp_path, httpserver)
    with zipfile.ZipFile(out) as wacz:
        archived = [n for n in wacz.namelist() if n.startswith("archive/")]
        index = wacz.read("indexes/index.cdx").decode()
    assert len(archived) == 2  # the revisit and the response it confirmed
    assert "warc/revisit" in index
    # The index is the one cdxj-indexer writes for those files, sorted, read from the cache.
    from cdxj_indexer.main import write_cdx_index

    expected = io.StringIO()
    write_cdx_index(expected, [str(next((tmp_path / "cache").rglob(Path(n).name)))
                               for n in archived], {"sort": True, "post_append": True})
    assert index == expected.getvalue()
    there, moved = elsewhere(tmp_path, out)
    assert main(["check", str(moved), "--cache", str(there / "c"), "--out",
                 str(there / "r"), "-q"]) == 0
    capsys.readouterr()
    assert main(["diff", str(first), str(there / "r/story.json")]) == 0, \
        capsys.readouterr().out


def test_a_revisit_listed_before_the_capture_it_confirmed_still_imports(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    from provenance.cache.zip_framing import canonical_info

    first, out = revisit_bundle(tmp_path, httpserver)
    with zipfile.ZipFile(out) as wacz:
        members = {name: wacz.read(name) for name in wacz.namelist()}
    package = json.loads(members["datapackage.json"])
    package["resources"].sort(key=lambda r: not r["path"].startswith("archive/"))
    package["resources"][:2] = package["resources"][1::-1]  # the revisit first
    members["datapackage.json"] = json.dumps(package).encode()
    members["datapackage-digest.json"] = json.dumps({"path": "datapackage.json", "hash": (
        "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest())}).encode()
    with zipfile.ZipFile(out, "w") as wacz:
        for name, data in members.items():
            wacz.writestr(canonical_info(name), data)
    there, moved = elsewhere(tmp_path, out)
    capsys.readouterr()
    assert main(["bundle", "--import", str(moved), "--cache", str(there / "c")]) == 0
    assert "imported 2 captures" in capsys.readouterr().out
    assert main(["check", str(moved), "--cache", str(there / "c2"), "--out",
                 str(there / "r"), "-q"]) == 0
    capsys.readouterr()
    assert main(["diff", str(first), str(there / "r/story.json")]) == 0, \
        capsys.readouterr().out


def test_a_document_that_was_a_url_round_trips_too(tmp_path: Path, httpserver: HTTPServer,
                                                   capsys) -> None:
    from tests.integration.test_bundle import PAGE

    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    post = ("<!DOCTYPE html><html><body><p>Synthetic test post. She said “not by taxpayers” "
            f"(<a href=\"{httpserver.url_for('/a')}\">Courier</a>).</p></body></html>")
    httpserver.expect_request("/post").respond_with_data(post, content_type="text/html")
    assert main(["check", httpserver.url_for("/post"), "--cache", str(tmp_path / "cache"),
                 "--out", str(tmp_path / "reports"), "--allow-private", "--no-archive",
                 "-q"]) == 0
    (first,) = (tmp_path / "reports").glob("*.json")
    there, moved = elsewhere(tmp_path, bundle(tmp_path, first))
    requests_made = len(httpserver.log)
    assert main(["check", str(moved), "--cache", str(there / "c"), "--out",
                 str(there / "r"), "-q"]) == 0
    assert len(httpserver.log) == requests_made
    again = there / "r" / first.name  # named for the URL, as the first
    assert read_report(again)["document"]["origin"] == httpserver.url_for("/post")
    capsys.readouterr()
    assert main(["diff", str(first), str(again)]) == 0, capsys.readouterr().out


def test_a_cache_that_is_a_file_is_refused_before_anything_is_imported(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    there, moved = elsewhere(tmp_path, bundle(tmp_path, checked(tmp_path, httpserver)))
    (there / "cache").write_text("not a folder\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(moved), "--cache", str(there / "cache"), "--out",
                 str(there / "r")]) == 2
    assert f"the cache {there / 'cache'} is a file, not a folder" in capsys.readouterr().err

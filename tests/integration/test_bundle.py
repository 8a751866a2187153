"""`provenance bundle`: a report's evidence as a WACZ file the wacz tools accept, that shows
any changed byte, and from which a fresh cache reproduces the report's verdicts."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.conftest import read_report
from tests.pages import HARBOUR, article_page

pytest.importorskip("cdxj_indexer")

PAGE = article_page("Council approves harbour expansion", HARBOUR)
OTHER = article_page("Synthetic second page", "A synthetic page that says something else.")
WACZ_TOOL = Path(sys.executable).with_name("wacz")


def checked(tmp_path: Path, httpserver: HTTPServer) -> Path:
    """A document checked against two synthetic pages: one quote found, one missing."""
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(OTHER, content_type="text/html")
    doc = tmp_path / "story.md"
    doc.write_text(f"She said “not by taxpayers” ([Courier]({httpserver.url_for('/a')})).\n\n"
                   f"He said “the harbour will close on Sundays” "
                   f"([Gazette]({httpserver.url_for('/b')})).\n", encoding="utf-8")
    assert main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "reports"), "--allow-private", "--no-archive", "-q",
                 "--format", "md,json,html"]) == 1
    return tmp_path / "reports/story.json"


def bundle(tmp_path: Path, report: Path, *extra: str) -> Path:
    out = tmp_path / "run.wacz"
    assert main(["bundle", str(report), "--out", str(out), "--cache", str(tmp_path / "cache"),
                 "-q", *extra]) == 0
    return out


def wacz_validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WACZ_TOOL), "validate", "-f", str(path)], capture_output=True,
                          text=True, timeout=120, check=False)


def test_a_bundle_holds_every_capture_the_report_and_the_document(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    report = checked(tmp_path, httpserver)
    out = bundle(tmp_path, report)
    manifest = read_report(report)["manifest"]
    with zipfile.ZipFile(out) as wacz:
        names = set(wacz.namelist())
        package = json.loads(wacz.read("datapackage.json"))
        # Every capture's WARC file, byte for byte as the cache stores it.
        for capture in manifest["captures"]:
            rel = capture["warc"].split("#")[0]
            stored = (tmp_path / "cache" / rel).read_bytes()
            assert wacz.read(f"archive/{Path(rel).name}") == stored
            assert wacz.getinfo(f"archive/{Path(rel).name}").compress_type == zipfile.ZIP_STORED
        index = wacz.read("indexes/index.cdx").decode()
        pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        assert wacz.read("document/story.md") == (tmp_path / "story.md").read_bytes()
        for suffix in ("json", "md", "html"):
            assert wacz.read(f"report/story.{suffix}") == \
                (tmp_path / f"reports/story.{suffix}").read_bytes()
        for res in package["resources"]:
            data = wacz.read(res["path"])
            assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert res["bytes"] == len(data)
        digest = json.loads(wacz.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(
            wacz.read("datapackage.json")).hexdigest()
    assert names == {r["path"] for r in package["resources"]} | {
        "datapackage.json", "datapackage-digest.json"}
    assert package["wacz_version"] == "1.1.1"
    cited = {c["url"] for c in manifest["captures"]}
    assert cited == {httpserver.url_for("/a"), httpserver.url_for("/b")}
    assert pages[0]["format"] == "json-pages-1.0"
    assert {p["url"] for p in pages[1:]} == cited
    assert all(p["ts"].endswith("Z") for p in pages[1:])
    indexed = [json.loads(line.split(" ", 2)[2]) for line in index.splitlines()]
    assert {(e["url"], e["status"]) for e in indexed} >= {(u, "200") for u in cited}
    assert all(f"archive/{e['filename']}" in names for e in indexed)

    result = wacz_validate(out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Validation succeeded" in result.stdout


def test_verify_says_what_was_bundled_and_when(tmp_path: Path, httpserver: HTTPServer,
                                               capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 0
    said = capsys.readouterr().out
    assert "verified: every hash holds" in said
    assert "2 capture files" in said
    with zipfile.ZipFile(out) as wacz:
        created = json.loads(wacz.read("datapackage.json"))["created"]
    assert f"bundled {created} by provenance" in said


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as wacz:
        return {name: wacz.read(name) for name in wacz.namelist()}


def _rewrite(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as wacz:
        for name, data in members.items():
            wacz.writestr(name, data)


def test_a_member_changed_and_rezipped_fails_verify_and_wacz_validate(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    members = _members(out)
    report = members["report/story.json"]
    members["report/story.json"] = report.replace(b'"missing"', b'"found"  ', 1)
    assert members["report/story.json"] != report
    _rewrite(out, members)  # a well-formed ZIP: only the hashes tell
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 1
    said = capsys.readouterr().out
    assert "report/story.json: its bytes are not those listed in datapackage.json" in said
    assert "NOT verified" in said
    assert wacz_validate(out).returncode != 0


def test_a_changed_capture_record_fails_verify(tmp_path: Path, httpserver: HTTPServer,
                                              capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    members = _members(out)
    warc = next(n for n in members if n.startswith("archive/"))
    body = gzip.decompress(members[warc])
    backdated = body.replace(b"WARC-Date: 20", b"WARC-Date: 19", 1)
    assert backdated != body
    members[warc] = gzip.compress(backdated)
    _rewrite(out, members)
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 1
    assert f"{warc}: its bytes are not those listed" in capsys.readouterr().out


def test_a_changed_datapackage_fails_verify(tmp_path: Path, httpserver: HTTPServer,
                                            capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    members = _members(out)
    package = json.loads(members["datapackage.json"])
    package["created"] = "2001-01-01T00:00:00Z"  # backdated
    members["datapackage.json"] = json.dumps(package, indent=2).encode()
    _rewrite(out, members)
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 1
    assert "datapackage.json: its hash is not the one datapackage-digest.json holds" in \
        capsys.readouterr().out


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_any_byte_flipped_in_the_file_fails_verify(tmp_path: Path, httpserver: HTTPServer,
                                                   capsys, where: float) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    data = bytearray(out.read_bytes())
    at = int(len(data) * where)
    data[at] ^= 0x01
    out.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 1
    assert "NOT verified" in capsys.readouterr().out


def test_an_added_file_fails_verify(tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    with zipfile.ZipFile(out, "a") as wacz:
        wacz.writestr("archive/extra.warc.gz", b"not evidence")
    capsys.readouterr()
    assert main(["bundle", "--verify", str(out)]) == 1
    assert "archive/extra.warc.gz: not listed in datapackage.json" in capsys.readouterr().out


def test_the_bundle_alone_reproduces_the_verdicts(tmp_path: Path,
                                                  httpserver: HTTPServer) -> None:
    report = checked(tmp_path, httpserver)
    out = bundle(tmp_path, report)
    requests_made = len(httpserver.log)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with zipfile.ZipFile(out) as wacz:
        (elsewhere / "story.md").write_bytes(wacz.read("document/story.md"))
    assert main(["bundle", "--import", str(out), "--cache", str(elsewhere / "cache"),
                 "-q"]) == 0
    assert main(["check", str(elsewhere / "story.md"), "--cache", str(elsewhere / "cache"),
                 "--out", str(elsewhere / "reports"), "--offline", "-q"]) == 1
    assert len(httpserver.log) == requests_made  # nothing fetched
    first = read_report(report)["verdicts"]
    again = read_report(elsewhere / "reports/story.json")["verdicts"]
    assert [(v["quote"]["text"], v["status"], v["reason"]) for v in again] == \
        [(v["quote"]["text"], v["status"], v["reason"]) for v in first]
    assert {v["status"] for v in first} == {"found", "missing"}
    assert [v["snapshot"]["sha256"] for v in again] == [v["snapshot"]["sha256"] for v in first]


def test_a_document_changed_since_the_report_is_refused(tmp_path: Path,
                                                        httpserver: HTTPServer,
                                                        capsys) -> None:
    report = checked(tmp_path, httpserver)
    (tmp_path / "story.md").write_text("Edited after the check.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["bundle", str(report), "--out", str(tmp_path / "x.wacz"), "--cache",
                 str(tmp_path / "cache")]) == 2
    assert "the document has changed since the report was made" in capsys.readouterr().err
    assert not (tmp_path / "x.wacz").exists()


def test_a_capture_gone_from_the_cache_is_named(tmp_path: Path, httpserver: HTTPServer,
                                                capsys) -> None:
    report = checked(tmp_path, httpserver)
    capsys.readouterr()
    assert main(["bundle", str(report), "--out", str(tmp_path / "x.wacz"), "--cache",
                 str(tmp_path / "empty-cache")]) == 2
    assert "is not in the cache" in capsys.readouterr().err


def test_not_a_report_and_not_a_bundle_exit_2_or_1_with_a_reason(tmp_path: Path,
                                                                  capsys) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]", encoding="utf-8")
    assert main(["bundle", str(bogus), "--out", str(tmp_path / "x.wacz"), "--cache",
                 str(tmp_path / "cache")]) == 2
    assert "not a provenance JSON report" in capsys.readouterr().err
    assert main(["bundle", "--verify", str(bogus)]) == 1
    assert "not a readable WACZ file" in capsys.readouterr().out
    assert main(["bundle"]) == 2
    assert "give REPORT.json and --out" in capsys.readouterr().err


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_bundle_past_the_zips_32_bit_limits_is_refused_and_not_left_behind(
        tmp_path: Path, httpserver: HTTPServer, capsys, monkeypatch: pytest.MonkeyPatch,
        when: str) -> None:
    """Past 2 GiB zipfile writes 64-bit extensions, which the byte-for-byte check of the
    ZIP's framing does not take; the limit is lowered here instead of writing 2 GiB."""
    report = checked(tmp_path, httpserver)
    captures = sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*.warc.gz"))
    # Refused before writing (the captures alone are too big), or after (the whole is).
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", captures - 1 if when == "before"
                        else captures + 100)
    capsys.readouterr()
    assert main(["bundle", str(report), "--out", str(tmp_path / "x.wacz"), "--cache",
                 str(tmp_path / "cache")]) == 2
    assert "a bundle holds at most 2 GiB in 65,534 files" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if "wacz" in p.name) == []

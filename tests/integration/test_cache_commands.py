"""`provenance cache list | show | import | export | verify`, through the CLI."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from provenance.cache.store import SnapshotCache
from provenance.cli import main
from tests.integration.faultserver import PAGE, PDF

URL = "https://www.harbour-gazette.example/2026/03/02/harbour-to-reopen"
PDF_URL = "https://port-authority.example/reports/quay.pdf"


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    page = tmp_path / "saved.html"
    page.write_text(PAGE, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    cache = tmp_path / "cache"
    assert main(["cache", "import", str(page), "--url", URL, "--cache", str(cache),
                 "--date", "2026-03-02T10:00Z"]) == 0
    assert main(["cache", "import", str(pdf), "--url", PDF_URL, "--cache", str(cache)]) == 0
    return cache


def test_list_and_show(cache_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["cache", "list", "--cache", str(cache_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert any(line.startswith("2026-03-02 10:00:00 UTC  200  import") and line.endswith(URL)
               for line in lines)
    assert main(["cache", "show", URL, "--cache", str(cache_dir), "--text"]) == 0
    out = capsys.readouterr().out
    assert "title         Harbour to reopen" in out
    assert "will reopen before the summer season" in out
    assert main(["cache", "show", PDF_URL, "--cache", str(cache_dir)]) == 0
    assert "Synthetic test report" in capsys.readouterr().out


def test_show_unknown_url_is_an_error(cache_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cache", "show", "https://nowhere.example/", "--cache", str(cache_dir)]) == 2
    assert "no capture of https://nowhere.example/" in capsys.readouterr().err


def test_import_needs_a_url_for_a_page(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE)
    assert main(["cache", "import", str(page), "--cache", str(tmp_path / "c")]) == 2
    assert "--url" in capsys.readouterr().err


def test_export_then_import_a_warc_round_trips(cache_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "evidence.warc.gz"
    assert main(["cache", "export", "--warc", str(out), "--cache", str(cache_dir)]) == 0
    with gzip.open(out, "rb") as f:
        kinds = [r.rec_type for r in ArchiveIterator(f)]
    assert kinds.count("response") == 2 and kinds.count("request") == 2

    other = tmp_path / "other-cache"
    assert main(["cache", "import", str(out), "--cache", str(other)]) == 0
    a, b = SnapshotCache(cache_dir), SnapshotCache(other)
    assert [(r.url, r.sha256, r.fetched_at) for r in a.index()] == \
        [(r.url, r.sha256, r.fetched_at) for r in b.index()]


def test_export_only_what_a_report_names(cache_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"verdicts": [{"source": {"snapshot": {"url": PDF_URL}}}]}))
    out = tmp_path / "e.warc.gz"
    assert main(["cache", "export", "--warc", str(out), "--report", str(report),
                 "--cache", str(cache_dir)]) == 0
    with gzip.open(out, "rb") as f:
        uris = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(f)}
    assert uris == {PDF_URL}


def test_verify_names_a_damaged_entry(cache_dir: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["cache", "verify", "--cache", str(cache_dir)]) == 0
    assert "2 captures checked: all digests match" in capsys.readouterr().out

    row = next(r for r in SnapshotCache(cache_dir).index() if r.url == URL)
    path = cache_dir / row.warc_file
    with gzip.open(path, "rb") as f:
        data = f.read()
    # Edit one word of the page inside an otherwise well-formed WARC file.
    path.write_bytes(gzip.compress(data.replace(b"before the summer", b"after  the summer")))
    assert main(["cache", "verify", "--cache", str(cache_dir)]) == 1
    out = capsys.readouterr().out
    assert f"damaged  {row.warc_file}: {URL}: damaged cache entry" in out
    assert "1 damaged" in out


def test_verify_repair_rebuilds_a_damaged_index(cache_dir: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (cache_dir / "index.sqlite").write_bytes(b"garbage" * 500)
    capsys.readouterr()
    assert main(["cache", "verify", "--cache", str(cache_dir)]) == 1
    assert "provenance cache verify --repair" in capsys.readouterr().out
    assert main(["cache", "verify", "--repair", "--cache", str(cache_dir)]) == 0
    out = capsys.readouterr().out
    assert "indexed 2 capture files again" in out and "all digests match" in out
    assert {r.url for r in SnapshotCache(cache_dir).index()} == {URL, PDF_URL}


def test_export_takes_the_very_capture_a_report_names(cache_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "later.html"
    page.write_text(PAGE.replace("before the summer", "after the summer"), encoding="utf-8")
    assert main(["cache", "import", str(page), "--url", URL, "--cache", str(cache_dir)]) == 0
    first, _later = SnapshotCache(cache_dir).index(URL)
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"verdicts": [{"snapshot": {"url": URL, "warc": first.warc}}]}))
    out = tmp_path / "e.warc.gz"
    assert main(["cache", "export", "--warc", str(out), "--report", str(report),
                 "--cache", str(cache_dir)]) == 0
    with gzip.open(out, "rb") as f:
        dates = {r.rec_headers.get_header("WARC-Date") for r in ArchiveIterator(f)}
    assert dates == {"2026-03-02T10:00:00.000000Z"}  # the report's capture, not the later one

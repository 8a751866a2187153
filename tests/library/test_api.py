"""The library API: what `import provenance` offers, and that it runs the whole tool."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import provenance

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "harbour-expansion.md"


def test_public_names_are_pinned() -> None:
    assert sorted(provenance.__all__) == [
        "CacheError", "CacheMiss", "Citation", "CitationHow", "ConfigError", "Document",
        "DocumentError", "Edit", "EditKind", "FetchError", "FetchFailure", "Flag", "Match",
        "Origin", "PageText", "ProvenanceError", "Quote", "QuoteKind", "Report", "Settings",
        "Snapshot", "Source", "Span", "Status", "Verdict", "__version__", "check",
        "open_cache", "quotes", "write_reports"]
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None
    with pytest.raises(AttributeError):
        provenance.no_such_name  # noqa: B018


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    copy = tmp_path / "cache"
    shutil.copytree(ROOT / "cache", copy)
    return copy


def test_check_the_example_offline_from_its_path(cache: Path) -> None:
    report = provenance.check(EXAMPLE, offline=True, cache=cache)
    assert report.summary == {"found": 4, "altered": 1, "missing": 1, "unverified": 1}
    assert report.document.origin == str(EXAMPLE)
    assert [v.status for v in report.verdicts][:3] == [
        provenance.Status.FOUND, provenance.Status.FOUND, provenance.Status.ALTERED]


def test_check_takes_text_and_a_document_alike(cache: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    from_text = provenance.check(text, offline=True, cache=cache)
    document = provenance.quotes(text)
    assert from_text.summary == provenance.check(EXAMPLE, offline=True, cache=cache).summary
    assert len([q for q in document if q.kind is provenance.QuoteKind.QUOTATION]) == 7
    settings = provenance.Settings(cache_dir=cache, offline=True)
    again = provenance.check(from_text.document, settings=settings)
    assert again.summary == from_text.summary


def test_a_missing_file_is_a_document_error(tmp_path: Path) -> None:
    with pytest.raises(provenance.DocumentError, match="no such file"):
        provenance.check(tmp_path / "nowhere.md", offline=True, cache=tmp_path / "c")


def test_write_reports_and_open_cache(cache: Path, tmp_path: Path) -> None:
    report = provenance.check(EXAMPLE, offline=True, cache=cache)
    written = provenance.write_reports(report, tmp_path / "out", ["md", "json", "html"])
    assert sorted(p.name for p in written) == [
        "harbour-expansion.html", "harbour-expansion.json", "harbour-expansion.md"]
    urls = {c.url for c in provenance.open_cache(cache).index()}
    assert {v.source.snapshot.url for v in report.verdicts
            if v.source and v.source.snapshot} <= urls
    with pytest.raises(provenance.ProvenanceError, match="unknown report format"):
        provenance.write_reports(report, tmp_path / "out", ["pdf"])

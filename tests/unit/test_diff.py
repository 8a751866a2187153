"""`provenance diff OLD.json NEW.json`: what changed between two runs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.model import Report, Snapshot, Status, Verdict
from provenance.report.diff import diff_reports
from provenance.report.render import to_json, validate
from tests.unit.test_report_cases import sample_report


def _write(path: Path, report: Report) -> Path:
    path.write_text(to_json(report), encoding="utf-8")
    return path


def _replace_verdict(report: Report, index: int, **changes) -> Report:
    verdicts = list(report.verdicts)
    verdicts[index] = dataclasses.replace(verdicts[index], **changes)
    return dataclasses.replace(report, verdicts=tuple(verdicts))


def test_same_report_has_no_changes(tmp_path: Path, capsys) -> None:
    """A later offline re-run of the same run: how the pages were got (offline, refresh)
    is no change when the verdicts and captures are the same."""
    old = _write(tmp_path / "old.json", sample_report())
    later = dataclasses.replace(sample_report(), created_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
                                manifest=(("offline", "True"), ("missing_below", "75.0")))
    new = _write(tmp_path / "new.json", later)
    assert main(["diff", str(old), str(new)]) == 0
    assert capsys.readouterr().out == "no changes\n"


@pytest.mark.parametrize("quiet", [[], ["-q"], ["--json"]])
def test_a_settings_change_is_a_change(tmp_path: Path, capsys, quiet: list[str]) -> None:
    old = _write(tmp_path / "old.json", sample_report())
    stricter = dataclasses.replace(sample_report(),
                                   manifest=(("offline", "False"), ("missing_below", "80.0")))
    new = _write(tmp_path / "new.json", stricter)
    assert main(["diff", str(old), str(new), *quiet]) == 1
    out = capsys.readouterr().out
    if not quiet:
        assert out == "setting missing_below: 75.0 → 80.0\n"


def test_a_new_version_of_the_tool_is_a_change(tmp_path: Path, capsys) -> None:
    old = _write(tmp_path / "old.json", sample_report())
    data = json.loads(old.read_text())
    data["tool"]["version"] = "0.0.1"
    earlier = tmp_path / "earlier.json"
    earlier.write_text(json.dumps(data), encoding="utf-8")
    assert main(["diff", str(earlier), str(old)]) == 1
    assert capsys.readouterr().out.startswith("tool: provenance 0.0.1 → ")


def test_status_reason_and_capture_changes_are_listed(tmp_path: Path, capsys) -> None:
    report = sample_report()
    first = report.verdicts[0]
    snap: Snapshot = dataclasses.replace(first.source.snapshot, sha256="ab" * 32,
                                         fetched_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    changed = _replace_verdict(report, 0, status=Status.ALTERED, reason="one word differs",
                               source=dataclasses.replace(first.source, snapshot=snap))
    old = _write(tmp_path / "old.json", report)
    new = _write(tmp_path / "new.json", changed)
    assert main(["diff", str(old), str(new)]) == 1
    lines = capsys.readouterr().out.splitlines()
    quote = "“the harbour will stay open to every fishing boat that pays …”"
    assert lines[0] == "summary: found 3 → 2, altered 1 → 2"
    assert f"status: {quote}: found → altered" in lines
    assert f"reason: {quote}: verbatim in the cited editorial → one word differs" in lines
    assert any(line.startswith(f"capture: {quote}: 2026-03-14T09:30:00+00:00 sha256 ")
               and line.endswith("→ 2026-05-01T00:00:00+00:00 sha256 abababababab…")
               for line in lines)


def test_added_and_removed_quotes(tmp_path: Path) -> None:
    report = sample_report()
    fewer = dataclasses.replace(report, verdicts=report.verdicts[1:])
    d = diff_reports(json.loads(to_json(report)), json.loads(to_json(fewer)))
    assert [(c.what, c.old) for c in d.changes] == [("removed", "found")]
    d = diff_reports(json.loads(to_json(fewer)), json.loads(to_json(report)))
    assert [(c.what, c.new) for c in d.changes] == [("added", "found")]
    assert not d.same


def test_repeated_quotes_pair_by_order(tmp_path: Path) -> None:
    report = sample_report()
    v: Verdict = report.verdicts[0]
    twice = dataclasses.replace(report, verdicts=(v, v))
    second_changed = dataclasses.replace(report, verdicts=(
        v, dataclasses.replace(v, status=Status.MISSING, reason="gone")))
    d = diff_reports(json.loads(to_json(twice)), json.loads(to_json(second_changed)))
    assert [(c.what, c.old, c.new) for c in d.changes if c.what == "status"] == [
        ("status", "found", "missing")]


def test_json_output_is_machine_readable(tmp_path: Path, capsys) -> None:
    report = sample_report()
    old = _write(tmp_path / "old.json", report)
    new = _write(tmp_path / "new.json", _replace_verdict(report, 3, reason="best alignment 39"))
    assert main(["diff", str(old), str(new), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["same"] is False
    assert data["changes"] == [{"what": "reason", "quote": "the mayor sold the pier to a "
                                "private fund", "old": "not in the cited column (best "
                                "alignment 41)", "new": "best alignment 39"}]


def test_quiet_prints_nothing(tmp_path: Path, capsys) -> None:
    report = sample_report()
    old = _write(tmp_path / "old.json", report)
    new = _write(tmp_path / "new.json", _replace_verdict(report, 0, status=Status.MISSING))
    assert main(["diff", str(old), str(new), "--quiet"]) == 1
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(("content", "message"), [
    (None, "cannot read"),
    ("{not json", "is not a JSON report"),
    ('{"schema": "provenance-report/1"}', "not a provenance-report/1 report"),
    ("\udcff", "is not a JSON report"),
])
def test_bad_input_is_a_clear_error(tmp_path: Path, capsys, content, message) -> None:
    good = _write(tmp_path / "good.json", sample_report())
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("provenance: error: ") and message in err and "bad.json" in err


def test_reports_written_for_diffing_validate(tmp_path: Path) -> None:
    validate(json.loads(_write(tmp_path / "r.json", sample_report()).read_text()))

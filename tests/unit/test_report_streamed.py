"""The reports written to their files piece by piece: the same text as rendered whole, and
never held whole on the way (a large document's report is tens of megabytes)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from provenance.api import write_reports
from provenance.report.formats import FORMATS, WRITERS
from tests.unit.test_report_cases import sample_report


class _Recorder:
    """A text stream that keeps each piece written to it."""

    def __init__(self) -> None:
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return len(text)


def test_each_streamed_format_writes_a_verdict_at_a_time_the_text_rendered_whole() -> None:
    report = sample_report()
    many = replace(report, verdicts=report.verdicts * 40)
    for fmt, write in WRITERS.items():
        whole = FORMATS[fmt][1](many)
        stream = _Recorder()
        write(many, stream)  # type: ignore[arg-type]
        assert "".join(stream.pieces) == whole
        assert len(stream.pieces) > len(many.verdicts)
        # No piece holds more than a few verdicts' worth of the text.
        assert max(map(len, stream.pieces)) < len(whole) / 20


def test_a_report_without_verdicts_is_the_same_text_streamed(tmp_path: Path) -> None:
    report = replace(sample_report(), verdicts=())
    write_reports(report, tmp_path, list(WRITERS), name="empty")
    for fmt in WRITERS:
        suffix, render = FORMATS[fmt]
        assert (tmp_path / f"empty{suffix}").read_text("utf-8") == render(report)

"""``--resume``: a document whose reports an earlier run already wrote, with the same tool
version and settings and after the document last changed, is not checked again."""

from __future__ import annotations

import json
from typing import Any

from provenance.batch.inputs import Job
from provenance.batch.outcome import Outcome
from provenance.batch.rows import rows_of_json
from provenance.report.formats import FORMATS
from provenance.settings import Settings, verdict_settings
from provenance.version import __version__

__all__ = ["earlier"]


def earlier(job: Job, settings: Settings) -> Outcome | None:
    """The outcome an earlier run left for ``job``, when it still stands; else None.

    It stands when every report format asked for is there, all newer than the document
    (and than the sources and outlets files given), and the JSON report's manifest names
    this tool version and these settings. The JSON report is needed: it holds the verdicts
    the batch's index lists again.
    """
    files = [job.out_dir / f"{job.name}{FORMATS[f][0]}" for f in settings.formats]
    report_path = job.out_dir / f"{job.name}.json"
    inputs = [job.path, *(p for p in (settings.sources_file, settings.outlets_file) if p)]
    try:
        newest_input = max(p.stat().st_mtime for p in inputs)
        oldest_report = min(p.stat().st_mtime for p in [*files, report_path])
        report: dict[str, Any] = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if oldest_report <= newest_input or not _same_run(report, settings):
        return None
    origin = str(job.path)
    uncredited = sum(r.get("kind") == "uncredited" for r in report.get("reuse") or ())
    return Outcome(origin, job.name, tuple(rows_of_json(origin, report)),
                   tuple(map(str, files)), resumed=True, uncredited=uncredited)


def _same_run(report: dict[str, Any], settings: Settings) -> bool:
    manifest = report.get("manifest") or {}
    tool = manifest.get("tool") or {}
    return (tool.get("version") == __version__
            and manifest.get("settings") == dict(verdict_settings(settings)))

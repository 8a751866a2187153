"""What a batch leaves beside its reports: ``index.jsonl`` and ``summary.json``."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.batch.inputs import Skipped
from provenance.batch.outcome import Outcome
from provenance.model import Status
from provenance.report.whole_files import replace_text

__all__ = ["INDEX", "SUMMARY", "summarize", "write_index"]

INDEX = "index.jsonl"
SUMMARY = "summary.json"


def summarize(outcomes: Sequence[Outcome], skipped: Sequence[Skipped]) -> dict[str, Any]:
    """Counts per status, per outlet (then status) and per flag; the documents checked,
    taken from an earlier run, and not checked (unreadable) or skipped (unsupported)."""
    rows = [r for o in outcomes for r in o.rows]
    statuses = Counter(r.status for r in rows)
    outlets: dict[str, Counter[str]] = {}
    for r in rows:
        outlets.setdefault(r.outlet or "(none)", Counter())[r.status] += 1
    return {
        "documents": len(outcomes),
        "checked": sum(not o.error and not o.resumed for o in outcomes),
        "resumed": sum(o.resumed for o in outcomes),
        "unreadable": [{"path": o.path, "reason": o.error} for o in outcomes if o.error],
        "skipped": [{"path": str(s.path), "reason": s.reason} for s in skipped],
        "quotations": len(rows),
        "status": {s.value: statuses.get(s.value, 0) for s in Status},
        "outlet": {name: dict(sorted(c.items())) for name, c in sorted(outlets.items())},
        "flag": dict(sorted(Counter(f for r in rows for f in r.flags).items())),
    }


def write_index(out_dir: Path, outcomes: Sequence[Outcome], summary: dict[str, Any]
                ) -> list[Path]:
    """``index.jsonl``, one verdict a line in document order (ready for pandas'
    ``read_json(lines=True)`` and DuckDB's ``read_json_auto``), and ``summary.json``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index, total = out_dir / INDEX, out_dir / SUMMARY
    lines = (json.dumps(r.as_dict(), ensure_ascii=False) + "\n"
             for o in outcomes for r in o.rows)
    replace_text(index, "".join(lines))
    replace_text(total, json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    return [index, total]

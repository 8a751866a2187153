"""A verdict as one flat row: what ``index.jsonl`` holds and the summary counts."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from provenance.model import Verdict

__all__ = ["Row", "row_of", "rows_of_json"]


@dataclass(frozen=True, slots=True)
class Row:
    document: str
    quote: str
    status: str
    flags: tuple[str, ...]
    url: str | None  # the page read, else the URL the citation gave
    outlet: str | None
    line: int
    column: int

    def as_dict(self) -> dict[str, Any]:
        # Field by field: ``dataclasses.asdict`` deep-copies every value, and a batch's
        # index has a row per quotation (a tenth of a second of the command's own time for
        # 4,000 rows, written while nothing else is).
        data = {name: getattr(self, name) for name in _FIELDS}
        data["flags"] = list(self.flags)
        return data


_FIELDS = tuple(f.name for f in fields(Row))


def row_of(document: str, v: Verdict) -> Row:
    citation = v.quote.citation
    snap = v.source.snapshot if v.source else None
    url = snap.url if snap is not None else (citation.url if citation else None)
    return Row(document, v.quote.text, v.status.value, tuple(f.value for f in v.flags),
               url, citation.outlet if citation else None, v.quote.line, v.quote.column)


def rows_of_json(document: str, report: dict[str, Any]) -> list[Row]:
    """The rows of a JSON report written earlier (a resumed batch lists them again)."""
    rows = []
    for v in report.get("verdicts", []):
        citation = v.get("citation") or {}
        snap = v.get("snapshot") or {}
        quote = v.get("quote") or {}
        rows.append(Row(document, quote.get("text", ""), v["status"], tuple(v.get("flags", [])),
                        snap.get("url") or citation.get("url"), citation.get("outlet"),
                        int(quote.get("line", 0)), int(quote.get("column", 0))))
    return rows

"""Render a Report as Markdown (for reading) and JSON (schema provenance-report/1)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from . import __version__
from .model import Citation, Edit, Match, Quote, Report, Snapshot, Status, Verdict

SCHEMA = "provenance-report/1"


def summary(report: Report) -> dict[str, int]:
    counts = Counter(v.status for v in report.verdicts)
    return {s.value: counts.get(s, 0) for s in Status}


def to_dict(report: Report) -> dict[str, Any]:
    doc = report.document
    return {
        "schema": SCHEMA,
        "tool": {"name": "provenance", "version": __version__},
        "created_at": report.created_at.isoformat() if report.created_at else None,
        "document": {"origin": doc.origin, "format": doc.format, "sha256": doc.sha256},
        "summary": summary(report),
        "verdicts": [_verdict(v) for v in report.verdicts],
        "others": [_quote(q) for q in report.others],
        "manifest": dict(report.manifest),
    }


def to_json(report: Report) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"


def _verdict(v: Verdict) -> dict[str, Any]:
    snap = v.source.snapshot if v.source else None
    return {
        "quote": _quote(v.quote),
        "citation": _citation(v.quote.citation),
        "status": v.status.value,
        "reason": v.reason,
        "flags": [f.value for f in v.flags],
        "match": _match(v.match),
        "snapshot": _snapshot(snap),
        "elsewhere": v.elsewhere,
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {
        "text": q.text,
        "line": q.line,
        "column": q.column,
        "language": q.language,
        "kind": q.kind.value,
        "marks": q.marks,
        "segments": list(q.parts),
        "insertions": list(q.insertions),
        "link_reason": q.link_reason,
    }


def _citation(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "outlet": c.outlet,
        "title": c.title,
        "author": c.author,
        "date": c.date.isoformat() if c.date else None,
        "url": c.url,
        "how": c.how.value,
        "reference": c.reference,
        "resolution": list(c.resolution),
    }


def _match(m: Match | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "score": round(m.score, 2),
        "source_text": m.source_text,
        "start": m.span.start,
        "end": m.span.end,
        "outside_body": m.outside_body,
        "elided": list(m.elided),
        "edits": [_edit(e) for e in m.edits],
    }


def _edit(e: Edit) -> dict[str, Any]:
    return {"kind": e.kind.value, "quote": e.quote, "source": e.source,
            "severity": e.severity.value}


def _snapshot(s: Snapshot | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "url": s.url,
        "final_url": s.final_url,
        "status": s.status,
        "content_type": s.content_type,
        "fetched_at": s.fetched_at.isoformat(),
        "sha256": s.sha256,
        "origin": s.origin.value,
    }


_ICONS = {Status.FOUND: "✔", Status.ALTERED: "≠", Status.MISSING: "✘", Status.UNVERIFIED: "?"}


def to_markdown(report: Report) -> str:
    counts = summary(report)
    lines = [
        f"# Provenance report: {_md(report.document.origin)}",
        "",
        f"{len(report.verdicts)} quotations checked: "
        + ", ".join(f"{n} {s}" for s, n in counts.items()),
        "",
        "| status | count |",
        "|---|---|",
        *(f"| {s} | {n} |" for s, n in counts.items()),
        "",
    ]
    for i, v in enumerate(report.verdicts, 1):
        lines += _verdict_md(i, v)
    if report.others:
        lines += ["## Terms and titles (not verified)", ""]
        lines += [f"- {q.kind.value} at {q.line}:{q.column}: “{_md(q.text)}”"
                  for q in report.others]
        lines.append("")
    return "\n".join(lines)


def _verdict_md(i: int, v: Verdict) -> list[str]:
    q, c = v.quote, v.quote.citation
    out = [
        f"## {i}. {_ICONS[v.status]} {v.status.value}: line {q.line}, column {q.column}",
        "",
        f"> {_md(q.text)}",
        "",
        f"- **Reason:** {_md(v.reason)}",
    ]
    if v.flags:
        out.append("- **Flags:** " + ", ".join(f.value for f in v.flags))
    if c is not None:
        named = ", ".join(_md(x) for x in (c.title, c.author, c.outlet) if x)
        date = c.date.isoformat() if c.date else ""
        out.append(f"- **Cites:** {named or _md(c.reference)} {date} ({c.how.value})".rstrip())
        if c.url:
            out.append(f"- **URL:** <{c.url}>")
    snap = v.source.snapshot if v.source else None
    if snap is not None:
        out.append(f"- **Capture:** {snap.fetched_at.isoformat()} · HTTP {snap.status} · "
                   f"{snap.origin.value} · sha256 `{snap.sha256[:16]}…`")
    if v.match is not None and v.status is not Status.MISSING:
        out.append(f"- **Source says:** “{_md(v.match.source_text)}”")
        for e in v.match.edits:
            out.append(f"  - {e.kind.value} ({e.severity.value}): "
                       f"“{_md(e.quote)}” → “{_md(e.source)}”")
        for gap in v.match.elided:
            out.append(f"  - elided: “{_md(gap)}”")
    if v.elsewhere:
        out.append(f"- **Found elsewhere:** <{v.elsewhere}>")
    out.append("")
    return out


def _md(text: str) -> str:
    # Quotes are untrusted: keep them from turning into markup or HTML in a renderer.
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


FORMATS: dict[str, tuple[str, Callable[[Report], str]]] = {
    "md": (".md", to_markdown),
    "json": (".json", to_json),
}

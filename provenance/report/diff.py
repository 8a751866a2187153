"""What changed between two JSON reports of the same document: verdicts, evidence, settings.

Verdicts are paired by their quotation's words (white space folded) and, for a passage
quoted more than once, by its order among those with the same words; so a re-run of an
edited document still pairs the quotes that stayed, wherever they moved.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.errors import ProvenanceError
from provenance.report.render import validate
from provenance.report.visible import visible

__all__ = ["Change", "ReportDiff", "diff_reports", "load_report"]


@dataclass(frozen=True, slots=True)
class Change:
    what: str  # added | removed | status | reason | flags | score | source-text | url | capture
    quote: str  # the quotation's words
    old: str | None = None
    new: str | None = None


@dataclass(frozen=True, slots=True)
class ReportDiff:
    old_document: str  # sha256
    new_document: str
    tool: tuple[str, str]  # versions, old and new
    settings: tuple[tuple[str, str | None, str | None], ...]  # key, old, new
    summary: tuple[tuple[str, int, int], ...]  # status, old count, new count (changed only)
    changes: tuple[Change, ...]

    @property
    def same(self) -> bool:
        """True when nothing this diff prints changed: the document, the tool's version,
        a setting, the verdicts or the evidence they rest on."""
        return (self.old_document == self.new_document and self.tool[0] == self.tool[1]
                and not self.settings and not self.summary and not self.changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "same": self.same,
            "document": {"old": self.old_document, "new": self.new_document},
            "tool": {"old": self.tool[0], "new": self.tool[1]},
            "settings": [{"key": k, "old": o, "new": n} for k, o, n in self.settings],
            "summary": [{"status": s, "old": o, "new": n} for s, o, n in self.summary],
            "changes": [{"what": c.what, "quote": c.quote, "old": c.old, "new": c.new}
                        for c in self.changes],
        }

    def to_text(self) -> str:
        lines = []
        if self.old_document != self.new_document:
            lines.append(f"document changed: sha256 {self.old_document[:12]}… → "
                         f"{self.new_document[:12]}…")
        if self.tool[0] != self.tool[1]:
            lines.append(f"tool: provenance {self.tool[0]} → {self.tool[1]}")
        lines += [f"setting {_one_line(k)}: {_one_line(o)} → {_one_line(n)}"
                  for k, o, n in self.settings]
        if self.summary:
            lines.append("summary: " + ", ".join(f"{s} {o} → {n}" for s, o, n in self.summary))
        for c in self.changes:
            quote = _short(c.quote)
            if c.what in ("added", "removed"):
                lines.append(f"{c.what}: {quote} ({c.new or c.old})")
            else:
                lines.append(f"{c.what}: {quote}: {_one_line(c.old)} → {_one_line(c.new)}")
        return "\n".join(lines or ["no changes"]) + "\n"


def load_report(path: Path) -> dict[str, Any]:
    """Read and check one JSON report; a clear ProvenanceError for anything else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProvenanceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProvenanceError(f"{path} is not a JSON report: {exc}") from exc
    try:
        validate(data)
    except ProvenanceError as exc:
        raise ProvenanceError(f"{path}: {exc}") from exc
    return data


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    old_v, new_v = _keyed(old["verdicts"]), _keyed(new["verdicts"])
    changes: list[Change] = []
    for key, v in old_v.items():
        if key not in new_v:
            changes.append(Change("removed", key[0], old=v["status"]))
    for key, v in new_v.items():
        if key not in old_v:
            changes.append(Change("added", key[0], new=v["status"]))
        else:
            changes += _verdict_changes(key[0], old_v[key], v)
    return ReportDiff(
        old_document=old["document"]["sha256"],
        new_document=new["document"]["sha256"],
        tool=(old["tool"]["version"], new["tool"]["version"]),
        settings=_settings(old, new),
        summary=tuple((s, n, new["summary"].get(s, 0)) for s, n in old["summary"].items()
                      if new["summary"].get(s, 0) != n),
        changes=tuple(changes),
    )


def _keyed(verdicts: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    seen: Counter[str] = Counter()
    out = {}
    for v in verdicts:
        words = " ".join(v["quote"]["text"].split())
        out[(words, seen[words])] = v
        seen[words] += 1
    return out


def _verdict_changes(quote: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out = []

    def differs(what: str, a: Any, b: Any) -> None:
        if a != b:
            out.append(Change(what, quote, None if a is None else str(a),
                              None if b is None else str(b)))

    differs("status", old["status"], new["status"])
    differs("reason", old["reason"], new["reason"])
    differs("flags", ", ".join(sorted(old["flags"])) or "none",
            ", ".join(sorted(new["flags"])) or "none")
    differs("url", (old["citation"] or {}).get("url"), (new["citation"] or {}).get("url"))
    om, nm = old["match"] or {}, new["match"] or {}
    differs("score", om.get("score"), nm.get("score"))
    differs("source-text", om.get("source_text"), nm.get("source_text"))
    differs("capture", _capture(old["snapshot"]), _capture(new["snapshot"]))
    return out


def _capture(snap: dict[str, Any] | None) -> str | None:
    if snap is None:
        return None
    return f"{snap['fetched_at']} sha256 {snap['sha256'][:12]}…"


# How a run got its pages, not how it judged them: an offline re-run or a --replay of a run
# differs from it here and nowhere else when it reproduces it. Whatever they do change (a
# page not in the cache, a new capture) shows in the verdicts and captures compared.
_RUN_MODE = frozenset({"offline", "refresh"})


def _settings(old: dict[str, Any], new: dict[str, Any]) -> tuple[tuple[str, str | None,
                                                                       str | None], ...]:
    a, b = old["manifest"]["settings"], new["manifest"]["settings"]
    return tuple((k, a.get(k), b.get(k)) for k in sorted((a.keys() | b.keys()) - _RUN_MODE)
                 if a.get(k) != b.get(k))


def _one_line(text: str | None) -> str | None:
    # What a report holds is untrusted: a control character or bidi override is shown as its
    # escape, never sent to the terminal.
    return None if text is None else " ".join(visible(text).split())


def _short(text: str, width: int = 60) -> str:
    text = " ".join(visible(text).split())
    return f"“{text}”" if len(text) <= width else f"“{text[: width - 1]}…”"

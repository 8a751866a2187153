"""The document against the original it declares: the report's `original` key (JSON) and
its section in Markdown. Nothing when the document declares none and none was given."""

from __future__ import annotations

from typing import Any

from provenance.model import Original, Report, SentenceChange

__all__ = ["original_dict", "original_markdown"]

HEADING = "The document against its original"
_SAYS = {
    "repost-faithful": "every sentence of the original is in the document, and nothing else",
    "repost-changed": "sentences were added, dropped or changed on the way",
    "translation": "in another language: paragraphs aligned by numbers, dates, names and "
                   "quoted passages, never word by word",
}


def original_dict(report: Report) -> dict[str, Any] | None:
    o = report.original
    if o is None:
        return None
    doc = report.document.text
    return {
        "url": o.url,
        "kind": o.kind.value,
        "languages": list(o.languages),
        "original_share": round(o.original_share, 3),
        "document_share": round(o.document_share, 3),
        "sentences": [{
            "change": s.change.value,
            "document": doc[s.document.start:s.document.end] if s.document else None,
            "original": o.text[s.original.start:s.original.end] if s.original else None,
            "edits": [{"kind": e.kind.value, "document": e.quote, "original": e.source,
                       "severity": e.severity.value} for e in s.edits],
        } for s in o.sentences],
        "paragraphs": [list(p) for p in o.paragraphs],
        "anchors": [{"kind": a.kind, "document": list(a.document), "original": list(a.original),
                     "paragraphs": list(a.paragraphs)} for a in o.anchors],
    }


def original_markdown(report: Report, md: Any, md_url: Any) -> list[str]:
    """The section in Markdown; ``md`` and ``md_url`` escape untrusted text and URLs as the
    rest of the Markdown report does."""
    data, o = original_dict(report), report.original
    if data is None or o is None:
        return []
    out = [f"## {HEADING}", "", f"- **Original:** <{md_url(o.url)}>",
           f"- **{o.kind.value}:** {_SAYS[o.kind.value]}",
           f"- **Coverage:** {_share(o.original_share)} of the original's "
           f"{_unit(o)} are in the document; {_share(o.document_share)} of the document's "
           f"come from the original"]
    counts = {c: sum(s["change"] == c.value for s in data["sentences"]) for c in SentenceChange}
    if any(counts.values()):
        out.append("- **Sentences:** " + ", ".join(f"{n} {c.value}" for c, n in counts.items()))
    out.append("")
    for s in data["sentences"]:
        words = s["document"] if s["change"] != "dropped" else s["original"]
        out.append(f"- {s['change']}: “{md(words or '')}”")
        out += [f"  - {e['kind']} ({e['severity']}): “{md(e['original'])}” → "
                f"“{md(e['document'])}”" for e in s["edits"]]
    for a in data["anchors"]:
        out.append(f"- paragraph {a['paragraphs'][0] + 1} ({a['kind']}): the document has "
                   f"{md(', '.join(a['document']) or 'none')}, the original "
                   f"{md(', '.join(a['original']) or 'none')}")
    out.append("")
    return out


def _share(x: float) -> str:
    return f"{round(100 * x)}%"


def _unit(o: Original) -> str:
    return "paragraphs" if o.kind.value == "translation" else "sentences"

"""The "Reused without quote marks" part of a report: the passages of the document that a
cited source also has, outside quote marks (``Report.reuse``), as JSON dicts and as
Markdown lines, and for the HTML page each passage's two sides with their edits marked."""

from __future__ import annotations

from typing import Any

from provenance.model import Report, Reuse, ReuseKind
from provenance.report.sides import sides

__all__ = ["HEADING", "reuse_dict", "reuse_dicts", "reuse_html", "reuse_markdown"]

HEADING = "Reused without quote marks"
_SAYS = {
    ReuseKind.UNCREDITED: "nothing in its paragraph credits the source",
    ReuseKind.CREDITED: "its paragraph cites the source",
    ReuseKind.QUOTED_ELSEWHERE: "the document quotes these words of the source in marks",
}


def reuse_dicts(report: Report) -> list[dict[str, Any]]:
    """Each passage: its class, the source's URL, where it stands in the document and its
    words, the words shared, and the source's side (as a verdict's ``match``)."""
    return [reuse_dict(report.document.text, r) for r in report.reuse]


def reuse_dict(text: str, r: Reuse) -> dict[str, Any]:
    m = r.match
    return {
        "kind": r.kind.value,
        "url": r.url,
        "start": r.span.start,
        "end": r.span.end,
        "text": r.span.slice(text),
        "shared": r.shared,
        "source": {
            "start": m.span.start, "end": m.span.end, "text": m.source_text,
            "edits": [{"kind": e.kind.value, "document": e.quote, "source": e.source,
                       "severity": e.severity.value,
                       "span": [e.span.start, e.span.end] if e.span else None}
                      for e in m.edits],
        },
        "says": _SAYS[r.kind],
        # The other sources holding a run of it: reported once, with its best source.
        "others": r.others,
        "also": list(r.also),
    }


def reuse_markdown(report: Report, md: Any, md_url: Any) -> list[str]:
    """The section in Markdown; ``md`` and ``md_url`` escape untrusted text and URLs as the
    rest of the Markdown report does. Nothing when no passage is reused."""
    if not report.reuse:
        return []
    counts = {k: sum(r.kind is k for r in report.reuse) for k in ReuseKind}
    out = [f"## {HEADING}", "",
           ", ".join(f"{n} {k.value}" for k, n in counts.items() if n), ""]
    text = report.document.text
    for i, d in enumerate((reuse_dict(text, r) for r in report.reuse), 1):  # one at a time
        src = d["source"]
        out += [f"### R{i}. {d['kind']}: {d['shared']} words shared with <{md_url(d['url'])}>",
                "", f"- {d['says']}",
                f"- **Document:** “{md(d['text'])}”",
                f"- **Source:** “{md(src['text'])}”"]
        out += [f"  - {e['kind']} ({e['severity']}): “{md(e['document'])}” → "
                f"“{md(e['source'])}”" for e in src["edits"]]
        if d["others"]:
            out.append(f"- **Also in** {_also(d, md_url)}")
        out.append("")
    return out


def _also(d: dict[str, Any], md_url: Any) -> str:
    """'3 other sources: <a>, <b>, <c>' (the first few named, all counted)."""
    n = d["others"]
    named = ", ".join(f"<{md_url(u)}>" for u in d["also"])
    more = " …" if n > len(d["also"]) else ""
    return f"{n} other source{'s' if n != 1 else ''}: {named}{more}"


def reuse_html(report: Report) -> list[dict[str, Any]]:
    """What the HTML page shows of each passage: the JSON's facts, and the two sides each in
    its own words with the words that differ marked."""
    out = []
    for d in reuse_dicts(report):
        doc, src = sides(d["text"], d["source"]["text"])
        out.append({**d, "document_pieces": doc, "source_pieces": src})
    return out

"""The document against the original it declares: the report's `original` key (JSON), its
section in Markdown, and what the HTML page shows of it. Nothing when the document declares
none and none was given."""

from __future__ import annotations

from typing import Any

from provenance.model import Original, Report, SentenceChange, Span
from provenance.report.sides import sides
from provenance.reuse.anchors import block_spans

__all__ = ["original_dict", "original_html", "original_markdown"]

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


_EXCERPT = 160  # characters of a paragraph shown in the alignment table


def original_html(report: Report) -> dict[str, Any] | None:
    """What the HTML page shows of the document against its original: the JSON's facts,
    each changed sentence side by side with its edits marked, and for a translation the
    paragraphs aligned and those whose numbers or dates disagree, both sides shown."""
    data, o = original_dict(report), report.original
    if data is None or o is None:
        return None
    doc = report.document.text
    counts = {c.value: sum(s["change"] == c.value for s in data["sentences"])
              for c in SentenceChange}
    sentences = []
    for s in data["sentences"]:
        pair = sides(s["document"], s["original"]) if s["change"] == "changed" else None
        sentences.append({**s, "sides": pair})
    dp, op = block_spans(doc), block_spans(o.text)

    def para(spans: list[Span], text: str, k: int, short: bool = False) -> str:
        words = spans[k].slice(text) if 0 <= k < len(spans) else ""
        return words[:_EXCERPT] + "…" if short and len(words) > _EXCERPT else words

    return {
        **data,
        "says": _SAYS[o.kind.value],
        "unit": _unit(o),
        "original_pct": _share(o.original_share),
        "document_pct": _share(o.document_share),
        "counts": {k: n for k, n in counts.items() if n},
        "sentences": sentences,
        "aligned": [{"document": i + 1, "original": j + 1, "document_text": para(dp, doc, i, True),
                     "original_text": para(op, o.text, j, True)} for i, j in o.paragraphs],
        "clashes": [{**a, "document_paragraph": a["paragraphs"][0] + 1,
                     "original_paragraph": a["paragraphs"][1] + 1,
                     "document_text": para(dp, doc, a["paragraphs"][0]),
                     "original_text": para(op, o.text, a["paragraphs"][1])}
                    for a in data["anchors"]],
    }

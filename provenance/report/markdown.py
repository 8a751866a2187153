"""The Markdown report: for reading and pasting.

Everything from the document or a fetched page is untrusted: it is escaped so it cannot
turn into markup, and its control characters and bidi controls are written as visible
escapes (see ``visible``). A Markdown link the document wrote inside a quote reads as its
link text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TextIO

from provenance.model import CitationHow, Flag, Report, Status, StepKind, Verdict
from provenance.report.kept import ShortKept
from provenance.report.original import original_markdown
from provenance.report.render import Links, needs_attention, report_links, summary
from provenance.report.reused import reuse_markdown
from provenance.report.translated import tie_for
from provenance.report.visible import visible
from provenance.report.wording import cited_as, link_pieces, utc

__all__ = ["to_markdown", "write_markdown"]

_ICONS = {Status.FOUND: "✔", Status.ALTERED: "≠", Status.MISSING: "✘", Status.UNVERIFIED: "?"}
_SPACE = re.compile(r"\s+")


def to_markdown(report: Report) -> str:
    stream = io.StringIO()
    write_markdown(report, stream)
    return stream.getvalue()


def write_markdown(report: Report, stream: TextIO) -> None:
    """The Markdown report written to ``stream`` a section at a time (each verdict is one):
    a report of 20,000 quotations is never held whole as lines or as text."""
    first = True
    for lines in _sections(report):
        if lines:  # the lines of all sections joined by line breaks, as one text would be
            stream.write("\n".join(lines) if first else "\n" + "\n".join(lines))
            first = False


def _sections(report: Report) -> Iterator[list[str]]:
    counts = summary(report)
    yield [
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
    for i, (v, link) in enumerate(zip(report.verdicts, report_links(report), strict=True), 1):
        yield _verdict_md(i, v, link)
    if report.others:
        seen = dict(report.term_sources)
        yield ["## Terms and titles (not verified)", "",
               *(f"- {q.kind.value} at {q.line}:{q.column}: “{_excerpt(q.text)}”"
                 + (f" (its words stand in <{_md_url(seen[q.span])}>)" if q.span in seen
                    else "")
                 for q in report.others),
               ""]
    yield reuse_markdown(report, _md, _md_url)
    yield original_markdown(report, _md, _md_url)


def _icon(v: Verdict) -> str:
    """A found quote that needs a look is marked as such, not ticked."""
    return "⚠" if needs_attention(v.status, v.flags) and v.status is Status.FOUND \
        else _ICONS[v.status]


def _verdict_md(i: int, v: Verdict, link: Links) -> list[str]:
    q, c = v.quote, v.quote.citation
    out = [
        f"## {i}. {_icon(v)} {v.status.value}: line {q.line}, column {q.column}",
        "",
        f"> {_excerpt(q.text)}",
        "",
        f"- **Reason:** {_md(v.reason)}",
    ]
    if v.flags:
        out.append("- **Flags:** " + ", ".join(f.value for f in v.flags))
    if c is not None:
        label = _md(cited_as(c))
        label = label[:1].upper() + label[1:]
        given = c.how in (CitationHow.URL, CitationHow.FOOTNOTE) \
            or any(s.step is StepKind.URL for s in c.resolution)
        if c.url and given:
            out.append(f"- {label}: <{_md_url(c.url)}>")
        elif c.url:
            out.append(f"- {label}; found at <{_md_url(c.url)}>")
        else:
            out.append(f"- {label}")
    if link.live and link.fragment:
        out.append(f"- **Open at the passage:** <{_md_url(link.live)}>")
    if link.archive:
        out.append(f"- **Archived copy:** <{_md_url(link.archive)}>")
    if link.original and link.version_date:
        version = f" · version <{_md_url(link.version)}>" if link.version else ""
        out.append(f"- **Robust Link:** original <{_md_url(link.original)}>{version}"
                   f" · captured {link.version_date}")
    snap = v.source.snapshot if v.source else None
    if snap is not None:
        out.append(f"- **Capture:** {utc(snap.fetched_at)} · HTTP {snap.status} · "
                   f"{snap.origin.value} · sha256 `{snap.sha256[:16]}…`")
    out += _passage_md(v)
    if v.elsewhere:
        out.append(f"- **Found elsewhere:** <{_md_url(v.elsewhere)}>")
    out.append("")
    return out


def _passage_md(v: Verdict) -> list[str]:
    """The source's side: its words and every difference (found, altered), the closest
    passage (missing), or for a translation the passage tied to it, never a word diff."""
    m = v.match
    if Flag.TRANSLATED in v.flags:
        tie = tie_for(v)
        if tie is None:
            return ["- **Source passage:** none shown: no passage of the source holds enough "
                    "of the quote's names, numbers and dates to tie it to one place"]
        return [f"- **Source passage tied to it** (shares with the quote: "
                f"{_md(', '.join(tie.shared))}): “{_md(tie.text)}”"]
    if m is None:
        return []
    if v.status is Status.MISSING:
        if not m.source_text.strip():
            return []
        return [f"- **Closest passage** (scores {m.score:.0f} of 100): “{_md(m.source_text)}”"]
    if v.status not in (Status.FOUND, Status.ALTERED):
        return []
    out = [f"- **Source says:** “{_md(m.source_text)}”"]
    out += [f"  - {e.kind.value} ({e.severity.value}): “{_md(e.quote)}” → “{_md(e.source)}”"
            for e in m.edits]
    out += [f"  - elided: “{_md(gap)}”" for gap in m.elided if gap.strip()]
    return out


def _excerpt(text: str) -> str:
    """Document text: escaped, with each Markdown link written as a link of its own words
    (only web addresses stay links)."""
    out = []
    for piece in link_pieces(text):
        words = _md_run(piece.text)
        if piece.href and piece.href.lower().startswith(("http://", "https://")):
            out.append(f"[{words}](<{_md_url(piece.href)}>)")
        else:
            out.append(words)
    return "".join(out).strip()


def _md(text: str) -> str:
    return _md_run(text).strip()


def _escape(text: str) -> str:
    # Quotes are untrusted: keep them from turning into markup or HTML in a renderer.
    text = _SPACE.sub(" ", visible(text))
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


_md_run = ShortKept(_escape)  # escaped, not stripped: runs are joined


def _md_url(url: str) -> str:
    # An autolink ends at the first space or ">": encode them so a URL stays one link.
    url = visible(url)
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")

"""Render a Report as Markdown (for reading) and JSON (schema provenance-report/1).

The HTML page and the Web Annotations live in their own modules; ``formats`` names them all.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import platform
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, TextIO

from provenance.errors import ProvenanceError
from provenance.mementos import embedded_original, memento_datetime, original_of
from provenance.model import (
    Citation,
    Edit,
    Flag,
    Match,
    Origin,
    Problem,
    Quote,
    Report,
    Snapshot,
    Span,
    Status,
    Verdict,
)
from provenance.report.fragments import text_directive, with_fragment
from provenance.report.original import original_dict
from provenance.report.reused import reuse_dict
from provenance.report.translated import tie_for
from provenance.report.wording import utc
from provenance.version import __version__

SCHEMA = "provenance-report/1"


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema of provenance-report/1, shipped in the package."""
    text = (files("provenance") / "schema" / "provenance-report-1.json").read_text("utf-8")
    return json.loads(text)


def validate(data: Any) -> None:
    """Raise ProvenanceError naming the first place where ``data`` breaks the schema."""
    # Imported here: jsonschema is a tenth of a second to import and only reading a report
    # back (diff, replay, tests) validates one; writing a report does not.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(json_schema(),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    error = best_match(validator.iter_errors(data))  # descends into anyOf to the real fault
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise ProvenanceError(f"not a {SCHEMA} report: at {where}: {error.message}")


def summary(report: Report) -> dict[str, int]:
    return report.summary


def to_dict(report: Report) -> dict[str, Any]:
    data = _lazy_dict(report)
    for key in ("verdicts", "reuse"):
        data[key] = list(data[key])
    return data


class _Verdicts:
    """The verdicts' dicts made one at a time as ``write_json`` walks them."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __len__(self) -> int:
        return len(self.report.verdicts)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        pairs = zip(self.report.verdicts, report_links(self.report), strict=True)
        for i, (v, link) in enumerate(pairs, 1):
            yield _verdict(v, i, link)


class _Reused(_Verdicts):
    """The reused passages' dicts, made one at a time too: a large document has hundreds of
    thousands."""

    def __len__(self) -> int:
        return len(self.report.reuse)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        text = self.report.document.text
        return (reuse_dict(text, r) for r in self.report.reuse)


def _lazy_dict(report: Report) -> dict[str, Any]:
    doc = report.document
    return {
        "schema": SCHEMA,
        "tool": {"name": "provenance", "version": __version__},
        "created_at": report.created_at.isoformat() if report.created_at else None,
        "document": {"origin": doc.origin, "format": doc.format, "sha256": doc.sha256,
                     "sources": [_citation(c) for c in report.sources]},
        "summary": summary(report),
        "verdicts": _Verdicts(report),
        "others": _others(report),
        "reuse": _Reused(report),
        **({"original": o} if (o := original_dict(report)) is not None else {}),
        "manifest": manifest(report),
    }


def _others(report: Report) -> list[dict[str, Any]]:
    """The terms and titles; a term whose words stand in one of the document's sources says
    which (``seen_in``)."""
    seen = dict(report.term_sources)
    return [{**_quote(q), "seen_in": seen[q.span]} if q.span in seen else _quote(q)
            for q in report.others]


# Without an indent, and asked for whole values, the json module encodes in C: several times
# faster than the indenting encoder, which is pure Python and was a quarter of a warm check.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def to_json(report: Report) -> str:
    stream = io.StringIO()
    write_json(report, stream)
    return stream.getvalue()


def write_json(report: Report, stream: TextIO) -> None:
    """The JSON report written to ``stream`` piece by piece: one top-level key a line, and
    one verdict a line, each encoded as it comes, so a report of 20,000 quotations is never
    held whole, as dicts or as text."""
    stream.write("{")
    for n, (key, value) in enumerate(_lazy_dict(report).items()):
        stream.write(f'{"," if n else ""}\n{_ENCODE(key)}: ')
        if isinstance(value, _Verdicts):
            stream.write("[")
            for i, verdict in enumerate(value):
                stream.write(("," if i else "") + "\n" + _ENCODE(verdict))
            stream.write("\n]" if len(value) else "]")
        else:
            stream.write(_ENCODE(value))
    stream.write("\n}\n")


def manifest(report: Report) -> dict[str, Any]:
    """What a later run needs to reproduce this report from the cache: the tool, the
    settings, the document's digest, and every capture the verdicts rest on."""
    doc = report.document
    return {
        "tool": {"name": "provenance", "version": __version__},
        "python": platform.python_version(),
        "settings": dict(report.manifest),
        "document": {"origin": doc.origin, "format": doc.format, "sha256": doc.sha256},
        "captures": [_capture(s) for s in captures(report)],
    }


def captures(report: Report) -> tuple[Snapshot, ...]:
    """Every capture used by a verdict, once each, in the order first used."""
    seen: dict[tuple[str, str, str], Snapshot] = {}
    for v in report.verdicts:
        snap = v.source.snapshot if v.source else None
        if snap is not None:
            seen.setdefault((snap.url, snap.sha256, snap.fetched_at.isoformat()), snap)
    return tuple(seen.values())


def _capture(s: Snapshot) -> dict[str, Any]:
    return {
        "url": s.url,
        "final_url": s.final_url,
        "fetched_at": s.fetched_at.isoformat(),
        "sha256": s.sha256,
        "status": s.status,
        "origin": s.origin.value,
        "warc": s.warc,
        "memento_datetime": _iso(memento_datetime(s.headers)),
    }


def _iso(when: dt.datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


@dataclass(frozen=True, slots=True)
class Links:
    """Where a person can check a verdict: the live page opened at the passage, and the
    archived copy when the capture came from a web archive."""

    page: str | None = None  # the live page's address, before the text directive
    archived: str | None = None  # the archived copy's, before it
    fragment: str | None = None  # the text directive alone, as it follows ":~:text="
    # A Robust Link (robustlinks.mementoweb.org/spec): the original resource, the snapshot
    # read (an archived copy, when the capture came from one) and when it was taken (UTC).
    original: str | None = None
    version: str | None = None
    version_date: str | None = None

    # The addresses with the directive are made when asked for, not held beside it: a
    # large report's links took twice the memory of their directives so.
    @property
    def live(self) -> str | None:
        """The live page opened at the passage."""
        return with_fragment(self.page, self.fragment) if self.page else None

    @property
    def archive(self) -> str | None:
        """The archived copy opened at the passage."""
        return with_fragment(self.archived, self.fragment) if self.archived else None


_last: list[tuple[Report, tuple[Links, ...]]] = []  # the latest report's links
_last_lock = threading.Lock()


def report_links(report: Report) -> tuple[Links, ...]:
    """The links of each verdict of ``report``, in order, computed once per report: every
    format asks for them. Verdicts are taken page by page, so each page's text is folded
    once for all the quotes on it (``fragments`` keeps the folding for later reports)."""
    with _last_lock:
        if _last and _last[0][0] is report:
            return _last[0][1]
    order = sorted(range(len(report.verdicts)), key=lambda i: _page_key(report.verdicts[i]))
    got: list[Links | None] = [None] * len(report.verdicts)
    for i in order:
        got[i] = links(report.verdicts[i])
    result = tuple(link for link in got if link is not None)
    with _last_lock:
        _last[:] = [(report, result)]
    return result


def _page_key(v: Verdict) -> int:
    text = v.source.text if v.source else None
    return id(text.main) if text is not None else 0


def links(v: Verdict) -> Links:
    source = v.source
    snap = source.snapshot if source else None
    citation = source.citation if source else v.quote.citation
    page = citation.url if citation else None
    archive = None
    if snap is not None:
        if snap.origin is Origin.ARCHIVE:
            archive = snap.final_url
            page = page or snap.url
        else:
            page = snap.final_url or page
    directive = None
    if Flag.TRANSLATED in v.flags:
        # Never the cross-language alignment, which lands anywhere: only a passage the
        # quote's names, numbers and dates tie it to.
        tie = tie_for(v)
        if tie is not None and source and source.text:
            directive = text_directive(source.text.main, tie.span,
                                       page=source.text.full or None)
    elif v.match is not None and v.status is not Status.MISSING and source and source.text:
        searched = source.text.full if v.match.outside_body else source.text.main
        if _fits(v.match.span, searched):
            directive = text_directive(searched, v.match.span, page=source.text.full or None)
    live, archived = _web(page), _web(archive)
    original = _web(snap.url if snap is not None and snap.origin is Origin.ARCHIVE else page)
    taken = snap.fetched_at if snap is not None else None
    if snap is not None and snap.origin is Origin.ARCHIVE:
        # A memento names its original page and says when the archive took it (RFC 7089):
        # the Robust Link's original and version date, rather than the copy's URL and the
        # time it was read. A copy that does not say may carry it in its address.
        original = (_web(original_of(snap.headers)) or _web(embedded_original(snap.url))
                    or original)
        taken = memento_datetime(snap.headers) or taken
    return Links(
        page=live,
        archived=archived,
        fragment=directive.encode() if directive else None,
        original=original,
        version=archived if original else None,
        version_date=utc(taken) if original and taken is not None else None,
    )


def _fits(span: Span, text: str) -> bool:
    return 0 <= span.start < span.end <= len(text)


def _web(url: str | None) -> str | None:
    """``url`` when it is a web address, its scheme in lower case ("HTTP://a" is
    "http://a"); None for anything else: a document may cite javascript: or data: URLs,
    and only web addresses become links."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    scheme, _, rest = url.partition("://")
    if scheme.islower():  # the address itself, not a copy held by each verdict's links
        return url
    return f"{scheme.lower()}://{rest}"


def _verdict(v: Verdict, number: int, link: Links) -> dict[str, Any]:
    snap = v.source.snapshot if v.source else None
    return {
        "id": f"q{number}",
        "page": _page(v),
        "links": {"live": link.live, "archive": link.archive, "text_fragment": link.fragment,
                  "original": link.original, "version": link.version,
                  "version_date": link.version_date},
        "quote": _quote(v.quote),
        "citation": _citation(v.quote.citation),
        "status": v.status.value,
        "reason": v.reason,
        "flags": [f.value for f in v.flags],
        "match": _match(v.match),
        "snapshot": _snapshot(snap),
        "elsewhere": v.elsewhere,
        **({"translation": _translation(v)} if Flag.TRANSLATED in v.flags else {}),
    }


def _translation(v: Verdict) -> dict[str, Any] | None:
    """For a translated quote: the source passage its names, numbers and dates tie it to,
    or None when no passage stands out (then ``match`` is only the alignment across
    languages, which says nothing)."""
    tie = tie_for(v)
    if tie is None:
        return None
    return {"source_text": tie.text, "start": tie.span.start, "end": tie.span.end,
            "shared": list(tie.shared)}


def _page(v: Verdict) -> dict[str, Any] | None:
    """What was read of the cited work: its own metadata, or why it could not be read."""
    source = v.source
    if source is None:
        return None
    text = source.text
    return {
        "title": text.title if text else None,
        "date": text.date.isoformat() if text and text.date else None,
        "author": text.author if text else None,
        "language": text.language if text else None,
        "problem": _sentence(source.problem or (text.problem if text else None)),
    }


def _sentence(problem: Problem | None) -> str | None:
    return problem.sentence if problem is not None else None


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
        "speaker": q.speaker,
        "start": q.span.start,
        "end": q.span.end,
        "locations": [[s.start, s.end] for s in q.locations],
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
        "resolution": [step.sentence for step in c.resolution],
        "key": c.key,
        "language": c.language,
        "candidates": list(c.candidates),
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
            "severity": e.severity.value,
            "span": [e.span.start, e.span.end] if e.span else None}


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
        "warc": s.warc,
        "memento_datetime": _iso(memento_datetime(s.headers)),
    }



# Flags that ask for a look at a quote found verbatim: it is there, but maybe not as the
# document presents it. (elided only says how it was quoted.)
LOOK_AGAIN = frozenset({Flag.OUTSIDE_BODY, Flag.DATE_MISMATCH, Flag.PAGE_CHANGED,
                        Flag.NEGATED_CONTEXT, Flag.SPEAKER_MISMATCH})


def needs_attention(status: Status, flags: Iterable[Flag]) -> bool:
    """Whether a reader should look at a verdict: all but those found with nothing to
    look at."""
    return status is not Status.FOUND or not LOOK_AGAIN.isdisjoint(flags)

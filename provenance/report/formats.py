"""Every report format by name: its file suffix and the function that renders it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from provenance.model import Report

# Each format's renderer loads on first use: a command that only names the formats (checks
# the --format option, finds the reports a batch left) loads none of them.


def _to_markdown(report: Report) -> str:
    from provenance.report.markdown import to_markdown

    return to_markdown(report)


def _write_markdown(report: Report, out: TextIO) -> None:
    from provenance.report.markdown import write_markdown

    write_markdown(report, out)


def _to_json(report: Report) -> str:
    from provenance.report.render import to_json

    return to_json(report)


def _write_json(report: Report, out: TextIO) -> None:
    from provenance.report.render import write_json

    write_json(report, out)


def _to_html(report: Report) -> str:
    from provenance.report.html import to_html  # jinja2 is loaded only when asked for

    return to_html(report)


def _to_annotations(report: Report) -> str:
    from provenance.report.annotations import to_annotations

    return to_annotations(report)


def _to_claimreview(report: Report) -> str:
    from provenance.report.claimreview import to_claimreview

    return to_claimreview(report)


def _to_csl(report: Report) -> str:
    from provenance.report.csl import to_csl

    return to_csl(report)


FORMATS: dict[str, tuple[str, Callable[[Report], str]]] = {
    "md": (".md", _to_markdown),
    "json": (".json", _to_json),
    "html": (".html", _to_html),
    "annotations": (".annotations.jsonld", _to_annotations),
    "claimreview": (".claimreview.jsonld", _to_claimreview),
    "csl": (".csl.json", _to_csl),
}

# The formats written to their file piece by piece, as they are made: a large document's
# report is never held whole as text (20,000 quotations make tens of megabytes of it).
WRITERS: dict[str, Callable[[Report, TextIO], None]] = {
    "md": _write_markdown,
    "json": _write_json,
}

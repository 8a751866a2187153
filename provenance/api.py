"""The library: check a document, list its quotes, open a cache, write reports.

The CLI is a thin layer over these functions; so are the tests and benchmarks that run
the whole tool. Like ``pipeline``, this module meets every stage: it assembles the edges
(documents, the fetcher stack, the cache, report files) around ``pipeline.verify``.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from provenance.cache.fetcher import CachedFetcher, open_fetcher
from provenance.cache.store import SnapshotCache
from provenance.citations.attribute import attribute, find_citations
from provenance.document import lower_scheme, parse_document, read_document
from provenance.errors import DocumentError, FetchError, ProvenanceError, write_failure
from provenance.model import Document, Fetcher, Origin, Progress, Quote, Report, Snapshot
from provenance.pipeline import verify
from provenance.quotes.find import find_quotes
from provenance.report.formats import FORMATS, WRITERS
from provenance.report.whole_files import replace_file, replace_text, spare_files
from provenance.resolve.sources import needs_source, unresolved_template
from provenance.settings import Settings
from provenance.text.extract import content_kind

DocumentInput = Document | Path | str


def check(document: DocumentInput, *, sources: str | Path | None = None,
          offline: bool = False, cache: str | Path = "cache", settings: Settings | None = None,
          fetcher: Fetcher | None = None, progress: Progress | None = None) -> Report:
    """Check every quotation in ``document`` against the work it cites.

    ``document`` is a ``Document``, a path, an ``http(s)://`` URL, or the text itself.
    ``settings`` gives every knob; ``sources``, ``offline`` and ``cache`` override its
    fields of the same meaning when given. ``fetcher`` replaces the network (the cache
    still keeps what it returns); by default pages come from the web through the cache.
    ``progress`` is told of each page fetched, retried or waited for (a ``ProgressEvent``).
    """
    settings = _settings(settings, sources=sources, offline=offline, cache=cache)
    cached, snapshots = open_fetcher(settings, network=fetcher, progress=progress,
                                     cache=_process_cache(settings.cache_dir))
    with cached:
        doc = load_document(document, cached)
        return verify(doc, settings, cached, snapshots, progress=progress)


# A batch checked one document per call reads one cache: its object, and so its index's
# connection, is kept for the process instead of opened and closed for each document (the
# connection follows a fork, and reopens when the index file is replaced). The few caches
# used last stay open; the others, and those at exit, are closed, which writes each index's
# log back into its file.
_CACHES: dict[Path, SnapshotCache] = {}
_KEPT = 4


def _process_cache(root: Path) -> SnapshotCache:
    key = Path(os.path.abspath(root))
    found = _CACHES.pop(key, None)
    if found is None:
        found = SnapshotCache(root)
        while len(_CACHES) >= _KEPT:
            _CACHES.pop(next(iter(_CACHES))).close()  # the one used longest ago
    _CACHES[key] = found  # (last in order: used last)
    return found


def _close_caches() -> None:
    for cache in _CACHES.values():
        cache.close()
    _CACHES.clear()


atexit.register(_close_caches)


def quotes(document: DocumentInput, *, settings: Settings | None = None) -> list[Quote]:
    """Every quotation, term and title in ``document``, each tied to the work it cites.
    Nothing is fetched but the document itself when it is a URL."""
    settings = settings or Settings()
    if isinstance(document, str) and _is_url(document):
        with open_fetcher(settings)[0] as fetcher:
            doc = load_document(document, fetcher)
    else:
        doc = load_document(document, None)
    return list(attribute(doc, find_quotes(doc), find_citations(doc)))


def open_cache(path: str | Path = "cache") -> SnapshotCache:
    """The evidence cache at ``path`` (a folder; made on first write)."""
    return SnapshotCache(Path(path))


def load_document(document: DocumentInput, fetcher: CachedFetcher | None) -> Document:
    """A ``Document`` as is; a path read from disk; a URL through the fetcher, so it is
    evidence too, and so is a PDF file (stored as an imported capture: PDFs are what people
    cite and replace); any other string is the document's own text."""
    if isinstance(document, Document):
        return document
    if isinstance(document, str) and _is_url(document):
        if fetcher is None:
            raise DocumentError(f"cannot read the document {document}: no fetcher")
        return _fetch_document(document, fetcher)
    if isinstance(document, Path) or _is_path(document):
        doc = read_document(document)
        if doc.format == "pdf" and fetcher is not None:
            _keep_document(Path(document), fetcher.cache)
        return doc
    return parse_document(document.encode("utf-8"), "text", "md")


def document_input(where: str) -> str | Path:
    """What a command line's DOC names: a URL, or else a path (never the text itself)."""
    return where if _is_url(where) else Path(where)


def _is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _is_path(text: str) -> bool:
    # A document's text has line breaks or is long; a path is one short line. A line that
    # names no file is taken as a path only when it looks like one (it then gives "no such
    # file"), so a typo in a file name is not checked as a one-line document.
    if "\n" in text or len(text) > 4096:
        return False
    return Path(text).exists() or Path(text).suffix.lower() in {".txt", ".md", ".html",
                                                                 ".htm", ".pdf", ".markdown"}


def _fetch_document(where: str, fetcher: CachedFetcher) -> Document:
    try:
        snap = fetcher.fetch(lower_scheme(where))  # "HTTP://…" is fetched and kept as http://
    except FetchError as exc:
        raise DocumentError(f"cannot read the document: {exc}") from exc
    if snap.status >= 400:
        raise DocumentError(f"cannot read the document {where}: HTTP {snap.status}")
    kind = content_kind(snap)  # sniffed: servers mislabel PDFs and pages
    if kind is None:
        raise DocumentError(f"cannot read the document {where}: unsupported type "
                            f"{snap.content_type or 'unknown'}")
    fmt = {"pdf": "pdf", "html": "html"}.get(kind, "txt")
    if kind == "text" and snap.content_type.split(";")[0].strip().lower() == "text/markdown":
        fmt = "md"
    return parse_document(snap.body, where, fmt)


def _keep_document(path: Path, cache: SnapshotCache) -> None:
    body = path.read_bytes()
    url = path.resolve().as_uri()
    digest = hashlib.sha256(body).hexdigest()
    if any(c.sha256 == digest for c in cache.index(url)):
        return
    cache.store(Snapshot(
        url=url, final_url=url, status=200, content_type="application/pdf",
        fetched_at=dt.datetime.now(dt.UTC), sha256=digest, body=body,
        headers=(("Content-Type", "application/pdf"),), origin=Origin.IMPORT))


def writing_reports() -> contextlib.AbstractContextManager[None]:
    """A block of many ``write_reports`` (a batch's group of documents): a report written
    over an earlier one takes that file's place, with one spare file a folder, rather than
    making a file each (``report.whole_files``)."""
    return spare_files()


def write_reports(report: Report, out: str | Path = "reports",
                  formats: Iterable[str] = ("md", "json"), *, name: str | None = None
                  ) -> list[Path]:
    """Write ``report`` to ``out`` in each of ``formats`` (md, json, html, annotations), and
    beside it the works no step could find as a sources file to fill in. Returns the paths.
    The files are named for the document (``story.md`` gives ``story.json``) unless ``name``
    gives their stem."""
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ProvenanceError(f"unknown report format {unknown[0]!r}: use {', '.join(FORMATS)}")
    out = Path(out)
    try:
        with spare_files():  # one spare file for every format's report (and a batch's)
            return _write_reports(report, out, formats, name)
    except OSError as exc:  # a full disk, a folder removed during the run
        raise ProvenanceError(f"cannot write the reports of {report.document.origin} to "
                              f"{out}: {write_failure(exc)}") from None


def _write_reports(report: Report, out: Path, formats: tuple[str, ...],
                   name: str | None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    stem = name or report_stem(report.document.origin)
    written = []
    for fmt in formats:
        suffix, render = FORMATS[fmt]
        if fmt in WRITERS:  # streamed: a large report is never held whole as text
            written.append(_stream(out / f"{stem}{suffix}", report, WRITERS[fmt]))
        else:
            written.append(replace_text(out / f"{stem}{suffix}", render(report)))
    # The works no step could find, as a sources file the user fills in and passes back.
    template = out / f"{stem}.sources.toml"
    unresolved = [v.quote.citation for v in report.verdicts
                  if v.quote.citation and needs_source(v.quote.citation)]
    if unresolved:
        quoted: dict[str, list[str]] = {}
        for v in report.verdicts:
            if v.quote.citation:
                quoted.setdefault(v.quote.citation.key, []).append(v.quote.text)
        written.append(replace_text(template, unresolved_template(unresolved, quoted)))
    else:
        template.unlink(missing_ok=True)  # a stale template would list works now found
    return written


def _stream(path: Path, report: Report, write: Callable[[Report, TextIO], None]) -> Path:
    return replace_file(path, lambda stream: write(report, stream))


def report_stem(origin: str) -> str:
    """The file name (without suffix) of a document's reports."""
    if _is_url(origin):
        tail = origin.split("://", 1)[1].rstrip("/")
        return "".join(c if c.isalnum() or c in "-_." else "_" for c in tail)[:120] or "document"
    return Path(origin).stem or "document"


def _settings(settings: Settings | None, *, sources: str | Path | None, offline: bool,
              cache: str | Path) -> Settings:
    # A batch calls ``check`` once a document with the same arguments: the settings they
    # make are made once (Settings are frozen; an unhashable argument is made each time).
    try:
        return _settings_of(settings, sources, offline, cache)
    except TypeError:
        return _made_settings(settings, sources, offline, cache)


@functools.lru_cache(maxsize=16)
def _settings_of(settings: Settings | None, sources: str | Path | None, offline: bool,
                 cache: str | Path) -> Settings:
    return _made_settings(settings, sources, offline, cache)


def _made_settings(settings: Settings | None, sources: str | Path | None, offline: bool,
                   cache: str | Path) -> Settings:
    settings = settings or Settings()
    if sources is not None:
        settings = dataclasses.replace(settings, sources_file=Path(sources))
    if offline:
        settings = dataclasses.replace(settings, offline=True)
    if Path(cache) != Path("cache"):
        settings = dataclasses.replace(settings, cache_dir=Path(cache))
    return settings

"""verify(): the one place where the stages meet."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from provenance.cache.store import SnapshotCache
from provenance.citations.attribute import attribute, find_citations
from provenance.citations.document_sources import document_sources
from provenance.errors import CacheError, FetchError, FetchFailure, internal_error
from provenance.fetch.schedule import Schedule, fetch_many
from provenance.judge import (
    CaptureText,
    FlagContext,
    PageStore,
    cached_candidates,
    find_elsewhere,
    flag,
    judge,
)
from provenance.match import best_match, verbatim
from provenance.model import (
    Citation,
    CitationHow,
    Document,
    EditKind,
    Fetcher,
    Flag,
    Original,
    Outcome,
    PageText,
    Problem,
    ProblemKind,
    Progress,
    Quote,
    QuoteKind,
    Report,
    ResolutionStep,
    Reuse,
    Snapshot,
    Source,
    Span,
    Status,
    StepKind,
    Verdict,
)
from provenance.quotes.find import find_quotes
from provenance.quotes.speakers import other_speaker
from provenance.resolve.outlets import OutletRegistry
from provenance.resolve.pages import GONE
from provenance.resolve.resolver import Resolver
from provenance.resolve.sources import SourceEntry, read_user_files
from provenance.reuse import ReuseSource, compare_original, find_reuse
from provenance.reuse.cached import pages_to_search
from provenance.settings import Settings, verdict_settings
from provenance.text.extract import EXTRACTOR, extract_text

log = logging.getLogger(__name__)


def verify(document: Document, settings: Settings, fetcher: Fetcher,
           cache: SnapshotCache | None = None, resolver: Resolver | None = None,
           progress: Progress | None = None) -> Report:
    """Check every quotation in ``document`` against the work it cites; ``progress`` hears
    how the fetching of the cited pages goes."""
    # The cache's index is asked whether it changed once for the document, not at each of
    # the dozens of answers the check reads from it (its own writes are seen at once).
    with cache.steady() if cache is not None else contextlib.nullcontext():
        return _verify(document, settings, fetcher, cache, resolver, progress)


def _verify(document: Document, settings: Settings, fetcher: Fetcher,
            cache: SnapshotCache | None, resolver: Resolver | None,
            progress: Progress | None) -> Report:
    citations = find_citations(document)
    quotes = attribute(document, find_quotes(document), citations)
    quotations = tuple(q for q in quotes if q.kind is QuoteKind.QUOTATION)
    others = tuple(q for q in quotes if q.kind is not QuoteKind.QUOTATION)

    resolver = resolver or make_resolver(settings, fetcher)
    resolved = _resolve_all(quotations, resolver)
    sources = _read_sources(resolved, fetcher, cache, resolver, progress)

    context = _flag_context(settings, cache)
    # Checked page by page (the verdicts stay in document order): a page is prepared for
    # searching once while its quotes are checked, however many pages the document cites.
    cited = [sources.get(q.citation.key) if q.citation else None for q in quotations]
    checked: dict[int, Verdict] = {}
    for i in sorted(range(len(quotations)), key=lambda i: _page_order(cited[i])):
        quote, source = quotations[i], cited[i]
        quote = replace(quote, citation=source.citation) if source else quote
        checked[i] = _checked(quote, source, settings, context)
    verdicts = [checked[i] for i in range(len(quotations))]
    # A quote not in its cited work may be in another one: the document's other sources and
    # every page in the cache are searched (misattribution), as they are for the words of a
    # quote with no page cited for it.
    texts = {s.citation.url: s.text for s in sources.values() if s.citation.url and s.text}
    digests = {s.citation.url: s.snapshot.sha256 for s in sources.values()
               if s.citation.url and s.snapshot is not None}
    pages = (cache.pages(EXTRACTOR, functools.partial(_first_read, cache, settings=settings))
             if cache else None)
    try:
        verdicts = list(find_elsewhere(verdicts, texts, (), settings, store=pages,
                                       digests=digests))
    except Exception as exc:  # a fault of ours: the verdicts stand as judged
        internal_error("looking for quotes in other sources", exc)
    reused = _reuse(document, quotes, sources, verdicts, settings, pages)
    declared = document_sources(document, citations)
    original = _original(document, declared, sources, fetcher, cache, settings, progress)
    return Report(
        document=document,
        verdicts=tuple(verdicts),
        others=others,
        created_at=dt.datetime.now(dt.UTC),
        manifest=_manifest(settings),
        term_sources=_term_sources(others, texts),
        sources=declared,
        reuse=reused,
        original=original,
    )


# A batch's documents share their settings (frozen): their manifest is made once.
_manifest = functools.lru_cache(maxsize=16)(verdict_settings)


def _page_order(source: Source | None) -> str:
    return source.citation.url or "" if source is not None else ""


def _reuse(document: Document, quotes: tuple[Quote, ...], sources: dict[str, Source],
           verdicts: list[Verdict], settings: Settings,
           pages: PageStore | None) -> tuple[Reuse, ...]:
    """The passages outside quote marks that the sources read also have (and, with
    ``settings.reuse_cache``, any cached page); a fault of ours leaves the report without
    them (and the run goes on)."""
    quoted: dict[str, list[Span]] = {}
    for v in verdicts:
        if v.source and v.source.citation.url and v.match and not v.match.outside_body:
            quoted.setdefault(v.source.citation.url, []).append(v.match.span)
    read = [ReuseSource(url, s.text.main, s.citation.spans, _urls(s), tuple(quoted.get(url, ())))
            for s in sources.values() if (url := s.citation.url) and s.text and s.text.main]
    try:
        if settings.reuse_cache and pages is not None:
            # A source's page under another address (as cited, after redirects) is not
            # searched again as a page of the cache.
            known = {document.origin, *(u for s in sources.values() for u in _urls(s))}
            read += _cached_reuse(document, quotes, pages, settings, known)
        return find_reuse(document, quotes, list({r.url: r for r in read}.values()), settings)
    except Exception as exc:
        internal_error("looking for passages reused without quote marks", exc)
        return ()


def _cached_reuse(document: Document, quotes: tuple[Quote, ...], pages: PageStore,
                  settings: Settings, known: set[str]) -> list[ReuseSource]:
    """The cached pages (but the sources read) that the cache's found-elsewhere index names
    for some stretch of the document, to search for reuse like a source that nothing cites."""
    bodies: dict[str, str] = {}  # URL -> body sha256, of the pages the index named

    def candidates(window: Quote, exclude: Iterable[str] = ()) -> list[tuple[str, int]]:
        found = cached_candidates(pages, window.parts, exclude)
        bodies.update((url, sha) for url, sha, _held in found)
        return [(url, held) for url, _sha, held in found]

    out = []
    for url in pages_to_search(document, quotes, candidates, settings, known):
        text = pages.text(bodies[url])
        if text is not None and text.main:
            out.append(ReuseSource(url, text.main, urls=(url,)))
    return out


def _original(document: Document, declared: tuple[Citation, ...], sources: dict[str, Source],
              fetcher: Fetcher, cache: SnapshotCache | None, settings: Settings,
              progress: Progress | None) -> Original | None:
    """The whole document against the original it declares (a link or note on its title, a
    "Source:" line) or the one ``settings.original_url`` names: read like a cited page (from
    this run's pages when it is one of them). None when there is none, or it cannot be read;
    a fault of ours leaves the report without it."""
    named = next((c for c in declared if c.url), None)
    url = settings.original_url or (named.url if named else None)
    if not url:
        return None
    skip = named.spans if named is not None and named.url == url else ()
    try:
        text = next((s.text for s in sources.values()
                     if s.citation.url == url and s.text is not None), None)
        if text is None:
            got = fetch_many(fetcher, (url,), Schedule.of(settings), progress).get(url)
            if not isinstance(got, Snapshot):
                return None
            text = _page_text(got, cache, settings=settings)
        if not text.main:
            return None
        return compare_original(document.text, text.main, url, skip)
    except Exception as exc:
        internal_error(f"comparing the document with its original {url}", exc)
        return None


def _urls(source: Source) -> tuple[str, ...]:
    """The URLs a link to the source may name: as requested, and after redirects."""
    snap = source.snapshot
    return (snap.url, snap.final_url) if snap else ()


def _term_sources(others: tuple[Quote, ...], texts: dict[str, PageText]
                  ) -> tuple[tuple[Span, str], ...]:
    """Where each term's words stand verbatim among the document's sources (the first
    source, in the order the document cites them): a term the writer took from a source
    ("the editorial's “fuse”") shows where it came from. Titles name works: not looked up."""
    found = []
    for q in others:
        if q.kind is not QuoteKind.TERM:
            continue
        url = next((url for url, text in texts.items() if verbatim(q, text) is not None), None)
        if url is not None:
            found.append((q.span, url))
    return tuple(found)


def make_resolver(settings: Settings, fetcher: Fetcher | None = None,
                  kind: type[Resolver] = Resolver, *, registry: OutletRegistry | None = None,
                  sources: Sequence[SourceEntry] | None = None) -> Resolver:
    """A resolver (of ``kind``) that reads pages as the text stage does and finds quotations
    in them as the match stage does: what it needs to find a work cited without a title.
    ``registry`` and ``sources``, when given, are used as loaded (a batch loads them once
    for all its documents); else they are read from the settings' files."""
    return kind(settings, fetcher, registry, sources,
                read_text=functools.partial(extract_text, settings=settings), holds=_holds)


def resolvers(settings: Settings, fetcher: Fetcher | None = None,
              kind: type[Resolver] = Resolver) -> Callable[[], Resolver]:
    """A maker of resolvers for many documents, one each (back-references such as "the same
    edition" must not reach into another document's works), the outlet registry and the
    sources file read once for all of them: parsing the registry costs more than checking a
    short document."""
    registry, sources = read_user_files(settings)
    return functools.partial(make_resolver, settings, fetcher, kind, registry=registry,
                             sources=sources)


def _holds(quotation: str, text: PageText) -> bool:
    """Whether ``text`` holds the quotation verbatim (ellipses and [brackets] allowed)."""
    m = best_match(Quote(quotation, Span(0, len(quotation)), 1, 1), text)
    return m is not None and all(e.kind is EditKind.BRACKETED for e in m.edits)


def _resolve_all(quotes: tuple[Quote, ...], resolver: Resolver) -> dict[str, Citation]:
    """Each cited work resolved once, knowing every passage quoted from it."""
    works: dict[str, Citation] = {}
    quoted: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.citation:
            works.setdefault(q.citation.key, q.citation)
            quoted.setdefault(q.citation.key, []).append(q)
    resolved = {key: _resolved(resolver, c, [q.text for q in quoted[key]])
                for key, c in works.items()}
    return resolver.translations(resolved, {key: [q.language for q in qs]
                                            for key, qs in quoted.items()})


def _resolved(resolver: Resolver, citation: Citation, quoted: list[str]) -> Citation:
    """The cited work resolved; a fault of ours leaves it unresolved, saying so."""
    try:
        return resolver.resolve(citation, quoted)
    except Exception as exc:
        failed = ResolutionStep(StepKind.NOT_FOUND, Outcome.FAILED,
                                internal_error(f"resolving {citation.reference!r}", exc))
        return replace(citation, resolution=(*citation.resolution, failed))


def _archive_worthy(problem: Problem) -> bool:
    """A live page that is gone (an HTTP status saying so), blocked or paywalled may still
    be read from a web archive."""
    return problem.kind in (ProblemKind.BLOCKED, ProblemKind.PAYWALLED) \
        or problem.status in GONE


def _read_sources(works: dict[str, Citation], fetcher: Fetcher, cache: SnapshotCache | None,
                  resolver: Resolver, progress: Progress | None) -> dict[str, Source]:
    """Fetch and read every resolved work; a page that is gone, blocked or paywalled is read
    from the web archive's copy instead, when there is one."""
    settings = resolver.settings
    sources = _fetch_sources(works, fetcher, cache, settings, progress)
    if not settings.archive_url:
        return sources
    moved: dict[str, Citation] = {}
    for key, src in sources.items():
        if src.citation.url and src.problem and _archive_worthy(src.problem):
            again = resolver.archived(src.citation, src.problem)
            if again.url != src.citation.url:
                moved[key] = again
            else:
                sources[key] = replace(src, citation=again, problem=Problem(
                    ProblemKind.NO_ARCHIVE, src.problem.sentence, src.problem.status))
    sources.update(_fetch_sources(moved, fetcher, cache, settings, progress))
    return sources


def _fetch_sources(works: dict[str, Citation], fetcher: Fetcher, cache: SnapshotCache | None,
                   settings: Settings, progress: Progress | None) -> dict[str, Source]:
    urls = tuple(dict.fromkeys(c.url for c in works.values() if c.url))
    fetched = fetch_many(fetcher, urls, Schedule.of(settings), progress)
    texts = {url: _page_text(got, cache, settings.refresh, settings)
             for url, got in fetched.items() if isinstance(got, Snapshot)}
    return {key: _source(c, fetched, texts) for key, c in works.items()}


def _page_text(snapshot: Snapshot, cache: SnapshotCache | None,
               refresh: bool = False, settings: Settings | None = None,
               wait: bool = True) -> PageText:
    """The page's text, read once and kept by digest (extraction is the slow part of an
    offline re-run); without ``wait``, TextBusy when another process is reading it now."""
    if cache is None:
        return _read_page(snapshot, settings)
    cached = cache.text(snapshot.sha256, EXTRACTOR)
    if cached is not None and not (refresh and _crashed(cached)):
        return cached
    # A batch's other worker may be reading the same page: one reads it, the others wait
    # and take the text it keeps.
    with cache.making_text(snapshot.sha256, wait):
        if cached is None:
            cache.recheck()  # (inside a check's steady block: ask the index again now)
            cached = cache.text(snapshot.sha256, EXTRACTOR)
            if cached is not None:
                return cached
        text = _read_page(snapshot, settings)
        cache.store_text(snapshot.sha256, EXTRACTOR, text)
    return text


def _read_page(snapshot: Snapshot, settings: Settings | None = None) -> PageText:
    """The page's text; a page that crashes the reader is that page's problem, not the
    run's. Its text is kept with the problem like any other, so later runs do not read the
    capture again (a ``--refresh`` does)."""
    try:
        return extract_text(snapshot, settings)
    except Exception as exc:
        return PageText("", "", problem=Problem(
            ProblemKind.INTERNAL, internal_error(f"reading {snapshot.url}", exc)))


def _crashed(text: PageText) -> bool:
    return text.problem is not None and text.problem.kind is ProblemKind.INTERNAL


def _checked(quote: Quote, source: Source | None, settings: Settings,
             context: FlagContext) -> Verdict:
    """``_check``, with any fault of ours in matching or judging this one quote made its
    ``unverified`` reason."""
    try:
        return _check(quote, source, settings, context)
    except Exception as exc:
        return Verdict(quote, Status.UNVERIFIED,
                       internal_error(f"checking the quote at {quote.line}:{quote.column}", exc),
                       source=source)


def _source(citation: Citation, fetched: dict[str, Snapshot | FetchError],
            texts: dict[str, PageText]) -> Source:
    if not citation.url:
        return Source(citation, problem=_unresolved_problem(citation))
    got = fetched.get(citation.url)
    if isinstance(got, FetchError):
        return Source(citation, problem=_fetch_problem(got))
    if got is None:  # fetch_many answers every URL; this guards the invariant
        return Source(citation, problem=Problem(ProblemKind.INTERNAL, "not fetched"))
    text = texts[citation.url]
    return Source(citation, got, text, text.problem)


def _fetch_problem(exc: FetchError) -> Problem:
    """A failed fetch as a source's problem: its kind and status kept, in the fetcher's
    words (a bot check is worded where every bot check is)."""
    if exc.kind is FetchFailure.BLOCKED:
        return Problem(ProblemKind.BLOCKED, status=exc.status)
    kind = {FetchFailure.OFFLINE: ProblemKind.OFFLINE,
            FetchFailure.INTERNAL: ProblemKind.INTERNAL}.get(exc.kind, ProblemKind.FETCH)
    return Problem(kind, exc.reason, exc.status)


# The steps whose words name the pages an offline run lacked. The archive search, the
# archived copy and the pages read for quoted words say nothing of it in their words yet,
# so their being offline is not told here either (their outcome says it).
_SAYS_OFFLINE = frozenset({StepKind.SITEMAP, StepKind.QUOTE_LISTING, StepKind.CONFIRM})


def _unresolved_problem(citation: Citation) -> Problem:
    if citation.how is CitationHow.VAGUE:
        return Problem(ProblemKind.VAGUE, citation.reference)
    # The resolver's last step is its conclusion (no page found); when that gives no reason
    # of its own, the step before it is where the search gave up.
    steps, detail = citation.resolution, ""
    if steps and steps[-1].step is StepKind.NOT_FOUND:
        detail = steps[-1].detail or (steps[-2].sentence if len(steps) > 1 else "")
    elif steps:
        detail = steps[-1].sentence
    # Say when being offline is why, since an online run may then succeed.
    offline = any(s.outcome is Outcome.OFFLINE and s.step in _SAYS_OFFLINE for s in steps)
    return Problem(ProblemKind.UNRESOLVED_OFFLINE if offline else ProblemKind.UNRESOLVED,
                   detail)


_CUT_SHORT = frozenset({ProblemKind.PAYWALLED, ProblemKind.TRUNCATED})


def _check(quote: Quote, source: Source | None, settings: Settings,
           context: FlagContext) -> Verdict:
    if source is None:
        return Verdict(quote, Status.UNVERIFIED, "unattributed: no cited work for this quote")
    if source.text is None or (source.problem is not None and not source.text.main):
        reason = source.problem.sentence if source.problem else "no text"
        return Verdict(quote, Status.UNVERIFIED, reason, source=source)
    verdict = judge(quote, source, best_match(quote, source.text), settings)
    if source.problem is not None and source.problem.kind not in _CUT_SHORT:
        if verdict.status is not Status.FOUND:  # the text is not the article's: no verdict
            return replace(verdict, status=Status.UNVERIFIED, reason=source.problem.sentence)
    elif source.problem is not None:
        # A page shown cut short (paywalled, truncated) holds part of the article: a quote
        # found or altered in that part keeps its verdict, with a note; one absent from it
        # may be behind the cut, so it is not called missing.
        if verdict.status is Status.MISSING:
            return replace(verdict, status=Status.UNVERIFIED, reason=source.problem.sentence)
        verdict = replace(verdict, flags=(*verdict.flags, Flag.PAYWALLED))
    return flag(verdict, context)


def capture_texts(cache: SnapshotCache, url: str,
                  settings: Settings | None = None) -> Iterator[CaptureText]:
    """The text of each readable capture of ``url`` in the cache, oldest first."""
    for snap in cache.captures(url):
        yield CaptureText(snap.fetched_at, snap.sha256, snap.warc,
                          _page_text(snap, cache, settings=settings))


def _flag_context(settings: Settings, cache: SnapshotCache | None) -> FlagContext:
    if cache is None:
        return FlagContext(settings, other_speaker)

    def captures(url: str) -> Iterator[CaptureText]:
        if len(cache.index(url)) < 2:  # one capture shows no edit: it is not read again
            return iter(())
        return capture_texts(cache, url, settings)

    return FlagContext(settings, other_speaker, captures)


def _first_read(cache: SnapshotCache, sha256: str,
                settings: Settings | None = None) -> PageText | None:
    """The text of a cached body no run has read yet, extracted and kept; None when no
    capture of it can be read (a damaged entry is ``cache verify``'s business). TextBusy
    when another process is reading it now: found-elsewhere does not wait for a page it
    only indexes, which that process indexes as it keeps its text."""
    for capture in reversed(cache.by_digest(sha256)):
        if capture.status >= 400:
            continue
        try:
            snapshot = cache.read(capture)
        except (CacheError, FetchError, OSError) as exc:
            log.warning("capture of %s not read for found-elsewhere: %s", capture.url, exc)
            continue
        return _page_text(snapshot, cache, settings=settings, wait=False)
    return None

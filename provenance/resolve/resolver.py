"""Turn a cited work into the URL of its page.

In order: a URL the document gives; the user's sources file; the outlet registry, then
discovery on the outlet's own site (sitemaps, news sitemaps, feeds), each candidate
confirmed by the page's own title and date; then the web archive's index. Every step
tried adds one ``ResolutionStep`` to ``Citation.resolution``: what was tried, what came of
it, and the particulars. When no candidate agrees well enough the work stays unresolved
with the candidates considered: never a confident wrong answer.

A work cited without a title is found by the words quoted from it (``by_quote``). Reading
a page's text and finding a quotation in it belong to other stages: the resolver is given
them (``read_text``, ``holds``) by whoever builds it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from provenance.model import (
    Citation,
    CitationHow,
    Fetcher,
    Outcome,
    PageText,
    Problem,
    ResolutionStep,
    Snapshot,
    StepKind,
)
from provenance.resolve.archive import Capture, Wayback
from provenance.resolve.archived import find_archived
from provenance.resolve.by_quote import find_by_quote
from provenance.resolve.candidates import (
    FETCH_AT,
    MAX_CANDIDATES,
    SURE_AT,
    confirm,
    label,
    rank,
    ranked,
    unresolved,
)
from provenance.resolve.outlets import Outlet, OutletRegistry, load_registry, same_outlet
from provenance.resolve.pages import PageReader, unanswered
from provenance.resolve.sources import SourceEntry, load_sources, match_source
from provenance.resolve.translations import tie_translations, translation_hint
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.resolve.discovery import Entry, SiteIndex

# Discovery (sitemaps, feeds: lxml) and confirmation (page metadata: trafilatura) are
# imported where a work named without a URL is looked for, not here: a document citing
# URLs, and every offline re-run of one, never needs them, and they cost more to import
# than such a run takes to check its quotes.

__all__ = ["Holds", "ReadText", "Resolver"]

log = logging.getLogger(__name__)

ReadText = Callable[[Snapshot], PageText]  # a page's text (the text stage)
Holds = Callable[[str, PageText], bool]  # whether a text holds a quotation verbatim (match)

_MAX_OUTLETS = 2  # outlets of the same name searched for one citation


class Resolver:
    def __init__(self, settings: Settings, fetcher: Fetcher | None = None,
                 registry: OutletRegistry | None = None,
                 sources: Sequence[SourceEntry] | None = None, *,
                 read_text: ReadText | None = None, holds: Holds | None = None) -> None:
        """``read_text`` and ``holds`` let a work cited without a title be found by the
        words quoted from it; without them such a work is not searched for."""
        self.settings, self.fetcher = settings, fetcher
        self.registry = registry if registry is not None else load_registry(
            settings.outlets_file)
        if sources is None and settings.sources_file is not None:
            sources = load_sources(settings.sources_file)
        self.sources = tuple(sources) if sources is not None else None
        self.read_text, self.holds = read_text, holds
        self.reader = PageReader(settings, fetcher) if fetcher is not None else None
        self._sites: dict[str, SiteIndex] = {}
        self._earlier: list[Citation] = []
        self._published: dict[str, dt.date] = {}  # URL -> the date its sources entry gives

    def resolve(self, citation: Citation, quotes: Sequence[str] = ()) -> Citation:
        """The citation with ``url`` set when it can be found, and one ``resolution`` step
        per step tried. A citation that already has a URL is returned as is. ``quotes``
        (the words quoted from the work) let sources-file entries match by quote."""
        steps: list[ResolutionStep] = list(citation.resolution)
        result = self._resolve(citation, tuple(quotes), steps)
        result = replace(result, resolution=tuple(steps))
        if citation.how is not CitationHow.VAGUE:
            self._earlier.append(result)
        return result

    def archived(self, citation: Citation, problem: Problem) -> Citation:
        """``citation`` pointed at the archive's copy of its URL, for when the live page
        could not be read (``problem``, e.g. HTTP 410); unchanged but for a resolution step
        when the archive has no copy."""
        if not citation.url or self.fetcher is None:
            return citation
        copy, trouble = find_archived(self.settings, self.fetcher, citation.url, citation.date)
        if copy is None:
            # (The words say "no archived copy" when the archive could not be asked too;
            # the outcome tells the two apart.)
            step = ResolutionStep(StepKind.ARCHIVED_COPY, trouble or Outcome.NOT_FOUND,
                                  f"live page {problem}, and no archived copy of {citation.url}")
            return replace(citation, resolution=(*citation.resolution, step))
        url = copy.url
        step = ResolutionStep(StepKind.ARCHIVED_COPY, Outcome.FOUND,
                              f"live page {problem}: archived copy {copy.timestamp} -> {url}")
        return replace(citation, url=url, resolution=(*citation.resolution, step),
                       candidates=(*citation.candidates, citation.url))

    def translations(self, works: Mapping[str, Citation],
                     languages: Mapping[str, Iterable[str | None]] | None = None
                     ) -> dict[str, Citation]:
        """Works left unresolved whose title reads as a translation, tied to the work the
        document cites in the original (see ``tie_translations``)."""
        return tie_translations(works, languages)

    # --- the steps, in order -------------------------------------------------------------

    def _resolve(self, c: Citation, quotes: tuple[str, ...],
                 steps: list[ResolutionStep]) -> Citation:
        if c.url:
            steps.append(ResolutionStep(StepKind.URL, Outcome.FOUND))
            return replace(c, language=c.language or self._language(c.url))
        if c.how is CitationHow.VAGUE:
            # No work is named, so nothing is searched for; but the user's sources file may
            # tie the quoted words to a page (an entry with a `quote` and no outlet).
            found = self._from_sources(c, quotes, steps) if quotes and self.sources else None
            if found is not None:
                return replace(c, url=found, language=c.language or self._language(found))
            steps.append(ResolutionStep(StepKind.VAGUE, Outcome.SKIPPED,
                                        f"no work named, not resolved ({c.reference!r})"))
            return c
        if c.how is CitationHow.BACK_REFERENCE:
            c = self._back_reference(c, steps)

        found = self._from_sources(c, quotes, steps)
        if found is not None:
            return replace(c, url=found, published=self._published.get(found, c.published),
                           language=c.language or self._language(found, c.outlet))

        if not c.outlet:
            steps.append(ResolutionStep(StepKind.REGISTRY, Outcome.SKIPPED,
                                        "the citation names no outlet"))
            return unresolved(c, steps, ())
        outlets = self.registry.find(c.outlet, hint=c.reference)
        if not outlets:
            steps.append(ResolutionStep(
                StepKind.REGISTRY, Outcome.NOT_FOUND,
                f"outlet {c.outlet!r} not known (add it with --outlets)"))
            return unresolved(c, steps, ())
        others = f"; {len(outlets) - 1} other outlet(s) of that name" if len(outlets) > 1 else ""
        steps.append(ResolutionStep(StepKind.REGISTRY, Outcome.FOUND,
                                    f"{outlets[0].describe()}{others}"))
        c = replace(c, language=c.language or outlets[0].language)

        if self.reader is None:
            steps.append(ResolutionStep(StepKind.DISCOVERY, Outcome.SKIPPED,
                                        "not searched, no fetcher"))
            return unresolved(c, steps, ())
        if not c.title:
            return self._by_quote(outlets, c, quotes, steps)
        hint = translation_hint(c.title, outlets[0].language)
        if hint:
            steps.append(ResolutionStep(StepKind.TITLE_LANGUAGE, Outcome.NOTE, hint))

        considered: list[str] = []
        for outlet in outlets[:_MAX_OUTLETS]:
            result = self._discover(outlet, c, steps, considered)
            if result is not None:
                return result
        if c.date is not None:
            result = self._archive_search(outlets[0], c, steps, considered)
            if result is not None:
                return result
        return unresolved(c, steps, considered)

    def _language(self, url: str, outlet: str | None = None) -> str | None:
        """The language of the outlet a URL belongs to (or the cited outlet), if known."""
        for name in (url, outlet):
            found = self.registry.find(name) if name else ()
            if found and found[0].language:
                return found[0].language
        return None

    def _back_reference(self, c: Citation, steps: list[ResolutionStep]) -> Citation:
        earlier = [e for e in reversed(self._earlier) if e.outlet or e.date]
        if c.outlet:
            earlier = [e for e in earlier if e.outlet and same_outlet(e.outlet, c.outlet)]
        if not earlier:
            steps.append(ResolutionStep(StepKind.BACK_REFERENCE, Outcome.NOT_FOUND,
                                        "no earlier work to take outlet and date from"))
            return c
        ref = earlier[0]
        outlet, date = c.outlet or ref.outlet, c.date or ref.date
        steps.append(ResolutionStep(StepKind.BACK_REFERENCE, Outcome.FOUND,
                                    f"outlet and date of {ref.key} ({outlet}, {date})"))
        return replace(c, outlet=outlet, date=date)

    def _from_sources(self, c: Citation, quotes: tuple[str, ...],
                      steps: list[ResolutionStep]) -> str | None:
        if self.sources is None:
            return None
        rejected: list[str] = []
        got = match_source(self.sources, c, quotes, self.settings.title_accept,
                           self.settings.date_tolerance, rejected)
        if got is None:
            steps.append(ResolutionStep(
                StepKind.SOURCES_FILE, Outcome.REJECTED if rejected else Outcome.NOT_FOUND,
                "; ".join(rejected) if rejected else "no entry names this work"))
            return None
        entry, by = got
        url = entry.urls[0]
        if len(entry.urls) > 1 and self.reader is not None:
            # Several URLs are mirrors of one work: take the first that answers.
            for candidate in entry.urls:
                snap = self.reader.page(candidate)
                if isinstance(snap, Snapshot) and snap.status < 400:
                    url = candidate
                    break
        steps.append(ResolutionStep(
            StepKind.SOURCES_FILE, Outcome.FOUND,
            f"matched by {' and '.join(by)} (source #{entry.number}) -> {url}"))
        if "date-mismatch" in by and entry.date is not None:
            steps.append(ResolutionStep(StepKind.DATE, Outcome.NOTE,
                                        f"cited {c.date}, the sources file says {entry.date} "
                                        "(date mismatch)"))
            self._published[url] = entry.date
        return url

    def _site(self, outlet: Outlet) -> SiteIndex:
        assert self.fetcher is not None
        if outlet.site not in self._sites:
            from provenance.resolve.discovery import SiteIndex

            self._sites[outlet.site] = SiteIndex(outlet, self.fetcher, self.settings)
        return self._sites[outlet.site]

    def _discover(self, outlet: Outlet, c: Citation, steps: list[ResolutionStep],
                  considered: list[str]) -> Citation | None:
        assert c.title is not None and self.reader is not None
        s, reader = self.settings, self.reader
        site = self._site(outlet)
        by = functools.partial(rank, c.title, c.date, s.date_tolerance)

        def enough(entries: tuple[Entry, ...]) -> bool:
            # Without a date, a sure title is not enough: the same headline may have run
            # on another day, so the whole budget is read to see whether it did.
            return c.date is not None and any(by(e) >= SURE_AT for e in entries)

        entries, kinds = site.entries(c.date, s.date_tolerance, enough)
        read = ", ".join(f"{n} {kind}" for kind, n in Counter(kinds).items()) or "nothing"
        if not entries:
            why = f" ({'; '.join(site.problems[-2:])})" if site.problems else ""
            steps.append(ResolutionStep(
                StepKind.SITEMAP, unanswered(site.failures, Outcome.NO_CANDIDATES),
                f"{outlet.host}: no pages listed, read {read}{why}"))
            return None
        listed = ranked(entries, by)
        worth = [(score, e) for score, e in listed if score >= FETCH_AT]
        best_score, best = listed[0]
        if c.date is None:
            steps.append(ResolutionStep(
                StepKind.SITEMAP, Outcome.NOTE,
                f"no cited date: searched only the {len(kinds)} most recent document(s)"))
        steps.append(ResolutionStep(
            StepKind.SITEMAP, Outcome.FOUND if worth else Outcome.NO_CANDIDATES,
            f"{outlet.host}: read {read}; {len(entries)} pages listed, {len(worth)} "
            f"candidate(s), best {label(best)!r} score {best_score:.0f}"
            + (f", date {best.date}" if best.date else "")))
        considered.extend(e.url for _, e in listed[:MAX_CANDIDATES] if e.url not in considered)
        return confirm(c, worth[: s.max_confirm], lambda e: reader.read(e.url, c.date),
                       s, steps, considered)

    def _by_quote(self, outlets: Sequence[Outlet], c: Citation, quotes: tuple[str, ...],
                  steps: list[ResolutionStep]) -> Citation:
        assert self.reader is not None
        read_text, holds = self.read_text, self.holds

        def page_holds(snap: Snapshot, tried: tuple[str, ...]) -> bool:
            assert read_text is not None and holds is not None
            text = read_text(snap)
            return bool(text.main or text.full) and any(holds(q, text) for q in tried)

        when = (c.date, "cited") if c.date else self._date_hint()
        readable = read_text is not None and holds is not None
        return find_by_quote(c, quotes, outlets[:_MAX_OUTLETS], when, site=self._site,
                             reader=self.reader, holds=page_holds if readable else None,
                             settings=self.settings, steps=steps)

    def _date_hint(self) -> tuple[dt.date | None, str]:
        """The date of the closest work cited before, with a date: a document quoting a
        work without dating it is most often writing about the same days."""
        for earlier in reversed(self._earlier):
            if earlier.date is not None:
                return earlier.date, f"no date given: {earlier.key}'s"
        return None, ""

    def _archive_search(self, outlet: Outlet, c: Citation, steps: list[ResolutionStep],
                        considered: list[str]) -> Citation | None:
        assert self.fetcher is not None and self.reader is not None
        assert c.title is not None and c.date is not None
        s, reader = self.settings, self.reader
        wayback = Wayback(s, self.fetcher)
        start = c.date - dt.timedelta(days=s.date_tolerance)
        end = c.date + dt.timedelta(days=s.archive_window)
        prefix = outlet.site.split("://", 1)[-1].rstrip("/") + "/"
        captures = wayback.captures(prefix, start, end)
        if not captures:
            outcome = wayback.trouble or Outcome.NOT_FOUND
            what = {Outcome.UNREACHABLE: "could not be reached to list captures of",
                    Outcome.OFFLINE: "offline, and no list of captures in the cache for",
                    Outcome.SKIPPED: "turned off: not searched for captures of"
                    }.get(outcome, "no captures of")
            steps.append(ResolutionStep(StepKind.ARCHIVE_SEARCH, outcome,
                                        f"{what} {prefix} from {start} to {end}"))
            return None
        latest: dict[str, Capture] = {}
        for cap in captures:  # the first capture of each URL after the cited date
            latest.setdefault(cap.original, cap)
        from provenance.resolve.discovery import Entry

        entries = tuple(Entry(url, None, None, via="archive") for url in latest)
        listed = ranked(entries, functools.partial(rank, c.title, None, s.date_tolerance))
        worth = [(score, e) for score, e in listed if score >= FETCH_AT]
        best_score, best = listed[0]
        steps.append(ResolutionStep(
            StepKind.ARCHIVE_SEARCH, Outcome.FOUND if worth else Outcome.NO_CANDIDATES,
            f"{len(latest)} URLs captured from {start} to {end}, {len(worth)} candidate(s), "
            f"best {label(best)!r} score {best_score:.0f}"))
        considered.extend(e.url for _, e in listed[:MAX_CANDIDATES] if e.url not in considered)
        archive = (wayback, latest)
        return confirm(c, worth[: s.max_confirm],
                       lambda e: reader.read(e.url, c.date, archive), s, steps, considered)

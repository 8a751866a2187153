"""Turn a cited work into the URL of its page.

In order: a URL the document gives; the user's sources file; the outlet registry, then
discovery on the outlet's own site (sitemaps, news sitemaps, feeds), each candidate
confirmed by the page's own title and date; then the web archive's index. Every step
tried adds one ``resolution`` line. When no candidate agrees well enough the work stays
unresolved with the candidates considered: never a confident wrong answer.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from provenance.errors import FetchError
from provenance.model import Citation, CitationHow, Fetcher, Snapshot
from provenance.resolve.archive import Capture, Wayback
from provenance.resolve.outlets import Outlet, OutletRegistry, load_registry, same_outlet
from provenance.resolve.sources import SourceEntry, load_sources, match_source
from provenance.settings import Settings
from provenance.words.titles import fold, slug_text, title_score

if TYPE_CHECKING:
    from provenance.resolve.discovery import Entry, SiteIndex

# Discovery (sitemaps, feeds: lxml) and confirmation (page metadata: trafilatura) are
# imported where a work named without a URL is looked for, not here: a document citing
# URLs, and every offline re-run of one, never needs them, and they cost more to import
# than such a run takes to check its quotes.

__all__ = ["Resolver"]

log = logging.getLogger(__name__)

_FETCH_AT = 60.0  # rank score a candidate needs to be worth fetching
_SURE_AT = 99.0  # a confirmed title this close on the cited day ends the search early
_GONE = frozenset({401, 402, 403, 404, 410, 451})  # live page unusable: try the archive
_MAX_OUTLETS = 2  # outlets of the same name searched for one citation
_MAX_CANDIDATES = 5  # candidate URLs kept on an unresolved citation
_KEEP_PAGES = 256  # fetched candidate pages kept in memory for the run
_QUOTE_WORDS = 6  # words a quotation needs to confirm a page for a work without a title
_QUOTES_TRIED = 8  # the longest quotations of such a work looked for on each page
_TITLE_LANGUAGES = ("es", "pt", "en", "fr", "de", "it", "sv", "nl", "ca", "da", "no", "pl")


@dataclass(frozen=True, slots=True)
class _Found:
    url: str  # where the work is read: the live page, or an archived copy
    score: float
    date: dt.date | None
    note: str


class Resolver:
    def __init__(self, settings: Settings, fetcher: Fetcher | None = None,
                 registry: OutletRegistry | None = None,
                 sources: Sequence[SourceEntry] | None = None) -> None:
        self.settings, self.fetcher = settings, fetcher
        self.registry = registry if registry is not None else load_registry(
            settings.outlets_file)
        if sources is None and settings.sources_file is not None:
            sources = load_sources(settings.sources_file)
        self.sources = tuple(sources) if sources is not None else None
        self._sites: dict[str, SiteIndex] = {}
        self._pages: dict[str, Snapshot | FetchError] = {}
        self._pages_lock = threading.Lock()
        self._earlier: list[Citation] = []

    def resolve(self, citation: Citation, quotes: Sequence[str] = ()) -> Citation:
        """The citation with ``url`` set when it can be found, and one ``resolution`` line
        per step tried. A citation that already has a URL is returned as is. ``quotes``
        (the words quoted from the work) let sources-file entries match by quote."""
        lines: list[str] = list(citation.resolution)
        result = self._resolve(citation, tuple(quotes), lines)
        result = replace(result, resolution=tuple(lines))
        if citation.how is not CitationHow.VAGUE:
            self._earlier.append(result)
        return result

    def archived(self, citation: Citation, problem: str) -> Citation:
        """``citation`` pointed at the archive's copy of its URL, for when the live page
        could not be read (``problem``, e.g. "HTTP 410"); unchanged but for a resolution
        line when the archive has no copy."""
        if not citation.url or self.fetcher is None:
            return citation
        wayback = Wayback(self.settings, self.fetcher)
        cap = wayback.closest(citation.url, citation.date)
        if cap is None:
            line = f"archive: live page {problem}, and no archived copy of {citation.url}"
            return replace(citation, resolution=(*citation.resolution, line))
        url = wayback.playback_url(cap)
        line = f"archive: live page {problem}: archived copy {cap.timestamp} -> {url}"
        return replace(citation, url=url, resolution=(*citation.resolution, line),
                       candidates=(*citation.candidates, citation.url))

    def translations(self, works: Mapping[str, Citation],
                     languages: Mapping[str, Iterable[str | None]] | None = None
                     ) -> dict[str, Citation]:
        """Works left unresolved whose title reads as a translation, tied to the work the
        document cites in the original.

        A compilation of one text in several languages cites a work by its own title once
        and by translated titles elsewhere, which no page carries. Such a citation is taken
        for the one resolved work of the same outlet, date and kind of piece (editorial,
        column) with a title in the outlet's language, when there is exactly one: its
        quotations are then checked against that page, as translations. A title too short
        to tell its language needs the same author as well ("The Jerí Symptom", by J. Bruce).
        ``languages`` gives the languages of each work's quotations: a work quoted in its
        outlet's own language is not a translation, and is never tied.
        """
        out = dict(works)
        originals = [c for c in works.values() if c.url and c.title and c.date and
                     c.outlet and _translation_hint(c.title, c.language) is None]
        for key, c in works.items():
            if c.url or not (c.title and c.date and c.outlet and c.language):
                continue
            translated = _translation_hint(c.title, c.language) is not None
            if not (translated or c.author):
                continue
            if languages is not None and c.language in set(languages.get(key, ())):
                continue

            def same_author(o: Citation, c: Citation = c) -> bool:
                return bool(o.author and c.author and fold(o.author) == fold(c.author))

            same = [o for o in originals if o.date == c.date and o.outlet and same_outlet(
                o.outlet, c.outlet) and _kind(o.reference) == _kind(c.reference)
                and (same_author(o) or (translated and not (o.author and c.author)))]
            if len(same) != 1:
                if same:
                    line = (f"translation: {len(same)} works of {c.outlet} of {c.date} are "
                            "cited in the original: not told which this translates")
                    out[key] = replace(c, resolution=(*c.resolution, line))
                continue
            o = same[0]
            by = " and author" if same_author(o) else ""
            line = (f"translation: taken for {o.key} ({o.title!r}), the one resolved work of "
                    f"{o.outlet} of {o.date} of this kind{by} titled in its language -> {o.url}")
            out[key] = replace(c, url=o.url, published=o.published, language=o.language,
                               resolution=(*c.resolution, line))
        return out

    # --- the steps, in order -------------------------------------------------------------

    def _resolve(self, c: Citation, quotes: tuple[str, ...], lines: list[str]) -> Citation:
        if c.url:
            lines.append("url given")
            return replace(c, language=c.language or self._language(c.url))
        if c.how is CitationHow.VAGUE:
            lines.append(f"vague attribution: no work named, not resolved ({c.reference!r})")
            return c
        if c.how is CitationHow.BACK_REFERENCE:
            c = self._back_reference(c, lines)

        found = self._from_sources(c, quotes, lines)
        if found is not None:
            return replace(c, url=found, language=c.language or self._language(
                found, c.outlet))

        if not c.outlet:
            lines.append("registry: the citation names no outlet")
            return self._not_found(c, lines, ())
        outlets = self.registry.find(c.outlet, hint=c.reference)
        if not outlets:
            lines.append(f"registry: outlet {c.outlet!r} not known (add it with --outlets)")
            return self._not_found(c, lines, ())
        others = f"; {len(outlets) - 1} other outlet(s) of that name" if len(outlets) > 1 else ""
        lines.append(f"registry: {outlets[0].describe()}{others}")
        c = replace(c, language=c.language or outlets[0].language)

        if self.fetcher is None:
            lines.append("discovery: not searched, no fetcher")
            return self._not_found(c, lines, ())
        if not c.title:
            return self._by_quote(outlets, c, quotes, lines)
        hint = _translation_hint(c.title, outlets[0].language)
        if hint:
            lines.append(hint)

        considered: list[str] = []
        for outlet in outlets[:_MAX_OUTLETS]:
            result = self._discover(outlet, c, lines, considered)
            if result is not None:
                return result
        if c.date is not None:
            result = self._archive_search(outlets[0], c, lines, considered)
            if result is not None:
                return result
        return self._not_found(c, lines, considered)

    def _language(self, url: str, outlet: str | None = None) -> str | None:
        """The language of the outlet a URL belongs to (or the cited outlet), if known."""
        for name in (url, outlet):
            found = self.registry.find(name) if name else ()
            if found and found[0].language:
                return found[0].language
        return None

    def _back_reference(self, c: Citation, lines: list[str]) -> Citation:
        earlier = [e for e in reversed(self._earlier) if e.outlet or e.date]
        if c.outlet:
            earlier = [e for e in earlier if e.outlet and same_outlet(e.outlet, c.outlet)]
        if not earlier:
            lines.append("back-reference: no earlier work to take outlet and date from")
            return c
        ref = earlier[0]
        outlet, date = c.outlet or ref.outlet, c.date or ref.date
        lines.append(f"back-reference: outlet and date of {ref.key} ({outlet}, {date})")
        return replace(c, outlet=outlet, date=date)

    def _from_sources(self, c: Citation, quotes: tuple[str, ...],
                      lines: list[str]) -> str | None:
        if self.sources is None:
            return None
        got = match_source(self.sources, c, quotes, self.settings.title_accept)
        if got is None:
            lines.append("sources file: no entry matches")
            return None
        entry, by = got
        url = entry.urls[0]
        if len(entry.urls) > 1 and self.fetcher is not None:
            # Several URLs are mirrors of one work: take the first that answers.
            for candidate in entry.urls:
                snap = self._page(candidate)
                if isinstance(snap, Snapshot) and snap.status < 400:
                    url = candidate
                    break
        lines.append(f"sources file: matched by {' and '.join(by)} (source #{entry.number})"
                     f" -> {url}")
        return url

    def _site(self, outlet: Outlet) -> SiteIndex:
        assert self.fetcher is not None
        if outlet.site not in self._sites:
            from provenance.resolve.discovery import SiteIndex

            self._sites[outlet.site] = SiteIndex(outlet, self.fetcher, self.settings)
        return self._sites[outlet.site]

    def _discover(self, outlet: Outlet, c: Citation, lines: list[str],
                  considered: list[str]) -> Citation | None:
        assert c.title is not None
        s = self.settings
        site = self._site(outlet)
        rank = functools.partial(_rank, c.title, c.date, s.date_tolerance)

        def enough(entries: tuple[Entry, ...]) -> bool:
            # Without a date, a sure title is not enough: the same headline may have run
            # on another day, so the whole budget is read to see whether it did.
            return c.date is not None and any(rank(e) >= _SURE_AT for e in entries)

        entries, kinds = site.entries(c.date, s.date_tolerance, enough)
        read = ", ".join(f"{n} {kind}" for kind, n in Counter(kinds).items()) or "nothing"
        if not entries:
            why = f" ({'; '.join(site.problems[-2:])})" if site.problems else ""
            lines.append(f"sitemap: {outlet.host}: no pages listed, read {read}{why}")
            return None
        ranked = _ranked(entries, rank)
        worth = [(score, e) for score, e in ranked if score >= _FETCH_AT]
        best_score, best = ranked[0]
        if c.date is None:
            lines.append(f"sitemap: no cited date: searched only the {len(kinds)} most "
                         "recent document(s)")
        lines.append(
            f"sitemap: {outlet.host}: read {read}; {len(entries)} pages listed, "
            f"{len(worth)} candidate(s), best {_label(best)!r} score {best_score:.0f}"
            + (f", date {best.date}" if best.date else ""))
        considered.extend(e.url for _, e in ranked[:_MAX_CANDIDATES] if e.url not in considered)
        found = self._confirm(c, worth[: s.max_confirm], lines, considered, archive=None)
        return found

    def _by_quote(self, outlets: Sequence[Outlet], c: Citation, quotes: tuple[str, ...],
                  lines: list[str]) -> Citation:
        """A work cited without a title ("El Comercio editorialized: “...”"): the outlet's
        pages from around the date are read, nearest first (and first those whose address
        names the kind of piece the citation names), until one holds a quotation made from
        the work verbatim. The words themselves confirm the page; nothing else would."""
        when, why = (c.date, "cited") if c.date else self._date_hint()
        # A few words stand on many pages: only a quotation long enough to tell one page
        # from another confirms it, and the longest few are enough to try.
        quotes = tuple(sorted((q for q in quotes if len(q.split()) >= _QUOTE_WORDS),
                              key=len, reverse=True)[:_QUOTES_TRIED])
        if not quotes or when is None:
            lines.append("discovery: not searched, the citation gives no title" + (
                "" if quotes else f" and no quotation of {_QUOTE_WORDS} words or more from it")
                + ("" if when else " and no date, nor does any work cited before it"))
            return self._not_found(c, lines, ())
        s = self.settings
        start = when - dt.timedelta(days=s.quote_window)
        end = when + dt.timedelta(days=s.quote_window)
        lines.append(f"discovery: no title: looking for the page that holds the quoted words, "
                     f"from {start} to {end} ({why} date {when})")
        wanted = _kind_words(c.reference)
        considered: list[str] = []
        for outlet in outlets[:_MAX_OUTLETS]:
            site = self._site(outlet)
            entries, kinds = site.entries(when, s.quote_window, lambda _: False)
            listed = _near(entries, when, s.quote_window, wanted)
            read = 0
            for got in self._read_ahead(listed[: s.max_quote_pages], c):
                if isinstance(got, str):
                    continue
                read += 1
                snap, url, how = got
                considered.append(url)
                if _holds(snap, quotes):
                    from provenance.resolve.confirm import page_facts

                    published = page_facts(snap).date
                    lines.append(f"quote: {url} holds the quoted words verbatim (page {read} "
                                 f"of {len(listed)} listed on {outlet.host})"
                                 + (f", published {published}" if published else "")
                                 + (f" ({how})" if how else ""))
                    return replace(c, url=url, published=published, candidates=tuple(
                        u for u in considered if u != url))
            if not listed:
                problems = f" ({'; '.join(site.problems[-2:])})" if site.problems else ""
                lines.append(f"quote: {outlet.host}: no pages listed from {start} to {end}, "
                             f"read {len(kinds)} sitemap or feed document(s){problems}")
                continue
            lines.append(f"quote: {outlet.host}: none of the {read} page(s) read of "
                         f"{len(listed)} listed holds the quoted words")
        return self._not_found(c, lines, considered[:_MAX_CANDIDATES],
                               "no page read holds the quoted words")

    def _date_hint(self) -> tuple[dt.date | None, str]:
        """The date of the closest work cited before, with a date: a document quoting a
        work without dating it is most often writing about the same days."""
        for earlier in reversed(self._earlier):
            if earlier.date is not None:
                return earlier.date, f"no date given: {earlier.key}'s"
        return None, ""

    def _archive_search(self, outlet: Outlet, c: Citation, lines: list[str],
                        considered: list[str]) -> Citation | None:
        assert self.fetcher is not None and c.title is not None and c.date is not None
        s = self.settings
        wayback = Wayback(s, self.fetcher)
        start = c.date - dt.timedelta(days=s.date_tolerance)
        end = c.date + dt.timedelta(days=s.archive_window)
        prefix = outlet.site.split("://", 1)[-1].rstrip("/") + "/"
        captures = wayback.captures(prefix, start, end)
        if not captures:
            lines.append(f"archive: no captures of {prefix} from {start} to {end}")
            return None
        latest: dict[str, Capture] = {}
        for cap in captures:  # the first capture of each URL after the cited date
            latest.setdefault(cap.original, cap)
        from provenance.resolve.discovery import Entry

        entries = tuple(Entry(url, None, None, via="archive") for url in latest)
        rank = functools.partial(_rank, c.title, None, s.date_tolerance)
        ranked = _ranked(entries, rank)
        worth = [(score, e) for score, e in ranked if score >= _FETCH_AT]
        best_score, best = ranked[0]
        lines.append(f"archive: {len(latest)} URLs captured from {start} to {end}, "
                     f"{len(worth)} candidate(s), best {_label(best)!r} score {best_score:.0f}")
        considered.extend(e.url for _, e in ranked[:_MAX_CANDIDATES] if e.url not in considered)
        found = self._confirm(c, worth[: s.max_confirm], lines, considered,
                              archive=(wayback, latest))
        return found

    # --- confirmation -------------------------------------------------------------------

    def _confirm(self, c: Citation, candidates: list[tuple[float, Entry]], lines: list[str],
                 considered: list[str],
                 archive: tuple[Wayback, dict[str, Capture]] | None) -> Citation | None:
        from provenance.resolve.confirm import check_page, page_facts

        assert c.title is not None
        s = self.settings
        accepted: list[_Found] = []
        notes: list[str] = []
        for _, entry in candidates:
            got = self._read(entry, c, archive)
            if isinstance(got, str):
                notes.append(f"{_label(entry)!r}: {got}")
                continue
            snap, url, how = got
            listed = entry.date if entry.published else None
            verdict = check_page(page_facts(snap), c.title, c.date, c.author,
                                 s.title_accept, s.date_tolerance, listed)
            if not verdict.accepted:
                notes.append(f"{_label(entry)!r}: {verdict.reason}")
                continue
            accepted.append(_Found(url, verdict.title_score, verdict.date, how))
            if verdict.title_score >= _SURE_AT and c.date is not None and verdict.date == c.date:
                break  # the cited title on the cited day: no other candidate can do better
        if notes:
            lines.append("confirm: rejected " + "; ".join(notes))
        if not accepted:
            return None
        accepted.sort(key=lambda f: (-round(f.score), _days(f.date, c.date)))
        best = accepted[0]
        rivals = [f for f in accepted[1:] if f.url != best.url and round(f.score) == round(
            best.score) and _days(f.date, c.date) == _days(best.date, c.date)]
        if rivals:
            lines.append(f"confirm: ambiguous, {best.url} and {rivals[0].url} both agree "
                         "as well with the cited title and date")
            considered.extend(f.url for f in (best, *rivals))
            return None
        lines.append(f"confirm: {best.url} title score {best.score:.0f}"
                     + (f", published {best.date}" if best.date else "")
                     + (f" ({best.note})" if best.note else ""))
        if c.date and best.date and best.date != c.date:
            lines.append(f"date: cited {c.date}, page says {best.date} (date mismatch)")
        considered[:] = [u for u in considered if u != best.url]
        return replace(c, url=best.url, published=best.date,
                       candidates=tuple(u for u in considered if u != best.url))

    def _read(self, entry: Entry, c: Citation,
              archive: tuple[Wayback, dict[str, Capture]] | None
              ) -> tuple[Snapshot, str, str] | str:
        """The page to confirm (live, or the archive's copy when the live one is gone):
        its snapshot, the URL to cite, and a note; or why it could not be read."""
        assert self.fetcher is not None
        wayback = archive[0] if archive else Wayback(self.settings, self.fetcher)
        if archive is not None:  # found in the archive's index: read the capture itself
            cap = archive[1][entry.url]
            got = self._page(wayback.playback_url(cap))
            if isinstance(got, FetchError):
                return got.reason
            if got.status >= 400:
                return f"archived copy answered HTTP {got.status}"
            return got, wayback.playback_url(cap), f"archived copy of {entry.url}"
        got = self._page(entry.url)
        problem = got.reason if isinstance(got, FetchError) else (
            f"HTTP {got.status}" if got.status >= 400 else None)
        if problem is None and isinstance(got, Snapshot):
            moved = f"moved from {entry.url}" if got.final_url != entry.url else ""
            return got, got.final_url, moved
        if isinstance(got, Snapshot) and got.status not in _GONE:
            return problem or "unreadable"
        cap = wayback.closest(entry.url, c.date)
        if cap is None:
            return f"{problem}, and no archived copy"
        copy = self._page(wayback.playback_url(cap))
        if isinstance(copy, FetchError) or copy.status >= 400:
            return f"{problem}, and the archived copy could not be read"
        note = f"live page {problem}: archived copy {cap.timestamp}"
        return copy, wayback.playback_url(cap), note

    def _read_ahead(self, entries: Sequence[Entry], c: Citation
                    ) -> Iterator[tuple[Snapshot, str, str] | str]:
        """``_read`` of each entry, in order, the next ones fetched while one is looked at:
        as many at once as a host takes (``per_host``). Reading stops with the caller, so at
        most one page is fetched for nothing."""
        ahead = max(1, self.settings.per_host)
        rest = iter(entries)
        with ThreadPoolExecutor(max_workers=ahead) as pool:
            pending = deque(pool.submit(self._read, e, c, None)
                            for e in itertools.islice(rest, ahead))
            try:
                while pending:
                    yield pending.popleft().result()
                    nxt = next(rest, None)
                    if nxt is not None:
                        pending.append(pool.submit(self._read, nxt, c, None))
            finally:
                for future in pending:
                    future.cancel()

    def _page(self, url: str) -> Snapshot | FetchError:
        # A work cited twice is confirmed once: recent pages are kept, a bounded number.
        with self._pages_lock:
            got = self._pages.get(url)
        if got is None:
            assert self.fetcher is not None
            try:
                got = self.fetcher.fetch(url)
            except FetchError as exc:
                got = exc
            with self._pages_lock:  # (pages are read two at a time: see _read_ahead)
                self._pages[url] = got
                while len(self._pages) > _KEEP_PAGES:
                    del self._pages[next(iter(self._pages))]
        return got

    def _not_found(self, c: Citation, lines: list[str], considered: Sequence[str],
                   why: str | None = None) -> Citation:
        if why is None and (considered or c.title):
            why = "no candidate's title and date agree well enough"
        lines.append(f"source not found: {why}" if why else "source not found")
        return replace(c, url=None, candidates=tuple(dict.fromkeys(considered)))


def _rank(title: str, when: dt.date | None, tolerance: int, entry: Entry) -> float:
    """How likely a listed page is the cited work, 0..100, before reading it."""
    slug = slug_text(entry.url)
    score = title_score(title, slug, slug=True) if slug else 0.0
    if entry.title:
        score = max(score, title_score(title, entry.title))
    if when is not None and entry.date is not None:
        days = (entry.date - when).days
        if entry.published:
            score -= 0 if abs(days) <= tolerance else 15 if abs(days) <= 7 else 30
        elif days < -tolerance:  # last modified before the work appeared: not it
            score -= 30
    return score


def _ranked(entries: tuple[Entry, ...], rank: functools.partial[float]
            ) -> list[tuple[float, Entry]]:
    best: dict[str, tuple[float, Entry]] = {}
    for e in entries:
        score = rank(e)
        if e.url not in best or score > best[e.url][0] or (
                score == best[e.url][0] and e.title and not best[e.url][1].title):
            best[e.url] = (score, e)
    return sorted(best.values(), key=lambda pair: -pair[0])


# Words of a citation that name the kind of piece (by their start, folded), and what the
# address of such a piece holds on most news sites.
_KINDS = {"editorial": "editorial", "ledare": "editorial", "leitartikel": "editorial",
          "column": "column", "columna": "column", "kolumn": "column", "opinion": "column"}
_MARKS = {"editorial": ("editorial", "opinion", "ledare", "meinung", "kommentar"),
          "column": ("opinion", "column", "columna", "kolumn")}


def _kind(reference: str) -> str | None:
    """The kind of piece the words citing it name ("editorial", "column"), if any."""
    for word in fold(reference).split():
        for stem, kind in _KINDS.items():
            if word.startswith(stem):
                return kind
    return None


def _kind_words(reference: str) -> tuple[str, ...]:
    """What the address of the cited piece likely holds, from the words that cite it."""
    kind = _kind(reference)
    return _MARKS[kind] if kind else ()


def _near(entries: tuple[Entry, ...], when: dt.date, window: int,
          wanted: tuple[str, ...]) -> list[Entry]:
    """The listed pages that can be from ``when`` (give or take ``window`` days), the
    likeliest first: an address naming the kind of piece cited, then the nearest date."""
    best: dict[str, Entry] = {}
    for e in entries:
        if e.date is not None:
            days = (e.date - when).days
            # A publication date must be near; a last-modified one only not before.
            if abs(days) > window if e.published else days < -window:
                continue
        if e.url not in best or (e.published and not best[e.url].published):
            best[e.url] = e

    def order(e: Entry) -> tuple[int, int, str]:
        kind = 0 if any(w in e.url.lower() for w in wanted) else 1
        return kind, _days(e.date, when) if e.date else window + 1, e.url

    return sorted(best.values(), key=order)


def _holds(snap: Snapshot, quotes: tuple[str, ...]) -> bool:
    """Whether the page's text holds one of the quotations verbatim (ellipses and
    [brackets] allowed)."""
    from provenance.match.search import best_match
    from provenance.model import EditKind, Quote, Span
    from provenance.text.extract import extract_text

    text = extract_text(snap)
    if not (text.main or text.full):
        return False
    for q in quotes:
        m = best_match(Quote(q, Span(0, len(q)), 1, 1), text)
        if m is not None and all(e.kind is EditKind.BRACKETED for e in m.edits):
            return True
    return False


def _label(entry: Entry) -> str:
    text = entry.title or slug_text(entry.url).replace(" ", "-") or entry.url
    return text if len(text) <= 48 else text[:45] + "..."


def _days(date: dt.date | None, when: dt.date | None) -> int:
    return abs((date - when).days) if date and when else 0


@functools.cache
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # Titles are short: among every language the model knows, neighbours (sv/nn/no,
    # es/ext/an) split the probability. Cited outlets write in a few large languages.
    identifier.set_languages(_TITLE_LANGUAGES)
    return identifier


@functools.lru_cache(maxsize=256)  # asked again for each work once all are resolved
def _translation_hint(title: str, language: str | None) -> str | None:
    """A line saying the cited title reads as another language than the outlet's."""
    if not language or len(fold(title).split()) < 4:
        return None
    ranking = dict(_identifier().rank(title))  # type: ignore[attr-defined]
    lang, prob = max(ranking.items(), key=lambda kv: kv[1])
    if lang != language and prob >= 0.6 and ranking.get(language, 0.0) < 0.1:
        return (f"title looks {lang}, the outlet writes {language}: "
                "it may be a translation of the real title")
    return None

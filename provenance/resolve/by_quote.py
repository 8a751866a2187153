"""A work cited without a title ("El Comercio editorialized: “...”") is found by the words
quoted from it: the outlet's pages from around the date are read, nearest first (and first
those whose address names the kind of piece the citation names), until one holds a
quotation made from the work verbatim. The words themselves confirm the page; nothing else
would."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from provenance.errors import FetchFailure
from provenance.model import Citation, Outcome, ResolutionStep, Snapshot, StepKind
from provenance.resolve.candidates import MAX_CANDIDATES, days_apart, unresolved
from provenance.resolve.outlets import Outlet
from provenance.resolve.pages import PageReader, Unread, unanswered
from provenance.resolve.translations import piece_kind
from provenance.settings import Settings

if TYPE_CHECKING:
    from provenance.resolve.discovery import Entry, SiteIndex

__all__ = ["QUOTE_WORDS", "find_by_quote"]

QUOTE_WORDS = 6  # words a quotation needs to confirm a page for a work without a title
_QUOTES_TRIED = 8  # the longest quotations of such a work looked for on each page

# What the address of a kind of piece holds on most news sites.
_MARKS = {"editorial": ("editorial", "opinion", "ledare", "meinung", "kommentar"),
          "column": ("opinion", "column", "columna", "kolumn")}


def find_by_quote(c: Citation, quotes: Sequence[str], outlets: Sequence[Outlet],
                  when: tuple[dt.date | None, str], *, site: Callable[[Outlet], SiteIndex],
                  reader: PageReader,
                  holds: Callable[[Snapshot, tuple[str, ...]], bool] | None,
                  settings: Settings, steps: list[ResolutionStep]) -> Citation:
    """The citation with the URL of the page that holds one of ``quotes`` verbatim, or
    left unresolved. ``when``: the date to search around and where it comes from ("cited",
    or the work cited before it); ``holds``: whether a page holds one of the quotations
    (None: pages cannot be read for them here, and none is)."""
    day, why = when
    # A few words stand on many pages: only a quotation long enough to tell one page
    # from another confirms it, and the longest few are enough to try.
    tried = tuple(sorted((q for q in quotes if len(q.split()) >= QUOTE_WORDS),
                         key=len, reverse=True)[:_QUOTES_TRIED])
    if not tried or day is None:
        steps.append(ResolutionStep(
            StepKind.DISCOVERY, Outcome.SKIPPED,
            "not searched, the citation gives no title"
            + ("" if tried else f" and no quotation of {QUOTE_WORDS} words or more from it")
            + ("" if day else " and no date, nor does any work cited before it")))
        return unresolved(c, steps, ())
    if holds is None:
        steps.append(ResolutionStep(StepKind.DISCOVERY, Outcome.SKIPPED,
                                    "not searched, the citation gives no title and the "
                                    "resolver was given no way to read a page's text"))
        return unresolved(c, steps, ())
    s = settings
    start = day - dt.timedelta(days=s.quote_window)
    end = day + dt.timedelta(days=s.quote_window)
    steps.append(ResolutionStep(
        StepKind.DISCOVERY, Outcome.NOTE,
        f"no title: looking for the page that holds the quoted words, from {start} to {end} "
        f"({why} date {day})"))
    kind = piece_kind(c.reference)
    wanted = _MARKS[kind] if kind else ()
    considered: list[str] = []
    for outlet in outlets:
        index = site(outlet)
        entries, kinds = index.entries(day, s.quote_window, lambda _: False)
        listed = _near(entries, day, s.quote_window, wanted)
        read = 0
        failures: list[FetchFailure | None] = []
        for got in reader.read_ahead([e.url for e in listed[: s.max_quote_pages]], c.date):
            if isinstance(got, Unread):
                failures.append(got.failure)
                continue
            read += 1
            considered.append(got.url)
            if holds(got.snapshot, tried):
                from provenance.resolve.confirm import page_facts

                published = page_facts(got.snapshot).date
                steps.append(ResolutionStep(
                    StepKind.QUOTE, Outcome.FOUND,
                    f"{got.url} holds the quoted words verbatim (page {read} of {len(listed)} "
                    f"listed on {outlet.host})"
                    + (f", published {published}" if published else "")
                    + (f" ({got.note})" if got.note else "")))
                return replace(c, url=got.url, published=published, candidates=tuple(
                    u for u in considered if u != got.url))
        if not listed:
            problems = f" ({'; '.join(index.problems[-2:])})" if index.problems else ""
            steps.append(ResolutionStep(
                StepKind.QUOTE_LISTING, unanswered(index.failures, Outcome.NO_CANDIDATES),
                f"{outlet.host}: no pages listed from {start} to {end}, read {len(kinds)} "
                f"sitemap or feed document(s){problems}"))
            continue
        # (Pages that could not be read go unsaid in the words for now; the outcome says
        # when some were offline or unreachable.)
        steps.append(ResolutionStep(
            StepKind.QUOTE, unanswered(failures, Outcome.NOT_FOUND),
            f"{outlet.host}: none of the {read} page(s) read of {len(listed)} listed holds the "
            "quoted words"))
    return unresolved(c, steps, considered[:MAX_CANDIDATES],
                      "no page read holds the quoted words")


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
        return kind, days_apart(e.date, when) if e.date else window + 1, e.url

    return sorted(best.values(), key=order)

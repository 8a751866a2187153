"""Candidate pages for a cited work: ranked by what their listing says (address, title,
date) before any is read, then read in that order and confirmed by what each page says of
itself. Two candidates that agree equally well confirm neither: never a confident wrong
answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from provenance.errors import FetchFailure
from provenance.model import Citation, Outcome, ResolutionStep, StepKind
from provenance.resolve.pages import Page, Unread, unanswered
from provenance.settings import Settings
from provenance.words.titles import slug_text, title_score

if TYPE_CHECKING:
    from provenance.resolve.discovery import Entry

__all__ = ["FETCH_AT", "MAX_CANDIDATES", "SURE_AT", "confirm", "days_apart", "label", "rank",
           "ranked", "unresolved"]

FETCH_AT = 60.0  # rank score a candidate needs to be worth fetching
SURE_AT = 99.0  # a confirmed title this close on the cited day ends the search early
MAX_CANDIDATES = 5  # candidate URLs kept on an unresolved citation


@dataclass(frozen=True, slots=True)
class _Found:
    url: str  # where the work is read: the live page, or an archived copy
    score: float
    date: dt.date | None
    note: str


def rank(title: str, when: dt.date | None, tolerance: int, entry: Entry) -> float:
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


def ranked(entries: tuple[Entry, ...], by: Callable[[Entry], float]
           ) -> list[tuple[float, Entry]]:
    """Each listed URL once (its best listing), best first."""
    best: dict[str, tuple[float, Entry]] = {}
    for e in entries:
        score = by(e)
        if e.url not in best or score > best[e.url][0] or (
                score == best[e.url][0] and e.title and not best[e.url][1].title):
            best[e.url] = (score, e)
    return sorted(best.values(), key=lambda pair: -pair[0])


def confirm(c: Citation, candidates: list[tuple[float, Entry]],
            read: Callable[[Entry], Page | Unread], settings: Settings,
            steps: list[ResolutionStep], considered: list[str]) -> Citation | None:
    """The citation with the URL of the one candidate whose own title, date and author
    agree with it; None when none does, or two do equally well."""
    from provenance.resolve.confirm import check_page, page_facts

    assert c.title is not None
    s = settings
    accepted: list[_Found] = []
    notes: list[str] = []
    failures: list[FetchFailure | None] = []
    for _, entry in candidates:
        got = read(entry)
        if isinstance(got, Unread):
            notes.append(f"{label(entry)!r}: {got.reason}")
            failures.append(got.failure)
            continue
        listed = entry.date if entry.published else None
        verdict = check_page(page_facts(got.snapshot), c.title, c.date, c.author,
                             s.title_accept, s.date_tolerance, listed)
        if not verdict.accepted:
            notes.append(f"{label(entry)!r}: {verdict.reason}")
            continue
        accepted.append(_Found(got.url, verdict.title_score, verdict.date, got.note))
        if verdict.title_score >= SURE_AT and c.date is not None and verdict.date == c.date:
            break  # the cited title on the cited day: no other candidate can do better
    if notes:
        steps.append(ResolutionStep(StepKind.CONFIRM, unanswered(failures, Outcome.REJECTED),
                                    "rejected " + "; ".join(notes)))
    if not accepted:
        return None
    accepted.sort(key=lambda f: (-round(f.score), days_apart(f.date, c.date)))
    best = accepted[0]
    rivals = [f for f in accepted[1:] if f.url != best.url and round(f.score) == round(
        best.score) and days_apart(f.date, c.date) == days_apart(best.date, c.date)]
    if rivals:
        steps.append(ResolutionStep(
            StepKind.CONFIRM, Outcome.REJECTED,
            f"ambiguous, {best.url} and {rivals[0].url} both agree as well with the cited "
            "title and date"))
        considered.extend(f.url for f in (best, *rivals))
        return None
    steps.append(ResolutionStep(StepKind.CONFIRM, Outcome.FOUND,
                                f"{best.url} title score {best.score:.0f}"
                                + (f", published {best.date}" if best.date else "")
                                + (f" ({best.note})" if best.note else "")))
    if c.date and best.date and best.date != c.date:
        steps.append(ResolutionStep(StepKind.DATE, Outcome.NOTE,
                                    f"cited {c.date}, page says {best.date} (date mismatch)"))
    considered[:] = [u for u in considered if u != best.url]
    return replace(c, url=best.url, published=best.date,
                   candidates=tuple(u for u in considered if u != best.url))


def label(entry: Entry) -> str:
    """A listed page in a few words: its title, else its address's words."""
    text = entry.title or slug_text(entry.url).replace(" ", "-") or entry.url
    return text if len(text) <= 48 else text[:45] + "..."


def days_apart(date: dt.date | None, when: dt.date | None) -> int:
    return abs((date - when).days) if date and when else 0


def _no_candidates(steps: list[ResolutionStep]) -> str:
    """Why no candidate was read, from what the steps came to: unreachable, offline, or
    nothing listed."""
    outcomes = {s.outcome for s in steps}
    if Outcome.UNREACHABLE in outcomes:
        return "no candidates: what had to be asked could not be reached"
    if Outcome.OFFLINE in outcomes:
        return "no candidates: offline, and the pages to search are not in the cache"
    return "no candidates: nothing listed matched the cited title"


def unresolved(c: Citation, steps: list[ResolutionStep], considered: list[str] | tuple[str, ...],
               why: str | None = None) -> Citation:
    """The citation left without a URL, with the candidates considered, and a last step
    saying no page was found (and why, when there is more to say than that)."""
    if why is None and considered:
        why = (f"{len(considered)} candidate(s) read, none whose title and date agree well "
               "enough (scores above)")
    elif why is None and c.title:
        why = _no_candidates(steps)
    steps.append(ResolutionStep(StepKind.NOT_FOUND, Outcome.NOT_FOUND, why or ""))
    return replace(c, url=None, candidates=tuple(dict.fromkeys(considered)))

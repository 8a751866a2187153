"""What a fetched page says about itself (title, published date, author), and whether
that is the work a citation describes."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from lxml import html
from rapidfuzz import fuzz

from provenance.model import Snapshot
from provenance.words.titles import fold, title_score

_WORD_AT = 75.0  # partial similarity a title's word needs in the other title
_EXACT_AT = 99.0  # title score that counts as the same title (a page off the cited date)

__all__ = ["PageFacts", "Verdict", "check_page", "page_facts"]

log = logging.getLogger(__name__)

# Headlines often carry the site's name: "Title | La República", "Title - El Comercio".
_SITE_SUFFIX = re.compile(r"\s+[|\-–—·:]\s+[^|\-–—·:]{2,60}$")


@dataclass(frozen=True, slots=True)
class PageFacts:
    titles: tuple[str, ...]  # the page's own titles: metadata title, og:title, <title>, <h1>
    date: dt.date | None = None  # published, per the page's metadata (htmldate)
    author: str | None = None


def page_facts(snapshot: Snapshot) -> PageFacts:
    """Title(s), published date and author from the page's own markup."""
    # Imported here, not at the top: trafilatura (with courlan, htmldate, justext) is a
    # third of a second to import, and only resolving a work named without a URL reads a
    # page's metadata; an offline re-run of URL citations never does.
    import trafilatura

    body = snapshot.body
    try:
        meta = trafilatura.extract_metadata(
            body, default_url=snapshot.final_url,
            date_config={"original_date": True, "extensive_search": False,
                         "max_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()})
    except Exception as exc:
        log.info("metadata of %s: %s", snapshot.final_url, exc)
        meta = None
    titles: list[str] = []
    if meta is not None and meta.title:
        titles.append(meta.title)
    try:
        tree = html.fromstring(body)
    except (ValueError, SyntaxError):
        tree = None
    if tree is not None:
        for xpath in ('//meta[@property="og:title"]/@content', "//title//text()",
                      "//h1//text()"):
            text = " ".join(str(t) for t in tree.xpath(xpath)).strip()
            if text:
                titles.append(text)
    date = None
    if meta is not None and meta.date:
        try:
            date = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            date = None
    author = meta.author if meta is not None and meta.author else None
    return PageFacts(tuple(dict.fromkeys(titles)), date, author)


@dataclass(frozen=True, slots=True)
class Verdict:
    accepted: bool
    title_score: float  # 0..100, best of the page's titles against the cited title
    date: dt.date | None  # the date used: the page's own, else the listing's publication date
    reason: str  # why accepted or not, for the resolution line


def check_page(facts: PageFacts, title: str, when: dt.date | None, author: str | None,
               title_at: float, tolerance: int,
               listed: dt.date | None = None) -> Verdict:
    """Whether a page is the cited work: its own title agrees, its date is within
    ``tolerance`` days of the cited one, and its author (when both name one) agrees."""
    variants = []
    for t in facts.titles:
        variants.append(t)
        stripped = _SITE_SUFFIX.sub("", t)
        if stripped != t:
            variants.append(stripped)
    scored = sorted(((title_score(title, v), v) for v in variants), reverse=True)
    score, best = scored[0] if scored else (0.0, "")
    date = facts.date or listed
    if score < title_at:
        return Verdict(False, score, date, f"title score {score:.0f}")
    odd = _odd_word(title, best)
    if odd:
        return Verdict(False, score, date, f"title score {score:.0f} but {odd!r} differs")
    if when is not None:
        if date is None:
            return Verdict(False, score, None, "no published date on the page to confirm")
        if abs((date - when).days) > tolerance:
            return Verdict(False, score, date, f"published {date}, cited {when}")
        if date != when and score < _EXACT_AT:
            # One doubt is a typo or a slip of the date; both at once is too much doubt.
            return Verdict(False, score, date,
                           f"title score {score:.0f} and published {date}, cited {when}")
    if author and facts.author and not _same_author(author, facts.author):
        return Verdict(False, score, date, f"by {facts.author!r}, cited {author!r}")
    return Verdict(True, score, date, f"title score {score:.0f}")


def _same_author(cited: str, page: str) -> bool:
    # "J. Bruce" vs "Jorge Bruce": a surname in common is agreement; an initial is not.
    words = {w for w in fold(cited).split() if len(w) > 2}
    return bool(words & set(fold(page).split())) or not words


def _odd_word(cited: str, page: str) -> str | None:
    """A word one title has and the other lacks, beyond a typo; None when none.

    A high character score hides a swapped word ("revisa" for "aprueba", "Puno" for
    "Piura") in a long headline: that is another work, not a typo. Every content word and
    every number of each title must stand in the other, allowing a letter or two.
    """
    a, b = fold(cited), fold(page)
    for words, other in ((a.split(), b), (b.split(), a)):
        # A typo may also move or drop a space ("segunu avez" for "segunda vez").
        joined = other.replace(" ", "")
        for word in words:
            if any(ch.isdigit() for ch in word):
                if word not in other.split():
                    return word
            elif len(word) > 3 and max(fuzz.partial_ratio(word, other),
                                       fuzz.partial_ratio(word, joined)) < _WORD_AT:
                return word
    return None

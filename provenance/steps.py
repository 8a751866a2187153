"""How a cited work was resolved to its page, step by step: what each step tried, what came
of it, and one line for people. Part of the shared vocabulary (``provenance.model`` names
these too): free of package imports."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StepKind(StrEnum):
    """A step of resolving a cited work to the URL of its page."""

    URL = "url"  # the document gives the URL
    VAGUE = "vague"  # no work is named: nothing to resolve
    BACK_REFERENCE = "back-reference"  # outlet and date taken from a work cited before
    SOURCES_FILE = "sources-file"  # the user's sources file
    REGISTRY = "registry"  # the registry of known outlets
    DISCOVERY = "discovery"  # whether and how the outlet's own site is searched
    TITLE_LANGUAGE = "title-language"  # the cited title reads as another language
    SITEMAP = "sitemap"  # the site's sitemaps and feeds, ranked against the cited title
    QUOTE_LISTING = "quote-listing"  # the site's pages from around the date, to read
    QUOTE = "quote"  # those pages, read for the quoted words
    ARCHIVE_SEARCH = "archive-search"  # the web archive's index of the outlet's site
    CONFIRM = "confirm"  # candidate pages read and checked against the citation
    DATE = "date"  # the page's own date against the cited one
    TRANSLATION = "translation"  # a translated title tied to the work cited in the original
    ARCHIVED_COPY = "archived-copy"  # the archive's copy of a live page that cannot be read
    NOT_FOUND = "not-found"  # the conclusion: no page found for the work


class Outcome(StrEnum):
    """What one resolution step came to."""

    FOUND = "found"  # what the step looks for: a URL, an outlet, candidates, a copy
    NOT_FOUND = "not-found"  # asked, and the answer was no
    NO_CANDIDATES = "no-candidates"  # nothing listed was worth reading
    REJECTED = "rejected"  # candidates were read and none (or more than one) agreed
    UNREACHABLE = "unreachable"  # what had to be asked did not answer
    OFFLINE = "offline"  # offline, and what had to be read is not in the cache
    SKIPPED = "skipped"  # not tried: nothing to go on, or the means are missing
    FAILED = "failed"  # a fault of ours stopped the step (the detail names it)
    NOTE = "note"  # an observation along the way, not a result


# The words each step's sentence starts with (several steps share words).
_STEP_LEADS = {
    StepKind.URL: "url given", StepKind.VAGUE: "vague attribution",
    StepKind.BACK_REFERENCE: "back-reference", StepKind.SOURCES_FILE: "sources file",
    StepKind.REGISTRY: "registry", StepKind.DISCOVERY: "discovery",
    StepKind.TITLE_LANGUAGE: "title", StepKind.SITEMAP: "sitemap",
    StepKind.QUOTE_LISTING: "quote", StepKind.QUOTE: "quote",
    StepKind.ARCHIVE_SEARCH: "archive", StepKind.CONFIRM: "confirm", StepKind.DATE: "date",
    StepKind.TRANSLATION: "translation", StepKind.ARCHIVED_COPY: "archive",
    StepKind.NOT_FOUND: "source not found",
}


@dataclass(frozen=True, slots=True)
class ResolutionStep:
    """One step taken to find a cited work's page: what was tried, what came of it, and the
    particulars a reader needs (counts, URLs, scores)."""

    step: StepKind
    outcome: Outcome
    detail: str = ""

    @property
    def sentence(self) -> str:
        """The step as one line for people, e.g. "sources file: no entry matches"."""
        lead = _STEP_LEADS[self.step]
        if not self.detail:
            return lead
        # "title looks sv, the outlet writes es: ..." reads as one phrase.
        return f"{lead} {self.detail}" if self.step is StepKind.TITLE_LANGUAGE \
            else f"{lead}: {self.detail}"

    def __str__(self) -> str:
        return self.sentence

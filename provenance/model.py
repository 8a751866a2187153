"""The values that flow between stages: frozen, slotted, and free of package imports (but
``steps``, the resolution steps, kept apart and named here too).

Every stage takes and returns these. Tuples, not lists, so values stay hashable and
immutable; vary them with ``dataclasses.replace``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, Self

from provenance.steps import Outcome as Outcome
from provenance.steps import ResolutionStep as ResolutionStep
from provenance.steps import StepKind as StepKind


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # char offsets into the text they belong to, end exclusive
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Link:
    """A URL the document points at: an inline URL, a Markdown or HTML link, a footnote."""

    url: str
    span: Span  # where the link (or its anchor text) stands in Document.text
    label: str = ""  # anchor text, or the footnote's marker ("1", "[3]", "¹")
    kind: str = "inline"  # inline | markdown | html | footnote | cite (<q cite="URL">)


@dataclass(frozen=True, slots=True)
class Document:
    text: str  # the readable text every span points into
    origin: str  # path or URL as the user gave it
    format: str  # txt | md | html | pdf
    sha256: str  # of the raw bytes read
    links: tuple[Link, ...] = ()
    block_quotes: tuple[Span, ...] = ()  # <blockquote>, <q> and Markdown ">" quotes, in text
    cited_titles: tuple[Span, ...] = ()  # HTML <cite>: the titles of works, in text
    credits: tuple[tuple[Span, Span], ...] = ()  # HTML (block quote, its credit line)
    notes: tuple[tuple[Span, Span], ...] = ()  # (marker, its note's words): notes with no URL
    # HTML: where runs of the text start in the file itself, as (text offset, line, column),
    # so that a quote's line and column are the file's own; empty when the text is the file
    positions: tuple[tuple[int, int, int], ...] = ()


class QuoteKind(StrEnum):
    QUOTATION = "quotation"  # a passage presented as someone's words: verified
    TERM = "term"  # scare quote or short term: listed, checked opportunistically
    TITLE = "title"  # the name of a cited work


class CitationHow(StrEnum):
    URL = "url"
    FOOTNOTE = "footnote"
    PARENTHETICAL = "parenthetical"
    NARRATIVE = "narrative"
    BACK_REFERENCE = "back-reference"
    VAGUE = "vague"  # "the country's newspapers": recorded, never resolved


@dataclass(frozen=True, slots=True, kw_only=True)
class Work:
    """What describes a cited work: the one definition, shared by the document's citations
    (``Citation``) and the user's sources file (``SourceEntry``). Keyword-only, so a record
    built on it names each of these."""

    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    date: dt.date | None = None

    def facts(self) -> int:
        """How many of outlet, title, author and date are known."""
        return sum(x is not None for x in (self.outlet, self.title, self.author, self.date))


@dataclass(frozen=True, slots=True)
class Citation(Work):
    """A cited work as the document describes it (and, once resolved, where it lives)."""

    key: str  # stable id within the document, e.g. "c3" or "[1]"
    how: CitationHow
    reference: str = ""  # the document's own words describing the work
    url: str | None = None  # given by the document, or found by resolution
    spans: tuple[Span, ...] = ()
    language: str | None = None  # the outlet's language when known (ISO 639-1)
    resolution: tuple[ResolutionStep, ...] = ()  # every resolution step taken, in order
    candidates: tuple[str, ...] = ()  # URLs considered but not accepted
    published: dt.date | None = None  # the found page's own published date


@dataclass(frozen=True, slots=True)
class Quote:
    text: str  # exactly Document.text[span]: the words inside the marks
    span: Span
    line: int  # 1-based, of span.start
    column: int  # 1-based, of span.start
    kind: QuoteKind = QuoteKind.QUOTATION
    marks: str = ""  # opening and closing mark as found, e.g. "“”", "«»", "<q>"
    language: str | None = None  # ISO 639-1, None when too short to tell
    segments: tuple[str, ...] = ()  # the parts between ellipses, in order; () = (text,)
    insertions: tuple[str, ...] = ()  # [bracketed] words the quoting author added
    locations: tuple[Span, ...] = ()  # every place the same passage stands (first is span)
    citation: Citation | None = None
    link_reason: str = ""  # which words tied the quote to its citation, or why none
    speaker: str | None = None  # the name a verb of saying ties to it ("Jane Roe said")

    @property
    def parts(self) -> tuple[str, ...]:
        return self.segments or (self.text,)


class Origin(StrEnum):
    LIVE = "live"
    ARCHIVE = "archive"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class NotModified:
    """A 304 Not Modified answer: the server confirmed the body of an earlier capture."""

    headers: tuple[tuple[str, str], ...]  # the 304's own header fields
    earlier: str | None = None  # "file.warc.gz#offset" of the confirmed capture in the cache


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One capture of one URL, as evidence."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    content_type: str
    fetched_at: dt.datetime  # UTC
    sha256: str  # hex digest of body
    body: bytes = field(repr=False)
    headers: tuple[tuple[str, str], ...] = ()
    origin: Origin = Origin.LIVE
    warc: str | None = None  # "file.warc.gz#offset" of the response (or revisit) record
    request_headers: tuple[tuple[str, str], ...] = ()  # as sent, for the WARC request record
    redirects: tuple[tuple[str, int, str], ...] = ()  # hops before final_url: URL, status, Location
    # Set when a 304 confirmed an earlier capture: body, status and type are that capture's.
    not_modified: NotModified | None = None


class Fetcher(Protocol):
    """What every stage that reads pages is given: a capture of a URL, or a FetchError.
    Implementations subclass it for ``with`` support: leaving the block closes the fetcher."""

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        """A capture of ``url``; FetchError (its ``kind`` says why) when there is none.

        ``previous`` is an earlier capture of the URL to revalidate: a fetcher that can asks
        only whether it changed (If-None-Match / If-Modified-Since), and a 304 gives a capture
        with that body and ``not_modified`` set; one that cannot fetches as usual.
        """
        ...

    def kept(self, url: str) -> Snapshot | None:
        """A capture of ``url`` from what this fetcher keeps (its cache), with no request and
        no wait; None (as here, for one that keeps nothing) when ``fetch`` is needed."""
        return None

    def close(self) -> None:
        """Let go of what the fetcher holds (connections, and the fetchers it wraps)."""
        ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProgressKind(StrEnum):
    START = "start"  # a URL's fetch begins
    DONE = "done"  # a URL's fetch ended; detail: why it failed, or ""
    RETRY = "retry"  # a transient failure: the URL is tried again after a wait
    WAIT = "wait"  # a wait the server asked for (Retry-After), or politeness to a host


@dataclass(frozen=True, slots=True)
class ProgressEvent:
    """What fetching is doing, for whoever shows progress (the library never draws)."""

    kind: ProgressKind
    url: str = ""
    detail: str = ""  # for people: what failed, how long the wait is
    done: int = 0  # URLs finished in this batch of fetch_many
    total: int = 0  # URLs in the batch; 0 for an event of one fetch outside a batch


Progress = Callable[[ProgressEvent], None]


class ProblemKind(StrEnum):
    """Why a source could not be read, or its text not trusted to hold the quoted passage."""

    # A page was fetched; its text is missing or cannot be trusted.
    HTTP = "http"  # an error status (``status``); the detail says what the status means
    BLOCKED = "blocked"  # a bot check stands where the article should be
    PAYWALLED = "paywalled"  # the article is for subscribers
    NOT_FOUND = "not-found"  # a soft 404: the page says it was not found, under a 200
    MOVED = "moved"  # a soft 404: the cited page now redirects to the site's front page
    TRUNCATED = "truncated"  # fewer words than the page says the article has
    EMPTY = "empty"  # the server sent no content
    UNSUPPORTED = "unsupported"  # a type no text is read from (the detail names it)
    UNREADABLE = "unreadable"  # no text could be read from it (a broken PDF, no article)
    # No page was fetched: the detail is the fetcher's own sentence.
    FETCH = "fetch"
    OFFLINE = "offline"  # offline, and the page is not in the cache
    INTERNAL = "internal"  # a fault of ours
    # No page to fetch.
    UNRESOLVED = "unresolved"  # no URL found; the detail is the step that gave up
    # The same, offline, when pages needed to find it are not in the cache: an online run
    # may find it.
    UNRESOLVED_OFFLINE = "unresolved-offline"
    VAGUE = "vague"  # the document names no work (the detail is its words)
    NO_ARCHIVE = "no-archive"  # the live page could not be read (the detail says why, in
    # words) and the web archive has no copy either


# Kinds whose sentence is "<lead>: <detail>".
_PROBLEM_LEADS = {
    ProblemKind.BLOCKED: "blocked", ProblemKind.PAYWALLED: "paywalled",
    ProblemKind.NOT_FOUND: "soft 404", ProblemKind.MOVED: "soft 404",
    ProblemKind.TRUNCATED: "truncated", ProblemKind.EMPTY: "empty page",
}
# ...and the detail when a server's answer says it all: a bot check or a subscription
# prompt under an error status, a body with no content.
_PROBLEM_WORDS = {
    ProblemKind.BLOCKED: "the site answered with a bot check",
    ProblemKind.PAYWALLED: "the site asks for a subscription",
    ProblemKind.EMPTY: "the server sent no content",
}
_OFFLINE_SEARCH = "offline: the pages needed to find it are not in the cache"


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with a source, as a value: ``kind`` for programs, ``detail`` for the
    particulars (a MIME type, word counts, the fetcher's sentence), ``status`` when an HTTP
    status says it. ``sentence`` words it for people; nothing else does."""

    kind: ProblemKind
    detail: str = ""
    status: int | None = None  # the HTTP status behind it, when there is one

    @property
    def sentence(self) -> str:
        """One line for people, e.g. "HTTP 404: page not found"."""
        kind, detail = self.kind, self.detail
        http = f" (HTTP {self.status})" if self.status is not None else ""
        if kind in _PROBLEM_LEADS:
            said = detail or _PROBLEM_WORDS.get(kind, "")
            return f"{_PROBLEM_LEADS[kind]}: {said}{http}" if said else _PROBLEM_LEADS[kind]
        if kind is ProblemKind.HTTP:
            return f"HTTP {self.status}: {detail}" if detail else f"HTTP {self.status}"
        if kind is ProblemKind.UNSUPPORTED:
            return f"unsupported type {detail or 'unknown'}: no text could be read"
        if kind in (ProblemKind.UNRESOLVED, ProblemKind.UNRESOLVED_OFFLINE):
            said = f"source not found: {detail}" if detail else "source not found"
            return f"{said} ({_OFFLINE_SEARCH})" if kind is ProblemKind.UNRESOLVED_OFFLINE \
                else said
        if kind is ProblemKind.VAGUE:
            return f"vague attribution, no work named: {detail!r}"
        if kind is ProblemKind.NO_ARCHIVE:
            return f"{detail}; no archived copy either"
        return detail or kind.value  # the fetcher's sentence, or a reader's own words

    def __str__(self) -> str:
        return self.sentence

    def to_json(self) -> dict[str, str | int | None]:
        return {"kind": self.kind.value, "detail": self.detail, "status": self.status}

    @staticmethod
    def from_json(data: object) -> Problem | None:
        """A problem as ``to_json`` wrote it; None for none. ValueError when malformed.

        A plain string is a problem as caches written before problems were typed hold it:
        its sentence. Only problems of the body were kept (see ``depends_on_capture``), and
        the kind is read back from the words they start with; any other is unreadable.
        """
        if data is None:
            return None
        if isinstance(data, str):
            return _problem_from_sentence(data)
        if not isinstance(data, dict):
            raise ValueError(f"not a problem: {data!r}")
        status = data.get("status")
        if status is not None and not isinstance(status, int):
            raise ValueError(f"not an HTTP status: {status!r}")
        return Problem(ProblemKind(data["kind"]), str(data.get("detail", "")), status)


def _problem_from_sentence(sentence: str) -> Problem:
    for kind in (ProblemKind.BLOCKED, ProblemKind.PAYWALLED, ProblemKind.NOT_FOUND,
                 ProblemKind.TRUNCATED, ProblemKind.EMPTY):
        lead = _PROBLEM_LEADS[kind] + ": "
        if sentence.startswith(lead):
            return Problem(kind, sentence.removeprefix(lead))
    return Problem(ProblemKind.UNREADABLE, sentence)


@dataclass(frozen=True, slots=True)
class PageText:
    """What text extraction got from a snapshot."""

    main: str  # the article body
    full: str  # the whole page's readable text: headline, captions, sidebars, comments
    title: str | None = None
    date: dt.date | None = None  # published date, per the page's own metadata
    author: str | None = None
    language: str | None = None
    problem: Problem | None = None  # why the text may not hold the passage (paywall, 404)
    # True when the text says something of one capture (its HTTP status, where it redirected)
    # rather than of its body alone: such text is not kept by body digest for other captures.
    per_capture: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    citation: Citation
    snapshot: Snapshot | None = None
    text: PageText | None = None
    problem: Problem | None = None  # why it could not be read: becomes an unverified reason


class EditKind(StrEnum):
    SPELLING = "spelling"  # one letter or a near spelling
    ACCENT = "accent"  # differs only in diacritics
    CASE = "case"  # differs only in letter case
    PUNCTUATION = "punctuation"
    WORD_CHANGED = "word-changed"
    WORD_ADDED = "word-added"  # in the quote, not in the source
    WORD_DROPPED = "word-dropped"  # in the source, left out of the quote without an ellipsis
    REORDERED = "reordered"
    NUMBER_CHANGED = "number-changed"
    NEGATION_CHANGED = "negation-changed"
    NAME_CHANGED = "name-changed"
    BRACKETED = "bracketed"  # a declared [insertion]: not a difference, shows what it stands for


class Severity(StrEnum):
    MINOR = "minor"  # spelling, accents, case, punctuation, plural
    MAJOR = "major"  # words added, dropped, changed, reordered
    CRITICAL = "critical"  # numbers, negation, names: changes the claim


@dataclass(frozen=True, slots=True)
class Edit:
    kind: EditKind
    quote: str  # the quote's words ("" when the source has words the quote lacks)
    source: str  # the source's words ("" when the quote added words)
    severity: Severity = Severity.MAJOR
    span: Span | None = None  # in the source text, where the source side stands


@dataclass(frozen=True, slots=True)
class Match:
    score: float  # 0..100, similarity of the quote to the aligned source passage
    span: Span  # in the searched text (PageText.main, or .full when outside_body)
    source_text: str  # the source's own characters at span
    edits: tuple[Edit, ...] = ()
    elided: tuple[str, ...] = ()  # source text left out by each ellipsis, in order
    outside_body: bool = False  # found in PageText.full only


class Status(StrEnum):
    FOUND = "found"
    ALTERED = "altered"
    MISSING = "missing"
    UNVERIFIED = "unverified"


class Flag(StrEnum):
    ELIDED = "elided"
    OUTSIDE_BODY = "outside-body"
    FOUND_ELSEWHERE = "found-elsewhere"
    DATE_MISMATCH = "date-mismatch"
    TRANSLATED = "translated"
    PAGE_CHANGED = "page-changed"  # the passage differs between captures of the page
    NEGATED_CONTEXT = "negated-context"  # a negation just before the passage in the source
    SPEAKER_MISMATCH = "speaker-mismatch"  # the source gives the words to someone else
    JOINED = "joined"  # two quoted passages of the source run together, its words between
    PAYWALLED = "paywalled"  # judged on a page shown cut short (paywall, truncation)


@dataclass(frozen=True, slots=True)
class Verdict:
    quote: Quote
    status: Status
    reason: str  # one line a person can read
    match: Match | None = None
    flags: tuple[Flag, ...] = ()
    source: Source | None = None
    elsewhere: str | None = None  # URL where a misattributed quote was found


class ReuseKind(StrEnum):
    CREDITED = "credited"  # the passage's paragraph cites the source
    UNCREDITED = "uncredited"  # nothing credits the source there
    QUOTED_ELSEWHERE = "quoted-elsewhere"  # it overlaps a quotation of the document


@dataclass(frozen=True, slots=True)
class Reuse:
    """A passage of the document, outside quote marks, that shares a run of words with a
    source the document cites."""

    kind: ReuseKind
    url: str  # the source's
    span: Span  # in Document.text
    match: Match  # the source's side: its span and words in the main text, and the edits
    shared: int  # words the two have in common, in runs of at least the reuse minimum
    others: int = 0  # other sources holding a run of it too (reported once, with the best)
    also: tuple[str, ...] = ()  # the first few of those (URLs), best first


class RepostKind(StrEnum):
    FAITHFUL = "repost-faithful"  # every sentence of the original, and nothing else
    CHANGED = "repost-changed"  # sentences added, dropped or changed on the way
    TRANSLATION = "translation"  # another language: aligned by anchors, never word by word


class SentenceChange(StrEnum):
    ADDED = "added"  # in the document only
    DROPPED = "dropped"  # in the original only
    CHANGED = "changed"  # in both, with word-level edits


@dataclass(frozen=True, slots=True)
class SentenceDiff:
    change: SentenceChange
    document: Span | None  # in Document.text
    original: Span | None  # in Original.text
    edits: tuple[Edit, ...] = ()  # spans in Original.text


@dataclass(frozen=True, slots=True)
class AnchorClash:
    """Numbers or dates of a paragraph that its aligned paragraph has otherwise."""

    kind: str  # "number" or "date"
    document: tuple[str, ...]  # the paragraph's values the original's lacks
    original: tuple[str, ...]  # and the other way round
    paragraphs: tuple[int, int]  # (document's, original's), 0-based


@dataclass(frozen=True, slots=True)
class Original:
    """The whole document against the original it declares (or the one it was given)."""

    url: str
    kind: RepostKind
    text: str  # the original's main text
    languages: tuple[str | None, str | None]  # (document's, original's)
    original_share: float  # of the original's sentences, those present in the document
    document_share: float  # of the document's sentences, those from the original
    sentences: tuple[SentenceDiff, ...] = ()  # added, dropped, changed; none for a translation
    paragraphs: tuple[tuple[int, int], ...] = ()  # (document's, original's) aligned
    anchors: tuple[AnchorClash, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    document: Document
    verdicts: tuple[Verdict, ...]  # one per quotation
    others: tuple[Quote, ...] = ()  # terms and titles: listed, not verified
    # Terms whose words stand verbatim in one of the document's sources: (the term's span in
    # the document, that source's URL). Checked in passing: a lead, not a verdict.
    term_sources: tuple[tuple[Span, str], ...] = ()
    created_at: dt.datetime | None = None  # UTC
    manifest: tuple[tuple[str, str], ...] = ()  # settings that shaped the run, for replay
    # The document's own source (a link or note on its title, a "Source:" line): recorded,
    # not verified.
    sources: tuple[Citation, ...] = ()
    reuse: tuple[Reuse, ...] = ()  # unquoted passages shared with the cited sources
    original: Original | None = None  # the whole document against its declared original

    @property
    def summary(self) -> dict[str, int]:
        """How many verdicts have each status, every status named (in the order of Status)."""
        counts = {s.value: 0 for s in Status}
        for v in self.verdicts:
            counts[v.status.value] += 1
        return counts

"""Settings: every knob the tool has, with its default and unit."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

# Marks a setting that can change a verdict: a report's manifest records it, so a replay or
# a diff shows what a run was made with.
_SHAPES = {"manifest": True}


@dataclass(frozen=True, slots=True)
class Settings:
    # --- where things live ---
    cache_dir: Path = Path("cache")
    out_dir: Path = Path("reports")

    # --- fetching ---
    offline: bool = field(default=False, metadata=_SHAPES)
    # add a new capture even when one is cached
    refresh: bool = field(default=False, metadata=_SHAPES)
    connect_timeout: float = 10.0  # s
    read_timeout: float = 30.0  # s, between bytes
    request_timeout: float = 30.0  # s, wall clock for one attempt: connect, headers and body
    deadline: float = 60.0  # s, whole fetch of one URL including retries
    attempts: int = field(default=3, metadata=_SHAPES)  # tries per URL for transient failures
    backoff: float = 1.0  # s, first wait; doubles each retry
    max_backoff: float = 30.0  # s, cap on one wait (Retry-After included)
    max_body: int = field(default=20 * 1024 * 1024, metadata=_SHAPES)  # bytes, after decompression
    max_redirects: int = 10
    per_host: int = 2  # concurrent requests to one host
    workers: int = 8  # concurrent requests in all
    politeness: float = 0.0  # s between two requests to one host
    allow_private: bool = False  # allow loopback/private/link-local hosts (tests)
    user_agent: str = "provenance/0.1 (quotation checker)"
    proxy: str | None = None  # http(s) proxy URL for every request; environment ones are ignored

    # --- reading pages ---
    # A page over 1 MB is read in a child process (text/budget.py) within page_seconds, and
    # may map at most page_memory bytes beyond what that reader starts with; a page over
    # either is unverified with the reason ("reading the page took over 25 s (19.5 MB)"),
    # never a hang, and its text is not cached. `python -m bench.bench_big_pages`: the
    # slowest of ten 20 MB pages took 12.8 s, and ten 20 MB pages peaked at 826 MB in all.
    page_seconds: float = 25.0  # s, one page's reading (fetching it comes on top)
    page_memory: int = 1024 * 1024 * 1024  # bytes

    # --- resolution ---
    sources_file: Path | None = None
    # the page the whole document is compared with (a repost or a translation of it); by
    # default the original the document itself declares, if any
    original_url: str | None = None
    outlets_file: Path | None = None
    # web archives asked in order, separated by spaces: Wayback API bases, or Memento
    # TimeGates ("memento:URL", or a /timegate/ path; see fetch/archives.py); "" turns off
    archive_url: str = field(default="https://archive.org", metadata=_SHAPES)
    # 0..100, folded-title similarity that names the cited work
    title_accept: float = field(default=90.0, metadata=_SHAPES)
    # days a page's date may differ from the cited one (flagged)
    date_tolerance: int = field(default=2, metadata=_SHAPES)
    max_sitemaps: int = 12  # sitemap and feed documents read per outlet for one citation
    max_confirm: int = 3  # candidate pages fetched per outlet to confirm one citation
    # pages fetched per outlet to find a work cited without a title by the words quoted
    max_quote_pages: int = 12
    quote_window: int = 7  # days around the date a work without a title is looked for
    max_xml: int = 50 * 1024 * 1024  # bytes, cap on a sitemap or feed once decompressed
    archive_window: int = 10  # days after the cited date searched in the archive's index

    # --- matching and judging ---
    # Scores are 0..100 (rapidfuzz). found_at is not a score: found means identical words.
    # Chosen with `python -m bench.bench_accuracy --sweep --seed S` on ~2,050 cases cut from
    # the 60 corpus pages, seeds 2026 / 7 / 11. At 65 and 0.6: altered recall 1.000 and
    # missing precision 1.000 on all three, missing recall 0.996 on all three, no altered
    # quote called found. At 70: missing precision 0.992 / 1.000 / 0.996 (a quote that is
    # there, called missing, is the worse error). At 60: missing recall 0.992 / 0.992 /
    # 0.991. altered_min_shared 0.5: missing recall 0.979 / 0.983 / 0.983 (other pages'
    # sentences sharing common words turn altered); 0.7: altered recall 0.996 on seed 11.
    # best alignment under this score (0..100): missing
    missing_below: float = field(default=65.0, metadata=_SHAPES)
    # share of the quote's words found unchanged, else missing
    altered_min_shared: float = field(default=0.6, metadata=_SHAPES)
    # A quote of at least this many words whose language tag differs from the source's is a
    # translation (unverified) unless found verbatim; a shorter one only when no close
    # passage is there. `python -m bench.bench_language`: corpus sentences cut to n words
    # are tagged with another language than their page's 1.0% of the time at 5 words, 0.6%
    # at 6, 0.16% at 8 (2 of 1,258) and at most 0.17% beyond; every quotation of the seed
    # document (6 to 73 words) is tagged right.
    translated_min_words: int = field(default=8, metadata=_SHAPES)

    # --- unquoted reuse ---
    # A passage outside quote marks is reuse when it shares a run of at least this many words
    # with a cited source; runs at most reuse_gap words apart (on either side) join into one.
    # `python -m bench.bench_reuse --gap G` (1,200 synthetic cases, seed 2026): at 3, two
    # borrowed spans with 2 or 3 edits (a changed token of two word keys) split in two; at 4,
    # recall 1.000, precision 1.000, boundaries within two words 0.991.
    reuse_min_words: int = field(default=8, metadata=_SHAPES)
    reuse_gap: int = field(default=4, metadata=_SHAPES)
    # Search every cached page for reuse too, not only the cited sources (--reuse-cache).
    reuse_cache: bool = field(default=False, metadata=_SHAPES)

    # --- reports ---
    formats: tuple[str, ...] = ("md", "json")


def verdict_settings(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The settings that can change a verdict, by name, as text: a report's manifest."""
    return tuple((f.name, str(getattr(settings, f.name)))
                 for f in fields(Settings) if f.metadata.get("manifest"))

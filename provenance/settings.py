"""Settings: every knob the tool has, with its default and unit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    # --- where things live ---
    cache_dir: Path = Path("cache")
    out_dir: Path = Path("reports")

    # --- fetching ---
    offline: bool = False
    refresh: bool = False  # add a new capture even when one is cached
    connect_timeout: float = 10.0  # s
    read_timeout: float = 30.0  # s, between bytes
    deadline: float = 60.0  # s, whole fetch of one URL including retries
    attempts: int = 3  # tries per URL for transient failures
    backoff: float = 1.0  # s, first wait; doubles each retry
    max_backoff: float = 30.0  # s, cap on one wait (Retry-After included)
    max_body: int = 20 * 1024 * 1024  # bytes, after decompression
    max_redirects: int = 10
    per_host: int = 2  # concurrent requests to one host
    workers: int = 8  # concurrent requests in all
    politeness: float = 0.0  # s between two requests to one host
    allow_private: bool = False  # allow loopback/private/link-local hosts (tests)
    user_agent: str = "provenance/0.1 (quotation checker)"
    proxy: str | None = None  # http(s) proxy URL for every request; environment ones are ignored

    # --- resolution ---
    sources_file: Path | None = None
    outlets_file: Path | None = None
    archive_url: str = "https://archive.org"

    # --- matching and judging ---
    # Scores are 0..100 (rapidfuzz). found_at is not a score: found means identical words.
    missing_below: float = 75.0  # best alignment under this score: missing

    # --- reports ---
    formats: tuple[str, ...] = ("md", "json")

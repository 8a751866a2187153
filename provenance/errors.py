"""Every error this package raises on purpose derives from ProvenanceError."""

from __future__ import annotations


class ProvenanceError(Exception):
    """A problem that stops the run; the CLI prints it as one line and exits 2."""


class DocumentError(ProvenanceError):
    """The input document cannot be read (missing, empty, binary, too large, undecodable)."""


class ConfigError(ProvenanceError):
    """A settings, sources or outlets file is malformed."""


class FetchError(ProvenanceError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"could not fetch {url}: {reason}")
        self.url, self.reason = url, reason


class CacheMiss(FetchError):
    """Offline and the URL has no capture in the cache."""

    def __init__(self, url: str, reason: str = "offline: not in cache") -> None:
        super().__init__(url, reason)


class CacheError(ProvenanceError):
    """The cache itself is unusable (not a damaged entry: those are data)."""

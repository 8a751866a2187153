"""Every error this package raises on purpose derives from ProvenanceError."""

from __future__ import annotations

import errno
import logging
from enum import StrEnum


class ProvenanceError(Exception):
    """A problem that stops the run; the CLI prints it as one line and exits 2."""


class DocumentError(ProvenanceError):
    """The input document cannot be read (missing, empty, binary, too large, undecodable).

    ``DocumentError(where, reason)`` says "where: reason" and keeps ``reason`` apart, for a
    caller that names the document in its own words; ``DocumentError(message)`` is all
    reason."""

    def __init__(self, where: str, reason: str | None = None) -> None:
        super().__init__(where if reason is None else f"{where}: {reason}")
        self.reason = where if reason is None else reason


class ConfigError(ProvenanceError):
    """A settings, sources or outlets file is malformed."""


class FetchFailure(StrEnum):
    """Why a URL could not be fetched: a code for programs; ``FetchError.reason`` is the
    sentence for people."""

    REFUSED = "refused"  # the URL itself is refused: scheme, host, private address
    DNS = "dns"  # the host name does not resolve
    CONNECTION = "connection"  # refused, reset, TLS or proxy failure
    TIMEOUT = "timeout"  # no complete answer within the deadline
    HTTP = "http"  # the server answered with an error status (``FetchError.status``)
    BLOCKED = "blocked"  # the server answered with a bot check
    REDIRECTS = "redirects"  # a redirect loop, or too many redirects
    TOO_LARGE = "too-large"  # over the body cap
    UNSUPPORTED = "unsupported"  # a content type or encoding no text is read from
    CORRUPT = "corrupt"  # a body that does not decode (bad gzip, broken framing)
    OFFLINE = "offline"  # offline, and the cache cannot answer
    INTERNAL = "internal"  # a fault of ours, caught at the fetch boundary
    OTHER = "other"


class FetchError(ProvenanceError):
    def __init__(self, url: str, reason: str, *, kind: FetchFailure = FetchFailure.OTHER,
                 status: int | None = None) -> None:
        super().__init__(f"could not fetch {url}: {reason}")
        self.url, self.reason, self.kind, self.status = url, reason, kind, status


class CacheMiss(FetchError):
    """Offline and the URL has no capture in the cache."""

    def __init__(self, url: str, reason: str = "offline: not in cache") -> None:
        super().__init__(url, reason, kind=FetchFailure.OFFLINE)


class CacheError(ProvenanceError):
    """The cache itself is unusable (not a damaged entry: those are data)."""


# Faults of ours (bugs) met while working on one page or one quote. They become that page's
# or quote's ``unverified`` reason and the run goes on; the traceback goes to this logger,
# which says nothing unless a handler is attached (the CLI writes it to a file, never to
# the terminal by default).
INTERNAL_LOG = "provenance.internal"
_internal = logging.getLogger(INTERNAL_LOG)
_internal.addHandler(logging.NullHandler())
_internal.propagate = False


def internal_error(where: str, exc: BaseException) -> str:
    """The reason a reader gets for a fault of ours ("internal error: KeyError: 'x'"); the
    traceback, with ``where`` it happened, goes to the ``provenance.internal`` logger."""
    _internal.error("internal error %s", where, exc_info=exc)
    text = str(exc).splitlines()[0][:200] if str(exc).strip() else ""
    return f"internal error: {type(exc).__name__}" + (f": {text}" if text else "")


def write_failure(exc: OSError) -> str:
    """What a failed write means, in the words a user acts on ("disk full")."""
    words = {errno.ENOSPC: "disk full", errno.EDQUOT: "disk quota exceeded",
             errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
             errno.EPERM: "permission denied"}
    return words.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__

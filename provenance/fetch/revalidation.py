"""The headers of a capture a 304 Not Modified confirmed, as the fetcher and the cache give it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

__all__ = ["revalidated_headers"]

# Fields of a 304 that describe the 304 message itself, not the body it confirms (RFC 9111
# 3.2 keeps Content-Length; the encodings are those of a body the 304 does not carry).
_NOT_UPDATED = frozenset({"content-length", "content-encoding", "transfer-encoding",
                          "x-provenance-orig-content-encoding",
                          "x-provenance-orig-transfer-encoding", "x-provenance-revalidated"})


def revalidated_headers(earlier: Iterable[tuple[str, str]], fresh: Iterable[tuple[str, str]],
                        earlier_at: dt.datetime) -> tuple[tuple[str, str], ...]:
    """The headers of a capture a 304 confirmed: the earlier capture's, updated by the 304's
    own (as a cache updates a stored response), and ``X-Provenance-Revalidated`` saying so."""
    updates = {k.lower(): (k, v) for k, v in fresh if k.lower() not in _NOT_UPDATED}
    merged = [updates.pop(k.lower(), (k, v)) for k, v in earlier
              if k.lower() != "x-provenance-revalidated"]  # one marker: of this revalidation
    merged.extend(updates.values())
    merged.append(("X-Provenance-Revalidated", f"304 Not Modified; body of the capture of "
                                               f"{earlier_at.isoformat()}"))
    return tuple(merged)

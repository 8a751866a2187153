"""A capture served from the index alone: its body is read only when asked for.

A warm run needs a cited page's extracted text, which the cache keeps by the body's digest,
and the capture's index row (URL, time, status, type, digest, where its record is) for the
evidence: not the body. Decompressing and hashing every body on every run would cost more
than the rest of a short document's check, so a capture whose text is kept is served as an
``UnreadSnapshot``: the body and the record's headers are read, and the digest checked
(``DamagedEntry`` when it fails), the first time either is asked for. The headers a process
has already read so (with the digest checked) while the index was unchanged come with it
instead: a batch's reports name each capture's headers without reading its file again.
``cache verify`` still checks every digest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from provenance.model import Snapshot

__all__ = ["UnreadSnapshot", "unread"]

_BODY = Snapshot.__dict__["body"]  # the slots Snapshot keeps them in
_HEADERS = Snapshot.__dict__["headers"]
_FIELDS = tuple(f.name for f in dataclasses.fields(Snapshot))


class UnreadSnapshot(Snapshot):
    """A Snapshot whose ``body`` and ``headers`` are read when first asked for (``read``
    gives the capture as read from its file). It equals, pickles and copies as the plain
    Snapshot it stands for (those read the body)."""

    __slots__ = ("_known", "_read")

    def _filled(self) -> None:
        read: Callable[[], Snapshot] | None = getattr(self, "_read", None)
        if read is not None:
            got = read()
            _BODY.__set__(self, got.body)
            _HEADERS.__set__(self, got.headers)
            object.__setattr__(self, "_read", None)

    @property
    def body(self) -> bytes:
        self._filled()
        value: bytes = _BODY.__get__(self)
        return value

    @body.setter
    def body(self, value: bytes) -> None:  # the dataclass's __init__ sets it
        _BODY.__set__(self, value)

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        if not getattr(self, "_known", False):  # given with it: no need to read the file
            self._filled()
        value: tuple[tuple[str, str], ...] = _HEADERS.__get__(self)
        return value

    @headers.setter
    def headers(self, value: tuple[tuple[str, str], ...]) -> None:
        _HEADERS.__set__(self, value)

    def plain(self) -> Snapshot:
        """The same capture as a plain Snapshot (its body read)."""
        return Snapshot(*(getattr(self, name) for name in _FIELDS))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _FIELDS)

    def __hash__(self) -> int:
        return hash(self.plain())

    def __reduce__(self) -> tuple[Any, ...]:
        return (Snapshot, tuple(getattr(self, name) for name in _FIELDS))


def unread(snapshot: Snapshot, read: Callable[[], Snapshot],
           headers: tuple[tuple[str, str], ...] | None = None) -> UnreadSnapshot:
    """``snapshot`` (its fields but body and headers) with those read by ``read`` when
    first asked for; with ``headers`` (the record's, read already), only the body."""
    out = UnreadSnapshot(*(getattr(snapshot, name) for name in _FIELDS))
    if headers is not None:
        _HEADERS.__set__(out, headers)
    object.__setattr__(out, "_known", headers is not None)
    object.__setattr__(out, "_read", read)
    return out

"""What a process keeps of the index's answers, while the index stays as it was.

A batch checks many documents that cite the same pages: each would ask the index again for
the same captures, texts and shingle postings, and parse the same rows and JSON again. The
answers are kept here instead, each with the index's ``version`` when it was read; an answer
read under another version is read again. The version changes with any commit to the index,
by this process or another (SQLite's ``data_version``), and when the file is replaced, so a
page fetched or extracted again is seen by the next question, in this process or any other.

Kept answers are immutable values (tuples, frozen dataclasses, read-only arrays): callers
share them. Their number is bounded per kind (the oldest half is dropped when full), and
for large values such as page texts their summed size too, so a long run over a large cache
holds what it asked for lately, not the whole index.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Protocol, TypeVar

__all__ = ["Memo", "Versioned"]

T = TypeVar("T")
_MOST = 1 << 14  # answers kept per cache and kind, unless said (small values: rows, ids)


class Versioned(Protocol):
    def version(self) -> int | None:
        """Changes whenever the index may have; None when there is nothing to keep."""
        ...


class Memo:
    """Answers of one kind, by key, kept while ``index.version()`` is the same; at most
    ``most`` of them, and with ``weigh``, at most ``budget`` of their summed weights."""

    def __init__(self, index: Versioned, most: int = _MOST,
                 weigh: Callable[[object], int] | None = None, budget: int = 0) -> None:
        self._index, self._most = index, most
        self._weigh, self._budget, self._weight = weigh, budget, 0
        self._kept: dict[Hashable, tuple[int, object]] = {}
        self.hits = self.misses = 0  # for tests and benchmarks

    def get(self, key: Hashable, read: Callable[[], T]) -> T:
        """The answer for ``key``: kept, or ``read()`` (and kept)."""
        # The version is taken before reading: a change made while reading leaves an
        # answer kept under the older version, so it is read again next time.
        return self.get_at(self._index.version(), key, read)

    def version(self) -> int | None:
        """The index's version now (one question to SQLite): several answers asked for
        together, with ``get_at``, cost one check."""
        return self._index.version()

    def has(self, version: int | None, key: Hashable) -> bool:
        """Whether an answer for ``key`` is kept under ``version`` (to read the others
        together, in one query)."""
        found = self._kept.get(key)
        return version is not None and found is not None and found[0] == version

    def peek(self, version: int | None, key: Hashable) -> object | None:
        """The answer kept for ``key`` under ``version``; None when there is none."""
        found = self._kept.get(key)
        return found[1] if version is not None and found is not None and found[0] == version \
            else None

    def get_at(self, version: int | None, key: Hashable, read: Callable[[], T]) -> T:
        """``get`` under a ``version`` just taken by ``version()``."""
        if version is None:
            return read()
        found = self._kept.get(key)
        if found is not None and found[0] == version:
            self.hits += 1
            value: T = found[1]  # type: ignore[assignment]
            return value
        self.misses += 1
        value = read()
        weight = self._weigh(value) if self._weigh is not None else 0
        if len(self._kept) >= self._most or (
                self._weigh is not None and self._weight + weight > self._budget):
            # The oldest half goes (dicts keep insertion order): what a run asked for
            # lately is what it asks for again.
            for old in list(self._kept)[: max(1, len(self._kept) // 2)]:
                dropped = self._kept.pop(old, None)
                if dropped is not None and self._weigh is not None:
                    self._weight -= self._weigh(dropped[1])
        replaced = self._kept.pop(key, None)  # (an answer of an older version)
        if replaced is not None and self._weigh is not None:
            self._weight -= self._weigh(replaced[1])
        self._kept[key] = (version, value)
        self._weight += weight
        return value

"""Short texts rendered once: a report, and a batch's reports one after another, show the
same short texts again and again (labels, reasons, a page's passages quoted by many
documents). Each is made once while it stays among the last few thousand; a long one (a
reused paragraph) is made each time, so the memory kept stays small."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, TypeVar

__all__ = ["ShortKept"]

T = TypeVar("T")

_LONGEST = 1024  # characters of a text that is kept
_HOW_MANY = 4096  # texts kept


class ShortKept(Generic[T]):
    """``make`` for any text, its answers for short texts kept; ``cache_clear`` and
    ``cache_parameters`` as ``functools.lru_cache`` has them (benchmarks clear it)."""

    def __init__(self, make: Callable[[str], T]) -> None:
        self._make = make
        self._kept = lru_cache(maxsize=_HOW_MANY)(make)

    def __call__(self, text: str) -> T:
        return self._kept(text) if len(text) <= _LONGEST else self._make(text)

    def cache_clear(self) -> None:
        self._kept.cache_clear()

    def cache_parameters(self) -> dict[str, Any]:
        return dict(self._kept.cache_parameters())

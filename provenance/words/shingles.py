"""Word shingles: hashes of every run of three word keys, the same in every run.

Found-elsewhere looks a quote up among many pages by the shingles it shares with them; the
cache keeps each page's shingles (``cache.shingled``) so that a lookup never makes them
again. Both sides make them here, so they always agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from provenance.model import PageText
from provenance.words.normalize import keys

__all__ = ["KEY_SHIFT", "SCHEME", "SHINGLE", "key_shingles", "page_shingles", "shingle_keys",
           "text_shingles"]

SHINGLE = 3  # words per shingle: short enough for short quotes, long enough to be rare
_MULT = np.uint64(0x9E3779B97F4A7C15)  # mixes word hashes into a shingle hash
# Names how shingles are made (words per shingle, word hash, mixing): shingles a cache keeps
# under another scheme are never read, so changing any of these only means computing again.
SCHEME = f"blake2b8-mult-{SHINGLE}w"
# A shingle's key in the cache's inverted index: its top 40 bits (a signed SQLite integer
# holds no uint64; 40 bits keep chance collisions among millions of shingles rare, and a
# collision only adds a vote: candidates are aligned in full).
KEY_SHIFT = np.uint64(24)


@lru_cache(maxsize=1 << 18)
def _word_hash(key: str) -> int:
    """A hash that is the same in every run (Python's own str hash is salted per process),
    so that which pages a lookup considers never depends on the run."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def key_shingles(word_keys: Sequence[str]) -> np.ndarray:
    """Hashes of every run of SHINGLE consecutive keys (uint64, may repeat)."""
    if len(word_keys) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    h = np.fromiter((_word_hash(k) for k in word_keys), dtype=np.uint64, count=len(word_keys))
    out = h[: len(h) - SHINGLE + 1].copy()
    with np.errstate(over="ignore"):
        for i in range(1, SHINGLE):
            out = out * _MULT + h[i: len(h) - SHINGLE + 1 + i]
    return out


def text_shingles(text: str) -> np.ndarray:
    """The distinct shingles of a text, sorted (uint64)."""
    return np.unique(key_shingles(keys(text))) if text else np.empty(0, np.uint64)


def page_shingles(text: PageText) -> np.ndarray:
    """The distinct shingles of a page's fuller text (which holds the main text), sorted."""
    return text_shingles(text.full or text.main)


def shingle_keys(shingles: np.ndarray) -> np.ndarray:
    """The distinct keys of these shingles in the cache's inverted index, sorted (int64)."""
    return np.unique(shingles >> KEY_SHIFT).astype(np.int64)

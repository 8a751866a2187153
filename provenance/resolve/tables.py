"""Checks shared by the user's TOML files (sources, outlets): one table, known fields only."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from provenance.errors import ConfigError


def checked_table(entry: Any, known: Collection[str],
                  bad: Callable[[str], ConfigError]) -> dict[str, Any]:
    """``entry`` when it is a table of ``known`` fields only; else the error ``bad`` makes,
    naming the first unknown field so a typo in a user's file is found at once."""
    if not isinstance(entry, dict):
        raise bad("not a table")
    unknown = sorted(set(entry) - set(known))
    if unknown:
        raise bad(f"unknown field {unknown[0]!r} (known: {', '.join(sorted(known))})")
    return entry

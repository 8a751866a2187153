"""The version of provenance, in one place (reports and the CLI name it)."""

from __future__ import annotations

__version__ = "0.1.0"

from __future__ import annotations

from pathlib import Path

import pytest

from provenance.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Fast, local settings: a private cache, no waiting, loopback allowed."""
    return Settings(cache_dir=tmp_path / "cache", out_dir=tmp_path / "reports",
                    backoff=0.0, attempts=3, connect_timeout=2.0, read_timeout=2.0,
                    deadline=10.0, allow_private=True)

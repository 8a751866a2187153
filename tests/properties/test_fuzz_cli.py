"""Fuzzing the command line in-process: hostile documents of every format, offline, with a
private cache. Whatever the input, no traceback and an exit code of 0, 1 or 2."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzzdocs import FORMATS, PIECES, URLS, render
from provenance.cli import main
from provenance.commands.faultlog import NAME

_PART = st.one_of(st.sampled_from(PIECES), st.sampled_from(URLS),
                  st.sampled_from(URLS).map(lambda u: f"[the page]({u})"),
                  st.text(max_size=30))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(FORMATS), parts=st.lists(_PART, min_size=1, max_size=25))
def test_no_document_gives_a_traceback(fmt: str, parts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        import io
        import sys

        out, err = io.StringIO(), io.StringIO()
        mp.setattr(sys, "stdout", out)
        mp.setattr(sys, "stderr", err)
        doc = Path(tmp) / f"doc.{fmt}"
        doc.write_bytes(render(fmt, parts))
        code = main(["check", str(doc), "--offline", "--no-archive", "-q",
                     "--cache", f"{tmp}/cache", "--out", f"{tmp}/out"])
        assert code in (0, 1, 2)
        assert "Traceback" not in out.getvalue() + err.getvalue()
        log = Path(tmp) / "out" / NAME
        assert not log.exists(), log.read_text(encoding="utf-8")[-2000:]

"""Report files under any sequence of writes, failed writes and blocks (generated): each
file holds what its last whole write wrote, a spare never shows as a report, and no spare
outlives its block."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import TextIO

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.report.whole_files import replace_file, spare_files

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
NAMES = st.sampled_from(["a.md", "a.json", "b.md", "sub/c.md"])
STEP = st.one_of(
    st.tuples(st.just("write"), NAMES, TEXT),
    st.tuples(st.just("fail"), NAMES, TEXT),  # raises midway
    st.tuples(st.just("block"), st.just(""), st.just("")),  # a block opens
    st.tuples(st.just("end"), st.just(""), st.just("")),  # the innermost block ends
)


class _Broken(Exception):
    pass


def _half(text: str) -> object:
    def fill(stream: TextIO) -> None:
        stream.write(text[: len(text) // 2])
        raise _Broken

    return fill


def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_bytes().decode("utf-8")
            for p in root.rglob("*") if p.is_file()}


@FAST
@given(st.lists(STEP, max_size=30))
def test_every_file_holds_its_last_whole_write(steps: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "sub").mkdir()
        expected: dict[str, str] = {}
        blocks: list[contextlib.AbstractContextManager[None]] = []
        try:
            for kind, name, text in steps:
                if kind == "block":
                    block = spare_files()
                    block.__enter__()
                    blocks.append(block)
                elif kind == "end" and blocks:
                    blocks.pop().__exit__(None, None, None)
                elif kind == "write":
                    replace_file(root / name, lambda s, t=text: s.write(t))
                    expected[name] = text
                elif kind == "fail":
                    with contextlib.suppress(_Broken):
                        replace_file(root / name, _half(text))  # type: ignore[arg-type]
                files = _files(root)
                assert {k: v for k, v in files.items()
                        if not Path(k).name.startswith(".")} == expected
                spares = [Path(k) for k in files if Path(k).name.startswith(".")]
                # Outside every block none; inside, at most one a folder.
                assert len(spares) == len({p.parent for p in spares}) <= (2 if blocks else 0)
        finally:
            while blocks:
                blocks.pop().__exit__(None, None, None)
        assert _files(root) == expected

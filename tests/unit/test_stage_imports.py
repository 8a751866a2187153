"""The pipeline's stages stay apart: a stage's module imports at most one other stage.

Only ``pipeline.py`` brings several stages together; what a stage needs of others beyond
one comes in as arguments (see ``judge.flags.FlagContext``). What the stages share
(``words``, ``model``, ``settings``, ``errors``) is no stage. The packages checked here are
those laid out so far; the rest join the list as they are reworked.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import provenance

STAGES = frozenset({"quotes", "citations", "resolve", "fetch", "cache", "text", "match",
                    "judge", "reuse", "report", "batch", "commands"})
CHECKED = ("match", "judge")
ROOT = Path(provenance.__file__).parent


def _stages_imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
            [a.name for a in node.names] if isinstance(node, ast.Import) else []
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "provenance" and parts[1] in STAGES:
                found.add(parts[1])
    return found


MODULES = [p for stage in CHECKED for p in sorted((ROOT / stage).glob("*.py"))]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_stage_module_imports_at_most_one_other_stage(path: Path) -> None:
    others = _stages_imported(path) - {path.parent.name}
    assert len(others) <= 1, f"{path.parent.name}/{path.name} imports {sorted(others)}"

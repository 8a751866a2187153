"""The tree shows the pipeline: one package per stage, small modules, no import cycle, and
stages that meet only in ``pipeline`` (and ``api``, which assembles the edges around it)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "provenance"
STAGES = ("quotes", "citations", "resolve", "fetch", "cache", "text", "match", "judge", "reuse",
          "report")
# Where stages meet: the pipeline, the library API around it, and the command line.
MEETING = ("provenance.pipeline", "provenance.api", "provenance.cli", "provenance.commands")
MOST_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module of the package that ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [base] + [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        out.update(t for t in targets if t in MODULES and t != name)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_every_stage_is_a_package_that_says_what_comes_in_and_goes_out() -> None:
    for stage in (*STAGES, "words"):
        init = PACKAGE / stage / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "TODO" not in doc and len(doc) > 80, f"{stage}/__init__.py"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_500_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MOST_LINES, f"{name}: {lines} lines"


def test_no_import_cycle() -> None:
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name):], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(GRAPH[name]):
            # A package's __init__ re-exporting its own modules is not a cycle of stages.
            if target.startswith(name + "."):
                continue
            visit(target, [*path, name])
        done.add(name)

    for name in sorted(GRAPH):
        visit(name, [])


def test_only_the_pipeline_meets_several_stages() -> None:
    crowded = {}
    for name, targets in GRAPH.items():
        if name.startswith(MEETING):
            continue
        others = {s for t in targets if (s := _stage(t)) and s != _stage(name)}
        if len(others) > 1:
            crowded[name] = sorted(others)
    assert crowded == {}


def test_the_shared_vocabulary_imports_no_stage() -> None:
    for name, targets in GRAPH.items():
        if name.startswith(("provenance.words", "provenance.model", "provenance.steps",
                            "provenance.settings",
                            "provenance.errors")):
            assert not {t for t in targets if _stage(t)}, name

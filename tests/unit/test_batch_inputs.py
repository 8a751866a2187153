"""Which files a batch takes as documents (``batch.inputs.collect``): read from a folder's
listing, each counted once, links to files followed, linked folders not entered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from provenance.batch.inputs import collect


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    for name in ("a.md", "b.txt", "c.xyz", ".hidden.md", ".hid/x.md", "Z.MD", "sub/d.html",
                 "sub/e.md", "sub/a.md", "sub/deeper/g.pdf", "reports/old.md"):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A synthetic document.\n")
    os.symlink(root / "sub" / "e.md", root / "link.md")  # a link to a document
    os.symlink(root / "sub", root / "folderlink")  # a linked folder: not entered
    os.symlink(root / "nowhere.md", root / "broken.md")  # leads nowhere
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.md")  # not a file
    return root


def _names(jobs: list, root: Path) -> list[str]:  # type: ignore[type-arg]
    return [str(job.path.relative_to(root)) for job in jobs]


def test_a_folder_gives_its_documents_in_order_each_once(tree: Path) -> None:
    jobs, skipped = collect([tree], tree / "reports")
    # Name order, a folder's own files before its subfolders'; the link counts as the file
    # it leads to, which is then not taken again under its own name.
    assert _names(jobs, tree) == ["Z.MD", "a.md", "b.txt", "link.md", "sub/a.md",
                                  "sub/d.html", "sub/deeper/g.pdf"]
    assert [str(s.path.relative_to(tree)) for s in skipped] == ["c.xyz"]
    assert [(str(j.out_dir.relative_to(tree)), j.name) for j in jobs][-3:] == [
        ("reports/sub", "a"), ("reports/sub", "d"), ("reports/sub/deeper", "g")]


def test_the_report_folder_is_walked_when_it_is_elsewhere(tree: Path) -> None:
    jobs, _ = collect([tree], tree.parent / "out")
    assert "reports/old.md" in _names(jobs, tree)


def test_a_file_named_outright_and_again_in_its_folder_counts_once(tree: Path) -> None:
    jobs, _ = collect([tree / "sub" / "e.md", tree], tree / "reports")
    assert _names(jobs, tree)[0] == "sub/e.md"
    assert "link.md" not in _names(jobs, tree)  # the same file
    relative, _ = collect([Path(os.path.relpath(tree / "sub", Path.cwd())), tree],
                          tree / "reports")
    assert len({job.path.resolve() for job in relative}) == len(relative) == 7


def test_a_folder_that_cannot_be_listed_is_passed_over(tree: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root lists any folder")
    (tree / "sub").chmod(0)
    try:
        jobs, _ = collect([tree], tree / "reports")
    finally:
        (tree / "sub").chmod(0o755)
    assert _names(jobs, tree) == ["Z.MD", "a.md", "b.txt", "link.md"]

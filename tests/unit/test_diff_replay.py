"""A run, then the same check --offline from the cache: `provenance diff` finds no change.

End to end through the real pipeline and a local web server. In a tree where a pipeline
stage is not built yet the test skips and says so; everywhere else it is the check that
the run manifest and the cache reproduce a report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.report.render import validate
from tests.unit.test_report_cases import page_html

PARAGRAPHS = (
    "A synthetic test page of a fictional outlet, the Harbour Gazette.",
    "Our position has not changed: the harbour will stay open to every fishing boat "
    "that pays its dues, as it always has.",
)


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except NotImplementedError as exc:
        pytest.skip(f"a pipeline stage is not built in this tree: {exc!r}")


def test_offline_rerun_reproduces_the_report(httpserver, tmp_path: Path, capsys) -> None:
    httpserver.expect_request("/2026/03/quay").respond_with_data(
        page_html("The quay stays open", PARAGRAPHS), content_type="text/html; charset=utf-8")
    url = httpserver.url_for("/2026/03/quay")
    doc = tmp_path / "harbour.md"
    doc.write_text("Synthetic test document.\n\nThe Harbour Gazette wrote that “the harbour "
                   f"will stay open to every fishing boat that pays its dues” ({url}).\n",
                   encoding="utf-8")
    cache = tmp_path / "cache"
    common = [str(doc), "--cache", str(cache), "--allow-private", "--format", "json", "-q"]
    first = _run(["check", *common, "--out", str(tmp_path / "online")])
    assert first in (0, 1)
    requests_online = len(httpserver.log)
    assert requests_online >= 1

    again = _run(["check", *common, "--offline", "--out", str(tmp_path / "offline")])
    assert again == first
    assert len(httpserver.log) == requests_online  # the offline run opened no connection

    old, new = tmp_path / "online" / "harbour.json", tmp_path / "offline" / "harbour.json"
    for path in (old, new):
        validate(json.loads(path.read_text()))
    manifest = json.loads(old.read_text())["manifest"]
    assert [c["url"] for c in manifest["captures"]] == [url]
    capsys.readouterr()
    assert main(["diff", str(old), str(new)]) == 0, capsys.readouterr().out

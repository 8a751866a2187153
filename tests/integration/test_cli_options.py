"""Options every command takes: --help with examples (cache verbs too), -v and -q before or
after the command's name, and what -v logs: each URL fetched, each wait before a retry,
each resolution step, each page the cache answered."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main
from tests.pages import HARBOUR, article_page

PAGE = article_page("Council approves harbour expansion", HARBOUR)
VERBS = ("list", "show", "import", "export", "verify")


@pytest.mark.parametrize("argv", [
    ["check"], ["quotes"], ["diff"], ["cache"], *(["cache", verb] for verb in VERBS),
], ids=" ".join)
def test_help_has_examples_of_that_very_command(argv: list[str], capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main([*argv, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    examples = text.split("examples:", 1)[1]
    lines = [line.strip() for line in examples.splitlines()
             if line.strip().startswith("provenance ")]
    assert lines and all(line.startswith("provenance " + " ".join(argv)) for line in lines)
    assert "-v, --verbose" in text and "-q, --quiet" in text


@pytest.fixture
def cached(tmp_path: Path, httpserver: HTTPServer) -> dict[str, str]:
    """A document citing a local page, a run's JSON report and a cache holding the page."""
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    doc = tmp_path / "story.md"
    doc.write_text(f"Synthetic test document. She said “not by taxpayers” ([Courier]({url})).\n",
                   encoding="utf-8")
    cache = str(tmp_path / "cache")
    assert main(["check", str(doc), "--cache", cache, "--out", str(tmp_path / "out"),
                 "--allow-private", "--no-archive", "-q", "--format", "json"]) == 0
    saved = tmp_path / "saved.html"
    saved.write_text(PAGE, encoding="utf-8")
    return {"doc": str(doc), "cache": cache, "url": url, "report": str(tmp_path / "out/story.json"),
            "saved": str(saved), "warc": str(tmp_path / "out.warc.gz"), "out": str(tmp_path)}


def _commands(c: dict[str, str]) -> list[list[str]]:
    offline = ["--cache", c["cache"], "--out", c["out"] + "/again", "--offline"]
    return [
        ["check", c["doc"], *offline],
        ["quotes", c["doc"]],
        ["diff", c["report"], c["report"]],
        ["cache", "list", "--cache", c["cache"]],
        ["cache", "show", c["url"], "--cache", c["cache"]],
        ["cache", "import", c["saved"], "--url", "https://saved.example/a", "--cache",
         c["cache"]],
        ["cache", "export", "--warc", c["warc"], "--cache", c["cache"]],
        ["cache", "verify", "--cache", c["cache"]],
    ]


@pytest.mark.parametrize("flag", ["-v", "--verbose", "-q", "--quiet"])
def test_every_command_takes_v_and_q_after_its_name(cached: dict[str, str], flag: str,
                                                    capsys) -> None:
    for argv in _commands(cached):
        assert main([*argv, flag]) == 0, argv
        assert main([flag, *argv]) == 0, argv
        err = capsys.readouterr().err
        assert "unrecognized arguments" not in err and "error" not in err, (argv, err)


def test_quiet_prints_only_what_was_asked_for(cached: dict[str, str], capsys) -> None:
    outputs = {}
    for argv in _commands(cached):
        capsys.readouterr()
        main([*argv, "-q"])
        outputs[" ".join(argv[:2])] = capsys.readouterr().out
    assert outputs[f"check {cached['doc']}"] == ""
    assert outputs["cache verify"] == "" and outputs["cache export"] == ""
    assert outputs["cache import"] == ""
    assert cached["url"] in outputs["cache list"]  # the listing is what was asked for
    quotes = outputs[f"quotes {cached['doc']}"]
    assert "not by taxpayers" in quotes and "quotations" not in quotes  # no count line


def test_v_and_q_together_are_refused(cached: dict[str, str], capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["check", cached["doc"], "-v", "-q"])
    assert stop.value.code == 2 and "give one" in capsys.readouterr().err


def test_verbose_logs_each_fetch_wait_and_resolution_step(tmp_path: Path,
                                                          httpserver: HTTPServer,
                                                          caplog) -> None:
    httpserver.expect_ordered_request("/a").respond_with_data(
        "busy", status=503, headers={"Retry-After": "0"}, content_type="text/plain")
    httpserver.expect_ordered_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a")
    doc = tmp_path / "story.md"
    doc.write_text(f"Synthetic test document. She said “not by taxpayers” ([Courier]({url})).\n",
                   encoding="utf-8")
    common = [str(doc), "--cache", str(tmp_path / "cache"), "--out", str(tmp_path / "out"),
              "--allow-private", "--no-archive", "-q"]
    caplog.set_level(logging.INFO)
    assert main(["check", *common[:-1], "-v"]) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "provenance.run"]
    assert f"GET {url}" in said
    assert f"{url}: waiting 0.0 s before trying again" in said
    assert any(m.startswith(f"{url}: HTTP 200, text/html, {len(PAGE)} bytes in ") for m in said)
    assert f"resolve c1 ({url}): the document gives the URL" in said, said
    assert said.index(f"GET {url}") < said.index(f"{url}: waiting 0.0 s before trying again")

    caplog.clear()
    assert main(["check", *common[:-1], "--offline", "-v"]) == 0
    said = [r.getMessage() for r in caplog.records if r.name == "provenance.run"]
    assert any(m.startswith(f"{url}: from the cache, the capture of ") and m.count("Z (HTTP 200")
               for m in said), said
    assert not any(m.startswith("GET ") for m in said)

    caplog.clear()
    assert main(["check", *common, "--offline"]) == 0
    assert not [r for r in caplog.records if r.name == "provenance.run"]  # only with -v

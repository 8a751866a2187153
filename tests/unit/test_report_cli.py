"""The report side of the command line: formats written, colour only on a terminal,
--help with examples, --version."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from provenance import __version__
from provenance.api import write_reports
from provenance.cli import COMMANDS, build_parser, main
from provenance.commands.check import settings_from_args
from provenance.commands.terminal import paint, wants_colour
from provenance.report.render import validate
from tests.unit.test_report_cases import sample_report


def test_check_writes_every_registered_format(tmp_path: Path) -> None:
    args = build_parser().parse_args(["check", "doc.md", "--out", str(tmp_path),
                                      "--format", "md,json,html,annotations"])
    settings = settings_from_args(args)
    written = write_reports(sample_report(), settings.out_dir, settings.formats)
    # The sample cites a work no step found, so its sources template is written too.
    assert sorted(p.name for p in written) == [
        "harbour-dispute.annotations.jsonld", "harbour-dispute.html", "harbour-dispute.json",
        "harbour-dispute.md", "harbour-dispute.sources.toml"]
    validate(json.loads((tmp_path / "harbour-dispute.json").read_text()))
    annotations = json.loads((tmp_path / "harbour-dispute.annotations.jsonld").read_text())
    assert annotations["type"] == "AnnotationCollection"
    assert (tmp_path / "harbour-dispute.html").read_text().startswith("<!DOCTYPE html>")


def test_unknown_format_is_refused(capsys) -> None:
    assert main(["check", "doc.md", "--format", "md,pdf"]) == 2
    assert "unknown report format 'pdf'" in capsys.readouterr().err


@pytest.fixture
def terminal():
    """A real pseudo-terminal, as a text stream."""
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as stream:
        yield stream
    os.close(leader)


def test_colour_only_on_a_terminal(terminal, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_colour(terminal)
    assert paint("missing", terminal) == "\x1b[31mmissing   \x1b[0m"
    with (tmp_path / "out.txt").open("w") as file:
        assert not wants_colour(file)
        assert paint("missing", file) == "missing   "


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_colour_when_asked(terminal, monkeypatch, name: str, value: str) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv(name, value)
    assert paint("found", terminal) == "found     "


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out == f"provenance {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_examples(command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = capsys.readouterr().out
    assert "examples:" in text
    examples = text.split("examples:", 1)[1]
    assert f"provenance {command} " in examples


def test_top_level_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["-v", "--help"])
    text = capsys.readouterr().out
    assert stop.value.code == 0
    for command in COMMANDS:  # each with its one-line help, its module loaded for it
        assert re.search(rf"^\s+{command}\s+\S", text, re.M), command


def test_an_unknown_command_is_an_error_naming_the_commands(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["chekc", "story.md"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "invalid choice: 'chekc'" in err and "bundle" in err

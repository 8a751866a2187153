"""`provenance quotes URL` fetches the document as `check` does, with the same options."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cli import main

# Synthetic page: the people, the outlet and the URL are fictional.
DOC = ("<html><body><p>Synthetic story. The mayor told the council: “We will dredge the "
       "harbour before the spring tides come in.” "
       "<a href='https://gazette.example/harbour'>Harbour Gazette</a></p></body></html>")


def test_quotes_of_a_url_on_loopback_needs_allow_private(
        tmp_path: Path, httpserver: HTTPServer, capsys: pytest.CaptureFixture[str]) -> None:
    httpserver.expect_request("/story").respond_with_data(DOC, content_type="text/html")
    url = httpserver.url_for("/story")
    assert main(["quotes", url, "--cache", str(tmp_path / "c"), "--json",
                 "--allow-private", "--timeout", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    (q,) = [q for q in data["quotes"] if q["kind"] == "quotation"]
    assert q["citation"]["url"] == "https://gazette.example/harbour"
    # without --allow-private the loopback address is refused with a clear error
    code = main(["quotes", url, "--cache", str(tmp_path / "c2")])
    assert code != 0
    assert "Traceback" not in capsys.readouterr().err

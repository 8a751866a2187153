"""URLs a document may hold that broke runs: an unbalanced bracket, letters outside ASCII.

Against the fault server on 127.0.0.1 and a real cache: the bracket gives a verdict, not a
traceback, online and offline; an IRI is fetched as its URI and stored in a WARC record.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.model import Status
from provenance.settings import Settings
from tests.integration.faultserver import PAGE, QUOTE, FaultServer
from tests.integration.runs import cite, run


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def _cli(doc: Path, tmp_path: Path, *extra: str) -> int:
    return main(["check", str(doc), "--cache", str(tmp_path / "cache"), "--out",
                 str(tmp_path / "reports"), "--no-archive", "--allow-private", "-q", *extra])


@pytest.mark.parametrize("offline", [False, True])
def test_an_unbalanced_bracket_in_a_url_is_no_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], offline: bool) -> None:
    doc = tmp_path / "doc.md"
    doc.write_text(f"Synthetic test document. The mayor said “{QUOTE}” (http://[.example).\n"
                   f"And “{QUOTE} again” [x](http://[::1.example/a).\n", encoding="utf-8")
    code = _cli(doc, tmp_path, *(["--offline"] if offline else []))
    err = capsys.readouterr().err
    assert code in (0, 1) and "Traceback" not in err
    assert (tmp_path / "reports" / "doc.json").is_file()


def test_an_iri_is_fetched_as_a_uri_and_kept_as_evidence(
        faults: FaultServer, settings: Settings) -> None:
    faults.routes["/a%C3%B1o.html"] = lambda h: h.send(200, "text/html; charset=utf-8", PAGE)
    iri = faults.url("/año.html?q=café")
    report = run(cite(QUOTE, iri), settings)
    (verdict,) = report.verdicts
    assert verdict.status is Status.FOUND, verdict.reason
    assert verdict.quote.citation is not None and verdict.quote.citation.url == iri
    assert faults.count("/a%C3%B1o.html") == 1
    assert faults.requests[0][0] == "/a%C3%B1o.html"
    (warc,) = (settings.cache_dir / "warc").glob("*.warc.gz")
    records = gzip.decompress(warc.read_bytes())
    assert f"WARC-Target-URI: {faults.url('/a%C3%B1o.html?q=caf%C3%A9')}".encode() in records
    # Offline, the cache answers for the URL as the document wrote it.
    again = run(cite(QUOTE, iri), Settings(**{**_fields(settings), "offline": True}))
    assert again.verdicts[0].status is Status.FOUND and faults.count("/a%C3%B1o.html") == 1


def test_a_redirect_to_an_iri_is_followed_as_a_uri(faults: FaultServer,
                                                   settings: Settings) -> None:
    # A server writing raw UTF-8 in its Location header, as some do.
    faults.routes["/moved"] = lambda h: h.send(
        301, "text/plain", "", {"Location": "/café".encode().decode("latin-1")})
    faults.routes["/caf%C3%A9"] = lambda h: h.send(200, "text/html; charset=utf-8", PAGE)
    report = run(cite(QUOTE, faults.url("/moved")), settings)
    assert report.verdicts[0].status is Status.FOUND, report.verdicts[0].reason
    assert faults.count("/caf%C3%A9") == 1


def _fields(settings: Settings) -> dict[str, object]:
    return {name: getattr(settings, name) for name in settings.__dataclass_fields__}

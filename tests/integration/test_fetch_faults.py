"""Every fault the real web throws, from a server on 127.0.0.1 that throws it on purpose.

Each case ends the way the pipeline would see it: text that holds the quote ("found"), or
``unverified`` with the reason a reader gets (a FetchError's reason or PageText.problem).
"""

from __future__ import annotations

import socket
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from provenance.cache.fetcher import CachedFetcher
from provenance.cache.store import SnapshotCache
from provenance.errors import FetchError, FetchFailure
from provenance.fetch.http import HttpFetcher
from provenance.model import ProgressEvent, ProgressKind
from provenance.settings import Settings
from provenance.text.extract import extract_text
from tests.integration.faultserver import (
    ACCENTED_QUOTE,
    QUOTE,
    DelayServer,
    FaultServer,
    bomb,
)
from tests.integration.routing import LoopbackNetwork, answers

PUBLIC = "93.184.215.14"  # a public address; the test network routes it to loopback


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


def outcome(settings: Settings, url: str, waits: list[float] | None = None,
            quote: str = QUOTE, **fetcher: Any) -> tuple[str, str]:
    """(verdict, reason or main text) for one URL, fetched through the cache."""
    sleep = waits.append if waits is not None else (lambda s: None)
    cache = SnapshotCache(settings.cache_dir)
    inner = HttpFetcher(settings, sleep=sleep, **fetcher)
    try:
        snap = CachedFetcher(inner, cache, offline=False).fetch(url)
    except FetchError as exc:
        return "unverified", exc.reason
    text = extract_text(snap)
    if text.problem:
        return "unverified", text.problem.sentence
    return ("found" if quote in text.main else "missing"), text.main


# --- transient faults are retried ---------------------------------------------------------


def test_500_then_200_is_retried(faults: FaultServer, settings: Settings) -> None:
    waits: list[float] = []
    assert outcome(settings, faults.url("/flaky"), waits)[0] == "found"
    assert faults.count("/flaky") == 2 and len(waits) == 1


def test_503_retry_after_is_honoured(faults: FaultServer, settings: Settings) -> None:
    waits: list[float] = []
    assert outcome(settings, faults.url("/busy"), waits)[0] == "found"
    assert waits == [7.0]


def test_503_asking_for_an_hour_is_not_waited_for(faults: FaultServer,
                                                   settings: Settings) -> None:
    waits: list[float] = []
    verdict, reason = outcome(settings, faults.url("/busy-long"), waits)
    assert (verdict, reason) == ("unverified", "HTTP 503, asked to retry after 3600 s")
    assert waits == [] and faults.count("/busy-long") == 1


def test_503_every_time_gives_up_after_the_attempts(faults: FaultServer,
                                                    settings: Settings) -> None:
    assert outcome(settings, faults.url("/down")) == ("unverified", "HTTP 503 after 3 attempts")
    assert faults.count("/down") == 3


def test_429_waits_as_told_then_succeeds(faults: FaultServer, settings: Settings) -> None:
    waits: list[float] = []
    assert outcome(settings, faults.url("/throttled"), waits)[0] == "found"
    assert waits == [2.0, 2.0]


def test_429_every_time(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/throttled-always")) == \
        ("unverified", "HTTP 429 after 3 attempts")


def test_backoff_grows_exponentially_with_jitter(faults: FaultServer,
                                                 settings: Settings) -> None:
    waits: list[float] = []
    s = replace(settings, backoff=1.0, max_backoff=30.0, attempts=4)
    assert outcome(s, faults.url("/down"), waits) == ("unverified", "HTTP 503 after 4 attempts")
    assert len(waits) == 3
    for wait, base in zip(waits, (1.0, 2.0, 4.0), strict=True):
        assert base / 2 <= wait <= base


def test_connection_reset(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/reset")) == \
        ("unverified", "connection reset after 3 attempts")
    assert outcome(settings, faults.url("/reset-once"))[0] == "found"


def test_connection_refused(settings: Settings) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert outcome(settings, f"http://127.0.0.1:{port}/a") == \
        ("unverified", "connection refused after 3 attempts")


def test_dns_failure_is_not_retried(settings: Settings) -> None:
    for allow in (False, True):  # found by the guard, or by the connection itself
        verdict, reason = outcome(replace(settings, allow_private=allow),
                                  "http://no-such-host.invalid/a")
        assert verdict == "unverified"
        assert reason == "DNS failure: cannot resolve no-such-host.invalid"


def test_http_404_is_evidence_not_retried(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/not-found")) == \
        ("unverified", "HTTP 404: page not found")
    assert faults.count("/not-found") == 1


# --- time and size limits ------------------------------------------------------------------


def test_slow_drip_stops_at_the_deadline(faults: FaultServer, settings: Settings) -> None:
    s = replace(settings, deadline=1.0, read_timeout=5.0)
    start = time.monotonic()
    verdict, reason = outcome(s, faults.url("/drip"))
    assert (verdict, reason) == ("unverified",
                                 "timed out: no complete answer within the 1 s deadline")
    assert time.monotonic() - start < 2.5


def test_gzip_bomb_stops_at_the_cap(faults: FaultServer, settings: Settings) -> None:
    s = replace(settings, max_body=1 << 20)
    bomb()  # made before the clock and the memory count start
    tracemalloc.start()
    try:
        verdict, reason = outcome(s, faults.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (verdict, reason) == ("unverified",
                                 "too large: over the 1048576 byte limit once decompressed")
    assert peak < 16 << 20  # the 64 MB it would inflate to never exist in memory


def test_50_mb_body_declared(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/big")) == (
        "unverified", "too large: 52428800 bytes declared, over the 20971520 byte limit")


def test_50_mb_body_undeclared_is_cut_at_the_cap(faults: FaultServer,
                                                 settings: Settings) -> None:
    assert outcome(settings, faults.url("/big-unlabelled")) == (
        "unverified", "too large: over the 20971520 byte limit")


# --- redirects and the address guard ----------------------------------------------------------


def test_redirect_loop(faults: FaultServer, settings: Settings) -> None:
    a, b = faults.url("/loop-a"), faults.url("/loop-b")
    assert outcome(settings, a) == ("unverified", f"redirect loop: {a} -> {b} -> {a}")


def test_redirects_are_bounded(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/chain?n=3"))[0] == "found"
    assert outcome(settings, faults.url("/chain?n=12")) == \
        ("unverified", "more than 10 redirects")


def test_loopback_refused_without_the_flag(faults: FaultServer, settings: Settings) -> None:
    verdict, reason = outcome(replace(settings, allow_private=False), faults.url("/ok"))
    assert verdict == "unverified"
    assert reason == ("private address refused: 127.0.0.1 is a loopback address "
                      "(--allow-private lifts this)")
    assert faults.count("/ok") == 0


@pytest.fixture
def public_host(faults: FaultServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``gazette.test`` has a public address, and a connection to it reaches the fault server.

    No DNS server is involved: the fetcher's resolver answers a public address, and the test
    network routes connections to that address and port to 127.0.0.1.
    """
    LoopbackNetwork(monkeypatch).route(PUBLIC, faults.port, faults.port)

    def lookup(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "gazette.test":
            return answers(PUBLIC)(host, port)
        return socket.getaddrinfo(host, port, *args, **kwargs)

    return {"resolve": lookup}


def test_redirect_to_a_private_address_is_refused(faults: FaultServer, settings: Settings,
                                                  public_host: dict[str, Any]) -> None:
    s = replace(settings, allow_private=False)
    base = f"http://gazette.test:{faults.port}"
    assert outcome(s, f"{base}/ok", **public_host)[0] == "found"  # the host itself is fine
    assert outcome(s, f"{base}/to-private", **public_host) == (
        "unverified", "private address refused: 10.20.30.40 is a private address "
                      "(--allow-private lifts this)")
    assert outcome(s, f"{base}/to-metadata", **public_host) == (
        "unverified", "private address refused: 169.254.169.254 is a link-local address "
                      "(--allow-private lifts this)")
    assert outcome(s, f"{base}/to-file", **public_host) == (
        "unverified", "unsupported scheme file:: only http and https are fetched")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,hi", "ftp://x.org/a",
                                 "gopher://x.org/"])
def test_other_schemes_are_refused(settings: Settings, url: str) -> None:
    verdict, reason = outcome(settings, url)
    assert verdict == "unverified" and reason.startswith("unsupported scheme")


# --- charsets, types and bodies -----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/latin1-as-utf8", "/utf8-as-latin1"])
def test_mislabelled_charset(faults: FaultServer, settings: Settings, path: str) -> None:
    verdict, main = outcome(settings, faults.url(path), quote=ACCENTED_QUOTE)
    assert verdict == "found", main
    assert "Över år möttes de på ön" in main


@pytest.mark.parametrize("path", ["/octet-html", "/pdf-as-html", "/gzip", "/deflate"])
def test_wrong_or_encoded_type_is_still_read(faults: FaultServer, settings: Settings,
                                             path: str) -> None:
    assert outcome(settings, faults.url(path))[0] == "found"


def test_unreadable_types(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/image")) == ("unverified", "unsupported type image/png")
    assert outcome(settings, faults.url("/zip")) == (
        "unverified", "unsupported type application/zip: no text could be read")


def test_empty_body(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/empty")) == \
        ("unverified", "empty page: the server sent no content")


def test_pdf(faults: FaultServer, settings: Settings) -> None:
    snap = HttpFetcher(settings).fetch(faults.url("/pdf"))
    text = extract_text(snap)
    assert text.problem is None
    assert "The harbour will reopen before the summer season." in text.main
    assert text.title == "Synthetic test report" and str(text.date) == "2026-03-01"


# --- pages that are not the article --------------------------------------------------------------


@pytest.mark.parametrize(("path", "reason"), [
    ("/bot-wall", "blocked: the site answered with a bot check (HTTP 403)"),
    ("/bot-wall-200", "blocked: the page is a bot check, not the article"),
    ("/paywall", "paywalled: the article is cut after"),
    ("/soft404", "soft 404: the page says it was not found, though the server said 200"),
    ("/truncated", "truncated: the article is cut after"),
    ("/news/2026/03/02/harbour-to-reopen",
     "soft 404: the cited page now redirects to the site's front page"),
])
def test_pages_that_are_not_the_article(faults: FaultServer, settings: Settings, path: str,
                                        reason: str) -> None:
    verdict, got = outcome(settings, faults.url(path))
    assert verdict == "unverified" and got.startswith(reason), got


def test_a_web_archive_copy_is_marked_as_such(faults: FaultServer, settings: Settings) -> None:
    s = replace(settings, archive_url=faults.url(""))
    url = faults.url("/web/20260302101500/https://harbour-gazette.example/a")
    assert HttpFetcher(s).fetch(url).origin.value == "archive"
    assert HttpFetcher(s).fetch(faults.url("/ok")).origin.value == "live"


def test_tls_failure_is_not_retried(faults: FaultServer, settings: Settings) -> None:
    # The fault server speaks plain HTTP: a TLS handshake with it fails every time.
    verdict, reason = outcome(settings, faults.url("/ok").replace("http://", "https://"))
    assert verdict == "unverified" and reason.startswith("TLS failure: ")
    assert faults.count("/ok") == 0
    tls = failure(settings, faults.url("/ok").replace("http://", "https://"))
    assert tls.kind is FetchFailure.CONNECTION


def test_a_challenge_page_is_blocked_not_retried(faults: FaultServer, settings: Settings) -> None:
    assert outcome(settings, faults.url("/challenge-503")) == \
        ("unverified", "blocked: the site answered with a bot check (HTTP 503)")
    assert faults.count("/challenge-503") == 1
    with pytest.raises(FetchError) as caught:  # and says so as a code, for programs
        HttpFetcher(settings).fetch(faults.url("/challenge-503"))
    assert (caught.value.kind, caught.value.status) == (FetchFailure.BLOCKED, 503)


def test_progress_hears_of_retries_and_of_waits_the_server_asks_for(
        faults: FaultServer, settings: Settings) -> None:
    events: list[ProgressEvent] = []
    fetcher = HttpFetcher(settings, sleep=lambda s: None, progress=events.append)
    fetcher.fetch(faults.url("/flaky"))  # 500, then the page
    fetcher.fetch(faults.url("/busy"))  # 503 with Retry-After: 7, then the page
    assert [(e.kind, e.url) for e in events] == [
        (ProgressKind.RETRY, faults.url("/flaky")), (ProgressKind.WAIT, faults.url("/busy"))]
    assert events[0].detail == "HTTP 500: attempt 2 of 3 in 0.0 s"
    assert events[1].detail == "HTTP 503: the server asked to wait 7 s"


# --- what kind of failure: a code for programs beside the sentence for people ------------------


def failure(settings: Settings, url: str, **fetcher: Any) -> FetchError:
    """The FetchError fetching ``url`` through the cache ends in; fails the test if none."""
    inner = HttpFetcher(settings, sleep=lambda s: None, **fetcher)
    cached = CachedFetcher(inner, SnapshotCache(settings.cache_dir), offline=False)
    with cached, pytest.raises(FetchError) as err:
        cached.fetch(url)
    return err.value


@pytest.mark.parametrize(("path", "kind", "status", "reason"), [
    ("/down", FetchFailure.HTTP, 503, "HTTP 503 after 3 attempts"),
    ("/throttled-always", FetchFailure.HTTP, 429, "HTTP 429 after 3 attempts"),
    ("/busy-long", FetchFailure.HTTP, 503, "HTTP 503, asked to retry after 3600 s"),
    ("/challenge-503", FetchFailure.BLOCKED, 503,
     "blocked: the site answered with a bot check (HTTP 503)"),
    ("/reset", FetchFailure.CONNECTION, None, "connection reset after 3 attempts"),
    ("/big", FetchFailure.TOO_LARGE, None,
     "too large: 52428800 bytes declared, over the 20971520 byte limit"),
    ("/big-unlabelled", FetchFailure.TOO_LARGE, None, "too large: over the 20971520 byte limit"),
    ("/image", FetchFailure.UNSUPPORTED, None, "unsupported type image/png"),
    ("/chain?n=12", FetchFailure.REDIRECTS, None, "more than 10 redirects"),
])
def test_each_failure_has_its_kind(faults: FaultServer, settings: Settings, path: str,
                                   kind: FetchFailure, status: int | None, reason: str) -> None:
    got = failure(settings, faults.url(path))
    assert (got.kind, got.status, got.reason) == (kind, status, reason)


def test_a_dns_failure_is_of_kind_dns(settings: Settings) -> None:
    for allow in (False, True):  # found by the guard, or by the connection itself
        got = failure(replace(settings, allow_private=allow), "http://no-such-host.invalid/a")
        assert (got.kind, got.status) == (FetchFailure.DNS, None)
        assert got.reason == "DNS failure: cannot resolve no-such-host.invalid"


def test_a_refused_address_or_scheme_is_of_kind_refused(faults: FaultServer,
                                                       settings: Settings,
                                                       public_host: dict[str, Any]) -> None:
    guarded = replace(settings, allow_private=False)
    loopback = failure(guarded, faults.url("/ok"))
    hop = failure(guarded, f"http://gazette.test:{faults.port}/to-private", **public_host)
    scheme = failure(settings, "file:///etc/passwd")
    assert {loopback.kind, hop.kind, scheme.kind} == {FetchFailure.REFUSED}
    assert loopback.reason.startswith("private address refused: 127.0.0.1")
    assert hop.reason.startswith("private address refused: 10.20.30.40")
    assert faults.count("/ok") == 0


def test_timeouts_are_of_kind_timeout(faults: FaultServer, settings: Settings) -> None:
    deadline = failure(replace(settings, deadline=1.0, read_timeout=5.0), faults.url("/drip"))
    assert (deadline.kind, deadline.reason) == (
        FetchFailure.TIMEOUT, "timed out: no complete answer within the 1 s deadline")
    slow = DelayServer(delay=1.0)
    try:
        waited = failure(replace(settings, read_timeout=0.2, attempts=2), slow.url("/a"))
    finally:
        slow.close()
    assert (waited.kind, waited.reason) == (
        FetchFailure.TIMEOUT, "timed out waiting for an answer after 2 attempts")


def test_offline_and_not_cached_is_of_kind_offline(settings: Settings) -> None:
    offline = CachedFetcher(None, SnapshotCache(settings.cache_dir), offline=True)
    with offline, pytest.raises(FetchError) as err:
        offline.fetch("http://news.test/never-fetched")
    assert (err.value.kind, err.value.status) == (FetchFailure.OFFLINE, None)
    assert err.value.reason == "offline: not in cache"

"""Fetch pages over HTTP so that the real web's faults become reasons, not crashes.

One URL (``HttpFetcher.fetch``): connect and read timeouts on every request and a total
deadline across redirects and retries; retries (tenacity) only on transient failures
(connection errors, timeouts, 429 and 5xx) with exponential backoff, jitter and the server's
Retry-After; redirects followed by hand so each hop is bounded and passes the address guard;
the body streamed and decoded (``decoding``) with a size cap that also stops compression
bombs. Unless private addresses are allowed or a proxy is set, connections go only to
addresses vetted by the same DNS lookup (``pinning``), so a name cannot be re-pointed between
the check and the connection. Many URLs at once: ``schedule``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import functools
import hashlib
import logging
import random
import re
import socket
import time
import zlib
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.archives import archive_specs
from provenance.fetch.botcheck import is_bot_check
from provenance.fetch.decoding import Decoder
from provenance.fetch.failures import (
    connection_reason,
    is_timeout,
    protocol_violation,
    root_cause,
)
from provenance.fetch.revalidation import revalidated_headers
from provenance.fetch.urls import parse_url, scheme_of, split_url, to_uri
from provenance.fetch.urlsafety import AddressRefused, Resolve, check_url
from provenance.fetch.watchdog import Watchdog
from provenance.model import (
    Fetcher,
    NotModified,
    Origin,
    Progress,
    ProgressEvent,
    ProgressKind,
    Snapshot,
)
from provenance.settings import Settings

if TYPE_CHECKING:  # requests and tenacity load on first use: offline runs never need them
    import requests
    import tenacity

__all__ = ["HttpFetcher"]

log = logging.getLogger(__name__)

# Server errors are worth another try, except those that say the request itself is at fault
# (not implemented, version, negotiation, loop, extension, network login).
_TRANSIENT_STATUS = frozenset({408, 429} | set(range(500, 600))) - {501, 505, 506, 508, 510,
                                                                   511}
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "wayback.archive-it.org",
                  "webarchive.nationalarchives.gov.uk", "arquivo.pt")
_WAYBACK_PATH = re.compile(r"^/(?:wayback/|web/)?\d{4,14}(?:[a-z]{2}_)?/")
# Types no text can come from: refused before their body is read.
_UNREADABLE = ("image/", "audio/", "video/", "font/", "model/")
_ACCEPT = ("text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.9,"
           "*/*;q=0.5")


class _Transient(Exception):
    """A failure worth another attempt; ``retry_after`` is the server's wish, in seconds;
    ``kind`` and ``status`` are what the FetchError says if no attempt succeeds."""

    def __init__(self, reason: str, kind: FetchFailure, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.kind, self.status = reason, kind, status
        self.retry_after = retry_after


class HttpFetcher(Fetcher):
    """Fetch one URL with retries; raises FetchError with the reason when it cannot.

    ``close`` closes the requests Session the fetcher made; a session passed in is the
    caller's to close. ``progress`` hears of each retry and of each wait a server asks for.
    """

    def __init__(self, settings: Settings, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 resolve: Resolve = socket.getaddrinfo,
                 progress: Progress | None = None) -> None:
        import requests

        self.settings, self.sleep, self.resolve = settings, sleep, resolve
        self.progress = progress
        self._owns_session = session is None
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept"] = _ACCEPT
        # Only what Decoder understands, so the size cap holds for every encoding.
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        self.session.max_redirects = settings.max_redirects
        # Proxies, credentials and CA bundles are not taken from the environment or ~/.netrc
        # (a document's links must not pick up the user's credentials); a proxy is a setting.
        self.session.trust_env = False
        if settings.proxy:
            self.session.proxies = {"http": settings.proxy, "https": settings.proxy}
        # Names are vetted where they are connected to, from the lookup the connection uses.
        # Through a proxy the proxy looks the target up: the check before each hop (our own
        # lookup) is all a client can do, and the proxy's egress rules must do the rest.
        self._pinned = not settings.allow_private and not settings.proxy
        # Every connection can be cut by the watchdog that bounds an attempt (``_attempt``).
        for prefix in ("http://", "https://"):
            self.session.mount(prefix, self._adapter(resolve))

    def _adapter(self, resolve: Resolve) -> requests.adapters.HTTPAdapter:
        if self._pinned:
            from provenance.fetch.pinning import PinningAdapter

            return PinningAdapter(resolve)
        from provenance.fetch.watched import WatchingAdapter

        return WatchingAdapter()

    def _check(self, url: str) -> None:
        """Refuse ``url`` before any request: scheme, port and address rules. With pinned
        connections a name is looked up only when connecting, once, and vetted there."""
        check_url(url, self.settings.allow_private, None if self._pinned else self.resolve)

    def close(self) -> None:
        if self._owns_session:
            self.session.close()

    def fetch(self, url: str, *, previous: Snapshot | None = None) -> Snapshot:
        """Fetch ``url``; with ``previous`` (an earlier capture) ask only for changes.

        A 304 answer gives a new capture carrying the previous body and the 304's own
        headers (``Snapshot.not_modified``), so the cache records that the page was still the
        same at this time (as a WARC revisit record).
        """
        import tenacity

        s = self.settings
        self._check(url)
        deadline = time.monotonic() + s.deadline
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Transient),
            stop=tenacity.stop_after_attempt(max(1, s.attempts)),
            wait=self._wait,
            sleep=self.sleep,
            before_sleep=functools.partial(self._retrying, url),
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, deadline, previous)
        except _Transient as exc:
            attempts = max(1, s.attempts)
            plural = "attempt" if attempts == 1 else "attempts"
            raise FetchError(url, f"{exc.reason} after {attempts} {plural}", kind=exc.kind,
                             status=exc.status) from exc

    def _retrying(self, url: str, state: tenacity.RetryCallState) -> None:
        """Tell ``progress`` of the wait before the next attempt, and why."""
        exc = state.outcome.exception() if state.outcome else None
        if self.progress is None or not isinstance(exc, _Transient):
            return
        pause = state.next_action.sleep if state.next_action else 0.0
        attempts = max(1, self.settings.attempts)
        if exc.retry_after is not None:
            event = ProgressEvent(ProgressKind.WAIT, url,
                                  f"{exc.reason}: the server asked to wait {pause:g} s")
        else:
            event = ProgressEvent(ProgressKind.RETRY, url,
                                  f"{exc.reason}: attempt {state.attempt_number + 1} of "
                                  f"{attempts} in {pause:.1f} s")
        self.progress(event)

    # --- one attempt ----------------------------------------------------------------------

    def _wait(self, state: tenacity.RetryCallState) -> float:
        s = self.settings
        # Never past the URL's deadline (the second argument of ``_attempt``): the next
        # attempt then says the time is up, instead of sleeping beyond it.
        left = max(0.0, state.args[1] - time.monotonic()) if len(state.args) > 1 else s.deadline
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(exc.retry_after, s.max_backoff, left)
        base = min(s.max_backoff, s.backoff * 2 ** (state.attempt_number - 1))
        # "Equal jitter": at least half the exponential wait, so retries still spread out
        # but never hammer a struggling server sooner than planned.
        return min(left, base / 2 + random.uniform(0, base / 2))

    def _attempt(self, url: str, deadline: float, previous: Snapshot | None) -> Snapshot:
        """One attempt (its redirects, headers and body) within the per-request time limit,
        enforced by a watchdog that cuts the connection: a server trickling its headers
        one byte at a time never lets a socket read time out."""
        s = self.settings
        budget = min(s.request_timeout, _left(url, deadline, s.deadline))
        with Watchdog(budget) as watchdog:
            try:
                got = self._once(url, deadline, previous)
            except Exception as exc:
                if not watchdog.fired:
                    raise
                raise _timed_out(url, deadline, s.deadline, budget) from exc
        # A cut connection may still parse as an answer (the headers read so far, no body):
        # it is not the page.
        if watchdog.fired:
            raise _timed_out(url, deadline, s.deadline, budget)
        return got

    def _once(self, url: str, deadline: float, previous: Snapshot | None) -> Snapshot:
        s = self.settings
        # Sent, and recorded, as a URI (IDNA host, percent-encoded path and query); the
        # snapshot keeps ``url`` as written, which is how the cache and reports name it.
        current = to_uri(url)
        chain = [current]
        hops: list[tuple[str, int, str]] = []
        headers = _conditional_headers(previous)
        while True:
            resp = self._request(url, current, deadline, headers)
            if resp.status_code in _REDIRECTS and resp.headers.get("Location"):
                resp.close()
                target = _redirect_target(url, current, resp.headers["Location"])
                if target in chain:
                    loop = " -> ".join([*chain[chain.index(target):], target])
                    raise FetchError(url, f"redirect loop: {loop}", kind=FetchFailure.REDIRECTS)
                if len(chain) > s.max_redirects:
                    raise FetchError(url, f"more than {s.max_redirects} redirects",
                                     kind=FetchFailure.REDIRECTS)
                self._check(target)
                hops.append((current, resp.status_code, target))
                current = target
                chain.append(target)
                continue
            break
        try:
            status = resp.status_code
            if status in _TRANSIENT_STATUS:
                if status in (429, 503) and self._is_bot_check(url, resp, deadline):
                    # A challenge page does not go away by asking again.
                    raise FetchError(url, f"blocked: the site answered with a bot check "
                                          f"(HTTP {status})",
                                     kind=FetchFailure.BLOCKED, status=status)
                wait_for = _retry_after(resp)
                if wait_for is not None and wait_for > min(s.max_backoff,
                                                           deadline - time.monotonic()):
                    raise FetchError(url, f"HTTP {status}, asked to retry after "
                                          f"{wait_for:g} s", kind=FetchFailure.HTTP,
                                     status=status)
                raise _Transient(f"HTTP {status}", FetchFailure.HTTP, status, wait_for)
            if resp.status_code == 304 and previous is not None:
                return replace(_revalidated(previous, resp, url, current),
                               redirects=tuple(hops))
            ctype = resp.headers.get("Content-Type", "")
            if ctype.split(";")[0].strip().lower().startswith(_UNREADABLE):
                raise FetchError(url, f"unsupported type {ctype.split(';')[0].strip()}",
                                 kind=FetchFailure.UNSUPPORTED)
            body = self._body(url, resp, deadline)
        finally:
            resp.close()
        return Snapshot(
            url=url, final_url=current, status=resp.status_code, content_type=ctype,
            fetched_at=dt.datetime.now(dt.UTC), sha256=hashlib.sha256(body).hexdigest(),
            body=body, headers=tuple(resp.headers.items()),
            origin=self._origin(current), request_headers=_sent_headers(resp),
            redirects=tuple(hops),
        )

    def _is_bot_check(self, url: str, resp: requests.Response, deadline: float) -> bool:
        if "html" not in resp.headers.get("Content-Type", "html").lower():
            return False
        try:
            body = self._body(url, resp, deadline, cap=256 * 1024)
        except (FetchError, _Transient):
            return False
        return is_bot_check(body, resp.headers.get("Content-Type", ""))

    def _origin(self, url: str) -> Origin:
        """``archive`` for a web archive's copy (Wayback-style /web/TIMESTAMP/URL paths on a
        known archive host or the configured one), else ``live``."""
        parts = split_url(url)
        hosts = set(_ARCHIVE_HOSTS)
        hosts.update(a.host for a in archive_specs(self.settings))
        if parts.netloc.lower() in hosts and _WAYBACK_PATH.match(parts.path):
            return Origin.ARCHIVE
        return Origin.LIVE

    def _request(self, url: str, current: str, deadline: float,
                 headers: dict[str, str]) -> requests.Response:
        import requests

        s = self.settings
        left = _left(url, deadline, s.deadline)
        try:
            return self.session.get(current, headers=headers, allow_redirects=False,
                                    stream=True,
                                    timeout=(min(s.connect_timeout, left),
                                             min(s.read_timeout, left)))
        except AddressRefused as exc:  # raised by a pinned connection's own lookup
            raise FetchError(current, exc.reason, kind=FetchFailure.REFUSED) from exc
        except requests.ConnectTimeout as exc:
            raise _Transient("timed out connecting", FetchFailure.TIMEOUT) from exc
        except requests.ReadTimeout as exc:
            raise _Transient("timed out waiting for an answer", FetchFailure.TIMEOUT) from exc
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not go away by asking again.
            raise FetchError(url, f"TLS failure: {root_cause(exc)}",
                             kind=FetchFailure.CONNECTION) from exc
        except requests.exceptions.ProxyError as exc:
            raise FetchError(url, f"proxy failure: {root_cause(exc)}",
                             kind=FetchFailure.CONNECTION) from exc
        except requests.ConnectionError as exc:
            violation = protocol_violation(exc)
            if violation is not None:  # asking again gets the same malformed answer
                raise FetchError(url, violation, kind=FetchFailure.CORRUPT) from exc
            reason, kind = connection_reason(exc)
            if kind is FetchFailure.DNS:
                raise FetchError(url, reason, kind=kind) from exc
            raise _Transient(reason, kind) from exc
        except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema) as exc:
            raise FetchError(url, f"request failed: {exc}", kind=FetchFailure.REFUSED) from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"request failed: {exc}", kind=FetchFailure.OTHER) from exc

    def _body(self, url: str, resp: requests.Response, deadline: float,
              cap: int | None = None) -> bytes:
        import requests

        cap = self.settings.max_body if cap is None else cap
        declared = resp.headers.get("Content-Length", "")
        encoding = resp.headers.get("Content-Encoding", "").strip().lower()
        if declared.isdigit() and int(declared) > cap and encoding in ("", "identity"):
            raise FetchError(url, f"too large: {int(declared)} bytes declared, "
                                  f"over the {cap} byte limit", kind=FetchFailure.TOO_LARGE)
        if encoding not in Decoder.ENCODINGS:
            raise FetchError(url, f"unsupported content encoding {encoding}",
                             kind=FetchFailure.UNSUPPORTED)
        decoder = Decoder(encoding)
        # read1 returns what has arrived instead of waiting for a full chunk, so the deadline
        # is checked while a slow server drips; older urllib3 lacks it.
        read = getattr(resp.raw, "read1", None) or resp.raw.read
        parts: list[bytes] = []
        size = 0
        try:
            while True:
                _left(url, deadline, self.settings.deadline)
                raw = read(_CHUNK, decode_content=False)
                if not raw:
                    break
                for piece in decoder.feed(raw, cap - size + 1):
                    size += len(piece)
                    if size > cap:
                        raise FetchError(url, _too_large(cap, encoding),
                                         kind=FetchFailure.TOO_LARGE)
                    parts.append(piece)
            tail = decoder.flush()
            if size + len(tail) > cap:
                raise FetchError(url, _too_large(cap, encoding), kind=FetchFailure.TOO_LARGE)
            parts.append(tail)
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encoding} body: {exc}",
                             kind=FetchFailure.CORRUPT) from exc
        except (requests.RequestException, OSError, ValueError) as exc:
            raise _broken_body(exc) from exc
        except Exception as exc:  # urllib3 wraps socket faults in its own types
            if type(exc).__module__.startswith("urllib3"):
                raise _broken_body(exc) from exc
            raise
        return b"".join(parts)


def _redirect_target(url: str, current: str, location: str) -> str:
    """Where a redirect points, as a URI. A server may send a Location with raw UTF-8 in it
    (http.client gives it back as Latin-1): read as UTF-8 when it decodes so."""
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        location = location.encode("latin-1").decode("utf-8")
    try:
        target = urljoin(current, location.strip())
    except ValueError:
        target = location
    if parse_url(target) is None and scheme_of(target) in ("http", "https"):
        raise FetchError(url, f"redirect to a URL that cannot be fetched: {location[:200]!r}",
                         kind=FetchFailure.REDIRECTS)
    return to_uri(target)


def _timed_out(url: str, deadline: float, total: float, budget: float) -> Exception:
    if time.monotonic() >= deadline:
        return FetchError(url, f"timed out: no complete answer within the {total:g} s deadline",
                          kind=FetchFailure.TIMEOUT)
    return _Transient(f"timed out: no complete answer within {budget:g} s",
                      FetchFailure.TIMEOUT)


def _broken_body(exc: BaseException) -> _Transient:
    if is_timeout(exc):
        return _Transient("timed out while reading the body", FetchFailure.TIMEOUT)
    return _Transient(f"connection broken while reading the body ({root_cause(exc)})",
                      FetchFailure.CONNECTION)


def _too_large(cap: int, encoding: str) -> str:
    what = " once decompressed" if encoding not in ("", "identity") else ""
    return f"too large: over the {cap} byte limit{what}"


def _left(url: str, deadline: float, total: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, f"timed out: no complete answer within the {total:g} s deadline",
                         kind=FetchFailure.TIMEOUT)
    return left


def _retry_after(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _conditional_headers(previous: Snapshot | None) -> dict[str, str]:
    if previous is None:
        return {}
    headers = {k.lower(): v for k, v in previous.headers}
    out = {}
    if "etag" in headers:
        out["If-None-Match"] = headers["etag"]
    if "last-modified" in headers:
        out["If-Modified-Since"] = headers["last-modified"]
    return out


def _revalidated(previous: Snapshot, resp: requests.Response, url: str,
                 final_url: str) -> Snapshot:
    # The server confirmed the earlier body: keep it, with the fresh validators.
    fresh = tuple(resp.headers.items())
    return replace(previous, url=url, final_url=final_url,
                   fetched_at=dt.datetime.now(dt.UTC),
                   headers=revalidated_headers(previous.headers, fresh, previous.fetched_at),
                   origin=previous.origin, warc=None,
                   request_headers=_sent_headers(resp),
                   not_modified=NotModified(fresh, earlier=previous.warc))


def _sent_headers(resp: requests.Response) -> tuple[tuple[str, str], ...]:
    # requests lets a header value be bytes; on the wire it is Latin-1 (RFC 9110 5.5).
    return tuple((k, v.decode("latin-1") if isinstance(v, bytes) else v)
                 for k, v in resp.request.headers.items())

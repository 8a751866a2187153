"""Fetch pages over HTTP so that the real web's faults become reasons, not crashes.

One URL (``HttpFetcher.fetch``): connect and read timeouts on every request and a total
deadline across redirects and retries; retries (tenacity) only on transient failures
(connection errors, timeouts, 429 and 5xx) with exponential backoff, jitter and the server's
Retry-After; redirects followed by hand so each hop is bounded and passes the address guard;
the body streamed and decoded here with a size cap that also stops compression bombs.
Unless private addresses are allowed or a proxy is set, connections go only to addresses
vetted by the same DNS lookup (``pinning``), so a name cannot be re-pointed between the check
and the connection.

Many URLs (``fetch_many``): a thread pool fetching different hosts at once, at most
``per_host`` requests to one host at a time and ``politeness`` seconds between two starts
on the same host.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import random
import re
import socket
import sys
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urljoin, urlsplit

from provenance.errors import FetchError, FetchFailure
from provenance.fetch.revalidation import revalidated_headers
from provenance.fetch.urlsafety import AddressRefused, Resolve, check_url
from provenance.model import NotModified, Origin, Snapshot
from provenance.settings import Settings

if TYPE_CHECKING:  # requests and tenacity load on first use: offline runs never need them
    import requests
    import tenacity

__all__ = ["Fetcher", "HttpFetcher", "fetch_many", "host_of"]

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


class Fetcher(Protocol):
    def fetch(self, url: str) -> Snapshot: ...


class _Transient(Exception):
    """A failure worth another attempt; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


class HttpFetcher:
    """Fetch one URL with retries; raises FetchError with the reason when it cannot."""

    conditional = True  # fetch(url, previous=...) sends If-None-Match / If-Modified-Since

    def __init__(self, settings: Settings, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 resolve: Resolve = socket.getaddrinfo) -> None:
        import requests

        self.settings, self.sleep, self.resolve = settings, sleep, resolve
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept"] = _ACCEPT
        # Only what _Decoder understands, so the size cap holds for every encoding.
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
        if self._pinned:
            from provenance.fetch.pinning import PinningAdapter

            adapter = PinningAdapter(resolve)
            self.session.mount("http://", adapter)
            self.session.mount("https://", adapter)

    def _check(self, url: str) -> None:
        """Refuse ``url`` before any request: scheme, port and address rules. With pinned
        connections a name is looked up only when connecting, once, and vetted there."""
        check_url(url, self.settings.allow_private, None if self._pinned else self.resolve)

    def fetch(self, url: str, previous: Snapshot | None = None) -> Snapshot:
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
            reraise=True,
        )
        try:
            return retrying(self._once, url, deadline, previous)
        except _Transient as exc:
            attempts = max(1, s.attempts)
            plural = "attempt" if attempts == 1 else "attempts"
            raise FetchError(url, f"{exc.reason} after {attempts} {plural}") from exc

    # --- one attempt ----------------------------------------------------------------------

    def _wait(self, state: tenacity.RetryCallState) -> float:
        s = self.settings
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Transient) and exc.retry_after is not None:
            return min(exc.retry_after, s.max_backoff)
        base = min(s.max_backoff, s.backoff * 2 ** (state.attempt_number - 1))
        # "Equal jitter": at least half the exponential wait, so retries still spread out
        # but never hammer a struggling server sooner than planned.
        return base / 2 + random.uniform(0, base / 2)

    def _once(self, url: str, deadline: float, previous: Snapshot | None) -> Snapshot:
        s = self.settings
        current, chain = url, [url]
        hops: list[tuple[str, int, str]] = []
        headers = _conditional_headers(previous)
        while True:
            resp = self._request(url, current, deadline, headers)
            if resp.status_code in _REDIRECTS and resp.headers.get("Location"):
                resp.close()
                target = urljoin(current, resp.headers["Location"])
                if target in chain:
                    loop = " -> ".join([*chain[chain.index(target):], target])
                    raise FetchError(url, f"redirect loop: {loop}")
                if len(chain) > s.max_redirects:
                    raise FetchError(url, f"more than {s.max_redirects} redirects")
                self._check(target)
                hops.append((current, resp.status_code, target))
                current = target
                chain.append(target)
                continue
            break
        try:
            if resp.status_code in _TRANSIENT_STATUS:
                if resp.status_code in (429, 503) and self._is_bot_check(url, resp, deadline):
                    # A challenge page does not go away by asking again.
                    raise FetchError(url, f"blocked: the site answered with a bot check "
                                          f"(HTTP {resp.status_code})",
                                     kind=FetchFailure.BLOCKED, status=resp.status_code)
                wait_for = _retry_after(resp)
                if wait_for is not None and wait_for > min(s.max_backoff,
                                                           deadline - time.monotonic()):
                    raise FetchError(url, f"HTTP {resp.status_code}, asked to retry after "
                                          f"{wait_for:g} s")
                raise _Transient(f"HTTP {resp.status_code}", wait_for)
            if resp.status_code == 304 and previous is not None:
                return replace(_revalidated(previous, resp, url, current),
                               redirects=tuple(hops))
            ctype = resp.headers.get("Content-Type", "")
            if ctype.split(";")[0].strip().lower().startswith(_UNREADABLE):
                raise FetchError(url, f"unsupported type {ctype.split(';')[0].strip()}")
            body = self._body(url, resp, deadline)
        finally:
            resp.close()
        return Snapshot(
            url=url, final_url=current, status=resp.status_code, content_type=ctype,
            fetched_at=dt.datetime.now(dt.UTC), sha256=hashlib.sha256(body).hexdigest(),
            body=body, headers=tuple(resp.headers.items()),
            origin=self._origin(current), request_headers=tuple(resp.request.headers.items()),
            redirects=tuple(hops),
        )

    def _is_bot_check(self, url: str, resp: requests.Response, deadline: float) -> bool:
        from provenance.text.extract import is_bot_check

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
        parts = urlsplit(url)
        hosts = set(_ARCHIVE_HOSTS)
        hosts.add(urlsplit(self.settings.archive_url).netloc.lower())
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
            raise FetchError(current, exc.reason) from exc
        except requests.ConnectTimeout as exc:
            raise _Transient("timed out connecting") from exc
        except requests.ReadTimeout as exc:
            raise _Transient("timed out waiting for an answer") from exc
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not go away by asking again.
            raise FetchError(url, f"TLS failure: {_root_cause(exc)}") from exc
        except requests.exceptions.ProxyError as exc:
            raise FetchError(url, f"proxy failure: {_root_cause(exc)}") from exc
        except requests.ConnectionError as exc:
            reason = _connection_reason(exc)
            if reason.startswith("DNS failure"):
                raise FetchError(url, reason) from exc
            raise _Transient(reason) from exc
        except requests.RequestException as exc:
            raise FetchError(url, f"request failed: {exc}") from exc

    def _body(self, url: str, resp: requests.Response, deadline: float,
              cap: int | None = None) -> bytes:
        import requests

        cap = self.settings.max_body if cap is None else cap
        declared = resp.headers.get("Content-Length", "")
        encoding = resp.headers.get("Content-Encoding", "").strip().lower()
        if declared.isdigit() and int(declared) > cap and encoding in ("", "identity"):
            raise FetchError(url, f"too large: {int(declared)} bytes declared, "
                                  f"over the {cap} byte limit")
        if encoding not in _Decoder.ENCODINGS:
            raise FetchError(url, f"unsupported content encoding {encoding}")
        decoder = _Decoder(encoding)
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
                        raise FetchError(url, _too_large(cap, encoding))
                    parts.append(piece)
            tail = decoder.flush()
            if size + len(tail) > cap:
                raise FetchError(url, _too_large(cap, encoding))
            parts.append(tail)
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encoding} body: {exc}") from exc
        except (requests.RequestException, OSError, ValueError) as exc:
            if _is_timeout(exc):
                raise _Transient("timed out while reading the body") from exc
            raise _Transient(f"connection broken while reading the body "
                             f"({_root_cause(exc)})") from exc
        except Exception as exc:  # urllib3 wraps socket faults in its own types
            if type(exc).__module__.startswith("urllib3"):
                if _is_timeout(exc):
                    raise _Transient("timed out while reading the body") from exc
                raise _Transient(f"connection broken while reading the body "
                                 f"({_root_cause(exc)})") from exc
            raise
        return b"".join(parts)


class _Decoder:
    """Content-Encoding decoding that never produces more than asked for at once."""

    ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # deflate is zlib-wrapped or raw depending on the server: decided on the first bytes.
        gzip = encoding in ("gzip", "x-gzip")
        self._z = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
        self._head = b""  # deflate bytes held until the wrapping can be told

    def feed(self, data: bytes, limit: int) -> Iterable[bytes]:
        if self.encoding in ("", "identity"):
            yield data
            return
        if self._z is None:  # deflate: its first two bytes tell zlib-wrapped from raw
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return
            raw = not (data[0] & 0x0F == 8 and int.from_bytes(data[:2], "big") % 31 == 0)
            self._z = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        z = self._z
        out = z.decompress(data, max(1, limit))
        yield out
        # unconsumed_tail holds input not yet decoded because of max_length: keep going
        # only while under the limit, so a bomb stops at the cap, not at its full size.
        while z.unconsumed_tail:
            limit -= len(out)
            if limit <= 0:
                yield b"\0"  # one byte over: the caller sees the cap crossed
                return
            out = z.decompress(z.unconsumed_tail, max(1, limit))
            yield out

    def flush(self) -> bytes:
        if self._z is None and self._head:  # a one-byte deflate body: raw at best
            self._z = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._z.decompress(self._head) + self._z.flush()
        return self._z.flush() if self._z is not None else b""


def _too_large(cap: int, encoding: str) -> str:
    what = " once decompressed" if encoding not in ("", "identity") else ""
    return f"too large: over the {cap} byte limit{what}"


def _left(url: str, deadline: float, total: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise FetchError(url, f"timed out: no complete answer within the {total:g} s deadline")
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
                   request_headers=tuple(resp.request.headers.items()),
                   not_modified=NotModified(fresh, earlier=previous.warc))


def _connection_reason(exc: BaseException) -> str:
    chain = _causes(exc)
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if "NameResolutionError" in names or "gaierror" in names or \
            "name or service not known" in text or "nodename nor servname" in text:
        host = urlsplit(getattr(getattr(exc, "request", None), "url", "") or "").hostname
        return f"DNS failure: cannot resolve {host}" if host else "DNS failure"
    if "ConnectionRefusedError" in names or "connection refused" in text:
        return "connection refused"
    if "ConnectionResetError" in names or "connection reset" in text:
        return "connection reset"
    if "RemoteDisconnected" in names or "closed connection without response" in text:
        return "connection closed without an answer"
    if _is_timeout(exc):
        return "timed out"
    return f"connection failed ({_root_cause(exc)})"


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend([e.__cause__, e.__context__, *[a for a in e.args
                                                   if isinstance(a, BaseException)]])
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
    return seen


def _is_timeout(exc: BaseException) -> bool:
    return any(isinstance(e, TimeoutError) or "timeout" in type(e).__name__.lower()
               or "timed out" in str(e).lower() for e in _causes(exc))


def _root_cause(exc: BaseException) -> str:
    last = _causes(exc)[-1]
    return f"{type(last).__name__}: {last}" if str(last) else type(last).__name__


# --- many URLs ---------------------------------------------------------------------------------


def host_of(url: str) -> str:
    """The politeness key of ``url``: host and port as written."""
    return urlsplit(url).netloc.lower()


def fetch_many(fetcher: Fetcher, urls: Iterable[str],
               settings: Settings | None = None) -> dict[str, Snapshot | FetchError]:
    """Fetch each URL once, different hosts at once; a failure is a value, not an exception.

    Concurrency comes from ``settings`` (or, when not given, from ``fetcher.settings``, or the
    defaults): ``workers`` in all, ``per_host`` per host, ``politeness`` seconds between two
    starts on one host. A progress bar is drawn on stderr when it is a terminal.
    """
    s = settings or getattr(fetcher, "settings", None) or Settings()
    todo = list(dict.fromkeys(urls))
    out: dict[str, Snapshot | FetchError] = {}
    if not todo:
        return out
    with _Progress(len(todo)) as advance:
        # Offline, every answer comes from disk: threads would only add start-up time.
        if len(todo) == 1 or s.workers <= 1 or getattr(fetcher, "offline", False):
            for url in todo:
                out[url] = _fetch_one(fetcher, url)
                advance()
            return out
        _Scheduler(fetcher, s, advance).run(todo, out)
    return out


def _fetch_one(fetcher: Fetcher, url: str) -> Snapshot | FetchError:
    try:
        return fetcher.fetch(url)
    except FetchError as exc:
        return exc
    except Exception as exc:  # one bad URL must not lose the others' results
        log.exception("unexpected failure fetching %s", url)
        return FetchError(url, f"internal error: {type(exc).__name__}: {exc}")


class _Scheduler:
    """Hands URLs to a pool so that no host has more than ``per_host`` in flight."""

    def __init__(self, fetcher: Fetcher, settings: Settings, advance: Callable[[], None]) -> None:
        self.fetcher, self.s, self.advance = fetcher, settings, advance

    def run(self, urls: list[str], out: dict[str, Snapshot | FetchError]) -> None:
        queues: dict[str, deque[str]] = {}
        for url in urls:
            queues.setdefault(host_of(url), deque()).append(url)
        busy = dict.fromkeys(queues, 0)
        next_start = dict.fromkeys(queues, 0.0)
        per_host = max(1, self.s.per_host)
        running: dict[Future[Snapshot | FetchError], tuple[str, str]] = {}
        with ThreadPoolExecutor(max_workers=max(1, self.s.workers),
                                thread_name_prefix="fetch") as pool:
            while queues or running:
                now = time.monotonic()
                soonest = None
                # Round-robin over hosts so one long host list does not starve the rest.
                for host in list(queues):
                    if len(running) >= self.s.workers:
                        break
                    if busy[host] >= per_host:
                        continue
                    if next_start[host] > now:
                        soonest = min(soonest or next_start[host], next_start[host])
                        continue
                    url = queues[host].popleft()
                    if not queues[host]:
                        del queues[host]
                    busy[host] += 1
                    next_start[host] = now + self.s.politeness
                    running[pool.submit(_fetch_one, self.fetcher, url)] = (host, url)
                if not running:
                    time.sleep(max(0.0, (soonest or now) - time.monotonic()))
                    continue
                timeout = None if soonest is None else max(0.0, soonest - time.monotonic())
                done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                for fut in done:
                    host, url = running.pop(fut)
                    busy[host] -= 1
                    out[url] = fut.result()
                    self.advance()


class _Progress:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._bar = None
        self._lock = threading.Lock()

    def __enter__(self) -> Callable[[], None]:
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self._bar = Progress(console=Console(stderr=True), transient=True)
            self._bar.start()
            self._task = self._bar.add_task("fetching", total=self.total)
        return self._advance

    def _advance(self) -> None:
        if self._bar is not None:
            with self._lock:
                self._bar.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

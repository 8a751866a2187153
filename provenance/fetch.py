"""Fetch pages over HTTP: requests + tenacity, timeouts always, retries on transient faults."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from typing import Protocol

import requests
import tenacity

from .errors import FetchError
from .model import Snapshot
from .settings import Settings

_TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})


class Fetcher(Protocol):
    def fetch(self, url: str) -> Snapshot: ...


class _Transient(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class HttpFetcher:
    """Fetch one URL with retries; raises FetchError with the reason when it cannot."""

    def __init__(self, settings: Settings, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings, self.sleep = settings, sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.max_redirects = settings.max_redirects

    def fetch(self, url: str) -> Snapshot:
        s = self.settings
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Transient),
            stop=tenacity.stop_after_attempt(s.attempts),
            wait=tenacity.wait_exponential(multiplier=s.backoff, max=s.max_backoff),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            return retrying(self._once, url)
        except _Transient as exc:
            raise FetchError(url, f"{exc.reason} after {s.attempts} attempts") from exc

    def _once(self, url: str) -> Snapshot:
        s = self.settings
        try:
            resp = self.session.get(url, timeout=(s.connect_timeout, s.read_timeout))
        except requests.TooManyRedirects as exc:
            raise FetchError(url, f"more than {s.max_redirects} redirects") from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise _Transient(type(exc).__name__) from exc
        except requests.RequestException as exc:
            raise FetchError(url, str(exc)) from exc
        if resp.status_code in _TRANSIENT_STATUS:
            raise _Transient(f"HTTP {resp.status_code}")
        body = resp.content
        return Snapshot(
            url=url, final_url=resp.url, status=resp.status_code,
            content_type=resp.headers.get("Content-Type", ""),
            fetched_at=dt.datetime.now(dt.UTC), sha256=hashlib.sha256(body).hexdigest(),
            body=body, headers=tuple(resp.headers.items()),
            request_headers=tuple(resp.request.headers.items()),
        )


def fetch_many(fetcher: Fetcher, urls: tuple[str, ...]) -> dict[str, Snapshot | FetchError]:
    """Fetch each URL once; a failure is a value, not an exception."""
    out: dict[str, Snapshot | FetchError] = {}
    for url in urls:
        try:
            out[url] = fetcher.fetch(url)
        except FetchError as exc:
            out[url] = exc
    return out

"""Fetch pages over HTTP: requests + tenacity, timeouts always, retries on transient faults."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

import requests

from .errors import FetchError
from .model import Snapshot
from .settings import Settings


class Fetcher(Protocol):
    def fetch(self, url: str) -> Snapshot: ...


def fetch_many(fetcher: Fetcher, urls: tuple[str, ...]) -> dict[str, Snapshot | FetchError]:
    """Fetch each URL once; a failure is a value, not an exception."""
    raise NotImplementedError


class HttpFetcher:
    """Fetch one URL with retries; raises FetchError with the reason when it cannot."""

    def __init__(self, settings: Settings, session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings, self.session, self.sleep = settings, session, sleep

    def fetch(self, url: str) -> Snapshot:
        raise NotImplementedError

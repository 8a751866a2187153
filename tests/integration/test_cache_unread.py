"""The digest before the body: a capture whose text is kept is served from its index row,
its file read (and its digest checked) only when its body is asked for."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from dataclasses import replace
from pathlib import Path

import pytest

from provenance.cache.fetcher import open_fetcher
from provenance.cache.store import DamagedEntry, SnapshotCache
from provenance.cache.unread import UnreadSnapshot
from provenance.model import NotModified, PageText, Snapshot, Status
from provenance.settings import Settings
from tests.integration.damage import damage
from tests.integration.runs import cite, run
from tests.pages import HARBOUR, article_page

URL = "http://news.test/a"
PAGE = article_page("Council approves harbour expansion", HARBOUR)
QUOTE = "The expansion will be paid for by shipping fees, not by taxpayers"
T0 = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)


def _stored(cache: SnapshotCache, body: str = PAGE, when: dt.datetime = T0) -> Snapshot:
    data = body.encode()
    return cache.store(Snapshot(url=URL, final_url=URL, status=200,
                                content_type="text/html; charset=utf-8", fetched_at=when,
                                sha256=hashlib.sha256(data).hexdigest(), body=data,
                                headers=(("Content-Type", "text/html; charset=utf-8"),)))


def _offline(cache: SnapshotCache) -> Snapshot:
    with open_fetcher(Settings(cache_dir=cache.root, offline=True))[0] as fetcher:
        return fetcher.fetch(URL)


def test_a_kept_text_is_found_by_digest_and_the_body_read_only_when_asked(
        tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    stored = _stored(cache)
    assert not isinstance(_offline(cache), UnreadSnapshot)  # no text kept: read at once
    cache.store_text(stored.sha256, "any-1", PageText("words", "words"))
    got = _offline(cache)
    assert isinstance(got, UnreadSnapshot)
    assert (got.url, got.sha256, got.warc, got.fetched_at) == \
        (stored.url, stored.sha256, stored.warc, stored.fetched_at)
    damage(cache, stored, "edited")  # after serving it, before its body is asked for
    with pytest.raises(DamagedEntry, match="does not match its recorded digest"):
        got.body  # noqa: B018 -- reading it checks it
    fresh = SnapshotCache(tmp_path)
    assert not fresh.verify().ok  # `cache verify` still checks every digest


def test_an_unread_capture_stands_for_the_plain_one(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    stored = _stored(cache)
    cache.store_text(stored.sha256, "any-1", PageText("words", "words"))
    got = _offline(cache)
    plain = cache.read(cache.index(URL)[0])
    assert got == plain and plain == got and hash(got) == hash(plain)
    assert got.body == plain.body and got.headers == plain.headers
    again = pickle.loads(pickle.dumps(_offline(cache)))
    assert type(again) is Snapshot and again == plain
    changed = replace(_offline(cache), warc=None)
    assert changed.body == plain.body and changed.warc is None


def test_a_capture_sharing_its_body_is_read_at_once(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path)
    first = _stored(cache)
    cache.store_text(first.sha256, "any-1", PageText("words", "words"))
    # A 304 confirmed it a day later: the revisit's record must be read to say so.
    cache.store(replace(first, fetched_at=T0 + dt.timedelta(days=1), warc=None,
                        not_modified=NotModified((("ETag", '"n"'),), first.warc)))
    got = _offline(cache)
    assert not isinstance(got, UnreadSnapshot) and got.not_modified is not None


def test_a_warm_run_answers_from_the_kept_text_without_reading_the_capture(
        tmp_path: Path, settings: Settings) -> None:
    cache = SnapshotCache(settings.cache_dir)
    stored = _stored(cache)
    settings = replace(settings, offline=True)
    first = run(cite(QUOTE, URL), settings).verdicts[0]  # extracts the text and keeps it
    assert first.status is Status.FOUND
    damage(cache, stored, "truncated")
    again = run(cite(QUOTE, URL), settings).verdicts[0]
    assert (again.status, again.reason, again.match) == (first.status, first.reason, first.match)
    assert again.source is not None and again.source.snapshot is not None
    assert again.source.snapshot.sha256 == stored.sha256
    with pytest.raises(DamagedEntry):  # whoever reads the body is told it is damaged
        again.source.snapshot.body  # noqa: B018

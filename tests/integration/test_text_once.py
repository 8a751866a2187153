"""A page's text is made by one process of those sharing a cache: one that wants a text
another process is making waits for it and takes the text kept, rather than reading the
page again (a batch's workers all reach the pages most documents cite at once)."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

from provenance.cache.store import SnapshotCache
from provenance.model import PageText, Snapshot
from provenance.pipeline import _page_text
from tests.pages import HARBOUR, article_page

_BODY = article_page("Council approves harbour expansion (synthetic)", HARBOUR).encode()
_SHA = hashlib.sha256(_BODY).hexdigest()

# Another process: holds the lock for this body while it "reads" it, then keeps a text that
# extraction would never give, so that whoever returns it took it from the cache.
_OTHER = """
import sys, time
from pathlib import Path
from provenance.cache.store import SnapshotCache
from provenance.model import PageText
from provenance.text.extract import EXTRACTOR

cache = SnapshotCache(Path(sys.argv[1]))
with cache.making_text(sys.argv[2]):
    print("locked", flush=True)
    time.sleep(0.8)
    cache.store_text(sys.argv[2], EXTRACTOR, PageText("kept by the other process", "kept"))
cache.close()
"""


def _snapshot() -> Snapshot:
    url = "http://127.0.0.1:9/harbour"
    return Snapshot(url=url, final_url=url, status=200, content_type="text/html",
                    fetched_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC), sha256=_SHA,
                    body=_BODY)


def test_a_text_another_process_is_making_is_waited_for_not_made_again(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    cache.store(_snapshot())  # (the index exists, as in any run that fetched the page)
    other = subprocess.Popen([sys.executable, "-c", _OTHER, str(tmp_path / "cache"), _SHA],
                             stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        with cache.steady():  # as a check reads its pages
            text = _page_text(_snapshot(), cache)
    finally:
        other.wait(timeout=60)
        cache.close()
    assert text == PageText("kept by the other process", "kept")


def test_without_another_process_the_page_is_read_and_its_text_kept(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    cache.store(_snapshot())
    text = _page_text(_snapshot(), cache)
    assert "harbour" in text.main.lower()
    from provenance.text.extract import EXTRACTOR
    assert cache.text(_SHA, EXTRACTOR) == text
    assert len(list((tmp_path / "cache" / "locks").iterdir())) == 1
    cache.close()


def test_a_cache_that_cannot_take_a_lock_still_reads_the_page(tmp_path: Path) -> None:
    cache = SnapshotCache(tmp_path / "cache")
    (tmp_path / "cache").mkdir(exist_ok=True)
    (tmp_path / "cache" / "locks").write_text("a file where the lock folder goes")
    assert "harbour" in _page_text(_snapshot(), cache).main.lower()
    cache.close()


# The same across a cluster's workers, each writing its own shard of the run: the lock is
# the run's cache's, and the text is read from the shard of the worker that made it.
_OTHER_SHARD = """
import sys, time
from pathlib import Path
from provenance.batch.run_caches import RunCache
from provenance.cache.store import SnapshotCache
from provenance.model import PageText
from provenance.text.extract import EXTRACTOR

main, run = SnapshotCache(Path(sys.argv[1])), Path(sys.argv[2])
shard = RunCache(run / "worker-a", main, run)
with shard.making_text(sys.argv[3]):
    print("locked", flush=True)
    time.sleep(0.8)
    shard.store_text(sys.argv[3], EXTRACTOR, PageText("kept by the other worker", "kept"))
shard.close()
"""


def test_a_cluster_worker_waits_for_the_text_another_worker_is_making(tmp_path: Path) -> None:
    from provenance.batch.run_caches import RunCache

    main = SnapshotCache(tmp_path / "cache")
    main.store(_snapshot())
    run = tmp_path / "shards"
    run.mkdir()
    (run / "worker-a").mkdir()
    shard = RunCache(run / "worker-b", main, run)
    other = subprocess.Popen([sys.executable, "-c", _OTHER_SHARD, str(tmp_path / "cache"),
                              str(run), _SHA], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        with shard.steady():
            text = _page_text(_snapshot(), shard)
    finally:
        other.wait(timeout=60)
        shard.close()
    assert text == PageText("kept by the other worker", "kept")


# Another process that holds the lock for the body until told to go, and never keeps a
# text: a reader killed mid-page.
_HOLDER = """
import sys
from pathlib import Path
from provenance.cache.store import SnapshotCache

cache = SnapshotCache(Path(sys.argv[1]))
with cache.making_text(sys.argv[2]):
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_found_elsewhere_does_not_wait_for_a_page_another_process_is_reading(
        tmp_path: Path) -> None:
    """Bringing the found-elsewhere index up to date passes over a capture whose text
    another process is making (that process indexes it as it keeps the text): a document
    that does not cite the page does not wait for it. Should that process die first, the
    next catch-up reads the page itself."""
    import functools
    import threading

    from provenance.pipeline import _first_read
    from provenance.text.extract import EXTRACTOR
    from provenance.words.shingles import SCHEME

    cache = SnapshotCache(tmp_path / "cache")
    cache.store(_snapshot())
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(tmp_path / "cache"), _SHA],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                              cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        pages = cache.pages(EXTRACTOR, functools.partial(_first_read, cache))
        caught = threading.Thread(target=pages.up_to_date, daemon=True)
        caught.start()
        caught.join(timeout=30)
        assert not caught.is_alive(), "the catch-up waited for the other process's page"
        assert holder.poll() is None  # (the lock was still held throughout)
        assert cache.text(_SHA, EXTRACTOR) is None
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # it ends without keeping a text
        holder.wait(timeout=60)
    again = cache.pages(EXTRACTOR, functools.partial(_first_read, cache))
    again.up_to_date()
    text = cache.text(_SHA, EXTRACTOR)
    assert text is not None and "harbour" in text.main.lower()
    assert cache.shingles(EXTRACTOR, SCHEME).keys() == {_SHA}  # and indexed
    cache.close()

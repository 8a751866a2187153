"""Found-elsewhere on a Dask cluster searches what a local batch searches: the cache given
with ``--cache`` and every page fetched in the run, whichever worker fetched it; and the
text the workers extracted is merged with their captures. A real LocalCluster of two worker
processes, pages from a local server (synthetic articles). Hard timeout as in
``test_batch_dask``."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.index import Index
from provenance.cache.shingled import ShingleIndex
from provenance.cache.store import SnapshotCache
from provenance.cli import main
from provenance.text.extract import EXTRACTOR
from tests.integration.test_batch_dask import hard_timeout  # noqa: F401 (a fixture)
from tests.pages import article_page

pytest.importorskip("distributed")

WORDS = ("harbour", "council", "budget", "ferry", "school", "tunnel", "bridge", "market",
         "library", "clinic", "river", "station", "tram", "museum", "stadium", "port")


def sentences(name: str) -> list[str]:
    rng = random.Random(name)
    return [f"In the {name} story the " + " ".join(rng.choices(WORDS, k=12)) + "."
            for _ in range(6)]


def quote(name: str) -> str:
    return " ".join(sentences(name)[2].rstrip(".").split()[3:13])


@pytest.fixture
def site(httpserver: HTTPServer) -> Iterator[HTTPServer]:
    for name in ("p0", "p1", "p2", "p3", "z", "y"):
        httpserver.expect_request(f"/{name}").respond_with_data(
            article_page(f"Synthetic article {name}", sentences(name)),
            content_type="text/html")
    yield httpserver


def check(docs: Path, cache: Path, out: Path, *extra: str) -> int:
    return main(["check", str(docs), "--cache", str(cache), "--out", str(out),
                 "--allow-private", "--attempts", "1", "--no-archive", "-q", *extra])


def test_found_elsewhere_on_a_cluster_searches_the_cache_and_every_worker_s_pages(
        tmp_path: Path, site: HTTPServer) -> None:
    url = site.url_for
    # The base cache holds page z from an earlier run; no document of the batch cites it.
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "z.md").write_text(f"She said “{quote('z')}” ([Courier]({url('/z')})).\n",
                               encoding="utf-8")
    base = tmp_path / "base"
    assert check(seed, base, tmp_path / "seed-out") == 0
    docs = tmp_path / "docs"
    docs.mkdir()
    # Documents a* cite and quote the pages p0..p3, fetched by whichever worker gets them
    # first; then b* quote p0 and p1 but cite page y (misattributed), and c quotes z,
    # citing y. The a* come first, so p0 and p1 are fetched before any b* is checked, in
    # a local batch and on the cluster alike.
    said = "He said “{}” ([Courier]({})).\n"
    for d in range(8):
        page = f"p{d % 4}"
        (docs / f"a{d}.md").write_text(said.format(quote(page), url(f"/{page}")),
                                       encoding="utf-8")
    for d in range(6):
        (docs / f"b{d}.md").write_text(said.format(quote(f"p{d % 2}"), url("/y")),
                                       encoding="utf-8")
    (docs / "c.md").write_text(said.format(quote("z"), url("/y")), encoding="utf-8")
    for run in ("one", "cluster"):
        shutil.copytree(base, tmp_path / f"cache-{run}")
    check(docs, tmp_path / "cache-one", tmp_path / "one", "--jobs", "1")
    check(docs, tmp_path / "cache-cluster", tmp_path / "cluster", "--dask", "local:2")
    one = (tmp_path / "one" / "index.jsonl").read_text(encoding="utf-8")
    assert (tmp_path / "cluster" / "index.jsonl").read_text(encoding="utf-8") == one
    rows = {Path(r["document"]).stem: r for r in map(json.loads, one.splitlines())}
    assert all(rows[f"a{d}"]["status"] == "found" for d in range(8))
    for doc in [f"b{d}" for d in range(6)] + ["c"]:
        assert rows[doc]["status"] == "missing" and "found-elsewhere" in rows[doc]["flags"]

    # The workers' text came with their captures: every body of the merged cache has its
    # text and its found-elsewhere rows, so a first offline run extracts nothing.
    merged = tmp_path / "cache-cluster"
    cache, shingled = SnapshotCache(merged), ShingleIndex(Index(merged))
    assert {row.url for row in cache.index()} == {url(f"/{n}") for n in
                                                   ("p0", "p1", "p2", "p3", "z", "y")}
    for row in cache.index():
        assert cache.text(row.sha256, EXTRACTOR) is not None, row.url
        assert shingled.kept(row.sha256, EXTRACTOR) is not None, row.url

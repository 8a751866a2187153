"""What looking for unquoted reuse adds to a check's time: on the shipped example and on a
batch of synthetic documents.

Run from the repository root:  python -m bench.bench_reuse_cost [--docs 100] [--rounds 10]

Each check runs in this process, offline, against a copy of a cache (the example's shipped
cache; for the batch, 50 synthetic pages imported as ``bench_batch`` does), and writes its
md and json reports, as the command does. The pipeline's reuse step (the passages the
sources read share with the document, and with ``--reuse-cache`` the cache's pages named by
the found-elsewhere index) is timed inside the same checks by wrapping it, so its share is
measured in the same runs as the rest, whatever else the machine is doing: the figure is
reuse time / (check time - reuse time), what reuse adds to a check without it. The example
is checked ``--rounds`` times after one warm-up check; the batch once cold (texts not yet
extracted) and once warm.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from provenance import api, pipeline
from provenance.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
PAGE_SEED, DOC_SEED = 1, 2


class ReuseClock:
    """The pipeline's reuse step, timed each time a check calls it."""

    def __init__(self) -> None:
        self.spent = 0.0
        self._step: Callable[..., Any] = pipeline._reuse

    def __enter__(self) -> ReuseClock:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return self._step(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - start

        pipeline._reuse = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        pipeline._reuse = self._step  # type: ignore[assignment]


def _checks(docs: list[str | Path], settings: Settings, out: Path) -> tuple[float, float, int]:
    """(seconds for every check and its reports, seconds of it in reuse, passages found)."""
    found = 0
    with ReuseClock() as clock:
        start = time.perf_counter()
        for i, doc in enumerate(docs):
            report = api.check(doc, settings=settings)
            api.write_reports(report, out / str(i), ("md", "json"))
            found += len(report.reuse)
        took = time.perf_counter() - start
    return took, clock.spent, found


def _line(label: str, took: float, reuse: float, n: int, found: int) -> str:
    rest = took - reuse
    return (f"  {label:34} {took / n * 1000:8.2f} ms a document, reuse {reuse / n * 1000:6.2f} ms"
            f" = +{100 * reuse / rest:5.1f}% over the rest ({found} passages)")


def example(tmp: Path, rounds: int) -> None:
    doc = ROOT / "examples" / "harbour-expansion.md"
    print(f"\nthe shipped example ({doc.name}), offline from a copy of the shipped cache, "
          f"{rounds} checks after one warm-up")
    for label, wide in (("cited sources", False), ("--reuse-cache", True)):
        cache = tmp / f"example-{wide}"
        shutil.copytree(ROOT / "cache", cache)
        settings = Settings(cache_dir=cache, offline=True, reuse_cache=wide)
        _checks([doc], settings, tmp / "out")
        took, reuse, found = _checks([doc] * rounds, settings, tmp / "out")
        print(_line(label, took, reuse, rounds, found))


def batch(tmp: Path, n: int) -> None:
    sys.path[:0] = [str(ROOT)]
    from bench.batch_corpus import make_documents, make_pages, store_pages

    pages = make_pages(50, PAGE_SEED)
    texts = make_documents(n, pages, DOC_SEED)
    docs: list[str | Path] = []
    for i, text in enumerate(texts):
        path = tmp / "docs" / f"doc-{i}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        docs.append(path)
    print(f"\na batch of {n} synthetic documents (~3 KB, 5 quotations each) citing 50 cached "
          "pages, offline")
    for label, wide in (("cited sources", False), ("--reuse-cache", True)):
        cache = tmp / f"batch-{wide}"
        store_pages(cache, pages, with_text=False)
        settings = Settings(cache_dir=cache, offline=True)
        settings = replace(settings, reuse_cache=wide)
        for pass_ in ("cold", "warm"):
            took, reuse, found = _checks(docs, settings, tmp / "out")
            print(_line(f"{label}, {pass_}", took, reuse, n, found))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        example(tmp, args.rounds)
        batch(tmp, args.docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

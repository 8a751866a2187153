"""Many small documents checked through the library against one cache: documents/s beside
the floor (the work a check needs) and beside the code path of another commit.

Run from the project root:

    python bench/bench_batch.py [--docs 1000] [--big] [--baseline REF] [--growth]
                                [--large [--repeats N]] [--single] [--profile]

- batch: DOCS synthetic documents of ~3 KB, 5 quotations each, citing 50 synthetic pages
  imported into a fresh cache (``batch_corpus``). One process checks them all with
  ``provenance.check(..., offline=True)`` sharing the cache and writes md + json reports:
  a cold pass (text not yet extracted, nothing loaded) then a warm pass. ``--big`` adds a
  10,000-document batch.
- floor: in the same process, what a check cannot avoid, timed stage by stage over the same
  documents: reading them, finding and attributing quotes (quote language apart) and
  matching each quotation against its page's text.
- ``--baseline REF``: the same batch run by the code of git commit REF (exported to a
  temporary folder) in the same run, and its verdicts compared with this checkout's.
- ``--growth``: the same 100 documents, warm (the fastest of three passes), with 50, 2,000
  and 20,000 cached pages (the caches are built once and kept in ``--keep``, since
  importing 20,000 pages takes minutes); and one found-elsewhere lookup in each.
- ``--large``: one 5 MB document with 20,000 quotations citing 200 pages: a cold process
  then a warm one (``--repeats N`` times: ranges and medians); wall and CPU time and peak
  memory of each; with ``--baseline``, the two codes' JSON verdicts compared.
- ``--single``: the shipped example, in a fresh process: in-process time of one check and
  its reports, above the imports; and how long each language model takes to load.
- ``--profile``: cProfile of the warm batch pass, the top functions by own time.

Each pass is timed by the clock and by the process's CPU time: on a machine running other
jobs the clock measures the load as much as the code, and the CPU time much less so (the
floor's CPU time includes its timing loop). A process keeps what the cache's index answered
while the index is unchanged (``provenance.cache.memo``), so a warm pass's later documents
ask SQLite almost nothing.

Each measurement runs in a child process (this file with ``--child``) so that what is
loaded once per process is counted, and so a baseline's code can be imported instead.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGE_SEED, DOC_SEED, GROWTH_SEED = 1, 2, 7
FORMATS = ["md", "json"]


# --- the child: runs inside one process, with the code under test -------------------------


def _child(job: dict[str, Any]) -> dict[str, Any]:
    sys.path[:0] = [job["code"]]
    t0 = time.perf_counter()
    import provenance  # what is imported before any check is not counted
    from provenance import api
    imported = time.perf_counter() - t0
    if job.get("models"):
        return {"models": _model_loads()}
    docs = [Path(p).read_text("utf-8") for p in job["docs"]]
    out: dict[str, Any] = {"imports": imported, "passes": [], "code": provenance.__file__}
    digest: list[Any] = []
    profile = None
    for n, name in enumerate(job["passes"]):
        if job.get("profile") and name == "warm":
            import cProfile
            profile = cProfile.Profile()
            profile.enable()
        start, cpu = time.perf_counter(), time.process_time()
        for i, text in enumerate(docs):
            report = api.check(text, offline=True, cache=job["cache"])
            api.write_reports(report, Path(job["out"]) / f"{n}-{i}", job["formats"])
            if n == len(job["passes"]) - 1 and job.get("digest", True):
                digest.append(_verdicts(report))
        out["passes"].append([name, time.perf_counter() - start, time.process_time() - cpu])
        if profile is not None:
            profile.disable()
            profile.dump_stats(job["profile"])
            profile = None
    out["verdicts"] = digest
    if job.get("floor"):
        cpu = time.process_time()
        out["floor"] = _floor(docs, job["cache"])
        out["floor_cpu"] = time.process_time() - cpu
    import resource
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _model_loads() -> dict[str, float]:
    """Seconds each model a check loads takes to load, in a fresh process (after imports)."""
    from provenance.words import language

    out = {}
    for name in ("_guesser", "_py3langid"):  # quotes' and pages' languages; the fallback
        load = getattr(language, name, None)
        if load is not None:
            start = time.perf_counter()
            load()
            out[name.strip("_")] = time.perf_counter() - start
    return out


def _verdicts(report: Any) -> list[Any]:
    """What must not change: each verdict, its reason, match, flags and links."""
    from provenance.report.render import links
    return [[v.status.value, v.reason, [f.value for f in v.flags],
             v.match.span.start if v.match else None, links(v).live] for v in report.verdicts]


def _floor(docs: list[str], cache_dir: str) -> dict[str, float]:
    """The work a check needs, stage by stage, over the same documents and cached texts."""
    from provenance.api import open_cache
    from provenance.citations.attribute import attribute, find_citations
    from provenance.document import parse_document
    from provenance.match import best_match
    from provenance.model import QuoteKind
    from provenance.quotes.find import find_quotes
    from provenance.text.extract import EXTRACTOR
    from provenance.words.language import identify

    cache = open_cache(cache_dir)
    texts = {}
    for capture in cache.index():
        text = cache.text(capture.sha256, EXTRACTOR)
        if text is not None:
            texts[capture.url] = text
    t: dict[str, float] = {"reading": 0.0, "extraction": 0.0, "language": 0.0,
                           "matching": 0.0}
    for raw in docs:
        start = time.perf_counter()
        doc = parse_document(raw.encode("utf-8"), "text", "md")
        t["reading"] += time.perf_counter() - start
        start = time.perf_counter()
        quotes = attribute(doc, find_quotes(doc), find_citations(doc))
        t["extraction"] += time.perf_counter() - start
        quotations = [q for q in quotes if q.kind is QuoteKind.QUOTATION]
        start = time.perf_counter()
        for q in quotations:  # the finder tags each quote once: the same calls, apart
            identify(" ".join(q.segments) if q.segments else q.text)
        t["language"] += time.perf_counter() - start
        start = time.perf_counter()
        for q in quotations:
            page = texts.get(q.citation.url) if q.citation and q.citation.url else None
            if page is not None:
                best_match(q, page)
        t["matching"] += time.perf_counter() - start
    t["extraction"] -= t["language"]  # find_quotes tagged them too: counted once, apart
    return t


# --- the parent -------------------------------------------------------------------------


def _run(job: dict[str, Any]) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", f.name], cwd=ROOT,
                          capture_output=True, text=True)
    os.unlink(f.name)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr.strip()[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = time.perf_counter() - start
    return result


def _export(ref: str, into: Path) -> Path:
    """The code of commit ``ref``, as files (never a checkout of this worktree)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref, "provenance"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _write_docs(texts: list[str], into: Path) -> list[str]:
    into.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = into / f"doc-{i}.md"
        path.write_text(text, "utf-8")
        paths.append(str(path))
    return paths


def batch(n: int, tmp: Path, codes: dict[str, str], profile: bool) -> None:
    from bench.batch_corpus import make_documents, make_pages, store_pages

    pages = make_pages(50, PAGE_SEED)
    template = tmp / f"cache-{n}"
    store_pages(template, pages, with_text=False)
    docs = _write_docs(make_documents(n, pages, DOC_SEED), tmp / f"docs-{n}")
    print(f"\nbatch: {n} synthetic documents (~3 KB, 5 quotations), 50 cached pages, "
          f"reports {'+'.join(FORMATS)}")
    results = {}
    for name, code in codes.items():
        cache = tmp / f"cache-{n}-{name}"
        shutil.copytree(template, cache)
        prof = str(tmp / f"profile-{name}") if profile and name == "this" else None
        results[name] = _run({"code": code, "cache": str(cache), "docs": docs,
                              "out": str(tmp / f"out-{n}-{name}"), "formats": FORMATS,
                              "passes": ["cold", "warm"], "floor": name == "this",
                              "profile": prof})
        shutil.rmtree(tmp / f"out-{n}-{name}", ignore_errors=True)
    floor = results["this"]["floor"]
    need, need_cpu = sum(floor.values()), results["this"]["floor_cpu"]
    print("  floor: " + ", ".join(f"{k} {v:.2f} s" for k, v in floor.items())
          + f"; in all {need:.2f} s ({need / n * 1000:.2f} ms a document; "
          f"CPU {need_cpu:.2f} s, its timing loop included)")
    for name, r in results.items():
        for pass_, took, cpu in r["passes"]:
            print(f"  {name:>9} {pass_:4}  {took:7.2f} s  {n / took:7.1f} documents/s  "
                  f"{took / n * 1000:7.2f} ms a document  x{took / need:5.1f} the floor  "
                  f"(CPU {cpu:6.2f} s, x{cpu / need_cpu:4.1f} the floor's)")
        print(f"  {name:>9} peak memory {r['peak_mb']:.0f} MB  ({r['code']})")
    if "baseline" in results:
        same = results["baseline"]["verdicts"] == results["this"]["verdicts"]
        speed = results["baseline"]["passes"][1][1] / results["this"]["passes"][1][1]
        cpu = results["baseline"]["passes"][1][2] / results["this"]["passes"][1][2]
        print(f"  warm speed-up over the baseline x{speed:.1f} (CPU x{cpu:.1f}); verdicts and "
              f"links {'identical' if same else 'DIFFER'}")
    if profile:
        import pstats
        print("\n  where the warm pass's time goes (cProfile, own time):")
        pstats.Stats(str(tmp / "profile-this")).sort_stats("tottime").print_stats(20)


def growth(keep: Path, tmp: Path, codes: dict[str, str]) -> None:
    from bench.batch_corpus import growth_caches, make_documents, make_pages

    pages = make_pages(50, PAGE_SEED)
    print("\ncache growth: the same 100 documents, warm (the fastest of three passes), with "
          "more cached pages")
    caches = growth_caches(keep, pages, (50, 2000, 20000), GROWTH_SEED, report=True)
    docs = _write_docs(make_documents(100, pages, DOC_SEED), tmp / "docs-growth")
    for name, code in codes.items():
        per, cpus = [], []
        for built in caches:
            cache = tmp / f"growth-{name}"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(built, cache)
            # The fastest of three warm passes: the machine's noise is of the order of the
            # differences looked for.
            r = _run({"code": code, "cache": str(cache), "docs": docs,
                      "out": str(tmp / "out-growth"), "formats": FORMATS,
                      "passes": ["cold", "warm", "warm", "warm"]})
            shutil.rmtree(tmp / "out-growth", ignore_errors=True)
            per.append(min(took for _, took, _cpu in r["passes"][1:]) / len(docs))
            cpus.append(min(cpu for *_, cpu in r["passes"][1:]) / len(docs))
        for what, times in (("wall", per), ("CPU", cpus)):
            spread = max(times) / min(times) - 1
            print(f"  {name:>9} {what:4} " + "  ".join(
                f"{size:>6} pages {t * 1000:6.1f} ms/doc"
                for size, t in zip((50, 2000, 20000), times, strict=True))
                + f"   spread {spread:.0%} (target <= 10%)")
    _lookups(caches, tmp)


def _lookups(caches: list[Path], tmp: Path) -> None:
    """This checkout's found-elsewhere lookup in each growth cache: 50 synthetic sentences
    (in no page) asked for the cached pages sharing their shingles."""
    import random

    from bench.batch_corpus import sentence
    from provenance.cache.store import SnapshotCache
    from provenance.judge.elsewhere import cached_candidates
    from provenance.text.extract import EXTRACTOR

    out = []
    for built in caches:
        cache_dir = tmp / "lookups"
        shutil.rmtree(cache_dir, ignore_errors=True)
        shutil.copytree(built, cache_dir)
        pages = SnapshotCache(cache_dir).pages(EXTRACTOR, lambda sha: None)
        pages.up_to_date()
        rng = random.Random(GROWTH_SEED)
        asked = [sentence(rng) for _ in range(50)]
        start = time.perf_counter()
        for text in asked:
            cached_candidates(pages, [text])
        out.append((time.perf_counter() - start) / len(asked))
    print("       this found-elsewhere lookup, "
          + ", ".join(f"{t * 1000:.1f} ms" for t in out) + " with 50, 2,000, 20,000 pages")


def large_document(pages: list[Any]) -> str:
    """20,000 quotations in 5 MB: one document of 4,000 five-quote sections, a sentence of
    prose before each quotation in every third section."""
    import random

    from bench.batch_corpus import make_document

    rng = random.Random(DOC_SEED)
    return "\n".join(make_document(rng, pages, i, quotes=5, filler=1 if i % 3 == 0 else 0)
                     for i in range(4000))


def large(tmp: Path, codes: dict[str, str], repeats: int = 1) -> None:
    """Each code's cold process then warm process, ``repeats`` times over (each cold run on a
    fresh copy of the cache). The peak is the process's whole resident peak (imports and
    models included); the child keeps no digest of the verdicts, which would count in it:
    with a baseline, the two codes' JSON reports are compared verdict by verdict instead."""
    from bench.batch_corpus import make_pages, store_pages

    pages = make_pages(200, PAGE_SEED + 100, paragraphs=100)
    template = tmp / "cache-large"
    store_pages(template, pages, with_text=False)
    text = large_document(pages)
    docs = _write_docs([text], tmp / "docs-large")
    print(f"\nlarge document: {len(text.encode()) / 1e6:.1f} MB, 20,000 quotations, "
          f"200 cited pages; a cold process, then a warm one, {repeats} time(s) each")
    got: dict[str, dict[str, list[tuple[float, float, float]]]] = {}
    for name, code in codes.items():
        got[name] = {"cold": [], "warm": []}
        for i in range(repeats):
            cache = tmp / f"cache-large-{name}"
            shutil.rmtree(cache, ignore_errors=True)
            shutil.copytree(template, cache)
            for pass_ in ("cold", "warm"):
                out = tmp / f"out-large-{name}"
                shutil.rmtree(out, ignore_errors=True)
                r = _run({"code": code, "cache": str(cache), "docs": docs, "out": str(out),
                          "formats": FORMATS, "passes": [pass_], "digest": False})
                _, took, cpu = r["passes"][0]
                got[name][pass_].append((took, cpu, r["peak_mb"]))
                print(f"  {name:>9} {pass_:4} run {i + 1}  {took:7.1f} s in process "
                      f"(CPU {cpu:6.1f} s), peak {r['peak_mb']:.0f} MB", flush=True)
    for name, passes in got.items():
        for pass_, runs in passes.items():
            print(f"  {name:>9} {pass_:4} " + _spread("s", [t for t, _, _ in runs], ".1f")
                  + ", CPU " + _spread("s", [c for _, c, _ in runs], ".1f")
                  + ", peak " + _spread("MB", [m for _, _, m in runs], ".0f")
                  + "  (targets warm <= 50 s, <= 500 MB)")
    if "baseline" in codes:
        same = _json_verdicts(tmp / "out-large-this") == _json_verdicts(tmp / "out-large-baseline")
        print(f"  the last warm run's JSON verdicts (status, reason, flags, match, links of "
              f"every quotation) {'identical' if same else 'DIFFER'} to the baseline's")


def _spread(unit: str, values: list[float], fmt: str) -> str:
    """'46.7-48.0 s (median 47.1)': the range of the runs, and their median."""
    import statistics

    lo, hi, mid = min(values), max(values), statistics.median(values)
    if len(values) == 1:
        return f"{lo:{fmt}} {unit}"
    return f"{lo:{fmt}}-{hi:{fmt}} {unit} (median {mid:{fmt}})"


def _json_verdicts(out: Path) -> list[Any]:
    """Every verdict of the JSON report written under ``out``."""
    (report,) = out.rglob("*.json")
    verdicts: list[Any] = json.loads(report.read_text("utf-8"))["verdicts"]
    return verdicts


def single(tmp: Path, codes: dict[str, str]) -> None:
    sys.path[:0] = [str(ROOT / "examples")]
    from build_cache import PAGES  # the example's pages and the URLs it cites them by

    from bench.batch_corpus import import_page

    example, shipped = ROOT / "examples" / "harbour-expansion.md", ROOT / "cache"
    print("\ncold single document: the shipped example, a fresh process each time")
    for name, code in codes.items():
        for kind in ("shipped cache (text kept)", "pages only (text extracted)"):
            runs = []
            for i in range(3):
                cache = tmp / f"single-{name}-{kind[:5]}-{i}"
                if kind.startswith("shipped"):
                    shutil.copytree(shipped, cache)
                else:
                    for url, page in PAGES.items():
                        import_page(cache, url, (ROOT / "examples" / "pages" / page).read_bytes())
                r = _run({"code": code, "cache": str(cache), "docs": [str(example)],
                          "out": str(tmp / "out-single"), "formats": FORMATS,
                          "passes": ["cold"]})
                runs.append((r["passes"][0][1], r["imports"]))
            print(f"  {name:>9} {kind:28} above imports "
                  + ", ".join(f"{t * 1000:.0f} ms" for t, _ in runs)
                  + f" (imports {min(i for _, i in runs) * 1000:.0f} ms; target <= 150 ms)")
        loads = [_run({"code": code, "models": True})["models"] for _ in range(3)]
        print(f"  {name:>9} model loads, a fresh process each: "
              + "; ".join(f"{m} " + ", ".join(f"{run[m] * 1000:.0f} ms" for run in loads)
                          for m in loads[0])
              + " (target: none over 50 ms; the fallback loads only when fastText cannot)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child")
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--big", action="store_true", help="also 10,000 documents")
    ap.add_argument("--baseline", metavar="REF", help="git commit whose code runs too")
    ap.add_argument("--growth", action="store_true")
    ap.add_argument("--large", action="store_true")
    ap.add_argument("--repeats", type=int, default=1,
                    help="--large: cold and warm runs of each code (ranges and medians)")
    ap.add_argument("--single", action="store_true")
    ap.add_argument("--no-batch", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--keep", type=Path,
                    default=Path(tempfile.gettempdir()) / "provenance-bench-batch")
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(json.loads(Path(args.child).read_text("utf-8")))))
        return 0
    sys.path[:0] = [str(ROOT)]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        codes = {"this": str(ROOT)}
        if args.baseline:
            codes["baseline"] = str(_export(args.baseline, tmp / "baseline"))
        if not args.no_batch:
            for n in (args.docs, 10_000) if args.big else (args.docs,):
                batch(n, tmp, codes, args.profile)
        if args.growth:
            growth(args.keep, tmp, codes)
        if args.large:
            large(tmp, codes, args.repeats)
        if args.single:
            single(tmp, codes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

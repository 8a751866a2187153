"""Many small documents checked through the library against one cache: documents/s beside
the floor (the work a check needs) and beside the code path of another commit.

Run from the project root:

    python bench/bench_batch.py [--docs 1000] [--big] [--baseline REF] [--growth]
                                [--large] [--single] [--profile] [--repeats N]

- batch: DOCS synthetic documents of ~3 KB, 5 quotations each, citing 50 synthetic pages
  imported into a fresh cache (``batch_corpus``). A process checks them all with
  ``provenance.check(..., offline=True)`` sharing the cache and writes md + json reports
  (into one folder, named for each document, as ``provenance check DIR`` writes them):
  a cold pass (text not yet extracted, nothing loaded) then two warm passes, each writing
  over the reports of the pass before, as running the command again does. ``--repeats``
  rounds (3 by default), each with a fresh process and a fresh copy of the cache; with a
  baseline, its process and this code's take turns (which goes first alternating from
  round to round), so both meet the same load. ``--big``
  adds a 10,000-document batch.
- floor: in the same process, right after each warm pass, what a check cannot avoid, timed
  stage by stage over the same documents: reading them, finding and attributing quotes
  (quote language apart) and matching each quotation against its page's text. The
  headline is the warm pass's CPU time over the CPU time of the floor right after it, the
  median of these ratios (target <= 2).
- ``--baseline REF``: the same batch run by the code of git commit REF (exported to a
  temporary folder), and its verdicts, links and reused passages compared with this
  checkout's in every round.
- ``--growth``: the same 100 documents with 50, 2,000 and 20,000 cached pages (the caches
  are built once and kept in ``--keep``, since importing 20,000 pages takes minutes).
  ``--repeats`` rounds; in each, a fresh process per size (a cold pass, then the faster of
  two warm ones), the sizes one after the other, so that a change of load falls on all
  three; the medians over the rounds, by the clock and by CPU time, and their spread. Then
  one found-elsewhere lookup in each cache.
- ``--large``: one 5 MB document with 20,000 quotations citing 200 pages: a cold process
  then a warm one (``--repeats N`` times: ranges and medians); wall and CPU time and peak
  memory of each; with ``--baseline``, the two codes' JSON verdicts compared.
- ``--single``: the shipped example, in a fresh process: in-process time of one check and
  its reports, above the imports; and how long each language model takes to load.
- ``--profile``: cProfile of the last warm batch pass, the top functions by own time.

Each pass is timed by the clock and by the process's CPU time: on a machine running other
jobs the clock measures the load as much as the code, and the CPU time much less so
(though not nothing: a process sharing a core's caches runs slower). The CPU time includes
the kernel's, mostly writing the report files, shown apart for the warm passes: on ext4
without a journal, making a file costs more when many files were deleted shortly before (by
this benchmark, which therefore deletes its runs' files only when the batch is done, or by
other jobs); reports written over, as the batch command writes them
(``report.whole_files``), make no file. A process keeps what
the cache's index answered while the index is unchanged (``provenance.cache.memo``),
asking SQLite whether it changed once a document, so a warm pass's later documents ask
SQLite almost nothing.

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
from statistics import median
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
        if job.get("profile") and n == len(job["passes"]) - 1:
            import cProfile
            profile = cProfile.Profile()
            profile.enable()
        start, cpu, kernel = time.perf_counter(), time.process_time(), os.times().system
        with _reports_block():
            for i, text in enumerate(docs):
                report = api.check(text, offline=True, cache=job["cache"])
                # One folder, each document's reports named for it, as the batch command
                # writes them: the cold pass makes them, each warm pass writes over them
                # as running the command again does.
                api.write_reports(report, Path(job["out"]), job["formats"], name=f"doc-{i}")
                if n == len(job["passes"]) - 1 and job.get("digest", True):
                    digest.append(_verdicts(report))
        out["passes"].append([name, time.perf_counter() - start, time.process_time() - cpu])
        out.setdefault("kernel", []).append(os.times().system - kernel)  # (part of the CPU)
        if profile is not None:
            profile.disable()
            profile.dump_stats(job["profile"])
            profile = None
        if job.get("floor") and name == "warm":
            # The floor right after each warm pass, in the same process: a pass and its
            # floor see the same load, and their ratio is taken round by round.
            cpu = time.process_time()
            try:
                floor = _floor(docs, job["cache"])
            except ImportError:  # a baseline older than a stage the floor names
                continue
            out.setdefault("floors", []).append(floor)
            out.setdefault("floor_cpus", []).append(time.process_time() - cpu)
    out["verdicts"] = digest
    import resource
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _reports_block() -> Any:
    """What the batch command's worker writes a group of reports in (a spare file a folder,
    swapped with each report it writes over), where the code under test has it."""
    try:
        from provenance.report.whole_files import spare_files
    except ImportError:  # an older code: each report through a file of its own
        import contextlib
        return contextlib.nullcontext()
    return spare_files()


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
    """What must not change: each verdict, its reason, match, flags and links; and each
    passage reused without quote marks (its kind, source, spans and score)."""
    from provenance.report.render import links
    return [[[v.status.value, v.reason, [f.value for f in v.flags],
              v.match.span.start if v.match else None, links(v).live] for v in report.verdicts],
            [[r.kind.value, r.url, r.span.start, r.span.end, r.match.span.start,
              r.match.span.end, round(r.match.score, 6), r.others]
             for r in getattr(report, "reuse", ())]]


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


def batch(n: int, tmp: Path, codes: dict[str, str], profile: bool, repeats: int) -> None:
    from bench.batch_corpus import make_documents, make_pages, store_pages

    pages = make_pages(50, PAGE_SEED)
    template = tmp / f"cache-{n}"
    store_pages(template, pages, with_text=False)
    docs = _write_docs(make_documents(n, pages, DOC_SEED), tmp / f"docs-{n}")
    print(f"\nbatch: {n} synthetic documents (~3 KB, 5 quotations), 50 cached pages, "
          f"reports {'+'.join(FORMATS)}; {repeats} rounds, each a fresh process per code "
          "(the codes taking turns, the first alternating) over a fresh copy of the cache: a "
          "cold pass, then two warm ones, each followed by the floor (in the same code); "
          "medians over the rounds")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in codes}
    # Each run has its own copy of the cache and its own report folders, all deleted after
    # the last round, not between runs: ext4 passes over recently deleted inodes when it
    # makes a file, so deleting a run's thousands of reports just before the next run made
    # each report that run wrote cost up to ~0.8 ms of kernel time (about a tenth of a warm
    # pass), and by how much depended on what was deleted when, not on the code.
    leftovers = []
    for k in range(repeats):
        # The codes take turns, the first of a round alternating (the second of two runs
        # met a machine warmed, or loaded, by the first), and both run the floor after their
        # warm passes (each with its own code), so the two do the same work in the same
        # order; the headline's floor is this code's.
        turns = list(codes.items())
        for name, code in turns[::-1] if k % 2 else turns:
            cache, out = tmp / f"cache-{n}-{name}-{k}", tmp / f"out-{n}-{name}-{k}"
            shutil.copytree(template, cache, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
            leftovers += [cache, out]
            last = k == repeats - 1
            prof = str(tmp / f"profile-{name}") if profile and name == "this" and last \
                else None
            runs[name].append(_run({"code": code, "cache": str(cache), "docs": docs,
                                    "out": str(out), "formats": FORMATS,
                                    "passes": ["cold", "warm", "warm"],
                                    "floor": True, "profile": prof}))
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)
    this = runs["this"]
    floors = [f for r in this for f in r["floors"]]
    floor_cpus = [c for r in this for c in r["floor_cpus"]]
    walls = [sum(f.values()) for f in floors]
    need, need_cpu = median(walls), median(floor_cpus)
    mid = floors[walls.index(sorted(walls)[(len(walls) - 1) // 2])]
    print("  floor: " + ", ".join(f"{k} {v:.2f} s" for k, v in mid.items())
          + f"; in all {need:.2f} s ({need / n * 1000:.2f} ms a document; "
          f"CPU {need_cpu:.2f} s, {_spread(floor_cpus)})")
    for name, rs in runs.items():
        for pass_ in ("cold", "warm"):
            took = median([t for r in rs for p, t, _ in r["passes"] if p == pass_])
            cpus = [c for r in rs for p, _, c in r["passes"] if p == pass_]
            cpu = median(cpus)
            print(f"  {name:>9} {pass_:4}  {took:7.2f} s  {n / took:7.1f} documents/s  "
                  f"{took / n * 1000:7.2f} ms a document  x{took / need:5.1f} the floor  "
                  f"(CPU {cpu:6.2f} s, x{cpu / need_cpu:4.2f} the floor's; {_spread(cpus)})")
        print(f"  {name:>9} peak memory {max(r['peak_mb'] for r in rs):.0f} MB  "
              f"({rs[0]['code']})")
    for name, rs in runs.items():
        kernel = [k for r in rs for (p, _, _), k in zip(r["passes"], r["kernel"], strict=True)
                  if p == "warm"]
        print(f"  {name:>9} warm pass's kernel time (file writes; in its CPU time): median "
              f"{median(kernel):.2f} s ({_spread(kernel)})")
    warm_cpus = [c for r in this for p, _, c in r["passes"] if p == "warm"]
    ratios = [w / f for w, f in zip(warm_cpus, floor_cpus, strict=True)]
    print("  this warm pass / the floor right after it, CPU: "
          + ", ".join(f"x{r:.2f}" for r in ratios) + f" (median x{median(ratios):.2f}; "
          "target <= x2)")
    if "baseline" in runs and all("floor_cpus" in r for r in runs["baseline"]):
        base_ratios = [w / f for r in runs["baseline"] for w, f in zip(
            [c for p, _, c in r["passes"] if p == "warm"], r["floor_cpus"], strict=True)]
        print("  baseline's warm pass / its floor (its own code's), CPU: "
              + ", ".join(f"x{r:.2f}" for r in base_ratios)
              + f" (median x{median(base_ratios):.2f})")
    if "baseline" in runs:
        base = runs["baseline"]
        same = all(b["verdicts"] == t["verdicts"] for b, t in zip(base, this, strict=True))
        # Round by round: the two codes' processes ran one after the other.
        speed = [_warm(b, 1) / _warm(t, 1) for b, t in zip(base, this, strict=True)]
        cpu = [_warm(b, 2) / _warm(t, 2) for b, t in zip(base, this, strict=True)]
        print(f"  warm speed-up over the baseline, round by round: x{median(speed):.2f} "
              f"({_range(speed)}), CPU x{median(cpu):.2f} ({_range(cpu)}); verdicts, links "
              f"and reused passages {'identical' if same else 'DIFFER'}")
    if profile:
        import pstats
        print("\n  where the last warm pass's time goes (cProfile, own time):")
        pstats.Stats(str(tmp / "profile-this")).sort_stats("tottime").print_stats(20)


def _warm(run: dict[str, Any], what: int) -> float:
    """The faster of a run's warm passes: by the clock (1) or by CPU time (2)."""
    return min(p[what] for p in run["passes"] if p[0] == "warm")


def _range(values: list[float]) -> str:
    return f"x{min(values):.2f}-x{max(values):.2f}"


def _spread(values: list[float]) -> str:
    return f"range {min(values):.2f}-{max(values):.2f} s" if len(values) > 1 else "one run"


def growth(keep: Path, tmp: Path, codes: dict[str, str], repeats: int) -> None:
    from bench.batch_corpus import growth_caches, make_documents, make_pages

    pages = make_pages(50, PAGE_SEED)
    sizes = (50, 2000, 20000)
    print(f"\ncache growth: the same 100 documents with more cached pages; {repeats} rounds, "
          "each a fresh process per size (a cold pass, then the faster of two warm ones), "
          "the sizes interleaved so that the machine's load falls on all three alike; "
          "medians over the rounds")
    caches = growth_caches(keep, pages, sizes, GROWTH_SEED, report=True)
    docs = _write_docs(make_documents(100, pages, DOC_SEED), tmp / "docs-growth")
    for name, code in codes.items():
        copies = []
        for size, built in zip(sizes, caches, strict=True):
            # One copy per size, kept across the rounds: the first extracts the cited pages'
            # text, as a first run would; a warm pass reads the same in every round.
            copy = tmp / f"growth-{name}-{size}"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(built, copy)
            copies.append(copy)
        walls: list[list[float]] = [[] for _ in sizes]
        cpus: list[list[float]] = [[] for _ in sizes]
        for _round in range(repeats):
            for k, cache in enumerate(copies):
                r = _run({"code": code, "cache": str(cache), "docs": docs,
                          "out": str(tmp / "out-growth"), "formats": FORMATS,
                          "passes": ["cold", "warm", "warm"]})
                shutil.rmtree(tmp / "out-growth", ignore_errors=True)
                walls[k].append(min(t for p, t, _ in r["passes"] if p == "warm") / len(docs))
                cpus[k].append(min(c for p, _, c in r["passes"] if p == "warm") / len(docs))
        for what, times in (("wall", walls), ("CPU", cpus)):
            mid = [median(t) for t in times]
            spread = max(mid) / min(mid) - 1
            print(f"  {name:>9} {what:4} " + "  ".join(
                f"{size:>6} pages {m * 1000:5.2f} ms/doc ({min(t) * 1000:.2f}-"
                f"{max(t) * 1000:.2f})" for size, m, t in zip(sizes, mid, times, strict=True))
                + f"   spread {spread:.0%} (target <= 10%)")
        for copy in copies:
            shutil.rmtree(copy, ignore_errors=True)
    _lookups(caches, tmp, repeats)


def _lookups(caches: list[Path], tmp: Path, repeats: int) -> None:
    """This checkout's found-elsewhere lookup in each growth cache: 50 synthetic sentences
    (in no page) asked for the cached pages sharing their shingles; the first time (the
    index read from SQLite), then again ``repeats`` times (what the process kept), the
    caches taking turns; CPU time, the clock being mostly load here."""
    import random

    from bench.batch_corpus import sentence
    from provenance.cache.store import SnapshotCache
    from provenance.judge.elsewhere import cached_candidates
    from provenance.text.extract import EXTRACTOR

    stores = []
    for k, built in enumerate(caches):
        cache_dir = tmp / f"lookups-{k}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        shutil.copytree(built, cache_dir)
        pages = SnapshotCache(cache_dir).pages(EXTRACTOR, lambda sha: None)
        pages.up_to_date()
        stores.append(pages)
    rng = random.Random(GROWTH_SEED)
    asked = [sentence(rng) for _ in range(50)]
    times: list[list[float]] = [[] for _ in caches]
    for _round in range(1 + repeats):
        for k, pages in enumerate(stores):
            cpu = time.process_time()
            for text in asked:
                cached_candidates(pages, [text])
            times[k].append((time.process_time() - cpu) / len(asked))
    print("       this found-elsewhere lookup (CPU), first / kept: " + ", ".join(
        f"{t[0] * 1000:.2f} / {median(t[1:]) * 1000:.2f} ms" for t in times)
        + " with 50, 2,000, 20,000 pages")


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
            shutil.copytree(template, cache, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
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
            print(f"  {name:>9} {pass_:4} " + _ranged("s", [t for t, _, _ in runs], ".1f")
                  + ", CPU " + _ranged("s", [c for _, c, _ in runs], ".1f")
                  + ", peak " + _ranged("MB", [m for _, _, m in runs], ".0f")
                  + "  (targets warm <= 50 s, <= 500 MB)")
    if "baseline" in codes:
        same = _json_verdicts(tmp / "out-large-this") == _json_verdicts(tmp / "out-large-baseline")
        print(f"  the last warm run's JSON verdicts (status, reason, flags, match, links of "
              f"every quotation) {'identical' if same else 'DIFFER'} to the baseline's")


def _ranged(unit: str, values: list[float], fmt: str) -> str:
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
    ap.add_argument("--single", action="store_true")
    ap.add_argument("--no-batch", action="store_true")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--repeats", type=int,
                    help="rounds of the batch and of growth (3 unless given), and cold and "
                         "warm runs of each code for --large (1 unless given, since one "
                         "takes minutes); medians shown")
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
                batch(n, tmp, codes, args.profile, args.repeats or 3)
        if args.growth:
            growth(args.keep, tmp, codes, args.repeats or 3)
        if args.large:
            large(tmp, codes, args.repeats or 1)
        if args.single:
            single(tmp, codes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Accuracy of match + judge on cases built from the shared corpus, beside quotecheck.

Run from the repository root:  python -m bench.bench_accuracy [--sweep] [--end-to-end]

Prints precision and recall per status and per language, recall and precision per
alteration class, the typographic and ellipsis groups, and the same status figures for the
PyPI package ``quotecheck`` run on the same cases (when it is installed). ``--sweep`` also
prints how the judging thresholds trade altered recall against missing precision.
``--end-to-end`` also runs every case through the whole pipeline (``bench/accuracy_e2e.py``:
documents quoting the corpus pages, served on 127.0.0.1, checked by ``provenance.check``)
and prints its figures beside the matcher-only ones.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace

from bench.cases import ALTERATIONS, Case, build_cases, load_pages, no_corpus
from provenance.judge.verdicts import judge
from provenance.match.search import best_match
from provenance.model import Citation, CitationHow, Match, Quote, Source, Span, Status, Verdict
from provenance.settings import Settings

STATUSES = ("found", "altered", "missing")


def _quote(case: Case) -> Quote:
    return Quote(case.quote, Span(0, len(case.quote)), 1, 1, language=case.page.language,
                 segments=case.segments)


def _source(case: Case) -> Source:
    citation = Citation("c1", CitationHow.URL, url=case.page.url, language=case.page.language)
    return Source(citation, text=case.page.text)


def run_ours(cases: list[Case], settings: Settings) -> tuple[list[Verdict], list[Match | None]]:
    matches = [best_match(_quote(c), c.page.text) for c in cases]
    verdicts = [judge(_quote(c), _source(c), m, settings) for c, m in zip(cases, matches,
                                                                          strict=True)]
    return verdicts, matches


def run_quotecheck(cases: list[Case]) -> list[str] | str:
    """quotecheck's answer per case, mapped to our statuses; or why it could not run."""
    try:
        import quotecheck
    except ImportError as exc:
        return f"quotecheck is not installed ({exc})"
    out = []
    for c in cases:
        phrase = " ".join(c.segments) if c.segments else c.quote
        got = quotecheck.check(phrase, c.page.text.main or " ")
        if got.status == "absent" and c.page.text.full:
            full = quotecheck.check(phrase, c.page.text.full)
            got = full if full.ok else got
        out.append("found" if got.ok else "altered" if got.status == "drift" else "missing")
    return out


def _pr(expected: list[str], got: list[str], label: str) -> tuple[float, float, int]:
    tp = sum(e == label and g == label for e, g in zip(expected, got, strict=True))
    predicted = sum(g == label for g in got)
    actual = sum(e == label for e in expected)
    p = tp / predicted if predicted else float("nan")
    r = tp / actual if actual else float("nan")
    return p, r, actual


def _lang_group(lang: str) -> str:
    return lang if lang in ("es", "en", "de") else "other"


def status_table(cases: list[Case], got: list[str], title: str) -> None:
    print(f"\n{title}: precision / recall per status (n = expected cases)")
    print(f"{'language':<8} " + " ".join(f"{s:>22}" for s in STATUSES))
    groups = ["all", "es", "en", "de", "other"]
    for g in groups:
        idx = [i for i, c in enumerate(cases) if g == "all" or _lang_group(c.page.language) == g]
        exp = [cases[i].expected for i in idx]
        gg = [got[i] for i in idx]
        cells = []
        for s in STATUSES:
            p, r, n = _pr(exp, gg, s)
            cells.append(f"{p:6.3f} / {r:5.3f} (n={n:4d})")
        print(f"{g:<8} " + " ".join(f"{c:>22}" for c in cells))
    altered_found = sum(c.expected == "altered" and s == "found" for c, s in zip(cases, got,
                                                                                 strict=True))
    print(f"altered quotes called found: {altered_found}")


def side_by_side(cases: list[Case], runs: dict[str, list[str]]) -> None:
    print(f"\n{'mode':<14} {'accuracy':>9} {'altered->found':>15} "
          + " ".join(f"{s + ' recall':>15}" for s in STATUSES) + f" {'no verdict':>11}")
    exp = [c.expected for c in cases]
    for name, got in runs.items():
        acc = sum(e == g for e, g in zip(exp, got, strict=True)) / max(1, len(cases))
        af = sum(e == "altered" and g == "found" for e, g in zip(exp, got, strict=True))
        recalls = " ".join(f"{_pr(exp, got, s)[1]:>15.3f}" for s in STATUSES)
        print(f"{name:<14} {acc:>9.3f} {af:>15d} {recalls} {got.count('none'):>11d}")


def class_table(cases: list[Case], verdicts: list[Verdict]) -> None:
    print("\nalteration classes: status recall (judged altered), class recall (the edit "
          "of that kind is listed), class precision (of verdicts listing that kind)")
    kinds_of = [{e.kind.value for e in (v.match.edits if v.match else ())} for v in verdicts]
    for lang in ("all", "es", "en", "de", "other"):
        print(f"  [{lang}]")
        for k in ALTERATIONS:
            idx = [i for i, c in enumerate(cases) if c.group == "altered" and c.detail == k
                   and (lang == "all" or _lang_group(c.page.language) == lang)]
            if not idx:
                continue
            altered = sum(verdicts[i].status is Status.ALTERED for i in idx)
            right = sum(verdicts[i].status is Status.ALTERED and k in kinds_of[i] for i in idx)
            listing = [i for i, c in enumerate(cases) if c.group == "altered"
                       and verdicts[i].status is Status.ALTERED and k in kinds_of[i]
                       and (lang == "all" or _lang_group(c.page.language) == lang)]
            prec = sum(cases[i].detail == k for i in listing) / len(listing) if listing else 0
            print(f"    {k:<18} n={len(idx):3d}  status recall {altered / len(idx):.3f}  "
                  f"class recall {right / len(idx):.3f}  class precision {prec:.3f}")


def group_table(cases: list[Case], verdicts: list[Verdict]) -> None:
    print("\nby group and detail: share judged as expected")
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for c, v in zip(cases, verdicts, strict=True):
        ok = v.status.value == c.expected
        if c.outside and v.match is not None:
            ok = ok and v.match.outside_body
        counts[(c.group, c.detail)]["ok" if ok else "bad"] += 1
    for (group, detail), n in sorted(counts.items()):
        total = n["ok"] + n["bad"]
        print(f"  {group:<12} {detail:<16} {n['ok']:4d}/{total:<4d} {n['ok'] / total:.3f}")


def sweep(cases: list[Case], matches: list[Match | None]) -> None:
    print("\nthreshold sweep: missing_below x altered_min_shared -> altered called found, "
          "altered recall, missing precision, missing recall, found recall")
    for below in (50, 55, 60, 65, 70, 75):
        for shared in (0.5, 0.6, 0.7):
            s = replace(Settings(), missing_below=float(below), altered_min_shared=shared)
            got = [judge(_quote(c), _source(c), m, s).status.value
                   for c, m in zip(cases, matches, strict=True)]
            exp = [c.expected for c in cases]
            af = sum(e == "altered" and g == "found" for e, g in zip(exp, got, strict=True))
            _, ar, _ = _pr(exp, got, "altered")
            mp, mr, _ = _pr(exp, got, "missing")
            _, fr, _ = _pr(exp, got, "found")
            print(f"  {below:3d}  {shared:.1f}   {af:3d}  {ar:.3f}  {mp:.3f}  {mr:.3f}  {fr:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="print the threshold sweep")
    parser.add_argument("--seed", type=int, default=2026, help="seed the cases are cut with")
    parser.add_argument("--no-quotecheck", action="store_true", help="skip quotecheck")
    parser.add_argument("--end-to-end", action="store_true",
                        help="also run the cases through the whole pipeline (local site)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N",
                        help="print up to N cases judged otherwise than expected")
    args = parser.parse_args(argv)
    if no_corpus():
        return 2
    t0 = time.perf_counter()
    pages = load_pages()
    cases = build_cases(pages, seed=args.seed)
    print(f"{len(pages)} pages, {len(cases)} cases "
          f"({', '.join(f'{k} {v}' for k, v in sorted(Counter(c.group for c in cases).items()))})"
          f" built in {time.perf_counter() - t0:.1f} s")
    settings = Settings()
    t0 = time.perf_counter()
    verdicts, matches = run_ours(cases, settings)
    print(f"matched and judged in {time.perf_counter() - t0:.2f} s "
          f"(missing_below={settings.missing_below}, "
          f"altered_min_shared={settings.altered_min_shared})")
    ours = [v.status.value for v in verdicts]
    status_table(cases, ours, "provenance")
    class_table(cases, verdicts)
    group_table(cases, verdicts)
    outside = [i for i, c in enumerate(cases) if c.outside]
    flagged = [i for i, v in enumerate(verdicts) if v.match is not None and v.match.outside_body
               and v.status is Status.FOUND]
    tp = len(set(outside) & set(flagged))
    print(f"\noutside-body flag: precision {tp / max(1, len(flagged)):.3f} "
          f"recall {tp / max(1, len(outside)):.3f} (n={len(outside)})")
    if not args.no_quotecheck:
        t0 = time.perf_counter()
        theirs = run_quotecheck(cases)
        if isinstance(theirs, str):
            print(f"\nquotecheck: {theirs}")
        else:
            status_table(cases, theirs, f"quotecheck ({time.perf_counter() - t0:.1f} s)")
    if args.end_to_end:
        from bench.accuracy_e2e import run_end_to_end

        t0 = time.perf_counter()
        why: list[str] = []
        whole = run_end_to_end(cases, why)
        status_table(cases, whole, f"end to end ({time.perf_counter() - t0:.1f} s)")
        side_by_side(cases, {"matcher only": ours, "end to end": whole})
    if args.sweep:
        sweep(cases, matches)
    if args.show_errors:
        shown = 0
        for c, v in zip(cases, verdicts, strict=True):
            if v.status.value != c.expected and shown < args.show_errors:
                shown += 1
                print(f"\n[{c.group}/{c.detail} {c.page.language}] expected {c.expected}, "
                      f"got {v.status.value}: {v.reason}\n  quote: {c.quote!r}\n  source: "
                      f"{v.match.source_text if v.match else None!r}")
    if args.show_errors and args.end_to_end:
        wrong = [(c, g, w) for c, g, w in zip(cases, whole, why, strict=True) if g != c.expected]
        for c, g, w in wrong[: args.show_errors]:
            print(f"\n[end to end {c.group}/{c.detail} {c.page.language}] expected "
                  f"{c.expected}, got {g}: {w}\n  quote: {c.quote!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

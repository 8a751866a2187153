"""Resolution accuracy on a synthetic news site: 1,000 articles, 200 citations.

    python bench/bench_resolve.py [--articles 1000] [--citations 200] [--seed 11]

Citations come in kinds: the exact title, the title in other case, with typos, with the
date off by one day, no title but words quoted from the page (all resolvable), and four
kinds that must stay unresolved: the title translated to English, a real title cited on a
date far from when it ran, a headline with one part swapped for another (a different work
that reads almost alike), and no title with words that are on no page. The two kinds
without a title come on top of the 200 citations (about 230 in all).

Prints top-1 accuracy, the wrong-resolution rate, per-class precision and recall, and
requests per citation, for the resolver and for a baseline run in the same process (the
best-ranked sitemap entry taken without reading the page), and their ratios. Then a few
works without a title are resolved again against the site answering 100 ms late, the
outlet's pages read one at a time and two at a time, and both wall times are printed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from integration.newssite import (  # noqa: E402
    _OBJECTS,
    _PLACES,
    _SUBJECTS,
    _VERBS,
    ArchiveServer,
    Article,
    NewsSiteServer,
    Site,
    outlets_toml,
)

from provenance.fetch.http import HttpFetcher  # noqa: E402
from provenance.model import Citation, CitationHow  # noqa: E402
from provenance.pipeline import make_resolver  # noqa: E402
from provenance.resolve.candidates import rank  # noqa: E402
from provenance.resolve.discovery import SiteIndex  # noqa: E402
from provenance.resolve.outlets import load_registry  # noqa: E402
from provenance.settings import Settings  # noqa: E402

# English renderings of every headline part: a translated citation shares no wording.
_EN = dict(zip(_SUBJECTS, [
    "Congress", "The prosecutor's office", "The executive", "Lima's mayor's office",
    "The mining guild", "The ombudsman", "The electoral court", "The public university",
    "The central bank", "The police", "The health ministry", "The peasant community",
    "The teachers' union", "The foreign ministry", "Cusco's regional government",
    "The water users' board"], strict=True))
_EN |= dict(zip(_VERBS, ["approves", "rejects", "investigates", "postpones", "announces",
                         "questions", "defends", "suspends", "reviews", "denounces", "pushes",
                         "shelves"], strict=True))
_EN |= dict(zip(_OBJECTS, [
    "the transport reform", "the emergency budget", "the water law", "the anaemia plan",
    "the port tender", "the committee's report", "the electricity tariff",
    "the southern mining project", "the election of judges", "the gas royalties",
    "the farm census", "the highway concession", "the health protocol",
    "the purchase of patrol cars", "the party register"], strict=True))
_EN |= dict(zip(_PLACES, [
    "in Arequipa", "in Piura", "in Puno", "after the strike", "in the middle of the crisis",
    "without debate", "for the second time", "amid criticism", "at the bloc's request",
    "before July", "in Iquitos", "in Trujillo", "despite the protests"], strict=True))
RESOLVABLE = ("exact", "case", "typo", "date-off-by-one", "no-title")
ABSENT = ("translated", "far-date", "swapped-part", "no-title-absent")


@dataclass(frozen=True)
class Case:
    kind: str
    citation: Citation
    expected: str | None  # the URL that is right, None when the work is not on the site
    quotes: tuple[str, ...] = ()  # words quoted from the work (for the kinds without title)


def _typo(title: str, rng: random.Random) -> str:
    chars = list(title)
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(1, len(chars) - 1)
        op = rng.choice(("swap", "drop", "sub"))
        if op == "swap":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif op == "drop":
            del chars[i]
        else:
            chars[i] = rng.choice("aeiourst")
    return "".join(chars)


def _swapped(a: Article, rng: random.Random, existing: set[str]) -> str | None:
    for _ in range(50):
        parts = [p for p in (_SUBJECTS, _VERBS, _OBJECTS, _PLACES)]
        part = rng.randrange(4)
        words = a.title
        for options in parts[part:part + 1]:
            present = next((o for o in options if o in words), None)
            if present is None:
                continue
            candidate = words.replace(present, rng.choice([o for o in options if o != present]))
            if candidate not in existing:
                return candidate
    return None


def make_cases(site: Site, news: NewsSiteServer, n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    generated = [a for a in site.articles if a.id > 1000]
    titles = {a.title for a in site.articles}
    per_kind = {"exact": 0.3, "case": 0.1, "typo": 0.2, "date-off-by-one": 0.1,
                "translated": 0.1, "far-date": 0.1, "swapped-part": 0.1,
                "no-title": 0.1, "no-title-absent": 0.05}
    cases: list[Case] = []
    for kind, share in per_kind.items():
        for _ in range(round(n * share)):
            a = rng.choice(generated)
            title, date, expected = a.title, a.date, news.url(a)
            if kind == "case":
                title = title.upper() if rng.random() < 0.5 else title.lower()
            elif kind == "typo":
                title = _typo(title, rng)
            elif kind == "date-off-by-one":
                date = a.date + dt.timedelta(days=rng.choice((-1, 1)))
            elif kind == "translated":
                for spanish, english in sorted(_EN.items(), key=lambda kv: -len(kv[0])):
                    title = title.replace(spanish, english)
                expected = None
            elif kind == "far-date":
                date = a.date + dt.timedelta(days=rng.choice((-1, 1)) * rng.randint(20, 60))
                expected = None
            elif kind == "swapped-part":
                swapped = _swapped(a, rng, titles)
                if swapped is None:
                    continue
                title, expected = swapped, None
            key = f"c{len(cases) + 1}"
            if kind.startswith("no-title"):
                # The page's own words (see newssite.Site.body), or those of a page that
                # is not there: the same note number in another section.
                section = a.section if kind == "no-title" else rng.choice(
                    [s for s in ("politica", "economia", "sociedad", "regiones", "opinion")
                     if s != a.section])
                expected = news.url(a) if kind == "no-title" else None
                cases.append(Case(kind, Citation(
                    key=key, how=CitationHow.NARRATIVE, outlet="La Gaceta Sintética",
                    date=date, reference="La Gaceta Sintética publicó"), expected,
                    (f"Nota {a.id} de la sección {section}",)))
                continue
            cases.append(Case(kind, Citation(
                key=key, how=CitationHow.PARENTHETICAL, outlet="La Gaceta Sintética",
                title=title, date=date, reference=f"(“{title}”, La Gaceta Sintética, {date})"),
                expected))
    return cases


def _baseline(cases: list[Case], settings: Settings, fetcher: HttpFetcher) -> list[str | None]:
    """The best-ranked listed page for each citation, taken on its rank alone."""
    outlet = load_registry(settings.outlets_file).find("La Gaceta Sintética")[0]
    index = SiteIndex(outlet, fetcher, settings)
    out: list[str | None] = []
    for case in cases:
        c = case.citation
        if c.title is None:  # nothing to rank by
            out.append(None)
            continue
        entries, _ = index.entries(c.date, settings.date_tolerance, lambda _: False)
        ranked = sorted(((rank(c.title, c.date, settings.date_tolerance, e), e.url)
                         for e in entries), reverse=True)
        out.append(ranked[0][1] if ranked and ranked[0][0] >= 60 else None)
    return out


_DELAY = 0.1  # s: how late the site answers in the run that times the search by words
_SLOW_CASES = 6  # of each kind without a title


def _slow_site(news: NewsSiteServer, settings: Settings, cases: list[Case]
               ) -> tuple[int, float, float]:
    """Works without a title resolved against a site that answers late, the outlet's pages
    read one at a time (per_host 1) and two at a time (per_host 2, the default): the wall
    time of each, as a user on a real network would wait it."""
    picked = [c for kind in ("no-title", "no-title-absent")
              for c in [c for c in cases if c.kind == kind][:_SLOW_CASES]]
    times = []
    news.delay = _DELAY
    try:
        for per_host in (1, 2):
            slow = dataclasses.replace(settings, per_host=per_host)
            resolver = make_resolver(slow, HttpFetcher(slow))
            start = time.perf_counter()
            for c in picked:
                resolver.resolve(c.citation, c.quotes)
            times.append(time.perf_counter() - start)
    finally:
        news.delay = 0.0
    return len(picked), times[0], times[1]


def _score(cases: list[Case], got: list[str | None]) -> dict[str, object]:
    right = sum(g == c.expected for c, g in zip(cases, got, strict=True))
    wrong = sum(g is not None and g != c.expected for c, g in zip(cases, got, strict=True))
    per_kind: dict[str, tuple[int, int]] = {}
    for c, g in zip(cases, got, strict=True):
        ok, total = per_kind.get(c.kind, (0, 0))
        per_kind[c.kind] = (ok + (g == c.expected), total + 1)
    # Two classes: "resolvable" (a URL is right) and "absent" (unresolved is right).
    tp_r = sum(c.expected is not None and g == c.expected for c, g in zip(cases, got, strict=True))
    claimed_r = sum(g is not None for g in got)
    actual_r = sum(c.expected is not None for c in cases)
    tp_a = sum(c.expected is None and g is None for c, g in zip(cases, got, strict=True))
    claimed_a = sum(g is None for g in got)
    actual_a = sum(c.expected is None for c in cases)
    return {
        "accuracy": right / len(cases), "wrong": wrong / len(cases), "wrong_n": wrong,
        "per_kind": per_kind,
        "resolvable": (_ratio(tp_r, claimed_r), _ratio(tp_r, actual_r)),
        "absent": (_ratio(tp_a, claimed_a), _ratio(tp_a, actual_a)),
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=1000)
    p.add_argument("--citations", type=int, default=200)
    p.add_argument("--seed", type=int, default=11)
    args = p.parse_args()

    site = Site(n_articles=args.articles, seed=args.seed, days=365)
    with NewsSiteServer(site) as news, ArchiveServer() as archive, \
            tempfile.TemporaryDirectory() as tmp:
        outlets = Path(tmp) / "outlets.toml"
        outlets.write_text(outlets_toml(news.base), encoding="utf-8")
        settings = Settings(allow_private=True, backoff=0.0, attempts=1, outlets_file=outlets,
                            archive_url=archive.base, cache_dir=Path(tmp) / "cache")
        cases = make_cases(site, news, args.citations, args.seed)

        fetcher = HttpFetcher(settings)
        resolver = make_resolver(settings, fetcher)
        start, before = time.perf_counter(), len(news.log) + len(archive.log)
        got = [resolver.resolve(c.citation, c.quotes).url for c in cases]
        ours_s = time.perf_counter() - start
        ours_req = (len(news.log) + len(archive.log) - before) / len(cases)

        start, before = time.perf_counter(), len(news.log) + len(archive.log)
        base = _baseline(cases, settings, HttpFetcher(settings))
        base_s = time.perf_counter() - start
        base_req = (len(news.log) + len(archive.log) - before) / len(cases)

        slow = _slow_site(news, settings, [c for c in cases if c.kind.startswith("no-title")])

    ours, baseline = _score(cases, got), _score(cases, base)
    kinds = Counter(c.kind for c in cases)
    print(f"synthetic site: {len(site.articles)} articles; {len(cases)} citations: "
          + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    print(f"{'':26}{'resolver':>10}{'baseline':>10}{'ratio':>8}")
    _row("top-1 accuracy (>= 0.97)", ours["accuracy"], baseline["accuracy"])
    _row("wrong-resolution rate (0)", ours["wrong"], baseline["wrong"])
    _row("requests per citation", ours_req, base_req)
    _row("seconds per citation", ours_s / len(cases), base_s / len(cases))
    print("per class (precision / recall):")
    for cls in ("resolvable", "absent"):
        (p1, r1), (p2, r2) = ours[cls], baseline[cls]
        print(f"  {cls:24}{p1:>6.3f} / {r1:.3f}   baseline {p2:.3f} / {r2:.3f}")
    print("accuracy per kind of citation:")
    for kind in (*RESOLVABLE, *ABSENT):
        ok, total = ours["per_kind"].get(kind, (0, 0))
        bok, _ = baseline["per_kind"].get(kind, (0, 0))
        if total:
            print(f"  {kind:24}{ok / total:>6.3f}   baseline {bok / total:.3f}   (n={total})")
    print(f"without a title, every answer {_DELAY * 1000:.0f} ms late ({slow[0]} citations): "
          f"pages read one at a time {slow[1]:.1f} s, two at a time {slow[2]:.1f} s "
          f"(ratio {slow[1] / slow[2]:.2f})")
    wrong = [(c, g) for c, g in zip(cases, got, strict=True) if g is not None and g != c.expected]
    for c, g in wrong[:10]:
        print(f"  WRONG {c.kind}: {c.citation.title!r} {c.citation.date} -> {g}")
    return 0 if ours["accuracy"] >= 0.97 and ours["wrong_n"] == 0 else 1


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def _row(name: str, ours: float, base: float) -> None:
    ratio = f"{ours / base:.2f}" if base else "-"
    print(f"{name:26}{ours:>10.3f}{base:>10.3f}{ratio:>8}")


if __name__ == "__main__":
    sys.exit(main())

"""Reading Memento TimeMaps: our scanner against the library parser of Link headers.

Run from the repository root:  python -m bench.bench_timemap [--sizes 1000 10000 100000]

A TimeMap of N synthetic entries (about 110 bytes each, one per line as archives write
them) is read by ``provenance.mementos.timemap_mementos``; the baseline, measured in the same
run on the same entries, is ``requests.utils.parse_header_links`` on the entries joined on
one line (what it needs: it splits only on ", <"), plus the same date parsing. Absolute
times are noisy on a shared machine; the ratio is the measure.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from requests.utils import parse_header_links

from provenance.mementos import Memento, parse_http_date, timemap_mementos

_ENTRY = ('<http://archive.example/web/{0:014d}/http://news.example/a>; rel="memento"; '
          'datetime="Wed, 01 Jan 2020 00:00:00 GMT"')


def _baseline(text: str) -> list[Memento]:
    out = []
    for link in parse_header_links(text):
        when = parse_http_date(link.get("datetime", ""))
        if "memento" in link.get("rel", "").split() and when is not None:
            out.append(Memento(link["url"], when))
    return out


def _best(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(f"{'entries':>8} {'MB':>6} {'ours s':>8} {'baseline s':>10} {'ratio':>6}")
    for n in args.sizes:
        entries = [_ENTRY.format(i) for i in range(n)]
        lines, one_line = ",\n".join(entries), ", ".join(entries)
        assert len(timemap_mementos(lines)) == len(_baseline(one_line)) == n
        ours = _best(lambda lines=lines: timemap_mementos(lines))
        base = _best(lambda one_line=one_line: _baseline(one_line))
        print(f"{n:>8} {len(lines) / 1e6:>6.1f} {ours:>8.3f} {base:>10.3f} {ours / base:>6.2f}")


if __name__ == "__main__":
    main()

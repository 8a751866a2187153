"""Throughput of quote and citation extraction, beside a naive baseline, at growing sizes.

    python bench/bench_quotes.py            # 1, 2.5, 5 and 10 MB synthetic documents
    python bench/bench_quotes.py --mb 10    # one size only
    python bench/bench_quotes.py --seed     # also the shared seed document, repeated to size

The synthetic document (generated here, fictional outlets) mixes the quote systems, damaged
marks, dialogue dashes, citations and languages of real documents, with every quote
distinct so nothing is folded away. The baseline is what a first attempt does: one regular
expression per mark pair, no kinds, no citations. Both are linear; the figure to watch is
that our MB/s stays flat as the size grows (quadratic work would halve it at each
doubling), and the ratio to the baseline says what the careful reading costs.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from provenance.citations.attribute import attribute, find_citations
from provenance.model import Document
from provenance.quotes.find import find_quotes
from provenance.words.language import identify

SHARED = Path(os.environ.get("PROVENANCE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
SEED = SHARED / "documents" / "000_e07e6249a9f79a63.txt"

PARAGRAPHS = (
    "The Harbour Gazette, in an editorial, wrote: “The council has set a poor precedent with "
    "vote number {n}, and the port will pay for it.”",
    "It was “a miscalculation of the board in session {n}” (Editorial “Zero Hour”, The Daily "
    "Planet, March 3, 2024). The mayor was the right person to serve as a “fuse”.",
    "El Diario Austral, al respecto, editorializó: «El alcalde cayó por sus propios errores en "
    "la sesión {n}, pero el concejo marcó un mal precedente.»",
    "Som tidningen Kvällsbladet påpekar i ledaren ”Nolltimmen” (Malmö, 3 mars 2024), i det "
    "citat vi återger:\n\n”Inför ett splittrat val nummer {n} innebär kontrollen både en "
    "möjlighet och en risk.”",
    "Der Kurier schrieb im Leitartikel: „Die Sitzung {n} war ein Fehler der Regierung, und "
    "niemand hat es bemerkt.“ Das war ein ‚Skandal‘.",
    "“ Garantizar al pueblo que habrá una transición número {n}, que no haya duda”, "
    "dijo. Luego: “La línea económica la vamos a mantener {n}»,",
    "On the eve of vote {n}, control of the council is both an opportunity and a risk.”",
    "In the Opinion page “The Symptom”, by J. Doe, The Daily Planet, the aforementioned "
    "edition, we read: “...they chose him in round {n} precisely because he was weak. It was "
    "easier...to control [him] that way.”",
    "These are his words (the country's newspapers), said on day {n}: “We are no longer "
    "here to fight.” It's the people’s d’État moment, the `alturas` of {n}.",
    "—No vamos a subir la tasa del puerto en la sesión {n} —dijo la alcaldesa—. La "
    "revisaremos con el concejo el año que viene.",
)


def synthetic(size: int) -> str:
    """A document of about ``size`` characters whose every quote is distinct."""
    out, total, n = [], 0, 0
    while total < size:
        para = PARAGRAPHS[n % len(PARAGRAPHS)].format(n=n)
        out.append(para)
        total += len(para) + 2
        n += 1
    return "\n\n".join(out)


_NAIVE = [re.compile(p) for p in (
    r"“([^”]*)”", r"«([^»]*)»", r"„([^“]*)“", r"”([^”]*)”", r"‘([^’]*)’", r'"([^"]*)"',
)]


def naive(text: str) -> list[str]:
    """The baseline: every mark pair by its own regular expression."""
    return [m.group(1) for rx in _NAIVE for m in rx.finditer(text)]


def ours(text: str) -> int:
    doc = Document(text, "bench", "txt", "")
    quotes = find_quotes(doc)
    return len(attribute(doc, quotes, find_citations(doc)))


def timed(fn, text: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    found = fn(text)
    return time.perf_counter() - start, found if isinstance(found, int) else len(found)


def row(label: str, text: str) -> None:
    mb = len(text.encode("utf-8")) / 1e6
    t_ours, n_ours = timed(ours, text)
    t_naive, n_naive = timed(naive, text)
    print(f"{label:<22} {mb:7.2f} MB  ours {mb / t_ours:7.2f} MB/s ({n_ours:>7} quotes, "
          f"{t_ours:6.2f} s)  naive {mb / t_naive:8.2f} MB/s ({n_naive:>7} matches)  "
          f"ours/naive {t_naive / t_ours:6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, action="append", help="size(s) in MB")
    parser.add_argument("--seed", action="store_true", help="also the shared seed, repeated")
    args = parser.parse_args()
    sizes = args.mb or [1, 2.5, 5, 10]
    identify("warm the language model up before timing anything")
    for mb in sizes:
        row(f"synthetic {mb:g} MB", synthetic(int(mb * 1e6)))
    for mb in sizes:  # the worst case for per-paragraph work: no paragraph breaks at all
        row(f"one paragraph {mb:g} MB", synthetic(int(mb * 1e6)).replace("\n", " "))
    if args.seed and not SEED.is_file():
        print(f"seed document not found at {SEED} (set PROVENANCE_SHARED)")
    elif args.seed:
        seed = SEED.read_text(encoding="utf-8")
        for mb in sizes:
            copies = max(1, int(mb * 1e6 / len(seed.encode("utf-8"))))
            # each copy numbered inside its quotes, so repeats are not folded away
            text = "\n\n".join(seed.replace("“", f"“{i} ") for i in range(copies))
            row(f"seed x{copies}", text)


if __name__ == "__main__":
    main()

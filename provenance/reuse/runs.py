"""Runs of words two texts share: the core of reuse detection, on word keys alone.

Every run of ``least`` consecutive word keys of the source is indexed by a hash of those
keys; each such run of the document found in the index is a hit (document word, source
word). Hits on one diagonal in a row make a run; runs whose gaps are at most ``gap`` words
on either side, and in the same order on both sides, join into one passage: that is how a
changed, added or dropped word between two shared runs stays inside the passage. The work
is linear in the words of both texts (each document position is looked up once).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Shared", "document_windows", "runs_of", "shared_runs", "source_index"]


@dataclass(frozen=True, slots=True)
class Shared:
    """One passage two texts share: word ranges (end exclusive) on each side."""

    doc_start: int
    doc_end: int
    src_start: int
    src_end: int
    words: int  # document words inside runs both texts have


def source_index(keys: Sequence[str], least: int) -> dict[int, list[int]]:
    """Where each run of ``least`` keys of a source starts, by the run's hash: made once per
    source and kept by the caller when the source is searched again."""
    table: dict[int, list[int]] = {}
    for j in range(len(keys) - least + 1):
        table.setdefault(hash(tuple(keys[j : j + least])), []).append(j)
    return table


def document_windows(doc: Sequence[str], least: int,
                     usable: Sequence[bool] | None = None) -> dict[int, list[int]]:
    """Where each run of ``least`` usable document words (those outside quote marks)
    starts, by the run's hash: made once per document, met with every source's index."""
    out: dict[int, list[int]] = {}
    streak = 0  # usable words in a row ending here: a run crossing a quotation is skipped
    for i in range(len(doc)):
        streak = streak + 1 if usable is None or usable[i] else 0
        if streak >= least:
            start = i - least + 1
            out.setdefault(hash(tuple(doc[start : i + 1])), []).append(start)
    return out


def _hits(doc: Sequence[str], src: Sequence[str], least: int,
          windows: dict[int, list[int]], table: dict[int, list[int]]) -> list[tuple[int, int]]:
    """(document word, source word) where ``least`` words in a row are the same on both
    sides, for the document's ``windows``, in document order."""
    out = []
    for h in windows.keys() & table.keys():  # (a set operation: no loop over every window)
        for start in windows[h]:
            for j in table[h]:
                # (a hash collision is not a hit)
                if tuple(src[j : j + least]) == tuple(doc[start : start + least]):
                    out.append((start, j))
    out.sort()
    return out


def shared_runs(doc: Sequence[str], src: Sequence[str], least: int = 8, gap: int = 3,
                usable: Sequence[bool] | None = None,
                table: dict[int, list[int]] | None = None,
                windows: dict[int, list[int]] | None = None) -> list[Shared]:
    """The passages of ``doc`` that share runs of at least ``least`` words with ``src``,
    runs at most ``gap`` words apart joined; in document order, not overlapping. ``table``
    (``source_index(src, least)``) and ``windows`` (``document_windows(doc, least,
    usable)``) are given when the caller keeps them for other searches."""
    if least < 1 or len(doc) < least or len(src) < least:
        return []
    if table is None:
        table = source_index(src, least)
    if windows is None:
        windows = document_windows(doc, least, usable)
    return runs_of(_hits(doc, src, least, windows, table), doc, src, least, gap, usable)


def runs_of(hits: Sequence[tuple[int, int]], doc: Sequence[object], src: Sequence[object],
            least: int, gap: int, usable: Sequence[bool] | None = None) -> list[Shared]:
    """The passages that ``hits`` (document word, source word: where ``least`` words in a
    row agree, in document order) make, as ``shared_runs`` gives them. The words may be
    any comparable items (keys, or numbers standing for them)."""
    chains: list[list[tuple[int, int]]] = []
    for i, j in hits:
        best = None
        for chain in reversed(chains[-8:]):  # the chains still open are the last few
            i0, j0 = chain[-1]
            di, dj = i - i0, j - j0
            if di <= 0 or dj <= 0 or di > least + gap or dj > least + gap:
                continue
            # On the same diagonal the runs go on; off it, the words between must be few.
            if di == dj or ((di > least or dj > least) and abs(di - dj) <= gap):
                best = chain
                break
        if best is None:
            chains.append([(i, j)])
        else:
            best.append((i, j))
    ok = usable if usable is not None else [True] * len(doc)
    passages = [_extended(_passage(c, least), doc, src, ok, gap) for c in chains]
    return _joined(_disjoint(passages), gap)


def _joined(passages: list[Shared], gap: int) -> list[Shared]:
    """Passages that reaching past their edits brought within ``gap`` words of each other,
    in the same order on both sides, made one."""
    out: list[Shared] = []
    for p in passages:
        if out:
            q = out[-1]
            di, dj = p.doc_start - q.doc_end, p.src_start - q.src_end
            if 0 <= di <= gap and 0 <= dj <= gap:
                out[-1] = Shared(q.doc_start, p.doc_end, q.src_start, p.src_end,
                                 q.words + p.words)
                continue
        out.append(p)
    return out


# Words that must follow a small edit at a passage's end for the passage to reach past it: a
# run shorter than the minimum, but one that the shared runs before it vouch for.
_TAIL = 2


def _extended(p: Shared, doc: Sequence[object], src: Sequence[object], ok: Sequence[bool],
              gap: int) -> Shared:
    """``p`` reaching past small edits at either end, onto the few words that still agree
    there ("... and to open" against "... and open"), as far as runs of _TAIL words do."""
    ds, de, ss, se, shared = p.doc_start, p.doc_end, p.src_start, p.src_end, p.words
    while (step := _step(doc, src, ok, de, se, gap, 1)) is not None:
        de, se, shared = step[0], step[1], shared + step[2]
    while (step := _step(doc, src, ok, ds - 1, ss - 1, gap, -1)) is not None:
        ds, ss, shared = step[0] + 1, step[1] + 1, shared + step[2]
    return Shared(ds, de, ss, se, shared)


def _step(doc: Sequence[object], src: Sequence[object], ok: Sequence[bool], i: int, j: int,
          gap: int, way: int) -> tuple[int, int, int] | None:
    """From document word ``i`` and source word ``j`` (the first past the passage, going
    ``way``), the fewest skipped words after which _TAIL or more words agree: where the
    agreeing run ends on each side (exclusive, going ``way``) and its length."""
    for skip in range(2 * gap + 1):
        for a in range(skip + 1):
            b = skip - a
            if a > gap or b > gap:
                continue
            k = 0
            x, y = i + way * a, j + way * b
            while 0 <= x < len(doc) and 0 <= y < len(src) and ok[x] and doc[x] == src[y]:
                k += 1
                x, y = x + way, y + way
            if k >= _TAIL and all(ok[i + way * n] for n in range(a)
                                  if 0 <= i + way * n < len(doc)):
                return x, y, k
    return None


def _passage(chain: list[tuple[int, int]], least: int) -> Shared:
    covered: set[int] = set()
    for i, _ in chain:
        covered.update(range(i, i + least))
    return Shared(chain[0][0], chain[-1][0] + least, chain[0][1], chain[-1][1] + least,
                  len(covered))


def _disjoint(passages: list[Shared]) -> list[Shared]:
    """One passage per stretch of the document: where a repeated phrase of the source made
    two passages over the same document words, the one sharing more words stays."""
    # The kept passages never overlap, so in start order only the neighbours of a new one
    # can overlap it: a bisection each instead of a scan of every kept passage.
    kept: list[Shared] = []
    starts: list[int] = []
    for p in sorted(passages, key=lambda p: (-p.words, p.doc_start)):
        k = bisect_right(starts, p.doc_start)
        if k > 0 and kept[k - 1].doc_end > p.doc_start:
            continue
        if k < len(kept) and kept[k].doc_start < p.doc_end:
            continue
        kept.insert(k, p)
        starts.insert(k, p.doc_start)
    return kept

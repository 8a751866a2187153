"""The word alignment of a quote with a region of a page, and the Match it gives.

A semi-global edit distance over word keys: the source may start and end anywhere, an
ellipsis skips source words for free, a [bracketed] insertion may stand for a few source
words. The traceback pairs each quote word with a source word or none, and ``to_match``
turns the pairs into a ``Match`` whose span and text are the source's own characters, with
every word-level difference classified (see ``edits``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rapidfuzz import fuzz

from provenance.match.edits import Block, QWord, SWord, classify, is_negation, is_number
from provenance.match.index import Page
from provenance.match.items import BRACKET_MAX_WORDS, Gap, Item, QuoteWord
from provenance.model import Edit, EditKind, Match, Severity, Span
from provenance.words.normalize import Words, skeleton, words

__all__ = ["ACCENT", "ADD", "DROP", "SAME", "SUB", "Op", "Table", "align", "bracket_edits",
           "item_ids", "to_match", "traceback"]

# Costs of the alignment (tenths of a word). A matching word earns a little, so that of two
# alignments with the same differences the one that accounts for more words wins. A word the
# source has and the quote lacks costs less than a changed word, so that a dropped word is
# reported as dropped rather than as its neighbour changed. A word only the quote has costs
# more than a changed word, so that at the quote's ends a word with a counterpart in the
# source is reported as changed, not added. An accent-only difference costs half a changed
# word, so accented pairs line up.
SAME, ACCENT, SUB, ADD, DROP = -1, 5, 10, 11, 8


@dataclass(slots=True)
class Table:
    """The alignment table of one region, kept for the traceback of the best region."""

    lo: int
    # (items + 1) x (region words + 1) alignment costs: numpy, shifted (see align), or
    # plain lists, not shifted (see _align_small)
    table: np.ndarray | list[list[int]]
    cost_of: np.ndarray | list[list[int]]  # items x region words: cost of each pairing
    end: int
    cost: int

    def lists(self) -> tuple[list[list[int]], list[list[int]]]:
        """The table (not shifted) and the pairing costs as plain lists."""
        table, cost_of = self.table, self.cost_of
        if isinstance(table, list):
            rows = table
        else:
            rows = (table + np.arange(table.shape[1], dtype=np.int64) * DROP).tolist()
        return rows, cost_of if isinstance(cost_of, list) else cost_of.tolist()


# Region widths (words) up to which plain Python aligns faster than numpy: numpy costs a
# few microseconds a row whatever the width, Python about a quarter of one a cell.
_SMALL = 24


def _align_small(items: tuple[Item, ...], page: Page, lo: int, hi: int) -> Table | None:
    """``align`` for a small table, cell by cell: the same recurrence, the same table."""
    w = hi - lo
    if w <= 0:
        return None
    src = page.ids[lo:hi].tolist()
    src_skel = page.skeleton_ids[lo:hi].tolist()
    rows: list[list[int]] = [[0] * (w + 1)]  # row 0: free start anywhere
    costs: list[list[int]] = []
    for item in items:
        prev = rows[-1]
        if isinstance(item, Gap):
            costs.append([])
            if item.kind == "ellipsis":
                row = list(itertools.accumulate(prev, min))
            else:
                row = [min(prev[max(0, j - BRACKET_MAX_WORDS):j + 1]) for j in range(w + 1)]
            rows.append(row)
            continue
        qid = page.key_ids.get(item.key, -1)
        qskel = page.skeletons.get(skeleton(item.key), -1)
        cost = [SAME if s == qid else ACCENT if k == qskel else SUB
                for s, k in zip(src, src_skel, strict=True)]
        costs.append(cost)
        row = [prev[0] + ADD]
        left = row[0]
        for j in range(1, w + 1):
            v = prev[j - 1] + cost[j - 1]
            x = prev[j] + ADD
            if x < v:
                v = x
            x = left + DROP
            if x < v:
                v = x
            row.append(v)
            left = v
        rows.append(row)
    last = rows[-1]
    best = min(last)
    end = last.index(best)
    if isinstance(items[-1], Gap) and items[-1].kind == "bracket":
        # A closing bracket fits any end equally: let it cover as many words as it has.
        reach = end + len(words(items[-1].text))
        end = max(j for j, v in enumerate(last) if v == best and j <= reach)
    return Table(lo, rows, costs, end, best)


def item_ids(items: tuple[Item, ...], page: Page) -> tuple[np.ndarray, np.ndarray]:
    """Per item, the page's id of its key and of its accent-free key (-1: none, or a gap)."""
    qid = [page.key_ids.get(i.key, -1) if isinstance(i, QuoteWord) else -1 for i in items]
    qskel = [page.skeletons.get(skeleton(i.key), -1) if isinstance(i, QuoteWord) else -1
             for i in items]
    return np.array(qid, dtype=np.int64)[:, None], np.array(qskel, dtype=np.int64)[:, None]


def align(items: tuple[Item, ...], page: Page, lo: int, hi: int,
          ids: tuple[np.ndarray, np.ndarray] | None = None) -> Table | None:
    """Semi-global word alignment of the quote with page words lo..hi (the table only)."""
    w = hi - lo
    if w <= 0:
        return None
    if w <= _SMALL:
        return _align_small(items, page, lo, hi)
    # Compare as integers: the page gives each key (and accent-free key) an id; a quote word
    # the page lacks gets -1, which no source word has. One broadcast compare then gives
    # the cost of every quote word against every source word.
    qid, qskel = ids if ids is not None else item_ids(items, page)
    cost = np.where(qid == page.ids[lo:hi], SAME,
                    np.where(qskel == page.skeleton_ids[lo:hi], ACCENT, SUB))
    # The table is kept shifted: S[n, j] = cost[n, j] - j * DROP. Dropping source words
    # then costs nothing along a row, so a row is one running minimum, and a word row takes
    # four array operations (the row loop is what a match spends its time on).
    idx = np.arange(w + 1, dtype=np.int64) * DROP
    shifted = np.empty((len(items) + 1, w + 1), dtype=np.int64)
    np.negative(idx, out=shifted[0])  # row 0: free start anywhere (cost 0)
    diag = cost - DROP
    t = np.empty(w + 1, dtype=np.int64)
    b = np.empty(w + 1, dtype=np.int64)
    for n, item in enumerate(items):
        prev, row = shifted[n], shifted[n + 1]
        if isinstance(item, Gap):
            if item.kind == "ellipsis":  # any number of source words skipped for free
                np.minimum.accumulate(prev + idx, out=row)
                row -= idx
            else:  # up to BRACKET_MAX_WORDS source words skipped for free
                row[:] = prev
                for shift in range(1, BRACKET_MAX_WORDS + 1):
                    np.minimum(row[shift:], prev[:-shift] - shift * DROP, out=row[shift:])
            continue
        np.add(prev, ADD, out=b)  # the quote word added
        np.add(prev[:-1], diag[n], out=t[1:])  # paired with the source word before
        np.minimum(t[1:], b[1:], out=t[1:])
        t[0] = b[0]
        np.minimum.accumulate(t, out=row)  # then source words dropped
    last = shifted[-1] + idx
    end = int(last.argmin())
    if isinstance(items[-1], Gap) and items[-1].kind == "bracket":
        # A closing bracket fits any end equally: let it cover as many words as it has.
        ends = np.flatnonzero(last == last[end])
        reach = end + len(words(items[-1].text))
        end = int(ends[ends <= reach].max())
    return Table(lo, shifted, cost, end, int(last[end]))


class Op(NamedTuple):
    kind: str  # pair (quote word beside source word) | added | dropped | gap
    qi: int = -1  # index into items
    sj: int = -1  # source word index, relative to the region
    gap: tuple[int, int] = (0, 0)  # source words a gap skipped, relative to the region


def traceback(items: tuple[Item, ...], table: Table) -> list[Op]:
    # Plain integers: reading numpy scalars one at a time costs more than converting once.
    rows, costs = table.lists()
    ops: list[Op] = []
    i, j = len(items), table.end
    while i > 0:
        item = items[i - 1]
        here = rows[i][j]
        prev = rows[i - 1]
        if isinstance(item, Gap):
            reach = j if item.kind == "ellipsis" else BRACKET_MAX_WORDS
            ks = [k for k in range(j, max(-1, j - reach - 1), -1) if prev[k] == here]
            if item.kind == "bracket":
                # At the quote's ends any count fits equally: take as many source words as
                # the bracket has, the likeliest reading of "[Smith] said".
                want = j - len(words(item.text))
                k = min(ks, key=lambda k: abs(k - want))
            else:
                k = ks[0]
            ops.append(Op("gap", i - 1, gap=(k, j)))
            i, j = i - 1, k
            continue
        c = costs[i - 1]
        if j > 0 and here == prev[j - 1] + c[j - 1]:
            ops.append(Op("pair", i - 1, j - 1))
            i, j = i - 1, j - 1
        elif here == prev[j] + ADD:
            ops.append(Op("added", i - 1))
            i -= 1
        else:
            ops.append(Op("dropped", sj=j - 1))
            j -= 1
    ops.reverse()
    return ops


def to_match(items: tuple[Item, ...], ops: list[Op], page: Page, lo: int) -> Match:
    w = page.words
    text = w.text
    keys, starts, ends = w.keys, w.starts, w.ends
    touched = [lo + sj for kind, _, sj, _ in ops if kind == "pair" or kind == "dropped"]
    touched += [lo + p for kind, _, _, gap in ops if kind == "gap" for p in range(*gap)]
    if touched:
        span = Span(starts[min(touched)], ends[max(touched)])
    else:  # only added words: an empty span where they would stand
        at = starts[lo] if lo < len(w) else len(text)
        span = Span(at, at)
    edits: list[Edit] = []
    elided: list[str] = []
    quote_keys: list[str] = []
    source_keys: list[str] = []
    blocks: list[Block] = []
    block = Block()
    anchor = span.start
    for kind, qi, rel, gap_at in ops:
        if kind == "gap":
            block = _flush(block, blocks, anchor)
            gap = items[qi]
            a, b = lo + gap_at[0], lo + gap_at[1]
            src = text[starts[a]:ends[b - 1]] if b > a else ""
            if isinstance(gap, Gap) and gap.kind == "ellipsis":
                elided.append(src)
            elif isinstance(gap, Gap):
                sp = Span(starts[a], ends[b - 1]) if b > a else Span(anchor, anchor)
                edits.extend(bracket_edits(gap, w, a, b, sp, blocks))
            if b > a:
                anchor = ends[b - 1]
            continue
        # (A pair or an added word is a quote word: only gaps, handled above, are not.)
        q = items[qi] if qi >= 0 else None
        word = q if isinstance(q, QuoteWord) else None
        sj = lo + rel if rel >= 0 else -1
        if word is not None:
            quote_keys.append(word.key)
        if sj >= 0:
            source_keys.append(keys[sj])
            if kind == "pair" and word is not None and word.key == keys[sj]:
                if block.quote or block.source:  # an empty block is replaced before use
                    block = _flush(block, blocks, anchor)
                anchor = ends[sj]
                continue
        if not block.quote and not block.source:
            block = Block(at=anchor)
        if word is not None:
            block.quote.append(QWord(word.key, word.text))
        if sj >= 0:
            block.source.append(SWord(keys[sj], text[starts[sj]:ends[sj]],
                                      Span(starts[sj], ends[sj]), _is_name(text, w, sj)))
            anchor = ends[sj]
        if kind == "pair":
            block.pairs.append((len(block.quote) - 1, len(block.source) - 1))
    _flush(block, blocks, anchor)
    edits.extend(classify(blocks))
    score = fuzz.ratio(" ".join(quote_keys), " ".join(source_keys))
    return Match(float(score), span, span.slice(text), tuple(edits), tuple(elided))


def bracket_edits(gap: Gap, w: Words, a: int, b: int, sp: Span,
                  blocks: list[Block]) -> list[Edit]:
    """A [bracketed] insertion: declared, unless it hides a changed number or negation.

    When the source itself has the brackets there, the words inside are compared like any
    others (they go to ``blocks``).
    """
    inside = words(gap.text)
    qkeys = inside.keys
    skeys = w.keys[a:b]
    if qkeys == skeys:
        return []
    text = w.text
    before = ""  # the last character before the source words, whitespace aside
    if b > a:
        k = w.starts[a] - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        before = text[k] if k >= 0 else ""
    if before == "[":  # the source's own brackets: its words, compared as words
        qwords = [QWord(k, gap.text[s:e]) for k, s, e in
                  zip(inside.keys, inside.starts, inside.ends, strict=True)]
        swords = [SWord(w.keys[j], text[w.starts[j]:w.ends[j]], Span(w.starts[j], w.ends[j]),
                        _is_name(text, w, j)) for j in range(a, b)]
        n = min(len(qwords), len(swords))
        same = {i for i in range(n) if qwords[i].key == swords[i].key}
        qdiff = [q for i, q in enumerate(qwords) if i not in same]
        sdiff = [w_ for i, w_ in enumerate(swords) if i not in same]
        pairs = [(i, i) for i in range(min(len(qdiff), len(sdiff)))]
        blocks.append(Block(qdiff, sdiff, pairs, sp.start))
        return []
    src = text[sp.start:sp.end]
    out = [Edit(EditKind.BRACKETED, f"[{gap.text}]", src, Severity.MINOR, sp)]
    qnum = set(filter(is_number, qkeys))
    snum = set(filter(is_number, skeys))
    if qnum and snum and qnum != snum:
        out.append(Edit(EditKind.NUMBER_CHANGED, f"[{gap.text}]", src, Severity.CRITICAL, sp))
    if any(map(is_negation, qkeys)) != any(map(is_negation, skeys)):
        out.append(Edit(EditKind.NEGATION_CHANGED, f"[{gap.text}]", src, Severity.CRITICAL,
                        sp))
    return out


def _flush(block: Block, blocks: list[Block], anchor: int) -> Block:
    if block.quote or block.source:
        blocks.append(block)
    return Block(at=anchor)


_SENTENCE_END = frozenset(".!?:;\"“”«»¿¡\n")


def _is_name(text: str, w: Words, sj: int) -> bool:
    """A capitalised word that does not open a sentence: most likely a proper name."""
    start = w.starts[sj]
    if not text[start].isupper():
        return False
    k = start - 1
    while k >= 0 and text[k] in " \t\r'\"‘’“”«»([":
        k -= 1
    return k >= 0 and text[k] not in _SENTENCE_END

"""The shortcut for a quote with ellipses or brackets whose runs of words each stand
verbatim once in the page, in order: the runs are paired with their places and the gaps
with what lies between, without a search.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from provenance.match.align import bracket_edits
from provenance.match.edits import Block, classify
from provenance.match.index import ANCHOR_WORDS, Page, once
from provenance.match.items import BRACKET_MAX_WORDS, ELLIPSIS_MAX_GAP, Gap, QuoteWord, Run
from provenance.model import Edit, Match, Span
from provenance.words.normalize import words

__all__ = ["Piece", "pieced_match", "pieces_of"]

Piece = Run | Gap  # a run of word keys, or a gap


def pieces_of(items: Sequence[QuoteWord | Run | Gap]) -> list[Piece]:
    """The quote's items as runs of word keys and the gaps between them: the words of a
    run (quote words, or runs of keys from ``quote_runs``) stand together, as no gap parts
    them."""
    out: list[Piece] = []
    for item in items:
        if isinstance(item, Gap):
            out.append(item)
            continue
        run = item if isinstance(item, list) else [item.key]
        if out and not isinstance(out[-1], Gap):
            out[-1] = out[-1] + run
        else:
            out.append(run)
    return out


def pieced_match(pieces: list[Piece], page: Page) -> Match | None:
    """A quote with ellipses or brackets whose every run of words stands verbatim, once, in
    order in the page, close enough for its gaps: the perfect alignment, without a search.

    Each run then pairs with its one place, an ellipsis skips what lies between, and a
    bracket stands for the words between (up to BRACKET_MAX_WORDS), or at the quote's ends
    for as many words as it has, as the full alignment's traceback takes them. None when the
    shortcut does not apply: the caller searches.
    """
    if len(pieces) < 2:  # no gap, or nothing but one
        return None
    between: list[Gap] = []  # the gap after each run but the last
    for prev, piece in itertools.pairwise(pieces):
        if isinstance(prev, Gap) and isinstance(piece, Gap):  # two gaps in a row
            return None
        if isinstance(piece, Gap) and not isinstance(prev, Gap):
            between.append(piece)
    runs: list[list[str]] = [p for p in pieces if not isinstance(p, Gap)]
    if not runs:
        return None
    first, last = pieces[0], pieces[-1]
    if isinstance(last, Gap):
        between.pop()  # it follows the last run
    places = []
    for run in runs:
        # (A key the page lacks fails the search at once: no need to look it up first.)
        at = once(run, page) if len(run) >= ANCHOR_WORDS else None
        if at is None:
            return None
        places.append(at)
    lengths = [len(run) for run in runs]
    # The source words each gap covers, in order: (gap, first word, end word). A leading
    # bracket comes first; every other gap follows a run.
    gaps: list[tuple[Gap, int, int]] = []
    if isinstance(first, Gap):  # a bracket (ellipses at the ends are dropped)
        k = max(places[0] - len(words(first.text)), places[0] - BRACKET_MAX_WORDS, 0)
        gaps.append((first, k, places[0]))
    for gap, at, n, nxt in zip(between, places, lengths, places[1:], strict=False):
        room = ELLIPSIS_MAX_GAP if gap.kind == "ellipsis" else BRACKET_MAX_WORDS
        if not 0 <= nxt - (at + n) <= room:
            return None
        gaps.append((gap, at + n, nxt))
    if isinstance(last, Gap):
        end_at = places[-1] + lengths[-1]  # page word after the last run
        stop = min(end_at + len(words(last.text)), end_at + BRACKET_MAX_WORDS, len(page.words))
        gaps.append((last, end_at, stop))
    return _paired_match(lengths, places, gaps, isinstance(first, Gap), page)


def _paired_match(lengths: list[int], places: list[int],
                  gaps: list[tuple[Gap, int, int]], leading: bool, page: Page) -> Match:
    """The match ``to_match`` gives for runs paired verbatim with gaps between them, built
    without going word by word: paired words add no edit, and the score is 100."""
    w = page.words
    text, starts, ends = w.text, w.starts, w.ends
    first = places[0]
    final = places[-1] + lengths[-1] - 1  # the last paired page word
    for _, a, b in gaps:
        if b > a:
            first, final = min(first, a), max(final, b - 1)
    span = Span(starts[first], ends[final])
    # Steps in order: a gap, or (an int) the last page word of a run.
    steps: list[tuple[Gap, int, int] | int] = []
    g = 0
    if leading:
        steps.append(gaps[0])
        g = 1
    for n, at in zip(lengths, places, strict=True):
        steps.append(at + n - 1)
        if g < len(gaps):
            steps.append(gaps[g])
            g += 1
    edits: list[Edit] = []
    elided: list[str] = []
    blocks: list[Block] = []
    anchor = span.start  # where the source stands before the next gap
    for step in steps:
        if isinstance(step, int):
            anchor = ends[step]
            continue
        gap, a, b = step
        if gap.kind == "ellipsis":
            elided.append(text[starts[a]:ends[b - 1]] if b > a else "")
        else:
            sp = Span(starts[a], ends[b - 1]) if b > a else Span(anchor, anchor)
            edits.extend(bracket_edits(gap, w, a, b, sp, blocks))
        if b > a:
            anchor = ends[b - 1]
    if blocks:
        edits.extend(classify(blocks))
    return Match(100.0, span, span.slice(text), tuple(edits), tuple(elided))

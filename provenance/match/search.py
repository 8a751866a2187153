"""Where a quotation stands in a source text: the matcher's entry points and its search.

The quote and the source are compared as word keys (see ``words.normalize``). An exact run
of the quote's keys in the source is found with one substring search (``index``); otherwise
candidate regions are located by voting on the positions of the quote's words, and the
quote is aligned with each region word by word (``align``). The best alignment becomes a
``Match`` whose span and text are the source's own characters, with every word-level
difference classified in ``edits``.

Two shortcuts skip the search when the passage's place is certain: a quote whose verbatim
head and tail each stand once in the page, close together, is aligned only between them
(``anchored``); a quote with ellipses or brackets whose runs of words each stand verbatim
once, in order, is paired run by run (``pieces``). On the benchmark's 6,157 cases both
give the matches the full search gives.
"""

from __future__ import annotations

import math
from dataclasses import replace

from provenance.match.align import (
    ACCENT,
    ADD,
    SAME,
    SUB,
    Table,
    align,
    item_ids,
    to_match,
    traceback,
)
from provenance.match.anchored import anchored_match
from provenance.match.index import (
    Page,
    chains_of,
    exact_match,
    fresh_page,
    joined_keys,
    page_of,
    prepare,
)
from provenance.match.items import (
    BRACKET_MAX_WORDS,
    ELLIPSIS_MAX_GAP,
    Gap,
    Item,
    QuoteWord,
    quote_items,
    quote_runs,
    unbracketed,
)
from provenance.match.joins import joined
from provenance.match.pieces import pieced_match, pieces_of
from provenance.model import Edit, EditKind, Match, PageText, Quote
from provenance.words import ellipsis
from provenance.words.normalize import keys, skeleton

__all__ = ["best_match", "match_in", "prepare", "verbatim"]

_COMMON = 0.02  # a word on more than this share of the page is too common to seed a search
_CANDIDATES = 3  # regions aligned in full per search
_SEEDS = 12  # the rarest quote words whose positions locate the candidate regions
_WEAKER = 0.5  # a region with under this share of the best region's votes is not aligned
# A region where under this share of the quote's words occur at all is aligned only if it is
# the best voted. Kept below Settings.altered_min_shared, so no altered passage is lost.
_HOPELESS = 0.4
# Under ``least``, the share of the quote's words a region may lack beyond it and still be
# aligned: words are counted here by the matcher's keys, and the share a caller asks for by
# the quote's words as written, which may cut a few of them otherwise.
_LEEWAY = 0.1
_CLOSE = 90.0  # a body passage this close is not searched for again in the whole page


def best_match(quote: Quote, text: PageText, least: float = 0.0) -> Match | None:
    """Where ``quote`` best aligns in ``text.main`` (else ``text.full``); None when nowhere.

    A match found only in the fuller page text carries ``outside_body=True``. With
    ``least``, a passage is aligned only where at least about that share of the quote's
    words stands (``_search``): a caller that would take nothing less asks no more.

    A [bracketed] insertion stands for source words, unless the source prints the same
    brackets where it aligns ("again eastbound [on 56th]"): they are then the source's own
    words, copied, and the quote is aligned with them as words (a word left out before
    them is a difference, not something the bracket stands for).
    """
    match = _best_match(quote, text, least)
    if match is not None and _own_brackets(match, text.full if match.outside_body
                                           else text.main):
        literal = replace(quote, text=unbracketed(quote.text),
                          segments=tuple(map(unbracketed, quote.segments)))
        return _best_match(literal, text, least)
    return match


def _own_brackets(match: Match, source: str) -> bool:
    """Whether a bracketed insertion of ``match`` stands where ``source`` has the very same
    brackets."""
    for e in match.edits:
        if e.kind is EditKind.BRACKETED and e.span is not None and e.quote.startswith("["):
            near = source[max(0, e.span.start - len(e.quote)):e.span.end + len(e.quote)]
            if e.quote.casefold() in near.casefold():
                return True
    return False


def _best_match(quote: Quote, text: PageText, least: float) -> Match | None:
    if len(quote.parts) == 1 and _plain(quote.parts[0]):
        # Most quotes are verbatim: one substring search on the keys answers them without
        # building the quote's items. A plain quote not verbatim in the body has word
        # differences there, so the whole page holding it verbatim settles it as well.
        exact = _verbatim(keys(quote.parts[0]), text)
        if exact is not None:
            return exact
    elif text.main:
        # A quote with ellipses or brackets whose runs of words each stand verbatim once in
        # the body, in order: paired run by run from the keys alone (see pieced_match), as the
        # search below would do first.
        page = page_of(text.main)
        pieced = pieced_match(pieces_of(quote_runs(quote)), page)
        if pieced is not None and not _word_edits(pieced):
            return pieced
        if pieced is None:
            # The body may hold the quote's words in a row, ellipsis and all: a quote copied
            # with the page's own "…", or brackets round the page's own words. Then nothing
            # is left out, and one substring search saves the alignment.
            exact = exact_match(_all_keys(quote), page)
            if exact is not None:
                return exact
    items = quote_items(quote)
    if not any(isinstance(i, QuoteWord) for i in items):
        return None
    main = match_in(items, text.main, least=least) if text.main else None
    if main is not None and not _word_edits(main):
        return main
    if text.main and len(quote.parts) == 1 and _plain(quote.parts[0]):
        # Two of the page's quoted passages run together, its attribution left out.
        across = joined(keys(quote.parts[0]), page_of(text.main).words, chains_of(text.main))
        if across is not None:
            return across
    if text.full and text.full != text.main:
        # A close passage in the body stands unless the page holds the quote verbatim
        # elsewhere; only a poor one is worth a full alignment with the rest of the page.
        close = main is not None and main.score >= _CLOSE
        full = match_in(items, text.full, exact_only=close, least=least)
        if full is not None and (main is None or _better(full, main)):
            return Match(full.score, full.span, full.source_text, full.edits, full.elided,
                         outside_body=True)
    return main


def unchanged_match(quote: Quote, text: PageText) -> Match | None:
    """``best_match`` when it has no differences (none but [brackets]), else None.

    Cheaper for a plain quote (one part, no ellipsis or bracket): a match of it without
    differences can only be its words in a row, which ``best_match`` looks for first (an
    alignment that finds no such run has at least one edit, and so has a passage joined
    across an attribution: the words left out are dropped words), so no alignment is tried.
    For the lookups that only a verbatim copy can answer (found-elsewhere of an altered
    quote). A page not searched before is not even indexed unless its keys hold the quote's
    (found-elsewhere's candidates in a large cache are mostly pages met once)."""
    if len(quote.parts) == 1 and _plain(quote.parts[0]):
        qkeys = keys(quote.parts[0])
        if qkeys and not _may_hold(qkeys, text):
            return None
        return _verbatim(qkeys, text)
    match = best_match(quote, text)
    return match if match is not None and not _word_edits(match) else None


def _may_hold(qkeys: list[str], text: PageText) -> bool:
    """Whether ``_verbatim`` can find these keys in a row: a substring search on the keys
    joined (keys hold no space), without the page's index."""
    needle = " " + " ".join(qkeys) + " "
    if text.main and needle in joined_keys(text.main):
        return True
    return bool(text.full) and text.full != text.main and needle in joined_keys(text.full)


def verbatim(quote: Quote, text: PageText) -> Match | None:
    """Where the quote's words stand in a row in ``text.main``, else in ``text.full`` (with
    ``outside_body``); None when nowhere. No alignment is tried: a cheap lookup for short
    words such as terms. Brackets are read as the quote's own words."""
    return _verbatim(_all_keys(quote), text)


def _all_keys(quote: Quote) -> list[str]:
    """The keys of all the quote's words in a row, brackets read as its own words."""
    return keys(unbracketed(" ".join(quote.parts)))


def _verbatim(qkeys: list[str], text: PageText) -> Match | None:
    exact = exact_match(qkeys, page_of(text.main)) if text.main else None
    if exact is None and text.full and text.full != text.main:
        exact = exact_match(qkeys, page_of(text.full))
        if exact is not None:
            return Match(exact.score, exact.span, exact.source_text, outside_body=True)
    return exact


def _plain(part: str) -> bool:
    """No ellipsis and no bracket: the quote's items are its words and nothing else."""
    return "[" not in part and "]" not in part and not ellipsis.may_elide(part)


def _better(a: Match, b: Match) -> bool:
    if not _word_edits(a) and _word_edits(b):
        return True
    return a.score > b.score + 1e-9


def _word_edits(m: Match) -> tuple[Edit, ...]:
    return tuple(e for e in m.edits if e.kind is not EditKind.BRACKETED)


def match_in(items: tuple[Item, ...] | Quote, text: str, exact_only: bool = False,
             least: float = 0.0, keep: bool = True) -> Match | None:
    """Best alignment of a quote (or its parsed items) within one text (with ``least``,
    see ``best_match``). ``keep=False`` for a text met once: its index is not kept."""
    if isinstance(items, Quote):
        items = quote_items(items)
    page = page_of(text) if keep else fresh_page(text)
    if not page.words.keys:
        return None
    qwords = [i for i in items if isinstance(i, QuoteWord)]
    if not qwords:
        return None
    if len(qwords) == len(items):
        exact = exact_match([q.key for q in qwords], page)
        if exact is not None:
            return exact
    if exact_only and len(qwords) == len(items):
        return None
    if len(qwords) == len(items):
        anchored = anchored_match(qwords, page)
        if anchored is not None:
            return anchored
    else:
        pieced = pieced_match(pieces_of(items), page)
        if pieced is not None:
            return pieced
    return _search(items, qwords, page, least)


def _search(items: tuple[Item, ...], qwords: list[QuoteWord], page: Page,
            least: float = 0.0) -> Match | None:
    """Align the quote with the best candidate regions of the page; the cheapest wins.
    With ``least``, a region holding under ``least - _LEEWAY`` of the quote's words is not
    aligned, the best voted included: a word the alignment keeps unchanged stands there."""
    best: Table | None = None
    perfect = SAME * len(qwords)
    qids = [page.key_ids.get(q.key, -1) for q in qwords]
    qskel = [page.skeletons.get(skeleton(q.key), -1) for q in qwords]
    ids = item_ids(items, page)
    floor = max(0.0, least - _LEEWAY)
    for lo, hi in _regions(items, qwords, page):
        if best is not None or floor:
            # A region holding few of the quote's words anywhere cannot hold it nearly
            # intact; the best-voted region is aligned all the same, to show the closest
            # passage, unless the caller takes none so far from the quote.
            here = set(page.ids[lo:hi].tolist())
            shared = sum(q in here for q in qids)
            if shared < max(floor, _HOPELESS if best is not None else 0.0) * len(qids):
                continue
        if best is not None:
            # Nor can a region win whose least possible cost does not beat the best one:
            # each quote word costs at least what its nearest counterpart there would.
            accented = set(page.skeleton_ids[lo:hi].tolist())
            bound = sum(SAME if q in here else ACCENT if k in accented else min(SUB, ADD)
                        for q, k in zip(qids, qskel, strict=True))
            if bound >= best.cost:
                continue
        table = align(items, page, lo, hi, ids)
        if table is not None and (best is None or table.cost < best.cost):
            best = table
            if best.cost == perfect:
                break
    if best is None:
        return None
    ops = traceback(items, best)
    return to_match(items, ops, page, best.lo)


def _regions(items: tuple[Item, ...], qwords: list[QuoteWord],
             page: Page) -> list[tuple[int, int]]:
    """Source word ranges worth aligning in full, best first, from votes of the quote's words."""
    n = len(page.words)
    common = max(50, int(n * _COMMON))
    hits: list[tuple[int, int, float]] = []  # (source position, quote word index, weight)
    # The rarest words locate a passage best and cost least to vote with.
    found = sorted((len(pos), qi) for qi, q in enumerate(qwords)
                   if 0 < len(pos := page.positions.get(q.key, ())) <= common)
    for count, qi in found[:_SEEDS]:
        weight = 1.0 / math.log2(1 + count)
        hits.extend((p, qi, weight) for p in page.positions[qwords[qi].key])
    if not hits:  # every word is common, or none is on the page: try accent-free keys
        skel = {skeleton(q.key): qi for qi, q in enumerate(qwords)}
        for key, pos in page.positions.items():
            like = skel.get(skeleton(key))  # the quote word with this accent-free key
            if like is not None and len(pos) <= common * 4:
                hits.extend((p, like, 0.5) for p in pos)
    if not hits:
        return []
    hits.sort()
    m = len(qwords)
    gaps = sum(ELLIPSIS_MAX_GAP if i.kind == "ellipsis" else BRACKET_MAX_WORDS
               for i in items if isinstance(i, Gap))
    reach = min(gaps, 2 * ELLIPSIS_MAX_GAP)
    # Votes are counted in windows as wide as the longest run of words between gaps: a wider
    # window would gather scattered common words and outvote the place the quote stands.
    longest = max(len(run) for run in _runs(items))
    width = longest + max(4, m // 2)
    # Sliding window over the hits: the weight of the distinct quote words it holds.
    scored: list[tuple[float, int, int]] = []
    counts = [0] * m  # (quote word indexes are below m)
    weight_of = [0.0] * m
    total = 0.0
    left = 0
    for right, (p, qi, wt) in enumerate(hits):
        if counts[qi] == 0:
            total += wt
        counts[qi] += 1
        weight_of[qi] = wt
        while hits[left][0] < p - width:
            lq = hits[left][1]
            counts[lq] -= 1
            if counts[lq] == 0:
                total -= weight_of[lq]
            left += 1
        scored.append((total, left, right))
    # Only windows near the best are looked at, best first (ties in order of position):
    # those are sorted, not every window.
    top = max(scored)[0]
    strong = [s for s in scored if s[0] >= top * _WEAKER]
    strong.sort(key=lambda s: -s[0])
    regions: list[tuple[int, int]] = []
    windows: list[tuple[int, int]] = []
    for _total, left, right in strong:
        first_p, first_q = hits[left][0], hits[left][1]
        last_p, last_q = hits[right][0], hits[right][1]
        if any(first_p <= b and last_p >= a for a, b in windows):
            continue
        windows.append((first_p, last_p))
        # The votes ignore order, so a region must reach far enough on both sides for the
        # rest of the quote and for the words an ellipsis or a bracket may skip.
        lo = max(0, first_p - first_q - 4 - reach)
        hi = min(n, last_p + (m - last_q) + 4 + reach)
        regions.append((lo, hi))
        if len(regions) >= _CANDIDATES:
            break
    return regions


def _runs(items: tuple[Item, ...]) -> list[list[QuoteWord]]:
    """The quote's words between gaps."""
    runs: list[list[QuoteWord]] = [[]]
    for item in items:
        if isinstance(item, Gap):
            runs.append([])
        else:
            runs[-1].append(item)
    return [r for r in runs if r] or [[]]

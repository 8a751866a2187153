"""Match: where a quotation stands in a source text, and what differs there.

In: a ``Quote`` (its parts between ellipses and its [bracketed] insertions) and a
``PageText`` (a page's main text and its fuller text). Out: a ``Match``, or None when the
passage is nowhere: the source's own span and words, a score, the word-level edits between
quote and source (each classified and ranked by how much it changes the claim), what each
ellipsis left out, and ``outside_body`` when the passage stands only outside the main text.

Modules: ``search`` (the entry points and the search of candidate regions), ``index`` (a
page's words, indexed once), ``items`` (the quote's words and gaps), ``align`` (the word
alignment and the Match it gives), ``anchored`` and ``pieces`` (two shortcuts past the
search), ``edits`` (classifying differences), ``joins`` (quotes that run a page's passages
together).
"""

from __future__ import annotations

from provenance.match.edits import describe, ranked, words_differing
from provenance.match.joins import attribution_left_out, attributions
from provenance.match.search import best_match, match_in, prepare, unchanged_match, verbatim

__all__ = ["attribution_left_out", "attributions", "best_match", "describe", "match_in",
           "prepare", "ranked", "unchanged_match", "verbatim", "words_differing"]

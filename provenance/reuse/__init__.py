"""Reuse: what a document borrows from its sources without quote marks.

In: a ``Document``, its quotes (whose spans are not reuse: they are quoted), and the
sources it cites as ``ReuseSource`` values (URL, main text, the spans in the document that
credit the source, and where the document's quotations stand in it). Out: a ``Reuse`` per
passage outside quote marks that shares a run of at least ``Settings.reuse_min_words``
words with a source (runs at most ``Settings.reuse_gap`` words apart joined), with the
source's span and words, the word-level edits as the match stage classifies them, and a
class: ``credited`` (its paragraph cites the source), ``uncredited``, or
``quoted-elsewhere`` (the document quotes those words of the source in marks elsewhere).
A stretch several sources hold is one passage, given with its best source and the count
(and first few URLs) of the others.

The whole document against the original it declares (or is given): ``compare_original``
takes both texts and gives an ``Original`` (coverage both ways, the sentences added, dropped
and changed with their edits, ``repost-faithful`` or ``repost-changed``; for a translation
the paragraph alignment by anchors and the numbers and dates that disagree).

Modules: ``runs`` (shared runs of word keys, joined across small edits), ``pooled`` (one
passage per stretch of the document over all the sources, with bounded work), ``find``
(passages, their edits and their class), ``original`` (a document against its original), ``anchors``
(numbers, dates, names and quotations, and the paragraph alignment they give), ``cached``
(the cached pages worth searching with ``--reuse-cache``, named by the found-elsewhere
index).
"""

from __future__ import annotations

from provenance.reuse.find import ReuseSource, find_reuse
from provenance.reuse.original import compare_original
from provenance.reuse.runs import Shared, shared_runs

__all__ = ["ReuseSource", "Shared", "compare_original", "find_reuse", "shared_runs"]

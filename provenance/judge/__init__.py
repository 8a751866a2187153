"""Judge: the verdict on one quotation, and the flags that qualify it.

In: a ``Quote``, its ``Source`` (the cited work as resolved and read: its captures and
text, or the problem that kept it from being read) and the ``Match`` found there (or None).
Out: a ``Verdict``: its status (found, altered, missing, unverified), a reason a person can
read, and flags (elided, outside-body, joined, translated; then those of the flag rules:
negated-context, speaker-mismatch, date-mismatch, page-changed; and found-elsewhere when the
quote stands in another page).

Modules: ``verdicts`` (status and reason), ``flags`` (the flag rules, one ordered list),
``context`` (a negation just before the passage), ``changes`` (the passage across a page's
captures), ``elsewhere`` (the quote looked up in other pages: misattribution).
"""

from __future__ import annotations

from provenance.judge.changes import CaptureText, PassageInCapture, page_change, passage_history
from provenance.judge.context import negated_before
from provenance.judge.elsewhere import (
    SCHEME,
    Cached,
    ElsewhereIndex,
    PageStore,
    cached_candidates,
    find_elsewhere,
    pack_shingles,
    page_shingles,
    unpack_shingles,
)
from provenance.judge.flags import RULES, FlagContext, flag
from provenance.judge.verdicts import judge, with_elsewhere

__all__ = ["RULES", "SCHEME", "Cached", "CaptureText", "ElsewhereIndex", "FlagContext",
           "PageStore", "PassageInCapture", "cached_candidates", "find_elsewhere", "flag",
           "judge", "negated_before", "pack_shingles", "page_change", "page_shingles",
           "passage_history", "unpack_shingles", "with_elsewhere"]

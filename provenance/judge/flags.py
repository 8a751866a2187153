"""The flag rules: checks that may add a flag, and a clause of the reason, to a verdict.

Each rule is a ``Verdict -> Verdict`` function: it returns the verdict flagged, or as it
was. ``RULES`` lists them in the order they run, which is the order of their flags and
reason clauses in reports; ``flag`` runs them all. What a rule needs beyond the verdict
(settings, who the source says spoke, the page's other captures) comes in a ``FlagContext``
that the pipeline builds, so no rule reads the cache or another stage itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from provenance.judge.changes import CaptureText, page_change, passage_history
from provenance.judge.context import negated_before
from provenance.judge.verdicts import judge
from provenance.match import attributions, best_match
from provenance.model import Flag, PageText, Status, Verdict
from provenance.settings import Settings

__all__ = ["RULES", "FlagContext", "Rule", "flag"]

# (the speaker the document names, the source text, start, end of the passage there) ->
# (the speaker the source names there, the source's words that say so), or None when the
# source gives the passage to no one else.
OtherSpeaker = Callable[[str, str, int, int], tuple[str, str] | None]


@dataclass(frozen=True, slots=True)
class FlagContext:
    settings: Settings
    other_speaker: OtherSpeaker
    # The text of each capture the cache holds of a URL, oldest first; nothing when it
    # holds fewer than two (one capture shows no edit). None: no cache.
    captures: Callable[[str], Iterable[CaptureText]] | None = None


Rule = Callable[[Verdict, FlagContext], Verdict]

_PRESENT = (Status.FOUND, Status.ALTERED)


def flag(verdict: Verdict, context: FlagContext) -> Verdict:
    """``verdict`` with the flags of every rule that applies, in the order of ``RULES``."""
    for rule in RULES:
        verdict = rule(verdict, context)
    return verdict


def _negated_context(verdict: Verdict, context: FlagContext) -> Verdict:
    """Flag a passage whose sentence in the source is negated just before it ("It is not
    true that …"): the words are there, the claim may be the opposite."""
    m, source = verdict.match, verdict.source
    if verdict.status not in _PRESENT or m is None or source is None or source.text is None:
        return verdict
    before = negated_before(source.text.full if m.outside_body else source.text.main,
                            m.span.start, source.text.language)
    if before is None:
        return verdict
    return replace(verdict, flags=(*verdict.flags, Flag.NEGATED_CONTEXT),
                   reason=f"{verdict.reason}; in the source a negation comes just before it: "
                          f"“{before} …”")


def _speaker_mismatch(verdict: Verdict, context: FlagContext) -> Verdict:
    """Flag a passage the source gives to someone other than the document does: the words
    are there, but not in the mouth the document puts them in."""
    m, source, said_by = verdict.match, verdict.source, verdict.quote.speaker
    if said_by is None or verdict.status not in _PRESENT or m is None \
            or source is None or source.text is None:
        return verdict
    text = source.text.full if m.outside_body else source.text.main
    other_speaker = context.other_speaker
    # A quote joining the source's passages holds its attribution: the plainest evidence.
    inside = [e.span.start for e in attributions(m, text) if e.span] \
        if Flag.JOINED in verdict.flags else []
    there = next((t for at in inside if (t := other_speaker(said_by, text, at, at))), None) \
        if inside else other_speaker(said_by, text, m.span.start, m.span.end)
    if there is None:
        return verdict
    name, words = there
    return replace(verdict, flags=(*verdict.flags, Flag.SPEAKER_MISMATCH),
                   reason=f"{verdict.reason}; the document gives these words to {said_by}, "
                          f"the source to {name}: “{words}”")


def _date_mismatch(verdict: Verdict, context: FlagContext) -> Verdict:
    """Flag a page whose own published date is not the date the document cites."""
    source = verdict.source
    cited = source.citation.date if source else None
    published = source and (source.citation.published or (source.text and source.text.date))
    if not cited or not published or cited == published:
        return verdict
    return replace(verdict, flags=(*verdict.flags, Flag.DATE_MISMATCH),
                   reason=f"{verdict.reason}; cited as of {cited}, the page is dated {published}")


def _page_changed(verdict: Verdict, context: FlagContext) -> Verdict:
    """Flag a passage that differs between the cache's captures of the page (it was edited,
    added or removed), so a verdict against today's page is not mistaken for the page the
    quoting author read."""
    source = verdict.source
    if context.captures is None or source is None or source.snapshot is None:
        return verdict

    def find(text: PageText) -> str | None:
        if not text.main and not text.full:
            return None
        seen = judge(verdict.quote, replace(source, text=text),
                     best_match(verdict.quote, text), context.settings)
        return seen.match.source_text if seen.match and seen.status in _PRESENT else None

    # Only the captures up to the one this verdict read: a replay of an earlier report must
    # not learn of later edits, and a fresh run reads the newest capture anyway.
    used = source.snapshot.fetched_at
    history = passage_history(context.captures(source.snapshot.url), find)
    change = page_change(tuple(h for h in history if h.fetched_at <= used))
    if change is None:
        return verdict
    return replace(verdict, flags=(*verdict.flags, Flag.PAGE_CHANGED),
                   reason=f"{verdict.reason}; {change}")


RULES: tuple[Rule, ...] = (_negated_context, _speaker_mismatch, _date_mismatch, _page_changed)

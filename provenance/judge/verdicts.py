"""Turn an alignment into a verdict with a one-line reason."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from provenance.match import attributions, describe, ranked, words_differing
from provenance.model import Edit, EditKind, Flag, Match, Quote, Source, Status, Verdict
from provenance.settings import Settings
from provenance.words.language import LANGUAGE_NAMES
from provenance.words.normalize import keys, normalize

__all__ = ["judge", "with_elsewhere"]

_REASON_MAX = 240  # characters; the report shows every edit, the reason only the gist
# A quote most of whose words the source itself uses is written in the source's language,
# whatever a language model makes of it: short quotes and quotes full of names are often
# tagged wrong (or take the tag of the writer's own sentence around them), while a
# translation shares little more than its names and numbers with its source.
_OWN_WORDS_SHARE = 0.6


def judge(quote: Quote, source: Source, match: Match | None, settings: Settings) -> Verdict:
    """found only when the normalised words are identical; any word difference is altered."""
    flags: list[Flag] = []
    if match is not None and match.outside_body:
        flags.append(Flag.OUTSIDE_BODY)
    if match is not None and match.elided:
        flags.append(Flag.ELIDED)
    differing = [e for e in match.edits if e.kind is not EditKind.BRACKETED] if match else []
    # Two of the source's quoted passages run together, the narrator's words between them
    # ("…,” she said. “…") left out: that is no change to the speaker's words.
    joined = attributions(match, _searched(source, match)) if match else []
    if joined:
        flags.append(Flag.JOINED)
        differing = [e for e in differing if e not in joined]
    if match is not None and not differing:
        return Verdict(quote, Status.FOUND, _found_reason(match, joined), match, tuple(flags),
                       source=source)
    # A quote in another language than its source is a translation, which cannot be checked
    # word for word. The language tag of a short quote is often wrong, though (see
    # Settings.translated_min_words): a short one with a close passage stays altered, and
    # only a short one with no close passage is taken for a translation.
    languages = _languages(quote, source)
    weak = match is None or match.score < settings.missing_below or \
        _identical_share(quote, match) < settings.altered_min_shared
    trusted = _word_count(quote) >= settings.translated_min_words
    if languages is not None and (weak or trusted):
        q, s = (_language_name(x) for x in languages)
        reason = f"the quote is in {q} and the source in {s}: a translation cannot be " \
                 "checked word for word"
        if not weak and match is not None:
            reason += f" (the closest passage scores {match.score:.0f} of 100)"
        return Verdict(quote, Status.UNVERIFIED, reason, match, (*flags, Flag.TRANSLATED),
                       source=source)
    if weak:
        reason = "not in the source"
        if match is not None:
            reason += f": the closest passage scores {match.score:.0f} of 100"
        return Verdict(quote, Status.MISSING, reason, match, (), source=source)
    assert match is not None
    return Verdict(quote, Status.ALTERED, _altered_reason(differing), match, tuple(flags),
                   source=source)


def _found_reason(match: Match, joined: list[Edit] | None = None) -> str:
    reason = "found verbatim"
    if match.outside_body:
        reason += " outside the article body"
    if joined:
        reason += "; joins the source's quoted passages, leaving out the words between them: " \
            + ", ".join(f"«{e.source}»" for e in joined)
    if match.elided:
        n = len(match.elided)
        reason += f"; {n} passage{'s' if n > 1 else ''} left out by ellipsis"
    inserted = [e for e in match.edits if e.kind is EditKind.BRACKETED]
    if inserted:
        reason += "; " + ", ".join(
            f"{e.quote} stands for «{e.source}»" if e.source else f"{e.quote} added"
            for e in inserted)
    return reason


def _searched(source: Source, match: Match) -> str:
    """The source text the match was found in."""
    if source.text is None:
        return ""
    return source.text.full if match.outside_body else source.text.main


def _altered_reason(edits: list[Edit]) -> str:
    n = words_differing(edits)
    head = f"{n} word{'s differ' if n != 1 else ' differs'}: "
    body = "; ".join(describe(e) for e in ranked(edits))
    line = head + body
    if len(line) > _REASON_MAX:
        line = line[: _REASON_MAX - 1].rstrip() + "…"
    return line


def _word_count(quote: Quote) -> int:
    return len(normalize(" ".join(quote.parts)).split())


def _language_name(code: str) -> str:
    """'Spanish (es)'; the code alone when it has no name here."""
    name = LANGUAGE_NAMES.get(code.lower())
    return f"{name} ({code})" if name else code


def _identical_share(quote: Quote, match: Match) -> float:
    """Share of the quote's words the alignment found unchanged (0..1)."""
    total = _word_count(quote)
    if total == 0:
        return 0.0
    changed = sum(len(e.quote.split()) for e in match.edits
                  if e.kind is not EditKind.BRACKETED)
    return max(0.0, (total - changed) / total)


def _languages(quote: Quote, source: Source) -> tuple[str, str] | None:
    """(quote's, source's) languages when both are known and differ."""
    src = (source.text.language if source.text else None) or source.citation.language
    if quote.language and src and quote.language.lower() != src.lower():
        if source.text is not None and _in_source_words(quote, source.text.full):
            return None
        return quote.language, src
    return None


def _in_source_words(quote: Quote, source_text: str) -> bool:
    """Whether most of the quote's words (digits aside) are words of the source."""
    words = _common_words(" ".join(quote.parts))
    if not words:
        return False
    known = _vocabulary(source_text)
    return sum(w in known for w in words) >= _OWN_WORDS_SHARE * len(words)


def _common_words(text: str) -> list[str]:
    """The keys of ``text``'s words that can tell a language: not numbers, and not names,
    which every language writes alike (a capitalised word after the first, unless the
    whole quote is in capitals)."""
    capitals = text.isupper()
    out: list[str] = []
    for i, token in enumerate(text.split()):
        if i and not capitals and token.lstrip(_OPENERS)[:1].isupper():
            continue
        out.extend(k for k in keys(token) if not k.isdigit())
    return out


_OPENERS = "\"'“‘„«‹([¿¡"


@lru_cache(maxsize=8)  # the pages of one document, met once per quote in another language
def _vocabulary(text: str) -> frozenset[str]:
    return frozenset(keys(text))


def close_enough(quote: Quote, match: Match, settings: Settings) -> bool:
    """Whether a passage found for a missing quote would itself count as altered, not
    missing (what ``with_elsewhere`` flags a missing quote for)."""
    return match.score >= settings.missing_below and \
        _identical_share(quote, match) >= settings.altered_min_shared


def with_elsewhere(verdict: Verdict, url: str, match: Match,
                   settings: Settings | None = None) -> Verdict:
    """A quote not in its cited source but at ``url``: misattribution.

    Found verbatim there, any missing or altered verdict is flagged. Found there with
    differences, only a missing one is, and only when that passage would itself count as
    altered (not missing) under ``settings``: the reason then says what differs. An
    unverified quote (no page cited for it) is flagged only where its words stand verbatim.
    """
    if verdict.status is Status.FOUND:
        return verdict
    where = "outside the article body of " if match.outside_body else ""
    differing = [e for e in match.edits if e.kind is not EditKind.BRACKETED]
    if verdict.status is Status.UNVERIFIED:
        # No page is cited for it (no work, a vague one, or one not found): say where its
        # words stand, as a lead for the reader. It stays unverified: nothing the document
        # says ties it to that page.
        if differing:
            return verdict
        reason = f"{verdict.reason}; its words stand verbatim {where or 'in '}{url}"
    elif not differing:
        reason = f"{verdict.reason}; found verbatim {where}{url} instead (misattributed?)"
    elif settings is not None and verdict.status is Status.MISSING and \
            close_enough(verdict.quote, match, settings):
        reason = (f"{verdict.reason}; found with changes {where}{url} instead (misattributed?): "
                  f"{_altered_reason(differing)}")
    else:
        return verdict
    return replace(verdict, reason=reason, flags=(*verdict.flags, Flag.FOUND_ELSEWHERE),
                   elsewhere=url)

"""A passage quoted in several places is one quote with several locations."""

from __future__ import annotations

from provenance.model import Quote, QuoteKind

__all__ = ["firsts", "fold"]

_RANK = {QuoteKind.QUOTATION: 0, QuoteKind.TITLE: 1, QuoteKind.TERM: 2}


def _passage(q: Quote) -> str:
    return " ".join(q.text.split())


def firsts(quotes: list[Quote], paras: list[int]) -> tuple[list[Quote], list[int]]:
    """The first place of each passage (only those need a language)."""
    seen: set[str] = set()
    firsts, first_paras = [], []
    for q, pi in zip(quotes, paras, strict=True):
        key = _passage(q)
        if key not in seen:
            seen.add(key)
            firsts.append(q)
            first_paras.append(pi)
    return firsts, first_paras


def fold(quotes: list[Quote], firsts: list[Quote]) -> tuple[Quote, ...]:
    """One quote per passage; ``locations`` lists every place it stands. When the places
    disagree on the kind, the one most worth verifying wins; but a title (a work's name in
    a reference entry, say) stays apart from the same words used as a term or quoted."""
    groups: dict[tuple[str, bool], list[Quote]] = {}
    for q in quotes:
        groups.setdefault((_passage(q), q.kind is QuoteKind.TITLE), []).append(q)
    language_of: dict[str, str | None] = {}
    for q in firsts:
        language_of.setdefault(_passage(q), q.language)
    out = []
    for (key, _), group in groups.items():
        first = group[0]
        kind = min((q.kind for q in group), key=_RANK.__getitem__)
        language = language_of.get(key)
        said_by = next((q.speaker for q in group if q.speaker), None)
        out.append(Quote(first.text, first.span, first.line, first.column, kind, first.marks,
                         language, first.segments, first.insertions,
                         tuple(q.span for q in group), speaker=said_by))
    out.sort(key=lambda q: q.span.start)
    return tuple(out)

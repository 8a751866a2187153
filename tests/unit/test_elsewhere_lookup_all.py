"""Found-elsewhere's lookups of a document taken together: the candidate pages visited one
after the other, each for all the quotes it may hold, with the answers of looking each
quote up on its own (its candidates in the order named, the first verbatim copy, else the
best match)."""

from __future__ import annotations

import random

import pytest

import provenance.judge.elsewhere as elsewhere
from provenance.judge.elsewhere import ElsewhereIndex, Lookup, _differs, _rank
from provenance.judge.verdicts import close_enough
from provenance.match import best_match, unchanged_match
from provenance.model import Match, PageText
from provenance.settings import Settings
from tests.conftest import make_quote

WORDS = ("river", "bridge", "city", "market", "night", "train", "rain", "field", "book",
         "table", "window", "street", "harbour", "boat", "square", "museum", "theatre")
SAID = ["the council approved the harbour reform yesterday with eleven votes in favour",
        "a new ferry will cross the bay every hour from the first of june onwards",
        "the museum will stay open late on fridays until the end of the summer season",
        "nobody expected the old bridge to be repaired before the winter storms came"]


def _altered(text: str, rng: random.Random) -> str:
    words = text.split()
    words[rng.randrange(2, len(words) - 2)] = rng.choice(WORDS)
    return " ".join(words)


def _index() -> ElsewhereIndex:
    """Synthetic test pages: each of the sentences above verbatim on some, a word changed
    on others, and pages that hold none."""
    rng = random.Random(7)
    index = ElsewhereIndex()
    for i in range(40):
        filler = " ".join(rng.choice(WORDS) for _ in range(120))
        said = SAID[i % len(SAID)]
        planted = said if i % 3 == 0 else _altered(said, rng) if i % 3 == 1 else ""
        body = f"Synthetic test page {i}. {filler[:300]} {planted.capitalize()}. {filler[300:]}"
        index.add(f"https://pages.example/{i:02}", PageText(body, "Headline. " + body))
    return index


def _one_by_one(index: ElsewhereIndex, asked: Lookup) -> tuple[str, Match] | None:
    """A lookup as found-elsewhere made them, quote by quote: each candidate in turn,
    stopping at the first verbatim copy."""
    found = None
    for url, _held in index.candidates(asked.quote, asked.exclude):
        text = index._text(url)
        assert text is not None
        close = asked.close
        match = unchanged_match(asked.quote, text) if asked.unchanged else \
            best_match(asked.quote, text, least=close.altered_min_shared if close else 0.0)
        if match is None or (close is not None and _differs(match)
                             and not close_enough(asked.quote, match, close)):
            continue
        if found is None or _rank(match) > _rank(found[1]):
            found = (url, match)
        if not _differs(match):
            break
    return found


def _asked() -> list[Lookup]:
    rng = random.Random(3)
    settings = Settings()
    asked = []
    for said in SAID:
        for quote in (make_quote(said), make_quote(_altered(said, rng))):
            asked += [Lookup(quote), Lookup(quote, unchanged=True),
                      Lookup(quote, close=settings),
                      Lookup(quote, ("https://pages.example/00", "https://pages.example/04"),
                             close=settings)]
    return asked


def test_the_lookups_taken_together_answer_as_one_by_one() -> None:
    index, asked = _index(), _asked()
    together = index.lookup_all(asked)
    alone = [_one_by_one(index, a) for a in asked]
    assert together == alone
    assert sum(got is not None for got in together) >= len(asked) // 2  # (not all empty)
    assert index.lookup_all([]) == []


def test_each_candidate_page_is_visited_once_for_all_its_quotes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index, asked = _index(), _asked()
    visits: list[str] = []

    def aligned(a: Lookup, text: PageText) -> Match | None:
        visits.append(text.main)
        return matched(a, text)

    matched = elsewhere._aligned
    monkeypatch.setattr(elsewhere, "_aligned", aligned)
    index.lookup_all(asked)
    pages = [page for n, page in enumerate(visits) if n == 0 or visits[n - 1] != page]
    assert len(visits) > len(pages)  # pages shared by several quotes
    assert len(pages) == len(set(pages))  # and each met in one stretch

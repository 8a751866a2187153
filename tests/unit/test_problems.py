"""Problems and resolution steps as values: the sentence each makes, how a cache keeps a
problem, and the rules that read kinds and outcomes instead of words."""

from __future__ import annotations

import pytest

from provenance.errors import CacheMiss, FetchError, FetchFailure
from provenance.model import (
    Citation,
    CitationHow,
    Outcome,
    Problem,
    ProblemKind,
    ResolutionStep,
    StepKind,
)
from provenance.pipeline import _archive_worthy, _fetch_problem, _unresolved_problem

K = ProblemKind


@pytest.mark.parametrize(("problem", "sentence"), [
    (Problem(K.HTTP, "page not found", 404), "HTTP 404: page not found"),
    (Problem(K.HTTP, status=410), "HTTP 410"),
    (Problem(K.BLOCKED, status=403), "blocked: the site answered with a bot check (HTTP 403)"),
    (Problem(K.BLOCKED, "the page is a bot check, not the article"),
     "blocked: the page is a bot check, not the article"),
    (Problem(K.PAYWALLED, status=402), "paywalled: the site asks for a subscription (HTTP 402)"),
    (Problem(K.EMPTY), "empty page: the server sent no content"),
    (Problem(K.UNSUPPORTED, "image/png"), "unsupported type image/png: no text could be read"),
    (Problem(K.MOVED, "the cited page now redirects to the site's front page (https://x.org/)"),
     "soft 404: the cited page now redirects to the site's front page (https://x.org/)"),
    (Problem(K.TRUNCATED, "the page promises 900 words, only 80 could be read"),
     "truncated: the page promises 900 words, only 80 could be read"),
    (Problem(K.FETCH, "DNS failure: cannot resolve x.invalid"),
     "DNS failure: cannot resolve x.invalid"),
    (Problem(K.OFFLINE, "offline: not in cache"), "offline: not in cache"),
    (Problem(K.UNRESOLVED), "source not found"),
    (Problem(K.UNRESOLVED, "registry: the citation names no outlet"),
     "source not found: registry: the citation names no outlet"),
    (Problem(K.UNRESOLVED_OFFLINE, "no candidate's title and date agree well enough"),
     "source not found: no candidate's title and date agree well enough (offline: the pages "
     "needed to find it are not in the cache)"),
    (Problem(K.VAGUE, "los diarios del país"),
     "vague attribution, no work named: 'los diarios del país'"),
    (Problem(K.NO_ARCHIVE, "HTTP 410: page removed", 410),
     "HTTP 410: page removed; no archived copy either"),
])
def test_each_kind_makes_its_sentence(problem: Problem, sentence: str) -> None:
    assert problem.sentence == str(problem) == sentence


@pytest.mark.parametrize("problem", [
    Problem(K.HTTP, "page not found", 404), Problem(K.EMPTY), Problem(K.BLOCKED, status=429),
    Problem(K.UNREADABLE, "no article text found on the page"),
])
def test_a_problem_round_trips_through_json(problem: Problem) -> None:
    assert Problem.from_json(problem.to_json()) == problem
    assert Problem.from_json(None) is None


@pytest.mark.parametrize("data", [{"kind": "no-such-kind", "detail": ""},
                                  {"detail": "no kind"}, {"kind": "http", "status": "404"}, 7])
def test_a_malformed_problem_is_a_value_error(data: object) -> None:
    # The cache reads a ValueError (or KeyError) as a damaged row and extracts again.
    with pytest.raises((ValueError, KeyError)):
        Problem.from_json(data)


@pytest.mark.parametrize(("problem", "worthy"), [
    (Problem(K.HTTP, "page removed", 410), True),
    (Problem(K.HTTP, "access forbidden", 403), True),
    (Problem(K.HTTP, "unavailable for legal reasons", 451), True),
    (Problem(K.HTTP, "server error", 500), False),
    (Problem(K.HTTP, "too many requests", 429), False),
    (Problem(K.BLOCKED, status=503), True),
    (Problem(K.BLOCKED, "the page is a bot check, not the article"), True),
    (Problem(K.PAYWALLED, "the text stops at a subscription prompt after 80 words"), True),
    (Problem(K.NOT_FOUND, "the page says it was not found, though the server said 200"), False),
    (Problem(K.OFFLINE, "offline: not in cache"), False),
    (Problem(K.FETCH, "HTTP 503 after 3 attempts", 503), False),
])
def test_what_the_archive_is_asked_for_is_read_from_kind_and_status(
        problem: Problem, worthy: bool) -> None:
    assert _archive_worthy(problem) is worthy


def test_a_failed_fetch_keeps_its_kind_and_status_and_words() -> None:
    url = "https://x.org/a"
    wall = FetchError(url, "blocked: the site answered with a bot check (HTTP 503)",
                      kind=FetchFailure.BLOCKED, status=503)
    assert _fetch_problem(wall) == Problem(K.BLOCKED, status=503)
    assert _fetch_problem(wall).sentence == wall.reason
    assert _fetch_problem(CacheMiss(url)) == Problem(K.OFFLINE, "offline: not in cache")
    timeout = FetchError(url, "timed out: no complete answer within the 30 s deadline",
                         kind=FetchFailure.TIMEOUT)
    assert _fetch_problem(timeout) == Problem(K.FETCH, timeout.reason)


def _unresolved(*steps: ResolutionStep) -> Citation:
    return Citation("c1", CitationHow.NARRATIVE, outlet="La Gaceta", resolution=steps)


REGISTRY = ResolutionStep(StepKind.REGISTRY, Outcome.FOUND, "La Gaceta -> https://g.example")
GAVE_UP = ResolutionStep(StepKind.NOT_FOUND, Outcome.NOT_FOUND)


def test_an_unresolved_work_says_the_step_that_gave_up() -> None:
    unknown = ResolutionStep(StepKind.REGISTRY, Outcome.NOT_FOUND, "outlet 'X' not known")
    assert _unresolved_problem(_unresolved(unknown, GAVE_UP)).sentence == \
        "source not found: registry: outlet 'X' not known"
    why = ResolutionStep(StepKind.NOT_FOUND, Outcome.NOT_FOUND, "no page read holds it")
    assert _unresolved_problem(_unresolved(REGISTRY, why)).sentence == \
        "source not found: no page read holds it"
    assert _unresolved_problem(_unresolved()).sentence == "source not found"
    tied = ResolutionStep(StepKind.TRANSLATION, Outcome.REJECTED, "2 works of X: not told")
    assert _unresolved_problem(_unresolved(REGISTRY, GAVE_UP, tied)).sentence == \
        "source not found: translation: 2 works of X: not told"


def test_offline_is_said_by_the_outcome_of_the_steps_that_name_it() -> None:
    listing = ResolutionStep(StepKind.SITEMAP, Outcome.OFFLINE,
                             "g.example: no pages listed, read nothing (offline: not in cache)")
    problem = _unresolved_problem(_unresolved(REGISTRY, listing, GAVE_UP))
    assert problem.kind is K.UNRESOLVED_OFFLINE
    assert problem.sentence.endswith("(offline: the pages needed to find it are not in the cache)")
    # The archive search says only "no captures" when it could not be asked offline: its
    # outcome knows, its words do not yet, and the reason keeps the words it had.
    archive = ResolutionStep(StepKind.ARCHIVE_SEARCH, Outcome.OFFLINE,
                             "no captures of g.example/ from 2026-02-16 to 2026-02-28")
    assert _unresolved_problem(_unresolved(REGISTRY, archive, GAVE_UP)).kind is K.UNRESOLVED

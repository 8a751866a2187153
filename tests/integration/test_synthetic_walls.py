"""The synthetic bot walls and paywalled teasers of bench/walls.py are told for what they are
(each page is marked synthetic), and the fetcher's check on 429/503 answers tells the walls."""

from __future__ import annotations

import pytest

from bench.bench_walls import detected
from bench.walls import Wall, bot_walls, paywalls
from provenance.fetch.botcheck import is_bot_check


@pytest.mark.parametrize("walls", [bot_walls(), paywalls()], ids=["bot walls", "paywalls"])
def test_walls_are_detected(walls: list[Wall]) -> None:
    missed = [w.name for w in walls if not detected(w)]
    assert len(missed) <= 0.05 * len(walls), missed


def test_the_fetcher_tells_a_bot_wall_from_its_429_or_503_answer() -> None:
    walls = [w for w in bot_walls() if w.status in (429, 503)]
    missed = [w.name for w in walls if not is_bot_check(w.body.encode(), "text/html")]
    assert len(missed) <= 0.05 * len(walls), missed


def test_a_teaser_is_not_a_bot_wall_nor_a_wall_a_teaser() -> None:
    for wall in paywalls():
        assert not is_bot_check(wall.body.encode(), "text/html"), wall.name

"""Bot walls and paywalls: detection recall on synthetic pages beside false alarms on real ones.

Run from the repository root:  python -m bench.bench_walls

Synthetic bot walls and paywalled teasers (``bench/walls.py``, every page marked synthetic)
are read by the text stage; a wall counts as detected when the page's problem is
``blocked``, a paywalled teaser when it is ``paywalled`` or ``truncated``. Beside them, the
real pages of the trafilatura-eval and attribution corpora (``bench/bench_pages.py``):
every page wrongly called a bot wall, paywalled, truncated or not found. Targets: recall
≥ 0.95; no false alarm. The fetcher's own check on 429 and 503 answers
(``fetch.botcheck.is_bot_check``) is scored on the same walls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys

from bench.walls import Wall, bot_walls, paywalls
from provenance.fetch.botcheck import is_bot_check
from provenance.model import ProblemKind, Snapshot
from provenance.text.extract import extract_text

DETECTED = {"blocked": (ProblemKind.BLOCKED,),
            "paywalled": (ProblemKind.PAYWALLED, ProblemKind.TRUNCATED)}


def detected(wall: Wall) -> bool:
    body = wall.body.encode("utf-8")
    url = f"https://synthetic.example/news/2026/03/02/{wall.name}"
    text = extract_text(Snapshot(url, url, wall.status, "text/html; charset=utf-8",
                                 dt.datetime.now(dt.UTC), hashlib.sha256(body).hexdigest(),
                                 body))
    return text.problem is not None and text.problem.kind in DETECTED[wall.kind]


def recall(walls: list[Wall]) -> tuple[float, list[str]]:
    missed = [w.name for w in walls if not detected(w)]
    return 1 - len(missed) / max(1, len(walls)), missed


def main() -> int:
    for label, walls in (("bot walls", bot_walls()), ("paywalled teasers", paywalls())):
        share, missed = recall(walls)
        print(f"{label:<18} recall {share:.3f} ({len(walls) - len(missed)}/{len(walls)})"
              + (f"  missed: {', '.join(missed)}" if missed else ""))
    fetcher = [w for w in bot_walls() if w.status in (429, 503)]
    caught = sum(is_bot_check(w.body.encode(), "text/html; charset=utf-8") for w in fetcher)
    print(f"{'fetcher 429/503':<18} recall {caught / len(fetcher):.3f} ({caught}/{len(fetcher)})")
    from bench.bench_pages import attribution_pages, eval_pages, ours, score
    from bench.cases import no_corpus

    if no_corpus():
        return 2
    pages = eval_pages() + attribution_pages()
    _, alarms, _ = score(pages, ours)
    print(f"{'real pages':<18} false alarms {len(alarms)} of {len(pages)}")
    for alarm in alarms:
        print(f"    {alarm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

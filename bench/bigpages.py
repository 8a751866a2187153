"""Synthetic big news pages (marked synthetic): an article of ordinary length buried in what
makes real pages heavy: inline scripts and JSON state, styles, inline SVG, data-URI images,
and long runs of visible markup (menus, related-link lists, comments) the extractor must walk.
"""

from __future__ import annotations

import base64
import random

__all__ = ["ARTICLE", "QUOTES", "big_page"]

ARTICLE = [
    f"Synthetic test page, paragraph {i}: the harbour board met on Tuesday to weigh the "
    f"{word} plan, and the chair said the work on quay {i} would start after the summer, "
    "once the fishing season was over and the boats had been moved to the northern basin."
    for i, word in enumerate(["expansion", "dredging", "ferry", "lighthouse", "warehouse",
                              "crane", "tunnel", "marina", "bridge", "terminal", "customs",
                              "pier", "slipway", "breakwater", "canal", "depot"])
]
# Passages of the article a document can quote (each stands verbatim in one paragraph).
QUOTES = [f"the chair said the work on quay {i} would start after the summer"
          for i in range(len(ARTICLE))]


def big_page(size: int, seed: int = 0) -> bytes:
    """A synthetic article page of about ``size`` bytes (UTF-8)."""
    rnd = random.Random(seed)
    head = ["<!doctype html><html lang='en'><head><meta charset='utf-8'>",
            "<title>Synthetic test page: harbour board weighs its plans</title>"]
    body = ["<body><header><nav><ul>"]
    body += [f"<li><a href='/section/{i}'>Section {i}</a></li>" for i in range(40)]
    body.append("</ul></nav></header><main><article><h1>Harbour board weighs its plans</h1>")
    body += [f"<p>{p}</p>" for p in ARTICLE]
    body.append("</article>")
    tail: list[str] = []
    budget = size - sum(map(len, head + body)) - 200
    filler = 0
    while filler < budget:
        pick = rnd.random()
        if pick < 0.3:  # a script with a JSON state blob
            blob = "".join(rnd.choice("abcdefghij0123456789") for _ in range(20_000))
            chunk = f"<script>window.__STATE_{filler}__ = {{\"data\": \"{blob}\"}};</script>"
            head.append(chunk)
        elif pick < 0.45:  # an inline SVG icon set
            chunk = "<svg viewBox='0 0 10 10'>" + "".join(
                f"<path d='M{rnd.randint(0, 9)} {rnd.randint(0, 9)}L{i % 10} 3z'/>"
                for i in range(600)) + "</svg>"
            tail.append(chunk)
        elif pick < 0.6:  # a data-URI image
            raw = base64.b64encode(rnd.randbytes(15_000)).decode()
            chunk = f"<img alt='' src='data:image/png;base64,{raw}'>"
            tail.append(chunk)
        elif pick < 0.7:  # a style block
            chunk = "<style>" + "".join(f".c{filler}-{i}{{margin:{i}px}}"
                                        for i in range(1000)) + "</style>"
            head.append(chunk)
        elif pick < 0.85:  # a related-links list
            chunk = "<aside class='related'><ul>" + "".join(
                f"<li><a href='/story/{filler}/{i}'>Synthetic related story {i} about the "
                f"harbour</a></li>" for i in range(100)) + "</ul></aside>"
            tail.append(chunk)
        else:  # a comment thread
            chunk = "<section class='comments'>" + "".join(
                f"<div class='comment'><p>Synthetic reader comment {i}: the plan for the "
                f"harbour is {rnd.choice(['good', 'bad', 'late', 'costly'])}.</p></div>"
                for i in range(80)) + "</section>"
            tail.append(chunk)
        filler += len(chunk)
    page = "".join(head) + "</head>" + "".join(body) + "".join(tail) + "</main></body></html>"
    return page.encode("utf-8")

"""Synthetic article pages for tests: fictional outlets, said so in every page."""

from __future__ import annotations

import html


def article_page(title: str, paragraphs: list[str], outlet: str = "The Test Courier") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {outlet}</title></head>
<body>
<header><p>Synthetic test page: {outlet} is a fictional outlet.</p>
<nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>{html.escape(title)}</h1>
{body}
</article></main>
<footer><p>Synthetic test page, not a real publication.</p></footer>
</body></html>"""


HARBOUR = [
    "The town council voted eleven to four on Friday to approve the expansion of the harbour, "
    "ending a debate that had divided the town since the autumn.",
    "The chair of the port authority said the decision would not burden residents. "
    "The expansion will be paid for by shipping fees, not by taxpayers, she said after the vote.",
    "The first phase is a deep-water quay that is expected to cost 48 million crowns and to open "
    "in the spring of 2028, according to the plans published by the council.",
    "Opponents said the figure was likely to grow, and asked for an independent review of the "
    "costs before the first contract is signed next year.",
]

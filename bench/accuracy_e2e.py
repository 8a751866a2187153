"""The accuracy cases run through the whole pipeline: document -> fetch -> text -> verdict.

The corpus pages are served from a local web site on 127.0.0.1 (as they were saved); for
each page a Markdown document quotes all its cases, one paragraph each, with a link to the
page; ``provenance.check`` reads it with its cache in a temporary folder (shared by the
pages, so found-elsewhere has the others to look in). Each verdict goes back to its case by
the paragraph its quotation stands in; a case with no verdict counts as ``none`` (a quote
the pipeline does not take for a quotation, such as a single word, which it lists as a
term).
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from pathlib import Path

from bench.cases import CORPUS, Case
from bench.localsite import serve

__all__ = ["run_end_to_end"]

_MARKS = (("“", "”"), ("«", "»"), ("‘", "’"))


def _paragraph(case: Case, url: str) -> str:
    quote = case.quote
    opening, closing = next(((o, c) for o, c in _MARKS if o not in quote and c not in quote),
                            _MARKS[0])
    return f"The source said {opening}{quote}{closing} ([the synthetic bench source]({url})).\n\n"


def _words(text: str) -> str:
    return " ".join(text.split())


def run_end_to_end(cases: list[Case], reasons: list[str] | None = None) -> list[str]:
    """Each case's verdict status through ``provenance.check`` (``none`` when it got none);
    ``reasons``, when given, is filled with each case's verdict reason."""
    import provenance
    from provenance.settings import Settings

    by_page: dict[str, list[int]] = defaultdict(list)
    for i, case in enumerate(cases):
        by_page[case.page.file].append(i)
    files = sorted(by_page)
    site = {f"/pages/{n}/{name}": ((CORPUS / "html" / name).read_bytes(), "text/html")
            for n, name in enumerate(files)}
    got = ["none"] * len(cases)
    if reasons is not None:
        reasons[:] = [""] * len(cases)
    with serve(site) as base, tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache_dir=Path(tmp) / "cache", allow_private=True, archive_url="",
                            backoff=0.0)
        for n, name in enumerate(files):
            url = f"{base}/pages/{n}/{name}"
            doc, starts = "", []
            for i in by_page[name]:
                starts.append((len(doc), len(doc) + len(_paragraph(cases[i], url)), i))
                doc += _paragraph(cases[i], url)
            report = provenance.check(doc, settings=settings, cache=settings.cache_dir)
            cursor = 0
            longest = [0] * len(cases)  # a case's verdict is its outermost quotation's
            as_written = report.document.text == doc
            for verdict in report.verdicts:
                # Where the quotation stands in the document as written: its span, unless
                # reading the document tidied its text; then the next place its words stand
                # (a quotation nested in a later one may be listed before it, so the words
                # alone can point at another paragraph).
                words = verdict.quote.text.split()
                m = re.compile(r"\s+".join(map(re.escape, words))).search(doc, cursor) \
                    if words and not as_written else None
                if m is None:
                    at = verdict.quote.span.start
                else:
                    at, cursor = m.start(), m.end()
                for start, end, i in starts:
                    # A case that holds quote marks of its own is also read as the quotation
                    # inside it: the case is the longest quotation of its paragraph.
                    if start <= at < end and len(verdict.quote.text) > longest[i]:
                        got[i], longest[i] = verdict.status.value, len(verdict.quote.text)
                        if reasons is not None:
                            reasons[i] = f"{verdict.reason} [quote tagged " \
                                         f"{verdict.quote.language}]"
                        break
            # A quotation repeated word for word is one quotation with one verdict.
            said = {_words(cases[i].quote): got[i] for i in by_page[name] if got[i] != "none"}
            for i in by_page[name]:
                if got[i] == "none":
                    got[i] = said.get(_words(cases[i].quote), "none")
    return got

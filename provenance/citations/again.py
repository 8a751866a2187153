"""A work named again after it was linked: "según el artículo", "according to the paper",
"as the report says" after "the article [Title](…)"; "según la Wikipedia" after a link to a
Wikipedia page. A reader takes the definite noun or the site's name for the work linked just
before, so the trace carries that link's URL.

Only the latest link introduced by the same noun ("el artículo [_Title_](…)"), or a link
close before (the same paragraph or the one before it) whose site the name spells
("Wikipedia" and es.wikipedia.org), counts: anything looser would tie quotations to a page
they do not come from.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from provenance.citations import references as refs
from provenance.citations.trace import Trace, forward
from provenance.model import CitationHow, Document, Span
from provenance.quotes.layout import Layout

__all__ = ["named_again", "passage_named"]

# The nouns for a piece of writing, in the six languages read.
_NOUN = (r"art[íi]culo|nota|libro|informe|estudio|entrada|post|article|paper|book|report|"
         r"study|piece|essay|artigo|livro|relat[óo]rio|estudo|livre|rapport|[ée]tude|"
         r"artikel|buch|bericht|studie|artikeln|boken|rapporten|studien|inlägget")
_AGAIN = re.compile(  # run on lowered text
    r"\b(?:according\s+to|as|in|según|de\s+acuerdo\s+con|en|segundo|conforme|selon|"
    r"d['’]après|dans|laut|in|enligt|i)\s+"
    r"(?:(?P<def>the|this|that|el|este|ese|la|esta|esa|o|este|a|le|la|l['’]|cet|ce|der|die|das|"
    r"dem|diesem|den|det|denna)\s+(?P<noun>" + _NOUN + r")\b|"
    r"(?:(?:the|el|la|o|a|le|la|die|der|das)\s+)?(?P<site>[a-z][\w.-]{2,30}))"
)
_SITE_WORD = re.compile(r"[^a-z0-9]")
# "traduzco el párrafo:", "here is the passage:", "voici l'extrait :": the passage about to be
# quoted, named with a definite article at the end of a paragraph that ends with a colon.
_PASSAGE = re.compile(  # run on lowered text
    r"\b(?:el|este|ese|the|this|that|o|este|le|cet|ce|l['’]|der|die|das|den|diesen|det|"
    r"stycket)\s+(?:p[aá]rrafo|pasaje|fragmento|extracto|passage|paragraph|excerpt|par[aá]grafo|"
    r"trecho|extrait|paragraphe|absatz|abschnitt|auszug|textstelle|stycket|utdraget|citatet)"
    r"[^.:\n]{0,40}:\s*$")


def named_again(doc: Document, lay: Layout, links: list[Trace]) -> list[Trace]:
    """A trace with the earlier link's URL for each definite mention of it; ``links``: the
    URL traces, in document order."""
    text = doc.text
    low = refs.lowered(text)
    out = []
    for m in _AGAIN.finditer(low):
        pi = lay.paragraph_of(m.start())
        lo = 0 if m.group("noun") else lay.paragraphs[max(0, pi - 1)].start
        before = [t for t in links if lo <= t.anchor.start < m.start() and t.url]
        if not before:
            continue
        if m.group("noun"):
            noun = m.group("noun")
            # the link the same noun introduced ("the article [Title](…)")
            hit = next((t for t in reversed(before) if re.search(
                rf"\b{re.escape(noun)}\b[^.\n]{{0,40}}$", low[max(0, t.anchor.start - 60):
                                                          t.anchor.start])), None)
        else:
            site = _SITE_WORD.sub("", m.group("site"))
            hit = next((t for t in reversed(before) if _spells(site, t.url or "")), None)
        if hit is None:
            continue
        out.append(Trace(CitationHow.URL, Span(m.start(), m.end()), text[m.start():m.end()],
                         url=hit.url, reach=forward(doc, lay, m.start())))
    return out


def _spells(site: str, url: str) -> bool:
    """Whether a one-word name is the site's own name: "wikipedia" and es.wikipedia.org."""
    if len(site) < 5:
        return False
    labels = urlsplit(url).netloc.casefold().split(".")
    return site in labels[:-1]


def passage_named(doc: Document, lay: Layout, links: list[Trace]) -> list[Trace]:
    """"Por su importancia, traduzco el párrafo:": the passage that follows is from the work
    linked in the paragraph just before, when that paragraph links exactly one page and
    this one links none."""
    text = doc.text
    low = refs.lowered(text)
    out = []
    for pi, para in enumerate(lay.paragraphs):
        if pi == 0 or text[para.end - 1] != ":":
            continue
        m = _PASSAGE.search(low, para.start, para.end)
        if m is None:
            continue
        prev = lay.paragraphs[pi - 1]
        own = [t for t in links if para.start <= t.anchor.start < para.end]
        before = {t.url for t in links if prev.start <= t.anchor.start < prev.end and t.url}
        if own or len(before) != 1:
            continue
        out.append(Trace(CitationHow.URL, Span(m.start(), m.end()), text[m.start():m.end()],
                         url=before.pop(), reach=forward(doc, lay, m.start())))
    return out

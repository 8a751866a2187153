"""Scope properties of attribution on generated (synthetic) Markdown: a quotation is never
tied to a work cited only in a later paragraph, nor to a link among another quotation's
words."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.intervals import Intervals
from provenance.model import CitationHow, Quote, QuoteKind, Span
from provenance.quotes.find import find_quotes, quote_layout

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAYING = st.sampled_from(["The mayor said: ", "She wrote ", "According to the council, ",
                          "", "As [the report](URL) puts it, ", "In a statement, "])
WORDS = st.sampled_from(["We will build the bridge next year", "Nothing was decided",
                         "the river rose in March", "a town that forgot its river",
                         "Three bridges were closed"])
TAIL = st.sampled_from(["", ".", " [^N].", " ([source](URL)).", ", the mayor said.", ":",
                        " See https://example.org/URLX for more.", " (La Gaceta, 3 de marzo "
                        "de 2024)."])
PARAGRAPH = st.tuples(SAYING, WORDS, TAIL, st.booleans())


def _document(paras: list[tuple[str, str, str, bool]]) -> str:
    out, notes = [], []
    for i, (lead, words, tail, quoted) in enumerate(paras):
        body = f"“{words}”" if quoted else words
        text = (lead + body + tail).replace("URLX", f"x{i}").replace(
            "URL", f"https://example.org/p{i}").replace("[^N]", f"[^n{i}]")
        if f"[^n{i}]" in text:
            notes.append(f"[^n{i}]: https://example.org/note{i}")
        out.append(text)
    return "\n\n".join(out + notes) + "\n"


def _tied(text: str) -> tuple[list[Quote], str]:
    doc = parse_document(text.encode(), "synthetic.md", "md")
    quotes = attribute(doc, find_quotes(doc), find_citations(doc))
    return [q for q in quotes if q.kind is QuoteKind.QUOTATION and q.citation], doc.text


@FAST
@given(st.lists(PARAGRAPH, min_size=1, max_size=8))
def test_never_tied_to_a_work_cited_only_later(paras: list[tuple[str, str, str, bool]]) -> None:
    text = _document(paras)
    doc = parse_document(text.encode(), "synthetic.md", "md")
    lay = quote_layout(doc)
    notes_start = text.find("\n[^n")
    for q in _tied(text)[0]:
        c = q.citation
        assert c is not None
        if c.how is CitationHow.VAGUE:
            continue
        citing = [s for s in c.spans if notes_start < 0 or s.start < notes_start] or c.spans
        first = min(lay.paragraph_of(s.start) for s in citing)
        # a passage repeated in the document is one quote: any of its places may be cited
        latest = max(lay.paragraph_of(loc.start) for loc in (q.locations or (q.span,)))
        assert first <= latest, (q.text, c)


INNER = st.sampled_from([
    "“We will build [the bridge](https://example.org/inner) next year,” the mayor said. "
    "Later she added: “Nothing was decided.”",
    "He wrote: “Nothing was decided.” The council replied: “Read [our notes]"
    "(https://example.org/inner) before you judge us.”",
    "“Three bridges were closed,” said Roe. “See https://example.org/inner for the list,” "
    "said Doe.",
])


@FAST
@given(INNER, st.lists(WORDS, max_size=3))
def test_never_tied_to_a_link_inside_another_quotation(para: str, extra: list[str]) -> None:
    text = para + "".join(f" And “{w}”." for w in extra) + "\n"
    quotes, doc_text = _tied(text)
    inner = doc_text.find("https://example.org/inner")
    for q in quotes:
        if q.citation is not None and q.citation.url == "https://example.org/inner":
            assert q.span.start <= inner <= q.span.end, q.text


@FAST
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=12),
       st.integers(-2, 95))
@example([(0, 10), (2, 1)], 5)  # within the first place only, past the second's end
def test_a_position_is_within_the_places_that_hold_it(places: list[tuple[int, int]],
                                                      at: int) -> None:
    # The document's own source: a citation counts where any of its spans starts in a
    # title, a heading or a "Source:" line, ranges that may overlap or be empty.
    ranges = [(lo, lo + n) for lo, n in places]
    assert Intervals(Span(lo, hi) for lo, hi in ranges).holds(at) \
        == any(lo <= at < hi for lo, hi in ranges)

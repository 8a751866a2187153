"""Properties of extraction on any input: it never crashes, and every span is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.citations.attribute import attribute, find_citations
from provenance.document import parse_document
from provenance.model import Document
from provenance.quotes.find import find_quotes

MARKS = "“”‘’„‚«»‹›\"'`「」『』"
# Text that is mostly the hard part: marks, spaces, paragraph breaks, ellipses, brackets,
# parentheses, colons, digits glued to words, dialogue dashes, and a few words that cue
# kinds and citations.
PIECES = st.sampled_from([
    *MARKS, " ", " ", "\n", "\n\n", "> ", "…", "...", "[", "]", "(", ")", ":", ",", ".",
    "word", "Jerí's", "d’État", "said", "editorializó", "Editorial", "por J. Bruce",
    "La República", "18 de febrero de 2026", "February 18, 2026", "ibid.", "op. cit.",
    "edición ya citada", "(los diarios del país)", "FRAUD1", "[1]", "¹",
    "https://example.org/a", "\n1. https://example.org/n\n", "\u00a0", "ä", "İ",
    "—", "–", "\n\n—", " —dijo", "—No ", "ministro—",
])
MARKY = st.lists(PIECES, max_size=120).map("".join)
ANY = st.text(max_size=400)

FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, fmt: str = "txt") -> None:
    doc = Document(text, "p", fmt, "")
    quotes = find_quotes(doc)
    starts = [q.span.start for q in quotes]
    assert starts == sorted(starts)
    for q in quotes:
        assert text[q.span.start : q.span.end] == q.text
        assert q.text and q.text == q.text.strip()
        assert q.locations and q.locations[0] == q.span
        assert all(" ".join(text[s.start : s.end].split()) == " ".join(q.text.split())
                   for s in q.locations)
        line = text.count("\n", 0, q.span.start) + 1
        column = q.span.start - (text.rfind("\n", 0, q.span.start) + 1) + 1
        assert (q.line, q.column) == (line, column)
        assert all(part and part == part.strip() for part in q.segments)
    citations = find_citations(doc)
    assert len({c.key for c in citations}) == len(citations)
    for c in citations:
        assert all(0 <= s.start <= s.end <= len(text) for s in c.spans)
    tied = attribute(doc, quotes, citations)
    assert [q.text for q in tied] == [q.text for q in quotes]
    assert all(q.link_reason for q in tied)


@FAST
@given(MARKY)
def test_marky_text(text: str) -> None:
    _check(text)


@FAST
@given(ANY)
def test_any_text(text: str) -> None:
    _check(text)


@FAST
@given(MARKY)
def test_markdown(text: str) -> None:
    _check(text, "md")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    from provenance.errors import DocumentError

    for fmt in ("txt", "md", "html"):
        try:
            doc = parse_document(data, f"p.{fmt}", fmt)
        except DocumentError:
            continue
        if fmt == "html":
            find_quotes(doc)  # its spans point into the extracted text, checked above too
        else:
            _check(doc.text, fmt)


WORDS = st.lists(st.sampled_from(["the", "mayor", "said", "bridge", "Jerí", "año", "över",
                                  "it's", "d’État", "42", "road,", "winter.", "(see", "this)"]),
                 min_size=1, max_size=12).map(" ".join)
PAIRS = st.sampled_from(["“”", "«»", "„“", "””", "»«", '""', "‘’", "「」"])


@FAST
@given(WORDS, WORDS, WORDS, PAIRS)
def test_a_quoted_phrase_is_found(before: str, inside: str, after: str, pair: str) -> None:
    if pair in ("‘’",) and ("’" in inside or "'" in inside):
        return  # an apostrophe inside single marks is ambiguous to any reader
    text = f"{before} {pair[0]}{inside}{pair[1]} {after}"
    quotes = find_quotes(Document(text, "p", "txt", ""))
    assert inside in [q.text for q in quotes]

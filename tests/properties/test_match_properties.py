"""Properties of the matcher that must hold for any text."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from provenance.judge.verdicts import judge
from provenance.match.search import best_match, unchanged_match
from provenance.model import Citation, CitationHow, EditKind, PageText, Source, Status
from provenance.settings import Settings
from provenance.words.ellipsis import ELLIPSIS, may_elide
from provenance.words.normalize import keys, normalize, words
from tests.conftest import make_quote

WORD = st.text(alphabet="abcdeéíñoßﬁ0123456789", min_size=1, max_size=7).filter(
    lambda w: normalize(w) != "")
SEP = st.sampled_from([" ", "  ", "\n", ", ", ". ", " — ", " «", "» ", " (", ") "])


@st.composite
def texts(draw: st.DrawFn, min_words: int = 3, max_words: int = 40) -> tuple[str, list[int]]:
    """A text and where each of its words starts."""
    ws = draw(st.lists(WORD, min_size=min_words, max_size=max_words))
    out = ""
    starts = []
    for w in ws:
        out += draw(SEP) if out else ""
        starts.append(len(out))
        out += w
    return out, starts


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert keys(text) == list(words(text).keys)  # the index's fast path agrees


# Characters where the fast keys and the word pattern could part ways: breaks and soft
# hyphens, composition (decomposed accents, Hangul jamo), compatibility forms that fold
# into several characters or into capitals, apostrophes, digit separators.
TRICKY = st.lists(st.sampled_from([*"aeéÉßıİΣς1½²ﬁﬃ™℃ℌＡ１가ŉǅ",
    "e\u0301", "\u0301", "\u1100", "\u1161", "\u00ad", "-", "\u2010", "\u2011", "'", "’",
    ".", ",", ":", "…", " ", "\n", "\u00a0", "\u200b", "\u2060", "«", "»", "—", "\ufdfa",
    "\u00a8"]), max_size=40).map("".join)


@settings(max_examples=3000, deadline=None)
@given(TRICKY)
def test_fast_keys_agree_with_the_word_pattern(text: str) -> None:
    assert keys(text) == list(words(text).keys)


# Dots, whitespace and the brackets an ellipsis may stand in, among a few letters and digits.
DOTTED = st.lists(st.sampled_from([*".. .\n\t\u00a0[]()…a1", ". . .", "[...]"]),
                  max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(DOTTED)
def test_no_ellipsis_is_missed_by_the_quick_check(text: str) -> None:
    # The quick check only saves the pattern's cost: where it says no, the pattern agrees.
    if not may_elide(text):
        assert ELLIPSIS.search(text) is None


@settings(max_examples=200, deadline=None)
@given(texts(), st.data())
def test_exact_substring_is_found_with_its_span(page: tuple[str, list[int]],
                                                data: st.DataObject) -> None:
    text, _starts = page
    w = words(text)
    assume(len(w) >= 1)
    i = data.draw(st.integers(0, len(w) - 1))
    j = data.draw(st.integers(i, min(len(w) - 1, i + 12)))
    start, end = w.starts[i], w.ends[j]
    m = best_match(make_quote(text[start:end]), PageText(text, text))
    assert m is not None and m.edits == () and m.score == 100
    assert normalize(m.source_text) == normalize(text[start:end])
    assert m.span.slice(text) == m.source_text
    # The first place those words stand: the same span, or an earlier copy of them.
    assert m.span.start <= start
    if m.span.start == start:
        assert m.span.end == end
    src = Source(Citation("c", CitationHow.URL), text=PageText(text, text))
    assert judge(make_quote(text[start:end]), src, m, Settings()).status is Status.FOUND


@settings(max_examples=200, deadline=None)
@given(texts(), texts(1, 8))
def test_source_text_is_a_slice_of_the_searched_text(page: tuple[str, list[int]],
                                                     quote: tuple[str, list[int]]) -> None:
    text = page[0]
    full = "Headline " + quote[0][:5] + "\n" + text
    m = best_match(make_quote(quote[0]), PageText(text, full))
    if m is not None:
        searched = full if m.outside_body else text
        assert m.span.slice(searched) == m.source_text
        for e in m.edits:
            assert e.span is not None and 0 <= e.span.start <= e.span.end <= len(searched)


@settings(max_examples=200, deadline=None)
@given(texts(4, 30), st.data(), WORD)
def test_a_single_changed_word_is_never_found(page: tuple[str, list[int]],
                                              data: st.DataObject, new: str) -> None:
    text, _ = page
    w = words(text)
    assume(len(w) >= 2)
    i = data.draw(st.integers(0, len(w) - 2))
    j = data.draw(st.integers(i + 1, min(len(w) - 1, i + 10)))
    k = data.draw(st.integers(i, j))
    assume(normalize(new) != w.keys[k])
    quote = text[w.starts[i]:w.starts[k]] + new + text[w.ends[k]:w.ends[j]]
    # Unless the changed passage happens to stand elsewhere in the text, word for word.
    assume(f" {normalize(quote)} " not in f" {normalize(text)} ")
    src = Source(Citation("c", CitationHow.URL), text=PageText(text, text))
    m = best_match(make_quote(quote), PageText(text, text))
    assert judge(make_quote(quote), src, m, Settings()).status is not Status.FOUND


@settings(max_examples=200, deadline=None)
@given(texts(1, 12), texts(1, 4))
def test_found_agrees_with_a_brute_force_window(page: tuple[str, list[int]],
                                                quote: tuple[str, list[int]]) -> None:
    text, q = page[0], quote[0]
    keys, qkeys = words(text).keys, words(q).keys
    brute = any(keys[s:s + len(qkeys)] == qkeys for s in range(len(keys) - len(qkeys) + 1))
    m = best_match(make_quote(q), PageText(text, text))
    assert (m is not None and m.edits == ()) == brute


SMALL_WORD = st.sampled_from(["la", "el", "de", "que", "no", "un", "voto", "país", "3", "dijo"])


@settings(max_examples=300, deadline=None)
@given(st.lists(SMALL_WORD, min_size=20, max_size=60), st.data())
def test_anchored_shortcut_agrees_with_the_search(page_words: list[str], data) -> None:
    # Few distinct words, so heads and tails repeat and ties are frequent: whenever the
    # shortcut answers, the passage it reports differs from the quote in no more words than
    # the one the full search reports (on such pages it often finds a closer one than the
    # search's candidate regions hold; on the benchmark's real pages they are identical).
    from provenance.match.anchored import anchored_match
    from provenance.match.edits import words_differing
    from provenance.match.index import exact_match, page_of
    from provenance.match.items import QuoteWord, quote_items
    from provenance.match.search import _search

    text = " ".join(page_words)
    lo = data.draw(st.integers(0, len(page_words) - 8))
    hi = data.draw(st.integers(lo + 8, min(len(page_words), lo + 30)))
    quote = list(page_words[lo:hi])
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(quote) - 1))
        change = data.draw(st.sampled_from(["sub", "add", "drop", "swap"]))
        if change == "sub":
            quote[at] = data.draw(st.sampled_from(["votos", "paíz", "4", "nunca", "dijó"]))
        elif change == "add":
            quote.insert(at, data.draw(SMALL_WORD))
        elif change == "drop" and len(quote) > 6:
            del quote[at]
        elif at + 1 < len(quote):
            quote[at], quote[at + 1] = quote[at + 1], quote[at]
    items = quote_items(make_quote(" ".join(quote)))
    qwords = [i for i in items if isinstance(i, QuoteWord)]
    page = page_of(text)
    assume(exact_match([q.key for q in qwords], page) is None)  # answered before the shortcut
    shortcut = anchored_match(qwords, page)
    assume(shortcut is not None)
    searched = _search(items, qwords, page)
    assert searched is not None
    assert words_differing(list(shortcut.edits)) <= words_differing(list(searched.edits))


@settings(max_examples=150, deadline=None)
@given(st.lists(SMALL_WORD, min_size=8, max_size=40), st.data())
def test_small_and_large_alignments_agree(page_words: list[str], data) -> None:
    # The cell-by-cell alignment used for narrow regions and the numpy one used for wide
    # ones compute the same table: forcing either gives the same match.
    from provenance.match import align as alignment
    from provenance.match.index import page_of
    from provenance.match.items import quote_items

    text = " ".join(page_words)
    n = data.draw(st.integers(3, 12))
    quote = data.draw(st.lists(st.sampled_from([*set(page_words), "nunca", "…", "[él]"]),
                               min_size=n, max_size=n))
    assume(any(w not in ("…", "[él]") for w in quote))
    items = quote_items(make_quote(" ".join(quote)))
    page = page_of(text)
    got = []
    for small in (0, 10**6):
        old, alignment._SMALL = alignment._SMALL, small
        try:
            table = alignment.align(items, page, 0, len(page.words))
        finally:
            alignment._SMALL = old
        assert table is not None
        got.append((table.lists()[0], table.end, table.cost, alignment.traceback(items, table)))
    assert got[0] == got[1]


PLAIN = st.lists(st.text(alphabet="abcdefghijklmnop", min_size=2, max_size=6), min_size=3,
                 max_size=10).map(" ".join)


def _joined_verdict(page: str, quote: str):  # type: ignore[no-untyped-def]
    q = make_quote(quote)
    text = PageText(page, page)
    return judge(q, Source(Citation("c", CitationHow.URL), text=text), best_match(q, text),
                 Settings())


@settings(max_examples=150, deadline=None)
@given(PLAIN, PLAIN, st.sampled_from(["she said", "said Jane Roe, the mayor of the town",
                                      "dijo la ministra", "sagte er"]))
def test_two_passages_joined_across_their_attribution_are_found(
        first: str, second: str, said: str) -> None:
    page = f"Synthetic words before. “{first},” {said}. “{second}.” Words after."
    v = _joined_verdict(page, f"{first}. {second}")
    assert v.status is Status.FOUND
    assert v.match is not None and v.match.source_text.startswith(first)


@settings(max_examples=150, deadline=None)
@given(PLAIN, PLAIN, st.sampled_from(["and", "or else", "said Roe. Doe replied:"]),
       st.sampled_from(["", "\n"]))
def test_passages_joined_across_anything_else_are_not_found(
        first: str, second: str, between: str, paragraph: str) -> None:
    page = f"Synthetic words before. “{first},” {between}{paragraph} “{second}.” Words after."
    assume(normalize(f"{first} {second}") not in normalize(page))  # not verbatim anyway
    assert _joined_verdict(page, f"{first}. {second}").status is not Status.FOUND


@settings(max_examples=100, deadline=None)
@given(PLAIN, PLAIN)
def test_passages_in_two_paragraphs_are_not_joined(first: str, second: str) -> None:
    page = f"Synthetic words before. “{first},” she said.\n“{second}.” Words after."
    assume(normalize(f"{first} {second}") not in normalize(page))
    assert _joined_verdict(page, f"{first}. {second}").status is not Status.FOUND


@settings(max_examples=300, deadline=None)
@given(texts(min_words=5, max_words=60), texts(min_words=5, max_words=60),
       st.data())
def test_unchanged_match_is_best_match_when_that_has_no_differences(
        body: tuple[str, list[int]], full: tuple[str, list[int]], data: st.DataObject) -> None:
    main = body[0]
    page = PageText(main, data.draw(st.sampled_from([main, full[0] + " " + main, ""])))
    # A run of the body's words, often with one word changed, added or dropped, or a
    # passage of the fuller text: verbatim, close, or nowhere.
    source = data.draw(st.sampled_from([body, full]))
    start = data.draw(st.integers(0, len(source[1]) - 3))
    end = data.draw(st.integers(start + 3, len(source[1])))
    cut = source[0][source[1][start]: source[1][end] if end < len(source[1]) else None]
    change = data.draw(st.sampled_from(["", "word", "drop", "add", "quote marks"]))
    said = cut.split()
    if change == "word":
        said[len(said) // 2] = "zzz"
    elif change == "drop" and len(said) > 3:
        del said[len(said) // 2]
    elif change == "add":
        said.insert(len(said) // 2, "zzz")
    text = " ".join(said)
    if change == "quote marks":
        text = f"«{text}»"
    quote = make_quote(text)
    best = best_match(quote, page)
    unchanged = best is not None and not [e for e in best.edits
                                          if e.kind is not EditKind.BRACKETED]
    assert unchanged_match(quote, page) == (best if unchanged else None)

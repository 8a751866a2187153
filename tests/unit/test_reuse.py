"""Unquoted reuse: runs of words a document shares with a source, joined across small edits,
and the class of each passage. The texts here are synthetic."""

from __future__ import annotations

import random
import re

from provenance.model import Document, EditKind, Link, Quote, QuoteKind, ReuseKind, Span
from provenance.reuse import ReuseSource, find_reuse, shared_runs
from provenance.settings import Settings
from provenance.words.normalize import cut

# Synthetic source text (not from any real page).
SOURCE = ("The town council voted eleven to four on Friday to approve the expansion of the "
          "harbour, ending a debate that had divided the town since the autumn. The first "
          "phase is a deep-water quay that is expected to cost 48 million crowns and to open "
          "in the spring of 2028, according to the plans published by the council.")
URL = "https://courier.test/harbour"


def keys(text: str) -> tuple[str, ...]:
    return cut(text).keys


def doc(text: str, links: tuple[Link, ...] = ()) -> Document:
    return Document(text, "synthetic.md", "md", "0" * 64, links)


def reuse(text: str, quotes: tuple[Quote, ...] = (), credits: tuple[Span, ...] = (),
          links: tuple[Link, ...] = (), quoted: tuple[Span, ...] = ()):
    source = ReuseSource(URL, SOURCE, credits, (), quoted)
    return find_reuse(doc(text, links), quotes, [source], Settings())


def test_a_run_of_eight_words_is_reuse_and_seven_is_not() -> None:
    src = keys(SOURCE)
    eight = keys("Yesterday ending a debate that had divided the town, we heard.")
    seven = keys("Yesterday ending a debate that had divided the people.")
    [one] = shared_runs(eight, src)
    assert (one.doc_start, one.doc_end, one.words) == (1, 9, 8)
    assert src[one.src_start:one.src_end] == eight[1:9]
    assert shared_runs(seven, src) == []


def test_runs_a_changed_word_apart_join_into_one_passage() -> None:
    text = ("In short the first phase is a deep-water quay that is expected to cost 52 "
            "million crowns and to open in the spring of 2028, we hear.")
    [one] = shared_runs(keys(text), keys(SOURCE))
    assert one.doc_end - one.doc_start == len(keys(text)) - 2 - 2  # "In short", "we hear"
    assert one.words == one.doc_end - one.doc_start - 1  # all but the changed number


def test_a_word_added_or_dropped_between_runs_stays_in_the_passage() -> None:
    added = ("The first phase is a deep-water quay that is now expected to cost 48 million "
             "crowns and to open in the spring of 2028.")
    dropped = ("The first phase is a deep-water quay that is expected to cost 48 million "
               "crowns and open in the spring of 2028.")
    for text in (added, dropped):
        [one] = shared_runs(keys(text), keys(SOURCE))
        assert (one.doc_start, one.doc_end) == (0, len(keys(text)))


def test_runs_far_apart_in_the_source_stay_two_passages() -> None:
    text = ("The town council voted eleven to four on Friday to approve it. Then nothing "
            "for a long while here, and then: according to the plans published by the "
            "council.")
    assert len(shared_runs(keys(text), keys(SOURCE))) == 2


def test_an_unrelated_sentence_and_a_paraphrase_are_not_reuse() -> None:
    paraphrase = ("Councillors approved the harbour plan by eleven votes against four on "
                  "Friday, closing months of argument in the town.")
    unrelated = "The weather was mild for the season and the market opened early on Friday."
    assert shared_runs(keys(paraphrase), keys(SOURCE)) == []
    assert shared_runs(keys(unrelated), keys(SOURCE)) == []


def test_uncredited_passage_has_its_spans_and_edits() -> None:
    text = ("Local news. The first phase is a deep-water quay that is expected to cost 52 "
            "million crowns and to open in the spring of 2028.\n\nMore later.")
    [r] = reuse(text)
    assert r.kind is ReuseKind.UNCREDITED and r.url == URL
    assert r.span.slice(text).startswith("The first phase") and r.span.slice(text).endswith("2028")
    assert r.match.span.slice(SOURCE) == r.match.source_text
    assert r.match.source_text.startswith("The first phase")
    assert [(e.kind, e.quote, e.source) for e in r.match.edits] == [
        (EditKind.NUMBER_CHANGED, "52", "48")]
    assert r.match.edits[0].span.slice(SOURCE) == "48"


def test_a_passage_whose_paragraph_cites_the_source_is_credited() -> None:
    para = ("The town council voted eleven to four on Friday to approve the expansion of the "
            "harbour (The Courier).")
    text = f"{para}\n\nA second paragraph with nothing borrowed in it at all."
    credit = Span(text.index("The Courier"), text.index("The Courier") + 11)
    assert reuse(text, credits=(credit,))[0].kind is ReuseKind.CREDITED
    link = Link(URL, credit, "The Courier", "markdown")
    assert reuse(text, links=(link,))[0].kind is ReuseKind.CREDITED
    # A credit in another paragraph does not credit this one.
    far = f"{text}\n\nSee The Courier."
    other = Span(far.rindex("The Courier"), far.rindex("The Courier") + 11)
    assert reuse(far, credits=(other,))[0].kind is ReuseKind.UNCREDITED


def test_words_in_quote_marks_are_not_reuse() -> None:
    inner = "the first phase is a deep-water quay that is expected to cost 48 million crowns"
    text = f"She said “{inner}” and left."
    q = Quote(inner, Span(text.index(inner), text.index(inner) + len(inner)), 1, 10,
              QuoteKind.QUOTATION, "“”")
    assert reuse(text, quotes=(q,)) == ()
    assert len(reuse(text)) == 1  # (the same words with no quotation there are reuse)


def test_words_the_document_quotes_elsewhere_are_quoted_elsewhere() -> None:
    text = ("The first phase is a deep-water quay that is expected to cost 48 million crowns, "
            "the paper says.")
    at = SOURCE.index("deep-water quay")
    [r] = reuse(text, quoted=(Span(at, at + 40),))
    assert r.kind is ReuseKind.QUOTED_ELSEWHERE


def test_reuse_minimum_is_a_setting() -> None:
    text = "Yesterday ending a debate that had divided the people."  # seven words shared
    source = ReuseSource(URL, SOURCE)
    assert find_reuse(doc(text), (), [source], Settings()) == ()
    assert len(find_reuse(doc(text), (), [source], Settings(reuse_min_words=7))) == 1


def test_a_word_for_word_passage_has_the_match_the_aligner_would_give() -> None:
    # Word for word, the passage is not aligned again: its match must be the aligner's.
    from provenance.reuse.find import _aligned
    from provenance.reuse.runs import Shared

    text = ("In other news, the first phase is a deep-water quay that is expected to cost 48 "
            "million crowns, we hear.")
    (r,) = reuse(text)
    d, s = cut(text), cut(SOURCE)
    i, j = d.starts.index(r.span.start), s.starts.index(r.match.span.start)
    n = d.ends.index(r.span.end) + 1 - i
    assert r.match == _aligned(text, d, Shared(i, i + n, j, j + n, n), SOURCE, r.match.span)
    assert r.match.score == 100.0 and r.match.edits == ()


def _kind_by_scanning(document: Document, span: Span, src_span: Span, source: ReuseSource,
                      quotes: tuple[Quote, ...]) -> ReuseKind:
    """The classing rule written as plain scans over the whole document (what the sorted
    lookups replace), to hold them to the same answers."""
    if any(q.start < src_span.end and src_span.start < q.end for q in source.quoted):
        return ReuseKind.QUOTED_ELSEWHERE
    if any(q.span.start <= span.end and span.start <= q.span.end for q in quotes):
        return ReuseKind.QUOTED_ELSEWHERE
    paragraphs, start = [], 0
    for m in re.finditer(r"\n[^\S\n]*\n\s*", document.text):
        paragraphs.append(Span(start, m.start()))
        start = m.end()
    paragraphs.append(Span(start, len(document.text)))
    para = next((p for p in paragraphs if p.start <= span.start < max(p.end, p.start + 1)),
                Span(0, len(document.text)))
    lo, hi = min(para.start, span.start), max(para.end, span.end)
    urls = {source.url, *source.urls}
    if any(lo <= c.start < hi for c in source.credits) or any(
            link.url in urls and lo <= link.span.start < hi for link in document.links):
        return ReuseKind.CREDITED
    return ReuseKind.UNCREDITED


def test_many_passages_are_classed_as_a_scan_of_the_whole_document_would() -> None:
    # A synthetic document of 300 paragraphs, each reusing a stretch of SOURCE, with links,
    # credits, quotations and quoted source passages scattered over them at random.
    rng = random.Random(5)
    words = SOURCE.split()
    parts, links, credits, quotes = [], [], [], []
    at = 0
    for _ in range(300):
        first = rng.randrange(0, len(words) - 12)
        body = "Filler words here. " + " ".join(words[first:first + rng.randrange(9, 14)])
        roll = rng.random()
        if roll < 0.2:
            links.append(Link(URL if rng.random() < 0.5 else "https://other.test/",
                              Span(at + 2, at + 8)))
        elif roll < 0.35:
            credits.append(Span(at, at + 6))
        elif roll < 0.5:
            quote_at = at + rng.randrange(0, len(body))
            quotes.append(Quote(body[:5],
                                Span(quote_at, quote_at + 5), 1, 1, QuoteKind.QUOTATION))
        parts.append(body)
        at += len(body) + 2
    text = "\n\n".join(parts)
    quoted = tuple(Span(s, s + 20) for s in rng.sample(range(len(SOURCE) - 20), 3))
    document = doc(text, tuple(links))
    source = ReuseSource(URL, SOURCE, tuple(credits), (), quoted)
    found = find_reuse(document, tuple(quotes), [source], Settings())
    assert len(found) > 200
    kinds = {r.kind for r in found}
    assert {ReuseKind.CREDITED, ReuseKind.UNCREDITED, ReuseKind.QUOTED_ELSEWHERE} <= kinds
    for r in found:
        assert r.kind == _kind_by_scanning(document, r.span, r.match.span, source,
                                           tuple(quotes)), r


# --- one passage per stretch, however many sources hold it ----------------------------------

SECOND = ("In other news the ferry to the island was cancelled again. The first phase is a "
          "deep-water quay that is expected to cost 48 million crowns, a reader wrote.")
THIRD = ("Letters: the first phase is a deep-water quay that is expected to cost 48 million "
         "crowns and to open in the spring of 2028, according to the plans published by "
         "the council, which many doubt.")
BORROWED = ("Local news. The first phase is a deep-water quay that is expected to cost 48 "
            "million crowns and to open in the spring of 2028.\n\nMore later.")


def test_a_stretch_many_sources_hold_is_one_passage_with_the_longest_run() -> None:
    sources = [ReuseSource("https://a.test/1", SECOND), ReuseSource(URL, SOURCE),
               ReuseSource("https://c.test/3", THIRD)]
    [r] = find_reuse(doc(BORROWED), (), sources, Settings())
    # SOURCE and THIRD both hold the whole sentence; SOURCE comes first among them.
    assert r.url == URL and r.span.slice(BORROWED).endswith("spring of 2028")
    assert r.others == 2 and set(r.also) == {"https://a.test/1", "https://c.test/3"}
    # The one holding fewer words is named last.
    assert r.also[-1] == "https://a.test/1"


def test_the_credited_source_is_the_one_reported() -> None:
    text = BORROWED.replace("2028.", "2028 (see the letters page).")
    credit = Span(text.index("the letters page"), text.index("the letters page") + 16)
    sources = [ReuseSource(URL, SOURCE), ReuseSource("https://c.test/3", THIRD, (credit,))]
    [r] = find_reuse(doc(text), (), sources, Settings())
    assert r.url == "https://c.test/3" and r.kind is ReuseKind.CREDITED
    assert r.others == 1 and r.also == (URL,)


def test_next_stretches_from_different_sources_stay_two_passages() -> None:
    other = ("Synthetic page. Dockworkers walked out at dawn on Monday over the new shift "
             "rota and the pay talks that stalled in March.")
    text = ("The town council voted eleven to four on Friday to approve the expansion of the "
            "harbour. Dockworkers walked out at dawn on Monday over the new shift rota and "
            "the pay talks.")
    sources = [ReuseSource(URL, SOURCE), ReuseSource("https://d.test/4", other)]
    found = find_reuse(doc(text), (), sources, Settings())
    assert [(r.url, r.others) for r in found] == [(URL, 0), ("https://d.test/4", 0)]
    assert found[0].span.end <= found[1].span.start


def test_a_phrase_every_source_holds_is_reported_once_and_counted() -> None:
    pages = [ReuseSource(f"https://p{i}.test/", f"Synthetic page {i}. {SOURCE}")
             for i in range(40)]
    [r] = find_reuse(doc(BORROWED), (), pages, Settings())
    assert r.others == 39 and len(r.also) == 3 and r.url not in r.also


def test_a_document_cut_in_chunks_has_the_words_of_one_cut() -> None:
    from provenance.reuse.find import _cut

    text = ("Ünïcode wörds, FRAUD1 and ½ here.\n\nA line broken by a hyph-\n\nen stays whole. "
            + "\n\n".join(SOURCE for _ in range(5)) + "\n\n\nEnd")
    whole = cut(text)
    for chunk in (1, 10, 50, 400, 1 << 18):
        got = _cut(text, chunk)
        assert got.keys == whole.keys
        assert (list(got.starts), list(got.ends)) == (list(whole.starts), list(whole.ends))


def test_a_full_vocabulary_is_replaced_between_documents(monkeypatch) -> None:
    from provenance.reuse import pooled

    monkeypatch.setattr(pooled, "_VOCABULARY_CAP", 5)
    first = pooled.vocabulary()
    assert [r.span for r in reuse(BORROWED)] == [r.span for r in reuse(BORROWED)]
    assert pooled.vocabulary() is not first and len(reuse(BORROWED)) == 1


def test_documents_checked_in_threads_find_what_they_find_alone() -> None:
    from concurrent.futures import ThreadPoolExecutor

    texts = [BORROWED, SECOND, THIRD, BORROWED.replace("48", "52")] * 4
    alone = [reuse(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(reuse, texts)) == alone

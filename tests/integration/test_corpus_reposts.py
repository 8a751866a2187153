"""Synthetic reposts of real corpus pages against the page as their original: word for word,
with a sentence added, one dropped, a word changed, a number changed, and a paraphrase that
must not count as the sentence it rewords.

The pages are read from the shared corpus at run time (skipped when absent), their main text
extracted as a check extracts it; every repost is made from it here, at run time, and the
added sentence says it is synthetic. Nothing of the corpus is copied into the project.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from functools import cache

import pytest

from provenance.model import Original, RepostKind, SentenceChange, Snapshot, Span
from provenance.reuse import compare_original
from provenance.reuse.original import sentence_spans
from provenance.text.extract import extract_text
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "trafilatura-eval"
PAGES = ("bbc.com.52241221.html", "abc7news.com-Napa.html", "abc13.com-Copperfield.html")
ADDED = "This sentence was added to a synthetic repost, for a test, and is in no page."
URL = "https://original.test/page"
NUMBER = r"(?<![\w.,:'’-])\d{1,4}(?![\w.,:'’-])"  # a number standing as a word of its own

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not here")


@cache
def _main_text(file: str) -> str:
    entries = json.loads((CORPUS / "annotations.json").read_text(encoding="utf-8"))
    url = next(u for u, e in entries.items() if e["file"] == file)
    body = (CORPUS / "html" / file).read_bytes()
    snap = Snapshot(url, url, 200, "text/html", dt.datetime.now(dt.UTC),
                    hashlib.sha256(body).hexdigest(), body)
    return extract_text(snap).main


def _repost(text: str) -> str:
    return f"Source: {URL}\n\n{text}"


def _compare(repost: str, original: str) -> Original:
    # The "Source:" line the repost opens with is where it names its original, not text.
    return compare_original(_repost(repost), original, URL, [Span(0, 6)])


def _sentence(text: str, want: str = r"\w{5,}") -> tuple[int, int]:
    """A sentence from the middle of the page's text with at least 12 words and a match
    for ``want``: its span."""
    spans = sentence_spans(text)
    middle = sorted(spans, key=lambda s: abs(s.start - len(text) // 2))
    for s in middle:
        words = s.slice(text).split()
        if len(words) >= 12 and "\n" not in s.slice(text) and re.search(want, s.slice(text)):
            return s.start, s.end
    pytest.skip(f"no sentence of 12 words matching {want!r}")


@pytest.fixture(params=PAGES)
def page(request: pytest.FixtureRequest) -> str:
    text = _main_text(request.param)
    assert len(sentence_spans(text)) >= 8, request.param
    return text


def _changes(got: Original) -> list[str]:
    return [d.change.value for d in got.sentences]


def test_a_verbatim_repost_is_faithful(page: str) -> None:
    got = _compare(page, page)
    assert got.kind is RepostKind.FAITHFUL and got.sentences == ()
    assert got.original_share == 1.0 and got.document_share == 1.0


def test_a_sentence_dropped_and_one_added_are_each_reported(page: str) -> None:
    a, b = _sentence(page)
    dropped = page[a:b]
    got = _compare(page[:a] + page[b:].lstrip(" "), page)
    assert _changes(got) == ["dropped"]
    assert got.sentences[0].original.slice(page) == dropped
    got = _compare(page[:b] + " " + ADDED + page[b:], page)
    assert _changes(got) == ["added"]
    assert got.sentences[0].document.slice(_repost(page[:b] + " " + ADDED + page[b:])) == ADDED
    assert got.kind is RepostKind.CHANGED
    assert got.original_share == 1.0 and got.document_share < 1.0


def test_a_word_changed_is_a_sentence_changed_with_its_edit(page: str) -> None:
    a, b = _sentence(page)
    word = max(re.findall(r"\b[a-z]{5,}\b", page[a:b]), key=len)
    changed = page[a:b].replace(word, "zzyzx", 1)
    got = _compare(page[:a] + changed + page[b:], page)
    assert _changes(got) == ["changed"]
    assert [(e.quote, e.source) for e in got.sentences[0].edits] == [("zzyzx", word)]


def test_a_number_changed_is_a_number_edit(page: str) -> None:
    a, b = _sentence(page, NUMBER)
    number = re.search(NUMBER, page[a:b])
    assert number is not None
    other = str(int(number.group()) + 7)
    changed = page[a:a + number.start()] + other + page[a + number.end():b]
    got = _compare(page[:a] + changed + page[b:], page)
    assert _changes(got) == ["changed"]
    (edit,) = got.sentences[0].edits
    assert edit.kind.value == "number-changed"
    assert (edit.quote, edit.source) == (other, number.group())


def test_a_paraphrase_does_not_count_as_the_sentence_it_rewords(page: str) -> None:
    # Synthetic paraphrase: every other word reworded and the halves swapped; what it says
    # may be the same, but it shares too few words in order to be that sentence changed.
    # It is one sentence still: it begins with a capital and ends with a full stop.
    a, b = _sentence(page)
    words = page[a:b].rstrip(".!?\"”’' ").split()
    reworded = [w if i % 2 else f"reworded{i}" for i, w in enumerate(words)]
    half = len(reworded) // 2
    paraphrase = "Reworded " + " ".join(reworded[half:] + reworded[:half]) + "."
    got = _compare(page[:a] + paraphrase + page[b:], page)
    assert sorted(_changes(got)) == ["added", "dropped"]
    assert got.kind is RepostKind.CHANGED
    assert SentenceChange.CHANGED not in {d.change for d in got.sentences}

"""Alignment: exact search after normalisation, spans in the original, main before full."""

from __future__ import annotations

import pytest

from provenance.match.search import best_match
from provenance.model import EditKind, PageText
from provenance.words.normalize import cut, keys, normalize
from tests.conftest import make_quote

SOURCE = ("Synthetic test page. The minister said on Tuesday that the plan “will not raise "
          "taxes” this year, and that 25 new schools would open.")


@pytest.mark.parametrize("text", [
    "the plan will not raise taxes",
    "The plan \"will not raise taxes\"",
    "THE PLAN WILL NOT  RAISE\ntaxes",
])
def test_typographic_differences_match_exactly(text: str) -> None:
    m = best_match(make_quote(text), PageText(SOURCE, SOURCE))
    assert m is not None and m.edits == () and m.score == 100
    assert m.source_text == "the plan “will not raise taxes"
    assert m.span.slice(SOURCE) == m.source_text


def test_normalize_folds_glyphs_case_and_spaces() -> None:
    assert normalize("“Señor”  D\u00ADE-\nMO  ﬁnal l’été") == "señor demo final l'été"


def test_outside_body_only_when_absent_from_main() -> None:
    full = "Headline Of The Day. " + SOURCE
    m = best_match(make_quote("Headline of the day"), PageText(SOURCE, full))
    assert m is not None and m.outside_body and m.source_text == "Headline Of The Day"
    m = best_match(make_quote("25 new schools"), PageText(SOURCE, full))
    assert m is not None and not m.outside_body


def test_nothing_to_search_gives_none() -> None:
    assert best_match(make_quote("anything"), PageText("", "")) is None
    assert best_match(make_quote("…"), PageText(SOURCE, SOURCE)) is None


@pytest.mark.parametrize(("source", "text"), [
    ("the gov\u00adern\u00adment said", "the government said"),  # soft hyphens
    ("the govern-\nment said", "the government said"),  # hyphenation at a line end
    ("the govern-\n  ment said", "the government said"),
    ("a ﬁnal ofﬁce", "a final office"),  # ligatures
    ("cafe\u0301 olé", "café olé"),  # decomposed accent
    ("l’été — «dijo» ya", "l'été - \"dijo\" ya"),  # apostrophe, dash and quote glyphs
    ("দেশে যায়", "দেশে যায়"),  # Bengali: য় precomposed on one side only
    ("zero\u200bwidth", "zerowidth"),
    ("ＦＵＬＬ width", "full width"),
])
def test_typographic_forms_are_one_word(source: str, text: str) -> None:
    m = best_match(make_quote(text), PageText(source, source))
    assert m is not None and m.edits == ()
    assert m.source_text == source  # the source's own characters, soft hyphens and all


def test_words_joined_by_hyphenation_map_back_to_both_lines() -> None:
    source = "Synthetic test page. The inter-\nnational court ruled."
    m = best_match(make_quote("international court"), PageText(source, source))
    assert m is not None and m.source_text == "inter-\nnational court"


@pytest.mark.parametrize(("source", "text"), [
    ("una casa", "una cosa"),
    ("el 25 de mayo", "el 26 de mayo"),
    ("no lo dijo", "no le dijo"),
])
def test_one_changed_word_is_an_edit(source: str, text: str) -> None:
    m = best_match(make_quote(text), PageText(source, source))
    assert m is not None and len(m.edits) == 1


def test_quotes_with_gaps_whose_runs_stand_verbatim() -> None:
    # Answered without a search (each run stands once, in order): what the gaps leave out
    # or stand for is reported as by the full alignment.
    page = ("Synthetic test page. The council met on Monday and after a long debate the "
            "members approved the new budget for the coming year, said the mayor of the town.")
    text = PageText(page, page)
    m = best_match(make_quote("The council met on Monday … approved the new budget for the coming"),
                   text)
    assert m is not None and m.score == 100.0 and not m.edits
    assert m.elided == ("and after a long debate the members",)
    assert m.source_text.startswith("The council met") and m.source_text.endswith("coming")
    m = best_match(make_quote("[The board] approved the new budget for the coming year"), text)
    assert m is not None and [(e.kind.value, e.quote, e.source) for e in m.edits] == [
        ("bracketed", "[The board]", "the members")]
    m = best_match(make_quote("approved the new budget for the coming year, said [the official]"),
                   text)
    assert m is not None and [(e.kind.value, e.source) for e in m.edits] == [
        ("bracketed", "the mayor")]


@pytest.mark.parametrize("text", [
    "Plain words, with commas; and (parentheses) «guillemets» — dashes…",
    "ASCII next-of-kin don't 3,5 1.000.000 12:30 end.",
    "Nicht ganz: zwe\u00adite Version, C\u2019est l\u2019été, ﬁn ½ ＡＢＣ",
    "a hyphenated intern-\n  ational word and a line-\nbreak",
    "W trakcie rozmowy z osobą korzys-\ntającą z wózka, Cha-\ntham and 1-\n2.5",
    "a soft hyphen at a line end is no join: ab\u00ad\ncd, a-\u00ad\nb, a\u00ad-\nb",
    "breaks the fast split leaves alone: e\u0301-\nb, e-\n\u0301x, \u1100-\n\u1161, a-\n-b",
    "two breaks ab\u2010 \n  cd-\n\nef, and (x-\ny) “intern-\national” 12:3-\n0",
    "word—word word/word a_b [x] “quoted” ¿qué? ¡sí!",
    "NFD: e\u0301te\u0301, ১২ কুষ্টিয়া-১ (দৌলতপুর)",
    "",
    "   ",
])
def test_fast_keys_agree_with_the_word_cutter(text: str) -> None:
    """The whitespace-split fast path of ``keys`` gives what cutting the text gives."""
    assert keys(text) == list(cut(text).keys)


def test_brackets_the_source_prints_itself_are_its_words_not_an_insertion() -> None:
    # Synthetic: the page prints its own editorial brackets; a quote that copies them but
    # leaves out the word before them differs from it (the brackets stand for nothing).
    text = "Traffic was stopped again eastbound [on 56th], the police said on Monday."
    page = PageText(text, text)
    dropped = best_match(make_quote("again [on 56th],"), page)
    assert dropped is not None
    assert [(e.kind, e.source) for e in dropped.edits] == [(EditKind.WORD_DROPPED, "eastbound")]
    whole = best_match(make_quote("again eastbound [on 56th],"), page)
    assert whole is not None and whole.edits == ()
    # Brackets the page does not print are still the quoter's insertion.
    other = PageText("Traffic was stopped again on 56th Street", "")
    inserted = best_match(make_quote("stopped again [eastbound on 56th]"), other)
    assert inserted is not None
    assert [e.kind for e in inserted.edits] == [EditKind.BRACKETED]

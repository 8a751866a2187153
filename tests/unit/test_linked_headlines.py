"""A related headline inside a page's stated article body (JSON-LD ``articleBody``) that the
page shows as a link to another article is a teaser; a sentence of the article is not.
Every snippet and page here is synthetic."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from provenance.model import Snapshot
from provenance.text.extract import extract_text
from provenance.text.linked import drop_linked_headlines, link_texts

PAGE = "https://diario-del-puerto.example/a"
HEADLINE = "Synthetic port reopens two weeks early after repairs"


@pytest.mark.parametrize("source", [
    # markup, attributes after the address and a tag inside the link
    f'<h3><a href="https://other.example/b" class="x y"><span>{HEADLINE}</span></a></h3>',
    # a serialised tree the page's scripts render from
    '<script>window.__STATE__ = {"type":"h3","children":[{"type":"a","attribs":{"href":'
    f'"https://other.example/b","target":"_blank"}},"children":[{{"type":"text","data":'
    f'{json.dumps(HEADLINE)}}}]}}]}};</script>',
    # the same tree as a string inside a script, its quotes and slashes escaped
    '<script>var s = "{\\"href\\":\\"https:\\/\\/other.example\\/b\\"},\\"children\\":'
    f'[{{\\"data\\":\\"{HEADLINE}\\"}}]";</script>',
])
def test_a_links_text_is_read_from_markup_and_from_script_data(source: str) -> None:
    assert HEADLINE in link_texts(f"<html><body>{source}</body></html>", PAGE)


@pytest.mark.parametrize("source", [
    f'<p><a href="{PAGE}">{HEADLINE}</a></p>',  # the page itself
    f'<p><a href="#top">{HEADLINE}</a></p>',  # a place on it
    f'<script type="application/ld+json">{{"url": "https://other.example/b", '
    f'"href": "https://other.example/b", "headline": "{HEADLINE}"}}</script>',  # JSON-LD
    '<p><a href="https://other.example/b">Two words</a></p>',  # a button, not a headline
    f'<p><a href="https://other.example/b">Intro</a> and then {HEADLINE}</p>',  # after a link
])
def test_links_to_this_page_json_ld_buttons_and_text_after_a_link_are_not_counted(
        source: str) -> None:
    assert HEADLINE not in link_texts(f"<html><body>{source}</body></html>", PAGE)


@pytest.mark.parametrize(("body", "kept"), [
    # between two sentences, no stop of its own
    (f"The mayor spoke on Monday. {HEADLINE} The works will take six weeks.",
     "The mayor spoke on Monday. The works will take six weeks."),
    # its label goes with it
    (f"The mayor spoke on Monday. Read: {HEADLINE} The works will take six weeks.",
     "The mayor spoke on Monday. The works will take six weeks."),
    (f"El alcalde habló el lunes. Le puede interesar: {HEADLINE} Las obras durarán semanas.",
     "El alcalde habló el lunes. Las obras durarán semanas."),
    # a line of its own
    (f"First paragraph.\n{HEADLINE}\nSecond paragraph.",
     "First paragraph.\n\nSecond paragraph."),
])
def test_a_linked_headline_standing_between_sentences_is_taken_out(body: str, kept: str) -> None:
    assert drop_linked_headlines(body, {HEADLINE}) == kept


@pytest.mark.parametrize("body", [
    # inside a sentence: the article's words, with a link on them
    f"The council said that {HEADLINE} was good news for the fishermen.",
    f"The mayor spoke on Monday. {HEADLINE}, he said, is good news.",
    f"The mayor spoke on Monday. {HEADLINE} and the fishermen agreed.",
])
def test_a_linked_phrase_inside_a_sentence_is_kept(body: str) -> None:
    assert drop_linked_headlines(body, {HEADLINE}) == body


def test_a_whole_sentence_that_is_a_link_is_still_the_articles_sentence() -> None:
    sentence = "The port reopened two weeks early after the repairs."
    body = f"The mayor spoke on Monday. {sentence} The works took six weeks."
    assert drop_linked_headlines(body, {sentence}) == body


def test_a_related_headline_in_a_stated_body_is_outside_the_main_text() -> None:
    sentences = " ".join(f"Sentence {i} of the synthetic article the page states whole." for i in
                         range(40))
    stated = (f"{sentences} The mayor said the works would take six weeks. {HEADLINE} "
              "The fishermen met on Tuesday to talk about the repairs.")
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", '
          f'"articleBody": {json.dumps(stated)}}}</script>')
    tree = ('<script>window.__STATE__ = {"children":[{"type":"a","attribs":{"href":'
            '"https://diario-del-puerto.example/other","target":"_blank"},"children":'
            f'[{{"type":"text","data":{json.dumps(HEADLINE)}}}]}}]}};</script>')
    shown = ("Synthetic test page: the port's mayor speaks at a televised debate in the city "
             "on 29 December, before the vote. A synthetic archive photo and its caption.")
    page = (f"<!DOCTYPE html><html><head><title>Synthetic test page</title>{ld}</head>"
            f"<body><article><p>{shown}</p><p>{shown}</p><p>{shown}</p></article>{tree}"
            "</body></html>")
    body = page.encode("utf-8")
    when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    text = extract_text(Snapshot(PAGE, PAGE, 200, "text/html", when,
                                 hashlib.sha256(body).hexdigest(), body))
    assert "The mayor said the works would take six weeks. The fishermen met" in text.main
    assert HEADLINE not in text.main

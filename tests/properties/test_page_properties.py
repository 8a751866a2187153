"""Fuzzing the page reader: synthetic pages built from the markup real pages use (teaser
labels, related boxes, comments and processing instructions between blocks, JSON-LD with an
articleBody, paywall markers) and from arbitrary bytes. Whatever the page, reading it gives a
``PageText``, never an exception."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.model import PageText, Snapshot
from provenance.text import extract_text

_WORDS = st.sampled_from(["the", "minister", "said", "on", "Tuesday", "señor", "Muñoz",
                          "Lee también:", "Read more:", "PUEDES VER:", "Related:", "captcha",
                          "Subscribe", "«", "»", "“", "”", ".", "\u00a0", "&amp;", "&#x0;",
                          "<", ">", "]]>"])
_TEXT = st.one_of(st.lists(_WORDS, max_size=30).map(" ".join), st.text(max_size=40))
_HREF = st.sampled_from(["https://synthetic.example/other-story", "/local", "#top", "",
                         "javascript:void(0)", "https://synthetic.example/page"])
_ODD = st.sampled_from(["<!-- a comment -->", "<?php echo 1 ?>", "<?xml-stylesheet x?>",
                        "<![CDATA[ x ]]>", "<!DOCTYPE html>", "</p>", "<br>", "<hr/>",
                        "<script>var recaptcha = 1;</script>", "<style>p{}</style>",
                        "<svg><text>x</text></svg>", "<template><p>x</p></template>"])
_TAGS = st.sampled_from(["p", "div", "h1", "h2", "h3", "ul", "li", "aside", "section",
                         "article", "header", "footer", "nav", "figure", "figcaption",
                         "blockquote", "span", "strong", "table", "td"])
_CLASSES = st.sampled_from(["", "related", "paywall", "teaser", "com-subhead --bajada",
                            "mol-factbox", "caption", "newsletter", "article-body"])


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda tag, cls, inner: f'<{tag} class="{cls}">{"".join(inner)}</{tag}>',
                     _TAGS, _CLASSES, st.lists(children, max_size=5))


_LEAF = st.one_of(_TEXT, _ODD, st.builds(lambda h, t: f'<a href="{h}">{t}</a>', _HREF, _TEXT))
_MARKUP = st.recursive(_LEAF, _element, max_leaves=40)
_LD = st.builds(lambda body, free: json.dumps({"@type": "NewsArticle", "articleBody": body,
                                               "isAccessibleForFree": free}),
                _TEXT, st.sampled_from([True, False, "False", None]))


def _page(body: bytes, url: str = "https://synthetic.example/page") -> Snapshot:
    return Snapshot(url=url, final_url=url, status=200, content_type="text/html",
                    fetched_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    sha256=hashlib.sha256(body).hexdigest(), body=body)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_MARKUP, min_size=1, max_size=8), ld=st.one_of(st.none(), _LD),
       title=_TEXT)
def test_any_synthetic_markup_reads_to_a_page_text(parts: list[str], ld: str | None,
                                                   title: str) -> None:
    script = f'<script type="application/ld+json">{ld}</script>' if ld else ""
    html = (f"<html><head><title>{title}</title>{script}</head>"
            f"<body>{''.join(parts)}</body></html>")
    page = extract_text(_page(html.encode("utf-8")))
    assert isinstance(page, PageText)
    assert isinstance(page.main, str) and isinstance(page.full, str)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=4_000))
def test_any_bytes_read_to_a_page_text(body: bytes) -> None:
    assert isinstance(extract_text(_page(body)), PageText)


def test_a_label_before_a_processing_instruction_is_read() -> None:
    # A teaser label, then markup with no text, then the box it labels: found while
    # fuzzing, it once stopped the reader.
    html = ('<html><body><article><p>LEE TAMBIÉN</p><?pi x?>'
            '<div><a href="https://synthetic.example/other">Another story</a></div>'
            f'<p>{"Synthetic article text of a normal length. " * 20}</p></article></body></html>')
    page = extract_text(_page(html.encode("utf-8")))
    assert "Synthetic article text" in page.main
    assert "Another story" not in page.main

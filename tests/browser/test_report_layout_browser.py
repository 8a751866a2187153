"""The HTML report in a real headless Chromium: a bidi override in a quote stays inside the
quote, and the run manifest's table wraps between words on a narrow screen."""

from __future__ import annotations

import dataclasses

import pytest

from provenance.model import Span
from provenance.report.html import to_html
from tests.unit.test_report_cases import sample_report

pytestmark = pytest.mark.browser

RLO = "\u202e"
URL = "https://harbour-gazette.example/2026/03/quay-stays-open"

# For each two neighbouring characters of ``words`` (in the first text node inside
# ``selector`` holding them) drawn on one line: whether the second stands right of the first.
_ORDER = """
const [selector, words] = arguments;
for (const root of document.querySelectorAll(selector)) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at < 0) continue;
    const box = i => { const r = document.createRange(); r.setStart(node, i);
                       r.setEnd(node, i + 1); return r.getBoundingClientRect(); };
    const out = {ltr: 0, rtl: 0};
    for (let i = at; i + 1 < at + words.length; i++) {
      const a = box(i), b = box(i + 1);
      if (Math.abs(a.top - b.top) > 1) continue;  // a line break between them
      out[b.left > a.left ? "ltr" : "rtl"] += 1;
    }
    return out;
  }
}
return null;
"""


def _reads_left_to_right(browser, selector: str, words: str) -> bool:
    where = browser.execute_script(_ORDER, selector, words)
    assert where is not None, f"{words!r} not in {selector}"
    assert where["ltr"] + where["rtl"] >= len(words) // 2, where  # mostly on one line
    return where["rtl"] == 0


def _override_report():  # type: ignore[no-untyped-def]
    """The sample's first quotation with a RIGHT-TO-LEFT OVERRIDE inside it, and the cited
    URL right after it in the document, as a blog post would write it."""
    report = sample_report()
    first = report.verdicts[0]
    words = f"the harbour will {RLO}stay open to every fishing boat"
    before = "Synthetic test document.\n\nThe Gazette wrote that “"
    text = before + words + f"” ({URL}) last week.\n"
    quote = dataclasses.replace(first.quote, text=words,
                                span=Span(len(before), len(before) + len(words)),
                                locations=())
    document = dataclasses.replace(report.document, text=text)
    return dataclasses.replace(report, document=document,
                               verdicts=(dataclasses.replace(first, quote=quote),))


def test_an_override_in_a_quote_does_not_reverse_the_rest_of_the_card(browser, pages,
                                                                       artifacts) -> None:
    browser.get(pages.add("/override.html", to_html(_override_report())))
    # The URL after the quote in the document's own words, the cited URL and the capture's
    # final URL all still read left to right.
    assert _reads_left_to_right(browser, "#q1 p.context", URL)
    assert _reads_left_to_right(browser, "#q1 .cited ~ dl a", URL)
    assert _reads_left_to_right(browser, "#q1 p.context", "last week")
    # The override is kept, inside the quote, and shown: its mark reads as written.
    assert _reads_left_to_right(browser, "#q1 blockquote .ctl", "\\u202e")
    assert browser.execute_script(
        "return document.querySelector('#q1 blockquote').textContent.includes('\u202e')")
    browser.save_screenshot(str(artifacts / "report-override.png"))


def test_control_the_same_override_unisolated_reverses_what_follows(browser, pages) -> None:
    """Without the isolation the check above could not fail: here the URL is reversed."""
    page = ("<!DOCTYPE html><html><head><meta charset=utf-8></head><body>"
            f"<p class=context>The Gazette wrote that <mark>the harbour will {RLO}stay open"
            f"</mark> ({URL}) last week.</p></body></html>")
    browser.get(pages.add("/unisolated.html", page))
    assert not _reads_left_to_right(browser, "p.context", URL)


def test_manifest_table_wraps_between_words_on_a_narrow_screen(browser, pages,
                                                              artifacts) -> None:
    browser.get(pages.add("/report.html", to_html(sample_report())))
    browser.set_window_size(480, 900)
    try:
        lines = browser.execute_script("""
            const out = {};
            for (const cell of document.querySelectorAll(
                    'table.manifest th, table.manifest td:not(.url)')) {
              const text = cell.textContent.trim();
              if (!text) continue;
              const r = document.createRange(); r.selectNodeContents(cell);
              // One rectangle per line box the words fill.
              const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
              out[text] = Math.max(out[text] || 0, tops.size);
            }
            return out;""")
        fits = browser.execute_script(
            "const t = document.querySelector('table.manifest');"
            "return t.getBoundingClientRect().right <= document.documentElement.clientWidth;")
        browser.save_screenshot(str(artifacts / "report-manifest-narrow.png"))
    finally:
        browser.set_window_size(1280, 900)
    words = {k: v for k, v in lines.items() if len(k) < 30}  # not the digests
    assert {"capture", "taken", "origin", "sha256", "live", "archive"} <= words.keys()
    assert all(n == 1 for n in words.values()), words
    assert fits

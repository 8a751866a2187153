"""The HTML report's reuse and original sections in a real headless Chromium: passages
reused without quote marks side by side with their edits marked, a repost against its
original, and a translation aligned by anchors. Every page and document here is synthetic."""

from __future__ import annotations

from dataclasses import replace

import pytest

from provenance.report.html import to_html
from provenance.settings import Settings
from tests.integration.runs import run
from tests.integration.test_reuse_run import DOC as REUSE_DOC
from tests.pages import HARBOUR, article_page
from tests.unit.test_original import ORIGINAL, SPANISH

pytestmark = pytest.mark.browser


def _open(browser, pages, report) -> None:
    browser.get_log("browser")  # start with an empty console
    browser.get(pages.add("/report.html", to_html(report)))


def _problems(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser")
            if (e["level"] == "SEVERE" or "Content Security Policy" in e["message"])
            and "/favicon.ico" not in e["message"]]


def _texts(root, selector: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text.strip() for e in root.find_elements(By.CSS_SELECTOR, selector)]


def _side_by_side(browser, table) -> bool:
    """Whether the table's two passages stand next to each other on the page."""
    return browser.execute_script(
        "const [a, b] = arguments[0].querySelectorAll('tbody td');"
        "const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();"
        "return ra.width > 100 && rb.width > 100 && ra.right <= rb.left + 1"
        " && Math.abs(ra.top - rb.top) < 2;", table)


def test_reused_passages_stand_side_by_side_with_their_edits_marked(
        browser, pages, settings: Settings) -> None:
    from selenium.webdriver.common.by import By

    url = pages.add("/a", article_page("Council approves harbour expansion", HARBOUR))
    report = run(REUSE_DOC.format(url=url), settings)
    _open(browser, pages, report)
    section = browser.find_element(By.ID, "reuse")
    assert section.is_displayed()
    cards = section.find_elements(By.CSS_SELECTOR, "article")
    assert [c.get_attribute("class") for c in cards] == ["card reuse-credited",
                                                         "card reuse-uncredited"]
    credited, uncredited = cards
    # A passage taken word for word: both sides whole, nothing marked.
    assert _texts(credited, "ins, del") == []
    assert "voted eleven to four" in _texts(credited, "td.side-document")[0]
    # The number changed: marked on each side, in that side's own words, and listed.
    assert _texts(uncredited, "td.side-document ins.added") == ["52"]
    assert _texts(uncredited, "td.side-source del.dropped") == ["48"]
    assert _texts(uncredited, "table.edits tbody td")[:1] == ["number-changed"]
    for card in cards:
        assert _side_by_side(browser, card.find_element(By.CSS_SELECTOR, "table.side-by-side"))
    # The marks are drawn as the altered quotes' are (the stylesheet applied).
    ins = uncredited.find_element(By.CSS_SELECTOR, "ins.added")
    assert ins.value_of_css_property("text-decoration-line") == "underline"
    assert _problems(browser) == []


def test_a_repost_against_its_original_shows_coverage_and_each_sentence(
        browser, pages, settings: Settings) -> None:
    from selenium.webdriver.common.by import By

    url = pages.add("/budget", article_page("Budget approved", ORIGINAL.split("\n\n")))
    doc = (f"Source: {url}\n\n"
           + ORIGINAL.replace("4,500,000", "5,400,000")
           .replace("Residents of the harbour district had asked for the work for more than "
                    "ten years.", "")
           + " Nobody from the port authority came to the meeting.")
    report = run(doc, settings)
    _open(browser, pages, report)
    section = browser.find_element(By.ID, "original")
    assert section.is_displayed()
    assert _texts(section, ".repost") == ["repost-changed"]
    coverage = _texts(section, "dd.coverage")[0]
    assert coverage.startswith("83% of the original's sentences are in the document"), coverage
    kinds = [c.get_attribute("class") for c in
             section.find_elements(By.CSS_SELECTOR, "article.sentence")]
    # In the original's order (its article text: the headline is not among its sentences).
    assert kinds == ["sentence sentence-changed", "sentence sentence-dropped",
                     "sentence sentence-added"], kinds
    changed = section.find_element(By.CSS_SELECTOR, "article.sentence-changed")
    assert _texts(changed, "td.side-document ins.added") == ["5,400,000"]
    assert _texts(changed, "td.side-source del.dropped") == ["4,500,000"]
    assert _side_by_side(browser, changed.find_element(By.CSS_SELECTOR, "table.side-by-side"))
    dropped = _texts(section, "article.sentence-dropped del.dropped")
    assert dropped == ["Residents of the harbour district had asked for the work for more "
                       "than ten years."]
    assert _texts(section, "article.sentence-added ins.added") == [
        "Nobody from the port authority came to the meeting."]
    assert _problems(browser) == []


def test_a_translation_shows_its_alignment_and_the_dates_that_disagree(
        browser, pages, settings: Settings) -> None:
    from selenium.webdriver.common.by import By

    url = pages.add("/budget", article_page("Budget approved", ORIGINAL.split("\n\n")))
    report = run(SPANISH, replace(settings, original_url=url))
    _open(browser, pages, report)
    section = browser.find_element(By.ID, "original")
    assert _texts(section, ".repost") == ["translation"]
    # Never a word diff across languages: no sentence, no struck or inserted word.
    assert section.find_elements(By.CSS_SELECTOR, "article.sentence, ins, del") == []
    (clash,) = section.find_elements(By.CSS_SELECTOR, "article.clash")
    assert _texts(clash, "td.anchor-document") == ["2026-03-19"]
    assert _texts(clash, "td.anchor-original") == ["2026-03-12"]
    sides = _texts(clash, "table.side-by-side td")
    assert "19 de marzo de 2026" in sides[0] and "12 March 2026" in sides[1]
    assert _side_by_side(browser, clash.find_element(By.CSS_SELECTOR, "table.side-by-side"))
    summary = section.find_element(By.CSS_SELECTOR, "details.alignment summary")
    assert summary.text.strip() == "3 paragraphs aligned"
    assert _problems(browser) == []

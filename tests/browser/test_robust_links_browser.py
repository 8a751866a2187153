"""The HTML report's Robust Links read back as a browser sees them: the attributes a
Robust Links script (or a reader's extension) uses are on the links to each cited page."""

from __future__ import annotations

import pytest

from provenance.report.html import to_html
from tests.unit.test_report_cases import WHEN, sample_site

pytestmark = pytest.mark.browser


def test_robust_link_attributes_read_back_in_chromium(browser, pages) -> None:
    from selenium.webdriver.common.by import By

    site, report = sample_site(pages.base)
    for path, body in site.pages.items():
        pages.add(path, body)
    browser.get(pages.add("/report.html", to_html(report)))
    got = browser.execute_script(
        "return Array.from(document.querySelectorAll('main article a[data-originalurl]'))"
        ".map(a => [a.closest('article').id, a.dataset.originalurl,"
        " a.dataset.versionurl || null, a.dataset.versiondate])")
    taken = WHEN.strftime("%Y-%m-%dT%H:%M:%SZ")
    by_card: dict[str, set[tuple[str, str | None, str]]] = {}
    for card, original, version, date in got:
        by_card.setdefault(card, set()).add((original, version, date))
    assert by_card == {
        "q1": {(f"{pages.base}/2026/03/quay-stays-open", None, taken)},
        "q2": {(f"{pages.base}/2026/03/quay-stays-open", None, taken)},
        "q3": {(f"{pages.base}/2026/03/quay-stays-open", None, taken)},
        "q4": {(f"{pages.base}/columns/tides", None, taken)},
        "q5": {("https://lighthouse-news.example/keepers",
                f"{pages.base}/web/20260301000000/https://lighthouse-news.example/keepers",
                taken)},
    }
    # The archived copy the Robust Link names is the page the browser reaches through it.
    version = browser.find_element(By.CSS_SELECTOR, "#q5 a.archive").get_attribute(
        "data-versionurl")
    browser.get(version)
    assert "The keepers said the light has never once gone dark." in browser.page_source

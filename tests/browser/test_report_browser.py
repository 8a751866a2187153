"""The HTML report in a real headless Chromium: it renders, filters, runs nothing it
should not, and its links open the cited pages scrolled to the passage."""

from __future__ import annotations

import json

import pytest

from provenance.report.annotations import to_annotations
from provenance.report.html import to_html
from provenance.report.render import links
from tests.unit.test_report_cases import hostile_site, sample_site

pytestmark = pytest.mark.browser

WAIT = 10.0  # s, generous: a loaded machine is slow, a passing test does not wait it out


def _wait(browser, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, WAIT, poll_frequency=0.05).until(condition, message)


def _serve_sample(pages):
    site, report = sample_site(pages.base)
    for path, body in site.pages.items():
        pages.add(path, body)
    return report, pages.add("/report.html", to_html(report))


def _visible_cards(browser) -> list[str]:
    from selenium.webdriver.common.by import By

    return [c.get_attribute("id") for c in browser.find_elements(By.CSS_SELECTOR, "main article")
            if c.is_displayed()]


def _problems(browser) -> list[str]:
    """Console errors and CSP violations the page caused. The browser's own request for
    /favicon.ico (answered 404 by the test server) is not the page's doing."""
    return [e["message"] for e in browser.get_log("browser")
            if (e["level"] == "SEVERE" or "Content Security Policy" in e["message"])
            and "/favicon.ico" not in e["message"]]


def test_sample_report_renders_and_filters_work(browser, pages, artifacts) -> None:
    from selenium.webdriver.common.by import By

    _, url = _serve_sample(pages)
    browser.get_log("browser")  # start with an empty console
    browser.get(url)
    assert browser.title == "Provenance report: harbour-dispute.md"
    assert _visible_cards(browser) == [f"q{i}" for i in range(1, 7)]
    # The stylesheet applied (allowed by its hash): a found card has a green left border.
    border = browser.execute_script(
        "return getComputedStyle(document.getElementById('q1')).borderLeftWidth")
    assert border == "6px"
    expected = {
        "show-found": ["q1", "q3", "q5"],
        "show-altered": ["q2"],
        "show-missing": ["q4"],
        "show-unverified": ["q6"],
        "show-problems": ["q2", "q4", "q6"],
        "show-all": [f"q{i}" for i in range(1, 7)],
    }
    for radio, ids in expected.items():
        browser.find_element(By.CSS_SELECTOR, f'label[for="{radio}"]').click()
        assert _visible_cards(browser) == ids, radio
    browser.find_element(By.CSS_SELECTOR, 'label[for="show-altered"]').click()
    browser.set_window_size(1280, 1400)
    shot = artifacts / "report-altered-filter.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.find_element(By.CSS_SELECTOR, 'label[for="show-all"]').click()
    browser.save_screenshot(str(artifacts / "report.png"))
    browser.set_window_size(1280, 900)
    assert _problems(browser) == []


def test_print_media_shows_every_card_and_hides_the_filters(browser, pages) -> None:
    from selenium.webdriver.common.by import By

    _, url = _serve_sample(pages)
    browser.get(url)
    browser.find_element(By.CSS_SELECTOR, 'label[for="show-missing"]').click()
    assert _visible_cards(browser) == ["q4"]
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert _visible_cards(browser) == [f"q{i}" for i in range(1, 7)]
        assert not browser.find_element(By.CSS_SELECTOR, "nav.filters").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_hostile_report_runs_nothing_and_shows_the_text(browser, pages, artifacts) -> None:
    from selenium.webdriver.common.by import By

    site, report = hostile_site(pages.base)
    for path, body in site.pages.items():
        pages.add(path, body)
    # Control: in this browser a script in a page does run (so the check below can fail).
    browser.get(pages.base + "/page.html")
    assert browser.execute_script("return window.__pagescript") == "ran"

    browser.get_log("browser")
    browser.get(pages.add("/hostile-report.html", to_html(report)))
    # Give anything scheduled (onerror of a broken image, onload of an SVG) time to fire.
    browser.execute_script("return new Promise(r => setTimeout(r, 300))")
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.title.startswith("Provenance report: hostile\"><script>")
    assert browser.execute_script(
        "return document.querySelectorAll('script, img, iframe, object, embed').length") == 0
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, "blockquote.quote")]
    assert quotes == [v.quote.text for v in report.verdicts]
    body = browser.find_element(By.TAG_NAME, "body").text
    for literal in ("<script>window.__pwned='q1'</script> was all he wrote",
                    "onerror=\"window.__pwned='q2'\"",
                    "javascript:window.__pwned='url'",
                    "</p></blockquote><div class=\"x\" <b>bold</style></textarea><!-- markup"):
        assert literal in body
    hrefs = browser.execute_script(
        "return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    browser.save_screenshot(str(artifacts / "hostile-report.png"))
    assert _problems(browser) == []  # nothing even tried to run or load


def _passage_in_view(browser, words: str) -> dict:
    """Where the innermost element whose text holds ``words`` stands, and the scroll offset."""
    return browser.execute_script(
        """
        const norm = t => t.replace(/\\s+/g, ' ').toLowerCase();
        const words = norm(arguments[0]);
        const holds = e => norm(e.textContent).includes(words);
        // The first element holding the words none of whose children holds them all.
        const el = [...document.body.querySelectorAll('*')]
            .find(e => holds(e) && ![...e.children].some(holds));
        const r = el.getBoundingClientRect();
        return {scrollY: window.scrollY, top: r.top, bottom: r.bottom,
                height: window.innerHeight, text: el.textContent};
        """, words)


def _assert_in_view(where: dict) -> None:
    # Below the first screen when the page loads, in view now: the browser scrolled to it.
    assert where["top"] + where["scrollY"] > where["height"], where
    assert where["top"] >= 0 and where["bottom"] <= where["height"], where


@pytest.mark.parametrize(("card", "kind", "words"), [
    ("q1", "live", "the harbour will stay open to every fishing boat"),
    ("q2", "live", "the council has not yet approved"),  # altered: the source's own words
    ("q3", "live", "the levy, which funds the lighthouse keepers"),  # found with an ellipsis
    ("q5", "archive", "the keepers said the light has never once gone dark"),
])
def test_text_fragment_link_clicked_in_the_report_scrolls_to_the_passage(
        browser, pages, card, kind, words) -> None:
    from selenium.webdriver.common.by import By

    _, url = _serve_sample(pages)
    browser.get(url)
    link = browser.find_element(By.CSS_SELECTOR, f"#{card} a.{kind}")
    assert ":~:text=" in link.get_attribute("href")
    link.click()  # a user's click: the navigation browsers open text fragments for
    _wait(browser, lambda b: b.execute_script("return window.scrollY") > 0,
          f"{card}: the page was not scrolled to the passage")
    _assert_in_view(_passage_in_view(browser, words))


def test_text_fragment_opened_directly_scrolls_to_the_passage(browser, pages) -> None:
    """As when a reader pastes the link into the address bar (a browser-initiated load)."""
    report, _ = _serve_sample(pages)
    url = links(report.verdicts[1]).live
    assert url.startswith(pages.base) and ",tide%20tables%20are%20published" in url
    browser.get("about:blank")
    browser.get(url)
    _wait(browser, lambda b: b.execute_script("return window.scrollY") > 0,
          "the page was not scrolled to the altered quote's source passage")
    _assert_in_view(_passage_in_view(browser, "the council has not yet approved"))


def test_decoy_words_higher_up_are_not_where_the_link_lands(browser, pages) -> None:
    """The first words of the found passage also stand at the top of the page; a fragment
    of those words alone would stay there. Ours must not."""
    report, _ = _serve_sample(pages)
    browser.get("about:blank")
    browser.get(links(report.verdicts[0]).live)
    _wait(browser, lambda b: b.execute_script("return window.scrollY") > 0, "no scroll")
    decoy = _passage_in_view(browser, "some say the harbour will stay open only in summer")
    assert decoy["bottom"] < 0  # scrolled past: out of view above


def test_annotation_positions_agree_with_the_browser_text(browser, pages) -> None:
    report, _ = _serve_sample(pages)
    data = json.loads(to_annotations(report))
    checked = 0
    for annotation in data["first"]["items"]:
        target = annotation["target"][0]
        selectors = {s["type"]: s for s in target.get("selector", ())}
        if "TextPositionSelector" not in selectors or not target["source"].startswith(pages.base):
            continue
        browser.get(target["source"])
        pos = selectors["TextPositionSelector"]
        got = browser.execute_script(
            "return document.body.textContent.slice(arguments[0], arguments[1])",
            pos["start"], pos["end"])
        assert got == selectors["TextQuoteSelector"]["exact"]
        checked += 1
    assert checked == 3  # the editorial's two found passages and the altered one


def test_controls_a_fragment_not_on_the_page_does_not_scroll(browser, pages) -> None:
    """Without this, a scroll could come from something other than the fragment."""
    report, _ = _serve_sample(pages)
    page = report.verdicts[0].source.snapshot.final_url
    browser.get("about:blank")
    browser.get(page + "#:~:text=words%20that%20stand%20nowhere%20on%20this%20page")
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    assert browser.execute_script("return window.scrollY") == 0
    # And the first words alone land on the decoy near the top, not on the passage.
    browser.get("about:blank")
    browser.get(page + "#:~:text=the%20harbour%20will%20stay%20open")
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    decoy = _passage_in_view(browser, "some say the harbour will stay open only in summer")
    assert 0 <= decoy["top"] < decoy["height"]


def test_hostile_passages_are_found_by_their_fragments(browser, pages) -> None:
    """Quotes made of markup characters (<, >, ', ", =, /) still open at the passage."""
    site, report = hostile_site(pages.base)
    for path, body in site.pages.items():
        pages.add(path, body)
    checked = 0
    for v in report.verdicts:
        url = links(v).live
        if not url or ":~:" not in url:
            continue
        browser.get("about:blank")
        browser.get(url)
        _wait(browser, lambda b: b.execute_script("return window.scrollY") > 0,
              f"not scrolled for {v.quote.text!r}")
        words = " ".join(v.match.source_text.split()[:3]).lower()
        _assert_in_view(_passage_in_view(browser, words))
        checked += 1
    assert checked == 5

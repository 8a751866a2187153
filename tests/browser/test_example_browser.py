"""The shipped example's HTML report in headless Chromium: it renders, its filters work,
and its text-fragment links, pointed at the example's own pages served locally, open
them at the passage. Skips in a tree without the example (or without a built pipeline)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from provenance.cli import main
from provenance.report.render import validate
from tests.browser.test_report_browser import _assert_in_view, _passage_in_view, _problems, _wait

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "harbour-expansion.md"
BUILD_CACHE = ROOT / "examples" / "build_cache.py"


def _example_pages() -> dict[str, str]:
    spec = importlib.util.spec_from_file_location("example_build_cache", BUILD_CACHE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, object]:
    if not EXAMPLE.exists() or not BUILD_CACHE.exists():
        pytest.skip("the shipped example is not in this tree")
    module = _example_pages()
    tmp = tmp_path_factory.mktemp("example")
    module.build(tmp / "cache")
    try:
        main(["check", str(EXAMPLE), "--offline", "--cache", str(tmp / "cache"),
              "--out", str(tmp / "out"), "--format", "json,html", "-q"])
    except NotImplementedError as exc:
        pytest.skip(f"a pipeline stage is not built in this tree: {exc!r}")
    data = json.loads((tmp / "out" / "harbour-expansion.json").read_text())
    validate(data)
    return data, (tmp / "out" / "harbour-expansion.html").read_text(), module


def test_example_report_renders_and_filters(browser, pages, artifacts, example) -> None:
    from selenium.webdriver.common.by import By

    data, html, _ = example
    browser.get_log("browser")
    browser.get(pages.add("/example.html", html))
    cards = browser.find_elements(By.CSS_SELECTOR, "main article")
    assert [c.get_attribute("data-status") for c in cards] == [
        v["status"] for v in data["verdicts"]]
    for status in ("found", "altered", "missing", "unverified"):
        browser.find_element(By.CSS_SELECTOR, f'label[for="show-{status}"]').click()
        shown = [c.get_attribute("data-status") for c in cards if c.is_displayed()]
        assert shown == [v["status"] for v in data["verdicts"] if v["status"] == status]
    # "Needs attention": all but the found quotes, and a found one said by someone else.
    browser.find_element(By.CSS_SELECTOR, 'label[for="show-problems"]').click()
    shown = [i for i, c in enumerate(cards) if c.is_displayed()]
    assert shown == [i for i, v in enumerate(data["verdicts"])
                     if v["status"] != "found" or "speaker-mismatch" in v["flags"]]
    assert any(data["verdicts"][i]["status"] == "found" for i in shown)
    browser.find_element(By.CSS_SELECTOR, 'label[for="show-all"]').click()
    assert all(c.is_displayed() for c in cards)
    browser.set_window_size(1280, 2000)
    shot = artifacts / "example-report.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    browser.set_window_size(1280, 900)
    assert _problems(browser) == []


def test_example_fragments_open_the_local_pages_at_the_passage(browser, pages, example) -> None:
    data, _, module = example
    local = {}
    for url, name in module.PAGES.items():
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        local[url] = pages.add(path, (module.HERE / "pages" / name).read_bytes())
    checked = {"found": 0, "altered": 0}
    # A short window, so that even on these short pages the passage starts off screen.
    browser.set_window_size(700, 320)
    try:
        for v in data["verdicts"]:
            if v["status"] not in checked or not v["links"]["text_fragment"]:
                continue
            page, fragment = v["links"]["live"].split("#", 1)
            browser.get("about:blank")
            browser.get(f"{local[page]}#{fragment}")
            _wait(browser, lambda b: b.execute_script("return window.scrollY") > 0,
                  f"not scrolled to {v['match']['source_text']!r}")
            words = " ".join(v["match"]["source_text"].split()[:3])
            _assert_in_view(_passage_in_view(browser, words))
            checked[v["status"]] += 1
    finally:
        browser.set_window_size(1280, 900)
    assert checked["found"] >= 1 and checked["altered"] >= 1, checked

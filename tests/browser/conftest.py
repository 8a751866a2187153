"""A headless Chromium driven by Selenium, and a local web server for the pages it opens.

Uses the system's chromium and chromedriver (Debian: packages chromium, chromium-driver);
nothing is downloaded. The tests skip, saying why, when either is absent. Set
PROVENANCE_CHROMIUM / PROVENANCE_CHROMEDRIVER to use binaries elsewhere.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--disable-default-apps", "--disable-extensions", "--window-size=1280,900")


def _binary(env: str, *names: str) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for name in names:
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    chromium = _binary("PROVENANCE_CHROMIUM", "chromium", "chromium-browser")
    driver_path = _binary("PROVENANCE_CHROMEDRIVER", "chromedriver")
    if not chromium or not driver_path:
        pytest.skip("browser tests need chromium and chromedriver on PATH "
                    "(Debian: apt-get install chromium chromium-driver)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("browser tests need the selenium package (pip install selenium)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium then never tries to download one.
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.set_page_load_timeout(20)
    try:
        yield driver
    finally:
        driver.quit()


class Pages:
    """What the local server answers: path -> (body, content type)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[bytes, str]] = {}
        self.base = ""

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
            ) -> str:
        self.routes[path] = (body.encode() if isinstance(body, str) else body, content_type)
        return self.base + path


@pytest.fixture
def pages() -> Iterator[Pages]:
    served = Pages()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = served.routes.get(self.path.split("#")[0],
                                           (b"not found", "text/plain"))
            self.send_response(200 if self.path.split("#")[0] in served.routes else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

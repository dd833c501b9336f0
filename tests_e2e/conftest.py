"""Browser tests of the built book: headless Debian Chromium driven by Selenium and Debian's chromedriver.

The book is served over HTTP from _build/html (and the book built on seeds + a hostile report from
_build/e2e/_build/html, see `make e2e`). Without Chromium the suite skips with a message.
"""
import functools
import http.server
import os
import shutil
import socketserver
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "_build" / "html"
# The book on seeds + the hostile corpus (tests_e2e/hostile.txt and the files tests_e2e/hostile_corpus.py
# generates), as `make e2e` builds it; $HOSTILE_BOOK and $HOSTILE_CORPUS point elsewhere.
HOSTILE_BOOK = Path(os.environ.get("HOSTILE_BOOK") or ROOT / "_build" / "e2e" / "_build" / "html").resolve()
HOSTILE_CORPUS = Path(os.environ.get("HOSTILE_CORPUS") or ROOT / "_build" / "e2e-corpus").resolve()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _chromium(**capabilities):
    """Headless Debian Chromium through chromedriver, with the browser log kept; skips (or fails, in CI) without
    them."""
    if not (CHROMIUM and DRIVER):
        message = "Chromium and chromedriver are not installed (Debian packages chromium, chromium-driver)"
        if os.environ.get("E2E_REQUIRE_BROWSER"):
            pytest.fail(message)  # CI installs them: their absence there is an error, not a skip
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1280,900"):
        opts.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="chromium-e2e-")
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    for name, value in capabilities.items():
        opts.set_capability(name, value)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    yield from _chromium()


def _site(folder: Path, missing: str):
    if not (folder / "index.html").is_file():
        pytest.skip(missing)
    server = _serve(folder)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def site():
    yield from _site(BOOK, "the book is not built: run `make book` first")


@pytest.fixture(scope="session")
def hostile_site():
    yield from _site(HOSTILE_BOOK, "the book on the hostile corpus is not built: run `make e2e`")


@pytest.fixture(scope="session")
def hostile_browser():
    """Chromium as `browser`, except that a dialog (alert, confirm, prompt) stays open until the test reads it
    (unhandledPromptBehavior "ignore"): a payload's alert(N) is caught and named, never dismissed unseen."""
    yield from _chromium(unhandledPromptBehavior="ignore")

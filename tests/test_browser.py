"""A real headless Chromium on the web pages: search, open a measure, see its history.

Needs the Debian packages chromium and chromium-driver (apt-get install -y chromium
chromium-driver) and selenium; skipped with the reason when they are missing.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from service import create_app
from tests import service_support as support

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOT = ROOT / "docs" / "overview.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed "
                                "(pip install 'selenium>=4.20,<5')")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("headless Chromium is not installed: apt-get install -y chromium "
                "chromium-driver", allow_module_level=True)

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    web = create_app(app=support.corpus_plankg(tmp_path_factory))
    server = make_server("127.0.0.1", 0, web, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1200,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER),
                              options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def test_search_an_actor_and_open_a_measure(browser, base_url):
    browser.get(base_url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Kühn")
    box.submit()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "results")))
    links = browser.find_elements(By.CSS_SELECTOR, "a.measure-link")
    assert any("Fortbildungen" in link.text for link in links)
    badges = browser.find_elements(By.CSS_SELECTOR, "#results .badge")
    assert badges and all(b.is_displayed() for b in badges)
    next(link for link in links if "Fortbildungen" in link.text).click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.ID, "history")))
    assert "Fortbildungen" in browser.find_element(By.ID, "measure-title").text
    rows = browser.find_elements(By.CSS_SELECTOR, "#history tbody tr")
    assert rows and "2021-03-01" in rows[0].text
    assert "delayed" in rows[0].find_element(By.CSS_SELECTOR, ".badge").text
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#who-text mark")]
    assert "Kühn" in marks


def test_overview_screenshot(browser, base_url):
    browser.get(base_url + "/overview")
    chart = WebDriverWait(browser, 10).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "figure#chart svg")))
    assert chart.size["width"] > 400 and chart.size["height"] > 100
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

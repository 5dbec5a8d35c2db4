"""A real headless Chromium on the web pages: an analyst's walk from a search to a CSV file.

The walk saves a screenshot of every page it sees into docs/ (the README shows them).

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

from plankg.app import Plankg
from plankg.config import Config
from service import create_app
from tests.test_analyst_cli import MOESSINGEN, later_report

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCREENSHOT = DOCS / "overview.png"
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
    """The corpus report and its follow-up half a year later, served over HTTP."""
    folder = tmp_path_factory.mktemp("browser-store")
    app = Plankg(Config.load(store=str(folder / "data"), query_workers=0))
    for path in (MOESSINGEN, later_report(folder)):
        assert app.load(path).status == "loaded"
    web = create_app(app=app)
    server = make_server("127.0.0.1", 0, web, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    app.close()


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory, downloads: Path):
    options = webdriver.ChromeOptions()
    # A German analyst's browser: German first (an English one gets English pages).
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "de-DE,de"})
    options.add_argument("--lang=de-DE")
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1200,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=CHROMEDRIVER),
                              options=options)
    driver.set_page_load_timeout(30)
    driver.execute_cdp_cmd("Page.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": str(downloads)})
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
    assert rows and "01.03.2021" in rows[0].text
    assert "verzögert" in rows[0].find_element(By.CSS_SELECTOR, ".badge").text
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


def shoot(browser, name: str) -> None:
    path = DOCS / f"{name}.png"
    DOCS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


def wait_for(browser, css: str):
    return WebDriverWait(browser, 15).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def test_an_analysts_walk(browser, base_url, downloads):
    """Search "Herr Kühn" → a measure → its history → what changed → overdue → a CSV."""
    browser.get(base_url + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Herr Kühn")
    box.submit()
    wait_for(browser, "#results")
    assert "Maßnahmen für" in browser.find_element(By.ID, "result-count").text
    links = browser.find_elements(By.CSS_SELECTOR, "a.measure-link")
    assert len(links) >= 8
    shoot(browser, "search")

    next(link for link in links if "Fortbildungen" in link.text).click()
    wait_for(browser, "#facts")
    assert "Fortbildungen" in browser.find_element(By.ID, "measure-title").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeframe .timeframe")) == 1
    shoot(browser, "measure")

    history = browser.find_element(By.ID, "history")
    browser.execute_script("arguments[0].scrollIntoView();", history)
    dates = [row.find_element(By.TAG_NAME, "td").text
             for row in history.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert dates == ["01.03.2021", "01.09.2021"]
    shoot(browser, "history")

    browser.find_element(By.ID, "nav-changes").click()
    wait_for(browser, "#transitions")
    assert "01.09.2021" in browser.find_element(By.ID, "pair").text
    changed = browser.find_elements(By.CSS_SELECTOR, "#transitions tbody tr")
    assert changed and any("abgeschlossen" in row.text for row in changed)
    shoot(browser, "changes")

    browser.find_element(By.ID, "nav-overdue").click()
    wait_for(browser, "#overdue")
    overdue = browser.find_elements(By.CSS_SELECTOR, "#overdue tbody tr")
    assert overdue and all("Tage" in row.text for row in overdue)
    shoot(browser, "overdue")

    browser.find_element(By.CSS_SELECTOR, "a.download-csv").click()
    target = downloads / "overdue.csv"
    WebDriverWait(browser, 15).until(lambda _d: target.is_file()
                                     and target.stat().st_size > 0)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for German Excel
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Maßnahme;Handlungsfeld;") and len(lines) == len(overdue) + 1

"""The report site in a real browser: Debian's Chromium, headless, driven by chromedriver.

Skipped with a reason where Chromium is not installed, except under CI (``CI`` set), where a
missing browser fails: CI must run these. Screenshots are saved in each test's tmp_path.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.select import Select

import lapcheck
from tests.conftest import DATA
from tests.test_site import HOSTILE_NAME, HOSTILE_URL, build, hostile

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    """A headless Chromium for the module; skipped (failed under CI) when it is not installed."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not (p.is_file() and os.access(p, os.X_OK))]
    if missing:
        reason = (f"Chromium is not installed ({', '.join(missing)} missing); "
                  "apt-get install -y chromium chromium-driver")
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests; {reason}")
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the three test States as of 2026-11-28, with the test waivers."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build(lapcheck.load_profiles(DATA / "profiles"), lapcheck.load_rules(DATA / "rules"), out)
    return out


def visible_rows(browser: webdriver.Chrome) -> list[WebElement]:
    """The index rows the browser shows."""
    return [r for r in browser.find_elements(By.CSS_SELECTOR, "#states tbody tr") if r.is_displayed()]


def names(rows: list[WebElement]) -> list[str]:
    """The State names of index rows."""
    return [r.find_element(By.CSS_SELECTOR, "th a").text for r in rows]


def screenshot(browser: webdriver.Chrome, path: Path) -> None:
    """Save a full-height screenshot and check it is a real image."""
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(int(height) + 120, 4000))
    assert browser.save_screenshot(str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000


def console_errors(browser: webdriver.Chrome) -> list[str]:
    """Errors the page logged (a CSP violation would be one)."""
    entries: list[dict[str, str]] = browser.get_log("browser")
    return [e["message"] for e in entries if e["level"] == "SEVERE"]


def open_index(browser: webdriver.Chrome, site: Path) -> None:
    """Load the index from disk, in a standard window size."""
    browser.set_window_size(1400, 1000)
    browser.get(site.joinpath("index.html").as_uri())


def test_index_renders_one_row_per_state(browser: webdriver.Chrome, small_site: Path, tmp_path: Path) -> None:
    """The index shows the table with one row per State, statuses as text, and no console errors."""
    open_index(browser, small_site)
    assert names(visible_rows(browser)) == ["Croatia", "Indonesia", "Lao PDR"]
    lao = visible_rows(browser)[2]
    assert lao.find_element(By.CSS_SELECTOR, "td[data-area='clearance']").text == "Non-compliant"
    assert browser.find_element(By.ID, "shown").text == "3 of 3 States shown"
    assert console_errors(browser) == []
    screenshot(browser, tmp_path / "index.png")


def test_filters_hide_rows(browser: webdriver.Chrome, small_site: Path) -> None:
    """Filtering by status, participation, area and name hides the rows that do not match."""
    open_index(browser, small_site)
    status = Select(browser.find_element(By.ID, "f-status"))
    status.select_by_value("non_compliant")
    assert names(visible_rows(browser)) == ["Indonesia", "Lao PDR"]
    assert browser.find_element(By.ID, "shown").text == "2 of 3 States shown"
    Select(browser.find_element(By.ID, "f-participation")).select_by_value("signatory")
    assert names(visible_rows(browser)) == ["Indonesia"]
    Select(browser.find_element(By.ID, "f-participation")).select_by_value("")
    Select(browser.find_element(By.ID, "f-area")).select_by_value("universalisation")
    assert visible_rows(browser) == []  # no check in that area: nothing is non-compliant there
    headers = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#states thead th") if h.is_displayed()]
    assert headers == ["State", "Participation", "Universalisation"]
    Select(browser.find_element(By.ID, "f-area")).select_by_value("")
    status.select_by_value("")
    browser.find_element(By.ID, "f-name").send_keys("hrv")
    assert names(visible_rows(browser)) == ["Croatia"]


def test_sorting_by_an_area_puts_the_worst_first(browser: webdriver.Chrome, small_site: Path) -> None:
    """A click on an area heading sorts worst status first; a second click reverses it."""
    open_index(browser, small_site)
    heading = browser.find_element(By.CSS_SELECTOR, "#states thead th[data-area='clearance'] button")
    heading.click()
    assert names(visible_rows(browser)) == ["Indonesia", "Lao PDR", "Croatia"]
    assert heading.find_element(By.XPATH, "..").get_attribute("aria-sort") == "ascending"
    heading.click()
    assert names(visible_rows(browser))[0] == "Croatia"


def test_state_link_opens_its_page(browser: webdriver.Chrome, small_site: Path, tmp_path: Path) -> None:
    """Following a State's link opens its page with its findings and evidence links."""
    open_index(browser, small_site)
    browser.find_element(By.LINK_TEXT, "Lao PDR").click()
    assert browser.current_url.endswith("/states/LAO.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Lao PDR LAO"
    findings = browser.find_elements(By.CSS_SELECTOR, "article.finding")
    assert [f.find_element(By.TAG_NAME, "h3").text for f in findings] == [
        "Clearance completed by the Article 4 deadline in force", "Signatory has ratified"]
    links = browser.find_elements(By.CSS_SELECTOR, "article.finding td.sources a")
    assert links and all((a.get_attribute("href") or "").startswith("https://") for a in links)
    assert console_errors(browser) == []
    screenshot(browser, tmp_path / "state-LAO.png")


def test_hostile_name_and_source_do_not_run(browser: webdriver.Chrome, tmp_path: Path) -> None:
    """A State named ``<script>alert(1)</script>`` citing ``javascript:alert(1)`` shows both as text,
    on the index and on its page, and nothing runs."""
    site = tmp_path / "site"
    build([hostile(tmp_path)], lapcheck.load_rules(DATA / "rules"), site)
    open_index(browser, site)
    assert names(visible_rows(browser)) == [HOSTILE_NAME]
    browser.find_element(By.LINK_TEXT, HOSTILE_NAME).click()
    assert browser.find_element(By.TAG_NAME, "h1").text == f"{HOSTILE_NAME} LAO"
    assert HOSTILE_URL in [c.text for c in browser.find_elements(By.CSS_SELECTOR, "span.cite")]
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in hrefs if "javascript" in h.lower()]
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - reading it is how to ask for an alert

"""End to end in a real browser: the app served by `streamlit run`, driven by headless Chromium.

Needs Debian's chromium (`make browser`); skipped with the reason when it is missing.
Screenshots land in test-output/browser/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pytest

from tests.conftest import OUTPUT
from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, FIRST_ANSWER_MS, browser_missing, streamlit_server

if TYPE_CHECKING:
    from playwright.sync_api import Dialog, Locator, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = OUTPUT / "browser"
FRENCH_BACKGROUND = (
    "Je suis juriste en droit social depuis douze ans dans un groupe de distribution. "
    "Je rédige les contrats de travail, je conseille les managers sur les licenciements et je négocie "
    "les accords avec les syndicats. Je m'intéresse de près à la protection des données des salariés "
    "et on me demande de plus en plus si nos outils d'IA de recrutement sont légaux."
)

if (_why := browser_missing()) is not None:
    pytest.skip(_why, allow_module_level=True)

from playwright import sync_api  # noqa: E402  (only once the skip above has not fired)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    """`streamlit run app.py` on a free localhost port, stopped after the module."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(SHOTS / "streamlit.log", extra=("--browser.gatherUsageStats", "false")) as url:
        yield url


def _shoot_part(page: Page, name: str, width: int, anchor: Locator, above: int, height: int) -> Path:
    """A screenshot `height` pixels tall starting `above` pixels over `anchor`: the size documentation needs."""
    _shoot(page, name, width)
    box = anchor.bounding_box()
    assert box is not None, f"{anchor} is not on the page"
    top = max(0, int(box["y"]) - above)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": top, "width": width, "height": height})
    return path


def _wait_for_all_results(page: Page) -> None:
    """Streamlit streams the page element by element; the download button comes after every result."""
    page.locator("[data-testid='stDownloadButton']").wait_for(state="visible", timeout=120_000)


def _is_outside(url: str) -> bool:
    """True for any address that is not this machine (data: and blob: URLs stay in the page)."""
    return not url.startswith(("data:", "blob:")) and urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1")


def _shoot(page: Page, name: str, width: int) -> Path:
    """A screenshot of the whole page at `width`, however long the page is."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(800)
    height = page.evaluate(
        "() => Math.max(document.body.scrollHeight,"
        " ...[...document.querySelectorAll('[data-testid=stMain], section.main')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": int(min(max(height, 900), 12_000))})
    page.wait_for_timeout(800)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def test_french_background_shows_roles_and_readings(app_url: str) -> None:
    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("request", lambda req: outside.append(req.url) if _is_outside(req.url) else None)
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Votre parcours professionnel")
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _shoot(page, "empty-desktop.png", 1280)
            box.fill(FRENCH_BACKGROUND)
            page.get_by_role("button", name="Trouver ma place").click()

            first_card = page.locator(".st-key-role-card-1")
            first_card.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(page)
            assert page.locator("[class*='st-key-role-card-']").count() >= 3
            titles = page.locator("[class*='st-key-role-card-'] h3").all_inner_texts()
            assert any("Juriste" in title for title in titles[:3]), f"a lawyer gets the AI lawyer role: {titles}"

            links = first_card.locator("a[href^='https://']")
            assert links.count() >= 1
            assert links.first.is_visible()
            assert links.first.get_attribute("target") == "_blank"

            _shoot(page, "results-desktop.png", 1280)
            _shoot_part(page, "docs-results-desktop.png", 1280, page.locator("h1").first, 140, 1600)
            page.get_by_role("tab", name="Lectures").click()
            page.locator("[data-testid='stTabPanel']:visible a[href^='https://']").first.wait_for(state="visible")
            page.get_by_role("tab", name="Carte").click()
            page.locator("[data-testid='stVegaLiteChart'], .vega-embed").first.wait_for(state="visible", timeout=60_000)
            page.wait_for_timeout(1500)
            _shoot(page, "map-desktop.png", 1280)
            map_panel = page.locator("[data-testid='stTabPanel']:visible").first
            _shoot_part(page, "docs-map-desktop.png", 1280, map_panel, 60, 980)

            phone = browser.new_context(
                locale="fr-FR", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
            ).new_page()
            phone.on("request", lambda req: outside.append(req.url) if _is_outside(req.url) else None)
            phone.goto(app_url, wait_until="domcontentloaded")
            phone.get_by_role("textbox", name="Votre parcours professionnel").fill(FRENCH_BACKGROUND)
            phone.get_by_role("button", name="Trouver ma place").click()
            phone_card = phone.locator(".st-key-role-card-1")
            phone_card.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(phone)
            width = phone.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"the phone page scrolls sideways ({width} px wide)"
            _shoot(phone, "results-phone.png", 390)
            _shoot_part(phone, "docs-results-phone.png", 390, phone_card, 220, 1500)
        finally:
            browser.close()
    assert not outside, f"the page reached outside hosts: {sorted(set(outside))[:5]}"


def test_english_interface_shows_markup_as_plain_text(app_url: str) -> None:
    hostile = (
        "<script>alert('pwned')</script> I am a <b>nurse</b> in intensive care and I train new staff on the ward. "
        "<img src=x onerror=alert(1)> I also led the roll-out of our electronic patient records. "
        "My notes are at https://evil.example/notes and www.evil.example, write to me@evil.example."
    )
    dialogs: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Your working life")
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            box.fill(hostile)
            page.get_by_role("button", name="Find my place").click()
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(page)
            body = page.inner_text("body")
            assert "<script>alert('pwned')</script>" in body, "the user's markup is quoted as text"
            assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
            assert page.locator("a[href*='evil.example']").count() == 0, "bare addresses in the text stay text"
            page.get_by_text("More about this role").first.click()
            page.wait_for_timeout(500)
            _shoot(page, "results-english-desktop.png", 1280)
        finally:
            browser.close()
    assert not dialogs, f"a script ran in the page: {dialogs}"


def test_a_text_about_nothing_and_a_weak_fit_say_so(app_url: str) -> None:
    """In a real browser: a text about nothing asks for a working life; a bare title shows the closest places."""
    from ui.strings import STRINGS

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Votre parcours professionnel")
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            box.fill("J'adore mon chat. La pizza, c'est mon plat préféré.")
            page.get_by_role("button", name="Trouver ma place").click()
            page.get_by_text(STRINGS["fr"]["fit_nothing"]).wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            assert not page.locator(".st-key-role-card-1").is_visible(), "the roles wait behind the expander"
            page.get_by_text(STRINGS["fr"]["fit_nothing_show"]).click()
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=30_000)
            box.fill("comptable")
            page.get_by_role("button", name="Trouver ma place").click()
            page.get_by_text(STRINGS["fr"]["fit_weak"]).wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            page.get_by_role("heading", name=STRINGS["fr"]["results_header_weak"]).wait_for(state="visible")
            assert page.locator(".st-key-role-card-1").is_visible()
        finally:
            browser.close()

"""A CV uploaded through the real app in headless Chromium: its text lands in the box, is edited, gives role cards.

Needs Debian's chromium (`make browser`); skipped with the reason when it is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import OUTPUT
from tests.cv_files import Cv, pdf_bytes
from tests.streamlit_server import CHROMIUM, CHROMIUM_ARGS, FIRST_ANSWER_MS, browser_missing, streamlit_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = OUTPUT / "browser"
CV = Cv(
    "Jeanne Martin",
    ("jeanne.martin@example.org", "+33 6 12 34 56 78", "12 rue des Lilas, 75011 Paris"),
    (
        (
            "Expérience professionnelle",
            (
                "2012 - aujourd'hui : Juriste en droit social dans un groupe de distribution.",
                "Je rédige les contrats de travail et je conseille les managers sur les licenciements.",
            ),
        ),
        ("Centres d'intérêt", ("Randonnée, piano",)),
    ),
)

if (_why := browser_missing()) is not None:
    pytest.skip(_why, allow_module_level=True)

from playwright import sync_api  # noqa: E402  (only once the skip above has not fired)


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with streamlit_server(SHOTS / "streamlit-cv.log", extra=("--browser.gatherUsageStats", "false")) as url:
        yield url


def test_upload_a_pdf_edit_its_text_and_get_role_cards(app_url: str) -> None:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name="Votre parcours professionnel")
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
                files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes(CV, "columns")}]
            )
            page.wait_for_function(
                "() => [...document.querySelectorAll('textarea')].some(t => t.value.includes('Juriste'))",
                timeout=60_000,
            )
            text = box.input_value()
            assert "droit social" in text and "jeanne.martin" not in text and "Randonnée" not in text
            box.fill(text + "\nOn me demande si nos outils d'IA de recrutement sont légaux.")
            page.get_by_role("button", name="Trouver ma place").click()
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            titles = page.locator("[class*='st-key-role-card-'] h3").all_inner_texts()
            assert any("Juriste" in title for title in titles[:3]), titles
            assert "jeanne.martin@example.org" not in page.content()
            page.screenshot(path=str(SHOTS / "cv-upload-desktop.png"), full_page=True)
        finally:
            browser.close()

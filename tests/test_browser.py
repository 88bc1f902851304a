"""End to end in a real browser: the app served by `streamlit run`, driven by headless Chromium.

Needs Debian's chromium (`make browser`); skipped with the reason when it is missing.
Screenshots land in test-output/browser/.
"""

from __future__ import annotations

import re
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
    page.locator("[data-testid='stDownloadButton']").first.wait_for(state="visible", timeout=120_000)


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
            _first_card_fits_two_screens(phone, "fr")
            _shoot(phone, "results-phone.png", 390)
            _shoot_part(phone, "docs-results-phone.png", 390, phone_card, 220, 1500)
            phone.get_by_role("tab", name="Carte").click()
            _map_is_readable(phone, "fr", 390)
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
            box.fill("Je travaille dans un bureau.")  # about work, too vague for any role to fit well
            page.get_by_role("button", name="Trouver ma place").click()
            page.get_by_text(STRINGS["fr"]["fit_weak"]).wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            page.get_by_role("heading", name=STRINGS["fr"]["results_header_weak"]).wait_for(state="visible")
            assert page.locator(".st-key-role-card-1").is_visible()
        finally:
            browser.close()


# ------------------------------------------------------------ issue 17: the app as a career-changer needs it

STALE_FR = "Vous avez modifié votre texte"
CONTACTS = " Contact : marie.dupont@example.org, 06 12 34 56 78, linkedin.com/in/marie-dupont."
ENGLISH_BACKGROUND = (
    "I have been a secondary-school history teacher for fifteen years. I plan lessons, mark essays, run parent "
    "evenings and coach new colleagues. I do not want to write code, but I would like to help people use new tools "
    "well and think about what they do to our pupils."
)


def _settled(page: Page) -> None:
    """Wait until Streamlit's run is over: it marks every element of the previous run stale until then."""
    page.wait_for_timeout(600)
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)


def _axe_serious(page: Page, where: str) -> None:
    """axe-core (shipped inside axe-playwright-python, runs offline) finds no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    _settled(page)
    found = Axe().run(page).response["violations"]
    bad = [
        (v["id"], v["impact"], [(n["target"], n.get("failureSummary", "")[:160]) for n in v["nodes"][:3]])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"axe on {where}: {bad}"


#: Words Streamlit's own widgets show or announce in English whatever the page's language.
STREAMLIT_ENGLISH = ("Open", "Dismiss", "Clear all", "No results", "Choose an option", "Press Enter", "Browse files")


def _no_streamlit_english(part: Locator, where: str) -> None:
    """Neither the text nor the accessible labels of `part` carry one of Streamlit's English words."""
    part.wait_for(state="visible")
    said = part.evaluate(
        "e => [e.innerText, ...[...e.querySelectorAll('[aria-label],[placeholder],[title]')]"
        ".map(x => [x.getAttribute('aria-label'), x.getAttribute('placeholder'), x.getAttribute('title')])"
        ".flat()].filter(Boolean)"
    )
    english = sorted({word for text in said for word in STREAMLIT_ENGLISH if re.search(rf"\b{word}\b", text)})
    assert not english, f"{where} shows Streamlit's English {english}"


def _boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _map_is_readable(page: Page, lang: str, width: int) -> None:
    """Every role named for hover and screen readers, ranks without overlap, the legend inside the screen."""
    from ui.strings import STRINGS

    panel = page.locator("[data-testid='stTabPanel']:visible").first
    svg = panel.locator(".vega-embed svg").first
    svg.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1200)
    labels = svg.locator("path[aria-label]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    role_word = STRINGS[lang]["map_role"]
    named = {a.split(f"{role_word}: ")[1].split(";")[0] for a in labels if f"{role_word}: " in a}
    assert len(named) >= 40, f"every dot carries its role's name: {len(named)} named"
    texts = svg.locator("text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {t: e.textContent, x: r.x, y: r.y, width: r.width, height: r.height}; })"
    )
    ranks = [b for b in texts if b["t"].strip().isdigit()]
    ranks = list({(b["t"], round(b["x"]), round(b["y"])): b for b in ranks}.values())  # halo and ink: one box
    you = [b for b in texts if b["t"] == STRINGS[lang]["map_you"]]
    assert len({b["t"] for b in ranks}) >= 3 and you, f"ranks and 'you are here' are drawn: {texts[:8]}"
    for i, a in enumerate(ranks):
        for b in ranks[i + 1 :] + you:
            if a["t"] != b["t"]:
                assert not _boxes_overlap(a, b), f"label {a['t']} overlaps {b['t']} at width {width}"
    legend = svg.locator("g.role-legend").first.bounding_box()
    assert legend is not None and legend["x"] + legend["width"] <= width, f"the legend fits: {legend}"
    # hover a suggested role's ring: the tooltip names it
    ring = svg.locator("g.role-mark path[aria-label]").nth(0)
    ring.hover(force=True)
    tip = page.locator("#vg-tooltip-element")
    tip.wait_for(state="visible", timeout=5_000)
    assert role_word in tip.inner_text()
    sentence = STRINGS[lang]["map_sentence"].split("{")[0].strip()
    assert panel.get_by_text(sentence).first.is_visible(), "the plain sentence is under the map"


def _first_card_fits_two_screens(page: Page, lang: str) -> None:
    """On a 390x844 phone, the first card's title, match, why and first steps fit in two screens."""
    from ui.strings import STRINGS

    card = page.locator(".st-key-role-card-1")
    top = card.locator("h3").first.bounding_box()
    steps_block = card.locator("[data-testid='stMarkdown']", has_text=STRINGS[lang]["first_steps"]).first.bounding_box()
    assert top and steps_block
    span = steps_block["y"] + steps_block["height"] - top["y"]
    assert span <= 2 * 844, f"title to first steps is {span:.0f} px, more than two phone screens"
    with (SHOTS / "first-card-span.txt").open("a") as out:
        out.write(f"{lang} {span:.0f} px from the first card's title to the end of its first steps\n")
    page.set_viewport_size({"width": 390, "height": 844})
    card.locator("h3").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -70)")
    for screen in (1, 2):  # the first two phone screens of the first card, as a person scrolls them
        page.locator(".st-key-role-card-1 h3").first.evaluate(
            "(h, n) => { const main = document.querySelector('[data-testid=stMain]') || document.scrollingElement;"
            " h.scrollIntoView({block: 'start'}); const by = n > 1 ? 844 - 210 : -130;"
            " main.scrollBy(0, by); window.scrollBy(0, by); }",
            screen,
        )
        page.wait_for_timeout(400)
        page.screenshot(path=str(SHOTS / f"docs-phone-{lang}-screen-{screen}.png"))
    assert page.locator(".st-key-role-card-3").is_visible()
    assert not page.locator(".st-key-role-card-4").is_visible(), "cards after the third are one line each"


def _results_in_view(page: Page) -> None:
    box = page.locator(".st-key-results").bounding_box()
    assert box is not None and -5 <= box["y"] <= 200, f"the page scrolled to the results: {box}"


def test_map_stale_refine_export_and_axe_in_french(app_url: str) -> None:
    from ui.strings import STRINGS

    fr = STRINGS["fr"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(app_url, wait_until="domcontentloaded")
            box = page.get_by_role("textbox", name=fr["text_label"])
            box.wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            assert page.evaluate("document.documentElement.lang") == "fr"
            _axe_serious(page, "the French start page")
            box.fill(FRENCH_BACKGROUND + CONTACTS)
            page.get_by_role("button", name=fr["submit"]).click()
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(page)
            page.wait_for_timeout(800)
            _results_in_view(page)
            _axe_serious(page, "the French results")

            page.get_by_role("tab", name=fr["tab_map"]).click()
            _map_is_readable(page, "fr", 1280)
            map_panel = page.locator("[data-testid='stTabPanel']:visible").first
            _shoot_part(page, "docs-map-desktop.png", 1280, map_panel, 60, 1100)
            page.get_by_role("tab", name=fr["tab_roles"]).click()

            # editing the text marks the results out of date
            box.fill(FRENCH_BACKGROUND + " Je forme aussi les RH à l'usage des outils numériques." + CONTACTS)
            box.blur()
            stale = page.get_by_text(STALE_FR)
            stale.wait_for(state="visible", timeout=30_000)
            _shoot_part(page, "docs-stale-desktop.png", 1280, stale, 120, 700)
            _settled(page)  # the run the edit started is over before the refine panel is used
            # a refine change re-runs on the current text: the marker goes, the preference shows
            page.get_by_text(fr["refine"]).first.click()
            refine = page.locator("[data-testid='stExpander']").filter(has_text=fr["refine"]).first
            _no_streamlit_english(refine, "the French refine panel")
            page.get_by_text(fr["pref_people"]).click()
            page.get_by_text(fr["reranked"].split("{")[0].strip()).first.wait_for(state="visible", timeout=30_000)
            stale.wait_for(state="hidden", timeout=30_000)
            _settled(page)

            # the printable page lists the preference that was on and holds no contact details
            with page.expect_download() as fired:
                page.get_by_role("button", name=fr["download_print"]).click()
            html = Path(fired.value.path()).read_text(encoding="utf-8")
            (SHOTS / "export.html").write_text(html, encoding="utf-8")
            assert '<html lang="fr"' in html and "@media print" in html and "<script" not in html
            assert fr["md_settings"] in html and fr["pref_people"] in html
            for contact in ("marie.dupont@example.org", "06 12 34 56 78", "linkedin.com"):
                assert contact not in html, f"{contact} left in the export"
            printable = browser.new_context(viewport={"width": 800, "height": 1000}).new_page()
            printable.set_content(html)
            printable.emulate_media(media="print")
            assert printable.locator("section.role h3").count() == 5
            printable.screenshot(
                path=str(SHOTS / "docs-print.png"), clip={"x": 0, "y": 0, "width": 800, "height": 1000}
            )
            with page.expect_download() as fired:
                page.get_by_role("button", name=fr["download_text"]).click()
            text = Path(fired.value.path()).read_text(encoding="utf-8")
            assert fr["pref_people"] in text and "marie.dupont@example.org" not in text

            # the catalogue, in French too
            page.get_by_text(fr["view_explore"]).click()
            page.get_by_role("heading", name=fr["catalogue_header"]).wait_for(state="visible", timeout=30_000)
            _axe_serious(page, "the French catalogue")
        finally:
            browser.close()


def test_catalogue_compare_related_links_and_keyboard_in_english(app_url: str) -> None:
    from ui.strings import LABELS, STRINGS

    en = STRINGS["en"]
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(app_url, wait_until="domcontentloaded")
            page.get_by_role("textbox", name=en["text_label"]).wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            assert page.evaluate("document.documentElement.lang") == "en"
            _axe_serious(page, "the English start page")

            # the whole path with the keyboard alone: reach the text box, type, reach the button, press Enter
            for _ in range(30):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.tagName") == "TEXTAREA":
                    break
            assert page.evaluate("document.activeElement.tagName") == "TEXTAREA", "the text box is reachable"
            page.keyboard.type(ENGLISH_BACKGROUND)
            for _ in range(10):
                page.keyboard.press("Tab")
                if (page.evaluate("document.activeElement.innerText") or "").strip().endswith(en["submit"]):
                    break
            page.keyboard.press("Enter")
            page.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(page)
            for _ in range(80):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.getAttribute('role')") == "tab":
                    break
            assert page.evaluate("document.activeElement.getAttribute('role')") == "tab", "the tabs are reachable"
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            page.locator("[data-testid='stTabPanel']:visible .vega-embed").first.wait_for(state="visible")
            _map_is_readable(page, "en", 1280)
            _axe_serious(page, "the English results")
            quotes = page.locator(".st-key-role-card-1 blockquote").all_inner_texts()
            assert quotes and all("«" not in q for q in quotes), f"English quotes are curly: {quotes}"

            # a related role is a link to its sheet in the catalogue, without reloading the page
            page.get_by_role("tab", name=en["tab_roles"]).click()
            page.evaluate("window.__same_page = true")
            related = page.locator(".st-key-role-card-1 [class*='-rel-'] button").first
            name = related.inner_text().strip().splitlines()[-1]
            related.click()
            sheet = page.locator(".st-key-sheet-card")
            sheet.wait_for(state="visible", timeout=30_000)
            assert name in sheet.locator("h3").first.inner_text()
            assert page.evaluate("window.__same_page === true"), "the page was not reloaded"
            assert "role=" in page.url
            assert sheet.locator("[data-testid='stProgress']").count() == 0, "no personal match in the catalogue"
            _axe_serious(page, "the English catalogue")

            # filter by level, then compare two roles side by side
            no_code = LABELS["en"]["level"]["no-code"]
            before = page.locator("[class*='st-key-cat-open-']").count()
            page.locator(".st-key-catalogue [data-testid='stButtonGroup']").first.get_by_text(no_code).click()
            page.wait_for_timeout(1500)
            after = page.locator("[class*='st-key-cat-open-']").count()
            assert 0 < after < before, f"the level filter narrows the catalogue ({before} -> {after})"
            picker = page.get_by_role("combobox", name=en["compare_label"])
            for _ in range(2):
                picker.click()
                page.keyboard.press("ArrowDown")
                page.keyboard.press("Enter")
                page.wait_for_timeout(800)
            page.keyboard.press("Escape")
            columns = page.locator("[class*='st-key-compare-']")
            columns.first.wait_for(state="visible", timeout=30_000)
            assert columns.count() == 2
            assert en["compare_learn"] in columns.first.inner_text()
            _shoot_part(page, "docs-compare-desktop.png", 1280, page.locator(".st-key-catalogue"), 20, 1100)

            phone = browser.new_context(
                locale="en-GB", viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
            ).new_page()
            phone.goto(app_url, wait_until="domcontentloaded")
            phone.get_by_role("textbox", name=en["text_label"]).fill(ENGLISH_BACKGROUND)
            phone.get_by_role("button", name=en["submit"]).click()
            phone.locator(".st-key-role-card-1").wait_for(state="visible", timeout=FIRST_ANSWER_MS)
            _wait_for_all_results(phone)
            _first_card_fits_two_screens(phone, "en")
            phone.get_by_role("tab", name=en["tab_map"]).click()
            _map_is_readable(phone, "en", 390)
            _shoot_part(
                phone, "docs-map-phone.png", 390, phone.locator("[data-testid='stTabPanel']:visible").first, 20, 1300
            )
        finally:
            browser.close()

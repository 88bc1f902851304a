"""The CV upload in the app (AppTest): the text lands in the box to edit, each problem gets its own warning,
no contact detail reaches the page, and the file's marker is found in no file on disk afterwards."""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import OUTPUT, ROOT
from tests.cv_files import Cv, pdf_bytes
from tests.hostile_files import HOSTILE, hostile_file
from ui.strings import STRINGS

APP = str(ROOT / "app.py")
CONTACTS = ("jeanne.martin@example.org", "+33 6 12 34 56 78", "12 rue des Lilas, 75011 Paris", "Née le 12/03/1979")


def _cv(marker: str = "") -> Cv:
    return Cv(
        "Jeanne Martin",
        (*CONTACTS, "linkedin.com/in/jeanne-martin"),
        (
            (
                "Expérience professionnelle",
                (
                    "2012 - aujourd'hui : Ingénieure réseau électrique, je planifie la maintenance des postes de "
                    f"transformation et je gère les prestataires {marker}.",
                ),
            ),
            ("Centres d'intérêt", ("Randonnée, piano",)),
        ),
    )


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600).run()
    assert not at.exception
    return at


def _page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in (*at.warning, *at.info, *at.error)]
    return "\n".join(parts) + "\n" + (at.text_area(key="profile").value or "")


def test_an_uploaded_cv_fills_the_text_box_without_contacts_and_gives_role_cards() -> None:
    at = _app()
    at.file_uploader(key="cv_file").set_value(("cv.pdf", pdf_bytes(_cv()), "application/pdf")).run()
    assert not at.exception
    box = at.text_area(key="profile").value or ""
    assert "Ingénieure réseau électrique" in box and "Randonnée" not in box
    assert STRINGS["fr"]["file_read"] in [i.value for i in at.info]
    at.text_area(key="profile").set_value(box + "\nJe forme aussi les nouveaux techniciens.")
    at.button(key="submit").click().run()
    assert not at.exception
    titles = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert titles and any("énergie" in title for title in titles)
    page = _page_text(at)
    for contact in (*CONTACTS, "linkedin.com/in/jeanne-martin", "jeanne.martin"):
        assert contact not in page


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_each_hostile_file_gets_a_warning_in_the_app(case: str) -> None:
    at = _app()
    name, data = hostile_file(case)
    start = time.perf_counter()
    at.file_uploader(key="cv_file").set_value((name, data, "application/octet-stream")).run()
    assert not at.exception and time.perf_counter() - start < 10
    reason = HOSTILE[case][2]
    if reason is None:  # read by content, with a translated note about what was odd
        assert len(at.info) >= 2
    else:
        assert [w.value for w in at.warning] == [STRINGS["fr"][f"err_{reason}"]]
        assert not (at.text_area(key="profile").value or "")


def test_the_uploaded_file_is_never_written_to_disk() -> None:
    marker = f"zq{uuid.uuid4().hex[:12]}"
    started = time.time() - 1
    at = _app()
    at.file_uploader(key="cv_file").set_value(("cv.pdf", pdf_bytes(_cv(marker)), "application/pdf")).run()
    assert marker in (at.text_area(key="profile").value or ""), "the control case: the marker was read"
    at.button(key="submit").click().run()
    assert not at.exception
    needle = marker.encode()
    folders = {Path(tempfile.gettempdir()), OUTPUT, Path.home() / ".streamlit", ROOT}
    found = []
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in (".venv", ".git", "node_modules")]
            for filename in filenames:
                path = Path(dirpath) / filename
                try:
                    if path.stat().st_mtime < started or path.stat().st_size > 50_000_000:
                        continue
                    if needle in path.read_bytes():
                        found.append(str(path))
                except OSError:
                    continue
    assert not found


@pytest.mark.parametrize(
    ("name", "data", "key"),
    [
        ("cv.docx", pdf_bytes(_cv()), "file_warn_misnamed"),
        ("cv.pdf", hostile_file("javascript_pdf")[1], "file_warn_scripts_ignored"),
        ("cv.txt", "Ingénieure réseau électrique depuis 2012".encode("cp1252"), "file_warn_not_utf8"),
        ("cv.txt", ("Ingénieure réseau électrique. " * 3000).encode(), "file_warn_cut"),
    ],
)
def test_every_reader_warning_is_translated(name: str, data: bytes, key: str) -> None:
    from types import SimpleNamespace

    from recommender.cv import read_cv_file
    from ui.upload import read_upload

    engine = SimpleNamespace(read_file=read_cv_file)  # the facade's read_file is this function
    for lang in ("fr", "en"):
        text, notes = read_upload(engine, name, data, lang)
        assert text and notes == [STRINGS[lang]["file_read"], STRINGS[lang][key]]


def test_every_warning_code_has_a_message_in_both_languages() -> None:
    """The app translates a reader warning by its code (`documents.WARNING_CODES`), never by its English text."""
    from recommender.documents import WARNING_CODES

    for lang in ("fr", "en"):
        missing = [code for code in WARNING_CODES if f"file_warn_{code}" not in STRINGS[lang]]
        assert not missing, (lang, missing)

"""Text out of documents: every format read by content, every refusal a one-line message with its reason,
and hostile files answered within bounded time and memory (measured in a fresh process)."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from recommender.documents import READERS, DocumentLimits, detect_format, read_document
from recommender.errors import INPUT_REASONS, InputError
from tests.conftest import ROOT
from tests.cv_files import Cv, docx_bytes, odt_bytes, pdf_bytes
from tests.hostile_files import HOSTILE

CV = Cv(
    "Jeanne Martin",
    ("jeanne.martin@example.org", "+33 6 12 34 56 78"),
    (
        ("Expérience professionnelle", ("2015 - 2024 : Cheffe de projet maintenance chez un gestionnaire de réseau.",)),
        ("Compétences", ("Planification, gestion de prestataires",)),
        ("Centres d'intérêt", ("Randonnée et piano",)),
    ),
)
LINES = ("Jeanne Martin", "Expérience professionnelle", "Cheffe de projet maintenance", "Randonnée et piano")


def _pdf_of_blank_pages(count: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "data"),
    [
        ("pdf", pdf_bytes(CV)),
        ("pdf", pdf_bytes(CV, "columns")),
        ("pdf", pdf_bytes(CV, "linkedin")),
        ("docx", docx_bytes(CV)),
        ("odt", odt_bytes(CV)),
        ("text", "\n".join(LINES).encode("utf-8")),
        ("text", ("\ufeff" + "\n".join(LINES)).encode("utf-8")),
    ],
)
def test_every_format_is_read_with_its_lines(fmt: str, data: bytes) -> None:
    document = read_document(data, f"cv.{ {'text': 'txt'}.get(fmt, fmt) }")
    assert document.format == fmt and document.warnings == ()
    for line in LINES:
        assert line in document.text


def test_each_format_has_one_reader_in_the_table() -> None:
    assert set(READERS) == {"pdf", "docx", "odt", "text"}


def test_the_content_decides_not_the_name() -> None:
    for name in ("cv.docx", "cv.txt", "cv", "CV.PDF.exe"):
        document = read_document(pdf_bytes(CV), name)
        assert document.format == "pdf" and "Cheffe de projet maintenance" in document.text
    assert read_document(docx_bytes(CV), "cv.odt").warnings[0].message.startswith("This file is named .odt but is Word")
    assert read_document(pdf_bytes(CV), "cv.pdf").warnings == ()
    assert detect_format(b"PK\x03\x04not a zip") is None


def test_latin1_text_is_read_with_a_warning() -> None:
    document = read_document("Cheffe de projet réseau électrique".encode("cp1252"), "cv.txt")
    assert "électrique" in document.text and "Windows-1252" in document.warnings[0].message


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(CV))))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _truncated_docx() -> bytes:
    data = docx_bytes(CV)
    return data[: len(data) // 2]


REFUSALS = {
    "empty_file": (b"", "cv.pdf"),
    "spaces_only": (b"   \n\t ", "cv.txt"),
    "scanned_pdf": (_pdf_of_blank_pages(2), "cv.pdf"),
    "encrypted_file": (_encrypted_pdf(), "cv.pdf"),
    "corrupt_pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 20, "cv.pdf"),
    "corrupt_docx": (_truncated_docx(), "cv.docx"),
    "old_word": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "cv.doc"),
    "binary": (bytes(range(256)) * 10, "cv.txt"),
    "too_many_bytes": (b"a" * (5 * 1024 * 1024 + 1), "cv.txt"),
}
EXPECTED = {
    "empty_file": "empty_file",
    "spaces_only": "empty_file",
    "scanned_pdf": "scanned_pdf",
    "encrypted_file": "encrypted_file",
    "corrupt_pdf": "corrupt_file",
    "corrupt_docx": "corrupt_file",
    "old_word": "unsupported_file",
    "binary": "unsupported_file",
    "too_many_bytes": "file_too_large",
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_is_one_line_with_a_reason_and_a_remedy(case: str) -> None:
    data, name = REFUSALS[case]
    with pytest.raises(InputError) as exc:
        read_document(data, name)
    message = str(exc.value)
    assert exc.value.reason == EXPECTED[case] and exc.value.reason in INPUT_REASONS
    assert "\n" not in message and "retry" in message


def test_the_scanned_message_says_what_to_do() -> None:
    with pytest.raises(InputError, match="is an image.*copy your text or export it again"):
        read_document(REFUSALS["scanned_pdf"][0], "scan.pdf")


def test_limits_cut_long_text_and_refuse_many_pages() -> None:
    limits = DocumentLimits(max_chars=100, max_pages=3)
    document = read_document(("Cheffe de projet. " * 50).encode(), "cv.txt", limits)
    assert len(document.text) == 100 and "first 100 characters" in document.warnings[-1].message
    with pytest.raises(InputError) as exc:
        read_document(_pdf_of_blank_pages(4), "cv.pdf", limits)
    assert exc.value.reason == "file_too_large" and "4 pages" in str(exc.value)


_MEASURE = """
import json, resource, sys, time, tracemalloc
sys.path.insert(0, {root!r})
import pypdf, docx, odf.opendocument, odf.teletype
from recommender.documents import read_document
from recommender.errors import InputError
from tests.hostile_files import hostile_file
name, data = hostile_file({case!r})
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
start = time.perf_counter()
try:
    document = read_document(data, name)
    outcome = {{"reason": None, "message": " ".join(w.message for w in document.warnings)}}
except InputError as exc:
    outcome = {{"reason": exc.reason, "message": str(exc)}}
outcome["seconds"] = time.perf_counter() - start
outcome["traced_mb"] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
outcome["extra_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(outcome))
"""


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_answered_within_5_s_and_300_mb(case: str) -> None:
    """Each case runs in a fresh process, once the file is built: the reader's peak of Python allocations
    (tracemalloc, which sees the decompressed buffers) and the growth of the process's peak RSS."""
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE.format(root=str(ROOT), case=case)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome = json.loads(run.stdout)
    print(
        f"{case}: {outcome['reason']} {outcome['seconds']:.2f} s, "
        f"peak traced {outcome['traced_mb']:.1f} MB, peak RSS growth {outcome['extra_mb']:.0f} MB"
    )
    assert outcome["reason"] == HOSTILE[case][2]
    assert outcome["message"] and "\n" not in outcome["message"]
    assert outcome["seconds"] <= 5.0 and outcome["extra_mb"] <= 300 and outcome["traced_mb"] <= 300

"""Hostile documents built in memory: each one must be refused or read within bounded time and memory."""

from __future__ import annotations

import io
import zipfile
import zlib

from tests.cv_files import Cv, docx_bytes, pdf_bytes

__all__ = ["HOSTILE", "hostile_file"]

_CV = Cv(
    "Alex Moreau",
    ("alex.moreau@example.org",),
    (("Experience", ("2012 - 2024: maintenance planner for a regional power grid operator.",)),),
)


def _zip_bomb_docx() -> bytes:
    """A real DOCX plus one part of 1 GB of zeros (about 1 MB compressed)."""
    out = io.BytesIO(docx_bytes(_CV))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as part:
            chunk = bytes(1 << 24)
            for _ in range(64):
                part.write(chunk)
    return out.getvalue()


def _zip_bomb_lying_sizes() -> bytes:
    """A DOCX whose 200 MB part of zeros claims, in both zip headers, to be 1 KB once unpacked."""
    out = io.BytesIO(docx_bytes(_CV))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("word/media/padding.bin", "w") as part:
            chunk = bytes(1 << 24)
            for _ in range(12):
                part.write(chunk)
    data = bytearray(out.getvalue())
    name = b"word/media/padding.bin"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")
            start = at + 4
    return bytes(data)


def _thousands_of_pages() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(_CV))))
    for _ in range(5000):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _huge_object_pdf() -> bytes:
    """One page whose content stream holds its text, then 300 MB of spaces (under 1 MB compressed)."""
    content = b"BT /F1 12 Tf 72 720 Td (Maintenance planner for a power grid operator) Tj ET\n"
    compressor = zlib.compressobj(9)
    body = compressor.compress(content)
    block = b" " * (1 << 24)
    for _ in range(18):
        body += compressor.compress(block)
    body += compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble(objects)


def _javascript_pdf() -> bytes:
    """A text PDF that runs a script when opened (an /OpenAction of type /JavaScript)."""
    content = b"BT /F1 12 Tf 72 720 Td (2012 - 2024: maintenance planner for a power grid operator.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\('hello'\\);) >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


#: name -> (file name given, builder, expected reason or None when the file is read with a warning)
HOSTILE = {
    "zip_bomb_docx": ("cv.docx", _zip_bomb_docx, "file_too_large"),
    "zip_bomb_lying_sizes": ("cv.docx", _zip_bomb_lying_sizes, "corrupt_file"),
    "thousands_of_pages": ("cv.pdf", _thousands_of_pages, "file_too_large"),
    "huge_object_pdf": ("cv.pdf", _huge_object_pdf, "file_too_large"),
    "javascript_pdf": ("cv.pdf", _javascript_pdf, None),
    "lying_extension_png": ("cv.pdf", lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "unsupported_file"),
    "lying_extension_pdf_as_docx": ("cv.docx", lambda: pdf_bytes(_CV), None),
    "zero_bytes": ("cv.pdf", lambda: b"", "empty_file"),
}


def hostile_file(name: str) -> tuple[str, bytes]:
    filename, build, _ = HOSTILE[name]
    return filename, build()

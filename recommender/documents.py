"""Text out of a document (PDF, DOCX, ODT, plain text or Markdown), in memory, within bounded time and memory.

The type is read from the content (magic bytes), never trusted from the file name: a name that lies is
read by what the file is, with a warning. One small reader per format sits in `READERS`; adding a format
means adding one reader there. Nothing is written to disk and nothing of the file is logged.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from .errors import InputError, InputReason

__all__ = [
    "DEFAULT_LIMITS",
    "READERS",
    "WARNING_CODES",
    "Document",
    "DocumentLimits",
    "DocumentWarning",
    "detect_format",
    "read_document",
]


@dataclass(frozen=True)
class DocumentLimits:
    """How much of a document is read: past these, the file is refused or its text cut (with a warning)."""

    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 30
    max_chars: int = 60_000
    #: Sum of the uncompressed sizes of a DOCX or ODT's parts (a zip bomb stops here).
    max_unzipped_bytes: int = 30 * 1024 * 1024
    max_zip_entries: int = 2_000


DEFAULT_LIMITS = DocumentLimits()


WarningCode = Literal["misnamed", "scripts_ignored", "cut", "not_utf8", "page_skipped"]
#: What a warning can be about: a front end translates by the code, never by the English message.
WARNING_CODES: tuple[str, ...] = get_args(WarningCode)


@dataclass(frozen=True)
class DocumentWarning:
    """Something the reader should know about how a file was read: a code, and the line to show in English."""

    code: WarningCode
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Document:
    """The text of a document, the format it was read as, and what the reader should know."""

    text: str
    format: str
    warnings: tuple[DocumentWarning, ...] = ()


#: A reader takes the file's bytes and the limits, and returns the raw text and its warnings.
Reader = Callable[[bytes, DocumentLimits], tuple[str, tuple[DocumentWarning, ...]]]

_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)", "odt": "OpenDocument (ODT)", "text": "plain text"}
_EXTENSIONS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    "": "text",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
#: A page whose text has fewer letters than this is treated as an image.
_MIN_LETTERS_PER_DOC = 20


def _refuse(message: str, reason: InputReason) -> InputError:
    return InputError(message, reason)


# ---------------------------------------------------------------------------------------------- readers


def _read_pdf(data: bytes, limits: DocumentLimits) -> tuple[str, tuple[DocumentWarning, ...]]:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    warnings: list[DocumentWarning] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(
                "This PDF is protected by a password; remove the password or export it again, then retry.",
                "encrypted_file",
            )
        pages = _page_count(reader)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files (PdfReadError, ValueError, KeyError...)
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower() or "crypt" in type(exc).__name__.lower():
            raise _refuse(
                "This PDF is encrypted and cannot be read; export it again without protection, then retry.",
                "encrypted_file",
            ) from None
        raise _refuse("This PDF is damaged and cannot be read; export it again, then retry.", "corrupt_file") from None
    if pages > limits.max_pages:
        raise _refuse(
            f"This PDF has {pages} pages, over the limit of {limits.max_pages}; keep only your CV's pages, then retry.",
            "file_too_large",
        )
    if b"/JavaScript" in data or b"/JS" in data:
        message = "This PDF contains scripts; they were ignored and only its text was read."
        warnings.append(DocumentWarning("scripts_ignored", message))
    parts: list[str] = []
    total = 0
    for index, page in enumerate(reader.pages):
        if index >= limits.max_pages:  # the declared count can lie
            warnings.append(DocumentWarning("cut", f"Only the first {limits.max_pages} pages of this PDF were read."))
            break
        try:
            text = page.extract_text() or ""
        except LimitReachedError:
            raise _refuse(
                "This PDF holds an object too large to read; export it again as a plain PDF, then retry.",
                "file_too_large",
            ) from None
        except Exception:  # a damaged page: pypdf raises many types; the other pages may still be read
            warnings.append(DocumentWarning("page_skipped", "A page of this PDF could not be read and was skipped."))
            continue
        parts.append(text)
        total += len(text)
        if total > limits.max_chars:
            break
    text = "\n".join(parts)
    if len(_LETTER.findall(text[: limits.max_chars])) < _MIN_LETTERS_PER_DOC:
        raise _refuse(
            "This PDF is an image with no text layer; copy your text or export it again as text, then retry.",
            "scanned_pdf",
        )
    return text, tuple(dict.fromkeys(warnings))


def _page_count(reader: Any) -> int:
    """The declared page count (cheap: the page tree is not walked), or the walked one when it is missing."""
    try:
        declared = int(reader.trailer["/Root"]["/Pages"]["/Count"])
        if declared > 0:
            return declared
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    return len(reader.pages)


def _checked_zip(data: bytes, limits: DocumentLimits) -> zipfile.ZipFile:
    """The zip archive, once its declared and its actual uncompressed sizes are known to be within limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse("This file is damaged and cannot be read; save it again, then retry.", "corrupt_file") from None
    too_big = _refuse(
        "This file expands to more than "
        f"{limits.max_unzipped_bytes // (1024 * 1024)} MB once unpacked; save it again as PDF or text, then retry.",
        "file_too_large",
    )
    if len(infos) > limits.max_zip_entries or sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
        raise too_big
    if any(i.flag_bits & 0x1 for i in infos):
        raise _refuse(
            "This file is protected by a password; remove the password, then retry.", "encrypted_file"
        ) from None
    # Declared sizes can lie: decompress every part in chunks, counting, before any library opens it.
    budget = limits.max_unzipped_bytes
    try:
        for info in infos:
            with archive.open(info) as part:
                while chunk := part.read(1 << 16):
                    budget -= len(chunk)
                    if budget < 0:
                        raise too_big
    except InputError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise _refuse("This file is damaged and cannot be read; save it again, then retry.", "corrupt_file") from None
    return archive


def _read_docx(data: bytes, limits: DocumentLimits) -> tuple[str, tuple[DocumentWarning, ...]]:
    import docx

    _checked_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors... on broken parts
        raise _refuse(
            "This Word file is damaged and cannot be read; save it again, then retry.", "corrupt_file"
        ) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            cells = dict.fromkeys(cell.text.strip() for cell in row.cells)  # merged cells repeat
            lines.extend(c for c in cells if c)
    return "\n".join(lines), ()


def _read_odt(data: bytes, limits: DocumentLimits) -> tuple[str, tuple[DocumentWarning, ...]]:
    from odf import teletype, text
    from odf.opendocument import load

    _checked_zip(data, limits)
    try:
        document = load(io.BytesIO(data))
        lines = [teletype.extractText(node) for node in document.getElementsByType(text.P)]
        headings = document.getElementsByType(text.H)
    except Exception:  # odfpy raises KeyError, SAX errors... on broken parts
        raise _refuse(
            "This OpenDocument file is damaged and cannot be read; save it again, then retry.", "corrupt_file"
        ) from None
    if headings:  # keep headings in document order: walk the body once
        lines = []
        for node in document.text.childNodes:
            _walk_odt(node, lines, teletype)
    return "\n".join(lines), ()


def _walk_odt(node: object, lines: list[str], teletype: object) -> None:
    qname = getattr(node, "qname", None)
    if qname and qname[1] in ("p", "h"):
        lines.append(teletype.extractText(node))  # type: ignore[attr-defined]
        return
    for child in getattr(node, "childNodes", ()):
        _walk_odt(child, lines, teletype)


def _read_text(data: bytes, limits: DocumentLimits) -> tuple[str, tuple[DocumentWarning, ...]]:
    warnings: tuple[DocumentWarning, ...] = ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ()
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        message = "This text file is not UTF-8; it was read as Windows-1252 (check the accents)."
        warnings = (DocumentWarning("not_utf8", message),)
    return text, warnings


#: One reader per format: the only place that knows the formats.
READERS: dict[str, Reader] = {"pdf": _read_pdf, "docx": _read_docx, "odt": _read_odt, "text": _read_text}


# ---------------------------------------------------------------------------------------------- detection


def detect_format(data: bytes) -> str | None:
    """The format of `data` read from its content: a key of `READERS`, or None when it is none of them."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                return "odt"
        except (zipfile.BadZipFile, ValueError, OSError, KeyError, NotImplementedError):
            return None
        return None
    if data.startswith(_OLE):
        return None
    head = data[:4096]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 100:
        return None
    return "text"


def _extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def read_document(data: bytes, filename: str, limits: DocumentLimits = DEFAULT_LIMITS) -> Document:
    """The text of the document in `data`, read by its content; `filename` only serves to warn when it lies.

    Raises InputError with reason `empty_file`, `file_too_large`, `unsupported_file`, `encrypted_file`,
    `corrupt_file` or `scanned_pdf`, each with a one-line message that says what to do.
    """
    if not data:
        raise _refuse("This file is empty; choose the file that holds your CV, then retry.", "empty_file")
    if len(data) > limits.max_bytes:
        raise _refuse(
            f"This file is {len(data) / (1024 * 1024):.1f} MB, over the limit of "
            f"{limits.max_bytes / (1024 * 1024):.0f} MB; export a lighter version (text only), then retry.",
            "file_too_large",
        )
    fmt = detect_format(data)
    if fmt is None:
        if data.startswith(b"PK\x03\x04") and not zipfile.is_zipfile(io.BytesIO(data)):
            raise _refuse("This file is damaged and cannot be read; save it again, then retry.", "corrupt_file")
        if data.startswith(_OLE):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise _refuse(
                    "This Word file is protected by a password; remove the password, then retry.", "encrypted_file"
                )
            raise _refuse(
                "This is an old Word (.doc) or other Office file; save it as DOCX or PDF, then retry.",
                "unsupported_file",
            )
        raise _refuse(
            "This file is not a PDF, DOCX, ODT or text file; save your CV in one of these formats, then retry.",
            "unsupported_file",
        )
    text, warnings = READERS[fmt](data, limits)
    claimed = _EXTENSIONS.get(_extension(filename))
    if claimed != fmt and not (claimed is None and fmt == "text"):
        named = _extension(filename) or "without extension"
        message = f"This file is named {named} but is {_NAMES[fmt]}; it was read as {_NAMES[fmt]}."
        warnings = (DocumentWarning("misnamed", message), *warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > limits.max_chars:
        text = text[: limits.max_chars]
        warnings += (DocumentWarning("cut", f"Only the first {limits.max_chars} characters of this file were read."),)
    if not _LETTER.search(text):
        raise _refuse("This file holds no text; choose the file that holds your CV, then retry.", "empty_file")
    return Document(text=text, format=fmt, warnings=warnings)

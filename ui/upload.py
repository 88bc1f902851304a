"""The CV upload beside the text box: the file is read in memory and its text put in the box to read and edit.

Nothing of the file is kept: its bytes are read once, handed to `Recommender.read_file`, and dropped.
"""

from __future__ import annotations

from typing import Any

from recommender import InputError
from recommender.documents import DEFAULT_LIMITS

from .strings import t

__all__ = ["MAX_UPLOAD_MB", "UPLOAD_TYPES", "read_upload"]

#: File types the upload control offers (the content decides how a file is read, not this list).
UPLOAD_TYPES = ["pdf", "docx", "odt", "txt", "md"]
#: The size limit, in MB: the same in `.streamlit/config.toml` (server.maxUploadSize) and checked here.
MAX_UPLOAD_MB = DEFAULT_LIMITS.max_bytes // (1024 * 1024)
#: The English warnings of `documents.read_document`, by how they start, and the string that translates each.
_WARNINGS = (
    ("This file is named", "file_warn_named"),
    ("This PDF contains scripts", "file_warn_scripts"),
    ("Only the first", "file_warn_cut"),
    ("This text file is not UTF-8", "file_warn_encoding"),
    ("A page of this PDF", "file_warn_page"),
)


def read_upload(engine: Any, name: str, data: bytes, lang: str) -> tuple[str | None, list[str]]:
    """(the text for the box, or None when the file is refused; the translated messages to show)."""
    if len(data) > DEFAULT_LIMITS.max_bytes:
        return None, [t(lang, "err_file_too_large")]
    try:
        document = engine.read_file(data, name)
    except InputError as exc:
        return None, [t(lang, f"err_{exc.reason}")]
    notes = [t(lang, "file_read")]
    for warning in document.warnings:
        notes += [t(lang, key) for prefix, key in _WARNINGS if warning.startswith(prefix)]
    return document.text, notes

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


def read_upload(engine: Any, name: str, data: bytes, lang: str) -> tuple[str | None, list[str]]:
    """(the text for the box, or None when the file is refused; the translated messages to show)."""
    if len(data) > DEFAULT_LIMITS.max_bytes:
        return None, [t(lang, "err_file_too_large")]
    try:
        document = engine.read_file(data, name)
    except InputError as exc:
        return None, [t(lang, f"err_{exc.reason}")]
    notes = [t(lang, "file_read")]
    notes += [t(lang, f"file_warn_{code}") for code in dict.fromkeys(w.code for w in document.warnings)]
    return document.text, notes

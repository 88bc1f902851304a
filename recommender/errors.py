"""The exception tree of the recommender.

    RecommenderError            base class: the CLI, the app and the API catch this one
    ├── InputError              the caller's text or request cannot be used; carries a stable `reason`
    ├── CorpusError             the corpus folder is missing or has no usable role
    ├── IndexStoreError         the persisted index cannot be read or written
    └── ModelError              the embedding model cannot be loaded

Every message names the value at fault and what to do about it. `InputError.reason` is one of
`INPUT_REASONS`, so that a UI or an HTTP API can translate or map the error without re-checking.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "INPUT_REASONS",
    "CorpusError",
    "IndexStoreError",
    "InputError",
    "InputReason",
    "ModelError",
    "RecommenderError",
]

#: Why an input was refused: stable codes, never reworded (the app and the API key on them).
InputReason = Literal[
    "not_text",  # the text is not a string
    "empty",  # nothing but spaces
    "no_words",  # no letters to match
    "bad_encoding",  # bytes that are not UTF-8
    "too_long",  # over a hard size limit (a file, a request body)
    "bad_top_k",  # top_k is not a positive whole number
    "bad_type",  # a filter or preference of the wrong type
    "duplicate",  # the same filter value or preference twice
    "unknown_level",
    "unknown_family",
    "unknown_language",
    "unknown_preference",
    "unknown_wish",
    "bad_batch_line",  # a batch line that is not a JSON object with a text
    "bad_argument",  # a command-line argument that cannot be used
    "bad_json",  # an HTTP request body that is not a JSON object
    "unknown_field",  # an HTTP request body with a field the API does not know
    "unsupported_file",  # a file that is not PDF, DOCX, ODT or text (whatever its name says)
    "scanned_pdf",  # a PDF with no text layer (an image)
    "encrypted_file",  # a file protected by a password
    "corrupt_file",  # a damaged file its reader cannot open
    "empty_file",  # a file with no bytes or no text
    "file_too_large",  # over the size, page or unpacked-size limit
]
INPUT_REASONS: tuple[str, ...] = get_args(InputReason)


class RecommenderError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(RecommenderError, ValueError):
    """The text or request given to the recommender cannot be used; `reason` says why, as a stable code."""

    def __init__(self, message: str, reason: InputReason = "bad_argument") -> None:
        super().__init__(message)
        self.reason: InputReason = reason


class CorpusError(RecommenderError):
    """The corpus cannot be loaded at all."""


class IndexStoreError(RecommenderError):
    """The index cache cannot be read or written."""


class ModelError(RecommenderError):
    """The embedding model cannot be loaded or run."""

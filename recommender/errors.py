"""The exception tree of the recommender.

    RecommenderError            base class: the CLI and the app catch this one
    ├── InputError              the user's text cannot be used (empty, no words, ...)
    ├── CorpusError             the corpus folder is missing or has no usable role
    ├── IndexStoreError         the persisted index cannot be read or written
    └── ModelError              the embedding model cannot be loaded

Every message names the value at fault and what to do about it.
"""

from __future__ import annotations

__all__ = ["CorpusError", "IndexStoreError", "InputError", "ModelError", "RecommenderError"]


class RecommenderError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(RecommenderError, ValueError):
    """The text given to the recommender cannot be used."""


class CorpusError(RecommenderError):
    """The corpus cannot be loaded at all."""


class IndexStoreError(RecommenderError):
    """The index cache cannot be read or written."""


class ModelError(RecommenderError):
    """The embedding model cannot be loaded or run."""

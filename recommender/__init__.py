"""Find your place in AI: recommend AI roles and readings from a free-text description of a working life.

>>> from recommender import Recommender
>>> result = Recommender().recommend("Infirmière depuis quinze ans en réanimation")
>>> [m.role.id for m in result.roles]
"""

from __future__ import annotations

import os

# OpenMP threads (faiss, the e5 engine) spin while idle by default, which starves the other encoder
# and concurrent sessions on a small machine; passive waiting measured far faster under load
# (docs/performance.md). Must be set before those libraries load; a user's own setting wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
# numpy's OpenBLAS helper threads likewise spin for 2^28 cycles (about 0.1 s) after each call by default;
# between the encoder's matrix products a query runs Python (scoring, HTTP) that those spinning helpers
# starve. 2^20 cycles (a fraction of a millisecond) keeps them awake within one encoding and lets them sleep
# between queries: measured 2 to 3.5 times the API throughput under load, and the bare encoder faster too
# (docs/deployment.md). Only how idle threads wait changes, not how the work is split: same vectors.
os.environ.setdefault("OPENBLAS_THREAD_TIMEOUT", "20")

import importlib
from typing import TYPE_CHECKING, Any

from .config import DEFAULT_MODEL, Settings
from .corpus import FAMILIES, LANGS, TECH_LEVELS, Corpus, CorpusIssue, Reading, Role, Text, TextList, load_corpus
from .errors import INPUT_REASONS, CorpusError, IndexStoreError, InputError, ModelError, RecommenderError
from .request import PREFERENCES, Preference, Request
from .results import Evidence, ReadingMatch, Recommendation, RoleMatch

if TYPE_CHECKING:
    from .documents import Document, DocumentLimits, read_document
    from .engine import Recommender
    from .landscape import Landscape, RolePoint

#: Imported on first use: the engine brings faiss and the document readers (0.3 s), which every command
#: would otherwise wait for, those that never use them too (`recommender validate`: 0.44 s against 0.88 s).
_LAZY = {
    "Recommender": ".engine",
    "Document": ".documents",
    "DocumentLimits": ".documents",
    "read_document": ".documents",
    "Landscape": ".landscape",
    "RolePoint": ".landscape",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_MODEL",
    "FAMILIES",
    "INPUT_REASONS",
    "LANGS",
    "PREFERENCES",
    "TECH_LEVELS",
    "Corpus",
    "CorpusError",
    "CorpusIssue",
    "Document",
    "DocumentLimits",
    "Evidence",
    "IndexStoreError",
    "InputError",
    "Landscape",
    "ModelError",
    "Preference",
    "Reading",
    "ReadingMatch",
    "Recommendation",
    "Recommender",
    "Request",
    "RecommenderError",
    "Role",
    "RoleMatch",
    "RolePoint",
    "Settings",
    "Text",
    "TextList",
    "load_corpus",
    "read_document",
]

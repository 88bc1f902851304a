"""Find your place in AI: recommend AI roles and readings from a free-text description of a working life.

>>> from recommender import Recommender
>>> result = Recommender().recommend("Infirmière depuis quinze ans en réanimation")
>>> [m.role.id for m in result.roles]
"""

from __future__ import annotations

from .config import DEFAULT_MODEL, Settings
from .corpus import Corpus, CorpusIssue, Reading, Role, Text, TextList, load_corpus
from .engine import Recommender
from .errors import CorpusError, IndexStoreError, InputError, ModelError, RecommenderError
from .results import Evidence, Preference, ReadingMatch, Recommendation, RoleMatch

__all__ = [
    "DEFAULT_MODEL",
    "Corpus",
    "CorpusError",
    "CorpusIssue",
    "Evidence",
    "IndexStoreError",
    "InputError",
    "ModelError",
    "Preference",
    "Reading",
    "ReadingMatch",
    "Recommendation",
    "Recommender",
    "RecommenderError",
    "Role",
    "RoleMatch",
    "Settings",
    "Text",
    "TextList",
    "load_corpus",
]

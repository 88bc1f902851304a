"""The corpus as the engine searches it: every embedded passage, where each role's fields lie, and the keyword index.

Built once from a `Corpus`, read-only afterwards, and shared by the index build, the role scoring,
the evidence and the reading ranking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .corpus import Corpus
from .keywords import KeywordIndex, analyzer
from .passages import Passage, RoleLayout, reading_passages, role_passages
from .scoring import ScoringParams

__all__ = ["RoleSpace"]


@dataclass(frozen=True)
class RoleSpace:
    """Role and reading passages in index order, with the arrays the scoring functions take."""

    corpus: Corpus
    role_passages: tuple[Passage, ...]
    layout: RoleLayout
    role_owner: np.ndarray
    role_lang: np.ndarray
    role_tokens: tuple[tuple[str, ...], ...]
    keywords: KeywordIndex
    #: (text, language) -> keyword tokens, as the role texts were tokenised.
    analyze: Callable[[str, str], list[str]]
    reading_passages: tuple[Passage, ...]
    reading_owner: np.ndarray
    _field_masks: dict[tuple[str, ...], np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _columns: dict[tuple[int, tuple[str, ...], str | None], np.ndarray] = field(
        default_factory=dict, repr=False, compare=False
    )

    @classmethod
    def of(cls, corpus: Corpus, params: ScoringParams) -> RoleSpace:
        passages = role_passages(corpus.roles)
        analyze = analyzer(params.keyword_analyzer)
        tokens = tuple(tuple(analyze(p.text, p.lang)) for p in passages)
        docs: list[list[str]] = [[] for _ in corpus.roles]
        for passage, passage_tokens in zip(passages, tokens, strict=True):
            docs[passage.owner].extend(passage_tokens)
        readings = reading_passages(corpus.readings)
        return cls(
            corpus=corpus,
            role_passages=tuple(passages),
            layout=RoleLayout.of(passages),
            role_owner=np.array([p.owner for p in passages], dtype=np.int64),
            role_lang=np.array([p.lang for p in passages]),
            role_tokens=tokens,
            keywords=KeywordIndex(docs, idf=params.keyword_idf),
            analyze=analyze,
            reading_passages=tuple(readings),
            reading_owner=np.array([p.owner for p in readings], dtype=np.int64),
        )

    def field_mask(self, fields: tuple[str, ...]) -> np.ndarray:
        """(V,) booleans: which role passages come from one of `fields`; computed once per set of fields."""
        mask = self._field_masks.get(fields)
        if mask is None:
            mask = self._field_masks[fields] = np.array([p.field in fields for p in self.role_passages])
        return mask

    def columns(self, role: int, fields: tuple[str, ...], lang: str | None = None) -> np.ndarray:
        """Positions of one role's passages from `fields` (in `lang`; None: any), in passage order.

        Computed once per role, set of fields and language: every answer asks for them per card.
        """
        key = (role, fields, lang)
        found = self._columns.get(key)
        if found is None:
            mask = self.field_mask(fields) & (self.role_owner == role)
            if lang is not None:
                mask &= self.role_lang == lang
            found = self._columns[key] = np.flatnonzero(mask)
        return found

    @property
    def n_roles(self) -> int:
        return len(self.corpus.roles)

    @property
    def n_readings(self) -> int:
        return len(self.corpus.readings)

    def background_rows(self) -> np.ndarray:
        """Indices of the background passages: the corpus' own profiles, used as held-out queries."""
        return np.array([i for i, p in enumerate(self.role_passages) if p.field == "background"], dtype=np.int64)

"""Reading ranking: readings close to the person's text, and those of the roles they were offered.

Readings that fit the technical level the person accepts come first (a person who will not code gets
no coding course first), then, within each group, those in the reader's language, closest first.

Readings are searched through the `ReadingStore` protocol, so that a vector database can take
FAISS's place without the engine changing.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Protocol

import numpy as np

from .corpus import TECH_LEVELS, Corpus, Reading
from .results import ReadingMatch, RoleMatch
from .vectors import VectorIndex

__all__ = [
    "CANDIDATES",
    "OVERALL_READINGS",
    "READINGS_PER_ROLE",
    "FaissReadingStore",
    "ReadingStore",
    "accepted_levels",
    "overall_readings",
    "reading_level",
    "reading_scores",
    "role_readings",
]

#: Reading passages retrieved per query and encoder; every one in a corpus of this size or less.
CANDIDATES = 200
READINGS_PER_ROLE = 4
OVERALL_READINGS = 8
#: The score of a linked reading the search did not retrieve (about three standard deviations down).
UNSEEN = -3.0
#: The boost a reading gets from being linked to the role ranked r (0-based): ROLE_BOOST / (1 + r).
ROLE_BOOST = 1.5
#: Preferences that say the person will not code: readings that only code-level roles need go last.
NO_CODE_PREFERENCES = frozenset({"no-code", "no-code-stated"})


def reading_level(corpus: Corpus, reading: Reading) -> str | None:
    """The technical level a reading asks for: the least technical of the roles it serves (None: it serves none)."""
    return corpus.reading_level(reading.id)


def accepted_levels(levels: Collection[str], preferences: Collection[str]) -> frozenset[str]:
    """The technical levels of reading a person accepts: the level filter if any, no `code` if they will not code."""
    accepted = frozenset(levels or TECH_LEVELS)
    return accepted - {"code"} if NO_CODE_PREFERENCES & set(preferences) and accepted != {"code"} else accepted


class ReadingStore(Protocol):
    """Nearest reading passages to query vectors."""

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of the k nearest passages per query row, best first; ids are -1 past the end."""
        ...


class FaissReadingStore:
    """A `ReadingStore` over one FAISS index of reading passages (exact or approximate)."""

    def __init__(self, index: VectorIndex) -> None:
        self.index = index

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        scores, ids = self.index.search(vectors, k)
        return ids, scores


def reading_scores(
    stores: Sequence[ReadingStore], owner: np.ndarray, n_readings: int, text_vectors: Sequence[np.ndarray]
) -> dict[int, float]:
    """How close each retrieved reading is to the whole text: z-scored per encoder, then averaged.

    text_vectors[e]: (U, d) the text's units for encoder e, whole text first; a reading's score is
    that of its best passage. Returns {reading position: score} for the readings retrieved.
    """
    total, count = np.zeros(n_readings), np.zeros(n_readings)
    for store, units in zip(stores, text_vectors, strict=True):
        ids, sims = store.search(units[:1], CANDIDATES)
        keep = ids[0] >= 0
        best = np.full(n_readings, -np.inf)
        np.maximum.at(best, owner[ids[0][keep]], sims[0][keep].astype(np.float64))
        seen = np.isfinite(best)
        values = best[seen]
        mean, std = (values.mean(), values.std() or 1.0) if len(values) else (0.0, 1.0)
        total[seen] += (values - mean) / std
        count[seen] += 1
    scored = np.flatnonzero(count)
    return dict(zip(scored.tolist(), (total[scored] / count[scored]).tolist(), strict=True))


def _ranked(
    corpus: Corpus,
    ids: Sequence[str],
    scores: dict[int, float],
    boost: dict[str, float],
    language: str | None,
    reader: str,
    limit: int,
    accepted: frozenset[str] = frozenset(TECH_LEVELS),
) -> list[ReadingMatch]:
    """The first `limit` readings: those at an accepted level first, then the reader's language, then closest."""
    keyed = []
    for rid in ids:
        pos = corpus.reading_position(rid)
        reading = corpus.readings[pos]
        if language and reading.language != language:
            continue
        score = scores.get(pos, UNSEEN) + boost.get(rid, 0.0)
        level = corpus.reading_level(rid)
        too_technical = level is not None and level not in accepted
        keyed.append((too_technical, reading.language != reader, -score, reading.id, pos, score))
    keyed.sort()
    return [ReadingMatch(corpus.readings[pos], score) for *_, pos, score in keyed[:limit]]


def role_readings(
    corpus: Corpus,
    role_id: str,
    scores: dict[int, float],
    language: str | None,
    reader: str,
    accepted: frozenset[str] = frozenset(TECH_LEVELS),
) -> tuple[ReadingMatch, ...]:
    """A role's own readings: at an accepted level first, then in the reader's language, closest to the text first."""
    found = _ranked(corpus, corpus.readings_of(role_id), scores, {}, language, reader, READINGS_PER_ROLE, accepted)
    return tuple(found)


def overall_readings(
    corpus: Corpus,
    roles: Sequence[RoleMatch],
    scores: dict[int, float],
    language: str | None,
    reader: str,
    accepted: frozenset[str] = frozenset(TECH_LEVELS),
) -> tuple[ReadingMatch, ...]:
    """Readings of the top roles first (weighted by rank), then other close readings."""
    boost: dict[str, float] = {}
    for rank, match in enumerate(roles):
        for rid in corpus.readings_of(match.role.id):
            boost[rid] = max(boost.get(rid, 0.0), ROLE_BOOST / (1 + rank))
    candidates = sorted(set(boost) | {corpus.readings[p].id for p in scores})
    return tuple(_ranked(corpus, candidates, scores, boost, language, reader, OVERALL_READINGS, accepted))

"""Typed results of a recommendation, and their stable JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .calibration import Band, Fit, band_of, fit_of
from .corpus import Reading, Role, TextList
from .wishes import StatedWish

__all__ = ["Evidence", "ReadingMatch", "Recommendation", "RoleMatch"]


@dataclass(frozen=True)
class Evidence:
    """One sentence of the user's text and the part of a role it matched."""

    sentence: str
    field: str
    matched: str
    lang: str
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "field": self.field,
            "matched": self.matched,
            "similarity": round(self.similarity, 4),
        }


@dataclass(frozen=True)
class ReadingMatch:
    """A reading and how well it fits the user's text."""

    reading: Reading
    score: float

    def to_dict(self) -> dict[str, Any]:
        r = self.reading
        return {
            "id": r.id,
            "title": r.title,
            "url": r.url,
            "score": round(self.score, 4),
            "source": r.source,
            "language": r.language,
            "kind": r.kind,
            "level": r.level,
            "roles": list(r.roles),
        }


@dataclass(frozen=True)
class RoleMatch:
    """A recommended role: its score, a calibrated match in [0, 1], the evidence and readings."""

    role: Role
    score: float
    match: float
    evidence: tuple[Evidence, ...]
    readings: tuple[ReadingMatch, ...]
    #: The role's `skills_have` that the person's text supports, per language (subsets of `role.skills_have`).
    skills_held: TextList = TextList((), ())

    @property
    def band(self) -> Band:
        """The plain-words band of the match: strong, good or possible."""
        return band_of(self.match)

    def to_dict(self, lang: str) -> dict[str, Any]:
        r = self.role
        return {
            "id": r.id,
            "title": r.title.get(lang),
            "score": round(self.score, 4),
            "match": round(self.match, 4),
            "band": self.band,
            "family": r.family,
            "technical_level": r.technical_level,
            "transition_effort": r.transition_effort,
            "summary": r.summary.get(lang),
            "evidence": [e.to_dict() for e in self.evidence],
            "skills_held": list(self.skills_held.get(lang)),
            "readings": [m.reading.id for m in self.readings],
        }


@dataclass(frozen=True)
class Recommendation:
    """Everything one query returns. `language` is the guessed language of the user's text."""

    query: str
    language: Literal["fr", "en"]
    roles: tuple[RoleMatch, ...]
    readings: tuple[ReadingMatch, ...]
    truncated: bool = False
    preferences: tuple[str, ...] = ()
    retriever: str = "hybrid"
    #: Wishes read from the text and applied to the ranking (those the request did not turn off).
    wishes: tuple[StatedWish, ...] = ()
    #: The chance that the text speaks of a working life at all (calibration.Calibration.about_work).
    about_work: float = 1.0

    @property
    def fit(self) -> Fit:
        """How well the best role fits the text: good, weak (closest places only) or nothing (not about work)."""
        words = len(self.query.split())
        return fit_of(max((m.match for m in self.roles), default=None), self.about_work, words)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON contract: query, language, fit, roles (best first), readings."""
        shown = lang or self.language
        return {
            "query": self.query,
            "language": self.language,
            "fit": self.fit,
            "about_work": round(self.about_work, 4),
            "retriever": self.retriever,
            "truncated": self.truncated,
            "preferences": list(self.preferences),
            "wishes": [{"wish": w.wish, "sentence": w.sentence} for w in self.wishes],
            "roles": [m.to_dict(shown) for m in self.roles],
            "readings": [m.to_dict() for m in self.readings],
        }

"""The texts that get embedded: several passages per role, one per language per reading."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .corpus import LANGS, Reading, Role
from .scoring import FIELDS

__all__ = ["Passage", "RoleLayout", "reading_passages", "role_passages"]


@dataclass(frozen=True)
class Passage:
    """One embedded text: which role or reading owns it, from which field, in which language."""

    owner: int
    field: str
    lang: str
    text: str


def _role_field_texts(role: Role, field: str, lang: str) -> list[str]:
    if field == "title":
        alts = role.alt_titles.get(lang)
        return [role.title.get(lang) + (" — " + ", ".join(alts) if alts else "")]
    if field == "summary":
        return [role.summary.get(lang)]
    if field == "description":
        return [role.description.get(lang)]
    if field == "task":
        return list(role.tasks.get(lang))
    if field == "skill":
        return list(role.skills_have.get(lang))
    if field == "background":
        return list(role.backgrounds.get(lang))
    raise ValueError(f"unknown field {field!r}")


def role_passages(roles: tuple[Role, ...]) -> list[Passage]:
    """Every role passage, grouped by (role, field) so that each group is a contiguous segment."""
    out: list[Passage] = []
    for owner, role in enumerate(roles):
        for field in FIELDS:
            for lang in LANGS:
                out.extend(Passage(owner, field, lang, t) for t in _role_field_texts(role, field, lang) if t)
    return out


def reading_passages(readings: tuple[Reading, ...]) -> list[Passage]:
    """One passage per reading and language: title, summary and tags."""
    out: list[Passage] = []
    for owner, reading in enumerate(readings):
        for lang in LANGS:
            text = f"{reading.title}. {reading.summary.get(lang)} ({', '.join(reading.tags)})"
            out.append(Passage(owner, "reading", lang, text))
    return out


@dataclass(frozen=True)
class RoleLayout:
    """Where each (role, field) segment starts among the role passages."""

    starts: np.ndarray
    seg_owner: np.ndarray
    seg_field: np.ndarray

    @classmethod
    def of(cls, passages: list[Passage]) -> RoleLayout:
        starts, owners, fields = [], [], []
        previous: tuple[int, str] | None = None
        for i, p in enumerate(passages):
            key = (p.owner, p.field)
            if key != previous:
                starts.append(i)
                owners.append(p.owner)
                fields.append(FIELDS.index(p.field))
                previous = key
        return cls(np.array(starts, dtype=np.int64), np.array(owners, dtype=np.int64), np.array(fields, dtype=np.int64))

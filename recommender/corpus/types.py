"""The corpus' typed data: roles, readings, their bilingual texts, and the problems met loading them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

__all__ = [
    "EFFORTS",
    "FAMILIES",
    "LANGS",
    "LEVELS",
    "READING_KINDS",
    "TECH_LEVELS",
    "Corpus",
    "CorpusIssue",
    "Effort",
    "Family",
    "Lang",
    "Level",
    "Reading",
    "ReadingKind",
    "Role",
    "TechLevel",
    "Text",
    "TextList",
]

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
Family = Literal[
    "technical",
    "law-ethics-society",
    "adoption-people",
    "creative-communication",
    "business",
    "applied-domain",
]
FAMILIES: tuple[str, ...] = get_args(Family)
TechLevel = Literal["no-code", "low-code", "code"]
TECH_LEVELS: tuple[str, ...] = get_args(TechLevel)
Effort = Literal["weeks", "months", "years"]
EFFORTS: tuple[str, ...] = get_args(Effort)
ReadingKind = Literal["article", "course", "book", "video", "regulation", "guide", "report", "paper", "podcast", "tool"]
READING_KINDS: tuple[str, ...] = get_args(ReadingKind)
Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[str, ...] = get_args(Level)


@dataclass(frozen=True)
class Text:
    """One text in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class TextList:
    """A list of short texts in French and English (the two lists may differ in length)."""

    fr: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: str) -> tuple[str, ...]:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Role:
    """An AI role a person can grow into."""

    id: str
    family: Family
    technical_level: TechLevel
    transition_effort: Effort
    title: Text
    alt_titles: TextList
    summary: Text
    description: Text
    tasks: TextList
    skills_have: TextList
    skills_learn: TextList
    backgrounds: TextList
    first_steps: TextList
    readings: tuple[str, ...] = ()
    #: ISCO-08 code (2 to 4 digits) of each background, parallel to `backgrounds`; "" where not recorded.
    background_isco: TextList = TextList((), ())
    related_roles: tuple[str, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class Reading:
    """A real, public resource that helps toward one or more roles."""

    id: str
    title: str
    url: str
    source: str
    language: Lang
    kind: ReadingKind
    level: Level
    summary: Text
    tags: tuple[str, ...]
    roles: tuple[str, ...]
    checked: str
    author: str = ""
    #: How the address was confirmed (which search, what it returned), not only when.
    checked_how: str = ""
    path: str = ""


@dataclass(frozen=True)
class CorpusIssue:
    """One validation problem, located by file and field."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Corpus:
    """The validated roles and readings, with the problems met while loading them."""

    roles: tuple[Role, ...]
    readings: tuple[Reading, ...]
    issues: tuple[CorpusIssue, ...] = ()
    skipped_files: tuple[str, ...] = ()
    fingerprint: str = ""
    _role_by_id: dict[str, Role] = field(default_factory=dict, repr=False, compare=False)
    _reading_by_id: dict[str, Reading] = field(default_factory=dict, repr=False, compare=False)
    _readings_of_role: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _reading_pos: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    _reading_levels: dict[str, str | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._role_by_id.update({r.id: r for r in self.roles})
        self._reading_by_id.update({r.id: r for r in self.readings})
        self._reading_pos.update({r.id: i for i, r in enumerate(self.readings)})
        links: dict[str, list[str]] = {r.id: [x for x in r.readings if x in self._reading_by_id] for r in self.roles}
        for reading in self.readings:
            for role_id in reading.roles:
                if role_id in links and reading.id not in links[role_id]:
                    links[role_id].append(reading.id)
        self._readings_of_role.update({k: tuple(v) for k, v in links.items()})

    def role(self, role_id: str) -> Role:
        return self._role_by_id[role_id]

    def reading(self, reading_id: str) -> Reading:
        return self._reading_by_id[reading_id]

    def reading_position(self, reading_id: str) -> int:
        """Where a reading stands in `readings` (and in the reading index)."""
        return self._reading_pos[reading_id]

    def reading_level(self, reading_id: str) -> str | None:
        """The technical level a reading asks for: the least technical of the roles it serves that this corpus
        holds (None: it serves none). Worked out once per reading: every answer ranks readings by it."""
        if reading_id not in self._reading_levels:
            roles = (self._role_by_id[r] for r in self.reading(reading_id).roles if r in self._role_by_id)
            levels = {role.technical_level for role in roles}
            self._reading_levels[reading_id] = next((level for level in TECH_LEVELS if level in levels), None)
        return self._reading_levels[reading_id]

    def readings_of(self, role_id: str) -> tuple[str, ...]:
        """Reading ids linked to a role, from either side of the link."""
        return self._readings_of_role.get(role_id, ())

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> dict[str, Any]:
        """The figures `recommender validate --json` prints."""
        by_lang = {lang: sum(1 for r in self.readings if r.language == lang) for lang in LANGS}
        return {
            "roles": len(self.roles),
            "readings": len(self.readings),
            "readings_by_language": by_lang,
            "role_ids": [r.id for r in self.roles],
            "errors": [i.to_dict() for i in self.issues],
        }

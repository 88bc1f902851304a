"""Every acceptance figure of the honesty issue, on one split of the labelled sets.

    python eval/check_honesty.py [--split heldout|dev] [--json OUT] [--sweep]

Prints, for the split's personas plus its texts about nothing (eval/nonwork.jsonl): the precision
of the first answer in each match band and how the texts about nothing are answered; how the texts
about work that say nothing of it (eval/vague.jsonl: "I'm looking for a job") are answered, measured
only (they are in no band figure, and the work gate is not fitted on them); for the
won't-code narratives (eval/wont-code.jsonl): the share with no code-level role in the top three,
hit@3 on their expected roles and the share whose first readings are not coding ones; the
precision and recall of shown evidence (eval/evidence.jsonl) and of held skills
(eval/skills.jsonl); and, on the split's short job titles (eval/short-titles.jsonl, labelled blind
to the engine; the dev half is among the texts the match is fitted on), the precision of first
answers per band, then on the split and on all titles the share whose language is right and the
share answered. --sweep adds the precision and recall of evidence and skills at other thresholds (how
EVIDENCE_THRESHOLD and SKILL_THRESHOLD were chosen, on dev).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from recommender import Recommender, Request, Settings, explain, skills
from recommender.evaluate import Persona, band_precision, load_personas
from recommender.honesty_eval import (
    evidence_precision,
    load_evidence,
    load_skill_labels,
    skills_precision,
    title_languages,
)
from recommender.readings import reading_level

ROOT = Path(__file__).resolve().parent.parent


def _lines(name: str, split: str) -> list[dict]:
    rows = [json.loads(line) for line in (ROOT / "eval" / name).read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r.get("split") == split]


def _titles(split: str) -> list[Persona]:
    """The split's short job titles with the roles an adviser would defend (labelled blind to the engine)."""
    rows = _lines("short-titles.jsonl", split)
    return [Persona(f"title-{i}", r["lang"], r["text"], tuple(r["expect"]), False, "title") for i, r in enumerate(rows)]


def _brief(found: dict) -> dict:
    return {k: found[k] for k in ("pairs", "shown", "precision", "recall")} | {"wrong": found["wrongly_shown"]}


def _sweep(rec: Recommender, split: str) -> dict:
    """Evidence and skill precision / recall at other thresholds (the module constants, set for a moment)."""
    out: dict = {"evidence": {}, "skills": {}}
    pairs, labels = load_evidence(split=split), load_skill_labels(split=split)
    kept = explain.EVIDENCE_THRESHOLD, skills.SKILL_THRESHOLD
    try:
        for t in (0.15, 0.18, 0.2, 0.22, 0.25, 0.28, 0.3):
            explain.EVIDENCE_THRESHOLD = t
            found = evidence_precision(rec, pairs)
            out["evidence"][t] = [found["precision"], found["recall"]]
        explain.EVIDENCE_THRESHOLD = kept[0]
        for t in (0.22, 0.25, 0.27, 0.3, 0.33, 0.36, 0.4):
            skills.SKILL_THRESHOLD = t
            found = skills_precision(rec, labels)
            out["skills"][t] = [found["precision"], found["recall"]]
    finally:
        explain.EVIDENCE_THRESHOLD, skills.SKILL_THRESHOLD = kept
    return out


def _fits(rec: Recommender, rows: list[dict], bands: dict[str, list[int]] | None = None) -> dict:
    """How texts no role fits are answered: their fits, and how many show a role in the strong band.

    With `bands`, each first answer is also counted there as a wrong one.
    """
    fit = {"good": 0, "weak": 0, "nothing": 0}
    strong = 0
    for row in rows:
        result = rec.recommend(Request(row["text"], top_k=3))
        fit[result.fit] += 1
        strong += any(m.band == "strong" for m in result.roles)
        if bands is not None:
            bands[result.roles[0].band][0] += 1
    return {"n": len(rows), "fit": fit, "with_a_strong_role": strong}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("heldout", "dev"), default="heldout")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--sweep", action="store_true", help="evidence and skill figures at other thresholds")
    args = parser.parse_args()
    rec = Recommender(Settings.from_env(progress=False))
    personas = load_personas(
        ROOT / "eval" / ("personas-heldout.jsonl" if args.split == "heldout" else "personas.jsonl")
    )
    by_band = band_precision(rec, personas)
    bands = {band: [int(b["n"]), round(b["n"] * b["precision"])] for band, b in by_band.items()}
    nothing = _lines("nonwork.jsonl", args.split)
    nothing_report = _fits(rec, nothing, bands)  # a first answer to a text about nothing is never acceptable
    vague_report = _fits(rec, _lines("vague.jsonl", args.split))  # measured only: the gate is not fitted on them
    wont = _lines("wont-code.jsonl", args.split)
    no_code_top3 = hit3 = no_coding_reading_first = 0
    for row in wont:
        result = rec.recommend(Request(row["text"], top_k=3))
        top = result.roles
        no_code_top3 += all(m.role.technical_level != "code" for m in top)
        hit3 += any(m.role.id in row["expect"] for m in top)
        firsts = [lst[0].reading for lst in (result.readings, *(m.readings for m in top)) if lst]
        no_coding_reading_first += all(reading_level(rec.corpus, r) != "code" for r in firsts)
    persona_fit = {"good": 0, "weak": 0, "nothing": 0}
    for p in personas:
        persona_fit[rec.recommend(Request(p.text, top_k=1)).fit] += 1
    report = {
        "split": args.split,
        "bands": {b: {"n": n, "precision": round(ok / n, 4) if n else None} for b, (n, ok) in bands.items()},
        "nonwork": nothing_report,
        "vague_work": vague_report,
        "personas_fit": persona_fit,
        "wont_code": {
            "n": len(wont),
            "no_code_role_in_top3": round(no_code_top3 / len(wont), 4),
            "hit@3": round(hit3 / len(wont), 4),
            "no_coding_reading_first": round(no_coding_reading_first / len(wont), 4),
        },
        "evidence": {
            "all_roles": _brief(evidence_precision(rec, load_evidence(split=args.split))),
            "top5_cards": _brief(evidence_precision(rec, load_evidence(split=args.split), top_k=5)),
            "threshold": explain.EVIDENCE_THRESHOLD,
        },
        "skills_held": {
            **skills_precision(rec, load_skill_labels(split=args.split)),
            "threshold": skills.SKILL_THRESHOLD,
        },
        "short_title_bands": band_precision(rec, _titles(args.split)),
        "short_titles": title_languages(rec, split=args.split),
        "short_titles_all": title_languages(rec),
    }
    if args.sweep:
        report["sweep"] = _sweep(rec, args.split)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Evaluation harness: ranking metrics on a labelled persona set, the engine and the bm25 baseline side by side."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from .config import Settings
from .errors import InputError
from .scoring import ScoringParams

__all__ = [
    "RETRIEVERS",
    "Persona",
    "breakdown",
    "format_report",
    "load_personas",
    "metrics",
    "rank_personas",
    "run_eval",
]

DEFAULT_SET = Path(__file__).resolve().parent.parent / "eval" / "personas.jsonl"


@dataclass(frozen=True)
class Persona:
    """A labelled description: the roles a career adviser would put first."""

    id: str
    lang: str
    text: str
    expect: tuple[str, ...]
    hard: bool
    #: "core" (the first sets), "new-role" (the roles added for coverage) or "ordinary" (any working life).
    group: str = "core"
    #: ISCO-08 code of the person's occupation, where recorded.
    isco: str = ""


def load_personas(path: str | Path | None = None) -> list[Persona]:
    """Read a JSON lines persona file; a malformed line is an InputError naming the line."""
    target = Path(path) if path else DEFAULT_SET
    try:
        lines = target.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read persona set {str(target)!r}: {exc}") from exc
    personas = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            personas.append(
                Persona(
                    id=str(obj.get("id", f"line-{number}")),
                    lang=str(obj["lang"]),
                    text=str(obj["text"]),
                    expect=tuple(obj["expect"]),
                    hard=bool(obj.get("hard", False)),
                    group=str(obj.get("group", "core")),
                    isco=str(obj.get("isco", "")),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{target.name} line {number}: expected {{lang, text, expect}} ({exc})") from exc
    return personas


def metrics(rankings: Sequence[Sequence[str]], expected: Sequence[Sequence[str]]) -> dict[str, float]:
    """hit@1, hit@3, MRR and top-1 concentration of ranked role ids against expected ids."""
    n = len(rankings)
    if n == 0:
        return {"n": 0, "hit@1": 0.0, "hit@3": 0.0, "mrr": 0.0, "top1_concentration": 0.0}
    hit1 = hit3 = rr = 0.0
    for ranked, want in zip(rankings, expected, strict=True):
        ranks = [i for i, role in enumerate(ranked) if role in want]
        first = ranks[0] if ranks else None
        hit1 += first == 0
        hit3 += first is not None and first < 3
        rr += 1.0 / (first + 1) if first is not None else 0.0
    top1 = Counter(r[0] for r in rankings if r)
    return {
        "n": n,
        "hit@1": round(hit1 / n, 4),
        "hit@3": round(hit3 / n, 4),
        "mrr": round(rr / n, 4),
        "top1_concentration": round(max(top1.values()) / n, 4) if top1 else 0.0,
    }


#: The role that may accompany a sector role for hands-on work, but must not be what carries a hit.
CHAMPION = "ai-frontline-champion"


def breakdown(personas: Sequence[Persona], rankings: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Metrics per language, per language on the hard half, per persona group and language, and overall.

    `<lang>-ordinary-nochamp` scores the ordinary group with the champion role not counted as a hit.
    """
    groups: dict[str, list[int]] = {"overall": list(range(len(personas)))}
    for lang in ("fr", "en"):
        groups[lang] = [i for i, p in enumerate(personas) if p.lang == lang]
        groups[f"{lang}-hard"] = [i for i, p in enumerate(personas) if p.lang == lang and p.hard]
    groups["hard"] = [i for i, p in enumerate(personas) if p.hard]
    for group in sorted({p.group for p in personas} - {"core"}):
        for lang in ("fr", "en"):
            groups[f"{lang}-{group}"] = [i for i, p in enumerate(personas) if p.lang == lang and p.group == group]
    out = {name: metrics([rankings[i] for i in idx], [personas[i].expect for i in idx]) for name, idx in groups.items()}
    for lang in ("fr", "en"):
        idx = groups.get(f"{lang}-ordinary", [])
        if idx:
            expect = [tuple(e for e in personas[i].expect if e != CHAMPION) for i in idx]
            out[f"{lang}-ordinary-nochamp"] = metrics([rankings[i] for i in idx], expect)
    return out


def rank_personas(
    score: Callable[[str], np.ndarray], ids: Sequence[str], personas: Sequence[Persona]
) -> tuple[list[list[str]], float]:
    started = time.perf_counter()
    rankings = []
    for p in personas:
        scores = score(p.text)
        order = np.lexsort((np.arange(len(scores)), -scores))
        rankings.append([ids[i] for i in order])
    return rankings, time.perf_counter() - started


RETRIEVERS = ("hybrid", "dense", "bm25")


def run_eval(
    settings: Settings,
    set_path: str | Path | None = None,
    retriever: str = "all",
    limit: int | None = None,
    params: ScoringParams | None = None,
) -> dict[str, Any]:
    """Score every persona with the chosen retrievers; return the metrics report.

    `hybrid` is the engine as shipped (dense encoders fused with keywords), `dense` the same
    engine with the keyword signal off, `bm25` the keyword baseline alone; `all` runs the three.
    """
    chosen = RETRIEVERS if retriever == "all" else (retriever,)
    personas = load_personas(set_path)[: limit or None]
    report: dict[str, Any] = {"set": str(set_path or DEFAULT_SET), "personas": len(personas), "model": settings.model}
    rankers: dict[str, tuple[Callable[[str], np.ndarray], list[str]]] = {}
    if "hybrid" in chosen or "dense" in chosen:
        from .engine import Recommender

        rec = Recommender(settings, params=params)
        ids = [r.id for r in rec.corpus.roles]
        unknown = sorted({e for p in personas for e in p.expect} - set(ids))
        if unknown:
            raise InputError(f"persona set expects unknown role ids: {', '.join(unknown)}; check --set and --corpus")
        if "hybrid" in chosen:
            rankers["hybrid"] = (rec.score_roles, ids)
        if "dense" in chosen:
            dense = replace(rec.params, keyword_weight=0.0)
            rankers["dense"] = (lambda text: rec.score_roles(text, params=dense), ids)
    if "bm25" in chosen:
        from .bm25 import KeywordRetriever
        from .corpus import load_corpus

        bm25 = KeywordRetriever(load_corpus(settings.corpus_dir))
        rankers["bm25"] = (bm25.score_roles, [r.id for r in bm25.corpus.roles])
    for name, (score, ids) in rankers.items():
        if name != "bm25":
            rec.clear_memo()  # dense reuses hybrid's texts: time the encoders, not the memo
        rankings, seconds = rank_personas(score, ids, personas)
        report[name] = breakdown(personas, rankings)
        report[name]["seconds"] = round(seconds, 2)
        if name == "hybrid":
            report["bands"] = band_precision(rec, personas)
        if name == chosen[0]:
            report["misses"] = [
                {"id": p.id, "expect": list(p.expect), "got": r[:3]}
                for p, r in zip(personas, rankings, strict=True)
                if not set(r[:3]) & set(p.expect)
            ]
    return report


def band_precision(rec: Any, personas: Sequence[Persona]) -> dict[str, dict[str, float]]:
    """For the engine's first answers, per match band: how many, and the share an adviser accepts."""
    from .calibration import BANDS
    from .request import Request

    counts = {band: [0, 0] for band, _ in BANDS}
    for p in personas:
        first = rec.recommend(Request(p.text, top_k=1)).roles[0]
        counts[first.band][0] += 1
        counts[first.band][1] += first.role.id in p.expect
    return {band: {"n": n, "precision": round(ok / n, 4) if n else 0.0} for band, (n, ok) in counts.items()}


def format_report(report: dict[str, Any]) -> str:
    """A plain table: one row per retriever and group."""
    lines = [f"{report['personas']} personas from {report['set']} · model {report['model']}", ""]
    lines.append(f"{'retriever':<9} {'group':<20} {'n':>4} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'top1 conc.':>10}")
    for name in RETRIEVERS:
        if name not in report:
            continue
        for group, m in report[name].items():
            if group == "seconds":
                continue
            figures = f"{m['hit@1']:>6.3f} {m['hit@3']:>6.3f} {m['mrr']:>6.3f} {m['top1_concentration']:>10.3f}"
            lines.append(f"{name:<9} {group:<20} {m['n']:>4} {figures}")
    if "bands" in report:
        cells = ", ".join(f"{band} {b['n']} at {b['precision']:.3f}" for band, b in report["bands"].items())
        lines.append(f"first answers by match band (n at precision): {cells}")
    for name in ("hybrid", "dense"):
        if name in report and "bm25" in report:
            gain = report[name]["hard"]["hit@3"] - report["bm25"]["hard"]["hit@3"]
            lines.append(f"{name} - bm25 hit@3 on the hard half: {gain:+.3f}")
    return "\n".join(lines)

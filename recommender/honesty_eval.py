"""Honesty measurements on labelled sets: shown evidence, held skills, short job titles.

Each function runs the real engine as a user would (`Recommender.recommend`) and compares what it
shows with labels written by hand in eval/: evidence.jsonl (sentence, role, supportive or not),
skills.jsonl (text, role, skill, held or not) and short-titles.jsonl (title, language).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .request import Request

__all__ = [
    "EVAL_DIR",
    "EvidencePair",
    "SkillLabel",
    "evidence_precision",
    "load_evidence",
    "load_skill_labels",
    "skills_precision",
    "title_languages",
]

EVAL_DIR = Path(__file__).resolve().parent.parent / "eval"


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class EvidencePair:
    """One sentence of a short text (its group), a role, and whether the sentence is a reason for that role."""

    group: str
    split: str
    lang: str
    sentence: str
    role: str
    supportive: bool


def load_evidence(path: Path | None = None, split: str | None = None) -> list[EvidencePair]:
    """The labelled evidence pairs, optionally one split ("dev" or "heldout")."""
    pairs = [EvidencePair(**row) for row in _rows(path or EVAL_DIR / "evidence.jsonl")]
    return [p for p in pairs if split is None or p.split == split]


def _group_texts(pairs: list[EvidencePair]) -> dict[str, str]:
    """Each group's text: its distinct sentences in file order, one after the other."""
    sentences: dict[str, list[str]] = defaultdict(list)
    for p in pairs:
        if p.sentence not in sentences[p.group]:
            sentences[p.group].append(p.sentence)
    return {group: " ".join(s) for group, s in sentences.items()}


def evidence_precision(rec: Any, pairs: list[EvidencePair], top_k: int | None = None) -> dict[str, Any]:
    """Precision and recall of the quotes the engine shows, on the labelled pairs.

    top_k None: every role is answered (each labelled role gets its card); otherwise only the
    roles of the first `top_k` cards are shown, as in the app. A pair counts as shown when its
    sentence is quoted on its role's card.
    """
    texts = _group_texts(pairs)
    k = top_k or len(rec.corpus.roles)
    quoted: dict[str, dict[str, set[str]]] = {}
    for group, text in texts.items():
        result = rec.recommend(Request(text, top_k=k))
        quoted[group] = {m.role.id: {e.sentence for e in m.evidence} for m in result.roles}
    shown = [p for p in pairs if p.sentence in quoted[p.group].get(p.role, set())]
    supportive = [p for p in pairs if p.supportive]
    right = sum(p.supportive for p in shown)
    return {
        "pairs": len(pairs),
        "shown": len(shown),
        "precision": round(right / len(shown), 4) if shown else None,
        "recall": round(right / len(supportive), 4) if supportive else None,
        "wrongly_shown": [{"role": p.role, "sentence": p.sentence} for p in shown if not p.supportive],
    }


@dataclass(frozen=True)
class SkillLabel:
    """Whether a text shows that its writer already has one of a role's skills (by its position in skills_have)."""

    split: str
    lang: str
    text: str
    role: str
    skill: int
    held: bool


def load_skill_labels(path: Path | None = None, split: str | None = None) -> list[SkillLabel]:
    labels = [SkillLabel(**row) for row in _rows(path or EVAL_DIR / "skills.jsonl")]
    return [s for s in labels if split is None or s.split == split]


def skills_precision(rec: Any, labels: list[SkillLabel]) -> dict[str, Any]:
    """Precision and recall of `RoleMatch.skills_held` on the labelled (text, role, skill) triples."""
    held_by: dict[tuple[str, str], set[str]] = {}
    for text in dict.fromkeys(s.text for s in labels):
        result = rec.recommend(Request(text, top_k=len(rec.corpus.roles)))
        for m in result.roles:
            held_by[(text, m.role.id)] = set(m.skills_held.get(result.language))
    shown, right = 0, 0
    for s in labels:
        if rec.corpus.role(s.role).skills_have.get(s.lang)[s.skill] in held_by[(s.text, s.role)]:
            shown += 1
            right += s.held
    held = sum(s.held for s in labels)
    return {
        "labels": len(labels),
        "shown": shown,
        "precision": round(right / shown, 4) if shown else None,
        "recall": round(right / held, 4) if held else None,
    }


def title_languages(rec: Any, path: Path | None = None, split: str | None = None) -> dict[str, Any]:
    """On short job titles, per language: the share whose language is guessed right, the share answered with
    roles, and the share whose fit is "nothing" (the app then asks for a working life, roles one click away).

    The dev half of the titles is among the texts the match is fitted on (`calibration.DEFAULT_SETS`);
    `split` keeps one half.
    """
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in _rows(path or EVAL_DIR / "short-titles.jsonl"):
        if split is not None and row.get("split") != split:
            continue
        result = rec.recommend(Request(row["text"], top_k=3))
        c = counts[row["lang"]]
        c[0] += 1
        c[1] += result.language == row["lang"]
        c[2] += bool(result.roles)
        c[3] += result.fit == "nothing"
    return {
        lang: {
            "n": n,
            "language_right": round(ok / n, 4),
            "answered": round(answered / n, 4),
            "fit_nothing": round(nothing / n, 4),
        }
        for lang, (n, ok, answered, nothing) in sorted(counts.items())
    }

